"""Quantities and dates from markets, weather and council copy (issue 13, second probe round).

Every article here was written for these tests (nothing is copied from the evaluation sets).
"""

from __future__ import annotations

import datetime as dt

from claims.extraction import extract_claims
from claims.findings import quantity_findings

TUE = dt.date(2026, 12, 8)  # a Tuesday in December

MARKETS = (
    "Stocks slide as oil climbs\n"
    "Wall Street fell on Tuesday as crude prices climbed to a 14-month high, while investors awaited minutes "
    "from the central bank's meeting due on Wednesday.\n"
    "The S&P 500 lost 1.2% and the FTSE 100 shed 40 points, while the benchmark 10-year note yielded 4.61%.\n"
    "Brent rose after producers agreed over the weekend to keep output cuts in place through the end of the "
    "first quarter.\n"
    "Halvorsen Motors cut its delivery forecast to 410,000 vehicles, from 480,000 previously.\n"
)
WEATHER = (
    "River peaks overnight\n"
    "The River Ash rose to 5.2 metres on Sunday night, and forecasters said up to 150mm of rain could fall.\n"
    "A 30-year-old man is missing after his car was swept 2 km downstream, police said.\n"
    "Schools will stay closed until at least Wednesday, the council said.\n"
    "Last weekend more than 300 residents attended a hearing, and the new rates take effect in the new fiscal "
    "year, officials said.\n"
    "The council vote was 7-4, and the city's team beat its rivals 3-1 on Saturday.\n"
)


def _quantities(text: str) -> dict[str, dict]:
    return {q["text"]: q for c in extract_claims(text, published=TUE) for q in c.quantities}


def _dates(text: str) -> dict[str, str]:
    return {text[d["start"]:d["end"]]: d["value"] for c in extract_claims(text, published=TUE) for d in c.dates}


def test_an_index_or_model_number_is_part_of_a_name_not_a_count():
    quantities = _quantities(MARKETS)
    assert "500" not in quantities and "100" not in quantities  # the S&P 500, the FTSE 100
    assert quantities["1.2%"]["kind"] == "percent" and quantities["40"]["counts"] == "points"
    # a count at the start of a sentence is still a count
    only = _quantities("Only 300 people voted, officials said on Monday.\n")
    assert only["300"]["counts"] == "people"


def test_a_number_hyphenated_to_a_unit_is_a_duration_age_or_measure():
    quantities = _quantities(MARKETS)
    assert (quantities["14"]["kind"], quantities["14"]["unit"]) == ("duration", "months")
    assert (quantities["10"]["kind"], quantities["10"]["unit"]) == ("duration", "years")
    weather = _quantities(WEATHER)
    assert (weather["30"]["kind"], weather["30"]["unit"]) == ("age", "years")


def test_units_of_measure_written_out_or_tight():
    quantities = _quantities(WEATHER)
    assert (quantities["5.2"]["kind"], quantities["5.2"]["unit"]) == ("measure", "m")
    rain = quantities["up to 150mm"]
    assert (rain["value"], rain["kind"], rain["unit"], rain["qualifier"]) == (150, "measure", "mm", "upper_bound")
    assert (quantities["2"]["kind"], quantities["2"]["unit"]) == ("measure", "km")
    shown = {f.words: f.value for f in quantity_findings(list(quantities.values()))}
    assert shown["up to 150mm"] == "150 mm"


def test_a_falling_pair_is_a_vote_or_score_not_a_range():
    quantities = _quantities(WEATHER)
    assert (quantities["7-4"]["kind"], quantities["7-4"]["value"]) == ("vote", [7, 4])
    assert (quantities["3-1"]["kind"], quantities["3-1"]["value"]) == ("vote", [3, 1])
    assert "qualifier" not in quantities["7-4"] or quantities["7-4"]["qualifier"] != "range"
    # a rising pair is still a range, a span of years still years
    spans = _quantities("Between 2020-24, the agency hired 40-60 staff a year, it said.\n")
    assert (spans["40-60"]["low"], spans["40-60"]["high"]) == (40, 60)


def test_an_adverb_after_a_number_is_not_what_it_counts():
    quantities = _quantities(MARKETS)
    assert quantities["480,000"].get("counts") is None
    assert quantities["410,000"]["counts"] == "vehicles"


def test_deadlines_and_due_dates_look_ahead():
    dates = _dates(MARKETS)
    assert dates["on Wednesday"] == "2026-12-09"  # "a meeting due on Wednesday"
    assert dates["the first quarter"] == "2027-Q1"  # "through the end of the first quarter", in December
    weather = _dates(WEATHER)
    assert weather["until at least Wednesday"] == "2026-12-09"


