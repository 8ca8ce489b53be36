"""What a person is, written right before their name without a comma: "Oakham coach Steve Ambrose said",
"said pensioner Margaret Hale", "season-ticket holder Brenda Whitlock". Local, sports and crime copy names its
fans, residents and players this way. Such a noun describes the person (shown as the speaker's role, found again
by a later "the coach said") without making them an official. A common noun capitalised only because it opens the
sentence ("Firefighter Luke Brennan said") is split off the name by ``speakers.split_name``
(``firstnames.descriptor_words``), the one rule for capitalised words before a first name.

Used by ``speakers.parse_subject`` on the words of a subject phrase (no parse needed).
"""

from __future__ import annotations

import re

from .firstnames import is_first_name

_MAX_WORDS = 4
#: Words that end a phrase before a name without describing the person: function words, and adjectives that
#: describe nothing one is ("the late John Smith", "fellow Tom Hart").
_NOT_ROLE = frozenset("""a an the this that these those his her its their our my your and or nor but both either
    neither all of for to at in on from with by as than who whom which when while also then even only just not
    like including among between about after before under over into onto upon via per said says told late former
    fellow young old dear poor little big elder older younger other another""".split())
_DETERMINER = re.compile(r"^(?:[Tt]he|[Aa]n?|[Ii]ts|[Hh]is|[Hh]er|[Tt]heir)\s+")
#: A common noun for a person ("Firefighter", "Shopkeeper", "Volunteer", "Pensioner", "Striker", "journalist"),
#: not an adjective ("buoyant", "prominent", "four-star": those end no role); and a few that end otherwise.
_AGENT = re.compile(r"(?:[a-z]er|[a-z]or|ist|ian|eer|man|woman|person|keeper|holder)$")
_PERSON_NOUNS = frozenset("""coach widow host agent student resident correspondent delegate fan rival veteran nurse
    captain pupil parent mate chef cook guard pilot priest monk nun judge clerk""".split())
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*$")


def lead_role(lead: str, name: str, known: frozenset[str]) -> tuple[str, str, str]:
    """(name, role, description) for a name found at the end of a subject phrase whose words before it are
    ``lead``. A role noun of ``known`` makes the role with any words before it (the last four, as written: "Rovers
    manager"). Other nouns for a person describe who speaks without naming an office: the lower-case noun phrase
    right before the name ("Oakham coach", "local resident"). A capitalised one opening the name ("Firefighter Luke
    Brennan") is split off as the role by ``speakers.split_name`` (``firstnames.descriptor_words``)."""
    words = lead.split()
    if words and words[-1].lower() in known:
        return name, _DETERMINER.sub("", " ".join(words[-_MAX_WORDS:])), ""
    taken: list[str] = []
    for w in reversed(words):
        if len(taken) == _MAX_WORDS or not _WORD.match(w) or w.lower() in _NOT_ROLE or w.endswith("ly"):
            break
        taken.insert(0, w)
    toks = name.split()
    if taken and taken[-1].islower() and _person_noun(taken[-1]) and len(toks) >= 2 and is_first_name(toks[0]):
        return name, "", " ".join(taken)
    return name, "", ""


def _person_noun(word: str) -> bool:
    return word in _PERSON_NOUNS or bool(_AGENT.search(word))
