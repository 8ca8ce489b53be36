"""Probes of dates in house styles outside US wire (issue 13, dates round three): UK, Irish, Australian, Indian,
Canadian and European news, business, sport and government copy. A date resolves as the outlet means it, or
stays unresolved when the article does not tell (a season, an ambiguous numeric date), never silently wrong.

Every sentence here was written for these tests (nothing is copied from the evaluation sets).
"""

from __future__ import annotations

import datetime as dt

import pytest

from claims.extraction import extract_claims

WED = dt.date(2024, 4, 17)  # a Wednesday


def _dates(text: str, published: dt.date = WED) -> dict[str, str | None]:
    out: dict[str, str | None] = {}
    for c in extract_claims(text, published=published, max_claims=0):
        for d in c.dates:
            out[text[d["start"]:d["end"]]] = d["value"]
    return out


@pytest.mark.parametrize(("text", "words", "value"), [
    # another date in the article that can only be read day first
    ("The review will report on 03/04/2025, the Home Office said. Submissions closed on 25/03/2024.",
     "03/04/2025", "2025-04-03"),
    # the article spells its dates day first
    ("The hearing opened on 14 March and resumed on 03/04/2024, the court heard.", "03/04/2024", "2024-04-03"),
    # ... or month first, as US copy does
    ("Police said the shooting happened on 03/04/2024 in Ohio. The trial began March 25.",
     "03/04/2024", "2024-03-04"),
    ("Officers were called on 3/14/2024 and again on 04/02/2024, the sheriff said.", "04/02/2024", "2024-04-02"),
    # nothing tells: left unresolved rather than guessed
    ("The council voted on 03/04/2024 to close the library.", "03/04/2024", None),
    # a day and month that are the same, or one that cannot be a month, need no evidence
    ("The council voted on 04/04/2024 to close the library.", "04/04/2024", "2024-04-04"),
    ("The council voted on 25/03/2024 to close the library.", "25/03/2024", "2024-03-25"),
])
def test_a_numeric_date_is_read_in_the_articles_own_order(text, words, value):
    assert _dates(text)[words] == value


@pytest.mark.parametrize(("text", "words", "value"), [
    ("The select committee will meet on Tuesday week to hear the minister, the clerk said.", "on Tuesday week",
     "2024-04-30"),
    ("Tuesday week is the deadline for objections, the council said.", "Tuesday week", "2024-04-30"),
    ("The Seanad will sit a week on Friday, the Cathaoirleach said.", "on Friday", "2024-04-26"),
    # guard: a plain coming Tuesday
    ("The select committee will meet on Tuesday to hear the minister, the clerk said.", "on Tuesday", "2024-04-23"),
])
def test_a_weekday_a_week_on(text, words, value):
    assert _dates(text)[words] == value


@pytest.mark.parametrize(("text", "words", "value"), [
    ("Ballot papers will be sent out in a fortnight, the electoral commission said.", "a fortnight", "2024-05-01"),
    ("The findings will be published in a fortnight's time, the regulator said.", "a fortnight's time",
     "2024-05-01"),
    ("The draft budget will be published in two weeks' time, the treasurer said.", "two weeks' time",
     "2024-05-01"),
])
def test_a_fortnight_ahead_and_a_passive_future(text, words, value):
    assert _dates(text)[words] == value


@pytest.mark.parametrize(("text", "value"), [
    ("Two men were arrested overnight after a stabbing in Leeds, West Yorkshire Police said.", "2024-04-16"),
    ("The rand slipped overnight against the dollar, dealers said.", "2024-04-16"),
    ("Engineers will work overnight to restore power to 4,000 homes, the utility said.", "2024-04-17"),
])
def test_overnight_is_the_night_before_publication(text, value):
    assert _dates(text)["overnight"] == value


@pytest.mark.parametrize("text", [
    "Guests paid 120 euros for an overnight stay at the hotel, the owner said.",
    "The central bank left overnight rates at 4.5%, the governor said.",
])
def test_overnight_as_an_adjective_is_no_date(text):
    assert "overnight" not in _dates(text)


def test_last_as_a_verb_marks_no_past():
    assert _dates("The inquest is expected to last until mid-June, the coroner said.")["until mid-June"] == "2024-06"


@pytest.mark.parametrize(("text", "words", "value"), [
    ("GDP grew 7.6% in the July-September quarter, the statistics ministry said.", "July-September quarter",
     "2023-Q3"),
    ("Merchandise exports rose 4% in April-June, the commerce ministry said.", "April-June", "2023-Q2"),
    ("Unemployment rose to 3.9% in the March quarter, the Bureau of Statistics said.", "March quarter", "2024-Q1"),
    ("Unemployment rose to 3.9% in the December quarter, the Bureau of Statistics said.", "December quarter",
     "2023-Q4"),
    ("Wages will rise 1% in the June quarter, the Treasury forecast shows.", "June quarter", "2024-Q2"),
    ("Net profit rose 12% in the March 2024 quarter, the lender said.", "March 2024 quarter", "2024-Q1"),
])
def test_a_quarter_named_by_its_months(text, words, value):
    assert _dates(text)[words] == value


