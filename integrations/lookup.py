"""'Has this been checked?': claims with a published verdict that state what a statement says.

Two candidate sources, one verifier each:
* lexical: the cross-article linking's MinHash buckets (claims.linking), verified by its weighted
  token score;
* semantic: random-hyperplane bands of sentence embeddings (integrations.embeddings, multi-probe),
  verified by the exact cosine of the stored vectors.
Both indexes are tables read through (band, bucket) indexes with bounded work per query, so the
cost does not grow with the number of claims. A claim matches when its cosine reaches
``COSINE_THRESHOLD`` or its lexical score ``LEXICAL_THRESHOLD`` (measured on bench/data/paraphrases.tsv
by bench/bench_lookup.py); the reported similarity is the larger of the two.

The embedding index holds every claim (written when a claim is linked: the cross-article linking's
``claims.signals.semantic_candidates`` is answered by `semantic_neighbours`, connected in receivers,
which stores the new claims' vectors and reads candidates among all claims); the lookup reads only
the band rows flagged ``published`` (a partial index), kept in step with the verdicts by
`sync_published` when a verdict is published or corrected.

A matching claim without a verdict of its own that is marked ``previously_checked`` (its group has
a published verdict) stands for that verdict's claim.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.conf import settings
from django.db import connection, transaction

from claims.linking import candidates_for_text, content_tokens, score_pair
from claims.models import Claim
from reviewers.models import Verdict

from . import embeddings as emb
from .models import ClaimEmbedding, ClaimEmbeddingBand

log = logging.getLogger(__name__)

COSINE_THRESHOLD = 0.75
LEXICAL_THRESHOLD = 0.8
MAX_VERIFY = 200  # candidates verified per source, most band hits first
BUCKET_CAP = 1000  # members read per probed (band, bucket), newest first: bounds a hot bucket (1M: max 673)
MAX_RESULTS = 20
MAX_STATEMENT_CHARS = 2000


def cosine_threshold() -> float:
    return float(getattr(settings, "LOOKUP_THRESHOLD", 0) or COSINE_THRESHOLD)


def _text_hash(text: str) -> str:
    return hashlib.sha256((text or "").encode("utf-8")).hexdigest()


# --- the embedding index ---------------------------------------------------------------------------

def index_claims(claim_ids: Iterable[int]) -> int:
    """Bring these claims' entries of the embedding index up to date: encode (one batch) those without
    a vector of this model for their current text, and flag their band rows ``published`` from their
    verdicts (the lookup's scope). Idempotent. Returns how many claims were (re)encoded or re-flagged."""
    ids = sorted({int(i) for i in claim_ids})
    if not ids or not emb.available():
        return 0
    items = list(Claim.objects.filter(pk__in=ids).order_by("pk").values_list("pk", "text"))
    _vectors, encoded = ensure_vectors(items)
    return len(encoded | sync_published([cid for cid, _ in items]))


def ensure_vectors(items: list[tuple[int, str]]) -> tuple[dict[int, np.ndarray], set[int]]:
    """({id: unit vector}, ids encoded now) for these (claim id, text): a stored vector of this model
    and text is reused, the others are encoded in one batch and written to the index (with their
    published flag) when the claim exists (an id that is not a claim is only encoded)."""
    ids = [cid for cid, _ in items]
    name = emb.model_name()
    stored = {cid: (model, h, raw) for cid, model, h, raw in ClaimEmbedding.objects.filter(claim_id__in=ids)
              .values_list("claim_id", "model", "text_hash", "vector")}
    out: dict[int, np.ndarray] = {}
    todo: list[tuple[int, str]] = []
    for cid, text in items:
        have = stored.get(cid)
        if have is not None and have[0] == name and have[1] == _text_hash(text):
            out[cid] = emb.from_bytes(have[2])
        else:
            todo.append((cid, text))
    if not todo:
        return out, set()
    vectors = emb.encode([text for _, text in todo])
    out.update({cid: vec for (cid, _), vec in zip(todo, vectors, strict=True)})
    real = set(Claim.objects.filter(pk__in=[cid for cid, _ in todo]).values_list("pk", flat=True))
    keep = [k for k, (cid, _) in enumerate(todo) if cid in real]
    if keep:
        write_index([todo[k][0] for k in keep], [_text_hash(todo[k][1]) for k in keep], vectors[keep],
                    emb.band_buckets(vectors[keep]), published=_published_among([todo[k][0] for k in keep]))
    return out, {todo[k][0] for k in keep}


def _published_among(claim_ids: list[int]) -> set[int]:
    return set(Verdict.objects.filter(claim_id__in=claim_ids, status=Verdict.Status.PUBLISHED)
               .values_list("claim_id", flat=True))


def sync_published(claim_ids: list[int]) -> set[int]:
    """Flag these claims' band rows ``published`` as their verdicts are now; returns the claims re-flagged."""
    published = _published_among(claim_ids)
    with transaction.atomic():
        up = set(ClaimEmbeddingBand.objects.filter(claim_id__in=published, published=False)
                 .values_list("claim_id", flat=True).distinct())
        down = set(ClaimEmbeddingBand.objects.filter(claim_id__in=claim_ids, published=True)
                   .exclude(claim_id__in=published).values_list("claim_id", flat=True).distinct())
        if up:
            ClaimEmbeddingBand.objects.filter(claim_id__in=up).update(published=True)
        if down:
            ClaimEmbeddingBand.objects.filter(claim_id__in=down).update(published=False)
    return up | down


def write_index(claim_ids: list[int], hashes: list[str], vectors: np.ndarray, buckets: np.ndarray,
                published: set[int] | frozenset[int] = frozenset()) -> None:
    """Replace these claims' vectors and band rows. A concurrent writer of the same claim may insert
    first: its rows stand (same claim, same text: the same rows)."""
    with transaction.atomic():
        ClaimEmbeddingBand.objects.filter(claim_id__in=claim_ids).delete()
        ClaimEmbedding.objects.filter(claim_id__in=claim_ids).delete()
        ClaimEmbedding.objects.bulk_create(
            [ClaimEmbedding(claim_id=cid, model=emb.model_name(), text_hash=h, vector=emb.to_bytes(v))
             for cid, h, v in zip(claim_ids, hashes, vectors, strict=True)], batch_size=1000, ignore_conflicts=True)
        ClaimEmbeddingBand.objects.bulk_create(
            [ClaimEmbeddingBand(claim_id=cid, band=b, bucket=int(row[b]), published=cid in published)
             for cid, row in zip(claim_ids, buckets, strict=True) for b in range(emb.BANDS)],
            batch_size=5000, ignore_conflicts=True)


def reindex(all_claims: bool = False, batch: int = 256, after: int = 0, progress: Any = None) -> int:
    """Backfill (management command ``index_lookup``), in batches by claim id, from ``after``.
    Default: claims with a published verdict (encoded if missing, flagged). ``all_claims``: every
    claim (what the linking reads). Idempotent and resumable: a claim already encoded for its
    text is not encoded again. ``progress(done, last_id)`` after each batch. Returns claims written."""
    if all_claims:
        qs = Claim.objects.order_by("pk").values_list("pk", flat=True)
        key = "pk"
    else:
        qs = (Verdict.objects.filter(status=Verdict.Status.PUBLISHED).order_by("claim_id")
              .values_list("claim_id", flat=True))
        key = "claim_id"
    done = 0
    last = after
    while True:
        ids = list(qs.filter(**{f"{key}__gt": last})[:batch])
        if not ids:
            return done
        done += index_claims(ids)
        last = ids[-1]
        if progress:
            progress(done, last)


def embedding_candidates(vector: np.ndarray, limit: int = MAX_VERIFY, cap: int = BUCKET_CAP,
                         flips: int = emb.PROBE_FLIPS, published_only: bool = True) -> list[tuple[int, int]]:
    """(claim_id, band hits) sharing a probed bucket with ``vector``, most hits first: among claims
    with a published verdict (the lookup; the partial index ``claimemb_pub_band_idx``), or among all
    claims with ``published_only=False`` (the linking; ``claimemb_band_bucket_idx``).

    Each probed (band, bucket) reads at most ``cap`` members, newest first, through the
    (band, bucket, claim) index: an index-only range scan of one or two leaf pages, so one lookup
    reads at most ``BANDS * (1 + PROBE_FLIPS) * cap`` index entries and no table page whatever the
    size of the table or the skew of its buckets. (A plain ``band = .. AND bucket IN (..) OR ..``
    becomes a bitmap heap scan that visits one table page per member: 0.3-0.6 s at 1M claims.)
    PostgreSQL: a LATERAL join over the probed buckets (planned once, whatever their number);
    elsewhere the same rows as a UNION ALL of LIMITed scans."""
    probes = [(band, bucket) for band, buckets in enumerate(emb.query_buckets(vector, flips))
              for bucket in buckets]
    qn = connection.ops.quote_name
    table = qn(ClaimEmbeddingBand._meta.db_table)
    claim, band_c, bucket_c = qn("claim_id"), qn("band"), qn("bucket")
    # the partial index's own predicate, as written (SQLite uses it only for the same term)
    scope = f" AND {qn('published')}" if published_only else ""
    if connection.vendor == "postgresql":
        members = (f"SELECT m.{claim} FROM unnest(%s::int[], %s::int[]) AS p(band, bucket) CROSS JOIN LATERAL "
                   f"(SELECT {claim} FROM {table} WHERE {band_c} = p.band AND {bucket_c} = p.bucket{scope} "
                   f"ORDER BY {claim} DESC LIMIT %s) AS m")
        params: list[Any] = [[b for b, _ in probes], [h for _, h in probes], cap]
    else:
        members = " UNION ALL ".join(
            f"SELECT * FROM (SELECT {claim} FROM {table} WHERE {band_c} = %s AND {bucket_c} = %s{scope} "
            f"ORDER BY {claim} DESC LIMIT %s) AS b{i}" for i in range(len(probes)))
        params = [x for band, bucket in probes for x in (band, bucket, cap)]
    sql = (f"SELECT {claim}, COUNT(*) AS hits FROM ({members}) AS c "
           f"GROUP BY {claim} ORDER BY hits DESC, {claim} DESC LIMIT %s")
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, limit])
        return [(int(cid), int(hits)) for cid, hits in cursor.fetchall()]


