"""Dates counted from another date of the text, not from publication: "two days later", "a year after", "the
next day", "later that month", and the year of a narrative ("In 1932 the bridge opened. On 12 March ...").

Narrative and historical copy tells events in order from a date it wrote out; a careful annotator resolves
"Two days later" after "In June 1942" to June 1942, not to two days after publication. The anchor is the last
date the text gave (``Anchor``): a day, or a month or year written with a month name or a year ("In June
1942", "in 1965", "In March"), never a deictic one ("last year"), which says nothing of the narrative's time.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import Any, NamedTuple

_NUMS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
         "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "several": 3, "few": 3, "the": 1}
WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}
_GRAN_RANK = {"day": 0, "month": 1, "year": 2}
_UNIT_RANK = {"month": 1, "year": 2, "decade": 2}
#: A month name or a year in a date's words: a coarse date so written places the narrative in time.
_WRITTEN = re.compile(r"(?i)\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?(?!\w)|\b(?:1\d|20)\d\d\b")
_WRITTEN_YEAR = re.compile(r"\b(?:1\d|20)\d\d\b")
#: How many years before publication a narrative's year must lie for a date without a year to take it: a year
#: or so back ("Sales fell in 2020. In March it cut 200 jobs", published 2021) stays with publication.
NARRATIVE_GAP = 2
#: "that day", "later that month", "the same day", "the next day", "the following week", "the previous month",
#: "that night", "the next morning" (a part of a day is that day).
_UNIT = r"day|week|month|morning|afternoon|evening|night"
ANCHORED = re.compile(
    r"(?<![\w-])(?P<an>(?:(?P<an_side>later|earlier)\s+)?(?:that|that\s+same|the\s+same)\s+(?P<an_u>" + _UNIT + ")"
    r"|(?<!in )(?<!over )(?<!within )(?<!during )(?<!for )(?<!of )the\s+(?P<an_rel>next|following|previous|prior"
    r"|preceding)\s+(?P<an_u2>" + _UNIT + r"))(?![\w-])",
    re.IGNORECASE,
)



#: Month names and their abbreviations, and their numbers: one vocabulary for dates and periods.
MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
    "september": 9, "october": 10, "november": 11, "december": 12, "jan": 1, "feb": 2, "mar": 3, "apr": 4,
    "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
#: A month written out or abbreviated, as a whole word ("Sept.", "March").
MONTH_NAME = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
              r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\b\.?")

class Anchor(NamedTuple):
    """The last date of the text, at the granularity it was written: "day", "month" or "year"; ``placed``: it
    places an event in time ("In June 1942 the fleet sailed", "The war ended on 8 May 1945"), not a modifier or
    the end of a span ("the Dec. 21, 1988, bombing", "a 2018 study", "between 2015 and December 2018")."""

    date: dt.date
    granularity: str
    placed: bool = False
    #: In news (a text that has told of its own days): the day told of before this month or year; a count finer
    #: than the month or year ("a week later") still goes from that day, or from publication.
    news: bool = False
    fallback: dt.date | None = None


def as_anchor(a: Anchor | dt.date | None) -> Anchor | None:
    if a is None or isinstance(a, Anchor):
        return a
    return Anchor(a, "day")


def iso(d: dt.date, granularity: str) -> str:
    if granularity == "year":
        return f"{d.year:04d}"
    if granularity == "month":
        return f"{d.year:04d}-{d.month:02d}"
    return d.isoformat()


def add_months(d: dt.date, months: int) -> dt.date:
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    return dt.date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def next_anchor(dates: list[dict[str, Any]], text: str, anchor: Anchor | None, coarse: bool = True) -> Anchor | None:
    """The anchor after a sentence: its last day-level date, else (``coarse``: in a narrative) its last month or
    year written out (``text`` is the view the dates' offsets point into), else the one before."""
    on = [d for d in dates if d.get("_date") and d["relation"] == "on"]
    day = [d for d in on if d["granularity"] == "day"]
    if day:
        return Anchor(day[-1]["_date"], "day", "anchor" in day[-1] or _placed(text, day[-1], strict=False))
    written = [d for d in on if d["granularity"] in ("month", "year") and ("anchor" in d or (
        _WRITTEN.search(text, d["start"], d["end"]) and _placed(text, d)))]  # or counted: "Two years later"
    if written:
        day_before = anchor and (anchor.date if anchor.granularity == "day" else anchor.fallback)
        return Anchor(written[-1]["_date"], written[-1]["granularity"], True, not coarse,
                      None if coarse else day_before)
    if anchor and anchor.placed and any(_WRITTEN_YEAR.search(text, d["start"], d["end"]) for d in dates):
        # another year written, not as the time of an event ("in 2005 and 2006", "By 2018, 72 had died"): the
        # text tells of more than one time, and lends none of their years
        return anchor._replace(placed=False)
    return anchor


def _for_unit(anchor: Anchor | None, unit: str, published: dt.date | None) -> Anchor | None:
    """In news, a month or year anchors only counts of its own unit or longer ("in 1985 ... Five years later");
    a finer one goes from the day told of before it ("in November ... in the weeks before")."""
    if anchor is None or not anchor.news or _GRAN_RANK[anchor.granularity] <= _UNIT_RANK.get(unit, 0):
        return anchor
    day = anchor.fallback or published
    return Anchor(day, "day") if day else None


_BACKSTORY = re.compile(r"(?i)\b(?:founded|established|born|incorporated|formed|created|set\s+up)\s+(?:in\s+)?$")
_PLACING = re.compile(r"(?i)(?:^|[.!?;:\n—–]\s*|\b(?:in|on|during)\s+(?:early|late|mid)?[\s-]*"
                      r"|\bbetween\s+\d{1,2}\s+and\s+)$")  # "fought between 12 and 19 September 1863"
_MODIFIER = re.compile(r"(?i)(?:\b(?:the|a|an|its|his|her|their|our|this|that)|['’]s)\s+$")
#: Reported speech or findings: news, health and company copy, not a narrative told from the past.
REPORTING = re.compile(r"(?i)\b(?:said|says|told|according\s+to|finds|announced|reported|reports)\b")


def _placed(text: str, d: dict[str, Any], strict: bool = True) -> bool:
    """Is the date an adverbial of time ("in/on/during ...", or opening its clause), not a modifier ("the
    Dec. 21, 1988, bombing") or a span's end ("between 2015 and 2018")? A day (not ``strict``) is, unless a
    determiner makes it a modifier ("the morning of 12 September" places; "the 12 September raid" not)."""
    if _BACKSTORY.search(text, max(0, d["start"] - 30), d["start"]):
        return False  # "founded in 1985": a company's or a person's past, not the time the text tells of
    if not strict:
        return not _MODIFIER.search(text, max(0, d["start"] - 12), d["start"])
    if re.match(r"(?i)(?:in|on|during)\b", text[d["start"]:d["end"]]):
        return True
    return bool(_PLACING.search(text, max(0, d["start"] - 16), d["start"]))


def narrative_year(anchor: Anchor | None, published: dt.date | None, future: bool | None,
                   month: int | None = None) -> int | None:
    """The year a date written without one takes from the narrative: the anchor's, when the text is telling
    of a time at least NARRATIVE_GAP years before publication and nothing near the date looks ahead. A
    narrative goes forward: a ``month`` half a year or more before the anchor's is in the next year ("On 28
    December 1941 ... On 3 January" is 1942)."""
    if anchor is None or published is None or future or not anchor.placed:
        return None
    if anchor.date.year > published.year - NARRATIVE_GAP:
        return None
    ahead = month is not None and anchor.granularity != "year" and anchor.date.month - month >= 6
    return anchor.date.year + ahead


def same_sentence_anchor(found: list[dict[str, Any]], pos: int, item: dict[str, Any]) -> Anchor | None:
    """The last day-level date written before ``pos`` in the same sentence ("on Tuesday, a day after ...")."""
    before = [f for f in found if f.get("_date") and f["granularity"] == "day" and f is not item
              and f["end"] <= pos and f["relation"] == "on" and "anchor" not in f]
    return Anchor(before[-1]["_date"], "day") if before else None


def shift(anchor: Anchor, unit: str, n: int) -> tuple[dt.date, str]:
    """``anchor`` moved by ``n`` (signed) days, weeks, fortnights, months or years, at the coarser of the
    anchor's and the unit's granularity ("two days later" after "In June 1942" is June 1942)."""
    d = anchor.date
    if anchor.granularity != "day":
        d = d.replace(day=15) if anchor.granularity == "month" else d.replace(month=7, day=1)
    if unit in ("day", "week", "fortnight"):
        value, gran = d + dt.timedelta(days={"day": 1, "week": 7, "fortnight": 14}[unit] * n), "day"
    elif unit == "month":
        value, gran = add_months(d, n), "month"
    else:  # years and decades ("a decade ago")
        years = n * (10 if unit == "decade" else 1)
        value, gran = d.replace(year=d.year + years, day=min(d.day, 28)), "year"
    if _GRAN_RANK.get(anchor.granularity, 0) > _GRAN_RANK[gran if gran != "week" else "day"]:
        gran = anchor.granularity
    return value, gran


def resolve_anchored(m: re.Match[str], item: dict[str, Any], found: list[dict[str, Any]],
                     published: dt.date | None, context: Anchor | None) -> None:
    """"that day", "later that month", "the next day", "the following week" from the date before them."""
    unit = (m.group("an_u") or m.group("an_u2")).lower()
    unit = unit if unit in ("week", "month") else "day"
    anchor = same_sentence_anchor(found, m.start(), item) or _for_unit(context, unit, published) or (
        Anchor(published, "day") if published else None)
    if anchor is None:
        return
    rel = (m.group("an_rel") or "").lower()
    n = 1 if rel in ("next", "following") else -1 if rel else 0
    value, gran = shift(anchor, unit, n)
    if unit == "month" and gran == "day":
        gran = "month"
    if unit == "week" and gran == "day":
        gran = "week"
    item.update(granularity=gran, value=iso(value, gran), anchor=anchor.date.isoformat(), _date=value)
    item.pop("_unresolved", None)


def find_anchored(v: str, start: int, end: int) -> list[tuple[dict[str, Any], re.Match[str]]]:
    return [({"text": "", "value": None, "granularity": "day", "relation": "on", "start": m.start(), "end": m.end(),
              "_unresolved": True}, m) for m in ANCHORED.finditer(v, start, end)]


#: Nothing after "the year before" / "the day after" that it could be before or after.
_NO_OBJECT = re.compile(r"\s*(?:[.,;:!?)\]\"'’”]|$|\s(?:and|but|or|when|while|as)\b)")


def resolve_counted(item: dict[str, Any], m: re.Match[str], found: list[dict[str, Any]],
                    published: dt.date | None, context_anchor: Anchor | None,
                    quarter: tuple[int, int] | None = None) -> None:
    """"three days ago", "a day after", "one week later": counted from publication, or from the event.
    "A year ago/earlier" in an article about a fiscal quarter is that quarter a year before."""
    g = m.groupdict()
    n_raw = g["rel_n"].lower()
    n = int(n_raw) if n_raw.isdigit() else _NUMS.get(n_raw, 1)
    unit = g["rel_u"].lower()
    direction = g["rel_d"].lower()
    if quarter is not None and unit == "year" and direction in ("ago", "earlier"):
        q = (quarter[0] - n, quarter[1])
        item.update(granularity="quarter", relation="on", value=f"{q[0]:04d}-Q{q[1]}", _quarter=q, _ref=True)
        return
    if direction == "ago":
        item["_dct"] = True
        anchor = Anchor(published, "day") if published else None
    else:
        # "on Tuesday, a day after X": counted from a day-level date earlier in the same sentence;
        # otherwise from the last date of the preceding sentences ("X came one week after Y").
        anchor = same_sentence_anchor(found, m.start(), item) or _for_unit(context_anchor, unit, published) or (
            Anchor(published, "day") if published else None)
    if anchor is None:
        item.update(granularity="day", relation="on", value=None)
        return
    sign = -1 if direction in ("after", "earlier", "ago") else 1
    if n_raw == "the" and direction in ("before", "after") and _NO_OBJECT.match(m.string, m.end()):
        sign = -sign  # "down 8pc on the year before.": that year itself, not an event a year before it
    value, gran = shift(anchor, unit, sign * n)
    item.update(granularity=gran, relation="on", value=iso(value, gran), anchor=anchor.date.isoformat(),
                _date=value)


def weekday(raw: str, prep: str, published: dt.date | None, future: bool | None) -> dt.date | None:
    """"on Tuesday": the last such day (or today) in a past-tense sentence, the next one in a future one."""
    if published is None:
        return None
    target = WEEKDAYS[raw.split()[0].lower()]
    if prep == "next" or (future and prep not in ("last", "since")):
        delta = (target - published.weekday()) % 7
        if prep == "next" and delta == 0:
            delta = 7
        return published + dt.timedelta(days=delta)
    delta = (published.weekday() - target) % 7
    if prep == "last" and delta == 0:
        delta = 7
    return published - dt.timedelta(days=delta)


def narrative_weekday(raw: str | None, prep: str, anchor: Anchor | None, narr: int | None) -> dt.date | None:
    """A weekday in a narrative told from a day years back is the first such day from that day on."""
    if not (narr and raw and anchor and anchor.granularity == "day" and prep not in ("last", "next")):
        return None
    return weekday(raw, "", anchor.date, True)
