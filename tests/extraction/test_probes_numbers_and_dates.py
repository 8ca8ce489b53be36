"""Probes of numbers and dates in styles the dev sets lack (issue 13): market and energy wire, sport, science and
health, politics outside the US, weather and live blogs. Times of day, units of the trade, ages and scores are
no counts; deadlines and decades resolve as written.

Every sentence here was written for these tests (nothing is copied from the evaluation sets).
"""

from __future__ import annotations

import datetime as dt

import pytest

from claims.extraction import extract_claims
from claims.extraction.quantities import find_quantities

THU = dt.date(2024, 10, 24)  # a Thursday


def _dates(text: str, published: dt.date = THU) -> dict[str, str]:
    out: dict[str, str] = {}
    for c in extract_claims(text, published=published, max_claims=0):
        for d in c.dates:
            out[text[d["start"]:d["end"]]] = d["value"]
    return out


def _quantities(text: str) -> dict[str, dict]:
    return {q["text"]: q for q in find_quantities(text, 0, len(text))}


@pytest.mark.parametrize(("text", "kept"), [
    ("Brent crude rose 1.2% to $83.40 a barrel by 1400 GMT on Thursday.", ["1.2%", "$83.40"]),
    ("The ministry will publish the figures at 0900 local time.", []),
    ("The index was up 0.4% at 10:30 GMT after the data.", ["0.4%"]),
    ("A curfew begins at 2300 hours and ends at 0600 hours.", []),
    ("The strike began at 1400 hrs and about 1400 workers joined it.", ["about 1400"]),
    # guards: a count of a thousand or more written without a comma, and a length in hours
    ("Some 1900 troops arrived at the base.", ["Some 1900"]),
    ("He was ordered to do 1200 hours of community service.", ["1200"]),
])
def test_a_time_of_day_is_no_amount(text, kept):
    assert list(_quantities(text)) == kept


def test_a_time_of_day_after_by_is_no_year():
    dates = _dates("Some 2,000 more soldiers were due to arrive by 1800 GMT on Friday.")
    assert "1800" not in dates.values() and dates["on Friday"] == "2024-10-25"


@pytest.mark.parametrize(("text", "words", "unit"), [
    ("The group agreed to extend output cuts of 1 million bpd until the end of March.", "1 million", "bpd"),
    ("Gas exports reached 122 bcm last year, the grid operator said.", "122", "bcm"),
    ("The central bank raised its key rate by 25 basis points on Wednesday.", "25", "bp"),
    ("The bank trimmed rates by 50bps in September.", "50bps", "bp"),
    ("Temperatures could reach 40C this weekend, forecasters said.", "40C", "°C"),
    ("Warming must be held below 1.5C, the scientists wrote.", "below 1.5C", "°C"),
    ("The mercury hit 104F in Phoenix on Tuesday.", "104F", "°F"),
])
def test_a_unit_of_the_trade_makes_a_measure_not_a_count(text, words, unit):
    q = _quantities(text)[words]
    assert (q["kind"], q["unit"]) == ("measure", unit) and q.get("counts") in (None, words[-3:].lower())


@pytest.mark.parametrize("text", [
    "Output will fall by 200,000 barrels until the end of the year.",
    "Prices will stay at 5 euros till next spring.",
])
def test_until_is_no_counted_noun(text):
    assert all(q.get("counts") not in ("until", "till") for q in find_quantities(text, 0, len(text)))


def test_a_letter_glued_to_a_number_in_a_name_is_no_temperature():
    text = "The drug blocks the virus's 3C-like protease, the company said."
    assert find_quantities(text, 0, len(text)) == []


@pytest.mark.parametrize(("text", "ages"), [
    ("Jones, 31, scored twice in the second half.", ["31"]),
    ("The prime minister, 47, and her deputy, 52, met union leaders.", ["47", "52"]),
    ("Rescuers pulled a 72-year-old woman from the rubble.", ["72"]),
    # guards: a list of numbers, a number with "or" after it
    ("The district scores were 12, 58, 60 and 71.", []),
    ("In Ohio, 45, or nearly half, of the counties voted for him.", []),
])
def test_a_number_set_off_by_commas_after_a_name_is_an_age(text, ages):
    assert [w for w, q in _quantities(text).items() if q["kind"] == "age"] == ages


@pytest.mark.parametrize(("text", "words"), [
    ("Retail sales were down 3.2% year on year in the three months to September.", "3.2%"),
    ("Revenue rose 7% year over year, the company said.", "7%"),
])
def test_year_on_year_is_no_counted_noun(text, words):
    assert _quantities(text)[words].get("counts") is None


def test_a_count_of_years_is_still_a_duration():
    q = _quantities("The researchers followed the patients for five years.")["five"]
    assert (q["kind"], q["unit"]) == ("duration", "years")


