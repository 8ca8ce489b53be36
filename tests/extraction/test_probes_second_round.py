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
    assert (first.speaker, first.speaker_role) == ("Northwind Energy Inc.", "")  # a ticker is no role
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


def test_currencies_of_other_englishes():
    qs = _quantities("Canberra will spend A$3.4 billion, Ottawa C$200 million, the rand firm R2.3 billion and the "
                     "union wants N70,000 a month; staff wear N95 masks at Unit 2.")
    assert [(q["text"], q["value"], q.get("currency")) for q in qs.values()] == [
        ("A$3.4 billion", 3_400_000_000, "AUD"), ("C$200 million", 200_000_000, "CAD"),
        ("R2.3 billion", 2_300_000_000, "ZAR"), ("N70,000", 70_000, "NGN")]
    assert _quantities("He paid $7 and US$40.")["$7"]["currency"] == "USD"


def test_a_numbered_thing_is_no_count():
    qs = _quantities("Unit 2 returned, Article 50 was triggered and Stage 6 load shedding ended for 5 units.")
    assert [(q["text"], q.get("counts")) for q in qs.values()] == [("5", "units")]


AUSTRALIA = (
    "Government to spend $3.4b on regional hospitals\n"
    "The Federal Government will spend $3.4 billion upgrading 27 regional hospitals, Health Minister Mark Butler "
    "announced on Monday.\n"
    "Mr Butler said the funding would cut elective surgery waiting lists by a third.\n"
    "\"Country Australians have waited too long,\" Mr Butler told reporters in Dubbo.\n"
    "Sinn Féin's housing spokesman Eoin Ó Broin TD said the figures were a damning indictment of policy.\n"
    "Cllr Sarah Okafor, the council's cabinet member for culture, said the building needed repairs.\n"
    "The Chairman of the Nigeria Union of Teachers, Comrade Audu Amba, urged the government to pay teachers.\n"
)


def test_names_as_british_irish_australian_and_nigerian_papers_write_them():
    claims = extract_claims(AUSTRALIA, published=DEC)
    assert _by_span(claims, AUSTRALIA, "waited too long").speaker == "Mark Butler"  # "Mr" without a period
    irish = _by_span(claims, AUSTRALIA, "damning indictment")
    assert (irish.speaker, irish.speaker_role) == ("Eoin Ó Broin", "Sinn Féin's housing spokesman")
    assert _by_span(claims, AUSTRALIA, "needed repairs").speaker == "Sarah Okafor"
    assert _by_span(claims, AUSTRALIA, "pay teachers").speaker == "Audu Amba"


TRANSCRIPT = (
    "Transcript: Governor's briefing on the wildfire\n"
    "GOVERNOR ELENA RUIZ: Good afternoon. The Pine Ridge fire has burned 48,000 acres and is 35 percent "
    "contained.\n"
    "REPORTER: Governor, how many homes have been lost?\n"
    "RUIZ: We have confirmed 212 homes destroyed.\n"
    "FIRE CHIEF DAVID OKONKWO: We expect winds of 40 miles an hour tomorrow.\n"
)


def test_a_transcript_labels_speaker_is_a_person_with_a_role_and_a_greeting_is_no_claim():
    claims = extract_claims(TRANSCRIPT, published=DEC)
    fire = _by_span(claims, TRANSCRIPT, "48,000 acres")
    assert (fire.speaker, fire.speaker_role) == ("Elena Ruiz", "Governor")
    assert _by_span(claims, TRANSCRIPT, "212 homes").speaker == "Elena Ruiz"  # the surname label, resolved
    chief = _by_span(claims, TRANSCRIPT, "40 miles")
    assert (chief.speaker, chief.speaker_role) == ("David Okonkwo", "Fire Chief")
    assert not [c for c in claims if "Good afternoon" in c.text]


def test_adding_a_quantity_is_no_second_statement():
    text = ("Load shedding to ease\n"
            "Eskom says it expects to suspend load shedding from Thursday after a unit returned to service, adding "
            "920 megawatts to the grid.\n"
            "The minister said the plan was working, adding that 3,000 jobs had been saved.\n")
    claims = extract_claims(text, published=DEC)
    grid = _by_span(claims, text, "920 megawatts")
    assert text[grid.start:grid.end].startswith("Eskom says") and "adding 920 megawatts" in grid.text
    jobs = _by_span(claims, text, "3,000 jobs")  # speech after ", adding that" is still its own statement
    assert text[jobs.start:jobs.end].startswith("3,000 jobs")
    assert jobs.speaker == _by_span(claims, text, "plan was working").speaker != "the outlet"


