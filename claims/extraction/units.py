"""Units beside a number: measures ("5.2 metres", "150mm"), money in a minor unit ("38 cents"), rates ("3.1 per
100 participants"), hyphenated units ("a 14-month high", "the 151-seat House") and "over" before a duration;
used by ``quantities``."""

from __future__ import annotations

import re
from typing import Any

#: Units of measure, written out or tight ("5.2 metres", "150mm"): the quantity is a measurement, not a count.
MEASURE_UNITS = {
    "mm": "mm", "millimetres": "mm", "millimeters": "mm", "cm": "cm", "centimetres": "cm", "centimeters": "cm",
    "m": "m", "metres": "m", "meters": "m", "metre": "m", "meter": "m", "km": "km", "kilometres": "km",
    "kilometers": "km", "kilometre": "km", "kilometer": "km", "miles": "mi", "mile": "mi", "feet": "ft",
    "foot": "ft", "inches": "in", "inch": "in", "kg": "kg", "kilograms": "kg", "kilogram": "kg", "kilos": "kg",
    "grams": "g", "tonnes": "t", "tonne": "t", "tons": "t", "ton": "t", "litres": "l", "liters": "l",
    "gallons": "gal", "hectares": "ha", "ha": "ha", "acres": "acres", "mph": "mph", "kph": "km/h",
    "km/h": "km/h", "knots": "kn", "mw": "MW", "megawatts": "MW", "gw": "GW", "gigawatts": "GW", "kwh": "kWh",
    "degrees": "°", "°": "°", "°c": "°C", "°f": "°F", "mg": "mg", "milligrams": "mg", "mcg": "mcg",
    "micrograms": "mcg", "ml": "ml", "millilitres": "ml", "milliliters": "ml", "gb": "GB", "gigabytes": "GB",
    "tb": "TB", "terabytes": "TB", "kmh": "km/h", "kw": "kW", "mwh": "MWh", "gwh": "GWh", "lb": "lb", "lbs": "lb",
    "ft": "ft",
    # the energy and money desks: "1 million bpd", "122 bcm of gas", "25 basis points", "50bps"; "40C", "104F"
    "bpd": "bpd", "bcm": "bcm", "basis": "bp", "bps": "bp", "bp": "bp", "c": "°C", "f": "°F",
}
MINOR_UNITS = {"cents": "USD", "cent": "USD", "pence": "GBP", "penny": "GBP"}
#: "3.1 per 100 participants", "12 per 100,000 people": a rate; the second number is its base, not a count.
PER = re.compile(r"\s+(?:per|for every|in every)\s+(?P<base>\d{1,3}(?:,\d{3})+|\d+)(?:\s+(?P<noun>[a-z]+))?\b")
#: "a 14-month high", "the 10-year note", "a 30-year-old man": a number tied by a hyphen to a unit.
HYPHEN_UNIT = re.compile(r"-(?P<u>year|month|week|day|hour|minute|decade|metre|meter|mile|kilometre|kilometer|"
                         r"foot|inch|tonne|ton)(?P<old>-old)?\b", re.IGNORECASE)
HYPHEN_NOUN = re.compile(r"-(?P<n>[a-z]{3,})\b(?!-)")


def rate(q: dict[str, Any], per: re.Match[str], out: list[dict[str, Any]], stop: frozenset[str]) -> None:
    """"3.1 per 100 participants" -> a rate with the unit "per 100 participants"; "2.3 per 100" takes the
    noun of the rate before it."""
    noun = per.group("noun")
    if noun is None or noun in stop:
        noun = next((o["unit"].split(" ", 2)[2] for o in reversed(out)
                     if o.get("kind") == "rate" and o["unit"].count(" ") >= 2), None)
    q.update(kind="rate", unit=f"per {per.group('base')}" + (f" {noun}" if noun else ""))


#: "over" before a duration means "more than" only after these ("for over five years", "in over a decade", "took
#: over two hours") or before "ago"; elsewhere it is "during": "cut the deficit by 3% over five years".
_MORE_THAN_BEFORE = re.compile(
    r"\b(?:for|of|in|within|after|than|took|take|takes|taking|taken|lasted|lasts|lasting|spent|spend|spends|"
    r"spending|served|serving|been|waited|wait|waiting)\s+$", re.IGNORECASE)


def over_as_during(v: str, q: dict[str, Any]) -> None:
    """"over five years" as a span of time: the duration is exact and "over" is not part of the quantity."""
    m = re.match(r"(?i)over\s+", q["text"])
    if not m or q.get("qualifier") != "lower_bound":
        return
    if _MORE_THAN_BEFORE.search(v, max(0, q["start"] - 12), q["start"]) or re.match(r"\s+\w+\s+ago\b", v[q["end"]:]):
        return
    q.update(qualifier="exact", start=q["start"] + m.end(), text=q["text"][m.end():])
