"""Probes on wire, business and UK copy the team wrote (issue 13, fifth round): a month with "next year", a span
that a record or a count covers, nouns that look like verbs of a coming event, a number inside a name.

Every sentence here was written for these tests (nothing is copied from the evaluation sets).
"""

from __future__ import annotations

import datetime as dt

import pytest

from claims.extraction import extract_claims
from claims.extraction.quantities import find_quantities

OCT24 = dt.date(2024, 10, 23)  # a Wednesday
JAN24 = dt.date(2024, 1, 11)  # a Thursday


def _dates(text: str, published: dt.date) -> dict[str, str]:
    out: dict[str, str] = {}
    for c in extract_claims(text, published=published, max_claims=0):
        for d in c.dates:
            out[text[d["start"]:d["end"]]] = d["value"]
    return out


@pytest.mark.parametrize(("text", "words", "value"), [
    ("Ministers promised to cut hospital waiting times by March next year.", "by March next year", "2025-03"),
    ("The depot closed in May last year after a fire destroyed 40 buses.", "in May last year", "2023-05"),
    ("The plant will start production in June of next year, the company said.", "in June of next year", "2025-06"),
    ("Fares rose 9% in March this year, the regulator said.", "in March this year", "2024-03"),
])
def test_a_month_with_next_or_last_year_is_one_date_of_that_year(text, words, value):
    assert _dates(text, JAN24).get(words) == value


@pytest.mark.parametrize("text", [
    "The company cut its full-year forecast for the second time in three months.",
    "Unemployment is expected to fall to its lowest level in five years.",
    "Prices rose for the first time in a decade, the statistics office said.",
    "The index will post its biggest weekly gain in two years if the rally holds.",
])
def test_a_span_that_a_record_or_a_count_covers_is_no_date_ahead(text):
    assert not [v for v in _dates(text, OCT24).values() if v > "2024-10-23"]


def test_a_time_ahead_is_still_read_after_a_plain_verb():
    dates = _dates("The bridge will reopen in three months, officials said.", OCT24)
    assert dates["three months"] == "2025-01"


@pytest.mark.parametrize(("text", "words", "value"), [
    ("The company cut its full-year forecast on Tuesday.", "on Tuesday", "2024-10-22"),
    ("The bank raised its growth forecast on Friday.", "on Friday", "2024-10-18"),
    ("Their revised plans were published on Monday.", "on Monday", "2024-10-21"),
    ("The city's new project was halted on Monday after a flood.", "on Monday", "2024-10-21"),
    # the verbs still look ahead
    ("The firm forecasts on Monday that sales will rise.", "on Monday", "2024-10-28"),
    ("The council plans to vote on Monday.", "on Monday", "2024-10-28"),
])
def test_a_possessed_forecast_or_plan_is_a_noun_and_marks_no_tense(text, words, value):
    assert _dates(text, OCT24)[words] == value


@pytest.mark.parametrize(("text", "counted"), [
    ("She told reporters aboard Air Force One that 40 people had died.", ["40"]),
    ("Formula One races drew 300,000 fans last season.", ["300,000"]),
    ("One person died and three were hurt.", ["One", "three"]),
    ("Officials said Three people were hurt.", ["Three"]),
])
def test_a_number_word_inside_a_name_counts_nothing(text, counted):
    assert [q["text"] for q in find_quantities(text, 0, len(text))] == counted


def test_a_superlative_subject_of_a_coming_event_keeps_its_date():
    dates = _dates("The largest plant will open in two years, the company said.", OCT24)
    assert dates["two years"] == "2026"


def _speakers(text: str) -> list[tuple[str, str]]:
    return [(c.speaker, c.speaker_role) for c in extract_claims(text, published=OCT24, max_claims=0)]


