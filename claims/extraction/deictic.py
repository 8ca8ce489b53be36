"""Dates told from the publication day itself: "yesterday", "tonight", "last week", "earlier this month", "next
year", and the weekend ("this weekend", "over the weekend"); used by ``dates``."""

from __future__ import annotations

import datetime as dt
import re

from .anchored import add_months


def deictic(raw: str, published: dt.date | None, future: bool | None = None) -> tuple[dt.date | None, str]:
    """yesterday, today, tomorrow, tonight, this/last/next week|month|year, earlier/later this ...; "overnight" is
    the night before publication, as "last night", unless the sentence looks ahead ("will work overnight")."""
    if published is None:
        return None, "day"
    word = re.sub(r"\s+", " ", raw.lower())
    if word == "overnight":
        return published - dt.timedelta(days=0 if future else 1), "day"
    if word in ("yesterday", "last night"):
        return published - dt.timedelta(days=1), "day"
    if word in ("today", "tonight", "this morning", "this afternoon", "this evening"):
        return published, "day"
    if word == "tomorrow":
        return published + dt.timedelta(days=1), "day"
    unit = word.split()[-1]
    shift = -1 if word.startswith("last") else 1 if word.startswith("next") else 0
    if unit == "week":
        return published + dt.timedelta(weeks=shift), "week"
    if unit == "month":
        return add_months(published.replace(day=1), shift), "month"
    return dt.date(published.year + shift, 1, 1), "year"


def weekend(prep: str, published: dt.date | None, future: bool | None) -> dt.date | None:
    """The Saturday of "last weekend", "this weekend", "over the weekend" (the one just past unless the
    sentence looks ahead), "next weekend"."""
    if published is None:
        return None
    if published.weekday() == 6:
        sat = published - dt.timedelta(days=1)  # a Sunday article: the weekend is now
    else:
        sat = published + dt.timedelta(days=5 - published.weekday())
    if prep == "next":
        return sat + dt.timedelta(days=7)
    if prep == "last" or (prep != "this" and not future and sat > published):
        return sat - dt.timedelta(days=7)
    return sat
