"""Attribution failure classes found on public news (issue 13), as short articles written for these tests."""

from __future__ import annotations

from tests.extraction.expectations import claim_covering

_claim = claim_covering


def test_stance_verbs_name_their_source():
    text = ("Harbor Trust expects that freight volumes will fall by 8 percent next year.\n"
            "Senator Mara Lind has called for a review of the 40 port contracts.\n"
            "The dockworkers' union questioned whether the $2 billion plan would create 3,000 jobs.\n")
    assert _claim(text, "freight volumes").speaker == "Harbor Trust"
    assert "Lind" in _claim(text, "40 port contracts").speaker
    assert "union" in _claim(text, "3,000 jobs").speaker


def test_a_passive_stance_verb_does_not_make_its_agent_a_speaker():
    text = "Rebel fighters backed by foreign drones took 12 villages near the river on Sunday.\n"
    assert _claim(text, "took 12 villages").speaker == "The Gazette"


def test_reporting_verb_the_tagger_reads_as_a_noun_keeps_its_subject():
    text = ("The senator faces a close race in the fall.\n"
            "But Okafor claims that the state lost 14,000 jobs under his opponent.\n")
    assert _claim(text, "14,000 jobs").speaker == "Okafor"


def test_lead_in_ending_in_a_colon_gives_the_next_sentence_its_speaker():
    text = ("Analyst Ruth Meyer of Coastline Research added:\n"
            "\u201cThe company lost $300 million in the quarter and cut 900 jobs.\u201d\n")
    assert "Meyer" in _claim(text, "$300 million").speaker


def test_transcript_label_speaks_for_its_whole_paragraph():
    text = ("KOVAC: Our state added 52,000 jobs last year. Unemployment fell to 3.1 percent.\n"
            "The moderator then turned to taxes, which rose by 4 percent in 2023.\n")
    assert _claim(text, "52,000 jobs").speaker == "KOVAC"
    assert _claim(text, "3.1 percent").speaker == "KOVAC"
    assert _claim(text, "rose by 4 percent").speaker == "The Gazette"


def test_party_tag_stays_in_the_text_and_the_appositive_is_the_role():
    text = ("Sen. Lena Brandt (D-Ore.) said the bill would cost $12 billion over ten years.\n"
            "Tom Ruiz, a Denver county commissioner, said 4,000 homes had no power on Friday.\n")
    c = _claim(text, "$12 billion")
    assert "(D-Ore.)" in c.text and c.speaker == "Lena Brandt"  # "(R)" is a picture pointer, "(D-Ore.)" is not
    c = _claim(text, "4,000 homes")
    assert c.speaker == "Tom Ruiz" and c.speaker_role == "Denver county commissioner"


def test_a_parenthetical_said_outranks_the_root_verb():
    text = ("Mayor Lena Ortiz opened the new library on Saturday.\n"
            "The building, Ms. Ortiz said, celebrates the 40 volunteers who raised $2 million for it.\n")
    assert "Ortiz" in _claim(text, "40 volunteers").speaker


def test_the_owner_of_a_claim_is_its_source():
    text = ("The fact-checkers looked closely at Governor Hal Brant's claim that 12,000 teachers were hired.\n")
    assert _claim(text, "12,000 teachers").speaker == "Hal Brant"


def test_a_transcript_turn_speaks_its_whole_paragraph():
    text = ("HOST: What did the tweet mean?\n\n"
            "KOVAC: The governor was using the tweet to mock them. Our plan cut the deficit by $3 billion.\n")
    assert "Kovac" in _claim(text, "using the tweet").speaker.title()
    assert "Kovac" in _claim(text, "$3 billion").speaker.title()


def test_a_headline_before_a_colon_and_a_quotation_names_its_speaker():
    text = ("Advice from Nadia Perez: \"Schools lost 300 teachers last year.\"\n\n"
            "The superintendent spoke in Fresno on Monday.\n")
    assert _claim(text, "300 teachers").speaker == "Nadia Perez"
    # a Title Case headline hides where the name ends: no guess
    text = "Perez Slams Board Chair Over Budget: \"We lost 300 teachers.\"\n\nThe board met on Monday.\n"
    assert _claim(text, "300 teachers").speaker in ("The Gazette", "Perez")


def test_a_gerund_of_saying_takes_the_subject_of_the_verb_above():
    text = "Dr. Omar Haddad appeared on the radio on Friday and began by saying that 15 clinics would close.\n"
    assert "Haddad" in _claim(text, "15 clinics").speaker


def test_a_quotation_over_several_sentences_takes_the_speaker_named_at_its_end():
    text = ("The county board met on Tuesday.\n\n"
            "\u201cOur budget has been flat for years. We hired 40 nurses last spring. The clinic now serves "
            "9,000 patients a month,\u201d said Mayor Irene Kowalski, who chairs the board.\n")
    assert "Kowalski" in _claim(text, "40 nurses").speaker
    assert "Kowalski" in _claim(text, "9,000 patients").speaker
    # straight quotes pair over the paragraph too
    text = text.replace("\u201c", '"').replace("\u201d", '"')
    assert "Kowalski" in _claim(text, "40 nurses").speaker


