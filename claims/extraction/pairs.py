"""Two whole numbers joined by a dash: a vote or a score ("a 7-2 vote", "won 3-1", "a 24-17 win") or a span of
years ("the 2024-25 season", "1999-00"), not a range from one to the other; used by ``quantities``."""

from __future__ import annotations

import re
from typing import Any

#: "a 7-2 vote", "won 3-1", "a 52-48 split": two counts, not a range.
VOTE_AFTER = re.compile(r"\s+(?:[a-z]+\s+)?(?P<noun>vote|votes|decision|ruling|majority|margin|split|victory|win|"
                         r"loss|defeat|tally|count|score|lead|verdict)\b", re.IGNORECASE)
VOTE_BEFORE = re.compile(r"\b(?:voted|votes?|won|win|wins|lost|lose|loses|beat|beats|defeated|leads?|led|trails?|"
                          r"trailed|score[sd]?|ruling|ruled|decided|by a|by)\s+(?:of\s+)?$", re.IGNORECASE)


def year_span(g: dict[str, Any], money_or_share: bool) -> tuple[int, int] | None:
    """(first, last year) of "2024-25", "1999-2000", "2010 to 2015"; None when the two numbers are not years."""
    lo, hi = g["num"], g["num2"]
    if not hi or not g["dash"] or money_or_share or g["scale"] or g["scale2"] or g.get("cur2"):
        return None
    if not (lo.isdigit() and hi.isdigit() and len(lo) == 4 and 1800 <= int(lo) <= 2100):
        return None
    first = int(lo)
    if len(hi) == 4:
        last = int(hi)
    elif len(hi) == 2 and g["dash"].strip() == "-":
        last = first // 100 * 100 + int(hi)
        last += 100 if last <= first else 0  # "1999-00"
    else:
        return None
    return (first, last) if 0 < last - first <= 30 else None


def descending_pair(g: dict[str, Any]) -> bool:
    """"The vote was 7-4", "beat them 3-1": a range runs upwards, so a tight pair that falls is two counts."""
    lo, hi = g["num"], g["num2"]
    if g["dash"] != "-" or not (lo.isdigit() and hi.isdigit()) or g["scale"] or g["scale2"] or g["cur"] or g["pct"]:
        return False
    return int(lo) > int(hi) and int(lo) <= 999 and year_span(g, False) is None


def is_vote(v: str, m: re.Match[str], sent_start: int) -> bool:
    """"7-2" written tight between two small whole numbers, next to a vote/score word."""
    g = m.groupdict()
    if g["dash"] != "-" or g["scale"] or g["scale2"] or g["cur"] or g["pct"] or "." in g["num"] + g["num2"]:
        return False
    if not (g["num"].isdigit() and g["num2"].isdigit()) or int(g["num"]) > 999 or int(g["num2"]) > 999:
        return False
    before = v[max(sent_start, m.start() - 30):m.start()]
    return bool(VOTE_AFTER.match(v, m.end()) or VOTE_BEFORE.search(before))
