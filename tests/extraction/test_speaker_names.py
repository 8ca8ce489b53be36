"""Speakers shown whole and as written (issue 13): names the subject rules cut, headings read as speakers, roles
capitalised as if they were names. Short articles written for these tests."""

from __future__ import annotations

from claims.extraction.sentences import split_sentences
from tests.extraction.expectations import claim_covering

_claim = claim_covering


def test_a_possessive_inside_a_company_name_is_the_name():
    text = ("Harrow's Quay said it will buy back 4.5 million preferred shares at $31 each on June 1.\n"
            "Dinah's said sales rose 6 percent in the quarter to $80 million.\n")
    assert _claim(text, "4.5 million").speaker == "Harrow's Quay"
    assert _claim(text, "6 percent").speaker == "Dinah's"


def test_a_possessive_before_a_name_the_article_writes_alone_is_not_part_of_it():
    text = ("Norway's Halvorsen said the fund lost 3 percent in the first half of the year.\n"
            "Halvorsen also said 12 managers would leave the fund by March.\n")
    assert _claim(text, "lost 3 percent").speaker == "Halvorsen"


def test_a_role_without_a_name_reads_as_written():
    text = ("Orrin Mills will shut its Dayton plant, which employs 310 people.\n"
            "The plant will be closed next year, a spokesman said.\n")
    claim = _claim(text, "closed next year")
    assert claim.speaker == "a spokesman" and claim.speaker_role == "spokesman"


def test_a_spokesman_speaks_for_someone_an_adviser_advises_someone():
    text = ("Mr Okoro's spokesman later insisted the rail budget of $4 billion was on track.\n"
            "The mayor's senior adviser said 600 new buses would be bought by 2027.\n"
            "Norway's finance minister said the fund would grow by 5 percent.\n")
    assert _claim(text, "$4 billion").speaker == "spokesman for Okoro"
    assert _claim(text, "600 new buses").speaker == "the senior adviser to the mayor"
    assert _claim(text, "5 percent").speaker == "finance minister of Norway"


def test_a_list_items_heading_is_not_its_speaker():
    text = ("Five snacks that keep you full\n"
            "Lentils: Lentils give you 18 grams of protein in a single cooked cup.\n"
            "Tea: Green tea has about 30 milligrams of caffeine per cup.\n")
    assert _claim(text, "18 grams").speaker == "The Gazette"
    assert _claim(text, "30 milligrams").speaker == "The Gazette"


def test_a_transcript_label_is_still_a_speaker():
    text = "ADEYEMI: The governor cut 2,000 teaching jobs in his first year.\n"
    assert _claim(text, "2,000 teaching jobs").speaker == "ADEYEMI"


def test_camel_case_and_dotted_names_stay_whole():
    text = ("*Please note medRxiv publishes 2,000 early research reports a month that have not been reviewed by "
            "other scientists.\n"
            "FarmWire.Net spoke to a nurse who said 40 percent of the ward's patients had flu.\n"
            "FarmWire.Net: The survey found that 12 percent of farms had no clean water in 2024.\n"
            "Sales rose 9 percent in May. eBay said it had 90 million active sellers last year.\n")
    assert _claim(text, "2,000 early").speaker == "medRxiv"
    assert _claim(text, "40 percent").speaker == "FarmWire.Net"
    assert _claim(text, "12 percent").speaker == "FarmWire.Net"
    ebay = _claim(text, "90 million")
    assert ebay.speaker == "eBay" and ebay.text.startswith("eBay said")


def test_a_dot_inside_a_camel_case_name_ends_no_sentence():
    text = "Reporters from NewsDesk.Africa visited the camp. The camp holds 8,000 people."
    assert [text[s.start:s.end] for s in split_sentences(text)] == [
        "Reporters from NewsDesk.Africa visited the camp.", "The camp holds 8,000 people."]


def test_a_heading_glued_to_the_next_sentence_is_not_the_speaker():
    text = ("Governments pledged $300 million for the fund on Friday. \u201cThe money is not enough.\u201d Loss and "
            "damage Daniel Hartley, senior research fellow at the Linden Institute and lead author of the report, "
            "said: \u201cWeak harvests, as well as poverty in poor nations, will make the losses of 2030 far worse."
            "\u201d\n"
            "Adaptation and finance Peter Walsh, director of the Hale Centre, said the gap had grown to $40 billion.\n")
    assert _claim(text, "losses of 2030").speaker == "Daniel Hartley"
    assert _claim(text, "$40 billion").speaker == "Peter Walsh"


def test_a_hyphenated_company_name_stays_whole():
    text = "Halvard-Moss said profit rose 11 percent in the third quarter.\n"
    assert _claim(text, "11 percent").speaker == "Halvard-Moss"


def test_people_from_a_place_are_the_speakers_not_the_place():
    """"the researchers from Peru" speak, not Peru; an organisation after "from" still names the source."""
    text = ("In a new study, the researchers from Peru have shown that the vaccine cut infections by 40%.\n"
            "Several delegates from the global South told reporters that aid will fall by 10%.\n"
            "Scientists from the Orchard Valley Institute found that yields rose 12% in 2021.\n")
    assert claim_covering(text, "40%").speaker == "the researchers from Peru"
    assert claim_covering(text, "10%").speaker == "Several delegates from the global South"
    assert claim_covering(text, "12%").speaker == "Orchard Valley Institute"
