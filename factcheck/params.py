"""Whole numbers from a request (query string, form field, header): one parse for every view.

``str.isdigit()`` is true for non-ASCII digits such as "²" or "١" that ``int()`` rejects (or reads
as a number nobody typed), and an id of twenty digits passes it too, then overflows the database's
64-bit integer (SQLite raises OverflowError, PostgreSQL an out-of-range error): both were 500s.
"""

from __future__ import annotations

#: The largest value of a 64-bit signed id column (BigAutoField, PostgreSQL bigint, SQLite INTEGER).
ID_MAX = 2**63 - 1


def parse_int(value: object, *, max_value: int | None = None) -> int | None:
    """``value`` as a non-negative whole number written in ASCII digits (surrounding spaces
    ignored), or None: empty, anything else, or above ``max_value`` when one is given."""
    text = str(value if value is not None else "").strip()
    if not (text.isascii() and text.isdigit()):
        return None
    number = int(text)
    if max_value is not None and number > max_value:
        return None
    return number


def parse_id(value: object) -> int | None:
    """A row id from a request: ASCII digits within the id column's range, else None."""
    return parse_int(value, max_value=ID_MAX)