def test_weekends_and_fiscal_years():
    markets = _dates(MARKETS)
    assert markets["weekend"] == "2026-12-05"  # "agreed over the weekend", the Saturday just past
    weather = _dates(WEATHER)
    assert weather["Last weekend"] == "2026-12-05"
    assert weather["in the new fiscal year"] == "2027"  # "take effect in the new fiscal year"
    ahead = _dates("The mayor said a festival will be held this weekend and a parade next weekend.\n")
    assert ahead["this weekend"] == "2026-12-12" and ahead["next weekend"] == "2026-12-19"
    last = _dates("Revenue rose 4 percent last fiscal year, the company said.\n")
    assert last["fiscal year"] == "2025"


HEALTH = (
    "Aspirin no help for healthy older adults, trial finds\n"
    "Participants took 100mg of aspirin or a placebo for a median of 4.7 years, the researchers said.\n"
    "Deaths from cancer were higher among those taking aspirin: 3.1 per 100 participants compared with 2.3 per "
    "100, the researchers said.\n"
)
ELECTION = (
    "Tran wins seat after recount\n"
    "Jess Tran has won the seat by 212 votes, the electoral commission confirmed on Friday, two weeks after "
    "polling day.\n"
    "Tran finished with 50.2 per cent of the vote, a swing of 1.4 points towards Labor.\n"
    "The result gives the government 78 seats in the 151-seat House, officials said.\n"
)


def test_a_rate_per_hundred_is_one_rate_not_two_counts():
    quantities = [q for c in extract_claims(HEALTH, published=TUE) for q in c.quantities]
    by_text = {q["text"]: q for q in quantities}
    assert (by_text["100mg"]["kind"], by_text["100mg"]["unit"]) == ("measure", "mg")
    assert (by_text["3.1"]["kind"], by_text["3.1"]["unit"]) == ("rate", "per 100 participants")
    assert (by_text["2.3"]["kind"], by_text["2.3"]["unit"]) == ("rate", "per 100 participants")
    assert not [q for q in quantities if q["text"] == "100"]  # the rate's base is no count of its own
    shown = {f.words: f.value for f in quantity_findings(quantities)}
    assert shown["3.1"] == "3.1 per 100 participants"


def test_a_time_phrase_after_a_comma_is_not_a_clause_of_its_own():
    claims = extract_claims(ELECTION, published=TUE)
    assert not [c for c in claims if c.text.lower().startswith("two weeks after")]
    first = next(c for c in claims if "212 votes" in c.text)
    assert first.text.rstrip(".").endswith("polling day")


def test_the_counted_noun_after_a_hyphen_and_no_preposition_as_noun():
    quantities = {q["text"]: q for c in extract_claims(ELECTION, published=TUE) for q in c.quantities}
    assert quantities["151"]["counts"] == "seat"
    assert quantities["1.4"]["counts"] == "points"  # not "towards"


def test_it_said_after_a_company_named_in_apposition_and_this_morning():
    text = ("Man charged over warehouse fire\n"
            "The company that owned the building, Redline Logistics, said earlier this year that it planned to "
            "move.\n"
            "It said on Wednesday it would rebuild within 18 months.\n"
            "Detective Inspector Sarah Cole said the man was arrested early this morning.\n")
    claims = extract_claims(text, published=dt.date(2026, 12, 3))
    rebuild = next(c for c in claims if "rebuild" in c.text)
    assert rebuild.speaker == "Redline Logistics"
    arrest = next(c for c in claims if "arrested" in c.text)
    assert [d["value"] for d in arrest.dates] == ["2026-12-03"]


def test_other_dollars_are_not_us_dollars_and_by_x_to_y_is_two_amounts():
    text = ("Chipmakers report\n"
            "Lumen Semiconductor reported a net profit of NT$312bn, and Southern Silicon posted a loss of A$45 "
            "million, analysts said.\n"
            "Norlite said it would invest C$2 billion, and Kgosi said it would pay HK$1.5bn or ZAR 40 million.\n"
            "Veldt Systems said sales had fallen by €1.2bn to €9.8bn, and revenue rose to US$28.4 billion.\n")
    quantities = {q["text"]: q for c in extract_claims(text, published=TUE) for q in c.quantities}
    assert quantities["NT$312bn"]["currency"] == "TWD" and quantities["NT$312bn"]["value"] == 312_000_000_000
    assert quantities["A$45 million"]["currency"] == "AUD"
    assert quantities["C$2 billion"]["currency"] == "CAD"
    assert quantities["HK$1.5bn"]["currency"] == "HKD"
    assert quantities["ZAR 40 million"]["currency"] == "ZAR"
    assert quantities["US$28.4 billion"]["currency"] == "USD"
    assert (quantities["€1.2bn"]["value"], quantities["€9.8bn"]["value"]) == (1_200_000_000, 9_800_000_000)
    assert quantities["€1.2bn"].get("qualifier") != "range"