def test_a_span_of_months_that_is_no_quarter_keeps_its_first_month():
    assert _dates("Sales rose 5% from March to June, the retailer said.")["from March"] == "2024-03"


@pytest.mark.parametrize(("text", "words", "value"), [
    ("The coalition will decide on the levy by end-June, the finance minister said.", "by end-June", "2024-06-30"),
    ("Household debt stood at 180% of income at end-2023, the central bank said.", "end-2023", "2023-12-31"),
    ("Public debt will reach 90% of GDP by year-end, the treasury said.", "by year-end", "2024-12-31"),
    ("Lenders must report their exposures by month-end, the regulator said.", "by month-end", "2024-04-30"),
])
def test_end_of_a_period_as_the_money_desks_write_it(text, words, value):
    assert _dates(text)[words] == value


@pytest.mark.parametrize(("text", "words", "value"), [
    # a fiscal year written as two is named by the year it ends in, as "FY24" and "fiscal 1989" are
    ("Pre-tax profit rose 12% in the financial year 2023-24, the building society said.", "2023-24", "2024"),
    ("Direct tax collections rose 18% in FY2023-24, the finance ministry said.", "FY2023-24", "2024"),
    ("The 2024-25 budget was tabled in the Legislative Assembly on Tuesday, the treasurer said.", "2024-25",
     "2025"),
    ("Turnover rose 8% in the 2023/24 financial year, the council said.", "2023/24", "2024"),
    # a season, or a bare pair of years: left unresolved rather than read as the first year
    ("Arsenal finished second in the 2023-24 season with 89 points, the club said.", "2023-24 season", None),
    ("The club lost £40m last season, its accounts show.", "last season", None),
    ("Revenue rose 8% to £2.1bn in 2023/24, the company said.", "2023/24", None),
])
def test_a_year_written_as_two(text, words, value):
    assert _dates(text)[words] == value


def test_two_years_not_in_a_row_are_no_fiscal_year():
    assert "2019-22" not in _dates("Deaths on the roads fell 12% in 2019-22, the report said.")


@pytest.mark.parametrize(("text", "words", "value"), [
    ("Pre-tax profit fell 9% last financial year, the building society said.", "financial year", "2023"),
    ("The lender expects profit to rise in the current financial year, its chief executive said.",
     "in the current financial year", "2024"),
    # a quarter or half named with its fiscal year or a two-digit year, as the results desks of Mumbai write it
    ("Net profit rose 20% in Q4FY24, the lender said in a filing.", "Q4FY24", "2024-Q4"),
    ("Net profit rose 20% in Q1 FY25, the lender said in a filing.", "Q1 FY25", "2025-Q1"),
    ("Revenue rose 3% in 1H24, the group said.", "1H24", "2024-H1"),
])
def test_financial_years_and_their_parts(text, words, value):
    assert _dates(text)[words] == value


@pytest.mark.parametrize(("text", "words", "value"), [
    # a scheduled event told in the present is still ahead, though "officials said" is past
    ("The summit takes place on 27-28 June in Brussels, officials said.", "on 27-28 June", "2024-06-27"),
    ("The festival runs from 12 to 14 July in Galway, organisers said.", "from 12 to 14 July", "2024-07-12"),
    # guard: a past day in the same shape
    ("The summit took place on 11-12 April in Brussels, officials said.", "on 11-12 April", "2024-04-11"),
])
def test_a_run_of_days_is_its_first_and_a_held_event_looks_ahead(text, words, value):
    assert _dates(text)[words] == value


def _relations(text: str, published: dt.date = WED) -> dict[str, tuple[str | None, str]]:
    return {text[d["start"]:d["end"]]: (d["value"], d["relation"])
            for c in extract_claims(text, published=published, max_claims=0) for d in c.dates}


@pytest.mark.parametrize(("text", "words", "value", "relation"), [
    ("The inquest is expected to sit until mid-June, the coroner said.", "until mid-June", "2024-06", "until"),
    ("The housing scheme will be extended from mid-2025, the minister said.", "from mid-2025", "2025", "since"),
])
def test_a_preposition_before_early_mid_late_keeps_its_relation(text, words, value, relation):
    assert _relations(text)[words] == (value, relation)


def test_in_the_new_year_looks_to_the_coming_year():
    text = "The review's findings will be published in the new year, the health board said."
    assert _dates(text, dt.date(2024, 11, 20))["the new year"] == "2025"


@pytest.mark.parametrize(("text", "words", "value"), [
    ("Footfall fell 8% over Easter, the British Retail Consortium said.", "Easter", "2024-03-31"),
    ("Traffic on the M50 rose 12% on Easter Monday, the operator said.", "Easter Monday", "2024-04-01"),
    ("The ferry operator said it will carry 20,000 passengers on Good Friday.", "Good Friday", "2025-04-18"),
])
def test_easter_is_the_years_own(text, words, value):
    assert _dates(text)[words] == value


def test_the_easter_rising_is_no_holiday():
    assert "Easter" not in _dates("The Easter Rising began in 1916, the historian said.")
