"""Probes of house styles the evaluation sets do not show (issue 13, second round): markets wraps, sports
reports, weather and disaster copy, court reports, press releases, transcripts, Australian and British copy.

Every article here was written for these tests (nothing is copied from the evaluation sets).
"""

from __future__ import annotations

import datetime as dt

from claims.extraction import extract_claims
from claims.extraction.normtext import view
from claims.extraction.quantities import find_quantities

DEC = dt.date(2026, 12, 4)  # a Friday


def _quantities(text: str) -> dict[str, dict]:
    v = view(text)
    return {q["text"]: q for q in find_quantities(v, 0, len(v))}


def _by_span(claims, text, needle):
    found = [c for c in claims if needle in text[c.start:c.end]]
    assert found, f"no claim covers {needle!r}"
    return found[0]


MARKETS = (
    "Stocks slip as oil climbs\n"
    "Brent crude rose $2.15 to $91.40 a barrel after producers said they would extend output cuts.\n"
    "Halvorsen Foods said quarterly profit fell from $388 million to $212 million.\n"
    "The S&P 500 lost 0.8% and the FTSE 100 gave up 1.2%, while the 10-year Treasury yield rose to 4.62%.\n"
    "About 40pc of firms said they planned to cut jobs in the first half of 2027.\n"
)


def test_a_change_then_a_level_is_not_a_range():
    qs = _quantities(MARKETS)
    assert (qs["$2.15"]["value"], qs["$2.15"]["qualifier"], qs["$91.40"]["value"]) == (2.15, "exact", 91.4)
    assert (qs["$388 million"]["value"], qs["$212 million"]["value"]) == (388_000_000, 212_000_000)
    assert not any(q["qualifier"] == "range" for q in qs.values())
    # a range stays a range: the same unit once, at the end, or two close numbers
    assert _quantities("Sales rose 5 to 10 percent.")["5 to 10 percent"]["qualifier"] == "range"
    assert _quantities("Shares could rise $2 to $3.")["$2 to $3"]["qualifier"] == "range"
    pct = _quantities("Unemployment rose from 5 to 7 percent.")
    assert (pct["5"]["kind"], pct["7 percent"]["kind"]) == ("percent", "percent")


def test_an_index_name_and_a_compound_length_of_time_are_no_counts():
    qs = _quantities(MARKETS)
    assert "500" not in qs and "100" not in qs
    assert (qs["10"]["kind"], qs["10"]["unit"]) == ("duration", "years")
    age = _quantities("A 34-year-old man was charged; a 30-day window opens.")
    assert (age["34"]["kind"], age["30"]["kind"], age["30"]["unit"]) == ("age", "duration", "days")


def test_the_first_half_of_a_year_or_match_is_no_share():
    qs = _quantities("Ellery scored twice in the second half, and first-half profit rose 4%; half of voters agreed.")
    assert [q["kind"] for q in qs.values()] == ["percent", "share"]
    assert qs["half"]["counts"] == "voters"
    claims = extract_claims(MARKETS, published=DEC)
    c = _by_span(claims, MARKETS, "40pc of firms")
    assert [(q["text"], q.get("counts")) for q in c.quantities] == [("About 40pc", "firms")]


def test_a_unit_written_against_its_number():
    qs = _quantities("Up to 120mm of rain fell on a 40km stretch of road, and the 2,500kg bridge span moved.")
    assert (qs["Up to 120mm"]["value"], qs["Up to 120mm"]["qualifier"], qs["Up to 120mm"]["counts"]) == (
        120, "upper_bound", "mm")
    assert (qs["40km"]["value"], qs["40km"]["unit"]) == (40, "km")
    assert qs["2,500kg"]["value"] == 2500
    assert _quantities("The council will borrow £10m.")["£10m"]["value"] == 10_000_000  # "m" is still millions


RELEASE = (
    "FOR IMMEDIATE RELEASE\n"
    "Northwind Energy Reports Record Third-Quarter Revenue\n"
    "DENVER, Oct. 28, 2026 /PRNewswire/ -- Northwind Energy Inc. (NYSE: NWE) today reported third-quarter revenue "
    "of $1.42 billion, up 23% from a year earlier.\n"
    "\"This was the strongest quarter in our history,\" said Laura Chen, Northwind's chief executive officer.\n"
    "About Northwind Energy\n"
    "Northwind Energy is a renewable power producer based in Denver, Colorado, with 2,400 employees.\n"
    "Media contact: press@northwind.example\n"
)


def test_a_press_release_dateline_ticker_and_about_section_are_not_claims_or_speakers():
    claims = extract_claims(RELEASE, published=dt.date(2026, 10, 28))
    first = _by_span(claims, RELEASE, "third-quarter revenue")
    assert RELEASE[first.start:].startswith("Northwind Energy Inc.")  # no dateline in the claim
    assert (first.speaker, first.speaker_role) == ("Northwind Energy Inc", "")  # a ticker is no role
    assert not [c for c in claims if "renewable power producer" in c.text or "press@" in c.text]
    assert _by_span(claims, RELEASE, "strongest quarter").speaker == "Laura Chen"


def test_an_age_beside_a_name_is_no_role():
    text = ("Floods force thousands from homes\n"
            "More than 4,000 people were evacuated overnight after the river burst its banks, officials said.\n"
            "\"The water came up so fast we only had time to grab the children,\" said Helen Mays, 41, who spent "
            "the night at a shelter.\n")
    c = _by_span(extract_claims(text, published=DEC), text, "grab the children")
    assert (c.speaker, c.speaker_role) == ("Helen Mays", "")


def test_the_company_and_the_think_tank_are_the_bodies_named_before():
    text = ("Stocks slip as oil climbs\n"
            "Brent crude rose 2% after the producer group said it would extend output cuts through March.\n"
            "Shares of Halvorsen Foods tumbled 14% after the company said third-quarter profit fell to $212 "
            "million.\n"
            "The company said it expects sales to be flat next year.\n"
            "The Resolution Policy Institute estimated in a report published on Thursday that the minimum wage "
            "increase cost about 60,000 jobs in hospitality and retail.\n"
            "The think tank said the rise had mostly hit workers under 25.\n")
    claims = extract_claims(text, published=DEC)
    assert _by_span(claims, text, "third-quarter profit").speaker == "Halvorsen Foods"
    assert _by_span(claims, text, "sales to be flat").speaker == "Halvorsen Foods"
    assert _by_span(claims, text, "mostly hit workers").speaker == "Resolution Policy Institute"
    assert _by_span(claims, text, "extend output cuts").speaker == "the producer group"  # nobody named it
