"""Check-worthiness: access to the learned sentence scorer (``scorer.py``) and the rule reasons.

The learned model was trained on debate sentences, where nearly every full news sentence looks
check-worthy (see the notes), so it never decides alone: ``ranking.py`` combines its probability with
the claim's importance in the article into the one score a claim carries. ``rule_score`` gives the
reasons shown beside it (a statistic, a named official, a date). If the model is missing or broken,
``model_scores`` returns None and the ranking says so.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from typing import Any

log = logging.getLogger(__name__)

_scorer: Any = None
_scorer_state = "unloaded"  # "ok" | "missing"


def _load() -> Any:
    global _scorer, _scorer_state
    if _scorer_state == "unloaded":
        try:
            from . import scorer as mod

            mod.threshold()  # loads the shipped model; raises if it is not there
            _scorer, _scorer_state = mod, "ok"
        except Exception as exc:  # no model shipped yet, or an incompatible one
            log.warning("check-worthiness model unavailable, using rule scores only: %s", exc)
            _scorer, _scorer_state = None, "missing"
    return _scorer


def model_version() -> str:
    mod = _load()
    return str(getattr(mod, "MODEL_VERSION", "") or "") if mod else ""


def model_scores(texts: Sequence[str]) -> list[float] | None:
    """Model probabilities for ``texts`` (one batched call), or None when no model is available."""
    mod = _load()
    if mod is None or not texts:
        return None
    try:
        return [float(x) for x in mod.score_sentences(list(texts))]
    except Exception as exc:
        log.warning("check-worthiness model failed, using rule scores only: %s", exc)
        return None


def model_threshold() -> float | None:
    mod = _load()
    try:
        return float(mod.threshold()) if mod else None
    except Exception:
        return None


_OPINION = re.compile(
    r"\b(?:I think|I believe|we believe|in my view|in our view|should|must|ought to|shameful|disgraceful|outrageous|"
    r"wonderful|terrible|it is time|it's time|hopefully|arguably|very possible)\b",
    re.IGNORECASE,
)
_ENTITY = re.compile(r"(?<=\s)[A-Z][a-z]+")


def rule_score(
    *, kind: str, text: str, quantities: list[dict[str, Any]], dates: list[dict[str, Any]],
    attributed: bool, official: bool, speaker: str,
) -> tuple[float, list[str]]:
    """A transparent score in [0, 1] and its reasons."""
    score = 0.35
    reasons: list[str] = []
    if any(q.get("kind") in ("count", "percent", "money", "share", "duration") for q in quantities):
        score += 0.25
        reasons.append("statistic")
    if attributed and official:
        score += 0.15
        reasons.append("attributed to an official")
    elif attributed:
        score += 0.1
        reasons.append(f"attributed to {speaker}")
    if dates:
        score += 0.05
        reasons.append("dated")
    if kind in ("plan", "causal", "comparison"):
        score += 0.05
        reasons.append({"plan": "plan or prediction", "causal": "causal", "comparison": "comparison"}[kind])
    if len(_ENTITY.findall(text)) >= 1:
        score += 0.1
        reasons.append("names entities")
    if _OPINION.search(text):
        score -= 0.15
        reasons.append("opinion language")
    return max(0.0, min(1.0, score)), reasons
