"""Probes in US political copy the team wrote (issue 13, sixth round of speakers): attribution in the broad sense,
a position, a belief, an intention or a demand held by a named source and written as a noun ("Trump's plan to
...", "in Sanders' telling"), or as a verb phrase of holding a view ("X took the view that ...", "X has long held
that ...", "X is pushing for ..."); and what must stay the outlet's (a described action, a possessed noun alone).

Every sentence here was written for these tests (nothing is copied from the evaluation sets).
"""

from __future__ import annotations

import datetime as dt

import pytest

from claims.extraction import extract_claims

SEP16 = dt.date(2016, 9, 14)


def _speakers(text: str) -> list[str]:
    return [c.speaker for c in extract_claims(text, published=SEP16, max_claims=0)]


@pytest.mark.parametrize(("text", "speaker"), [
    # a that-clause
    ("Hillary Clinton's view that the economy needs more federal investment puts her at odds with House "
     "Republicans.", "Hillary Clinton"),
    ("Sanders's insistence that the party adopt a $15 minimum wage reshaped the platform.", "Sanders"),
    ("The Trump campaign's contention that crime is rising in every big city is not supported by FBI data.",
     "Trump"),
    ("Obama's belief that the Iran deal will hold is not shared by most Republicans in Congress.", "Obama"),
    # a to-infinitive
    ("Donald Trump's plan to build a wall along the southern border would cost at least $25 billion.",
     "Donald Trump"),
    ("Kasich's refusal to endorse the nominee has angered party loyalists in Ohio.", "Kasich"),
    ("Gov. Mike Pence's vow to restore law and order drew cheers at the rally.", "Mike Pence"),
    # what is asked for
    ("Clinton's call for a no-fly zone over Syria has drawn criticism from the left.", "Clinton"),
    # a copula before a that-clause
    ("Mike Pence's position is that Russia bears responsibility for the civilian deaths in Aleppo.", "Mike Pence"),
    ("Rubio's stance is that the Cuba embargo should remain in place.", "Rubio"),
])
def test_a_possessed_noun_of_stance_with_its_content_names_the_holder(text, speaker):
    assert speaker in _speakers(text)[0]


@pytest.mark.parametrize(("text", "speaker"), [
    ("Trump's repeated claim that he opposed the Iraq war from the start is false.", "Trump"),
    ("Pike seized on a Harbor Gazette report that Chen declared a loss of $9 million in 2011.",
     "Harbor Gazette"),
    ("Pence's contention is that Trump never praised the Russian president.", "Pence"),
])
def test_a_verb_inside_the_content_of_a_possessed_noun_is_not_the_source(text, speaker):
    assert speaker in _speakers(text)[0]


@pytest.mark.parametrize(("text", "speaker"), [
    ("A proposal by Governor John Kasich would cut the state income tax by 10 percent.", "John Kasich"),
    ("A plan by House Republicans to repeal the health law would leave 20 million people without insurance.",
     "Republicans"),
    ("Under Mrs. Pike's plan, households earning more than $400,000 would pay a 2 percent surcharge.",
     "Pike"),
    ("A Senate proposal to fund the government through December would include $1.1 billion for Zika.", "Senate"),
    ("That left the OECD's estimate of euro-area growth at 1.2 percent for the year.", "OECD"),
])
def test_a_proposal_by_a_source_or_under_its_plan_is_the_source(text, speaker):
    assert speaker in _speakers(text)[0]


@pytest.mark.parametrize(("text", "speaker"), [
    ("In Bernie Sanders' telling, the banking system is rigged against working families.", "Bernie Sanders"),
    ("In Trump's view, the United States has been losing on trade for decades.", "Trump"),
    ("In the view of Senate Majority Leader Mitch McConnell, the next president should fill the vacancy.",
     "Mitch McConnell"),
])
def test_in_a_sources_view_or_telling_is_the_source(text, speaker):
    assert speaker in _speakers(text)[0]


