"""Unit tests of the rule modules: sentences, quantities, dates, speakers, language, matching."""

from __future__ import annotations

import datetime as dt

import pytest

from claims.extraction import detect_language, extract_claims, normalise_for_matching
from claims.extraction.dates import find_dates
from claims.extraction.normtext import view
from claims.extraction.quantities import find_quantities
from claims.extraction.sentences import split_sentences

P17 = dt.date(2017, 11, 30)  # a Thursday
P16 = dt.date(2016, 3, 15)  # a Tuesday


def sents(text):
    return [text[s.start:s.end] for s in split_sentences(text)]


def test_sentences_abbreviations_quotes_and_glued_periods():
    text = ('Mr. Smith met Gen. Jones in the U.S. The talks ended.It was 5 p.m. on Monday. '
            '“Why?” he asked. Prices rose 1.9 percent since 2011.Syrian forces advanced.')
    assert sents(text) == [
        "Mr. Smith met Gen. Jones in the U.S.", "The talks ended.", "It was 5 p.m. on Monday.",
        "“Why?” he asked.", "Prices rose 1.9 percent since 2011.", "Syrian forces advanced.",
    ]


def test_sentences_paragraphs_bullets_and_datelines():
    text = "MOSCOW (Reuters) - Rates rose.\r\n- First item here.\n• Second item.\u2028Third line"
    assert sents(text) == ["Rates rose.", "First item here.", "Second item.", "Third line"]


@pytest.mark.parametrize(
    "text,first",
    [
        ("[LIMA] Farmers planted 12% more maize this year.", "Farmers planted 12% more maize this year."),
        ("(CNN)The mayor resigned on Friday.", "The mayor resigned on Friday."),
        ("Latest Garden News (Northfield Gazette News)Anyone who grows roses knows the pain. Blight spread.",
         "Anyone who grows roses knows the pain."),
        ("MONDAY, March 4, 2024 (HealthDay News) -- Walkers slept 20 minutes longer.",
         "Walkers slept 20 minutes longer."),
        # a parenthesis that is no source tag stays part of the sentence
        ("The agency (which was founded in 1990) cut 40 jobs.", "The agency (which was founded in 1990) cut 40 jobs."),
        ("[Editor's note] is no dateline.", "[Editor's note] is no dateline."),
    ],
)
def test_sentences_syndication_tags_and_bracketed_datelines(text, first):
    """A wire or syndication tag ("(CNN)", "(... News)") and a bracketed dateline ("[LIMA] ") open the body's
    first sentence without being part of it, glued or not, after at most a short section kicker."""
    assert sents(text)[0] == first


def q(text):
    v = view(text)
    return find_quantities(v, 0, len(v))


@pytest.mark.parametrize(
    "text,qtext,qualifier",
    [
        ("Rents rose 9% over four years.", "four", "exact"),  # "over" = during
        ("Over three years, the levy will raise $40m.", "three", "exact"),
        ("The mill has been closed for over four years.", "over four", "lower_bound"),
        ("It was the first strike in over two decades.", "over two", "lower_bound"),
        ("The hearing took over six hours.", "over six", "lower_bound"),
        ("Over 3,000 runners finished the race.", "Over 3,000", "lower_bound"),  # a count, not a duration
    ],
)
def test_over_before_a_duration_means_during_unless_it_means_more_than(text, qtext, qualifier):
    found = [x for x in q(text) if x["kind"] in ("duration", "count")]
    assert [(x["text"], x["qualifier"]) for x in found] == [(qtext, qualifier)]
    assert text[found[0]["start"]:found[0]["end"]] == qtext


@pytest.mark.parametrize(
    "text,value,qualifier,extra",
    [
        ("over 470,000 people", 470000, "lower_bound", {"counts": "people"}),
        ("1.9 million others", 1900000, "exact", {}),
        ("nearly half of the population", 0.5, "approximate", {"kind": "share", "counts": "population"}),
        ("two military bases", 2, "exact", {"counts": "bases"}),
        ("twenty-five soldiers", 25, "exact", {"counts": "soldiers"}),
        ("$4.2bn", 4200000000, "exact", {"kind": "money", "currency": "USD"}),
        ("€3 million", 3000000, "exact", {"currency": "EUR"}),
        ("£10m", 10000000, "exact", {"currency": "GBP"}),
        ("5 million euros", 5000000, "exact", {"currency": "EUR"}),
        ("12.5%", 12.5, "exact", {"kind": "percent"}),
        ("up to 30 per cent of voters", 30, "upper_bound", {"kind": "percent", "counts": "voters"}),
        ("between 10 and 20 percent", 10, "range", {"low": 10, "high": 20, "kind": "percent"}),
        ("10-20 people", 10, "range", {"low": 10, "high": 20}),
        ("thousands of people", 2000, "lower_bound", {"counts": "people"}),
        ("one in five adults", 0.2, "exact", {"kind": "share", "counts": "adults"}),
        ("about 10k users", 10000, "approximate", {}),
    ],
)
def test_quantities(text, value, qualifier, extra):
    found = q(text)
    assert found, text
    got = found[0]
    assert got["value"] == pytest.approx(value, rel=1e-4)
    assert got["qualifier"] == qualifier
    for k, val in extra.items():
        assert got.get(k) == val, (k, got)


