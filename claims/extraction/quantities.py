"""Numbers in news text, normalised: value, what is counted, hedge (qualifier), kind, currency, ranges.

Hand-written rules on the normalised view (see ``normtext``). quantulum3 gives values but drops the
hedges ("over", "nearly", "about") and the counted noun, and its bundled classifier breaks with our
scikit-learn; a few compiled regexes do what news needs at a fraction of the cost.
"""

from __future__ import annotations

import re
from typing import Any

from .clock import clock_spans
from .pairs import VOTE_AFTER, descending_pair, is_vote, year_span
from .units import HYPHEN_NOUN, HYPHEN_UNIT, MEASURE_UNITS, MINOR_UNITS, PER, over_as_during, rate

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "dozen": 12, "a": 1, "an": 1,
}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
         "ninety": 90}
_SCALES = {"hundred": 100, "thousand": 1_000, "k": 1_000, "million": 1_000_000, "mn": 1_000_000, "m": 1_000_000,
           "billion": 1_000_000_000, "bn": 1_000_000_000, "b": 1_000_000_000, "trillion": 10**12, "tn": 10**12,
           "lakh": 100_000, "lakhs": 100_000, "crore": 10_000_000, "crores": 10_000_000}
_SHARES = {"half": 0.5, "a half": 0.5, "one half": 0.5, "a third": 1 / 3, "one third": 1 / 3, "one-third": 1 / 3,
           "two thirds": 2 / 3, "two-thirds": 2 / 3, "a quarter": 0.25, "one quarter": 0.25, "one-quarter": 0.25,
           "three quarters": 0.75, "three-quarters": 0.75, "a fifth": 0.2, "one fifth": 0.2, "one-fifth": 0.2,
           "a tenth": 0.1, "one tenth": 0.1, "the majority": 0.5}
_VAGUE = {"dozens": 24, "scores": 40, "hundreds": 200, "thousands": 2_000, "tens of thousands": 20_000,
          "hundreds of thousands": 200_000, "millions": 2_000_000, "billions": 2_000_000_000}
_QUALIFIERS = {
    "lower_bound": ("more than", "over", "above", "at least", "in excess of", "upwards of", "just over",
                    "no fewer than", "no less than", "greater than", "exceeding", "beyond"),
    "upper_bound": ("less than", "fewer than", "under", "below", "at most", "up to", "no more than",
                    "just under", "as many as", "as much as", "a maximum of", "not more than"),
    "approximate": ("nearly", "almost", "about", "around", "approximately", "roughly", "some", "an estimated",
                    "estimated", "close to", "approx.", "approx", "circa", "an approximate", "just about",
                    "more or less", "or so"),
    "exact": ("exactly", "precisely", "a total of", "a full", "fully"),
}
_QUAL_OF = {phrase: q for q, phrases in _QUALIFIERS.items() for phrase in phrases}
_CURRENCY = {"$": "USD", "us$": "USD", "usd": "USD", "€": "EUR", "eur": "EUR", "£": "GBP", "gbp": "GBP",
             "¥": "JPY", "dollars": "USD", "dollar": "USD", "euros": "EUR", "euro": "EUR", "pounds": "GBP",
             "a$": "AUD", "au$": "AUD", "c$": "CAD", "ca$": "CAD", "nz$": "NZD", "hk$": "HKD", "s$": "SGD",
             "₦": "NGN", "n": "NGN", "ngn": "NGN", "naira": "NGN", "r": "ZAR", "zar": "ZAR", "rand": "ZAR",
             "rubles": "RUB", "roubles": "RUB", "rub": "RUB", "yuan": "CNY", "yen": "JPY", "riyals": "SAR",
             "lira": "TRY", "liras": "TRY", "rupees": "INR", "rs": "INR", "rs.": "INR", "₹": "INR", "inr": "INR",
             # other dollars are not US dollars: "NT$312bn", "R$", "MX$"
             "nt$": "TWD", "r$": "BRL", "mx$": "MXN", "kronor": "SEK", "reais": "BRL",
             "ringgit": "MYR", "baht": "THB", "rupiah": "IDR", "dirhams": "AED", "zloty": "PLN", "forint": "HUF",
             **{c.lower(): c for c in "AUD CAD CHF CNY HKD SGD NZD ZAR NGN KES BRL MXN SEK NOK DKK TWD KRW".split()}}

