"""The result type of claim extraction."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

#: The documented set of claim kinds (same values as ``claims.models.Claim.Kind``).
#:
#: - ``statistic``: a number about the world (count, share, percentage, money) stated as fact.
#: - ``quote``: an attributed statement or direct quotation ("X said ...", "“...,” she added").
#: - ``event``: something that happened (or is happening), reported by the outlet or a source.
#: - ``plan``: a plan, intention or prediction (will, would, may, plans to, is preparing to).
#: - ``causal``: one thing caused or helped another (helped, led to, because of, as a result).
#: - ``comparison``: more/less/higher/lower than, the largest, a record, doubled.
KINDS: tuple[str, ...] = ("statistic", "quote", "event", "plan", "causal", "comparison")


@dataclass
class ExtractedClaim:
    """One atomic, checkable claim found in an article body.

    Offsets index the body exactly as passed to ``extract_claims``: ``body[start:end]`` is the
    claim's span and ``body[sentence_start:sentence_end] == sentence``.  ``text`` is the claim as a
    reviewer reads it alone (pronoun subjects resolved, media pointers like "(pictured below)"
    removed, the shared subject of a split sentence repeated), so it is *not* a slice of the body.
    """

    text: str
    sentence: str
    start: int
    end: int
    sentence_start: int
    sentence_end: int
    kind: str
    speaker: str
    speaker_role: str = ""
    quantities: list[dict[str, Any]] = field(default_factory=list)
    dates: list[dict[str, Any]] = field(default_factory=list)
    score: float = 0.0
    reasons: list[str] = field(default_factory=list)
    fingerprint: str = ""
    attributed: bool = False

    def to_dict(self) -> dict[str, Any]:
        """A JSON-serialisable dict of every field."""
        return asdict(self)


def public(d: dict[str, Any]) -> dict[str, Any]:
    """A quantity or date as stored: without the extraction's private keys ("_date", "_ref", ...)."""
    return {k: val for k, val in d.items() if not k.startswith("_")}
