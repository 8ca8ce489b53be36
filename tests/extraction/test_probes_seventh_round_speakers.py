"""Probes in US political copy the team wrote (issue 13, seventh round of speakers): attitudes held toward a
proposition ("X fumed that ...", "X bristled at the suggestion that ..."), verbs of thinking the small model tags
as nouns ("Hobbs reasons that ..."), and what must stay the outlet's (a mood with no content, a described action).

Every sentence here was written for these tests (nothing is copied from the evaluation sets).
"""

from __future__ import annotations

import datetime as dt

import pytest

from claims.extraction import extract_claims

OCT16 = dt.date(2016, 10, 5)


def _speakers(text: str) -> list[str]:
    return [c.speaker for c in extract_claims(text, published=OCT16, max_claims=0)]


@pytest.mark.parametrize(("text", "speaker"), [
    ("Delgado seethed that the committee had buried his amendment on veterans' pensions.", "Delgado"),
    ("Rep. Nora Whitcombe fumed that the audit was a partisan hit job ordered by the speaker.", "Nora Whitcombe"),
    ("Senator Pia Lund bristled at the suggestion that she had misled donors about the pipeline.", "Pia Lund"),
    ("Mayor Oren Falk grumbled about the state's refusal to share the gas tax with the cities.", "Oren Falk"),
    ("Quist stewed over the court's decision to redraw his district.", "Quist"),
])
def test_a_verb_of_temper_with_what_it_is_about_names_its_subject(text, speaker):
    assert speaker in _speakers(text)[0]


@pytest.mark.parametrize(("text", "speaker"), [
    ("Hobbs reasons that voters will forgive the scandal by November.", "Hobbs"),
    ("Brandt reasons that the tariff will pay for the new highway bill.", "Brandt"),
    ("Governor Lisa Varn frets that the state pension fund will run dry by 2030.", "Lisa Varn"),
    ("But Hobbs reasons that the party will hold the seat in a low-turnout race.", "Hobbs"),
])
def test_a_verb_of_thinking_tagged_as_a_noun_names_the_opening_name(text, speaker):
    assert speaker in _speakers(text)[0]


@pytest.mark.parametrize("text", [
    "Hobbs fumed at the referee after the game in Toledo.",
    "The crowd raged outside the courthouse until midnight.",
    "Sanders marveled at the crowd in Des Moines.",
    "Voters chafed under the new rules for weeks.",
    "Rail lines that run through the city will close in March.",
    "Jobs figures that were published Friday surprised economists.",
    "Security reasons that the agency cited were never explained.",
    "Quist fumed for an hour after the vote.",
])
def test_a_mood_or_a_noun_without_a_view_stays_the_outlets(text):
    assert set(_speakers(text)) == {"the outlet"}


@pytest.mark.parametrize(("text", "speaker"), [
    ("Senator Ruth Calder said her bill would cap insulin at $35 a month. It would be paid for by a fee on "
     "drug makers.", "Ruth Calder"),
    ("Mayor Oren Falk said the levy would raise $80 million over four years. They would go to bus lanes and "
     "repaving, not to the stadium.", "Oren Falk"),
])
def test_a_would_sentence_about_a_thing_goes_on_with_the_reported_speech_before_it(text, speaker):
    assert _speakers(text)[1] == speaker


@pytest.mark.parametrize("text", [
    "Senator Ruth Calder said her bill would cap insulin at $35 a month. The Senate adjourned on Friday.",
    "Senator Ruth Calder toured the plant on Monday. It would close in March, workers learned later.",
    "The company said profit rose 5 percent. It would have risen more without the strike.",
    "Senator Ruth Calder said her bill would cap insulin at $35 a month. It passed the committee 14-9 on Friday.",
])
def test_a_sentence_after_reported_speech_without_its_would_or_after_an_action_is_the_outlets(text):
    assert _speakers(text)[1] == "the outlet"


