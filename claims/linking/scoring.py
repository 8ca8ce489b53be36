"""Verification of a candidate pair: weighted similarity and the link decision.

similarity = 0.6 x weighted Jaccard + 0.4 x weighted containment of the smaller token set. Very
common or vague tokens (countries, "military", "president", years ...) weigh ``GENERIC_WEIGHT``; a
pair must share at least one specific (non-generic) token, so "Russia ... Syria" alone never links.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..models import ClaimLink
from .params import AUTO_THRESHOLD, GENERIC_WEIGHT, SUGGEST_THRESHOLD
from .tokens import GENERIC


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


def decide(a: frozenset[str], b: frozenset[str]) -> tuple[float, str | None]:
    """(similarity, link status or None) for two token sets."""
    score, auto_ok = score_pair(a, b)
    if score >= AUTO_THRESHOLD and auto_ok:
        return score, ClaimLink.Status.AUTO
    if score >= SUGGEST_THRESHOLD:
        return score, ClaimLink.Status.SUGGESTED
    return score, None