_alt = lambda words: "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))  # noqa: E731

_WORDNUM = rf"(?:(?:{_alt(_TENS)})(?:-(?:{_alt([w for w in _UNITS if len(w) > 2 and _UNITS[w] < 10])}))?" \
           rf"|{_alt([w for w in _UNITS if len(w) > 2])})"
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_NUM = rf"(?:{_DIGITS}|{_WORDNUM}|an?(?=\s+(?:hundred|thousand|million|billion|trillion|dozen)\b))"
_SCALE = r"(?:\s?(?:hundred|thousand|million|billion|trillion|lakhs?|crores?)\b|(?:mn|bn|tn|m|k|b)\b(?!\.\w))"
#: Other dollars ("NT$312bn", "A$3.4b", "C$", "NZ$", "HK$", "S$", "R$", "MX$") and ISO codes; the naira and the rand
#: as Nigerian and South African papers write them ("N70,000", "R2.3 billion": a letter before a number with
#: thousands or a scale, never "N95" or "R2").
_CUR_PRE = (r"(?:(?<![\w$])(?-i:NT|AU|A|CA|C|HK|NZ|S|R|MX)\$|US\$|\$|€|£|¥|₹|₦|(?-i:Rs)\.?\s?"
            r"|(?-i:USD|EUR|GBP|RUB|INR|AUD|CAD|CHF|CNY|HKD|SGD|NZD|ZAR|NGN|KES|BRL|MXN|SEK|NOK|DKK|TWD|KRW)\s?"
            r"|(?<!\w)(?-i:N|R)(?=\d{1,3}(?:,\d{3})+\b|\d+(?:\.\d+)?\s?(?:million|billion|trillion|bn|m|tn)\b))")
_PCT = r"(?:\s?%|(?-i:pc)\b|\s(?:percent|per cent|percentage points?)\b)"  # "40pc": British papers
_CUR_POST = rf"(?:\s(?:{_alt([k for k in _CURRENCY if k.isalpha() and len(k) > 3])})\b)"
_QUAL = rf"(?:(?P<qual>{_alt(_QUAL_OF)})\s+)?"
#: A unit written against its number, as British, Australian and metric copy do: "120mm of rain", "a 40km stretch"
#: ("m" alone stays a scale: "£1.2m").
#: The energy and money desks' "1 million bpd", "50bps"; a temperature "40C" (not "the 3C-like protease").
_GLUED_UNIT = (r"(?:mm|cm|km|kg|mg|mcg|ml|kmh|kph|mph|kwh|mwh|gwh|kw|mw|gw|gb|tb|ha|ft|lbs?|bps?|bpd|bcm"
               r"|(?-i:C|F)(?!-))(?![a-z])")

QUANTITY = re.compile(
    _QUAL
    + "(?:"
    + rf"(?P<ratio>(?P<ra>\d+|one|two|three|four|five)\s+(?:in|out of)\s+(?P<rb>\d+|{_WORDNUM}))\b"
    + rf"|(?P<share>{_alt(_SHARES)})\b"
    + rf"|(?P<vague>{_alt(_VAGUE)})\s+of\b"
    + rf"|(?P<between>between|from)\s+(?P<cur_b>{_CUR_PRE})?(?P<num_b>{_DIGITS}|{_WORDNUM})(?P<scale_b>{_SCALE})?"
    + rf"(?P<pct_b>{_PCT})?\s+(?:and|to|-)\s+(?P<cur_b2>{_CUR_PRE})?(?P<num_b2>{_DIGITS}|{_WORDNUM})"
    + rf"(?P<scale_b2>{_SCALE})?"
    + rf"|(?P<cur>{_CUR_PRE})?(?(cur)|(?<![\w.,/]))(?<![A-Za-z]-)(?P<num>{_NUM})(?P<scale>{_SCALE})?"
    + rf"(?P<unit>{_GLUED_UNIT})?"
    + rf"(?:(?P<dash>\s?-\s?|\s+to\s+)(?P<cur2>{_CUR_PRE})?(?P<num2>{_DIGITS})(?P<scale2>{_SCALE})?)?"
    + ")"
    + rf"(?P<pct>{_PCT})?(?P<curpost>{_CUR_POST})?"
    + r"(?![\w:]|\.\d|,\d{3})",
    re.IGNORECASE,
)
_PLURAL_COUNTABLE = frozenset(
    """people persons civilians troops soldiers refugees children women men residents workers jobs homes houses
    cases deaths votes voters students patients migrants casualties fighters militants members tonnes tons
    barrels cars vehicles aircraft jets planes ships""".split()
)