def semantic_neighbours(items: list[tuple[int, str]], limit: int = MAX_VERIFY) -> dict[int, list[tuple[int, float]]]:
    """For the cross-article linking: per claim, the claims (all of them, checked or not) among its
    band candidates, with the cosine of the stored vectors, best first; the claim itself left out.
    The claims' own entries are written first (encoded in one batch where missing or stale), so the
    claims of one batch find each other and later claims find these. Without the model: {} (the
    linking stays lexical, nothing is written)."""
    if not items or not emb.available():
        return {}
    vectors, _encoded = ensure_vectors(items)
    cands = {cid: [c for c, _hits in embedding_candidates(vectors[cid], limit=limit, published_only=False)
                   if c != cid] for cid, _ in items}
    wanted = {c for lst in cands.values() for c in lst} - set(vectors)
    # a vector of another model (built before a model change, not yet re-encoded by `index_lookup --all`)
    # is never compared with this model's: its claim is no semantic candidate until then
    stored = {c: emb.from_bytes(raw) for c, raw in
              ClaimEmbedding.objects.filter(claim_id__in=list(wanted), model=emb.model_name())
              .values_list("claim_id", "vector")}
    stored.update(vectors)
    out: dict[int, list[tuple[int, float]]] = {}
    for cid, _ in items:
        vec = vectors[cid]
        scored = [(c, round(float(np.dot(stored[c], vec)), 4)) for c in cands[cid] if c in stored]
        out[cid] = sorted(scored, key=lambda x: (-x[1], x[0]))
    return out


