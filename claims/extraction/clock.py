"""Times of day in wire copy: "at 1400 GMT", "by 0800 local time", "until 2300 hours", "10:30 GMT".

A market or a disaster desk writes the hour as four digits with a zone; such a number is neither an amount
("1200" of nothing) nor a year ("by 1800 GMT" is no year 1800). Used by ``quantities`` and ``dates``.
"""

from __future__ import annotations

import re

_ZONE = (r"(?-i:GMT|UTC|BST|CET|CEST|EET|EEST|WET|MSK|IST|JST|KST|HKT|SGT|AEST|AEDT|AWST|NZST|NZDT|SAST|WAT|EAT"
         r"|[ECMP][SD]T|[ECMP]T|Z)\b|local\s+time\b")
#: "1400 GMT", "0315 local time", "at 2300 hours" / "by 1800 hrs" (with "hours", only after a preposition of
#: time: "1200 hours of community service" would be a length), "10:30", "14:00:05".
CLOCK = re.compile(
    r"(?<![\w.,:/$€£])(?:(?:[01]\d|2[0-3])[0-5]\d(?=\s?(?:" + _ZONE + r"))"
    r"|(?:(?<=\b(?:at|by|to)\s)|(?<=\band\s)|(?<=\b(?:till|from)\s)|(?<=\b(?:until|after|since)\s)|(?<=\bbefore\s)"
    r"|(?<=\bbetween\s))(?:[01]\d|2[0-3])[0-5]\d"
    r"(?=\s?(?:hours|hrs|h)\b)"
    r"|(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?)(?![\w:])",
    re.IGNORECASE,
)


def clock_spans(v: str, start: int, end: int) -> list[tuple[int, int]]:
    """The (start, end) of every time of day written in ``v[start:end]``."""
    return [m.span() for m in CLOCK.finditer(v, start, end)]