@pytest.mark.parametrize(("text", "speaker"), [
    ("For Calder, the issue is the price of insulin in rural pharmacies.", "Calder"),
    ("For Senator Ruth Calder, the priority is a cap on what seniors pay for drugs.", "Ruth Calder"),
    ("For Senate Republicans, the answer is a flat tax with no deduction for state taxes.", "Republicans"),
])
def test_for_a_name_before_what_a_view_picks_out_names_the_holder(text, speaker):
    assert speaker in _speakers(text)[0]


@pytest.mark.parametrize("text", [
    "For Calder, the town hall in Yakima was a rough night.",
    "For the Hobbs campaign, the stakes are high in Maricopa County.",
    "For Quist, the issue was settled by the courts in 2012.",
])
def test_for_a_name_before_a_judgement_of_the_writer_stays_the_outlets(text):
    assert set(_speakers(text)) == {"the outlet"}


@pytest.mark.parametrize(("text", "speaker"), [
    ("Senator Pia Lund cast doubt on the auditor's count of absentee ballots.", "Pia Lund"),
    ("Governor Lisa Varn threw cold water on talk of a special session before the election.", "Lisa Varn"),
    ("Quist poured cold water on the union's plan for a four-day week.", "Quist"),
    ("Delgado pushed back on the notion that the pension fund is insolvent.", "Delgado"),
    ("Mayor Oren Falk cheered the court's decision as a victory for renters.", "Oren Falk"),
    ("Rep. Nora Whitcombe sounded confident that the farm bill would clear the House by Friday.", "Nora Whitcombe"),
    ("Delgado scoffed at the idea that the levy would drive businesses out of town.", "Delgado"),
])
def test_a_phrase_of_doubting_rebuffing_or_greeting_names_its_subject(text, speaker):
    assert speaker in _speakers(text)[0]


@pytest.mark.parametrize("text", [
    "Quist cast a ballot on Tuesday at a school in Dayton.",
    "Firefighters poured water on the blaze for six hours.",
    "Delgado pushed back the vote on the levy to March.",
    "Crowds cheered as the motorcade passed through Dayton.",
    "Quist threw the first pitch at the minor league game on Friday.",
    "Rep. Nora Whitcombe looked tired on stage in Dayton.",
])
def test_the_same_verbs_without_a_view_stay_the_outlets(text):
    assert set(_speakers(text)) == {"the outlet"}


@pytest.mark.parametrize(("text", "speaker"), [
    ("Gov. Lisa Varn said the state would not raise the gas tax this year.", "Lisa Varn"),
    ("Ohio Gov. Dale Morrow said the plant would reopen by spring.", "Dale Morrow"),
    ("The plan was backed by Govs. Ann Reyes and Tom Kirk, aides said. Gov. Tom Kirk said it would pass.",
     "Tom Kirk"),
])
def test_gov_abbreviated_is_a_title_not_part_of_the_name(text, speaker):
    assert _speakers(text)[-1] == speaker


def test_a_given_name_that_is_also_a_word_opening_a_full_name_stays_in_it():
    assert _speakers("Earl Dean Hobart, the county clerk, said the ballots were counted twice.")[0] == \
        "Earl Dean Hobart"


@pytest.mark.parametrize(("text", "speaker"), [
    ("Delgado was quick to note that the pension fund had gained 9 percent last year.", "Delgado"),
    ("Governor Lisa Varn was careful to say that no decision on the toll had been made.", "Lisa Varn"),
    ("Rep. Nora Whitcombe remains unconvinced that the levee can hold another flood.", "Nora Whitcombe"),
    ("Mayor Oren Falk voiced support for the transit levy at a town hall in Tacoma.", "Oren Falk"),
])
def test_a_state_or_a_stance_voiced_with_its_content_names_the_holder(text, speaker):
    assert speaker in _speakers(text)[0]


@pytest.mark.parametrize("text", [
    "It is important to note that the levy passed with 61 percent.",
    "Delgado is hard to predict on pension votes.",
    "The toll plan is easy to explain to commuters.",
])
def test_a_tough_adjective_or_it_before_the_infinitive_stays_the_outlets(text):
    assert set(_speakers(text)) == {"the outlet"}