@pytest.mark.parametrize(("text", "speaker"), [
    ("Senator Marco Rubio took the view that the deal would allow Iran to build a bomb within a decade.",
     "Marco Rubio"),
    ("Trump has taken the position that NATO allies must pay more for their own defense.", "Trump"),
    ("Elizabeth Warren has long held that the big banks should be broken up.", "Elizabeth Warren"),
    ("Warren shares the view that Wall Street executives should face prison for fraud.", "Warren"),
    ("Senator Bernie Sanders is pushing for a $15 federal minimum wage.", "Bernie Sanders"),
    ("The Clinton campaign is betting that suburban women will abandon the Republican ticket.", "Clinton"),
    ("Johnson has made no secret of his view that both major party candidates are unqualified.", "Johnson"),
])
def test_a_verb_phrase_of_holding_a_view_names_its_subject(text, speaker):
    assert speaker in _speakers(text)[0]


@pytest.mark.parametrize("text", [
    "Trump visited Ohio on Tuesday and held a rally in Cincinnati.",
    "Trump's rally in Ohio drew thousands of supporters.",
    "Trump's plan would cost $5 trillion over a decade.",
    "Trump's plan, which he unveiled in Detroit, would cut the corporate tax rate to 15 percent.",
    "Mayor Ortiz made no secret of her joy at the stadium's reopening.",
    "Mr. Trump pushed the reporter out of the way.",
    "Democrats held the seat for decades.",
    "Clinton took the stage shortly after 9 p.m.",
    "Profit at the unit fell 20 percent, largely because of a one-time charge tied to Halvorsen's plan to cut "
    "4,000 jobs.",
])
def test_an_action_or_a_possessed_noun_alone_stays_the_outlets(text):
    assert set(_speakers(text)) == {"the outlet"}


@pytest.mark.parametrize(("text", "speaker"), [
    ("As Clinton sees it, the race will be decided by turnout in the Philadelphia suburbs.", "Clinton"),
    ("The way Trump sees it, the trade deals of the last 20 years have gutted American manufacturing.", "Trump"),
    ("Trump sees NATO as obsolete and too expensive for American taxpayers.", "Trump"),
    ("Sen. Lindsey Graham suspects that Russia was behind the hack of the Democratic National Committee.",
     "Lindsey Graham"),
    ("Clinton figures that a strong showing in the debates will put the race out of reach.", "Clinton"),
    ("Trump bragged that his hotel in Washington came in under budget.", "Trump"),
    ("Giuliani guessed that the nominee would win Pennsylvania by five points.", "Giuliani"),
    ("Trump professed that he knew more about the terrorist group than the generals did.", "Trump"),
])
def test_a_view_seen_or_a_thought_with_its_clause_names_the_holder(text, speaker):
    assert speaker in _speakers(text)[0]


@pytest.mark.parametrize("text", [
    "Trump figured prominently in the Democratic ads.",
    "Clinton saw the results on television in her hotel suite.",
    "The senator saw his approval rating fall by 10 points.",
    "The governor returned to his complaints about what he sees as a hostile press corps.",
    "The candidate was seen as the favorite after the first debate.",
])
def test_seeing_or_figuring_without_a_view_stays_the_outlets(text):
    assert set(_speakers(text)) == {"the outlet"}


@pytest.mark.parametrize(("text", "speaker"), [
    ("Lena Broek, a shipping executive from Rotterdam, devised a strategy to cut port fees by pooling "
     "cargo.", "Lena Broek"),
    ("Trump has a plan to defeat the Islamic State within 30 days.", "Trump"),
    ("Clinton rolled out a proposal for paid family leave on Monday.", "Clinton"),
    ("Sen. Chuck Schumer floated the idea that Democrats could retake the Senate with a net gain of four seats.",
     "Chuck Schumer"),
    ("House Republicans laid out a plan to replace the Affordable Care Act with tax credits.", "Republicans"),
])
def test_a_plan_or_an_idea_put_forward_by_the_subject_is_its_stance(text, speaker):
    assert speaker in _speakers(text)[0]


@pytest.mark.parametrize("text", [
    "Senate Republicans blocked a proposal to fund the program for another year.",
    "Obama has a long list of accomplishments.",
    "Kaine presented a vision of an economy that works for everyone.",
    "Trump put the plan on hold after the convention.",
])
def test_a_plan_blocked_or_a_plain_object_stays_the_outlets(text):
    assert set(_speakers(text)) == {"the outlet"}


@pytest.mark.parametrize(("text", "speaker"), [
    ("Under Mr. Varga's plan, couples reporting incomes above $300,000 would pay a higher rate on rentals.",
     "Varga"),
    ("But under the governor's proposal, families filing jointly would owe nothing on the first $40,000.",
     "the governor"),
])
def test_under_a_sources_plan_opening_the_sentence_is_the_source_wherever_the_parser_hangs_it(text, speaker):
    assert speaker in _speakers(text)[0]


