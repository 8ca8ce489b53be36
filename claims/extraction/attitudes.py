"""Attitudes held toward a proposition (issue 13, seventh round of speakers), read off the parse:

- a verb of temper with what it is about: "X seethed that ...", "X fumed that ...", "X bristled at the suggestion
  that ...", "X grumbled about the delay", "X chafed over the ruling" (a that-clause, or "about" / "over" / "at"
  with a noun of its own). Alone ("X fumed", "X raged on stage") or at a person ("X fumed at the referee") it tells
  a mood, not a view: no cue;
- a verb of thinking or of temper the small model tags as a noun or an adjective right before "that" ("Hobbs
  reasons that ...", "Gov. Lisa Varn frets that ..."): the name run that opens the sentence before it is its
  subject (``mistagged``).
"""

from __future__ import annotations

import re
from typing import Any

from .verbforms import forms

_TEMPER = "seethe fume bristle bridle chafe rage grumble gripe grouse carp stew sulk marvel rail huff"
TEMPER_FORMS: frozenset[str] = frozenset(f for b in _TEMPER.split() for f in forms(b))
#: Prepositions that take what the temper is about.
_ABOUT = frozenset({"about", "over", "at"})
#: Words that open a sentence before its subject and are not part of a name ("But Hobbs reasons that ...").
_OPENERS = frozenset({"but", "and", "yet", "still", "now", "so"})
_MAX_NAME = 5
_TEMPER_WORD = re.compile(r"(?i)\b(?:" + "|".join(sorted(TEMPER_FORMS, key=len, reverse=True)) + r")\b")


def might_attitude(sent: str) -> bool:
    """Cheap test before parsing: a verb of temper in the sentence."""
    return bool(_TEMPER_WORD.search(sent))


def _that_clause(verb: Any) -> bool:
    return any(c.dep_ == "ccomp" and c.i > verb.i and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)
               for c in verb.children)


def _about_thing(verb: Any) -> bool:
    """"about the delay", "over the ruling", "at the suggestion that ...": a preposition right after the verb whose
    object is a thing (not a person: "fumed at the referee" is a mood)."""
    for c in verb.children:
        if c.dep_ != "prep" or c.lower_ not in _ABOUT or c.i != verb.i + 1:
            continue
        pobj = next((g for g in c.children if g.dep_ in ("pobj", "pcomp")), None)
        if pobj is None or pobj.tag_ in ("NNP", "NNPS", "PRP") or pobj.ent_type_ in ("PERSON", "NORP"):
            continue
        if c.lower_ != "at" or any(g.dep_ in ("acl", "relcl", "ccomp") for g in pobj.children):
            return True  # "at" only with the content of the thing ("at the suggestion that ...")
    return False


def holds(verb: Any) -> bool:
    """A verb of temper with what it is about (the module docstring); ``verb`` is tagged as a verb."""
    if verb.lower_ not in TEMPER_FORMS or any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children):
        return False
    return _that_clause(verb) or _about_thing(verb)


def mistagged(tok: Any, thinking: frozenset[str]) -> tuple[Any, Any] | None:
    """(first, last) token of the name that opens the sentence before ``tok``, a verb of thinking (``thinking``) or
    of temper tagged as a noun or an adjective right before "that" ("Ryan reasons that ..."); None otherwise."""
    low, doc = tok.lower_, tok.doc
    if tok.tag_.startswith("VB") or low not in thinking and low not in TEMPER_FORMS or not low.endswith(("s", "ed")):
        return None
    if tok.i + 2 >= len(doc) or doc[tok.i + 1].lower_ != "that" or tok.text[:1].isupper():
        return None
    if doc[tok.i + 2].tag_.startswith(("VB", "MD")) or tok.dep_ in ("nsubj", "nsubjpass"):
        return None  # "Sales figures that came in ...", "Census figures that the bureau released show ...": a noun
    start = 1 if doc[0].lower_ in _OPENERS else 0
    run = doc[start:tok.i]
    if not 0 < len(run) <= _MAX_NAME or not all(t.is_title and not t.is_stop or t.text == "." for t in run):
        return None
    return run[0], run[-1]