_HEAD_WORD = re.compile(r"\s+([A-Za-z][A-Za-z'-]*)")
_DETERMINERS = frozenset("the a an its their his her our this that these those all".split())
_STOP = frozenset(
    """of in on at to from by for with within without into onto and or but nor who whom which that since before
    after during across than as were was are is be been being have has had will would could should may might
    can must do did does not per each a an the over under about around between among against through while
    if when where because so yet also out up down off more less now still already just only currently towards
    toward behind ahead apiece amid despite via until till unless""".split()
)
_TIME_UNITS = frozenset("year years month months week weeks day days hour hours minute minutes decade decades".split())
_TIME_WORDS = _TIME_UNITS | frozenset("next last this previous earlier later ago each compared".split())
#: Words before a number that make it part of a name: "the S&P 500", "FTSE 100", "Chapter 11", "Boeing 737".
_NAME_BEFORE = re.compile(r"(?:^|(?<=[^\w&.]))(?P<w>[A-Z][\w&.+-]*)\s$")
_NOT_NAME_WORDS = frozenset(
    """January February March April May June July August September October November December Monday Tuesday
    Wednesday Thursday Friday Saturday Sunday Rs US USD EUR GBP INR RUB Some About Nearly Almost Around Over Only
    Just Another All The A An At By In On Of For To From Than Under Up And Or But With After Before Since""".split())


def _num_value(raw: str) -> float | None:
    raw = raw.lower().strip()
    if not raw:
        return None
    if raw[0].isdigit():
        try:
            return float(raw.replace(",", ""))
        except ValueError:
            return None
    if "-" in raw:
        tens, _, unit = raw.partition("-")
        return float(_TENS.get(tens, 0) + _UNITS.get(unit, 0))
    if raw in _TENS:
        return float(_TENS[raw])
    if raw in _UNITS:
        return float(_UNITS[raw])
    return None


def _scale(raw: str | None) -> int:
    return _SCALES.get(raw.strip().lower(), 1) if raw else 1


def _clean(x: float | None) -> float | int | None:
    if x is None:
        return None
    x = round(x, 6)
    return int(x) if float(x).is_integer() and abs(x) < 2**53 else x


_LY_NOUNS = frozenset("family supply assembly rally monopoly anomaly ally belly jelly lily fly".split())
_RUN_WORDS = frozenset(("straight", "consecutive", "successive", "full", "whole", "more", "further", "additional"))


