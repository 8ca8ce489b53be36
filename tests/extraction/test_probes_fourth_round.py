"""The shapes the third probe round saw and left (bench/README.md, "Speakers, probes third round"): a name set off
after a passive agent's role, two people speaking together, "a spokeswoman for the airline", a lower-case title
before a name, an interview answer's "A." label in the claim's text.

Every article here was written for these tests (nothing is copied from the evaluation sets).
"""

from __future__ import annotations

import datetime as dt

from tests.extraction.expectations import claim_covering

DEC = dt.date(2026, 12, 1)


def _claim(text: str, needle: str):
    return claim_covering(text, needle, published=DEC, max_claims=0)


def test_a_name_set_off_after_a_passive_agents_role_is_the_source():
    text = ("The city council's audit committee met on Tuesday to review the housing unit's accounts.\n"
            "The committee was told by the former head of the unit, Sarah Keane, that $4 million had been spent "
            "on consultants in 2025.\n")
    claim = _claim(text, "$4 million")
    assert claim.speaker == "Sarah Keane"
    assert claim.speaker_role == "former head of the unit"


def test_a_lower_case_title_before_a_name_is_kept_as_the_role():
    text = ("Shares in Harbour Bank fell 6% on Monday.\n"
            "In a letter to staff, chief executive Jane Roe wrote that the bank would cut 400 jobs by March.\n")
    claim = _claim(text, "400 jobs")
    assert claim.speaker == "Jane Roe"
    assert claim.speaker_role == "chief executive"


def test_two_people_speaking_together_are_both_the_speaker_and_each_is_known_after():
    text = ("Senators Dana Whitfield and Carlos Medina said in a joint statement that the bill would cut emissions "
            "by 30% by 2035.\n"
            "They said the bill would create 40,000 jobs.\n"
            "Medina said the Senate would vote on it in March.\n"
            "The Pentagon and the State Department said 300 troops would stay.\n")
    joint = _claim(text, "30% by 2035")
    assert joint.speaker == "Dana Whitfield and Carlos Medina"
    assert joint.speaker_role == "Senators"
    assert _claim(text, "40,000 jobs").speaker == "Dana Whitfield and Carlos Medina"
    assert _claim(text, "vote on it in March").speaker == "Carlos Medina"
    assert _claim(text, "300 troops").speaker == "Pentagon"  # bodies: the first, as before


def test_a_spokeswoman_for_the_airline_is_tied_to_the_airline_named_before():
    text = ("Kestrel Airlines cancelled 120 flights on Friday because of a strike by baggage handlers.\n"
            "A spokeswoman for the airline said 9,000 passengers had been rebooked.\n"
            "A spokesman for the campaign said it had raised $2 million.\n")
    claim = _claim(text, "9,000 passengers")
    assert claim.speaker == "a spokeswoman for Kestrel Airlines"  # as written, not a capitalised name
    assert claim.speaker_role == "spokeswoman for Kestrel Airlines"
    assert _claim(text, "$2 million").speaker == "a spokesman for the campaign"  # no campaign named: as written


def test_a_speaker_label_is_not_part_of_the_claims_words():
    interview = ("Amara Okoye took over as governor of the Central Bank last month. She spoke to the Ledger about "
                 "inflation.\n"
                 "Q. Will rates fall next year?\n"
                 "A. Not before inflation is back under 3%. We expect that in the second half of 2027.\n")
    claim = _claim(interview, "under 3%")
    assert claim.speaker == "Amara Okoye"
    assert claim.text == "Not before inflation is back under 3%."
    assert interview[claim.start:claim.end] == claim.text  # the span moves with it: the article's own words
    transcript = "KOVAC: The budget is $4 million short this year.\n"
    claim = _claim(transcript, "$4 million")
    assert (claim.speaker, claim.text) == ("KOVAC", "The budget is $4 million short this year.")
    assert claim.sentence.startswith("KOVAC: ")  # the sentence keeps it


def test_a_plural_title_ends_no_sentence_and_is_the_pairs_role():
    text = "Sens. Rosa Ferrant and Tom Ludd wrote that the plan would cost $3 billion over ten years.\n"
    claim = _claim(text, "$3 billion")
    assert claim.text.startswith("Sens. Rosa Ferrant")
    assert (claim.speaker, claim.speaker_role) == ("Rosa Ferrant and Tom Ludd", "Sens.")
