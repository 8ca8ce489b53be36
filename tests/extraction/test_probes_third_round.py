"""Probes of attribution shapes the evaluation sets do not show (issue 13, third round of probes): interviews
written "Q. / A.", "the company said" after a company named by its trade, "the company's chief executive", a name in
apposition to a union, titles that say a person's sex, "posted on Instagram that", a document seen by a newspaper.

Every article here was written for these tests (nothing is copied from the evaluation sets).
"""

from __future__ import annotations

import datetime as dt

from claims.extraction.normtext import view
from tests.extraction.expectations import claim_covering

DEC = dt.date(2026, 12, 1)


def _claim(text: str, needle: str):
    return claim_covering(text, needle, published=DEC, max_claims=0)


INTERVIEW = (
    "Q&A: The new central bank governor on rates\n"
    "Amara Okoye took over as governor of the Central Bank last month. She spoke to the Ledger about inflation.\n"
    "Q. Will rates fall next year?\n"
    "A. Not before inflation is back under 3%. We expect that in the second half of 2027.\n"
    "Q. Some economists say you are moving too slowly.\n"
    "A. They said the same in 2023, and inflation was at 9% then.\n"
)


def test_an_interview_written_with_periods_after_q_and_a_gives_the_answers_to_the_interviewee():
    assert _claim(INTERVIEW, "under 3%").speaker == "Amara Okoye"
    assert _claim(INTERVIEW, "second half of 2027").speaker == "Amara Okoye"
    assert _claim(INTERVIEW, "inflation was at 9%").speaker == "Amara Okoye"  # not "Some economists"
    assert _claim(INTERVIEW, "moving too slowly").speaker == "Some economists"
    assert len(view(INTERVIEW)) == len(INTERVIEW)
    # an initial at a line start is no interview turn
    assert view("A. Smith said the fund lost $4 million.\n").startswith("A. Smith")


def test_the_company_said_is_the_company_named_by_its_trade_not_the_ministry_that_spoke_last():
    text = ("Harlow Mining said in a statement on Tuesday that it had suspended work at its Brenner site.\n"
            "In a statement, the Environment Ministry said inspectors had found arsenic six times the legal limit.\n"
            "\"We are cooperating fully with the authorities on the 2,000 cubic metres that leaked,\" the company "
            "said in a statement.\n"
            "Velmora Motors will close its Linden plant by the end of 2027, cutting 900 jobs, the company told "
            "employees on Thursday.\n")
    assert _claim(text, "2,000 cubic metres").speaker == "Harlow Mining"
    assert _claim(text, "900 jobs").speaker == "Velmora Motors"


def test_the_companys_chief_executive_is_the_chief_executive_named_before():
    text = ("Brightline Energy's chief executive, Omar Haddad, said the levy would add 40 euros to a household's "
            "annual bill.\n"
            "The company's chief executive said Brightline would pass the whole levy on to its 2 million customers.\n")
    assert _claim(text, "2 million customers").speaker == "Omar Haddad"


def test_a_name_in_apposition_to_a_union_is_an_organisation_that_they_said_finds():
    text = ("The drivers' union, Aslef, said the 7% offer was tied to job cuts.\n"
            "They said 400 ticket offices would close under the plan.\n")
    assert _claim(text, "400 ticket offices").speaker == "Aslef"


def test_a_title_or_role_that_says_the_persons_sex_guides_he_and_she():
    text = ("Health Minister Rosa Lind said supplies would double in January.\n"
            "Lind's spokesman, Erik Dahl, said the ministry had ordered 5 million more doses.\n"
            "\"We will have 40 clinics open on weekends,\" she said of the rollout.\n"
            "Councilwoman Ines Moreau clashed with Councilman Peter Hale over the budget on Monday.\n"
            "Moreau said 40 bridges needed urgent work.\n"
            "He said the repairs would cost $12 million.\n")
    assert _claim(text, "40 clinics").speaker == "Rosa Lind"  # the spokesman is a man
    assert _claim(text, "$12 million").speaker == "Peter Hale"
    assert _claim(text, "40 bridges").speaker_role == "Councilwoman"


def test_posting_that_is_saying_and_posting_a_loss_is_not():
    text = ("Mayor Luis Ortega posted on Instagram that every bus in the city would be electric by 2030.\n"
            "Halvorsen Foods posted a loss of $12 million in the third quarter.\n")
    assert _claim(text, "electric by 2030").speaker == "Luis Ortega"
    assert not _claim(text, "loss of $12 million").attributed