def _counted(v: str, pos: int, end: int, require_of: bool = False) -> str | None:
    """The head noun after a number: "two military bases" -> "bases"; "half of the population" -> "population"."""
    words: list[str] = []
    p = pos
    first = _HEAD_WORD.match(v, p, end)
    if first and first.group(1).lower() in _RUN_WORDS:  # "three straight months", "five consecutive years"
        after = _HEAD_WORD.match(v, first.end(), end)
        first = after if after and after.group(1).lower() in _TIME_UNITS else first
    if first and first.group(1).lower() in _TIME_UNITS and not require_of:  # "3.2% year on year" counts no years
        return first.group(1).lower()
    if v.startswith(" of ", p):
        p += 3
    elif not require_of:
        pass
    else:
        return None
    for _ in range(5):
        m = _HEAD_WORD.match(v, p, end)
        if not m:
            break
        w = m.group(1)
        lw = w.lower()
        if lw in _DETERMINERS and not words:
            p = m.end()
            continue
        if lw in _STOP or lw in _TIME_WORDS or (not words and lw.endswith("ly") and lw not in _LY_NOUNS):
            break  # "480,000 previously", "20 respectively": an adverb, nothing counted
        if words and (lw.endswith("ed") or lw.endswith("ing")) and len(lw) > 4:
            break
        words.append(w)
        p = m.end()
        if len(words) == 3 or (p < end and v[p] in ",;:.!?\"()"):
            break
    if not words:
        return None
    head = words[-1]
    for w in reversed(words):  # "young people own ..." -> "people": prefer a plural noun
        lw = w.lower()
        if lw in _PLURAL_COUNTABLE or (lw.endswith("s") and not lw.endswith(("ss", "'s")) and len(lw) > 3):
            head = w
            break
    if head[0].isupper() and len(words) == 1:  # "20 Russian" ... a name, not a counted noun
        return None
    head = re.sub(r"'s$", "", head)
    return head.lower() if not head.isupper() else head


_HALF_OF_PERIOD = re.compile(r"\b(?:first|second|1st|2nd|latter|former|opening|closing|final)[\s-]$", re.IGNORECASE)
_HALF_COMPOUND = re.compile(r"[- ]?(?:time|way|term|century|hour|brother|sister|hearted|life|price|mast)\b",
                            re.IGNORECASE)
#: Stock indices (and lists) named with a number ("S&P 500", "FTSE 100", "S&P/ASX 200", "Nikkei 225", "Fortune 500").
_INDEX_NAME = re.compile(r"\b(?:S&P|FTSE|Russell|Nikkei|ASX|Stoxx|STOXX|CAC|DAX|Nasdaq|Nifty|Fortune|Sensex|MIB|IBEX|"
                         r"AEX|OMX|KOSPI|TSX)\s$")
#: A numbered thing: "Unit 2 at the plant", "Article 50", "Stage 6 load shedding", "Section 230", "Game 7".
_LABEL_BEFORE = re.compile(r"\b(?:Unit|Phase|Stage|Level|Terminal|Gate|Route|Flight|Block|Ward|Platform|Article|"
                           r"Section|Chapter|Clause|Grade|Category|Round|Game|Week|Pier|Highway|Interstate|"
                           r"Proposition|Prop|Amendment|Title|Tier|Channel|Precinct|Room|Season|Episode|Volume|"
                           r"Exhibit|Schedule|Form|Rule|Regulation|Resolution|Bill|Apollo)\s$")
#: "a 10-year bond", "a 30-day window", "a 34-year-old man": a length of time (or an age) used as an adjective.
_COMPOUND_TIME = re.compile(r"-(?P<unit>years?|months?|weeks?|days?|hours?|minutes?|decades?)\b(?P<old>-old\b)?",
                            re.IGNORECASE)

#: A capitalised number word after a capitalised word is in a name ("Air Force One", "Formula One", "the Big Ten").
_NAMED_NUMBER = re.compile(r"(?:One|Two|Three|Four|Five|Six|Seven|Eight|Nine|Ten|Eleven|Twelve)")
_NAME_WORD_BEFORE = re.compile(r"\b[A-Z][A-Za-z]+ $")


def _part_of_name(v: str, start: int, s: int, e: int) -> bool:
    return bool(_NAMED_NUMBER.fullmatch(v, s, e) and _NAME_WORD_BEFORE.search(v, max(start, s - 30), s))


