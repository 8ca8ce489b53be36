"""The pronoun rule's sex (issue 13, fourth speakers round): first names from the US Census 1990 list
(``claims/extraction/models/first_names.tsv``), a merely mentioned person of unknown sex giving way to one of the
pronoun's sex, a surname two people share, places that look like first names.

Every article here was written for these tests (nothing is copied from the evaluation sets).
"""

from __future__ import annotations

import datetime as dt

from claims.extraction.firstnames import first_name_sex, is_first_name
from claims.extraction.labels import mention_opening
from claims.extraction.speakers import Entity, Registry, name_gender
from tests.extraction.expectations import claim_covering

DEC = dt.date(2026, 12, 1)


def _claim(text: str, needle: str):
    return claim_covering(text, needle, published=DEC, max_claims=0)


def test_first_names_from_the_census_list_give_a_sex_only_when_one_sex_clearly_dominates():
    assert first_name_sex("Tobias") == "m"
    assert first_name_sex("Ines") == "f"
    assert first_name_sex("TOBIAS") == "m"  # a transcript's capitals
    assert first_name_sex("Dana") == "" and first_name_sex("Leslie") == ""  # 0.75, 0.67 female: unsure
    assert first_name_sex("Andrea") == "" and first_name_sex("Jean") == ""  # a man's name in Italy / France
    assert first_name_sex("Valery") == "m" and first_name_sex("Bouthaina") == "f"  # hand lists first
    assert first_name_sex("Zorvan") == ""
    # one word is a surname as often as a first name ("Mariano wrote"): no sex from the list
    assert name_gender("Connie Mariano") == "f" and name_gender("Mariano") == ""
    assert is_first_name("Terry") and not is_first_name("Virginia") and not is_first_name("Petek")


def test_she_said_after_a_man_with_a_name_the_old_lists_did_not_know_goes_to_the_woman_before_him():
    text = ("Councilwoman Ines Moreau wants the city to double the tram budget to $40 million.\n"
            "Tobias Renn, the council's treasurer, said the city could afford $25 million at most.\n"
            "\"Every year we wait, the repairs cost 8% more,\" she said.\n")
    assert _claim(text, "8% more").speaker == "Ines Moreau"
    assert _claim(text, "$25 million at most").speaker == "Tobias Renn"


def test_a_person_of_unknown_sex_merely_mentioned_gives_way_to_one_of_the_pronouns_sex():
    text = ("Port director Helga Brekke said cargo volumes fell 12% in 2026.\n"
            "The drop followed a strike that began when talks with Dr. Zorvan Petek broke down.\n"
            "\"We will win back the lost volume by June,\" she said.\n")
    assert _claim(text, "lost volume by June").speaker == "Helga Brekke"


def test_a_person_of_unknown_sex_who_spoke_keeps_the_pronoun():
    text = ("Port director Helga Brekke said cargo volumes fell 12% in 2026.\n"
            "Dr. Zorvan Petek, who studied the strike, said it cost the port $30 million.\n"
            "\"The dispute is about pensions, not pay,\" she said.\n")
    assert _claim(text, "about pensions").speaker == "Zorvan Petek"


def test_a_surname_alone_is_the_namesake_the_article_cites_not_a_relative_mentioned_after():
    text = ("Governor Paul Okafor said the state would hire 300 nurses next year.\n"
            "His wife, Sarah Okafor, a paediatrician, has campaigned for the plan for a decade.\n"
            "Okafor said the first 100 nurses would start in March.\n")
    assert _claim(text, "first 100 nurses").speaker == "Paul Okafor"


def test_a_full_name_with_a_first_name_of_either_sex_is_registered_for_its_surname():
    text = ("The bill was drafted with Leslie Varga, a state senator, last spring.\n"
            "Varga said it would save the state $3 million a year.\n")
    assert _claim(text, "$3 million a year").speaker == "Leslie Varga"


def test_a_place_that_looks_like_a_first_name_is_no_antecedent():
    text = ("Mayor Tomas Ruiz said 4,000 homes lost power on Monday.\n"
            "The storm moved on to Virginia Beach and Madison Heights overnight.\n"
            "\"Crews will reconnect every home by Friday,\" he said.\n")
    assert _claim(text, "every home by Friday").speaker == "Tomas Ruiz"
    text = ("Ana Lindqvist, the county's emergency manager, said 4,000 homes lost power on Monday.\n"
            "The storm moved on to Virginia Beach overnight, where Chad Porter runs the shelters.\n"
            "\"Crews will reconnect every home by Friday,\" she said.\n")
    assert _claim(text, "every home by Friday").speaker == "Ana Lindqvist"


def test_the_registry_prefers_a_known_sex_over_a_mentioned_unknown_but_not_over_a_speaker():
    reg = Registry()
    woman, unknown = Entity("Helga Brekke", "person"), Entity("Zorvan Petek", "person")
    reg.entities += [woman, unknown]
    reg.mention(woman, 0, salient=True)
    reg.mention(unknown, 1)
    assert reg.resolve_pronoun("f", 2) is woman
    assert reg.resolve_pronoun("m", 2) is unknown  # the sex does not contradict: the most recent
    reg.speakers.append(unknown)
    assert reg.resolve_pronoun("f", 2) is unknown



def test_a_surname_opening_the_sentence_is_the_pronouns_antecedent():
    """A person named in full before and opening a sentence by the surname alone, as subject or as the possessor
    of a thing, comes before the last speaker; a name inside quoted words before the pronoun does not."""
    text = ("Mehmet Ozan, a surgeon who hosts a talk show, has been criticised by doctors.\n"
            "\u201cHe sells 12 miracle cures a year,\u201d said David Gorski, a professor of surgery.\n"
            "\u201cWe reviewed it. Ozan had no trial for the 9 remedies,\u201d he said.\n"
            "Ozan\u2019s advice earned him a hearing in Congress, where he appeared for saying that the bean extract "
            "melts 20 pounds.\n"
            "Ozan appeared on a panel in 2015, where he said that 3 of his cures were tested.\n")
    assert _claim(text, "9 remedies").speaker == "David Gorski"
    assert _claim(text, "20 pounds").speaker == "Mehmet Ozan"
    assert _claim(text, "3 of his cures").speaker == "Mehmet Ozan"


def test_the_possessor_of_another_person_is_no_antecedent():
    """"Ozan's rival Tom Marsh ... where he said": Hobbs's order reaches the subject, Tom Marsh, first."""
    reg = Registry()
    reg.add_person("Mehmet Ozan")
    for v in ("Ozan\u2019s rival Tom Marsh spoke in Ohio, where he said so.", "Ozan, the host, spoke, and he said so."):
        mention_opening(reg, v, 0, len(v), 0, frozenset(), v.index(" he "))
    assert reg.mentions == []
    v = "Ozan\u2019s new show drew 3 million viewers, and he said so."
    mention_opening(reg, v, 0, len(v), 0, frozenset(), v.index(" he "))
    assert [e.name for _, _, e in reg.mentions] == ["Mehmet Ozan"]
