"""Dates in text styles the newswire rest does not cover (issue 13, dates robustness round): narrative and
historical copy told from a date it wrote out, press-release fiscal years, numeric dates, spans of years.

Every sentence here was written for these tests (nothing is copied from the evaluation sets).
"""

from __future__ import annotations

import datetime as dt

from claims.extraction import extract_claims
from claims.extraction.anchored import Anchor
from claims.extraction.dates import find_dates
from claims.extraction.normtext import view

JUNE21 = dt.date(2021, 6, 10)  # a Thursday


def _dates(text: str, published: dt.date) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for c in extract_claims(text, published=published, max_claims=0):
        for d in c.dates:
            out.setdefault(text[d["start"]:d["end"]], []).append(d["value"])
    return out


def _found(text: str, published: dt.date, anchor=None, narrative: bool = False) -> list[tuple[str, str]]:
    v = view(text)
    return [(v[x["start"]:x["end"]], x["value"]) for x in find_dates(v, 0, len(v), published, anchor,
                                                                     narrative=narrative)]


def test_a_narrative_gives_its_year_to_dates_written_without_one():
    text = ("The river bridge was completed in 1932 at a cost of $4 million. On 12 March, the first trains "
            "crossed it, railway records show. In April the city council voted to add a second track. By the end "
            "of the year 3,000 trains had used the bridge.")
    dates = _dates(text, JUNE21)
    assert dates["On 12 March"] == ["1932-03-12"]
    assert dates["In April"] == ["1932-04"]
    assert dates["By the end of the year"] == ["1932-12-31"]


def test_counted_dates_take_the_last_month_or_year_the_narrative_wrote():
    text = ("In June 1942 the fleet sailed from Hawaii with 40 ships. Two days later it reached Midway, officers "
            "said. Later that month the navy lost 300 sailors. In 1965 the mill employed 2,400 workers. Two years "
            "later it closed, and the town lost a third of its jobs.")
    dates = _dates(text, JUNE21)
    assert dates["Two days later"] == ["1942-06"]  # at the anchor's month: the day is not known
    assert dates["Later that month"] == ["1942-06"]
    assert dates["Two years later"] == ["1967"]


def test_news_that_tells_of_this_week_keeps_dates_with_publication():
    # a backstory date is no narrative once the article has told of its own days ("on Tuesday")
    text = ("The council said on Tuesday it would sell the site. The mill closed in 1965 after 80 years. "
            "In March the owners cut 200 jobs, the council said. A week later the union called a strike.")
    dates = _dates(text, JUNE21)
    assert dates["In March"] == ["2021-03"]
    assert dates["A week later"] == ["2021-06-15"]  # from Tuesday's date, as before


def test_a_recent_year_is_no_narrative():
    text = "Sales fell 10 percent in 2020, the company said. In March it cut 200 jobs at two plants."
    assert _dates(text, JUNE21)["In March"] == ["2021-03"]


def test_narrative_year_only_in_narrative_mode_and_not_ahead():
    anchor = Anchor(dt.date(1945, 5, 8), "day", placed=True)
    assert _found("In July the party won 393 seats.", JUNE21, anchor, narrative=True) == [("In July", "1945-07")]
    assert _found("In July the party gained 393 seats.", JUNE21, anchor) == [("In July", "2020-07")]
    assert _found("The law will take effect in July.", JUNE21, anchor, narrative=True) == [("in July", "2021-07")]
    assert _found("Last March the party won 393 seats.", JUNE21, anchor, narrative=True)[0][1] == "2021-03"
    # a date that only modifies a noun places no narrative in time
    assert _found("In July the party gained 393 seats.", JUNE21, anchor._replace(placed=False), narrative=True) == [
        ("In July", "2020-07")]


def test_a_backstory_year_or_a_span_is_no_narrative():
    # health copy: a study's span, then this year's months; a company's founding, then this year's news
    text = ("Researchers followed 12,000 adults between January 2015 and December 2018, the study found. Cases "
            "rose 30 percent from March to May, health officials said.")
    assert _dates(text, JUNE21)["from March"] == ["2021-03"]
    text = "The company was founded in 1985 by two engineers. In March it cut 200 jobs, the company said."
    assert _dates(text, JUNE21)["In March"] == ["2021-03"]
    text = "A 2018 study found the same effect. In March the agency changed its advice, officials said."
    assert _dates(text, JUNE21)["In March"] == ["2021-03"]