@pytest.mark.parametrize("text", ["COVID-19 cases", "an F-16 jet", "at 5 p.m.", "one of them", "the 20th century",
                                  "a number of structures"])
def test_not_quantities(text):
    assert [x for x in q(text) if x["kind"] != "year"] == []


def d(text, published, anchor=None):
    v = view(text)
    return [(x["text"] if "text" in x and x["text"] else v[x["start"]:x["end"]], x["value"], x["relation"])
            for x in find_dates(v, 0, len(v), published, anchor)]


def test_dates_seed_cases():
    assert d("On November 20, Putin met Assad", P17) == [("On November 20", "2017-11-20", "on")]
    assert d("since March 2011", P17) == [("since March 2011", "2011-03", "since")]
    assert d("since 2011.", P17) == [("since 2011", "2011", "since")]
    assert d("told media on Thursday", P17) == [("on Thursday", "2017-11-30", "on")]
    assert d("on Tuesday, a day after Putin announced", P16) == [
        ("on Tuesday", "2016-03-15", "on"), ("a day after", "2016-03-14", "on")]
    assert d("came one week after Gerasimov announced", P17, anchor=P17) == [("one week after", "2017-11-23", "on")]
    assert d("could start before the end of the year", P17) == [("before the end of the year", "2017-12-31", "before")]
    assert d("a February report", P16) == [("February", "2016-02", "on")]


def test_an_ed_adjective_is_no_past_tense_for_a_date_without_a_year():
    """"will redeem its preferred shares on Oct. 31" (published in April) looks ahead: "preferred" after "its" is
    an adjective; a past verb still turns the date back ("redeemed the shares on Oct. 31")."""
    apr = dt.date(2000, 4, 3)
    assert d("The bank will redeem all of its preferred shares on Oct. 31.", apr)[0][1] == "2000-10-31"
    assert d("It will sell its remaining listed units on Oct. 31.", apr)[0][1] == "2000-10-31"
    assert d("The bank redeemed the shares on Oct. 31.", apr)[0][1] == "1999-10-31"


def test_dates_other_forms():
    assert d("on 2016-03-01", P16)[0][1] == "2016-03-01"
    assert d("on 15 March 2016", P16)[0][1] == "2016-03-15"
    assert d("yesterday", P16)[0][1] == "2016-03-14"
    assert d("three days ago", P16)[0][1] == "2016-03-12"
    assert d("by the end of 2018", P16)[0][1:] == ("2018-12-31", "before")
    assert d("in December", P16)[0][1] == "2015-12"
    assert d("He will speak on Friday", P16)[0][1] == "2016-03-18"
    assert d("Russia may reduce troops", P16) == []
    assert d("On November 20", None) == [("On November 20", None, "on")]


def test_speakers_and_pronouns_across_sentences():
    text = ("Health Minister Ana Ruiz said 40 clinics would open. “We cut waiting times by a third,” she said. "
            "Opposition spokesman Mark Lee disputed the figures. “Lists are longer,” he told reporters.")
    claims = extract_claims(text, P16, "Outlet")
    assert [c.speaker for c in claims] == ["Ana Ruiz", "Ana Ruiz", "Mark Lee", "Mark Lee"]
    assert claims[1].text.endswith("she said.")  # the article's words; the resolved speaker stands beside them


def test_according_to_and_outlet_default():
    claims = extract_claims("According to the UN refugee agency, 5 million people have fled the country. "
                            "Troops entered the capital on Monday.", P16, "Wire")
    assert claims[0].speaker == "UN refugee agency" and claims[0].kind == "statistic"
    assert claims[1].speaker == "Wire" and claims[1].kind == "event"


def test_detect_language():
    assert detect_language("The minister said that the government would cut taxes for families in the spring.") == "en"
    assert detect_language("El gobierno anunció que los impuestos bajarán para las familias en la primavera.") == "es"
    assert detect_language("Правительство заявило, что налоги для семей будут снижены весной, но это не так.") == "ru"
    assert detect_language("ok") == "und"


def test_normalise_for_matching():
    assert normalise_for_matching("Russia’s 470,000 people — killed!") == "russia 470000 people killed"
    assert normalise_for_matching("Café  CRÈME") == "cafe creme"