@pytest.mark.parametrize(("text", "speaker", "role"), [
    ('"This is a bullish surprise," said Tamas Varga of oil broker PVM.', "Tamas Varga", "oil broker PVM"),
    ("Tamas Varga of oil broker PVM said the market had priced in a cut.", "Tamas Varga", "oil broker PVM"),
    ('"Prices will rise," said Jane Roe of the Brookings Institution.', "Jane Roe", "the Brookings Institution"),
    ("Lena Ortiz of the consultancy Wood Mackenzie said output would fall by 5%.", "Lena Ortiz",
     "the consultancy Wood Mackenzie"),
])
def test_a_person_of_an_organisation_described_in_lower_case_is_the_person(text, speaker, role):
    assert _speakers(text)[0] == (speaker, role)


@pytest.mark.parametrize(("text", "speaker"), [
    # a comma-set or bracketed aside is still no part of the name, and a role's name still speaks
    ("Sen. Dana Whitfield (D-Ore.) scolded the chief executive, who said nothing.", "Dana Whitfield"),
    ("Hungarian head of state Pal Kertesz signed the accession treaty on Friday.", "Pal Kertesz"),
    ("To understand the ruling, Chief Justice Elena Ruiz said, one must read the dissent.", "Elena Ruiz"),
    ('"We are worried," said Maria Diaz of the city council.', "Maria Diaz of the city council"),
])
def test_asides_and_roles_keep_their_speakers(text, speaker):
    assert _speakers(text)[0][0] == speaker


@pytest.mark.parametrize(("text", "role"), [
    ('"The risk was not small," said Dr. Stan Hale, director of the Center for Heart Diagnostics and Prevention at '
     'the Lakeshore Clinic, who led the work.',
     "director of the Center for Heart Diagnostics and Prevention at the Lakeshore Clinic"),
    ('"People should not panic," said Olga Berg, a professor of chemistry at Harbour University, who was not '
     'involved.', "professor of chemistry at Harbour University"),
    ('"It is safe," said Ines Mora, who led the trial.', ""),  # a relative clause alone is no role
    ("Helen Mays, 41, said the plant should reopen.", ""),  # an age is no role
])
def test_a_long_role_in_apposition_is_kept_up_to_a_relative_clause(text, role):
    assert _speakers(text)[0][1] == role


@pytest.mark.parametrize(("text", "speaker", "role"), [
    ("ESA Administrator Karin Holm said the probe would launch in May.", "Karin Holm", "ESA Administrator"),
    ("Director of the Regional Water Authority (RWA) Louis Kamara said on Friday that 40 wells had failed.",
     "Louis Kamara", "Director of the Regional Water Authority"),
    ("Resident Tom Becker, 64, told the council that potholes had damaged his car twice.", "Tom Becker", "Resident"),
    ("Activist Angela Moreno, 51, said the city had broken its promise.", "Angela Moreno", "Activist"),
    # a name that opens with a first name, or whose first word is short, stays whole
    ("Mary Ann Fulton said the school would reopen.", "Mary Ann Fulton", ""),
    ("Ho Van Long said the harbour would reopen.", "Ho Van Long", ""),
    ("W. Brent Lagrange, the chairman, said the bid was fair.", "W. Brent Lagrange", "chairman"),
])
def test_a_capitalised_word_before_a_first_name_describes_the_person(text, speaker, role):
    assert _speakers(text)[0] == (speaker, role)


@pytest.mark.parametrize(("text", "speaker", "role"), [
    ("Attorney General Dana Whitfield said the inquiry would end in May.", "Dana Whitfield", "Attorney General"),
    ("NATO Secretary General Karin Holm said allies would meet again.", "Karin Holm", "NATO Secretary General"),
    # a military rank right before the name is still an honorific, not the office
    ("Chief of Staff General Pavel Orlov said the drills had ended.", "Pavel Orlov", "Chief of Staff"),
])
def test_an_office_ending_in_general_keeps_its_last_word(text, speaker, role):
    assert _speakers(text)[0] == (speaker, role)