def test_reporting_periods_and_holidays():
    text = ("Retailer warns on Christmas trading\n"
            "Homewise said sales fell 3.2% in the first half, and it expects a weak Christmas, analysts said.\n"
            "Profit for H1 2026 was £41m, compared with £55m in the same period last year, the company said.\n"
            "The retailer said it would close 20 stores in Q1 2027 after opening 14 in FY25.\n"
            "Sales over Black Friday were up 1.1%, the company said on Tuesday.\n"
            "Smith scored twice in the first half, the club said.\n")
    dates = _dates(text)
    dec3 = {text[d["start"]:d["end"]]: d["value"]
            for c in extract_claims(text, published=dt.date(2026, 12, 3)) for d in c.dates}
    assert dec3["the first half"] == "2026-H1" and dec3["H1 2026"] == "2026-H1"
    assert dec3["Christmas"] == "2026-12-25" and dec3["Black Friday"] == "2026-11-27"
    assert dec3["Q1 2027"] == "2027-Q1" and dec3["FY25"] == "2025"
    assert "2027" not in dec3 and "Friday" not in dec3  # read once, as the period
    assert "the first half" in dates
    smith = next(c for c in extract_claims(text, published=TUE) if "Smith" in c.text)
    assert smith.dates == []  # a match's first half is no period of the year
    quantities = [q for c in extract_claims(text, published=TUE) for q in c.quantities]
    assert not [q for q in quantities if q["text"].lower() == "half"]  # "the first half" is no share
    claims = extract_claims(text, published=TUE)
    assert not [c for c in claims if c.text.lower().startswith("compared with")]


def test_seasons_of_a_year_not_the_verb_or_the_fall_of_a_wall():
    text = ("Retailer warns\n"
            "It will report full-year results next spring, the company said.\n"
            "Sales fell in the autumn of 2025, and the plant will close in the summer, the company said.\n"
            "Prices fall when demand drops, analysts said.\n"
            "The fall of the Berlin Wall changed Europe, historians said.\n"
            "Last winter was the coldest in a decade, forecasters said.\n")
    claims = extract_claims(text, published=dt.date(2026, 12, 3))
    dates = {text[d["start"]:d["end"]]: d["value"] for c in claims for d in c.dates}
    assert dates["next spring"] == "2027-SP" and dates["autumn of 2025"] == "2025-FA"
    assert dates["summer"] == "2027-SU" and dates["Last winter"] == "2025-WI"
    assert not [c.dates for c in claims if "Prices fall" in c.text or "Berlin Wall" in c.text if c.dates]


def test_wire_earnings_copy_cents_a_share_and_it_blamed():
    text = ("Halvorsen Posts Loss\n"
            "Halvorsen Industries Corp. said it had a net loss of $14.2 million, or 38 cents a share, and paid a "
            "dividend of 45 pence.\n"
            "It blamed weak demand from oil producers and a strike at its Ohio plant.\n")
    claims = extract_claims(text, published=dt.date(1989, 10, 25))
    quantities = {q["text"]: q for c in claims for q in c.quantities}
    assert (quantities["38"]["kind"], quantities["38"]["value"], quantities["38"]["currency"]) == ("money", 0.38, "USD")
    assert (quantities["45"]["value"], quantities["45"]["currency"]) == (0.45, "GBP")
    assert next(c for c in claims if "blamed" in c.text).speaker == "Halvorsen Industries Corp."