def test_dates_tense_near_the_date_and_nearest_occurrence():
    oct89 = dt.date(1989, 10, 26)  # a Thursday
    # no tense marker near the date: the nearest occurrence (December ahead, not last December)
    assert d("The dividend is payable Dec. 15 to holders of record.", oct89)[0][1] == "1989-12-15"
    # "said Friday" is last Friday even when the quote speaks of the future
    assert d("The plant will close, the mayor said Friday.", oct89)[0][1] == "1989-10-20"
    assert d("The mayor will speak Friday morning.", oct89)[0][1:] == ("1989-10-27", "on")
    assert d("The ship has been at sea since March.", oct89)[0][1] == "1989-03"


def test_dates_fiscal_quarters_and_references_back():
    nov89 = dt.date(1989, 11, 2)
    v = "Acme reported a 20% drop in third-quarter profit. In the year-ago quarter it earned $5 million."
    got = [(x["text"], x["value"]) for c in extract_claims(v, nov89, "Wire") for x in c.dates]
    assert got == [("in third-quarter", "1989-Q3"), ("In the year-ago quarter", "1988-Q3")]
    assert d("Sales may rise in next year's first quarter.", nov89)[0][1] == "1990-Q1"
    assert d("Losses will last through the third quarter of 1990.", nov89)[0][1] == "1990-Q3"
    assert d("Revenue rose 8% from a year earlier.", nov89, None) == [("from a year earlier", "1988", "on")]
    assert d("For the full year, sales rose.", nov89)[0][1] == "1989"


def test_dates_a_few_weeks_ahead_in_a_past_sentence_are_this_year():
    jan = dt.date(2000, 1, 6)
    assert d("The agency ruled that the boy must be returned by Jan. 14.", jan)[0][1] == "2000-01-14"
    assert d("Officials postponed the hearing until Tuesday morning.", jan)[0][1] == "2000-01-11"
    assert d("The agency said it reviewed the case in December.", jan)[0][1] == "1999-12"


def test_that_year_counts_from_the_last_year_written_out():
    text = ("The ferry company moved its depot to Ostend in March 2011. It returned to Dover later that year, "
            "and the depot was sold the following year.")
    got = [(x["text"], x["value"]) for c in extract_claims(text, dt.date(2013, 2, 4), "Wire") for x in c.dates]
    assert got == [("in March 2011", "2011-03"), ("later that year", "2011"), ("the following year", "2012")]
    assert d("He left later that year.", P16) == []  # no year written before: not resolved


def test_dates_a_bare_year_is_a_year_unless_it_counts_something():
    jun24 = dt.date(2024, 6, 12)
    assert d("Her failed 2019 campaign for mayor cost the party dearly.", jun24) == [("2019", "2019", "on")]
    assert d("The bonds are due 2031 and pay 6% a year.", jun24)[0][1] == "2031"
    assert d("The fine was raised sharply by that 1988 statute.", jun24)[0][1] == "1988"
    # a count (a quantifier before, a plural noun or a clock after) is not a year
    assert d("Organisers expected about 2000 volunteers at the park.", jun24) == []
    assert d("The ferry sails at 1900 GMT on weekdays.", jun24) == []
    assert d("Crews planted 2030 saplings along the river.", jun24) == []
    assert d("Analysts say 2023 was a record for the mill.", jun24)[0][1] == "2023"  # "was" is no plural noun


def test_dates_words_in_ed_that_are_not_past_and_plan_the_noun():
    oct = dt.date(2023, 10, 19)
    # "succeed" is not a past tense: Ms. Okoye takes over on the coming Feb. 1
    assert d("Ms. Okoye will succeed the retiring chief Feb. 1.", oct)[0][1] == "2024-02-01"
    # "the plan" is a noun, not a future marker: the plan was announced in the past August
    assert d("The council announced the plan Aug. 3.", oct)[0][1] == "2023-08-03"


def test_dates_a_deadline_preposition_looks_ahead_unless_the_clause_is_past():
    feb = dt.date(2022, 2, 10)  # a Thursday
    assert d("Ferry crossings to the islands double by August under the summer timetable.", feb)[0][1] == "2022-08"
    assert d("The bank kept its credit line open through May for the builder.", feb)[0][1] == "2022-05"
    assert d("By August the crossings had doubled, the port reported.", feb)[0][1] == "2021-08"
    assert d("Until Tuesday, the police had not named a suspect.", feb)[0][1] == "2022-02-08"
    assert d("The vote was postponed until Tuesday.", feb)[0][1] == "2022-02-15"


def test_dates_a_month_alone_without_tense_prefers_the_past():
    oct = dt.date(2021, 10, 28)
    # no tense marker within reach: March (seven months back) over next March (five months ahead)
    assert d("Shares of the mill, at $29 in March and $42 in June, hit a high.", oct)[:2] == [
        ("in March", "2021-03", "on"), ("in June", "2021-06", "on")]
    # a month a few weeks ahead is still ahead
    assert d("Shares of the mill, at $42 in November, hit a high.", oct)[0][1] == "2021-11"
