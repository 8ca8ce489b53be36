"""Attribution rules of rules-1.7 (issue 13, speaker step): short articles written for these tests."""

from __future__ import annotations

from claims.extraction import extract_claims
from tests.extraction.expectations import claim_covering

_claim = claim_covering


def test_according_to_a_document_by_a_named_author_gives_the_author():
    text = ("Fees would rise by $300 for most renters, according to the Urban Housing Council.\n"
            "Some tenants would pay $900 more a year, according to an analysis by Mara Quill, a former housing "
            "aide now teaching at Boston College, whose findings were backed by the Urban Housing Council.\n"
            "According to a 12-count complaint filed by the Securities and Exchange Commission, the builders "
            "raised $40 million from 300 investors.\n")
    assert _claim(text, "$900 more").speaker == "Mara Quill"
    assert _claim(text, "$40 million").speaker == "Securities and Exchange Commission"
    assert _claim(text, "$300 for most").speaker == "Urban Housing Council"


def test_a_bare_verb_before_a_name_is_an_imperative_not_a_cue():
    text = ("The levy was cut by 12 percent last year, and firms may now bring $80 billion home "
            "(think Brexit, for example).\n")
    assert _claim(text, "12 percent").speaker == "The Gazette"


def test_a_second_source_joined_by_and_gets_its_own_statement():
    text = ("On coal, Senator Ada Pike has vowed to bring back 20,000 mining jobs, and Governor Lu Chen is "
            "promising to invest $30 billion in coal towns.\n")
    first, second = _claim(text, "20,000"), _claim(text, "$30 billion")
    assert "Pike" in first.speaker and "Chen" in second.speaker
    assert "$30 billion" not in first.text and "20,000" not in second.text


def test_issuing_a_statement_and_making_it_clear_are_saying():
    text = ("The Harbor Council issued a statement calling the 40 layoffs \"a breach\" of its 2019 accord.\n"
            "In a radio interview, Dale Hummel made it clear he had doubts about the $2 million budget.\n")
    assert "Harbor Council" in _claim(text, "40 layoffs").speaker
    assert _claim(text, "$2 million").speaker == "Dale Hummel"


def test_a_closing_source_the_tagger_reads_as_a_noun_is_still_the_source():
    text = "The clinic has lost 300 patients since 2019, the mayor's former doctor maintains.\n"
    c = _claim(text, "300 patients")
    assert c.attributed and "former doctor" in c.speaker


def test_a_stance_inside_a_relative_clause_does_not_take_the_statement():
    text = ("Dana Hale, an adviser to the campaign, said that the team was reviewing the 12 rules, and that her "
            "plans did not fix every pothole she might seek to repair as governor.\n")
    assert _claim(text, "every pothole").speaker == "Dana Hale"


def test_a_title_case_headline_naming_someone_with_a_verb_of_stance_is_theirs():
    text = ("Ortiz Sees 'Grave Risk' if Voters Don't Back the $40 Million Levy.\n"
            "Mayor Dana Ortiz said on Tuesday that the city would lose 120 officers without the levy.\n")
    assert "Ortiz" in _claim(text, "Grave Risk").speaker
    other = "Storm Floods 300 Homes in Coastal Towns.\nThe storm flooded 300 homes on Tuesday, officials said.\n"
    assert _claim(other, "Storm Floods").speaker == "The Gazette"  # no verb of saying or stance: not a source


def test_a_group_named_after_someone_is_a_named_source_for_the_cap():
    text = " ".join([
        "Daily tea drinkers in Lakeside slept 20 minutes longer than others, a survey of 3,000 adults found.",
        "The survey was led by Maria Okafor and run with Tom Reyes in 2025.",
        "Okafor's team said the institute will repeat the survey next spring.",
        "Reyes aides said the town has a dozen tea shops.",
        "Local officials said the town would publish its own figures.",
    ])
    every = extract_claims(text, max_claims=0)
    kept = {c.text for c in extract_claims(text, max_claims=1)}
    team = next(c for c in every if c.speaker.startswith("Okafor"))
    aides = next(c for c in every if c.speaker.startswith("Reyes"))
    officials = next(c for c in every if c.speaker.lower().endswith("officials"))
    best = max(every, key=lambda c: c.score)
    assert team.text in kept and aides.text in kept  # "Reyes" is written mid-sentence: a name, not a sentence start
    assert officials is best or officials.text not in kept


def test_a_quotation_opening_the_next_sentence_is_the_last_named_persons():
    text = ("\"We will not close the 12 schools,\" Governor Ada Pike said on Monday.\n"
            "On a radio show, Senator Lu Chen identified the 40 percent budget cut as the main risk. \"The "
            "younger teachers are leaving the state faster than any group we have ever counted.\"\n")
    assert "Chen" in _claim(text, "younger teachers").speaker