def test_that_day_and_the_next_day_count_from_the_date_before():
    sat = dt.date(2021, 6, 12)
    assert _found("The mayor resigned on 3 May. Earlier that day, the council met.", sat)[1] == (
        "Earlier that day", "2021-05-03")
    text = "Polls closed on 4 June. The next day the commission announced the result."
    assert _dates(text, sat)["The next day"] == ["2021-06-05"]
    assert _found("The following week the board met.", sat, Anchor(dt.date(2021, 5, 3), "day"))[0][1] == "2021-05-10"
    # "over the next month" is a stretch of time from now, not an anchored month
    assert all(t != "the next month" for t, _ in _found("Prices will rise over the next month.", sat))


def test_that_year_after_a_year_in_the_same_sentence():
    text = "He fled to Florida in June 1998 and returned to the island later that year, court records show."
    assert _dates(text, dt.date(2000, 1, 28))["later that year"] == ["1998"]


def test_fiscal_years_of_press_releases():
    jan = dt.date(2022, 1, 5)
    text = ("Net income for the fiscal year ended June 30, 2021 was $45 million, the company said. Revenue in "
            "fiscal year 2023 is expected to reach $900 million. Profit for the year ended December 31, 2020 "
            "rose to $12 million, the bank said.")
    dates = _dates(text, jan)
    assert dates["for the fiscal year"] == ["2021"]
    assert dates["June 30, 2021"] == ["2021-06-30"]
    assert dates["in fiscal year 2023"] == ["2023"]
    assert dates["for the year"] == ["2020"]


def test_the_second_year_of_a_span_is_a_year():
    text = "From 2003 to 2012 deaths fell by a third, researchers said."
    assert _dates(text, JUNE21)["2012"] == ["2012"]
    assert _found("some 1990 troops", JUNE21) == []


def test_numeric_dates():
    jan = dt.date(2022, 1, 5)
    assert _found("The vote was held on 3/14/2021.", jan) == [("3/14/2021", "2021-03-14")]
    assert _found("The vote was held on 14/3/2021.", jan) == [("14/3/2021", "2021-03-14")]
    assert _found("The figure was reported on 14.03.2021.", jan) == [("14.03.2021", "2021-03-14")]
    # both ways readable: month first where the article writes so elsewhere, unresolved where it does not tell
    assert _found("The rule took effect on 3/1/21, after the March 14 vote.", jan)[0] == ("3/1/21", "2021-03-01")
    assert _found("The rule took effect on 3/1/21.", jan) == [("3/1/21", None)]
    assert _found("The index was published on 2021/03/14.", jan) == [("2021/03/14", "2021-03-14")]
    assert _found("Version 2.1.3 shipped to 1/2 of users; see 10.0.0.1 and 1.5.2021.4.", jan) == []


def test_uk_ordinal_day_of_month():
    assert _found("Cases peaked on the 4th of January, officials said.", JUNE21) == [("4th of January", "2021-01-04")]
    assert _found("The treaty was signed on the 12th of March 2020.", JUNE21) == [
        ("12th of March 2020", "2020-03-12")]
    assert _found("Rents were paid on the 4th, the council said.", JUNE21) == [("4th", "2021-06-04")]


def test_a_quarter_of_last_year_and_a_decade_ago():
    assert _found("In the second quarter of last year sales rose 8 percent.", JUNE21)[0][1] == "2020-Q2"
    assert _found("A decade ago the town had 12,000 residents.", JUNE21) == [("A decade ago", "2011")]
    assert _found("Two decades ago the town had 9,000 residents.", JUNE21) == [("Two decades ago", "2001")]


def test_a_present_tense_start_looks_ahead():
    dec = dt.date(2021, 12, 28)
    assert _dates("The vaccine drive begins in January, the ministry said.", dec)["in January"] == ["2022-01"]
    assert _dates("The offer expires in March, the bank said.", dec)["in March"] == ["2022-03"]


def test_years_of_other_eras():
    assert _found("The declaration was signed on July 4, 1776 in Philadelphia.", JUNE21) == [
        ("on July 4, 1776", "1776-07-04")]
    assert _found("The Normans invaded England on 14 October 1066.", JUNE21) == [("on 14 October 1066", "1066-10-14")]
    assert _found("In September 1752 Britain dropped 11 days.", JUNE21) == [("In September 1752", "1752-09")]
    assert _found("In 1492 Columbus crossed the Atlantic.", JUNE21) == [("In 1492", "1492")]
    assert _found("Rebels seized the fort in 1745.", JUNE21) == [("in 1745", "1745")]
    # before 1800 a number alone is a count unless "in", "since" ... put it in time
    assert _found("A crowd of 1500 gathered outside.", JUNE21) == []
    assert _found("Troops fired 1200 rounds in 1700 seconds.", JUNE21) == []


def test_that_night_and_the_next_morning():
    text = ("The liner sank on 14 April 1912 after striking ice. That night 1,500 people died, the inquiry found. "
            "The next morning a rescue ship reached 705 survivors.")
    dates = _dates(text, JUNE21)
    assert dates["That night"] == ["1912-04-14"]
    assert dates["The next morning"] == ["1912-04-15"]
    assert _found("Crews worked through the night to restore power to 4,000 homes.", JUNE21) == []