@pytest.mark.parametrize(("text", "words"), [
    ("In a new NBC News/Wall Street Journal poll, Clinton leads Trump by 14 points among women.", "NBC News"),
    ("In a CNN/ORC poll released on Monday, 48 percent of likely voters backed Clinton.", "CNN/ORC poll"),
    ("In the poll, Trump gained two points among independents since last week's debate.", "the poll"),
    # the small model reads "trails" as a noun and makes "Clinton" the root
    ("In the latest Quinnipiac poll, Trump trails Clinton by 5 points in Ohio.", "Quinnipiac poll"),
])
def test_a_poll_framing_the_sentence_is_its_source(text, words):
    assert words in _speakers(text)[0]


@pytest.mark.parametrize("text", [
    "The shop stayed open under the owner's plan.",
    "Clinton led in the poll by five points.",
    # the small model hangs "Trump" on the survey as an appositive: no speaker rather than "Trump trailed ..."
    "In a Quinnipiac University survey released Wednesday, Trump trailed by 7 points in Pennsylvania.",
    "In the study, patients were enrolled at three hospitals in Boston.",
])
def test_a_plan_or_a_poll_elsewhere_or_a_study_frame_stays_the_outlets(text):
    assert set(_speakers(text)) == {"the outlet"}


@pytest.mark.parametrize(("text", "speaker"), [
    ("Trump supporters are convinced that the media is biased against their candidate.", "Trump supporters"),
    ("Many Republicans are convinced that the election will be stolen.", "Republicans"),
    ("Clinton aides were frustrated that the story about her emails would not die.", "Clinton aides"),
])
def test_a_state_of_mind_tagged_as_a_participle_after_a_copula_names_its_holder(text, speaker):
    assert speaker in _speakers(text)[0]


@pytest.mark.parametrize("text", [
    "The polling stations were closed at noon.",
    "Voters were convinced by the ad.",
])
def test_a_participle_without_its_clause_stays_the_outlets(text):
    assert set(_speakers(text)) == {"the outlet"}


@pytest.mark.parametrize(("text", "speaker"), [
    ("To Trump, the Iraq war was a catastrophic mistake.", "Trump"),
    ("Giuliani's assessment: the nominee won the debate easily.", "Giuliani"),
    ("The Trump camp's theory: disaffected working-class voters will show up in record numbers.", "Trump"),
    ("Sanders' argument, repeated at every rally, is that the economy is rigged.", "Sanders"),
    ("Trump's pitch to black voters is that Democrats have taken them for granted.", "Trump"),
    ("Mr. Varga's bet is that the new toll will be hard for any successor to repeal.", "Varga"),
    ("Pence also took issue with the notion that Trump had praised the Russian president.", "Pence"),
])
def test_a_viewpoint_a_noun_before_a_colon_or_a_bet_names_the_holder(text, speaker):
    assert speaker in _speakers(text)[0]


@pytest.mark.parametrize("text", [
    "To Congress, the White House sent a budget of $4 trillion.",
    "To date, the campaign has raised $50 million.",
    "The senator took issue on Tuesday.",
])
def test_a_to_phrase_that_is_no_viewpoint_stays_the_outlets(text):
    assert set(_speakers(text)) == {"the outlet"}


@pytest.mark.parametrize(("text", "speaker"), [
    ("Trump's message to voters in Michigan was simple:\n\nThe auto jobs that left for Mexico will come back.",
     "Trump"),
    ("Sanders laid out his plan in a speech on Monday:\n\nPublic colleges would be tuition-free, paid for by a tax "
     "on Wall Street speculation.", "Sanders"),
])
def test_a_stance_whose_content_follows_a_colon_names_the_next_sentences_source(text, speaker):
    assert speaker in _speakers(text)[-1]


@pytest.mark.parametrize("text", [
    "The senator's plan has three parts: a tax cut, a wall and a trade deal.",
    "Clinton released her schedule for the week: Ohio, Florida and Pennsylvania.",
])
def test_a_list_after_a_colon_is_no_stance(text):
    assert set(_speakers(text)) == {"the outlet"}