def test_lengths_ahead_and_a_day_of_the_month():
    text = ("Council plan\n"
            "The council said the bridge would reopen in two weeks.\n"
            "The house was built in two weeks, the builder said.\n"
            "The company said it would hire 300 staff within the next two years.\n"
            "The firm said it would rebuild within 18 months.\n"
            "Police said the suspect was arrested on the 14th.\n"
            "The meeting will be held on the 21st, officials said.\n")
    claims = extract_claims(text, published=dt.date(2026, 12, 3))
    dates = {text[d["start"]:d["end"]]: (d["value"], d["relation"]) for c in claims for d in c.dates}
    assert dates["two weeks"] == ("2026-12-17", "on")
    assert dates["within the next two years"] == ("2028", "before")
    assert dates["within 18 months"] == ("2028-06", "before")
    assert dates["14th"] == ("2026-11-14", "on") and dates["21st"] == ("2026-12-21", "on")
    assert next(c for c in claims if "built" in c.text).dates == []  # a duration in the past is no date


def test_correction_notices_and_licence_lines_are_boilerplate():
    text = ("Ferry operator fined\n"
            "A ferry operator has been fined £2 million after a crew member was injured in 2024, a court heard.\n"
            "Correction, 8 December: An earlier version of this article said the fine was £3m.\n"
            "Editor's note: This story has been updated to include the company's response.\n"
            "Copyright 2026 The Associated Press. All rights reserved. This material may not be published, "
            "broadcast, rewritten or redistributed.\n")
    claims = extract_claims(text, published=TUE)
    assert [c.text for c in claims] == [claims[0].text] and "fined" in claims[0].text


def test_breaking_labels_and_newsroom_notes():
    text = ("Power outage hits 200,000 homes\n"
            "BREAKING: More than 200,000 homes lost power on Tuesday evening after a substation fire, the grid "
            "operator said.\n"
            "This is a developing story and will be updated.\n"
            "Fire crews from three stations attended, the fire service said.\n"
            "Check back for updates. Got a story? Contact us at news@example.com or WhatsApp 07700 900123.\n")
    claims = extract_claims(text, published=TUE)
    assert text[claims[0].start:].startswith("More than 200,000 homes")  # the label is not part of the claim
    assert len(claims) == 2 and "three stations" in claims[1].text


def test_a_score_after_a_team_name_is_a_score():
    text = ("Rovers stun leaders\n"
            "Millbrook Rovers beat league leaders Castleton 2-1 on Saturday, ending a run of 14 games without a win.\n"
            "In Texas 300 people were evacuated, and the airline's Boeing 737 was grounded, officials said.\n")
    quantities = {q["text"]: q for c in extract_claims(text, published=TUE) for q in c.quantities}
    assert (quantities["2-1"]["kind"], quantities["2-1"]["value"]) == ("vote", [2, 1])
    assert "737" not in quantities and quantities["300"]["counts"] == "people"


def test_a_forecast_quarter_is_no_context_for_the_year_ago_period():
    """'The year-ago period' and 'the latest quarter' point back to the quarter the company reported, which has
    ended; a forecast for a later quarter in between ('losses through the third quarter of 2027', 'a fourth-quarter
    charge') is no such context."""
    text = (
        "Kestrel Foods said third-quarter profit fell 20% to $40 million.\n"
        "Analysts expect weak demand to last through the third quarter of 2027, and the company warned of a "
        "fourth-quarter charge of $5 million.\n"
        "In the year-ago period, Kestrel earned $50 million.\n"
        "Sales of frozen meals fell 9% in the latest quarter.\n"
    )
    got = {text[d["start"]:d["end"]]: d["value"]
           for c in extract_claims(text, published=dt.date(2026, 11, 3)) for d in c.dates}
    assert got.get("In the year-ago period") == "2025-Q3", got
    assert got.get("in the latest quarter") == "2026-Q3", got
    assert got.get("through the third quarter of 2027") == "2027-Q3", got


def test_a_present_tense_scheduled_event_before_a_weekday_looks_ahead():
    """News writes a coming event in the present tense ('the council votes Wednesday'); the past one is 'voted'.
    The verb speaks for the weekday right after it only ('met Monday and votes Thursday')."""
    fri = dt.date(2026, 12, 4)

    def dates(text: str) -> dict[str, str]:
        return {text[d["start"]:d["end"]]: d["value"] for c in extract_claims(text, published=fri) for d in c.dates}

    assert dates("The council votes Wednesday on the 3% tax rise.")["Wednesday"] == "2026-12-09"
    assert dates("The council voted Wednesday on the 3% tax rise.")["Wednesday"] == "2026-12-02"
    assert dates("The two leaders meet separately Monday to discuss the 12 settlements.")["Monday"] == "2026-12-07"
    got = dates("The union said 400 workers met Monday and votes Thursday on the 5% offer.")
    assert got["Monday"] == "2026-11-30" and got["Thursday"] == "2026-12-10", got