# --- the lookup ------------------------------------------------------------------------------------

@dataclass
class Match:
    claim: Claim
    verdict: Verdict
    similarity: float
    cosine: float | None
    lexical: float
    matched_claim_id: int  # the claim that matched (may differ from claim: same group)
    via: list[str] = field(default_factory=list)


@dataclass
class LookupResult:
    matches: list[Match]
    semantic: bool  # whether embeddings were used (False: lexical only)
    threshold: float


def lookup(statement: str, url: str = "", limit: int = MAX_RESULTS) -> LookupResult:
    """Claims with published verdicts matching ``statement``, best first."""
    statement = " ".join((statement or "").split())[:MAX_STATEMENT_CHARS]
    semantic = emb.available()
    scores: dict[int, dict[str, Any]] = {}
    tokens = content_tokens(statement)
    for cid, _hits in candidates_for_text(statement).most_common(MAX_VERIFY):
        scores.setdefault(cid, {"via": []})["via"].append("lexical")
    vector = None
    if semantic:
        vector = emb.encode([statement])[0]
        for cid, _hits in embedding_candidates(vector):
            scores.setdefault(cid, {"via": []})["via"].append("semantic")
    if url:
        for cid in Claim.objects.filter(article__url=url).values_list("pk", flat=True)[:MAX_VERIFY]:
            scores.setdefault(cid, {"via": []})["via"].append("url")
    if not scores:
        return LookupResult([], semantic, cosine_threshold())
    if vector is not None:
        for cid, raw in (ClaimEmbedding.objects.filter(claim_id__in=list(scores), model=emb.model_name())
                         .values_list("claim_id", "vector")):  # never another model's vector
            scores[cid]["cosine"] = float(np.dot(emb.from_bytes(raw), vector))
    # a candidate found only by its embedding and below the cosine threshold cannot match (its words
    # would have made it a lexical candidate): its claim row is not read
    threshold = cosine_threshold()
    ids = [cid for cid, info in scores.items()
           if info["via"] != ["semantic"] or (info.get("cosine") or 0.0) >= threshold]
    claims = {c.pk: c for c in Claim.objects.filter(pk__in=ids).only("id", "text", "previously_checked_id")}
    best: dict[int, Match] = {}
    targets: dict[int, int] = {}
    for cid, info in scores.items():
        claim = claims.get(cid)
        if claim is None:
            continue
        lexical = score_pair(tokens, content_tokens(claim.text))[0]
        cosine = info.get("cosine")
        ok = lexical >= LEXICAL_THRESHOLD or (cosine is not None and cosine >= threshold)
        if not ok:
            continue
        info.update(lexical=lexical, similarity=round(max(lexical, cosine or 0.0), 4))
        targets[cid] = cid
        if claim.previously_checked_id:
            targets[cid] = claim.previously_checked_id
    verdicts = {v.claim_id: v for v in Verdict.objects.filter(
        claim_id__in=set(targets.values()), status=Verdict.Status.PUBLISHED).select_related("claim", "claim__article")}
    for cid, target in targets.items():
        verdict = verdicts.get(target) or verdicts.get(cid)
        if verdict is None:
            continue
        info = scores[cid]
        m = Match(claim=verdict.claim, verdict=verdict, similarity=info["similarity"], cosine=info.get("cosine"),
                  lexical=info["lexical"], matched_claim_id=cid, via=sorted(set(info["via"])))
        prev = best.get(verdict.claim_id)
        if prev is None or m.similarity > prev.similarity:
            best[verdict.claim_id] = m
    ranked = sorted(best.values(), key=lambda m: (-m.similarity, m.claim.pk))[:limit]
    return LookupResult(ranked, semantic, cosine_threshold())
