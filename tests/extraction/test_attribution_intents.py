"""A stance held with a to-infinitive (issue 13, rules-1.28, ``intents``): "X is determined to ...", "X appears set
to ...", "X has refused to ...", "X is preparing to ..." name X; what others expect of X or make X do does not;
"forced the treasurer to admit that ..." is the treasurer's admission; liking and dislike (rules-1.30: "X loves the
school ...") are a stance too. Short articles written for these tests."""

from __future__ import annotations

from tests.extraction.expectations import claim_covering


def _speaker(text: str, needle: str) -> str:
    return claim_covering(text, needle, max_claims=0).speaker


def test_an_adjective_of_will_before_a_to_infinitive_names_its_subject():
    assert "Ruiz" in _speaker("Governor Elena Ruiz appears set to veto the $40 million housing bill.\n", "$40 million")
    assert "Okafor" in _speaker("Senator Grace Okafor is also determined to warn voters about the $2 billion cost of "
                                "the program.\n", "$2 billion")
    assert "Lin" in _speaker("Mayor Dora Lin seems ready to sign the ordinance, which sets a $15 wage.\n", "$15 wage")
    union = _speaker("The nurses' union remains unwilling to accept a 2 percent raise.\n", "2 percent")
    assert "union" in union.lower()


def test_a_verb_of_will_before_a_to_infinitive_names_its_subject():
    assert "Ruiz" in _speaker("Governor Elena Ruiz is preparing to veto the $40 million housing bill.\n", "$40 million")
    assert "Cole" in _speaker("Representative Ian Cole is pushing to repeal the 2.3 percent tax on medical devices.\n",
                              "2.3 percent")
    assert "witnesses" in _speaker("Several witnesses have refused to testify about the 12 payments.\n", "12 payments")


def test_the_stance_of_the_main_clause_outranks_a_while_clause_before_it():
    text = ("Councilwoman Ines Patel spoke on Monday.\n"
            "While her aides have suggested a deal is near, Ms. Patel is also determined to warn donors about the "
            "$3 million deficit.\n")
    assert "Patel" in _speaker(text, "$3 million deficit")


def test_what_others_expect_of_someone_or_make_them_do_is_not_their_stance():
    for sentence in ("Senator Grace Okafor is expected to win the primary by 10 points.\n",
                     "Senator Grace Okafor is likely to face a runoff with 3 other candidates.\n",
                     "Senator Grace Okafor was forced to withdraw the amendment after 10 votes.\n",
                     "Senator Grace Okafor was asked to repay $5,000 by the ethics panel.\n",
                     "Senator Grace Okafor toured 12 factories in Ohio last week.\n"):
        assert _speaker(sentence, "Okafor") == "The Gazette", sentence


def test_readiness_said_of_a_thing_names_no_source():
    assert _speaker("The bill is set to pass the Senate by 60 votes on Tuesday.\n", "60 votes") == "The Gazette"
    assert _speaker("Shares declined 3 percent on Monday.\n", "3 percent") == "The Gazette"


def test_a_stance_in_a_question_or_a_description_is_the_writers_claim():
    text = ("The filings would shed light on how far into the gray zone the developer Kurt Mason has been willing "
            "to go with his 14 companies.\n"
            "It is unclear whether Governor Elena Ruiz is ready to sign the $40 million bill.\n"
            "The $9 million levy that Mayor Dora Lin is determined to cut funds 30 schools.\n")
    assert _speaker(text, "14 companies") == "The Gazette"
    assert _speaker(text, "$40 million") == "The Gazette"
    assert _speaker(text, "30 schools") == "The Gazette"


def test_an_object_made_to_say_something_is_the_one_who_says_it():
    text = ("The committee chair, Ana Ruiz, forced the treasurer, Paul Kemp, who had stonewalled for weeks, to admit "
            "that the fund was short by $3 million.\n")
    assert "Kemp" in _speaker(text, "$3 million")
    used = "Senator Grace Okafor used the hearing to warn that the fund was short by $3 million.\n"
    assert "Okafor" in _speaker(used, "$3 million")


def test_a_named_persons_liking_or_dislike_is_their_stance():
    text = ("Parent Tara Bellamy loves the charter school that her 9-year-old son attends.\n"
            "Hate crimes rose 12 percent in the county last year.\n"
            "The 4 schools that parents love most are full.\n")
    assert _speaker(text, "9-year-old").endswith("Bellamy")
    assert _speaker(text, "12 percent") == "The Gazette"
    assert _speaker(text, "4 schools") == "The Gazette"
