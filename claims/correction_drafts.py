"""What a person typed into a claim's correction forms, kept across the redirect when the correction
was refused: the forms post, fail with a message and redirect back to the claim page (PRG), which
rendered the stored values again, so the typed text was lost. Kept in the session (no process
memory), for one claim, read once."""

from __future__ import annotations

from typing import Any

#: The fields of the correction forms (claims.correction_views) worth giving back; numbered values too.
FIELDS = ("text", "speaker", "kind", "split_at", "reason", "other")
PREFIXES = ("number-", "date-")
MAX_CHARS = 5000


def _key(pk: int) -> str:
    return f"claim-correction-draft-{pk}"


def keep(request: Any, pk: int) -> None:
    """Remember the refused form's values for the claim page that follows."""
    post = request.POST
    draft = {k: post.get(k, "")[:MAX_CHARS] for k in FIELDS if k in post}
    draft.update({k: v[:100] for k, v in post.items() if k.startswith(PREFIXES) and len(draft) < 200})
    request.session[_key(pk)] = draft


def take(request: Any, pk: int) -> dict[str, str]:
    """The values kept for claim ``pk`` (once: a reload shows the stored claim again)."""
    session = getattr(request, "session", None)
    if session is None:
        return {}
    return session.pop(_key(pk), None) or {}