def find_quantities(v: str, start: int, end: int, skip: list[tuple[int, int]] | None = None) -> list[dict[str, Any]]:
    """Quantities in ``v[start:end]`` (``v`` is the normalised view); offsets are absolute.

    ``skip`` holds spans already taken (dates), whose numbers are not quantities.
    """
    skip = list(skip or []) + clock_spans(v, start, end)  # "by 1200 GMT": a time of day, no amount
    out: list[dict[str, Any]] = []
    pos = start
    while pos < end:
        m = QUANTITY.search(v, pos, end)
        if m is None:
            break
        s, e = m.span()
        pos = e if e > s else s + 1
        if m.group("dash") and m.group("dash").strip() == "to" and v[max(start, s - 3):s].lower() == "by ":
            # "fell by €1.2bn to €9.8bn": a change and the level it reached, not a range from one to the other
            m = QUANTITY.match(v, s, m.start("dash")) or m
            s, e = m.span()
            pos = e
        if s == e or any(a < e and s < b for a, b in skip) or _part_of_name(v, start, s, e):
            continue
        parts = [_quantity(v, p, start) for p in _change_parts(v, m, start)] or [_quantity(v, m, start)]
        for q in parts:
            if q is None:
                continue
            per = PER.match(v, q["end"], end) if q["kind"] in ("count", "percent") else None
            if per:
                rate(q, per, out, _STOP)
                skip.append(per.span())
            elif q["kind"] != "vote":
                _counted_noun(v, q, out, end)
            out.append(q)
        if len(parts) == 2 and parts[0] and parts[1] and parts[0]["kind"] == "count" != parts[1]["kind"]:
            for key in ("kind", "unit", "currency"):  # "rose from 5 to 7 percent": both are percentages
                if key in parts[1]:
                    parts[0][key] = parts[1][key]
    _carry_currency(v, out)
    return out


#: Words between two amounts that compare them: "2.3 billion euros, compared with 1.9 billion", "from 1.9 billion".
_COMPARED = re.compile(r"(?i)[\s,(]*(?:(?:compared|against|versus|vs\.?|up|down|from|with|to|a|year|earlier|"
                       r"the|year-earlier|year-ago|previous|prior|last|quarter'?s?|period'?s?|of)[\s,]+)+$")


def _carry_currency(v: str, out: list[dict[str, Any]]) -> None:
    """"profit rose to 2.3 billion euros, compared with 1.9 billion": an amount with a scale and nothing counted,
    written just after a sum of money in words that compare the two, is money in the same currency."""
    for prev, q in zip(out, out[1:], strict=False):
        if (q["kind"] == "count" and not q.get("counts") and prev["kind"] == "money" and prev.get("currency")
                and re.search(r"(?i)(?:million|billion|trillion|bn|mn|m)$", q["text"])
                and q["start"] - prev["end"] < 60 and _COMPARED.fullmatch(v, prev["end"], q["start"])):
            q.update(kind="money", currency=prev["currency"])


#: A verb of change right before "X to Y": "Brent rose $2.15 to $91.40", "profit fell from $388m to $212m".
_CHANGE_BEFORE = re.compile(
    r"\b(?:rose|risen|rises|rise|rising|fell|fallen|falls|fall|falling|climbed|climbs|jumped|jumps|gained|gains|"
    r"lost|loses|dropped|drops|slipped|slips|slid|declined|declines|increased|increases|decreased|decreases|grew|"
    r"grown|grows|surged|surges|soared|soars|tumbled|tumbles|plunged|plunges|sank|sunk|added|adds|shed|sheds|"
    r"edged|advanced|advances|retreated|raised|raises|cut|cuts|lowered|lowers|boosted|boosts|trimmed|widened|"
    r"narrowed|up|down)(?:\s+(?:up|down|higher|lower|back))?(?:\s+by)?\s+$",
    re.IGNORECASE,
)


def _change_parts(v: str, m: re.Match[str], sent_start: int) -> list[re.Match[str]]:
    """The two numbers of "rose $2.15 to $91.40" (the change and the new level) or "fell from 61 to 49" (the old
    and the new level) as separate matches: after a verb of change, such "X to Y" is no range. [] otherwise."""
    g = m.groupdict()
    if not _CHANGE_BEFORE.search(v, max(sent_start, m.start() - 30), m.start()):
        return []
    if g["between"] and g["between"].lower() == "from":
        first = (m.start("cur_b") if g["cur_b"] else m.start("num_b"),
                 max(m.end(k) for k in ("num_b", "scale_b", "pct_b") if g[k]))
        second = (m.start("cur_b2") if g["cur_b2"] else m.start("num_b2"), m.end())
    elif g["num"] and g["num2"] and g["dash"] and g["dash"].strip() == "to" and g["cur"] and g["cur2"] and (
            _num_value(g["num2"]) or 0) * _scale(g["scale2"]) >= 3 * (_num_value(g["num"]) or 0) * _scale(g["scale"]):
        # "rose $2.15 to $91.40" (a change, then a level far above it); "rose 5 to 10 percent" stays a range
        first = (m.start(), max(m.end(k) for k in ("num", "scale") if g[k]))
        second = (m.start("cur2") if g["cur2"] else m.start("num2"), m.end())
    else:
        return []
    parts = [QUANTITY.match(v, a, b) for a, b in (first, second)]
    return parts if all(p is not None and p.end() == p.endpos for p in parts) else []  # type: ignore[misc]


