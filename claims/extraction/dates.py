"""Dates in news sentences, resolved against the publication date.

Hand-written: every pattern news uses is matched by compiled regexes and resolved here, because
dateparser (measured in the notes) is slow (~1 ms a sentence) and gets exactly the news cases wrong:
"since March 2011" loses "since", "on Tuesday" jumps a week back with PREFER_DATES_FROM="past",
"a day after X" is counted from the publication date instead of the event, and "before the end of the
year" finds nothing. We therefore never call dateparser on the hot path.

Each date is ``{"text", "value", "granularity", "relation", "start", "end"}`` (+ ``"anchor"`` for dates
counted from another date). ``value`` is ISO: "2017-11-20" (day), "2011-03" (month), "2011" (year), or
None when it cannot be resolved (no publication date for a relative expression).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import Any

from .anchored import (
    MONTHS,
    Anchor,
    as_anchor,
    find_anchored,
    narrative_weekday,
    narrative_year,
    next_anchor,
    resolve_anchored,
    resolve_counted,
    weekday,
)
from .anchored import (
    REPORTING as REPORTING,  # re-exported for the pipeline
)
from .anchored import add_months as _add_months
from .anchored import iso as _iso
from .clock import CLOCK
from .deictic import deictic, weekend
from .periods import find_periods
from .tense import FUTURE, WEEKDAY, local_tense

_MONTH = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
          r"|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)")
_YEAR = r"(?:1[89]\d\d|20\d\d)"
#: After a month name a year may be of any era ("July 4, 1776", "14 October 1066"); alone, only after "in",
#: "since" ... (_OLD_YEAR_PREPS) and counting nothing.
_ANY_YEAR = r"(?:1\d\d\d|20\d\d)"
_PREP = (r"(?:(?<![\w'’-])(?P<prep>(?i:on|in|since|from|until|till|through|by|before|after|during|as of|starting"
         r"|beginning|prior to|early|late|mid|last|this|next|a|an|the|of|between|and|into|for"
         # "in the three months to September", "the year to March" (a period's end; never "talked to May")
         r"|(?<=months )to|(?<=weeks )to|(?<=year )to|(?<=quarter )to|(?<=period )to))(?:\s+at\s+least)?(?:\s+|-))?")
_END_WORD = r"(?![\w%])"

DATE = re.compile(
    _PREP + "(?:"
    + rf"(?P<iso>(?P<iy>{_YEAR})-(?P<im>\d\d)-(?P<id>\d\d)){_END_WORD}"
    + rf"|(?P<md>(?P<md_m>{_MONTH})\s+(?P<md_d>\d{{1,2}})(?:st|nd|rd|th)?(?!\d)(?:,?\s+(?P<md_y>{_ANY_YEAR}))?)"
    + _END_WORD
    # a run of days is its first ("on 27-28 June", "from 12 to 14 July": the 27th, the 12th)
    + r"|(?P<dm>(?:(?P<dm_d0>\d{1,2})(?:st|nd|rd|th)?\s*(?:[-–]|to)\s*)?(?P<dm_d>\d{1,2})(?:st|nd|rd|th)?"
    + r"\s+(?:of\s+)?"
    + rf"(?P<dm_m>{_MONTH})(?:,?\s+(?P<dm_y>{_ANY_YEAR}))?)"
    + _END_WORD
    + rf"|(?P<my>(?P<my_m>{_MONTH})\s+(?:of\s+)?(?:(?P<my_y>{_ANY_YEAR})|(?P<my_r>(?i:next|last|this))\s+year))"
    + _END_WORD
    # "the end of March", and as the money desks write it: "end-June", "end-2023", "year-end" (this year's)
    + r"|(?P<eo>(?:(?i:the\s+end\s+of\s+)(?:(?P<eo_rel>(?i:this|next|last|the))\s+)?|(?i:end-))(?P<eo_u>(?i:year|month"
    + rf"|week)|{_MONTH}|{_YEAR})|(?P<eo_u2>(?i:year|month))-end(?!-)){_END_WORD}"
    + r"|(?P<q>(?:(?P<q_rel>(?i:next|last|this|the\s+year-ago|the\s+year-earlier|year-earlier|year-ago))"
    + r"(?P<q_poss>\s+year's)?\s+)?(?:(?i:fiscal|its|the)[\s-]+)*(?:(?P<q_y2>" + _YEAR + r")(?:['’]s)?\s+)?"
    + r"(?P<q_n>(?i:first|second|third|fourth|1st|2nd|3rd|4th))"
    + rf"[\s-](?i:quarter|period)(?:\s+of\s+(?:(?i:fiscal\s+)?(?P<q_y>{_YEAR})"
    + r"|(?P<q_of>(?i:last|this|next))\s+year))?)\b"
    + r"|(?P<qref>(?i:(?:the|that|this)\s+(?:latest\s+|current\s+|same\s+|recent\s+)?(?:quarter|period)"
    + r"|the\s+(?P<qref_y>" + _YEAR + r")\s+(?:quarter|period)"
    + r"|(?:the\s+)?(?:comparable\s+|same\s+|corresponding\s+)?year-(?:ago|earlier)(?:\s+(?:quarter|period))?))\b"
    + r"|(?P<ty>(?i:(?:later\s+|earlier\s+)?(?:that|the\s+same)\s+year|the\s+(?P<ty_rel>following|next|previous|"
    + r"prior)\s+year))\b"
    + r"|(?P<we>(?i:weekend))\b"
    + r"|(?P<fy>(?i:(?:the\s+)?(?:(?P<fy_rel>new|coming|previous|past|prior)\s+)?"
    # "financial year" is how UK, Irish, Indian and Australian copy write it
    + r"(?:full|current|fiscal|financial|current\s+fiscal|current\s+financial)\s+year(?!\s+" + _YEAR + ")"
    + r"|the\s+year(?!\s*[-'’]|\s+(?:before|after|earlier|later|ago|when|in|of|that|to|\d))"
    + rf"|(?:fiscal|financial)\s+(?:year\s+)?(?P<fy_y>{_YEAR})))\b"
    # "the (fiscal) year ended June 30, 2021" is that year (the day is read on its own)
    + rf"(?:(?=\s+(?i:ended|ending)\s+{_MONTH}\s+\d{{1,2}},?\s+(?P<fy_e>{_YEAR})))?"
    + r"|(?P<rel>(?P<rel_n>\d+|(?i:a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|few"
    + r"|the))\s+(?P<rel_u>(?i:day|week|month|year|fortnight|decade))s?"
    + r"\s+(?P<rel_d>(?i:after|later|before|earlier|ago)))\b"
    + r"|(?P<deictic>(?i:yesterday|today|tomorrow|tonight|this\s+(?:morning|afternoon|evening)"
    + r"|this\s+(?:week|month|year)|last\s+(?:week|month|year|night)"
    + r"|next\s+(?:week|month|year)|earlier\s+this\s+(?:week|month|year)|later\s+this\s+(?:week|month|year)"
    # "arrested overnight", "fell overnight against the dollar"; not "an overnight stay", "overnight rates"
    + r"|(?<!\ban\s)(?<!\bthe\s)overnight(?=\s*(?:[,.;:)]|$|\s(?:on|in|at|after|as|and|against|to|from|while|when"
    + r"|before|near|amid|following|by|with|into|across|but|for|off|out|down|up)\b))))\b"
    # "Tuesday week" (UK): the Tuesday after the coming one
    + rf"|(?P<wd>{WEEKDAY}(?:\s+(?i:morning|afternoon|evening|night))?(?P<wd_wk>\s+week(?![\w'’-]))?)\b"
    + rf"(?!,?\s+(?:{_MONTH}|\d{{1,2}}(?![\d,])))"
    + rf"|(?P<mo>{_MONTH})(?!\w|\.\w)(?!\s+\d)"
    + rf"|(?P<yr>(?<![\d,.$€£])(?<!(?<!mid)-)(?:{_YEAR}|(?P<old>1[0-7]\d\d)))"
    + r"(?![\d%-]|s\b|,\d|\s?(?:million|billion|percent|people))"
    + ")"
)

_RELATION = {
    "since": "since", "from": "since", "starting": "since", "beginning": "since", "as of": "since",
    "before": "before", "by": "before", "prior to": "before", "until": "until", "till": "until", "to": "until",
    "through": "until", "after": "after",
}
#: How far after publication a past-tense day without a year may lie and still be this year's.
_PAST_SLACK_DAYS = 45
_ORDINAL = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}
#: Prepositions of a deadline: "by August", "through January", "until Thursday" look ahead unless the words
#: around the date are in the past tense.
_DEADLINE_PREPS = frozenset({"by", "until", "till", "through"})
#: A past decision about what is to come, in the date's own clause: "agreed to extend the cuts until ...".
_COMMITTED = re.compile(r"(?i)\b(?:agreed|decided|voted|pledged|promised|vowed|resolved)\s+to\s+[a-z]+\b[^,;.]*$")
_END_OF_DEADLINE = re.compile(r"(?i)\b(?:through|until|till|by|before)\s+the\s+end(?:\s+of)?\s+$")
#: A bare year written without a preposition ("his 1996 campaign", "bonds due 1993", "that 1978 resolution")
#: is a year unless it counts something: a quantifier before it or a plural noun or unit after it ("some 1990
#: troops", "1900 GMT"). News style writes counts of a thousand or more with a comma, years without.
_COUNT_BEFORE = re.compile(r"(?i)\b(?:about|some|nearly|almost|around|approximately|roughly|over|under|than|only|"
                           r"just|another|additional|estimated|all|at)\s+$")
_COUNT_AFTER = re.compile(r"\s*(?:GMT|UTC|[ECMP][SD]T|hours?|hrs|h\b|local\b"
                          r"|(?!(?:was|has|is|as|its|his|this|us|thus|plus|versus|less|unless|across|does)\b)"
                          r"[a-z]+s\b(?!')(?<!\bearnings)"
                          r"(?<!\bsales)(?<!\belections)(?<!\bresults)(?<!\bfigures)(?<!\bprices)(?<!\brates)"
                          r"(?<!\btaxes)(?<!\breturns)(?<!\bprofits)(?<!\blosses)(?<!\brevenues)(?<!\bestimates)"
                          r"(?<!\bprojections)(?<!\bforecasts)(?<!\bgames)(?<!\bolympics)(?<!\bbudgets)"
                          r"(?<!\bplayoffs)(?<!\blevels)(?<!\bstandards)(?<!\bnumbers))")
#: The second year of a span ("from 2003 to 2012 deaths fell") is a year, whatever noun follows it.
_RANGE_BEFORE = re.compile(rf"(?i)\b(?:from|between)\s+{_YEAR}\s+(?:to|and|through|until)\s+$")
_WRITTEN_YEAR = re.compile(r"\b(?:1\d|20)\d\d\b")
_OLD_YEAR_PREPS = frozenset({"in", "since", "until", "till", "during", "before", "after"})
#: These "prepositions" are needed before a lone month or year (so "May" the verb or "2015 votes" are not dates).
_ANCHORING_PREPS = frozenset(
    "on in since from until till through by before after during as of starting beginning prior to early late mid to "
    "last this next a an the of between and into for".split()
)
def _safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _infer_year(month: int, day: int | None, published: dt.date | None, future: bool | None) -> int | None:
    """Year of a date written without one: the publication year, or the previous/next year when closer in
    the tense's direction (a past-tense "in December" in a March article is last December); with no tense
    marker near the date (``future`` None), the occurrence nearest to the publication date."""
    if published is None:
        return None
    y = published.year
    if future is None:
        # a month alone ("in March") mostly tells what happened: a month ahead counts at twice its distance
        ahead = 1 if day else 2
        cands = [c for c in (_safe_date(y + k, month, day or 15) for k in (-1, 0, 1)) if c is not None]
        if not cands:
            return y
        return min(cands, key=lambda c: abs((c - published).days) * (ahead if c > published else 1)).year
    cand = _safe_date(y, month, day or 1)
    if cand is None:
        return y
    if future:
        if (cand.year, cand.month, day or 31) < (published.year, published.month, published.day if day else 1):
            return y + 1
        return y
    if day is None:
        return y - 1 if month > published.month else y
    # a past-tense sentence still means this year for a date a few weeks ahead ("record date Nov. 16", "must be
    # returned by Jan. 14" in an article of early January)
    return y - 1 if cand > published + dt.timedelta(days=_PAST_SLACK_DAYS) else y


def _month_no(raw: str) -> int:
    return MONTHS[raw.lower().rstrip(".")]


def find_dates(
    v: str,
    start: int,
    end: int,
    published: dt.date | None,
    context_anchor: Anchor | dt.date | None = None,
    context_quarter: tuple[int, int] | None = None,
    context_year: int | None = None,
    narrative: bool = False,
) -> list[dict[str, Any]]:
    """Dates in ``v[start:end]`` (the normalised view), offsets absolute.

    ``context_anchor`` is the last date of the preceding sentences (``anchored.Anchor``; a date is a day):
    "Patrushev's remarks came one week after ..." is counted from the day of the remarks, not from publication,
    and a narrative years back gives its year to a date without one (``narrative_year``). The sentence's
    tense near the date (``local_tense``, else the sentence's ``FUTURE``) decides which way a date without a
    year goes from the publication date. ``context_quarter`` (year, quarter) is the last fiscal quarter the
    article spoke of: "the quarter", "the year-ago period" and "a year earlier" refer to it (items carry
    ``_quarter`` so the caller can pass it on). ``context_year`` is the last year the article wrote out:
    "that year", "the following year" count from it. ``narrative``: the text so far has told of no time
    relative to publication ("on Tuesday", "yesterday", "last week"; such items carry ``_dct``): only then do
    a month or year written out anchor what follows and lend their year (news tells background so, and
    "in April" after "the Dec. 21, 1988, bombing" is still this April).
    """
    sentence_future = bool(FUTURE.search(v, start, end))
    found: list[dict[str, Any]] = []
    pending: list[tuple[dict[str, Any], re.Match[str], tuple[int, int] | None]] = []
    quarter = context_quarter
    context = anchor = as_anchor(context_anchor)
    periods = find_periods(v, start, end, published, lambda a, b: local_tense(v, start, end, a, b) or (
        "future" if sentence_future else None))
    anchored = find_anchored(v, start, end)
    found.extend(periods + [a for a, _ in anchored])
    for m in DATE.finditer(v, start, end):
        if any(p["start"] < m.end() and m.start() < p["end"] for p in found):
            continue  # "Q1 2027", "Black Friday", "the first half of 2026", "the next day": read above
        item = _item(m)
        if m.group("rel"):
            pending.append((item, m, quarter))
            found.append(item)
            continue
        prep = (m.group("prep") or "").lower()
        future, deadline = _direction(v, start, end, m, prep, sentence_future)
        if m.group("yr") and ((not prep or m.group("old")) and _a_count(v, start, end, m)
                              or CLOCK.match(v, m.start("yr"))) or (m.group("old") and prep not in _OLD_YEAR_PREPS):
            continue  # "some 1990 troops", "by 1800 GMT" (a time of day)
        if m.group("ty"):
            year = _that_year(m, context_year, published)
            if year is not None:
                item.update(granularity="year", value=f"{year:04d}", _date=dt.date(year, 1, 1), _ref=True)
                found.append(item)
            continue
        if m.group("q") or m.group("qref"):
            q = _quarter(m, published, future, quarter, ahead=deadline)
            if q is None:
                continue
            item.update(granularity="quarter", value=f"{q[0]:04d}-Q{q[1]}", _quarter=q, _ref=bool(m.group("qref")))
            quarter = q if sets_quarter(item, published) else quarter
            found.append(item)
            continue
        narr = _narrative(m, prep, anchor, published, future) if narrative else None
        wd_day = narrative_weekday(m.group("wd"), prep, anchor, narr)  # "On Tuesday" in a narrative of June 1944
        resolved = (wd_day, "day") if wd_day else _resolve(m, item, published, future, narr)
        if resolved is None:
            continue
        value, gran = resolved
        item.update(granularity=gran, value=_iso(value, gran) if value else None, _date=value)
        found.append(item)
        if (m.group("wd") and not wd_day) or m.group("deictic") or m.group("we"):
            item["_dct"] = True
            narrative = False
        elif value and _WRITTEN_YEAR.search(v, m.start(), m.end()):
            context_year = value.year  # "in June 1998 and returned later that year"
        anchor = next_anchor([item], v, anchor, coarse=narrative)
    for item, m, q in pending:
        resolve_counted(item, m, found, published, context, q)
    for item, m in anchored:
        resolve_anchored(m, item, found, published, context)
    return _drop_overlaps([f for f in found if not f.pop("_unresolved", False)])


def _that_year(m: re.Match[str], context_year: int | None, published: dt.date | None) -> int | None:
    """"that year", "the following year" from the last year written out; with none, "the previous year" is the
    one before publication's ("profits rose compared with the previous year")."""
    shift = {"following": 1, "next": 1, "previous": -1, "prior": -1}.get((m.group("ty_rel") or "").lower(), 0)
    if context_year is None:
        return published.year - 1 if published and shift < 0 else None
    return context_year + shift


def _narrative(m: re.Match[str], prep: str, anchor: Anchor | None, published: dt.date | None,
               future: bool | None) -> int | None:
    """The narrative's year for a date written without one ("In April", "On 3 January"; not "last March")."""
    if prep in ("last", "next", "this"):
        return None
    mon = m.group("md_m") or m.group("dm_m") or m.group("mo")
    return narrative_year(anchor, published, future, _month_no(mon) if mon else None)


def _a_count(v: str, start: int, end: int, m: re.Match[str]) -> bool:
    """Does a bare year count something ("some 1990 troops", "1900 GMT")? Not the end of a span of years."""
    return bool((_COUNT_BEFORE.search(v, max(start, m.start() - 16), m.start())
                 or _COUNT_AFTER.match(v, m.end(), min(end, m.end() + 24)))
                and not _RANGE_BEFORE.search(v, max(start, m.start() - 20), m.start()))


def _direction(v: str, start: int, end: int, m: re.Match[str], prep: str,
               sentence_future: bool) -> tuple[bool | None, bool]:
    """(future, deadline) for a date without a year: the tense near it, overridden by its preposition
    ("since", "last" look back; "until Tuesday", "by August", "through the end of the first quarter" ahead)."""
    tense = local_tense(v, start, end, m.start(m.lastindex or 0), m.end())
    future: bool | None = (tense == "future") if tense else (True if sentence_future else None)
    lead = not v[start:m.start()].strip() or v[start:m.start()].rstrip().endswith(",")
    if prep in ("since", "last"):
        return False, False
    if prep in _DEADLINE_PREPS and m.group("wd"):
        # "postponed until Tuesday" looks ahead; "Until Thursday, they had not ..." opens a past clause
        return not (lead and tense == "past"), False
    if prep in ("of", "the") and _END_OF_DEADLINE.search(v, max(start, m.start() - 30), m.start()):
        # "keep cuts in place through the end of the first quarter" looks ahead
        ahead = not (lead and tense == "past")
        return ahead, ahead
    if prep in _DEADLINE_PREPS and (m.group("mo") or m.group("eo")) and (
            tense != "past" or _COMMITTED.search(v, max(start, m.start() - 80), m.start())):
        return True, False  # "until June", "agreed to extend the cuts until the end of March": a deadline ahead
    if prep == "the" and m.group("mo") and v.startswith(" quarter", m.end()):
        return False, False  # "similar to the June quarter": the quarter a company reports, just ended
    return future, False


def _item(m: re.Match[str]) -> dict[str, Any]:
    """The date's dict with its offsets: the preposition is kept when it carries the relation or is on/in."""
    prep = (m.group("prep") or "").lower()
    s = m.start() if prep and prep not in ("a", "an", "the", "of", "and", "between", "last", "this", "next",
                                            "early", "late", "mid") else m.start(m.lastindex or 0)
    if prep in ("on", "in", "during") or (m.group("we") and prep in ("last", "this", "next")):
        s = m.start()
    relation = _RELATION.get(prep, "on")
    outer = (_OUTER_PREP.search(m.string, max(0, m.start() - 12), m.start()) if prep in ("early", "late", "mid")
             else None)
    if outer:  # "until mid-June", "by early next year": the relation is the preposition's before the part
        relation, s = _RELATION[outer.group(1).lower()], outer.start(1)
    return {"text": "", "value": None, "granularity": "day", "relation": relation, "start": s, "end": m.end()}


_OUTER_PREP = re.compile(r"(?i)\b(since|from|until|till|through|by|before|after)\s+$")


def reported_quarter(q: tuple[int, int], published: dt.date | None) -> bool:
    """Has quarter ``q`` ended by publication? Only such a quarter is the one "the quarter", "the year-ago
    period" and "the latest quarter" point back to: a company reports a quarter after it ends, so a forecast for
    the current or a later quarter ("expects losses through the third quarter of 1990") is no reporting context."""
    return published is None or q < (published.year, (published.month - 1) // 3 + 1)


def sets_quarter(item: dict[str, Any], published: dt.date | None) -> bool:
    """Does a found date become the article's quarter context (a quarter written out, not a reference back,
    that has ended by publication)?"""
    return bool(item.get("_quarter")) and not item.get("_ref") and reported_quarter(item["_quarter"], published)


def _quarter(m: re.Match[str], published: dt.date | None, future: bool | None,
             context: tuple[int, int] | None, ahead: bool = False) -> tuple[int, int] | None:
    """(year, quarter) of "the third quarter", "next year's first quarter", "the fourth quarter of 1990", or of
    a reference back ("the quarter", "the latest period", "the year-ago quarter") to the ``context`` quarter.
    A quarter without a year is the publication year's (companies report the quarter just ended), or last
    year's when it has not begun yet and no future tense is near."""
    g = m.groupdict()
    current = (published.month - 1) // 3 + 1 if published else 0
    if g["qref"]:
        if re.search(r"(?i)\bcurrent\b", g["qref"]) and published:
            return published.year, current
        if context is None:
            return None
        if g["qref_y"]:
            return int(g["qref_y"]), context[1]
        back = "year-" in g["qref"].lower()
        return (context[0] - 1, context[1]) if back else context
    n = _ORDINAL[g["q_n"].lower()]
    if g["q_y"] or g["q_y2"]:
        return int(g["q_y"] or g["q_y2"]), n
    if g["q_of"] and published:  # "the second quarter of last year"
        return published.year + {"last": -1, "next": 1}.get(g["q_of"].lower(), 0), n
    if published is None:
        return None
    rel = (g["q_rel"] or "").lower()
    y = published.year
    if g["q_poss"]:
        return y + {"next": 1, "last": -1}.get(rel, 0), n
    if "year-" in rel:
        return y - 1, n
    if rel == "next":
        return (y + 1, n) if n <= current else (y, n)
    if rel == "last" and n >= current or (not future and n > current):
        return y - 1, n
    if ahead and rel != "this" and n < current:
        # a deadline ("through the end of the first quarter", in December) is next year's; a quarter merely
        # near a future verb is not (companies expect results "in the first quarter" of the year reported)
        return y + 1, n
    return y, n


def _resolve(m: re.Match[str], item: dict[str, Any], published: dt.date | None,
             future: bool | None, narrative: int | None = None) -> tuple[dt.date | None, str] | None:
    """(value, granularity) of an explicit or deictic date; None when the match is not a date after all.
    ``narrative`` is the year a date written without one takes from the text before it."""
    g = m.groupdict()
    prep = (g["prep"] or "").lower()
    if g["iso"]:
        return _safe_date(int(g["iy"]), int(g["im"]), int(g["id"])), "day"
    if g["md"] or g["dm"]:
        mon = _month_no(g["md_m"] or g["dm_m"])
        day = int(g["md_d"] or g["dm_d0"] or g["dm_d"])
        if not (1 <= day <= 31):
            return None
        yr_raw = g["md_y"] or g["dm_y"]
        year = int(yr_raw) if yr_raw else narrative or _infer_year(mon, day, published, future)
        return (_safe_date(year, mon, day) if year else None), "day"
    if g["my"]:  # "March 2025", "March next year" (the year counted from publication)
        shift = {"next": 1, "last": -1}.get((g["my_r"] or "").lower(), 0)
        year = int(g["my_y"]) if g["my_y"] else published.year + shift if published else None
        return (_safe_date(year, _month_no(g["my_m"]), 1) if year else None), "month"
    if g["fy"]:
        if g["fy_y"] or g["fy_e"]:
            return dt.date(int(g["fy_y"] or g["fy_e"]), 1, 1), "year"
        rel = (g["fy_rel"] or "").lower()
        # "the coming / next fiscal year" is next year's, "last / the previous fiscal year" last year's;
        # "the new fiscal year" is the one about to start unless the sentence tells of it in the past
        shift = (1 if rel == "coming" or prep == "next" or (rel == "new" and future)
                 else -1 if rel in ("previous", "past", "prior") or prep == "last" else 0)
        return (dt.date(published.year + shift, 1, 1) if published else None), "year"
    if g["we"]:
        return weekend(prep, published, future), "weekend"
    if g["eo"]:
        if prep in ("before", "by", "until", "till", "prior to"):
            item["relation"] = "before"
        unit = (g["eo_u"] or g["eo_u2"]).lower().rstrip(".")
        if narrative and (g["eo_rel"] or "the").lower() == "the" and (unit == "year" or unit in MONTHS):
            mon = MONTHS.get(unit, 12)  # "by the end of the year" in a narrative of 1932
            return dt.date(narrative, mon, calendar.monthrange(narrative, mon)[1]), "day"
        return _end_of(g, published, future), "day"
    if g["deictic"]:
        return deictic(g["deictic"], published, future)
    if g["wd"]:
        if g["wd_wk"] or _WEEK_ON.search(_v_before(m)):
            day = weekday(g["wd"], prep, published, True)  # "Tuesday week", "a week on Tuesday": a week later
            return (day + dt.timedelta(days=7) if day else None), "day"
        return weekday(g["wd"], prep, published, future), "day"
    if g["mo"]:
        if prep not in _ANCHORING_PREPS:
            return None
        if narrative:
            return dt.date(narrative, _month_no(g["mo"]), 1), "month"
        return _month_only(_month_no(g["mo"]), prep, published, future), "month"
    if g["yr"]:
        if prep and prep not in _ANCHORING_PREPS:
            return None
        return dt.date(int(g["yr"]), 1, 1), "year"
    return None


#: "a week on Tuesday", "a week from Friday" (UK): the weekday after the coming one.
_WEEK_ON = re.compile(r"(?i)\ba\s+week\s+(?:on|from)\s+$")


def _v_before(m: re.Match[str]) -> str:
    """The dozen characters before a match, its preposition included."""
    return m.string[max(0, m.start() - 14):m.start(m.lastindex or 0)]


def _end_of(g: dict[str, Any], published: dt.date | None, future: bool | None) -> dt.date | None:
    """"the end of the year / of March / of 2018 / of next month"."""
    unit = (g["eo_u"] or g["eo_u2"]).lower().rstrip(".")
    rel = (g["eo_rel"] or "the").lower()
    if unit.isdigit():
        return dt.date(int(unit), 12, 31)
    if unit in MONTHS:
        mon = MONTHS[unit]
        year = _infer_year(mon, None, published, future) if published else None
        return _safe_date(year, mon, calendar.monthrange(year, mon)[1]) if year else None
    if published is None:
        return None
    shift = {"next": 1, "last": -1}.get(rel, 0)
    if unit == "year":
        return dt.date(published.year + shift, 12, 31)
    if unit == "month":
        first = _add_months(published.replace(day=1), shift)
        return first.replace(day=calendar.monthrange(first.year, first.month)[1])
    return published + dt.timedelta(days=6 - published.weekday() + 7 * shift)


def _month_only(mon: int, prep: str, published: dt.date | None, future: bool | None) -> dt.date | None:
    if published is None:
        return None
    if prep == "next":
        year = published.year + (1 if mon <= published.month else 0)
    elif prep == "last":
        year = published.year - (1 if mon >= published.month else 0)
    else:
        year = _infer_year(mon, None, published, future)
    return _safe_date(year, mon, 1) if year else None


def _drop_overlaps(found: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """In text order; of two overlapping dates the first (the longest at that start) wins."""
    found.sort(key=lambda f: f["start"])
    out: list[dict[str, Any]] = []
    for f in found:
        if out and f["start"] < out[-1]["end"]:
            continue
        out.append(f)
    return out
