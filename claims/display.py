"""How a claim's status is shown: a sign, a line style and a colour per status, each distinct, so
the article page's key never relies on colour alone (WCAG 1.4.1). Templates read the flags and
words computed here; the CSS classes ``status-<value>`` carry the colour and the underline."""

from __future__ import annotations

from dataclasses import dataclass

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