BRITISH = (
    "Three arrested after cannabis farm found in former bank\n"
    "Officers found about 1,800 plants in the building on Tuesday, West Midlands Police said.\n"
    "Det Insp Sarah Collins said the operation was stealing thousands of pounds of electricity.\n"
    "The force said it had closed 47 cannabis farms in the region since January.\n"
    "The Home Builders Federation said completions were the lowest since 2016. The trade body said planning "
    "delays were to blame.\n"
    "A spokesman for Downing Street said the target of 1.5 million homes would be met.\n"
    "Builders completed 152,000 homes in the year to March, down 8pc on the year before.\n"
)


def test_british_police_ranks_forces_trade_bodies_and_spokesmen_for_a_body():
    claims = extract_claims(BRITISH, published=DEC)
    assert _by_span(claims, BRITISH, "stealing thousands").speaker == "Sarah Collins"
    assert _by_span(claims, BRITISH, "closed 47").speaker == "West Midlands Police"
    assert _by_span(claims, BRITISH, "planning delays").speaker == "Home Builders Federation"
    spokesman = _by_span(claims, BRITISH, "1.5 million homes")
    assert "Downing Street" in spokesman.speaker and "," not in spokesman.speaker  # not "Downing Street, spokesman for"
    assert spokesman.speaker_role == "spokesman for Downing Street"


def test_the_year_before_with_nothing_after_it_is_the_year_before():
    c = _by_span(extract_claims(BRITISH, published=DEC), BRITISH, "8pc on the year before")
    assert [(d["relation"], d["value"]) for d in c.dates][-1] == ("on", "2025")


OPED = (
    "Opinion: Our city cannot afford another stadium\n"
    "By Rachel Morgan\n"
    "I have lived in Halton for 30 years, and I have never seen the council spend money so carelessly.\n"
    "The proposed stadium will cost taxpayers at least $600 million.\n"
    "I urge every reader to attend Thursday's meeting.\n"
)


def test_an_opinion_pieces_own_statements_are_its_writers():
    claims = extract_claims(OPED, published=DEC, outlet="Halton Gazette")
    assert _by_span(claims, OPED, "$600 million").speaker == "Rachel Morgan"
    assert not _by_span(claims, OPED, "$600 million").attributed
    news = OPED.replace("I have lived in Halton for 30 years, and I have", "Residents say they have").replace(
        "I urge every reader", "Readers are urged")
    assert _by_span(extract_claims(news, published=DEC, outlet="Halton Gazette"), news, "$600 million").speaker == (
        "Halton Gazette")  # a byline alone does not make the reporter a source


INTERVIEW = (
    "'We will not raise fares this year': the minister on the rail plan\n"
    "Transport Minister Kwame Mensah spoke to our reporter about the government's rail plan.\n"
    "Q: Will passengers pay more?\n"
    "A: No. The budget for the network has gone up by 18 percent, and that covers the new trains.\n"
    "Q: Critics say the new line is two years behind schedule.\n"
    "A: That is simply not true. The first section opens in June, exactly as we promised in 2022.\n"
)


def test_an_interviews_answers_are_the_interviewees():
    claims = extract_claims(INTERVIEW, published=DEC)
    assert _by_span(claims, INTERVIEW, "18 percent").speaker == "Kwame Mensah"
    assert _by_span(claims, INTERVIEW, "first section opens").speaker == "Kwame Mensah"  # not the critics
    assert _by_span(claims, INTERVIEW, "two years behind").speaker == "Critics"


def test_a_list_of_sources_at_the_end_is_no_claim():
    text = ("Walking cuts heart risk, study finds\n"
            "Adults who walked 7,000 steps a day had a 30 percent lower risk of heart disease, a new study found.\n"
            "SOURCES: Maria Lopez, PhD, professor of cardiology, Ridgeway University; Journal of Heart Health, "
            "Nov. 30, 2026.\n")
    claims = extract_claims(text, published=DEC)
    assert [c for c in claims if "7,000 steps" in c.text]
    assert not [c for c in claims if "professor of cardiology" in c.sentence]


def test_a_score_written_high_to_low_is_no_range():
    qs = _quantities("The Lakers beat Boston 112-98, India were 245-6 at stumps and Rovers led 3-1 at half-time.")
    assert [(q["text"], q["kind"], q["value"]) for q in qs.values()] == [
        ("112-98", "vote", [112, 98]), ("245-6", "vote", [245, 6]), ("3-1", "vote", [3, 1])]
    assert _quantities("Between 10-20 people came.")["10-20"]["qualifier"] == "range"  # low to high stays a range
