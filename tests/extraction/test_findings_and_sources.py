"""Findings and their sources (issue 13).

Verbs of finding (find, discover, show) report somebody's finding only when what follows is a finding: "the study
found that ...", "the FBI found no evidence". Said of finding a thing ("rescuers found 12 survivors", "to find
food", "the company showed a profit") they state an event, whose speaker is the outlet. Research and the journal
it appeared in: "according to a study published in the journal eLife" is the study's claim, not the journal's.

Every sentence here was written for these tests (nothing is copied from the evaluation sets).
"""

from __future__ import annotations

import datetime as dt

import pytest

from claims.extraction import extract_claims

MAY24 = dt.date(2024, 5, 6)


def _speaker(text: str) -> str:
    claims = extract_claims(text, published=MAY24, max_claims=0)
    assert claims, text
    return claims[0].speaker


@pytest.mark.parametrize("text", [
    "Whales rely on sound to find food, navigate and communicate over distances of hundreds of kilometres.",
    "Rescuers found 12 survivors under the rubble on Tuesday.",
    "The company showed a profit of $3 million in the first quarter.",
    "Police discovered 40 kilograms of cocaine in the truck at the border crossing.",
    "The mayor found time to visit 14 schools last month.",
    "After the match, state television showed 20,000 fans celebrating in the main square.",
])
def test_finding_a_thing_is_the_outlets_report(text):
    assert _speaker(text) == "the outlet"


@pytest.mark.parametrize(("text", "speaker"), [
    ("The tests showed that 30 percent of the wells were contaminated.", "the tests"),
    ("The FBI found no evidence of wrongdoing by the campaign.", "FBI"),
    ("The audit found $2 million in questionable spending.", "the audit"),
    ("The poll showed Clinton leading by 5 points.", "the poll"),
    ("Investigators discovered problems with 300 ballots.", "Investigators"),
    ("Negotiators found little agreement on the budget after 14 hours of talks.", "Negotiators"),
    ("A federal judge found the tax unconstitutional in 2019.", "A federal judge"),
    ("The scans showed a 12 percent loss of brain volume.", "the scans"),
])
def test_a_finding_keeps_its_source(text, speaker):
    assert _speaker(text) == speaker


def test_a_pronoun_finder_is_resolved_not_dropped():
    text = ("Dr. Ana Ruiz, a cardiologist at the clinic, followed 900 patients for two years. "
            "She found that admissions rose 40 percent after the clinic closed at night. "
            "She also found 12 cases of the rare infection.")
    claims = extract_claims(text, published=MAY24, max_claims=0)
    speakers = {"12" in c.text: c.speaker for c in claims if c.text.startswith("She")}
    assert speakers == {False: "Ana Ruiz", True: "Ana Ruiz"}


@pytest.mark.parametrize(("text", "speaker"), [
    ("Bees can learn to count to four, according to research published in the journal eLife.",
     "research published in the journal eLife"),
    ("Bees can learn to count to four, according to a study published in the journal eLife.",
     "a study published in the journal eLife"),
    ("Research published in JAMA Pediatrics found that 30 percent of teenagers slept less than seven hours.",
     "Research published in JAMA Pediatrics"),
    ("A study by Harvard researchers published in the BMJ found that the drug cut deaths by 12 percent.",
     "A study by Harvard researchers"),
])
def test_the_research_not_its_journal_is_the_source(text, speaker):
    assert _speaker(text) == speaker


@pytest.mark.parametrize(("text", "speaker"), [
    ("Important notice bioRxiv publishes that preprints are not peer reviewed.", "bioRxiv"),
    ("Bees can learn to count to four, according to new research from Queen Mary College.", "Queen Mary College"),
])
def test_a_brand_or_an_institution_alone_stays_the_source(text, speaker):
    assert _speaker(text) == speaker