def test_a_document_seen_by_a_newspaper_is_not_the_newspapers_statement():
    text = ("According to a copy of the contract seen by the Herald, Ridgeway was paid a bonus of $4 million in "
            "2025.\n"
            "State Treasurer Marcus Osei said the figure was closer to $1.5 billion.\n")
    assert _claim(text, "$4 million").speaker != "Herald"
    assert "contract" in _claim(text, "$4 million").speaker
    osei = _claim(text, "$1.5 billion")
    assert (osei.speaker, osei.speaker_role) == ("Marcus Osei", "State Treasurer")


def test_a_surname_with_mrs_is_not_the_man_of_that_name_named_before():
    text = ("Hillary Clinton, who is running for president, spoke in Ohio on Monday.\n"
            "Her husband, former President Bill Clinton, said the 1994 law had cut crime by a third.\n"
            "Mrs. Clinton said she would spend $60 billion on public transportation.\n"
            "She said 500 million solar panels would be installed by 2020.\n")
    assert _claim(text, "$60 billion").speaker == "Hillary Clinton"
    assert _claim(text, "500 million solar panels").speaker == "Hillary Clinton"


def test_the_regulator_and_the_lender_are_the_bodies_named_before():
    text = ("The Financial Conduct Authority fined Harbour Bank 45 million pounds on Friday.\n"
            "The regulator said the bank had ignored complaints from 12,000 customers for three years.\n"
            "The lender said it had paid 30 million pounds in compensation.\n")
    assert _claim(text, "12,000 customers").speaker == "Financial Conduct Authority"
    assert _claim(text, "30 million pounds").speaker == "Harbour Bank"


def test_the_29_year_old_said_is_the_person_named_before_not_the_last_quoted_speaker():
    text = ("Mayor Ana Ruiz said the city would spend $2 million on the race next year.\n"
            "Tomas Keller, 29, won the marathon in 2 hours 9 minutes on Sunday.\n"
            "\"The last five kilometres were the hardest of my life,\" the 29-year-old said.\n")
    assert _claim(text, "last five kilometres").speaker == "Tomas Keller"


def test_a_speaker_read_in_a_transcript_is_the_speaker_not_the_transcript():
    text = ("Council leader Peter Hale said the shortfall was $3 million, according to a transcript of the "
            "meeting.\n"
            "The shortfall will reach $5 million by June, according to a transcript of the meeting.\n")
    assert _claim(text, "$3 million").speaker == "Peter Hale"
    assert "transcript" in _claim(text, "$5 million").speaker  # no one else speaks: the record stays the source


def test_quoted_as_saying_is_the_person_quoted_not_the_agency_that_quoted():
    text = ("Petroleum Minister Rakesh Varma was quoted by the Press Trust of India as saying that fuel prices would "
            "rise by Rs 2 a litre.\n"
            "Varma is quoted as saying that the subsidy bill had reached Rs 40,000 crore.\n"
            "Opposition leader Meera Nair opined that the rise would push inflation above 7%.\n")
    assert _claim(text, "Rs 2 a litre").speaker == "Rakesh Varma"
    assert _claim(text, "40,000 crore").speaker == "Rakesh Varma"
    assert _claim(text, "above 7%").speaker == "Meera Nair"


def test_a_company_named_by_its_trade_is_what_it_said_names():
    text = ("Northline Rail said on Monday that the strike would cost it 20 million pounds a week.\n"
            "It said drivers had rejected a 7% pay offer.\n")
    assert _claim(text, "7% pay offer").speaker == "Northline Rail"


def test_said_name_colon_is_the_name_not_a_label_said_name():
    text = ("Finance Secretary Omar Diallo said the department's budget would fall by 8%.\n"
            "Said Diallo: \"We cannot borrow our way out of a $40 billion hole.\"\n")
    assert _claim(text, "$40 billion").speaker == "Omar Diallo"


def test_the_45_year_old_mother_of_two_is_the_woman_named_before_and_averred_is_saying():
    text = ("Grace Mensah, 45, lost her home in the March floods.\n"
            "\"We have waited nine months for 2,000 cedis,\" the 45-year-old mother of two said.\n"
            "District chief executive Kofi Asante averred that 80% of victims had been paid.\n"
            "\"I lost 300 cedis of stock,\" a 52-year-old trader said.\n")
    assert _claim(text, "2,000 cedis").speaker == "Grace Mensah"
    assert _claim(text, "80% of victims").speaker == "Kofi Asante"
    assert _claim(text, "300 cedis").speaker != "Grace Mensah"  # "a 52-year-old trader" is somebody new
