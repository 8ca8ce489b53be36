"""Linking claims across articles: the same statement or the same event, reported twice.

Where each rule lives:

* ``tokens``      normalised content tokens of a claim's text (`content_tokens`);
* ``scoring``     verification of a candidate pair (`score_pair`, `decide`);
* ``signatures``  the MinHash-LSH index in the database (``ClaimSignature``), the bounded candidate
                  lookup and its one raw SQL statement (with the ORM path beside it);
* ``services``    writes: `link_new_claims`, `join_groups`, `relink`, editors' `confirm_link` /
                  `reject_link` (permission ``claims.change_claimlink``);
* ``selectors``   reads (`pending_suggestions`);
* ``params``      the thresholds and sizes, measured in tests/linking and bench/bench_linking.py
                  (the semantic threshold in bench/bench_linking_semantic.py).

Semantic candidates come from above: ``services`` sends ``claims.signals.semantic_candidates`` and
integrations answers from its sentence-embedding index (every claim, written as claims are linked).
They only ever make *suggested* links, and none for a contradiction; without a receiver or the model
the linking is lexical.

The names below are re-exported for callers; patch parameters on ``claims.linking.params``.
"""

from .params import (
    AUTO_THRESHOLD,
    BANDS,
    BATCH,
    BUCKET_CAP,
    MAX_LINKS,
    MAX_VERIFY,
    METHOD,
    NUM_PERM,
    ROWS,
    SUGGEST_THRESHOLD,
)
from .scoring import decide, score_pair, similarity
from .selectors import LinkedClaim, links_for_claim, pending_suggestions
from .services import LinkAlreadyDecided, confirm_link, join_groups, link_new_claims, reject_link, relink
from .signatures import band_buckets, candidate_ids, candidates_for_text, store_signatures
from .tokens import content_tokens, strip_attribution

__all__ = [
    "AUTO_THRESHOLD", "BANDS", "BATCH", "BUCKET_CAP", "MAX_LINKS", "MAX_VERIFY", "METHOD", "NUM_PERM", "ROWS",
    "SUGGEST_THRESHOLD", "LinkAlreadyDecided", "LinkedClaim", "band_buckets", "candidate_ids",
    "candidates_for_text", "confirm_link", "content_tokens", "decide", "join_groups", "link_new_claims",
    "links_for_claim", "pending_suggestions", "reject_link", "relink",
    "score_pair", "similarity", "store_signatures", "strip_attribution",
]
