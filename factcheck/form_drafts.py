"""What a person typed into a form, kept across the redirect when the action was refused.

The workbench's small forms post, fail with a message and redirect back to their page
(post/redirect/get), which rendered the stored values again, so the typing was lost. The draft
lives in the session (no process memory, any worker serves the next page), under a key naming the
form and the row, and is read once: a reload shows the stored values again."""

from __future__ import annotations

from typing import Any

MAX_CHARS = 5000
MAX_FIELDS = 200


def keep(request: Any, key: str, fields: tuple[str, ...], prefixes: tuple[str, ...] = ()) -> None:
    """Remember the posted ``fields`` (and fields starting with ``prefixes``) under ``key``."""
    post = request.POST
    draft = {name: post.get(name, "")[:MAX_CHARS] for name in fields if name in post}
    for name, value in post.items():
        if prefixes and name.startswith(prefixes) and len(draft) < MAX_FIELDS:
            draft[name] = value[:MAX_CHARS]
    request.session[key] = draft


def take(request: Any, key: str) -> dict[str, str]:
    """The draft kept under ``key``, once ({} when none)."""
    session = getattr(request, "session", None)
    if session is None:
        return {}
    return session.pop(key, None) or {}