def _quantity(v: str, m: re.Match[str], sent_start: int) -> dict[str, Any] | None:
    """Value, qualifier and kind of one match (None when it is not a quantity after all)."""
    s, e = m.span()
    g = m.groupdict()
    q: dict[str, Any] = {"text": v[s:e], "start": s, "end": e,
                         "qualifier": _QUAL_OF.get((g["qual"] or "").lower(), "exact")}
    cur_raw = g["cur"] or g["cur_b"] or g["cur_b2"] or g["cur2"] or (g["curpost"] or "").strip()
    currency = _CURRENCY.get(cur_raw.strip().lower()) if cur_raw else None
    pct = bool(g["pct"] or g["pct_b"])
    if g["ratio"]:
        a, b = _num_value(g["ra"]), _num_value(g["rb"])
        if not a or not b:
            return None
        q.update(value=_clean(a / b), kind="share", unit="share")
    elif g["share"]:
        if g["share"].lower() == "half" and re.search(r"(?i)\b(?:first|second|latter|former)\s+$", v[max(0, s - 8):s]):
            return None  # "in the first half": a period, not a share
        if g["share"].lower() == "the majority" and not v.startswith(" of ", m.end()):
            return None  # "writing for the majority": the court's, not a share
        if g["share"].lower() == "half" and (_HALF_OF_PERIOD.search(v, max(sent_start, s - 12), s)
                                             or _HALF_COMPOUND.match(v, e)):
            return None  # "in the second half", "first-half profit", "at half-time": a part of a match or a year
        q.update(value=_clean(_SHARES[g["share"].lower()]), kind="share", unit="share")
    elif g["vague"]:
        q.update(value=_VAGUE[g["vague"].lower()], kind="count", qualifier="lower_bound")
    elif g["between"]:
        lo, hi = _num_value(g["num_b"]), _num_value(g["num_b2"])
        if lo is None or hi is None:
            return None
        sc2 = _scale(g["scale_b2"])
        sc1 = _scale(g["scale_b"]) if g["scale_b"] else sc2
        q.update(low=_clean(lo * sc1), high=_clean(hi * sc2), qualifier="range")
        q["value"] = q["low"]
    elif _in_name(v, m, sent_start) or not _plain_number(v, m, q, currency, pct, sent_start):
        return None
    if g["unit"] and not currency and not pct:  # "120mm of rain", "a 40km stretch": a measure, not a count
        q.update(kind="measure", unit=MEASURE_UNITS.get(g["unit"].lower(), g["unit"].lower()))
    elif not currency and not pct and q.get("kind") in (None, "count"):
        hy = HYPHEN_UNIT.match(v, e)
        noun = None if hy else HYPHEN_NOUN.match(v, e)
        if noun:  # "the 151-seat House", "a 12-member panel": what is counted is written after the hyphen
            q["counts"] = noun.group("n").lower()
        if hy:
            unit = hy.group("u").lower()
            if hy.group("old"):
                q.update(kind="age", unit="years")
            elif unit + "s" in _TIME_UNITS:
                q.update(kind="duration", unit=unit + "s")
            else:
                q.update(kind="measure", unit=MEASURE_UNITS.get(unit + "s", MEASURE_UNITS.get(unit, unit)))
    if "kind" not in q and not (currency or pct) and "low" not in q:
        if _MULTIPLE_AFTER.match(v, e):  # "1.5 times more likely", "three times the turnover": a multiple
            q.update(kind="multiple", unit="times")
        elif _MAGNITUDE_BEFORE.search(v, max(0, s - 12), s) or _MAGNITUDE_AFTER.match(v, e):
            q.update(kind="measure", unit="magnitude")  # "a magnitude 6.4 earthquake", "a 7.1-magnitude quake"
    if "kind" not in q:
        q["kind"] = "percent" if pct else "money" if currency else "count"
        if pct:
            q["unit"] = "%"
        elif currency:
            q["currency"] = currency
    return q