def test_a_quotation_opened_after_a_colon_is_its_speakers_to_the_end():
    text = ("Theo Brandt, the harbor master, said on Monday: \"Traffic is up. Cargo ships brought 2 million tons "
            "last year. Farmers believe the river lost 30 percent of its flow. The port needs 12 new cranes.\"\n")
    assert "Brandt" in _claim(text, "2 million tons").speaker
    # "Farmers believe" is inside the quotation: the harbor master's words, not the farmers'
    assert "Brandt" in _claim(text, "30 percent").speaker
    assert "Brandt" in _claim(text, "12 new cranes").speaker


def test_a_short_said_sentence_after_a_question_names_the_quotes_speaker():
    text = ("\u201cWhy did the county close three clinics?\u201d Dana Whitfield said. \u201cIn March, 2,000 patients "
            "lost their doctor. The waiting list grew to 600 names.\u201d\n")
    assert "Whitfield" in _claim(text, "2,000 patients").speaker
    assert "Whitfield" in _claim(text, "600 names").speaker


def test_a_quote_mark_inside_a_sentence_does_not_end_the_paragraphs_quotation():
    # the quotation opened in the first sentence; the second closes it and names the speaker after the word in
    # quotes ("Fox Morning") that a sentence-by-sentence pairing would read as the quotation
    text = ("\u201cThe fund is broke. There is a $4 billion hole in the pension plan,\u201d Gloria Manning, the state "
            "treasurer, said on \u201cFox Morning.\u201d\n")
    assert "Manning" in _claim(text, "$4 billion").speaker


def test_a_name_right_before_a_parenthetical_said_is_its_subject():
    # the small parser hangs "Theo Brandt" on "Maple Street" as an appositive; "real Maple" is no "al Maple"
    text = "To understand the real Maple Street, Harbor Master Theo Brandt said, visitors should walk its 3 miles.\n"
    assert "Theo Brandt" in _claim(text, "3 miles").speaker


def test_a_common_noun_subject_with_a_name_in_apposition_gives_the_name():
    text = "In a letter, one of the union's lawyers, Karim Haddad, said the plant cut 400 jobs in March.\n"
    assert _claim(text, "400 jobs").speaker == "Karim Haddad"


def test_a_name_with_an_appositive_before_a_stance_verb_is_its_source():
    text = "Nora Vance, the director of the Lakeside Institute, compared the levy to a tax of $300 a year.\n"
    assert _claim(text, "$300 a year").speaker == "Nora Vance"


def test_a_news_label_before_a_colon_is_no_speaker():
    text = "The Latest: Governor Ana Reyes signs the $4 billion transit bill.\n"
    assert "Latest" not in _claim(text, "$4 billion").speaker


def test_a_pronoun_takes_the_named_subject_earlier_in_its_sentence():
    text = ("The hearing ran late on Tuesday.\n"
            "Councilwoman Ada Moss (D-Queens) scolded him: \u201cThe city lost 2,000 bus drivers,\u201d she said.\n")
    assert _claim(text, "2,000 bus drivers").speaker == "Ada Moss"


def test_an_unnamed_source_keeps_what_names_it():
    text = ("A 2021 survey published by the Lakeside Institute found that 62 percent of tenants paid late.\n"
            "Parents and teachers in Fairview say the district cut 14 bus routes.\n")
    sp = _claim(text, "62 percent").speaker
    assert "Lakeside Institute" in sp and sp.startswith("A 2021 survey")
    assert _claim(text, "14 bus routes").speaker == "Parents and teachers in Fairview"


def test_a_name_inside_a_relative_clause_is_not_the_speaker():
    text = "Volunteers who staffed the Ortega campaign said the office had 3,000 phone lines.\n"
    sp = _claim(text, "3,000 phone lines").speaker
    assert sp != "Ortega" and sp.startswith("Volunteers")
    # a plain common-noun subject stays as short as before
    assert _claim("Officials said 40 people were hurt in the blast.\n", "40 people").speaker == "Officials"


def test_a_name_after_the_closing_quote_mark_is_the_speaker_of_the_quote():
    text = ("\u201cThe dam is safe. There is a crack 12 meters long in its north wall,\u201d Rosa Imrie, a state "
            "inspector, said Thursday on Channel 5\u2019s \u201cMorning Desk.\u201d\n")
    assert _claim(text, "12 meters").speaker == "Rosa Imrie"


def test_likening_and_grilling_are_stances_of_their_subject():
    text = ("At a rally, Mayor Dan Okafor likened the 3 percent levy to a toll on every family.\n"
            "Senator Ruth Adler grilled the bank's chief over the 2 million accounts opened without consent.\n")
    assert "Okafor" in _claim(text, "3 percent levy").speaker
    assert "Adler" in _claim(text, "2 million accounts").speaker
