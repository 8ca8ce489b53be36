"""A stance held with a to-infinitive (issue 13, rules-1.28): the subject's intention, resolve or refusal.

PolNeAR's source of a proposition includes a named actor's intention or commitment, not only speech. Verbs of
stance that take a to-infinitive and are not verbs of saying on their own ("The council has refused to ...",
"Governor Ruiz is preparing to veto ...", "X is pushing to repeal ...") and adjectives of will before a copula
("X is determined to ...", "X appears set to veto ...", "officials seem reluctant to ...") make their subject the
source. Only with the to-infinitive: "shares declined 3 percent" and "the determined senator" say nothing.

Not a stance: what others expect of the subject or make it do ("X is expected to win", "X is likely to ...",
"X was forced / asked to ..."): those words are in no list here. Readiness also said of things ("the bill is set
to pass", "prices are poised to rise") is the subject's only when the subject is a name, a pronoun or a person's
office ("the senator").

``controller``: an object-control verb ("The chair forced the treasurer to admit that ...") hands the infinitive
to its object, a person; "X used the speech to warn that ..." keeps X (a thing controls nothing).
"""

from __future__ import annotations

from typing import Any

from .leadins import COPULAS
from .speakers import COMMON_SUBJECTS, OFFICE_NOUNS, ROLE_NOUNS
from .verbforms import forms

#: Verbs of will before a to-infinitive that say nothing on their own.
_VERB_BASES = "refuse decline prepare push offer volunteer resolve opt choose strive hesitate".split()
_VERBS = frozenset(f for b in _VERB_BASES for f in forms(b))
#: Adjectives and participles of will before a to-infinitive ("is determined to", "seems ready to").
_ADJECTIVES = frozenset("""determined set poised ready eager willing unwilling prepared keen reluctant loath loth
    hesitant resolved anxious desperate""".split())
#: ... of which these are also said of things ("the bill is set to pass"): a stance of a name or a person only.
_READINESS = frozenset("set poised ready prepared".split())
#: Words that can start such a cue, for ``attribution.might_attribute``.
WORDS = _VERBS | _ADJECTIVES
_PEOPLE = frozenset(ROLE_NOUNS) | OFFICE_NOUNS | COMMON_SUBJECTS
#: Clauses that describe or ask rather than state: relative, under a preposition, a noun's, a clausal subject.
_EMBEDDED = frozenset({"relcl", "pcomp", "acl", "csubj"})
_PERSONAL = frozenset("him her them us me".split())


def _infinitive(tok: Any) -> bool:
    """``tok`` governs a to-infinitive ("refused to cooperate", "determined to warn")."""
    return any(c.dep_ == "xcomp" and c.tag_ == "VB" and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)
               for c in tok.children)


def intent(tok: Any) -> tuple[Any, Any] | None:
    """(the predicate whose subject holds the stance, its own subject or None) when ``tok`` is a word of will
    with a to-infinitive; None otherwise. The predicate is the verb itself ("has refused to") or the copula
    before the adjective ("is determined to", "appears set to"); a participle the parser reads as passive
    ("is set to veto": ``nsubjpass``) gives its subject directly."""
    low = tok.lower_
    if low in _VERBS and tok.tag_.startswith("VB") and _infinitive(tok):
        if any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children):
            return None  # "was offered to ...": passive, someone else's
        return tok, None
    if low not in _ADJECTIVES or not _infinitive(tok):
        return None
    own = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if own is not None and any(c.dep_ in ("auxpass", "cop") for c in tok.children):
        return tok, own
    if tok.dep_ in ("acomp", "oprd", "xcomp") and tok.head.lower_ in COPULAS:
        return tok.head, None
    return None


def asserted(pred: Any, word: Any) -> bool:
    """The stance is stated, not a question or a description: "(how far) he has been willing to go" after a
    preposition, "whether X is ready to ...", "the bill X is determined to veto" (through "and": the first
    conjunct's place) are no cue."""
    if any(c.lower_ in ("whether", "if") or c.tag_ == "WRB" for t in (pred, word) for c in t.children):
        return False
    while pred.dep_ == "conj" and pred.head.i != pred.i:
        pred = pred.head
    return pred.dep_ not in _EMBEDDED


def fits(word: Any, subj: Any) -> bool:
    """Readiness ("set", "poised", "ready") is the subject's stance only for a name, a pronoun or a person's
    office; the other words of will need a person by their meaning already."""
    if word.lower_ not in _READINESS:
        return True
    return subj.tag_ in ("NNP", "NNPS", "PRP") or subj.lower_ in _PEOPLE


def controller(verb: Any) -> Any:
    """The object that is the subject of ``verb``, a to-infinitive under an object-control verb ("forced the
    treasurer to admit that ...": the treasurer): a name, a personal pronoun, a person's office or group, a noun
    with a name in apposition ("the treasurer, Paul Kemp,"); None for a thing ("used the speech to warn": the
    subject of "used") or no object. Under an adjective after a copula, with a clause of its own, the copula's
    named or pronoun subject ("X was quick to note that ...")."""
    if verb.dep_ != "xcomp" or verb.head.i == verb.i:
        return None
    adj = verb.head  # "Calder was quick to note that ...", "was careful to say that ...": the copula's subject
    if adj.dep_ == "acomp" and adj.head.lower_ in COPULAS and any(c.dep_ == "ccomp" for c in verb.children):
        obj = next((c for c in adj.head.children if c.dep_ == "nsubj"), None)  # not "hard to predict": no clause
        return obj if obj is not None and (obj.tag_ in ("NNP", "NNPS") or obj.tag_ == "PRP" and obj.lower_ != "it") \
            else None  # "It is worth noting that ..." is the writer's
    obj = next((c for c in verb.head.children if c.dep_ == "dobj" and c.i < verb.i), None)
    if obj is None:
        return None
    named = any(c.dep_ == "appos" and c.tag_.startswith("NNP") for c in obj.children)  # "the treasurer, Paul Kemp,"
    if obj.tag_ in ("NNP", "NNPS") or obj.lower_ in _PERSONAL or obj.lower_ in _PEOPLE or named:
        return obj
    return None