_MULTIPLE_AFTER = re.compile(r"(?i)\s+times\s+(?:more|less|fewer|higher|lower|greater|larger|bigger|smaller|faster|"
                             r"slower|as|the|that|than|its|their|his|her|what)\b")
_MAGNITUDE_BEFORE = re.compile(r"(?i)\bmagnitude[\s-]$")
_MAGNITUDE_AFTER = re.compile(r"(?i)[\s-]magnitude\b")


def _plain_number(v: str, m: re.Match[str], q: dict[str, Any], currency: str | None, pct: bool,
                  sent_start: int) -> bool:
    """A number, a range "5-7" / "5 to 7", or a vote/score "7-2"; fills ``q``; False: not a quantity."""
    g = m.groupdict()
    s, e = m.span()
    raw = g["num"]
    if raw.lower() in ("a", "an") and not g["scale"]:
        return False
    val = _num_value(raw)
    if val is None:
        return False
    if re.match(r"\s?(?:a\.?m\b|p\.?m\b|st\b|nd\b|rd\b|th\b)", v[e:e + 6].lower()):
        return False
    if (_INDEX_NAME.search(v, max(0, s - 24), s) or _LABEL_BEFORE.search(v, max(0, s - 14), s)) and not g["num2"]:
        return False  # "the S&P 500 lost 0.8%", "Unit 2", "Article 50": a name, not 500 of something
    if g["unit"]:
        if not raw[0].isdigit() or g["num2"]:
            return False
        q.update(value=_clean(val * _scale(g["scale"])), unit=g["unit"].lower())
        if len(g["unit"]) > 1:  # "120mm of rain" counts millimetres; "40C" counts no "c"
            q["counts"] = g["unit"].lower()
        return True
    if not raw[0].isdigit() and not g["scale"] and re.match(r"\s+(?:of|another|by one)\b", v[e:e + 12]):
        return False  # "one of the ...", "one another"
    if g["num2"] and g["dash"] and (is_vote(v, m, sent_start) or descending_pair(g)):
        hi_v = _num_value(g["num2"])
        noun = VOTE_AFTER.match(v, e)
        q.update(value=[_clean(val), _clean(hi_v)], kind="vote",
                 counts=(noun.group("noun").lower() if noun else "vote"))
        return True
    span = year_span(g, bool(currency or pct))
    if span is not None:  # "the 2024-25 financial year", "1990-95": years, not a count from 2024 to 25
        q.update(low=span[0], high=span[1], value=span[0], qualifier="range", kind="year")
        return True
    if g["num2"] and g["dash"] and (raw[0].isdigit() or g["dash"].strip() == "to"):
        hi_v = _num_value(g["num2"])
        if hi_v is None:
            return False
        lo = val * _scale(g["scale"] or g["scale2"])
        hi = hi_v * _scale(g["scale2"] or g["scale"])
        q.update(low=_clean(lo), high=_clean(hi), value=_clean(lo), qualifier="range")
    elif g["num2"]:
        return False
    else:
        q["value"] = _clean(val * _scale(g["scale"]))
        compound = _COMPOUND_TIME.match(v, e)
        if compound and raw[0].isdigit() and not g["scale"] and not currency and not pct:
            unit = compound.group("unit").lower().rstrip("s") + "s"  # "a 10-year yield", "a 34-year-old man"
            q.update(kind="age" if compound.group("old") else "duration", unit=unit)
            return True
        if (raw.isdigit() and 0 < val <= 110 and not (g["scale"] or currency or pct)
                and _AGE_BEFORE.search(v, max(0, s - 4), s) and _AGE_AFTER.match(v, e)):
            q.update(kind="age", unit="years")  # "Jones, 31, scored", "The minister, 58, resigned"
            return True
    if (raw.isdigit() and len(raw) == 4 and 1800 <= val <= 2100 and not g["scale"] and not currency and not pct
            and not g["num2"]):
        q["kind"] = "year"
    return True