def test_a_narrative_goes_forward_over_new_year():
    text = ("The army crossed the river on 28 December 1941 with 9,000 men. On 3 January the army took the city, "
            "the war diary records. In February the army lost 2,000 men.")
    dates = _dates(text, JUNE21)
    assert dates["On 3 January"] == ["1942-01-03"]
    assert dates["In February"] == ["1942-02"]


def test_two_away_from_publication_and_the_previous_year():
    wed = dt.date(2021, 3, 17)
    assert _found("The firm lost $4 million the week before last.", wed) == [("the week before last", "2021-03-03")]
    assert _found("Police found the car the day before yesterday.", wed) == [
        ("the day before yesterday", "2021-03-15")]
    assert _found("The games open the year after next.", wed) == [("the year after next", "2023")]
    assert _found("The band last toured in '98, the promoter said.", wed) == [("'98", "1998")]
    assert _found("The band will tour in '22, the promoter said.", wed) == [("'22", "2022")]
    assert _found("Profits rose 8 percent compared with the previous year.", wed) == [("the previous year", "2020")]
    assert _found("Sales rose in 2015 and fell the following year.", wed)[1] == ("the following year", "2016")


def test_news_backstory_counts_years_from_the_year_and_days_from_the_day():
    text = ("The company said on Tuesday it would cut 300 jobs. Smith joined the firm in 1985 as a clerk. Five years "
            "later he became chief executive, the company said. A week later the union called a strike.")
    dates = _dates(text, JUNE21)
    assert dates["Five years later"] == ["1990"]
    assert dates["A week later"] == ["2021-06-15"]  # a week after Tuesday, not a week into 1985
    text = ("Officials said on Monday that the plant was safe. The reactor opened in March 2011. Two months later "
            "it was shut after a leak, officials said.")
    assert _dates(text, JUNE21)["Two months later"] == ["2011-05"]


def test_quarters_of_a_written_or_fiscal_year_and_set_for():
    nov = dt.date(2021, 11, 10)
    assert _found("Revenue rose 8 percent in 2020's first quarter.", nov) == [("in 2020's first quarter", "2020-Q1")]
    assert _found("Revenue rose in the first quarter of fiscal 2022.", nov) == [
        ("in the first quarter of fiscal 2022", "2022-Q1")]
    assert _dates("The vote is set for March 3, officials said.", nov)["for March 3"] == ["2022-03-03"]


def test_a_study_period_then_this_years_months():
    text = ("Researchers tracked 2,110 adults who wore step counters in 2005 and 2006, the study found. By 2018, "
            "72 of them had died. In January, the team published a related study of 900 adults. The findings were "
            "published Sept. 3 in a journal, the team said.")
    dates = _dates(text, dt.date(2021, 9, 14))
    assert dates["In January"] == ["2021-01"]
    assert dates["Sept. 3"] == ["2021-09-03"]


def test_a_counted_year_carries_the_narrative():
    text = ("In 1965 the mill employed 2,400 workers. Two years later it closed, and the town lost a third of its "
            "jobs. On March 4 the new owners announced plans to demolish it.")
    assert _dates(text, JUNE21)["On March 4"] == ["1967-03-04"]


def test_a_weekday_in_a_narrative_is_the_narratives_week():
    text = ("The invasion began on 6 June 1944 with 156,000 troops. On Friday the Allies took the town of Bayeux. "
            "On Monday the first supply port opened. In July the troops broke out of the beachhead.")
    dates = _dates(text, JUNE21)
    assert dates["On Friday"] == ["1944-06-09"]
    assert dates["On Monday"] == ["1944-06-12"]
    assert dates["In July"] == ["1944-07"]


def test_a_battle_told_day_by_day_and_reported_copy_is_news():
    text = ("The battle was fought between 12 and 19 September 1863. On the morning of 12 September, the army "
            "advanced on the ridge with 40,000 men. By 14 September it had lost 3,000 men. In October the army "
            "moved south.")
    dates = _dates(text, dt.date(2009, 5, 1))
    assert dates["12 September"] == ["1863-09-12"]
    assert dates["By 14 September"] == ["1863-09-14"]
    assert dates["In October"] == ["1863-10"]
    # a study's year in a report of its findings: the months after it are this year's
    text = ("Walking 7,000 steps a day halves the risk of early death, a new study finds. The adults wore step "
            "counters in 2006. In January, the team published a related study of 900 adults.")
    assert _dates(text, dt.date(2021, 9, 14))["In January"] == ["2021-01"]
