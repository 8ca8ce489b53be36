"""Generic reporting constructions without a verb of saying (issue 13, rules-1.18/19/23/24): colon lead-ins, "as X
put it", verbs of the manner of speaking with what was said, arguments made with a noun, "in the words of X", the
writer's own first-person voice; rulings, published stories, "per X", raised concerns, a noun of saying before a
colon, a state of mind about a that-clause; "by X's own admission", portrayals, a name before a comma aside;
replies ("shot back that").
Short articles written for these tests."""

from __future__ import annotations

from claims.extraction import extract_claims
from claims.extraction.voices import AUTHOR, byline_of, is_author
from tests.extraction.expectations import ATTRIBUTION_PUB, claim_covering

_claim = claim_covering


def test_a_lead_in_that_goes_on_after_a_colon_names_the_speaker():
    text = ("Talk host Dana Pruitt spent an hour on the budget.\n"
            "Pruitt continued: \u201cThe county is saying the deficit grew 9 percent last year.\u201d\n"
            "Later the treasurer went on: \u201cWe have cut 120 jobs since March.\u201d\n")
    assert "Pruitt" in _claim(text, "9 percent").speaker
    assert "treasurer" in _claim(text, "120 jobs").speaker.lower()


def test_continuing_without_a_colon_reports_nothing():
    text = "Home prices continued to rise by 6 percent in the city last year, the fastest pace since 2009.\n"
    assert _claim(text, "6 percent").speaker == "The Gazette"


def test_as_someone_put_it_attributes_the_sentence():
    text = ("As Ms. Okoro put it in a letter in May, the charity is \u201cfeeding 40,000 families a week\u201d.\n"
            "The council put it on the agenda for the meeting of 14 March, with 3 other items.\n"
            "Governor Lane put it bluntly: \u201cThe pension fund is short by $2 billion.\u201d\n")
    assert "Okoro" in _claim(text, "40,000 families").speaker
    assert _claim(text, "3 other items").speaker == "The Gazette"  # "put it on the agenda" is no saying
    assert "Lane" in _claim(text, "$2 billion").speaker


def test_in_the_words_of_someone_is_like_according_to():
    text = "In the words of Harold Finch, the port handled 12 million containers last year.\n"
    assert "Finch" in _claim(text, "12 million containers").speaker


def test_a_manner_of_speaking_with_what_was_said_is_a_cue():
    text = ("Marta Diaz can be heard shouting to the guards that her brother had done nothing wrong.\n"
            "Fans were yelling at the referee for 10 minutes after the 2-1 defeat.\n")
    assert "Diaz" in _claim(text, "her brother").speaker
    assert _claim(text, "10 minutes").speaker == "The Gazette"  # yelling at someone says nothing checkable


def test_an_argument_made_with_a_noun_is_its_makers():
    text = ("Chief executive Paul Brand tried on Monday to make the case that only 40 of 9,000 staff broke the rules.\n"
            "Senator Ruth Akers made the argument that the tariff would cost 20,000 jobs.\n"
            "Mayor Tom Reyes drew a distinction between the $5 million grant and the 3 loans the city took.\n"
            "The singer made her debut in 1998 and sold 4 million records.\n")
    assert "Brand" in _claim(text, "9,000 staff").speaker
    assert "Akers" in _claim(text, "20,000 jobs").speaker
    assert "Reyes" in _claim(text, "$5 million grant").speaker
    assert _claim(text, "4 million records").speaker == "The Gazette"


def test_drawing_a_contrast_with_someone_is_an_aim_not_a_statement():
    text = "The speech was the third policy address in 5 days as the senator tries to draw a contrast with Lyle.\n"
    assert _claim(text, "third policy address").speaker == "The Gazette"


OPED = (
    "I have covered the statehouse for 20 years.\n"
    "I know how budgets get written. Like Governor Hale, I believe the state can balance its books by 2027.\n"
    "If, as I've argued before, the tax credit costs $400 million, the legislature should end it.\n"
    "The state spent $1.2 billion on roads last year.\n"
    "\"I will never raise the gas tax,\" Hale said in 2019, when the fund held $90 million.\n"
    "Veterans of World War I received a pension of $12 a month.\n"
)


def test_the_writers_first_person_statements_are_the_writers():
    claims = extract_claims(OPED, published=ATTRIBUTION_PUB, outlet="The Gazette", max_claims=0)

    def by(needle: str):
        return next(c for c in claims if needle in c.text)

    for needle in ("20 years", "by 2027", "$400 million"):
        c = by(needle)
        assert (c.speaker, c.speaker_role, c.attributed) == (AUTHOR, "author", False), needle
    assert by("$1.2 billion").speaker == "The Gazette"  # no "I": the outlet's, as before
    assert "Hale" in by("$90 million").speaker  # "I" inside a quotation is the quoted speaker's
    assert by("World War I").speaker == "The Gazette"  # a numeral, not the writer