#: A person's age set off by commas right after a name or a role: "Jones, 31, scored", "her deputy, 52, and".
_AGE_BEFORE = re.compile(r"[A-Za-z]{2}, $")
_AGE_AFTER = re.compile(r", (?!\d|or\b)")


def _in_name(v: str, m: re.Match[str], sent_start: int) -> bool:
    """A number that is part of a name: "the S&P 500 lost", "FTSE 100", "Chapter 11", "a Boeing 737".

    The word just before is capitalised and is not a month, weekday, currency or hedge; written at the start of
    the sentence it must look like a name on its own (an acronym, "S&P"), since "Only 300 people" is a count."""
    g = m.groupdict()
    raw = g["num"]
    if not raw or not raw.isdigit() or g["qual"] or g["cur"] or g["scale"] or g["pct"] or g["curpost"] or g["unit"]:
        return False
    if g["num2"] and (descending_pair(g) or is_vote(v, m, sent_start)):
        return False  # "beat league leaders Castleton 2-1": a score after a team's name
    before = _NAME_BEFORE.search(v, max(sent_start, m.start() - 40), m.start())
    if not before or before.group("w") in _NOT_NAME_WORDS:
        return False
    word = before.group("w")
    if before.start("w") <= sent_start or v[sent_start:before.start("w")].strip() in ('"', "“", "'", "‘", "("):
        if not (re.search(r"[A-Z&+]", word[1:]) or re.search(r"\d", word)):
            return False
    after = _HEAD_WORD.match(v, m.end())
    return not (after and after.group(1).lower() in _PLURAL_COUNTABLE)


def _counted_noun(v: str, q: dict[str, Any], out: list[dict[str, Any]], end: int) -> None:
    """What the number counts ("people"), a duration's unit, "others" resolved to the previous noun."""
    s, e = q["start"], q["end"]
    if q["kind"] in ("age", "duration") or (q["kind"] == "count" and q.get("unit")):
        return  # "120mm of rain" measures millimetres; "a 10-year yield" is a duration already
    counts = _counted(v, e, min(end, e + 80), require_of=q["kind"] in ("percent", "money"))
    if counts and counts.lower() in _TIME_UNITS and q["kind"] == "count":
        q["kind"] = "duration"
        q["unit"] = counts
        over_as_during(v, q)
    unit = _HEAD_WORD.match(v, e, end)
    unit_word = unit.group(1).lower() if unit else (counts or "").lower()
    if q["kind"] == "count" and unit_word in MEASURE_UNITS and not HYPHEN_UNIT.match(v, e):
        q.update(kind="measure", unit=MEASURE_UNITS[unit_word])  # "5.2 metres", "swept 2 km downstream"
        return
    if q["kind"] in ("count", "year") and unit_word in MINOR_UNITS and isinstance(q.get("value"), (int, float)) \
            and "low" not in q:  # "38 cents a share", "45 pence": money in the minor unit
        q.update(kind="money", currency=MINOR_UNITS[unit_word], value=_clean(q["value"] / 100))
        return
    if q["kind"] in ("measure", "age") or HYPHEN_UNIT.match(v, e):
        return
    if q["kind"] == "year" and counts in _PLURAL_COUNTABLE:
        q["kind"] = "count"
    if q["kind"] in ("count", "share", "percent", "money", "duration"):
        if counts == "others" or counts == "more":
            counts = next((o.get("counts") for o in reversed(out) if o.get("counts")), counts)
        if counts is None and out and out[-1].get("kind") == "share" and s - out[-1]["end"] < 60:
            counts = out[-1].get("counts")
        if counts:
            q["counts"] = counts