def test_sounding_a_call_complimenting_and_a_newsroom_that_has_learned_are_sources():
    text = ("Mayor Dana Ortiz was taken to a clinic after her fall at the ceremony on Friday, The Courier has "
            "learned.\n"
            "Governor Lu Chen sounded a call for the state to take in 2,000 more refugees on Monday.\n"
            "Chen has complimented the 12 debate moderators of Channel 5, but with a distinct edge.\n"
            "She learned to swim at 40 and has learned a lot about the 3 rivers since 2010.\n")
    assert "Courier" in _claim(text, "taken to a clinic").speaker
    assert "Chen" in _claim(text, "2,000 more refugees").speaker
    assert "Chen" in _claim(text, "12 debate moderators").speaker
    assert _claim(text, "3 rivers").speaker == "The Gazette"  # a person learning something reports nothing


def test_a_publication_named_with_the_has_no_role_the():
    text = ("The mill will close in March, The Courier said on Monday.\n"
            "The Courier said the mill employs 1,200 workers.\n")
    for needle in ("close in March", "1,200 workers"):
        claim = _claim(text, needle, outlet="Harbour News")
        assert (claim.speaker, claim.speaker_role) == ("Courier", "")


def test_who_said_after_a_named_person_is_that_persons_statement():
    text = ("The harbour plan passed 5-4 on Tuesday.\n"
            "It was opposed by Councilwoman Rita Ames, who said the dredging would cost the city $7 million.\n")
    assert "Rita Ames" in _claim(text, "$7 million").speaker


def test_a_gerund_clause_as_subject_reports_nothing():
    text = ("Under the governor's plan, landlords reporting rental income above $50,000 would pay a 4 percent "
            "surcharge from 2018.\n")
    claim = _claim(text, "4 percent surcharge")
    # the landlords report nothing; the plan opening the sentence is the governor's (rules-1.50, stances)
    assert "landlords" not in claim.speaker.lower() and claim.speaker == "the governor"


def test_a_role_given_in_apposition_names_that_person_later():
    text = ("The minister, Paola Renzi, announced a cut in fuel taxes on Monday.\n"
            "The minister said the cut would cost the treasury 2 billion euros a year.\n"
            "Tom Hale, a Republican senator, criticized the farm bill.\n"
            "The Ohio senator argued that the bill would cost 2,000 jobs in his state.\n")
    assert _claim(text, "2 billion euros").speaker == "Paola Renzi"
    assert _claim(text, "2,000 jobs").speaker == "Tom Hale"


def test_a_capitalised_title_before_a_name_in_apposition_gives_the_name():
    """The tagger reads "The Chancellor" and "Foreign Secretary" as proper nouns; the person is the appositive."""
    text = ("The Chancellor, Rita Vane, told MPs that borrowing would fall by 12 billion pounds next year.\n"
            "The chancellor said the 4 percent sales tax would not rise.\n"
            "Freedonia's Foreign Secretary, Ivo Marsh, said 300 diplomats would be recalled.\n"
            "Senator Ada Pike, a Democrat, said 20,000 mining jobs had been lost.\n")
    first = _claim(text, "12 billion")
    assert first.speaker == "Rita Vane" and first.speaker_role == "Chancellor"
    assert _claim(text, "4 percent").speaker == "Rita Vane"
    assert _claim(text, "300 diplomats").speaker == "Ivo Marsh"
    assert "Pike" in _claim(text, "20,000").speaker  # a name with a title stays the speaker


def test_an_unnamed_spokesperson_is_not_the_next_person_named():
    """"A spokesperson" is somebody the article does not name: never given the next name (and never shown as it)."""
    text = ("A spokesperson for the Harbor Authority said 300 homes had been flooded since Friday.\n"
            "The authority's chief executive, Nina Stroud, told reporters that rainfall was 40 percent above "
            "average.\n")
    first = _claim(text, "300 homes")
    assert "Stroud" not in first.speaker and "spokesperson" in first.speaker.lower()
    assert _claim(text, "40 percent").speaker == "Nina Stroud"


def test_a_role_is_not_given_to_the_next_name_that_has_another_role():
    text = ("The former governor told reporters that she would raise the minimum wage to $15.\n"
            "In a fundraising email, Sen. Ada Pike wrote that small donors had given $220 million.\n"
            "The spokesman said 300 volunteers had joined. The spokesman, Igor Lind, added that 40 offices "
            "had opened.\n")
    wage = _claim(text, "$15")
    assert "Pike" not in wage.speaker and "governor" in wage.speaker.lower()
    assert _claim(text, "$220 million").speaker == "Ada Pike"
    assert "Igor Lind" in _claim(text, "300 volunteers").speaker  # the same role named: the same person


def test_names_with_lower_case_particles_keep_the_whole_name():
    text = ("Ursula von der Lind said 300 million euros would be spent on grids.\n"
            "\"We lost 12 seats,\" Mark van der Berg told reporters.\n"
            "Every 1,000 steps a day cut the risk by 5 percent, said co-author Borja del Pozo Cruz.\n"
            "Ana dos Santos said 40 clinics had closed.\n")
    assert _claim(text, "300 million").speaker == "Ursula von der Lind"
    assert _claim(text, "12 seats").speaker == "Mark van der Berg"
    assert _claim(text, "1,000 steps").speaker == "Borja del Pozo Cruz"
    assert _claim(text, "40 clinics").speaker == "Ana dos Santos"


