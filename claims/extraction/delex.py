"""Era-neutral text for the check-worthiness scorer (``delex_v1``): the training debates are from 1960-2016 and
new text is later, so names, numbers, years, money and percentages are read as their shapes.

A preprocessor is named in the model's metadata (``PREPROCESSORS``); changing one changes every shipped score,
so a fix is a new name (``delex-v2``) and a new measurement, never an edit of ``delex_v1``.
"""

from __future__ import annotations

import re

_NUM = r"\d+(?:[.,]\d+)*"
_SCALE = r"(?:\s+(?:thousand|million|billion|trillion))?"
_DELEX_V1: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(rf"[$£€]\s?{_NUM}{_SCALE}", re.I), " moneytok "),
    (re.compile(rf"{_NUM}\s?(?:%|per ?cent\b)", re.I), " pcttok "),
    (re.compile(r"\b(?:18|19|20)\d\d'?s?\b"), " yeartok "),
    (re.compile(_NUM), " numtok "),
)
# a run of capitalised words or acronyms (O'Neill, McCain, U.S., ISIS); "I" alone is not one
_CAPS = re.compile(r"(?:\b(?:[A-Z][\w'’.-]*[\w.]|[A-Z]\.)(?:\s+|$))+")


def delex_v1(text: str) -> str:
    """Era-neutral text: money, percentages, years and other numbers become shape tokens, and a run of capitalised
    words that is not the sentence's first word (names, places, organisations) becomes ``captok``; lower-cased.

    Known quirk, kept because the shipped model was measured with it: a capitalised run is replaced only when
    whitespace, a full stop or the end follows it, so "of GDP, in" keeps ``gdp`` (a comma, colon or closing quote
    right after the word). A fix is a new preprocessor (``delex-v2``) and a new measurement, not an edit here.
    """
    for pattern, token in _DELEX_V1:
        text = pattern.sub(token, text)
    text = text.strip()
    first, _, rest = text.partition(" ")
    return (first + " " + _CAPS.sub(" captok ", rest)).lower()


PREPROCESSORS = {"delex-v1": delex_v1}
