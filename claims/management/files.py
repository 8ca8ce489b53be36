"""What the claims commands share: reading article files and parsing dates, with clear errors."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.core.management.base import CommandError


def parse_date(value: str | None, option: str = "--published") -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{option} must be YYYY-MM-DD, got {value!r}")


def read_text_file(path: Path, *, keep_bom: bool = False, html: bool | None = None) -> str:
    """Decode a file strictly as UTF-8, newlines as they are (offsets index the file's text).

    ``keep_bom`` keeps a leading byte-order mark so offsets match the file byte-for-character;
    ``html`` (default: by suffix) reduces HTML to its text with scripts dropped.
    """
    from claims.extraction.textio import ExtractionInputError, decode_upload, html_to_text

    if not path.exists():
        raise CommandError(f"{path}: no such file")
    if path.is_dir():
        raise CommandError(f"{path}: is a directory, not a text file")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CommandError(f"{path}: cannot read: {exc.strerror or exc}")
    try:
        text = decode_upload(data)
    except ExtractionInputError as exc:
        raise CommandError(f"{path}: {exc}")
    if keep_bom and data.startswith(b"\xef\xbb\xbf"):
        text = "\ufeff" + text
    if html if html is not None else path.suffix.lower() in {".html", ".htm"}:
        text = html_to_text(text)
    return text