def test_a_study_published_in_a_journal_is_the_study_not_the_journal():
    text = ("Walkers were 51 percent less likely to develop dementia, according to a study of 78,000 adults "
            "published Monday in the Lancet Brain.\n"
            "The drug cut deaths by 20 percent, according to a trial led by Elm University.\n")
    walkers = _claim(text, "51 percent").speaker
    assert walkers.startswith("a study") and walkers != "Lancet Brain"
    assert _claim(text, "20 percent").speaker == "Elm University"  # "led by": the author


def test_the_agency_said_is_the_agency_the_article_named():
    text = ("The Harbor Flood Agency issued 40 flood warnings on Monday.\n"
            "The agency said 300 homes had been flooded since Friday.\n"
            "The Institute for Coastal Studies said sea levels rose 2 percent. The institute warned that 12 towns "
            "could flood by 2030.\n"
            "The bank said 900 loans were deferred.\n")
    assert _claim(text, "300 homes").speaker == "Harbor Flood Agency"
    assert _claim(text, "12 towns").speaker == "Institute for Coastal Studies"
    assert _claim(text, "900 loans").speaker.lower() == "the bank"  # no bank named: not a guess


def test_a_plural_organisation_name_and_the_agency_that_just_spoke():
    text = ("Flu cases reached their highest level in 12 years, the Centers for Flu Control and Prevention "
            "said Monday.\n"
            "The agency reported 704 cases in 22 states.\n"
            "Farm prices rose 3 percent last year.\n"
            "The ministry said 40 farms had closed.\n")
    assert _claim(text, "12 years").speaker == "Centers for Flu Control and Prevention"
    assert _claim(text, "704 cases").speaker == "Centers for Flu Control and Prevention"
    assert _claim(text, "40 farms").speaker.lower() == "the ministry"  # no body spoke just before: no guess


def test_an_office_nobody_held_before_is_not_given_to_a_name():
    text = ("Governor Lu Chen said the state would hire 300 nurses.\n"
            "The senator said the hospital bill would cost $90 million.\n")
    assert "Chen" not in _claim(text, "$90 million").speaker


def test_a_verb_the_parser_joins_to_the_main_verb_takes_the_name_right_before_it():
    text = "The firm's shares fell 8 percent after its chief executive, Mara Lind, said sales had dropped by a fifth.\n"
    assert _claim(text, "8 percent").speaker == "Mara Lind"


def test_a_participle_set_off_by_commas_is_not_part_of_the_source():
    text = "Sanders, speaking in Iowa, said the plan would cover 28 million people.\n"
    assert _claim(text, "28 million").speaker == "Sanders"


def test_it_said_is_the_organisation_that_spoke_just_before_and_it_shows_is_not():
    text = ("The Harbor Council released a statement on Sunday.\n"
            "It said the levy had raised $12 million since 2014.\n"
            "A video of the meeting was posted by the Harbor Council on Monday.\n"
            "It shows 40 residents leaving the hall before the vote.\n")
    assert "Harbor Council" in _claim(text, "$12 million").speaker
    assert _claim(text, "40 residents").speaker == "The Gazette"


def test_a_pronoun_takes_the_name_its_sentence_opens_with_even_without_a_known_gender():
    text = ("Governor Mark Dunn said on Monday that the state would cut 500 jobs.\n"
            "Ngozi Orwell appeared on a radio show later that day.\n"
            "She said the cuts would save $30 million.\n"
            "Mayor Dana Ortiz campaigned in Tampa, where she said the levy would hire 120 officers.\n"
            "While Dunn spoke, aides handed out 2,000 leaflets.\n")
    assert _claim(text, "$30 million").speaker == "Ngozi Orwell"
    assert "Ortiz" in _claim(text, "120 officers").speaker
    assert "While" not in _claim(text, "2,000 leaflets").speaker


def test_a_capitalised_word_inside_a_name_is_no_verb_of_saying():
    """"the United States" is no "X states": the speaker of the sentence is nobody, not "United"."""
    text = ("Aid flights left the United States, Canada and Mexico on Monday with 40 tonnes of supplies.\n"
            "Consumer Reports found 12 faulty models in its latest survey.\n")
    assert claim_covering(text, "40 tonnes").speaker == "The Gazette"
    assert "United" not in {c.speaker for c in extract_claims(text, outlet="The Gazette")}


def test_what_follows_saying_cut_from_an_unattributed_clause_is_the_sayers():
    """The clause split drops ", saying" between two clauses; when the first cites nobody, the second is what
    the subject of "saying" says. When the first already has its own speaker, the second keeps that one."""
    text = ("The Okafor family are fighting to keep the farm in the county, saying they can pay the 3 years of "
            "back taxes.\n"
            "Mayor Lind told the council that she backs the plan, saying that 200 homes would be built by 2027.\n")
    assert claim_covering(text, "back taxes").speaker == "The Okafor family"
    assert claim_covering(text, "keep the farm").speaker == "The Gazette"
    assert "Lind" in claim_covering(text, "200 homes").speaker