def test_a_byline_names_the_writer_of_first_person_statements():
    text = "By Rachel Morgan\n" + OPED
    claims = extract_claims(text, published=ATTRIBUTION_PUB, outlet="The Gazette", max_claims=0)
    first = next(c for c in claims if "20 years" in c.text)
    assert first.speaker == "Rachel Morgan (I, the author)"
    assert (is_author(first.speaker), byline_of(first.speaker)) == (True, "Rachel Morgan")
    assert next(c for c in claims if "$1.2 billion" in c.text).speaker == "Rachel Morgan"  # the op-ed's, as before
    assert (is_author(AUTHOR), byline_of(AUTHOR), is_author("Irene Adler")) == (True, "", False)


def test_a_transcript_turn_in_the_first_person_is_the_speakers():
    text = ("MORALES: I will cut the sales tax by 2 percent in my first year.\n"
            "The moderator asked about schools. He wrote: I never promised 500 new teachers.\n")
    assert _claim(text, "2 percent").speaker == "MORALES"
    assert not is_author(_claim(text, "500 new teachers").speaker)


def test_a_ruling_is_its_courts():
    text = ("The appeals court ruled that the county must count 3,000 late ballots.\n"
            "The judge ruled out a second trial for the 2 brothers.\n")
    assert "court" in _claim(text, "3,000 late ballots").speaker
    assert _claim(text, "2 brothers").speaker == "The Gazette"  # "ruled out" decides, it states nothing


def test_an_outlet_that_ran_a_story_is_its_source():
    text = "The Ledger ran a story on Sunday that said 14 inspectors had been dismissed.\n"
    assert _claim(text, "14 inspectors").speaker == "Ledger"


def test_per_a_source_is_like_according_to():
    text = ("Per the transport ministry, 62 trains were cancelled on the first day of the strike.\n"
            "Fares rose to $4 per ride and 9 cents per mile.\n")
    assert "ministry" in _claim(text, "62 trains").speaker.lower()
    assert _claim(text, "$4 per ride").speaker == "The Gazette"  # a rate


def test_concerns_raised_and_a_noun_of_saying_before_a_colon():
    text = ("Councillor Jo Banks raised concerns that the tunnel would cost 2 billion pounds.\n"
            "Treasurer Amir Haddad offered a blunt assessment: the fund will run dry in 6 years.\n"
            "Workers raised the roof of the 3 warehouses.\n")
    assert "Banks" in _claim(text, "2 billion").speaker
    assert "Haddad" in _claim(text, "6 years").speaker
    assert _claim(text, "3 warehouses").speaker == "The Gazette"


def test_a_state_of_mind_about_a_that_clause_is_its_holders():
    text = ("Senator Ines Polk was adamant that the budget would grow by 4 percent.\n"
            "Union leaders were incensed that 600 drivers lost their bonuses.\n"
            "The coach was confident in his 11 starters.\n")
    assert "Polk" in _claim(text, "4 percent").speaker
    assert "Union leaders" in _claim(text, "600 drivers").speaker
    assert _claim(text, "11 starters").speaker == "The Gazette"  # confident in someone states no proposition


def test_by_someones_own_admission_is_theirs():
    text = ("By Governor Vance's own admission, the state missed 3 of its 5 climate targets.\n"
            "By the utility's estimate, 48,000 homes lost power on Tuesday.\n")
    assert "Vance" in _claim(text, "3 of its 5").speaker
    assert "utility" in _claim(text, "48,000 homes").speaker.lower()


def test_a_portrayal_with_as_is_its_painters():
    text = ("Senator Ada Quinn is casting herself as the defender of 2 million renters.\n"
            "The actor Leo Marsh was cast as a detective in 3 films.\n")
    assert "Quinn" in _claim(text, "2 million renters").speaker
    assert _claim(text, "3 films").speaker == "The Gazette"  # a role in a film


def test_a_name_before_a_comma_aside_is_the_subject_of_the_verb_after_it():
    text = ("Bright, appearing after Ortiz at the NBC forum, cited 14 closed clinics as proof.\n"  # "Bright" read as JJ
            "The row grew after Lena Vos, at Monday's hearing, cited 2,000 missing files.\n")
    assert "Bright" in _claim(text, "14 closed clinics").speaker
    assert "Vos" in _claim(text, "2,000 missing files").speaker


def test_a_reply_with_its_words_is_the_repliers():
    text = ("The minister was asked about the figures.\n"
            "Councillor Rhys Evans shot back that the depot had lost 70 buses.\n"
            "Governor Mae Lund fired back: the state paid 12 percent more last year.\n"
            "Officers fired back at the 2 gunmen.\n")
    assert "Evans" in _claim(text, "70 buses").speaker
    assert "Lund" in _claim(text, "12 percent").speaker
    assert _claim(text, "2 gunmen").speaker == "The Gazette"
