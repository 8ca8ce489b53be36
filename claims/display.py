"""How a claim's status is shown: a sign, a line style and a colour per status, each distinct, so
the article page's key never relies on colour alone (WCAG 1.4.1). Templates read the flags and
words computed here; the CSS classes ``status-<value>`` carry the colour and the underline."""

from __future__ import annotations

from dataclasses import dataclass, field

from .models import Claim


@dataclass(frozen=True)
class StatusStyle:
    value: str
    label: str
    icon: str  # shown before the claim's number in the text and in its status badge
    line: str  # the underline under the claim's words, in words (the CSS draws it)
    meaning: str


_STYLES: dict[str, tuple[str, str, str]] = {
    Claim.Status.EXTRACTED: ("○", "dotted", "found by extraction, not queued for review"),
    Claim.Status.QUEUED: ("◷", "dashed", "waiting in the review queue"),
    Claim.Status.IN_REVIEW: ("✎", "wavy", "a reviewer is working on it"),
    Claim.Status.SUBMITTED: ("✉", "thin solid", "a verdict waits for an editor"),
    Claim.Status.APPROVED: ("✓", "double", "verdict approved, not yet published"),
    Claim.Status.PUBLISHED: ("★", "thick solid", "verdict published"),
    Claim.Status.DISMISSED: ("✕", "struck through", "not to be checked (removed or not a claim)"),
}


def status_styles() -> list[StatusStyle]:
    """Every claim status in workflow order, each with its own sign and line."""
    return [StatusStyle(value, str(label), *_STYLES[value]) for value, label in Claim.Status.choices]


def status_icon(status: str) -> str:
    return _STYLES.get(status, ("•", "", ""))[0]


# --- the article page: claims highlighted in place ---------------------------------------------

@dataclass
class Segment:
    """A stretch of the article body covered by the same set of claims (maybe none)."""

    text: str
    claims: list[Claim] = field(default_factory=list)
    ends: list[Claim] = field(default_factory=list)  # claims whose span ends here (their number follows)

    @property
    def top(self) -> Claim | None:
        # the innermost (shortest) claim decides the colour where spans overlap
        return min(self.claims, key=lambda c: (c.end - c.start, c.start)) if self.claims else None

    @property
    def css(self) -> str:
        top = self.top
        if top is None:
            return ""
        classes = ["claim-span", f"status-{top.state}"]
        rating = getattr(top, "shown_rating", "")
        if rating:
            classes.append(f"rating-{rating}")
        if len(self.claims) > 1:
            classes.append("overlap")
        return " ".join(classes)

    @property
    def label(self) -> str:
        return "; ".join(f"Claim {c.number}: {c.state_label}" for c in self.claims)


def highlight(body: str, claims: list[Claim]) -> list[Segment]:
    """Cut the body at every claim boundary so overlapping or nested spans become flat,
    non-nested segments, each knowing which claims cover it. The template escapes the text."""
    spans = [c for c in claims if 0 <= c.start < c.end <= len(body) and not c.span_missing]
    cuts = sorted({0, len(body), *(c.start for c in spans), *(c.end for c in spans)})
    starts: dict[int, list[Claim]] = {}
    for c in spans:
        starts.setdefault(c.start, []).append(c)
    active: list[Claim] = []
    segments: list[Segment] = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        active = [c for c in active if c.end > a] + starts.get(a, [])
        segments.append(Segment(body[a:b], list(active), [c for c in active if c.end == b]))
    return segments
