"""Reporting periods and fixed holidays that ``dates.DATE`` does not read: "Q1 2027", "FY25", "H1 2026",
"the first half of the year", "Christmas", "New Year's Day".

Company and government copy names periods this way; each resolves to a value a reviewer can check:
"2027-Q1" (quarter), "2025" (a fiscal year, by its number), "2026-H1" (half), "2026-12-25" (day).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import Any

from .anchored import MONTH_NAME, MONTHS, add_months, iso

_YEAR = r"(?:1[89]\d\d|20\d\d)"
_NUMS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
         "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "eighteen": 18, "twenty": 20}
_NUMWORD = r"(?:\d{1,3}|" + "|".join(_NUMS) + r")"
#: Words near "the first half" that make it a period of a year, not of a match ("scored in the first half").
_BUSINESS = re.compile(r"(?i)\b(?:sales|profits?|revenues?|earnings|results|growth|GDP|economy|output|inflation|"
                       r"prices|turnover|income|losses|margins?|orders|deliveries|shipments|exports|imports)\b")
PERIOD = re.compile(
    rf"(?<![\w-])(?:(?P<qq>(?-i:Q)(?P<qq_n>[1-4])(?:\s*(?-i:FY)\s?['’]?(?P<qq_fy>{_YEAR}|\d\d)(?!\d)|\s+(?P<qq_y>{_YEAR})|\s*['’]?(?P<qq_y2>\d\d)(?!\d))?"
    rf"|(?P<qq_pre>{_YEAR})\s+(?-i:Q)(?P<qq_n2>[1-4]))"
    # a year written as two ("FY2023-24", "the 2023/24 season", "financial year 2024-25": _split_year)
    rf"|(?P<ys>(?P<ys_fy>(?-i:FY)\s?)?(?P<ys_a>{_YEAR})[-–/](?P<ys_b>\d\d)(?![\d%]|[-–/.]\d)"
    r"(?P<ys_s>\s+(?:season|campaign|school\s+year|academic\s+year))?)"
    # a sports season told from publication: left unresolved (its months are the sport's)
    r"|(?P<ss>(?:last|this|next|the\s+(?:previous|current|coming|new))\s+season(?![\w'’]))"
    # "(will be announced) in the new year": the year about to begin
    r"|(?P<ny>(?<=\bin\s)the\s+new\s+year(?![\w'’-]))"
    rf"|(?P<fy>(?-i:FY)\s?['’]?(?P<fy_y>{_YEAR}|\d\d))"
    # a quarter named by its months ("the July-September quarter", "April-June") or by its last month ("the March
    # quarter", Australian and company copy)
    rf"|(?P<mq>(?:(?P<mq_a>{MONTH_NAME})\s*(?:[-–]|to)\s*(?P<mq_b>{MONTH_NAME})(?:\s+(?P<mq_y>{_YEAR}))?(?:\s+quarter)?"
    rf"|(?<=\bthe\s)(?P<mq_e>{MONTH_NAME})(?:\s+(?P<mq_y2>{_YEAR}))?\s+quarter)(?!\s+(?:of|to|ended|ending)\b))"
    rf"|(?P<hh>(?-i:H)(?P<hh_n>[12])(?:\s+(?P<hh_y>{_YEAR}))?|(?P<hh_n2>[12])(?-i:H)\s?['’]?(?P<hh_y2>{_YEAR}|\d\d)(?!\d))"
    rf"|(?P<half>(?:the\s+)?(?P<half_n>first|second)\s+half(?:\s+of\s+(?:(?P<half_y>{_YEAR})"
    rf"|(?P<half_rel>this|last|next|the)\s+year))?)"
    rf"|(?P<season>(?:(?P<s_rel>last|this|next|early|late|mid)[\s-]+)?(?P<s>spring|summer|autumn|fall|winter)"
    rf"(?:\s+(?:of\s+)?(?P<s_y>{_YEAR}))?)"
    rf"|(?P<ahead>(?:(?<=\bin\s)|(?P<within>within\s+(?:the\s+next\s+)?))(?P<a_n>{_NUMWORD})\s+(?P<a_u>day|week|fortnight|month|year)s?"
    r"(?:['’]s?\s+time)?|(?P<fn_n>" + _NUMWORD + r")\s+(?P<fn_u>day|week|month|year)s?\s+from\s+now)"
    r"|(?P<bl>the\s+(?P<bl_u>day|week|month|year)\s+(?P<bl_d>before\s+(?:last|yesterday)|after\s+(?:next|tomorrow)))"
    r"|(?P<ap>(?<=\bin\s)['’](?P<ap_y>\d\d))"
    r"|(?P<nth>(?<=\bon\sthe\s)(?P<nth_d>[1-9]|[12]\d|3[01])(?:st|nd|rd|th)(?!\s+(?:of\s+)?(?:jan|feb|mar|apr|may|jun"
    r"|jul|aug|sep|oct|nov|dec)))"  # "on the 4th of January" is read by dates.DATE
    r"|(?P<num>(?<![\d./])(?P<n1>\d{1,2})(?P<sep>[/.])(?P<n2>\d{1,2})(?P=sep)(?P<n3>(?:1[89]|20)\d\d|(?<=/)\d\d)"
    r"(?![\d/]|\.\d)|(?<![\d./])(?P<ymd>(?:1[89]|20)\d\d)/(?P<ymd_m>\d{1,2})/(?P<ymd_d>\d{1,2})(?![\d/]|\.\d))"
    # "the 1990s", "the mid-1970s" ("2020's first quarter" is the year's)
    r"|(?P<dec>(?:(?:early|late|mid)[\s-]+)?(?P<dec_y>1[89]\d0|20\d0)(?:s|['’]s(?!\s+[a-z])))"
    r"|(?P<hol>Christmas(?:\s+(?:Day|Eve))?|Boxing\s+Day|Good\s+Friday"
    r"|(?-i:Easter)(?:\s+(?:Sunday|Monday))?(?!\s+(?-i:[A-Z])|\s+(?:eggs?|holidays?\s+camp)\b)|New\s+Year['’]s\s+(?:Day|Eve)|Halloween"
    r"|Valentine['’]s\s+Day|Thanksgiving(?:\s+Day)?|Black\s+Friday))(?![\w-])",
    re.IGNORECASE,
)
_FIXED = {"christmas": (12, 25), "christmas day": (12, 25), "christmas eve": (12, 24), "boxing day": (12, 26),
          "new year's day": (1, 1), "new year's eve": (12, 31), "halloween": (10, 31), "valentine's day": (2, 14)}


def find_periods(v: str, start: int, end: int, published: dt.date | None,
                 tense_at: Any) -> list[dict[str, Any]]:
    """Periods in ``v[start:end]`` (``v`` the whole article's view: its own order of day and month reads
    "03/04/2024"); ``tense_at(s, e)`` gives "past", "future" or None for the words there."""
    out: list[dict[str, Any]] = []
    for m in PERIOD.finditer(v, start, end):
        g = m.groupdict()
        if g["season"] and not _a_season(v, start, m):
            continue  # "prices fall", "the fall of the Wall", "a summer job": no season of a year
        if g["half"] and not (g["half_y"] or g["half_rel"]) and not _BUSINESS.search(v, start, end):
            continue
        if g["a_n"] and _SPAN_BEFORE.search(v, max(start, m.start() - 40), m.start()):
            continue  # "for the second time in three months", "the lowest level in five years": a span, no date
        if g["ys"]:
            g["_fiscal"] = bool(_FISCAL_AROUND.search(v, max(start, m.start() - 24), m.start())
                                or _FISCAL_AFTER.match(v, m.end()))
        value = _value(g, published, tense_at(m.start(), m.end()), v)
        if value is None:
            continue
        rel = _PREP_BEFORE.search(v, max(start, m.start() - 12), m.start())
        rel = rel if rel and (g["dec"] or rel.group(1).lower() not in ("in", "during")) else None
        item = {"text": "", "value": value[0], "granularity": value[1],
                "relation": "before" if g["within"] else _RELATION[rel.group(1).lower()] if rel else "on",
                "start": rel.start(1) if rel else m.start(), "end": m.end()}
        if value[1] == "day" and value[0]:
            item["_date"] = dt.date.fromisoformat(value[0])
        out.append(item)
    return out


#: Words that make "2023-24" a fiscal year: before it ("financial year 2023-24", "fiscal 2023/24", "the tax year
#: 2024-25") or after it ("the 2024-25 budget", "2023-24 financial year", "in 2023/24 fiscal").
_FISCAL_AROUND = re.compile(r"(?i)\b(?:financial|fiscal|tax|budget|accounting)(?:\s+year)?\s+(?:of\s+)?$")
_FISCAL_AFTER = re.compile(r"(?i)\s+(?:financial|fiscal|tax|budget|accounting)\b")
#: A preposition before a period that carries its relation ("since the 1970s", "by next spring", "until Christmas");
#: "in" is kept with a decade only ("in the 1990s", as "in March"; "in '98" stays "'98").
_PREP_BEFORE = re.compile(r"(?i)\b(since|by|before|until|till|after|in|during)\s+(?:the\s+)?$")
_RELATION = {"since": "since", "by": "before", "before": "before", "until": "until", "till": "until", "after": "after",
             "in": "on", "during": "on"}
#: Before "in N months", words that make it the span a record or a count covers, not a time ahead: "the first
#: time in a decade", "for the third time in two weeks", "its lowest level in five years", "the biggest weekly gain
#: in two years" (up to two words after the superlative, none of them a verb of what is to come: "the largest plant
#: will open in two years" looks ahead).
_SPAN_BEFORE = re.compile(r"(?i)\b(?:(?:[a-z]{3,}est|most|least|first|only|record)(?:\s+(?!(?:will|would|can|could|may|"
                          r"might|shall|to|be|is|are|opens|starts|begins)\b)[a-z-]+){0,2}|times?|level|high|low)\s+in\s+$")
_SEASON_PREP = re.compile(r"(?i)\b(?:in|during|over|by|until|through|since)\s+(?:the\s+)?$")


def _a_season(v: str, start: int, m: re.Match[str]) -> bool:
    """A season of a year: with a year, with last/this/next, or after "in (the)" ("fall" only with a year or
    last/this/next: "prices fall", "the fall of the Wall")."""
    if m.group("s_y") or (m.group("s_rel") or "").lower() in ("last", "this", "next"):
        return True
    return (m.group("s").lower() != "fall" and not v.startswith(" of", m.end())
            and bool(_SEASON_PREP.search(v, max(start, m.start() - 16), m.start())))


def _value(g: dict[str, Any], published: dt.date | None, tense: str | None,
           v: str = "") -> tuple[str | None, str] | None:
    year = published.year if published else None
    if g["qq"]:
        n = int(g["qq_n"] or g["qq_n2"])
        # "Q1 FY25" is named by its fiscal year, as TE3's "the fiscal first quarter" (1989-Q1) is
        fy = g["qq_fy"] or ""
        y = _year(g["qq_y"] or g["qq_pre"] or (fy if len(fy) == 4 else None),
                  g["qq_y2"] or (fy if len(fy) == 2 else None))
        if y is None and year is not None:
            current = (published.month - 1) // 3 + 1
            y = year + (1 if tense == "future" and n < current else -1 if tense == "past" and n > current else 0)
        return (f"{y:04d}-Q{n}", "quarter") if y else None
    if g["fy"]:
        y = _year(g["fy_y"] if len(g["fy_y"]) == 4 else None, g["fy_y"] if len(g["fy_y"]) == 2 else None)
        return (f"{y:04d}", "year") if y else None
    if g["ny"] and published is not None:  # ahead, the next year; told in its first weeks, this one
        return (f"{published.year + 1:04d}", "year") if tense == "future" else (
            (f"{published.year:04d}", "year") if published.month <= 2 else None)
    if g["ys"] or g["ss"]:
        return _split_year(g)
    if g["mq"]:
        return _month_quarter(g, published, tense)
    if g["hh"] or g["half"]:
        n = int(g["hh_n"] or g["hh_n2"]) if g["hh"] else (1 if g["half_n"].lower() == "first" else 2)
        y2 = g["hh_y2"] or ""  # "1H24", "2H 2024"
        y = _year(g["hh_y"] or g["half_y"] or (y2 if len(y2) == 4 else None), y2 if len(y2) == 2 else None)
        rel = (g["half_rel"] or "").lower()
        if y is None and year is not None:
            y = year + {"last": -1, "next": 1}.get(rel, 0)
            if not rel and n == 2 and published.month <= 6 and tense == "past":
                y -= 1  # "sales fell in the second half" in a spring article: last year's
        return (f"{y:04d}-H{n}", "half") if y else None
    if g["season"]:
        return _season(g, published, tense)
    if g["ahead"] and published is not None:
        return _ahead(g, published, tense)
    if (g["bl"] or g["ap"]) and published is not None:
        return _two_away(g, published)
    if g["nth"] and published is not None:
        day = int(g["nth_d"])
        first = published.replace(day=1)
        if tense == "future" and day < published.day:
            first = (first + dt.timedelta(days=32)).replace(day=1)
        elif tense != "future" and day > published.day:
            first = (first - dt.timedelta(days=1)).replace(day=1)
        try:
            return first.replace(day=day).isoformat(), "day"
        except ValueError:
            return None
    if g["num"] or g["ymd"]:
        return _numeric(g, v)
    if g["dec"]:  # "in the 1990s", "since the early 1970s": the decade, as TimeML writes it
        return f"{g['dec_y'][:3]}X", "decade"
    if g["hol"] and year is not None:
        return _holiday(g["hol"], published, tense)
    return None


def _split_year(g: dict[str, Any]) -> tuple[str | None, str] | None:
    """A fiscal year written as two ("FY2023-24", "financial year 2023-24", "the 2024/25 budget") is named by the year
    it ends in, as "FY24" and "fiscal 1989" are; a season ("the 2023-24 season", "last season") is left
    unresolved, and so is a bare "2023-24", which may be either. Two years not in a row are a span: no match."""
    if g["ss"]:
        return None, "season"
    a, b = int(g["ys_a"]), int(g["ys_b"])
    if b != (a + 1) % 100:
        return None
    if g["ys_s"]:
        return None, "season"
    if g["ys_fy"] or g.get("_fiscal"):
        return f"{a + 1:04d}", "year"
    return None, "year"




def _month_quarter(g: dict[str, Any], published: dt.date | None, tense: str | None) -> tuple[str, str] | None:
    """"the July-September quarter", "April-June 2023", "the March quarter": the calendar quarter those months make
    (no other span of months); without a year the latest over by publication (a quarter is reported after it ends),
    or in a sentence that looks ahead the first not yet over when that is this quarter or the next ("expects growth
    similar to the June quarter" in August is the June just reported)."""
    last = MONTHS[(g["mq_b"] or g["mq_e"]).lower()[:3]]
    if last % 3 or (g["mq_a"] and MONTHS[g["mq_a"].lower()[:3]] != last - 2):
        return None
    n = last // 3
    if g["mq_y"] or g["mq_y2"]:
        return f"{g['mq_y'] or g['mq_y2']}-Q{n}", "quarter"
    if published is None:
        return None
    cur = (published.month - 1) // 3 + 1
    y = published.year
    ahead = y + (n < cur)  # the first not yet over: looked ahead to only when it is this quarter or the next
    if tense == "future" and (ahead - y) * 4 + n - cur <= 1:
        return f"{ahead:04d}-Q{n}", "quarter"
    return f"{y - (n >= cur):04d}-Q{n}", "quarter"


def _two_away(g: dict[str, Any], published: dt.date) -> tuple[str, str]:
    """"the day before yesterday", "the week before last", "the year after next"; "in '98" (the latest such
    year up to one after publication)."""
    if g["ap"]:
        y = 2000 + int(g["ap_y"])
        return f"{y - 100 if y > published.year + 1 else y:04d}", "year"
    unit, sign = g["bl_u"].lower(), (-2 if g["bl_d"].lower().startswith("before") else 2)
    if unit in ("day", "week"):
        return (published + dt.timedelta(days=sign * (7 if unit == "week" else 1))).isoformat(), unit
    if unit == "month":
        return iso(add_months(published.replace(day=1), sign), "month"), "month"
    return f"{published.year + sign:04d}", "year"


def _numeric(g: dict[str, Any], v: str) -> tuple[str | None, str] | None:
    """"3/14/2021" and "3/14/21" (US: month first, unless the first number cannot be a month), "14.03.2021"
    (European: day first, unless the second cannot be a month), "2021/03/14". ``order``: the article's own order
    of day and month (``numeric_order`` of the view ``v``) reads "03/04/2024"; an article that does not tell
    leaves it unresolved."""
    if g["ymd"]:
        y, mo, d = int(g["ymd"]), int(g["ymd_m"]), int(g["ymd_d"])
    else:
        a, b, y = int(g["n1"]), int(g["n2"]), int(g["n3"]) if len(g["n3"]) == 4 else 2000 + int(g["n3"])
        order = numeric_order(v) if g["sep"] == "/" and a != b and a <= 12 and b <= 12 else False
        if order is None:
            return None, "day"
        day_first = (g["sep"] == "." and b <= 12) or a > 12 or (bool(order) and b <= 12)
        mo, d = (b, a) if day_first else (a, b)
    try:
        return dt.date(y, mo, d).isoformat(), "day"
    except ValueError:
        return None


_NUM_DATE = re.compile(r"(?<![\d./])(\d{1,2})([/.])(\d{1,2})\2(?:(?:1[89]|20)\d\d|\d\d)(?![\d/]|\.\d)")
_DAY_MONTH = re.compile(r"(?<![\d,.])\b(?:[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?\s+" + MONTH_NAME)
_MONTH_DAY = re.compile(MONTH_NAME + r"\s+(?:[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?(?![\d:])")


@functools.lru_cache(maxsize=8)
def numeric_order(v: str) -> bool | None:
    """Does the article write the day first? Its own evidence decides: a numeric date that can only be read one
    way ("25/03/2024", "3/14/2024", "17.04.2024") or the order of day and month where it spells the month
    ("14 March" against "March 14"). None when it does not tell or tells both ways equally."""
    score = 0
    for m in _NUM_DATE.finditer(v):
        a, b = int(m.group(1)), int(m.group(3))
        score += 3 if (a > 12 >= b or m.group(2) == ".") else -3 if b > 12 >= a else 0
    score += len(_DAY_MONTH.findall(v)) - len(_MONTH_DAY.findall(v))
    return None if score == 0 else score > 0


def _year(four: str | None, two: str | None) -> int | None:
    if four:
        return int(four)
    if two:
        return 2000 + int(two)
    return None


def _holiday(raw: str, published: dt.date, tense: str | None) -> tuple[str, str] | None:
    """This year's, or the nearest one in the sentence's direction."""
    name = re.sub(r"\s+", " ", raw.lower()).replace("’", "'")
    cands = []
    for y in (published.year - 1, published.year, published.year + 1):
        if name in _FIXED:
            cands.append(dt.date(y, *_FIXED[name]))
        elif "easter" in name or name == "good friday":  # "over Easter" is its Sunday
            cands.append(_easter(y) + dt.timedelta(days=1 if "monday" in name else -2 if "friday" in name else 0))
        else:  # Thanksgiving: the fourth Thursday of November; Black Friday the day after
            nov1 = dt.date(y, 11, 1)
            day = nov1 + dt.timedelta(days=(3 - nov1.weekday()) % 7 + 21)
            cands.append(day + dt.timedelta(days=1) if "friday" in name else day)
    if tense == "future":
        pool = [c for c in cands if c >= published]
    elif tense == "past":
        pool = [c for c in cands if c <= published]
    else:
        pool = cands
    best = min(pool or cands, key=lambda c: abs((c - published).days))
    return best.isoformat(), "day"


def _easter(y: int) -> dt.date:
    """Easter Sunday of year ``y`` (the Gregorian computus)."""
    a, b, c = y % 19, y // 100, y % 100
    h = (19 * a + b - b // 4 - (b - (b + 8) // 25 + 1) // 3 + 15) % 30
    k = (32 + 2 * (b % 4) + 2 * (c // 4) - h - c % 4) % 7
    m = (a + 11 * h + 22 * k) // 451
    month, day = divmod(h + k - 7 * m + 114, 31)
    return dt.date(y, month, day + 1)


_SEASON_START = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}
_SEASON_CODE = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}


def _season(g: dict[str, Any], published: dt.date | None, tense: str | None) -> tuple[str, str] | None:
    """"next spring" -> "2027-SP" (northern seasons; winter is named by the year of its December): the season
    named, in the sentence's direction when no year is written."""
    name = g["s"].lower()
    if g["s_y"]:
        return f"{int(g['s_y']):04d}-{_SEASON_CODE[name]}", "season"
    if published is None:
        return None
    starts = [dt.date(y, _SEASON_START[name], 1) for y in (published.year - 1, published.year, published.year + 1)]
    rel = (g["s_rel"] or "").lower()
    current = next((s for s in starts if s <= published < _add_quarter(s)), None)
    if rel == "next" or (rel != "last" and tense == "future" and current is None):
        pick = min((s for s in starts if s > published), default=starts[-1])
    elif rel == "last" or tense == "past":
        pick = max((s for s in starts if _add_quarter(s) <= published), default=starts[0])
    else:
        pick = current or min(starts, key=lambda s: abs((s - published).days))
    return f"{pick.year:04d}-{_SEASON_CODE[name]}", "season"


def _add_quarter(d: dt.date) -> dt.date:
    y, m = divmod(d.month - 1 + 3, 12)
    return dt.date(d.year + y, m + 1, 1)


def _ahead(g: dict[str, Any], published: dt.date, tense: str | None) -> tuple[str, str] | None:
    """"(will reopen) in two weeks", "within the next two years", "two weeks from now": publication plus the
    length; only in a sentence that looks ahead ("built in two weeks" is a duration, no date)."""
    n_raw, unit = (g["a_n"], g["a_u"]) if g["a_n"] else (g["fn_n"], g["fn_u"])
    if not g["fn_n"] and tense != "future":
        return None
    n = int(n_raw) if n_raw.isdigit() else _NUMS[n_raw.lower()]
    unit = unit.lower()
    if unit == "fortnight":  # "in a fortnight", "in a fortnight's time"
        n, unit = 2 * n, "week"
    if unit in ("day", "week"):
        return (published + dt.timedelta(days=n * (7 if unit == "week" else 1))).isoformat(), (
            "day" if unit == "day" else "week")
    if unit == "month":
        y, m = divmod(published.month - 1 + n, 12)
        return f"{published.year + y:04d}-{m + 1:02d}", "month"
    return f"{published.year + n:04d}", "year"
