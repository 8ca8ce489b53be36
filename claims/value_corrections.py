"""Correcting the numbers and dates extraction found in a claim (``Claim.quantities``, ``Claim.dates``):
a reviewer could fix the claim's words, speaker and kind, but a number read wrongly ("4.1" stored as 41)
or a date resolved to the wrong day stayed as extraction left it, in the findings every reviewer reads.

A number is written as digits ("470,000", "4.1", "-3"; a share as a percentage, "50" or "50%"); a date
as YYYY, YYYY-MM or YYYY-MM-DD, or a period YYYY-Q1 / YYYY-H1 / YYYY-SP / YYYY-W05 (its granularity
follows). An empty number or date drops the row
(extraction read one where there is none). A corrected row carries ``"corrected": true``; the claim's
``corrected_fields`` gets ``quantities`` / ``dates``, which re-extraction then leaves alone
(``claims.corrections.protected_fields``), and the history row says which.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from django.db import transaction

from factcheck.errors import CorrectionError

from .corrections import _locked, _mark, _no_verdict, _require, _save
from .models import Claim

_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def correctable_number(row: Any) -> bool:
    """A row whose value is one plain number (not a range, a vote or a list): what the form offers."""
    if not isinstance(row, dict):
        return False
    value = row.get("value")
    return (isinstance(value, int | float) and not isinstance(value, bool)
            and row.get("qualifier") != "range" and row.get("kind") != "year")


def number_shown(row: dict[str, Any]) -> str:
    """The value as the form shows it: a share as a percentage ("50"), else the stored number."""
    value = row["value"]
    if row.get("kind") == "share":
        value = round(value * 100, 6)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return repr(value) if isinstance(value, float) else str(value)  # 4.1, not 4.1000000000000005


def parse_number(text: str, kind: str) -> int | float:
    """``text`` as the row's stored value; ValueError when it is not a number."""
    cleaned = text.replace(",", "").replace(" ", "").replace("\u00a0", "")
    if kind in ("share", "percent"):
        cleaned = cleaned.removesuffix("%")
    if not _NUMBER.fullmatch(cleaned):
        raise ValueError(text)
    number: int | float = float(cleaned) if "." in cleaned else int(cleaned)
    if kind == "share":
        number = number / 100
    if abs(number) >= 1e18:
        raise ValueError(text)
    return number


#: The periods extraction writes (claims.extraction.periods): a quarter, a half, a season, an ISO week.
_PERIOD = re.compile(r"(?P<y>\d{4})-(?:(?P<quarter>Q[1-4])|(?P<half>H[12])|(?P<season>SP|SU|FA|WI)"
                     r"|(?P<week>W(?:0[1-9]|[1-4]\d|5[0-3])))")


def parse_date(text: str) -> tuple[str, str]:
    """(value, granularity) for YYYY, YYYY-MM, YYYY-MM-DD, or a period YYYY-Q1, YYYY-H2, YYYY-SP (season),
    YYYY-W05, or a decade 199X; ValueError otherwise."""
    if re.fullmatch(r"\d{3}X", text.upper()):  # a decade, as extraction writes "the 1990s"
        return text.upper(), "decade"
    p = _PERIOD.fullmatch(text.upper())
    if p and int(p["y"]) >= 1:
        return text.upper(), next(k for k in ("quarter", "half", "season", "week") if p[k])
    m = _DATE.fullmatch(text)
    if not m:
        raise ValueError(text)
    year, month, day = m.groups()
    dt.date(int(year), int(month or 1), int(day or 1))  # ValueError for year 0, month 13, 30 February
    return text, "day" if day else "month" if month else "year"


def _changed_numbers(rows: list[Any], numbers: Mapping[int, str], errors: dict[str, str]) -> list[Any] | None:
    out, changed = [], False
    for i, row in enumerate(rows):
        if i not in numbers or not correctable_number(row):
            out.append(row)
            continue
        text = numbers[i].strip()
        if not text:
            changed = True
            continue  # not a number after all: the row goes
        try:
            value = parse_number(text, str(row.get("kind") or ""))
        except ValueError:
            errors[f"number-{i}"] = f"“{numbers[i][:40]}” is not a number (write digits, e.g. 470,000 or 4.1)."
            continue
        if text == number_shown(row) or value == row["value"]:  # "3,000,000" for 3000000: unchanged
            out.append(row)
            continue
        changed = True
        out.append({**row, "value": value, "corrected": True})
    unknown = sorted(i for i in numbers if not (0 <= i < len(rows)) or not correctable_number(rows[i]))
    if unknown:
        errors["numbers"] = "The claim's numbers changed since the page was loaded; reload it."
    return out if changed else None


def _changed_dates(rows: list[Any], dates: Mapping[int, str], errors: dict[str, str]) -> list[Any] | None:
    out, changed = [], False
    for i, row in enumerate(rows):
        if i not in dates or not isinstance(row, dict):
            out.append(row)
            continue
        text = dates[i].strip()
        if text == str(row.get("value") or ""):
            out.append(row)
            continue
        changed = True
        if not text:
            continue
        try:
            value, granularity = parse_date(text)
            out.append({**row, "value": value, "granularity": granularity, "corrected": True})
        except ValueError:
            errors[f"date-{i}"] = (f"“{dates[i][:40]}” is not a date: write YYYY, YYYY-MM or YYYY-MM-DD "
                                   "(or a period: YYYY-Q1, YYYY-H1, YYYY-SP, 199X).")
    if any(not (0 <= i < len(rows)) for i in dates):
        errors["dates"] = "The claim's dates changed since the page was loaded; reload it."
    return out if changed else None


def correct_values(claim_id: int, user: Any, *, numbers: Mapping[int, str] | None = None,
                   dates: Mapping[int, str] | None = None) -> Claim:
    """Correct the numbers and/or dates of a claim, by their position in the claim's lists (as the
    form showed them). Unchanged values are not marked; nothing is written when any value is bad."""
    _require(user)
    with transaction.atomic():
        claim = _locked(claim_id)
        _no_verdict(claim, user, "corrected")
        errors: dict[str, str] = {}
        new_numbers = _changed_numbers(list(claim.quantities or []), numbers or {}, errors)
        new_dates = _changed_dates(list(claim.dates or []), dates or {}, errors)
        if errors:
            raise CorrectionError("Nothing was changed: " + " ".join(errors.values()), errors)
        changed = []
        if new_numbers is not None:
            claim.quantities = new_numbers
            changed.append("numbers")
            _mark(claim, "quantities")
        if new_dates is not None:
            claim.dates = new_dates
            changed.append("dates")
            _mark(claim, "dates")
        if changed:
            _save(claim, user, "corrected " + " and ".join(changed))
        return claim