@pytest.mark.parametrize(("text", "words", "value"), [
    ("The producers agreed to extend the output cuts until the end of March, two sources said.",
     "until the end of March", "2025-03-31"),
    ("Ministers voted to keep the price cap in place until the end of February.", "until the end of February",
     "2025-02-28"),
    ("The export ban will stay until the end of March.", "until the end of March", "2025-03-31"),
    # guards: a deadline told in the past stays in the past
    ("The ban lasted until the end of March, officials said.", "until the end of March", "2024-03-31"),
    ("The ban was in force until March.", "until March", "2024-03"),
])
def test_a_deadline_decided_in_the_past_still_looks_ahead(text, words, value):
    assert _dates(text)[words] == value


MON = dt.date(2024, 10, 21)  # a Monday


@pytest.mark.parametrize(("text", "value"), [
    ("The Hawks have won four of their last six games and face the Rovers on Tuesday.", "2024-10-22"),
    ("The chancellor meets Emmanuel Macron on Thursday in Paris.", "2024-10-24"),
    ("Leeds host Sunderland on Saturday.", "2024-10-26"),
    # guards: the past tense, and a verb that does not govern the weekday
    ("The chancellor met Emmanuel Macron on Thursday in Paris.", "2024-10-17"),
    ("The president, who visits Berlin often, addressed the Senate on Thursday.", "2024-10-17"),
])
def test_a_fixture_or_meeting_in_the_present_tense_is_the_coming_day(text, value):
    assert list(_dates(text, MON).values()) == [value]


def _date_items(text: str, published: dt.date = THU) -> dict[str, tuple[str, str, str]]:
    return {text[d["start"]:d["end"]]: (d["value"], d["granularity"], d["relation"])
            for c in extract_claims(text, published=published, max_claims=0) for d in c.dates}


@pytest.mark.parametrize(("text", "words", "item"), [
    ("Average temperatures have risen by about 1.1C since the 1970s, the agency said.", "since the 1970s",
     ("197X", "decade", "since")),
    ("The death rate fell to 12 per 100,000 people, down from 19 in the 1990s.", "in the 1990s",
     ("199X", "decade", "on")),
    ("Cases rose sharply in the early 2020s, the study found.", "in the early 2020s", ("202X", "decade", "on")),
    ("Smoking peaked in the mid-1960s among men.", "in the mid-1960s", ("196X", "decade", "on")),
    ("The prime minister said the bill would become law by next spring.", "by next spring",
     ("2025-SP", "season", "before")),
])
def test_a_decade_is_a_date_and_a_period_keeps_its_preposition(text, words, item):
    assert _date_items(text)[words] == item


@pytest.mark.parametrize("text", [
    "Some 1990 troops arrived at the base.",
    "The 1990 budget was cut by 5%.",
])
def test_a_year_without_s_is_no_decade(text):
    assert all(g != "decade" for _, g, _ in _date_items(text).values())


def test_a_reviewer_may_correct_a_date_to_a_decade():
    from claims.value_corrections import parse_date

    assert parse_date("199x") == ("199X", "decade")


@pytest.mark.parametrize(("text", "words", "kind", "unit"), [
    ("Heavy drinkers were 1.5 times more likely to develop liver disease.", "1.5", "multiple", "times"),
    ("The fine was set at three times the firm's annual turnover.", "three", "multiple", "times"),
    ("The magnitude 6.4 earthquake struck before dawn.", "6.4", "measure", "magnitude"),
    ("A 7.1 magnitude quake hit the coast on Sunday.", "7.1", "measure", "magnitude"),
    # guard: how often something happened is still a count of times
    ("He was arrested three times last year.", "three", "count", None),
])
def test_a_multiple_or_a_magnitude_is_no_count(text, words, kind, unit):
    q = _quantities(text)[words]
    assert (q["kind"], q.get("unit")) == (kind, unit) and q.get("counts") in (None, "times")


@pytest.mark.parametrize(("text", "words", "kind", "currency"), [
    ("Operating profit rose 14% to 2.3 billion euros, compared with the year-earlier quarter's 1.9 billion.",
     "1.9 billion", "money", "EUR"),
    ("Revenue climbed to $4.2 billion from 3.9 billion a year earlier.", "3.9 billion", "money", "USD"),
    # guard: a count of something after a sum of money stays a count
    ("The fund raised $2 billion and hired 1.2 million workers.", "1.2 million", "count", None),
])
def test_an_amount_compared_with_a_sum_of_money_is_money_in_its_currency(text, words, kind, currency):
    q = _quantities(text)[words]
    assert (q["kind"], q.get("currency")) == (kind, currency)
