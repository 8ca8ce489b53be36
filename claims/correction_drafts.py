"""What a person typed into a claim's correction forms, given back on the claim page when the
correction was refused (factcheck.form_drafts: session, one claim, read once)."""

from __future__ import annotations

from typing import Any

from factcheck import form_drafts

#: The fields of the correction forms (claims.correction_views) worth giving back; numbered values too.
FIELDS = ("text", "speaker", "kind", "split_at", "reason", "other")
PREFIXES = ("number-", "date-")


def _key(pk: int) -> str:
    return f"claim-correction-draft-{pk}"


def keep(request: Any, pk: int) -> None:
    """Remember the refused form's values for the claim page that follows."""
    form_drafts.keep(request, _key(pk), FIELDS, PREFIXES)


def take(request: Any, pk: int) -> dict[str, str]:
    """The values kept for claim ``pk`` (once: a reload shows the stored claim again)."""
    return form_drafts.take(request, _key(pk))
