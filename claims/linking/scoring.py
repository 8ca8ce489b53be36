"""Verification of a candidate pair: weighted similarity and the link decision.

similarity = 0.6 x weighted Jaccard + 0.4 x weighted containment of the smaller token set. Very
common or vague tokens (countries, "military", "president", years ...) weigh ``GENERIC_WEIGHT``; a
pair must share at least one specific (non-generic) token, so "Russia ... Syria" alone never links.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from ..models import ClaimLink
from .params import AUTO_THRESHOLD, GENERIC_WEIGHT, SUGGEST_THRESHOLD
from .tokens import GENERIC, content_tokens


def _is_year(token: str) -> bool:
    return token.startswith("@")


def _weight(token: str) -> float:
    return GENERIC_WEIGHT if token in GENERIC or _is_year(token) else 1.0


def _specific(tokens: Iterable[str]) -> set[str]:
    return {t for t in tokens if _weight(t) == 1.0}


def _numbers_of(tokens: Iterable[str]) -> set[str]:
    return {t for t in tokens if t.startswith("#") and not _is_year(t)}


def score_pair(a: frozenset[str], b: frozenset[str]) -> tuple[float, bool]:
    """(similarity in [0, 1], whether the pair may be linked automatically).

    similarity = 0.6 * weighted Jaccard + 0.4 * weighted containment of the smaller set, 0 when the
    two share no specific (non-generic) token. Automatic linking further needs two shared specific
    tokens, a shared figure or near-identical sets (weighted Jaccard >= 0.8), and no disagreement on
    figures.
    """
    if not a or not b:
        return 0.0, False
    inter = a & b
    shared_specific = _specific(inter)
    if not shared_specific:
        return 0.0, False  # sharing only "Russia", "Syria", a year ... is not a match
    w_inter = sum(_weight(t) for t in inter)
    jaccard = w_inter / sum(_weight(t) for t in a | b)
    containment = w_inter / min(sum(_weight(t) for t in a), sum(_weight(t) for t in b))
    score = round(min(0.6 * jaccard + 0.4 * containment, 1.0), 4)
    nums_a, nums_b = _numbers_of(a), _numbers_of(b)
    figures_disagree = bool(nums_a and nums_b and not (nums_a & nums_b))
    auto_ok = not figures_disagree and (len(shared_specific) >= 2 or bool(nums_a & nums_b) or jaccard >= 0.8)
    return score, auto_ok


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    return score_pair(a, b)[0]


#: Negation is dropped with the stopwords, so "Vaccines do not cause autism" and "Vaccines cause autism"
#: have one token set: the texts are read for it.
_NEGATION = re.compile(r"\b(?:not|no|never|none|nobody|nothing|neither|nor|without|cannot)\b|n['’]t\b", re.I)

#: Opposite directions of one action ("send" / "withdraw" troops, "rose" / "fell"): words on one side only in
#: one claim and on the other side only in the other make the pair a contradiction, not a restatement.
_OPPOSITES = (
    ("send sends sent sending deploy deploys deployed deploying", "withdraw withdraws withdrew withdrawn withdrawing"),
    ("rise rises rose risen rising increase increases increased increasing raise raises raised raising grow grows "
     "grew grown growing higher", "fall falls fell fallen falling decrease decreases decreased decreasing cut cuts "
     "cutting reduce reduces reduced reducing lower lowered drop drops dropped shrink shrank fewer less"),
    ("win wins won winning", "lose loses lost losing"),
    ("approve approves approved approving", "reject rejects rejected rejecting veto vetoes vetoed"),
    ("ban bans banned banning", "allow allows allowed allowing permit permits permitted legalise legalised "
     "legalize legalized"),
    ("open opens opened opening", "close closes closed closing shut shuts"),
    ("support supports supported supporting", "oppose opposes opposed opposing"),
    ("hire hires hired hiring", "fire fires fired firing laid sack sacks sacked"),
)


@cache
def _opposite_tokens() -> tuple[tuple[frozenset[str], frozenset[str]], ...]:
    """The pairs above as content tokens (through the same stemmer and synonym map as the claims)."""
    return tuple((content_tokens(up), content_tokens(down)) for up, down in _OPPOSITES)


def contradicts(text_a: str, text_b: str, a: frozenset[str], b: frozenset[str]) -> bool:
    """One claim negated and the other not, or the two taking opposite directions of one action. Such a
    pair may share every content word; it is never linked automatically (an editor may still confirm it)."""
    if bool(_NEGATION.search(text_a)) != bool(_NEGATION.search(text_b)):
        return True
    for up, down in _opposite_tokens():
        a_up, a_down, b_up, b_down = bool(a & up), bool(a & down), bool(b & up), bool(b & down)
        if (a_up and not a_down and b_down and not b_up) or (a_down and not a_up and b_up and not b_down):
            return True
    return False


def decide(a: frozenset[str], b: frozenset[str], contradiction: bool = False) -> tuple[float, str | None]:
    """(similarity, link status or None) for two token sets; a ``contradiction`` (see ``contradicts``) is at
    most suggested."""
    score, auto_ok = score_pair(a, b)
    if score >= AUTO_THRESHOLD and auto_ok and not contradiction:
        return score, ClaimLink.Status.AUTO
    if score >= SUGGEST_THRESHOLD:
        return score, ClaimLink.Status.SUGGESTED
    return score, None
