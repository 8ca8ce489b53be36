"""Research and the journal it appeared in (issue 13): "according to a study published in the journal eLife" is the
study's claim, not the journal's; the name of the journal is not the speaker.

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
