"""Attitudes held toward a proposition (issue 13, seventh round of speakers), read off the parse:

- a verb of temper with what it is about: "X seethed that ...", "X fumed that ...", "X bristled at the suggestion
  that ...", "X grumbled about the delay", "X chafed over the ruling" (a that-clause, or "about" / "over" / "at"
  with a noun of its own). Alone ("X fumed", "X raged on stage") or at a person ("X fumed at the referee") it tells
  a mood, not a view: no cue;
- a verb phrase of doubting or rebuffing what it is about: "X cast doubt on the findings", "X threw / poured cold
  water on the plan", "X pushed back on the notion that ..." (with "on" / "against" and its object);
- a thing greeted as something: "X cheered the ruling as a win for voters" (with "as");
- a verb of thinking or of temper the small model tags as a noun or an adjective right before "that" ("Hobbs
  reasons that ...", "Gov. Lisa Varn frets that ..."): the name run that opens the sentence before it is its
  subject (``mistagged``).
"""

from __future__ import annotations

import re
from typing import Any

from .verbforms import forms

_TEMPER = "seethe fume bristle bridle chafe rage grumble gripe grouse carp stew sulk marvel rail huff scoff balk sneer"
TEMPER_FORMS: frozenset[str] = frozenset(f for b in _TEMPER.split() for f in forms(b))
#: Prepositions that take what the temper is about.
_ABOUT = frozenset({"about", "over", "at"})
#: Words that open a sentence before its subject and are not part of a name ("But Hobbs reasons that ...").
_OPENERS = frozenset({"but", "and", "yet", "still", "now", "so"})
_MAX_NAME = 5
#: "cast doubt on", "threw cold water on": the verb, its object, the preposition that takes what is doubted.
_DOUBT_FORMS = frozenset(f for b in ("cast", "throw", "pour") for f in forms(b)) | {"threw", "thrown"}
_PUSH_FORMS = frozenset(forms("push"))
#: Verbs that greet a thing "as" something ("cheered the ruling as a win").
_GREET_FORMS = frozenset(f for b in ("cheer", "greet", "salute") for f in forms(b))
_TEMPER_WORD = re.compile(r"(?i)\b(?:" + "|".join(sorted(TEMPER_FORMS | _GREET_FORMS, key=len, reverse=True))
                          + r"|doubt\s+(?:on|upon)|cold\s+water|back\s+(?:on|against))\b")


def might_attitude(sent: str) -> bool:
    """Cheap test before parsing: a verb of temper in the sentence."""
    return bool(_TEMPER_WORD.search(sent))


def that_clause(tok: Any) -> bool:
    """``tok`` governs a complement that-clause; the parser may call it a relative clause, but then its "that" is a
    marker, not a pronoun in the clause ("the plan that he unveiled")."""
    return any(c.dep_ in ("acl", "ccomp", "relcl") and c.i > tok.i and any(
        m.dep_ == "mark" and m.lower_ == "that" for m in c.children) for c in tok.children)


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


def _on_thing(verb: Any) -> bool:
    """"on the findings", "against the notion that ...": not a day ("pushed back on Monday from a trip")."""
    return any(c.dep_ == "prep" and c.lower_ in ("on", "upon", "against") and any(
        g.dep_ == "pobj" and g.ent_type_ not in ("DATE", "TIME") for g in c.children) for c in verb.children)


def holds(verb: Any) -> bool:
    """A verb of temper with what it is about, of doubting or rebuffing, of greeting a thing as something (the module
    docstring); ``verb`` is tagged as a verb."""
    low, kids = verb.lower_, list(verb.children)
    if any(c.dep_ in ("nsubjpass", "auxpass") for c in kids):
        return False
    if low in TEMPER_FORMS:
        return that_clause(verb) or _about_thing(verb)
    if low in _DOUBT_FORMS:
        return any(c.dep_ == "dobj" and (c.lower_ == "doubt" or c.lower_ == "water" and any(
            a.lower_ == "cold" for a in c.children)) for c in kids) and _on_thing(verb)
    if low in _PUSH_FORMS:
        return any(c.dep_ in ("advmod", "prt") and c.lower_ == "back" for c in kids) and _on_thing(verb) and not any(
            c.dep_ == "dobj" for c in kids)  # "pushed back the vote on the levy": a date moved
    if low in _GREET_FORMS:
        return any(c.dep_ == "dobj" for c in kids) and any(c.dep_ == "prep" and c.lower_ == "as" for c in kids)
    return False


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
