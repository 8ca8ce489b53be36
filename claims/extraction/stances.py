"""A position, a belief or an intention held by a named source, written as a noun or a verb phrase (issue 13,
sixth round): attribution in PolNeAR's broad sense, read off the parse.

- a noun of stance whose possessor is the source, with what the stance is: a that-clause ("Clinton's view that
  ...", "Trump's insistence that ..."), a to-infinitive ("Trump's plan to build ...", "Pence's pledge to ..."), a
  "for" of what is asked ("Clinton's call for a no-fly zone"), or a copula before a that-clause ("Pence's position
  is that ..."), or "Under X's plan, ..." opening the sentence. A possessed noun alone ("Trump's plan would cost
  ...", "Trump's rally") names no stance; a relative clause ("the plan that he unveiled") is a description, not
  its content. A figure needs no clause ("the IMF's estimate of global growth"). A name right before the noun is
  its owner too, as is a name before a noun of saying with a that-clause ("a New York Times report that ...",
  "a Senate proposal to ..."). Only near the top of the sentence: "profit fell because of a charge associated
  with X's plan to ..." is not X's;
- the same nouns with "by X" ("a proposal by Governor X would cut ..."): ``BY_NOUNS``;
- a verb phrase of holding a view: "X took the view / the position that ...", "X has long held that ...",
  "X shares the belief that ...", "X is betting that ...", "X made no secret of his view that ...", "X is
  pushing / pressing / lobbying for ..." (a position asked for; "pushed the cart" and "held a rally" say nothing);
  "As X sees it, ...", "X sees NATO as obsolete"; verbs of thinking or boasting with a clause of their own ("X
  suspects that ...", "X figures (that) ...", "X bragged that ..."); a plan or an idea with its content put
  forward by the subject ("X devised a strategy to ...", "X has a plan to ...", "X floated the idea that ...").

A name after a "To" opening the sentence, before a copula's judgement, holds the view ("To Trump, the Iraq war was
a catastrophic mistake"); a possessed noun of a view right before a colon holds what follows ("Giuliani's
assessment: ...", "The Trump camp's theory: ...", "Trump's message to voters was simple: ...", "Sanders laid
out his plan on Monday: ..."; a lead-in ending so names the next sentence's source); "X took issue with the
notion that ..." is X's.

A poll or a survey framing the sentence is its source: "In the latest CNN/ORC poll, Clinton leads ..." (not a
study: "In the study, patients were enrolled ..." tells a method).

``inside_owned``: a verb inside such a noun's content ("Trump's claim that he opposed the war") is not the
sentence's source; the noun's owner is.
"""

from __future__ import annotations

import re
from typing import Any

from . import attitudes
from .attitudes import that_clause
from .leadins import COPULAS, colon_after
from .speakers import OFFICE_NOUNS, ROLE_NOUNS
from .verbforms import forms

#: Nouns of a stance, a belief or an argument whose possessor holds it (with a that-clause or a copula).
_BELIEF_NOUNS = frozenset("""view views position stance belief beliefs contention suggestion insistence charge
    argument assertion allegation accusation theory conviction opinion assessment prediction hope hopes fear fears
    notion premise claim claims message point promise pledge vow warning conclusion complaint criticism pitch bet
    theory verdict""".split())
#: Nouns of an intention or a demand, with a to-infinitive or "for" ("plan to build", "call for").
_INTENT_NOUNS = frozenset("""plan plans proposal proposals promise promises pledge pledges vow vows call calls push
    demand demands plea threat threats intention desire goal case argument refusal determination
    willingness""".split())
#: Of those, the ones that take "for" of what is asked ("call for", "push for", "plan for", "case for").
_FOR_NOUNS = frozenset("plan plans proposal proposals call calls push demand demands plea case argument".split())
#: Figures a named source puts out: the possessor is their source with no clause after ("the IMF's estimate of
#: global growth", "the CBO's projections").
_FIGURE_NOUNS = frozenset("estimate estimates forecast forecasts projection projections".split())
NOUNS = _BELIEF_NOUNS | _INTENT_NOUNS | _FIGURE_NOUNS
#: Records of findings that frame a sentence opening "In the ... poll, ..." (the poll, not the writer, finds it).
#: Not a study: "In the study, patients were enrolled ..." tells its method.
_FRAMES = frozenset("poll polls survey surveys census".split())
#: Nouns whose author is given with "by" ("a proposal by X", "a plan by X to ...").
BY_NOUNS = frozenset("proposal proposals plan plans pledge vow call".split())
_PEOPLE = frozenset(ROLE_NOUNS) | OFFICE_NOUNS
#: Verbs that take a noun of a view as object ("took the view that", "shares the belief that").
_TAKE_FORMS = frozenset(f for b in ("take", "share", "hold", "adopt", "embrace") for f in forms(b))
_VIEW_NOUNS = frozenset("view position stance line belief opinion conviction".split())
#: Verbs that hold a view with a that-clause of their own ("has long held that", "is betting that").
_HOLD_FORMS = frozenset(f for b in ("hold", "bet", "wager") for f in forms(b))
#: Verbs of asking for a position with "for" ("is pushing for", "pressed for", "lobbied for").
_PUSH_FORMS = frozenset(f for b in ("push", "press", "lobby", "clamor", "clamour") for f in forms(b))
_MAKE_FORMS = frozenset(forms("make"))
#: Verbs of thinking or boasting that attribute only with a clause of their own ("Graham suspects that Russia ...",
#: "Clinton figures (that) a strong showing ..."): "figured prominently", "sense of", "trust the process" do not.
_RARE_THAT = "suspect surmise theorize theorise presume fret bemoan brag profess affirm attest muse conjecture guess"
_THAT_FORMS = frozenset(f for b in (*_RARE_THAT.split(), "figure", "reason", "sense", "trust", "gather")
                        for f in forms(b))
#: The verbs of thinking, for ``attitudes.mistagged`` ("Ryan reasons that ..." with "reasons" tagged as a noun).
THINKING = _THAT_FORMS
_SEE_FORMS = frozenset(forms("see"))
#: Verbs by which the subject puts forward a plan or an idea of its own as their object ("Broek devised a strategy
#: to ...", "Trump has a plan to ...", "Clinton rolled out a proposal for ..."); "Republicans blocked a proposal to
#: ..." is not theirs. "lay", "roll", "put" only with "out" / "forward".
_AUTHOR_FORMS = frozenset(f for b in """concoct devise craft draft hatch sketch renew float present release champion
    have lay roll put""".split() for f in forms(b))
_OUT_FORMS = frozenset(f for b in ("lay", "roll", "put") for f in forms(b))
_OBJECT_NOUNS = (_BELIEF_NOUNS | _INTENT_NOUNS | {"strategy", "idea", "vision"}) - {"charge", "claim", "claims"}
#: Clauses that describe rather than state: relative, under a preposition, a noun's, a clausal subject.
_EMBEDDED = frozenset({"relcl", "pcomp", "acl", "csubj"})
_ALT = "|".join
#: These cues written out, for ``attribution.might_attribute`` (common words like "took", "held", "shares",
#: "position" parse a sentence only in them): a noun with a possessive or "by" in the sentence, the verb phrases.
_NOUN_ALT = _ALT(sorted(NOUNS, key=len, reverse=True))
_NOUN_WORDS = re.compile(rf"(?i)\b(?:{_NOUN_ALT})\b")
#: a possessive, "by", or a capitalised word right before the noun ("a Senate proposal")
_OWNED = re.compile(rf"(?i)\w['’]s?\s|\bby\s|\b(?-i:[A-Z][\w.]*\s+(?:{_NOUN_ALT}))\b")
_PHRASES = re.compile(
    rf"(?i)\b(?:(?:{_ALT(_TAKE_FORMS)})\s+(?:\S+\s+){{0,2}}(?:{_ALT(_VIEW_NOUNS)}|issue)|(?:{_ALT(_HOLD_FORMS)})\s+that"
    rf"|(?:{_ALT(_PUSH_FORMS)})\s+for|no\s+secret|(?:{_ALT(_THAT_FORMS)})\s+that"
    rf"|(?:{_ALT(f for b in _RARE_THAT.split() for f in forms(b))})|(?:sees?|saw)\s+(?:it|(?:\S+\s+){{1,4}}as)"
    rf"|(?:a|an|the|his|her|their|its)\s+(?:\S+\s+)?(?:{_ALT(_OBJECT_NOUNS)})\s+(?:to|that|for)"
    r")\b")


_FRAMED = re.compile(
    r"(?i)^\W*(?:(?:but|and)\s+)?(?:in\s+[^,]*\b(?:polls?|census)\b|(?:to|for)\s+(?-i:[A-Z])[^,]{0,40},)")


def might_stance(sent: str) -> bool:
    """Cheap test before parsing: could one of these cues attribute the sentence?"""
    return bool(_PHRASES.search(sent)) or bool(_OWNED.search(sent) or ":" in sent) and bool(
        _NOUN_WORDS.search(sent)) or bool(_FRAMED.search(sent)) or attitudes.might_attitude(sent)


def _infinitive(tok: Any) -> bool:
    return any(c.dep_ in ("acl", "xcomp", "relcl") and c.tag_ == "VB" and c.i > tok.i and any(
        a.dep_ == "aux" and a.lower_ == "to" and a.i == tok.i + 1 for a in c.children) for c in tok.children)


def _for_phrase(tok: Any) -> bool:
    return any(c.dep_ == "prep" and c.lower_ == "for" and c.i == tok.i + 1 for c in tok.children)


def _states_content(noun: Any, say_nouns: frozenset[str]) -> bool:
    """The noun says what the stance is: a that-clause, a to-infinitive, "for", or "is that ..." after it; or the
    sentence is what it holds ("Under Pike's plan, households would pay ...")."""
    low = noun.lower_
    if (low in _BELIEF_NOUNS or low in say_nouns) and that_clause(noun) or low in _FIGURE_NOUNS:
        return True
    if low in _INTENT_NOUNS and noun.dep_ == "pobj" and noun.head.lower_ == "under" and _opens(noun.head):
        return True
    if low in _INTENT_NOUNS and _infinitive(noun) or low in _FOR_NOUNS and _for_phrase(noun):
        return True
    if low in _BELIEF_NOUNS and noun.i + 1 < len(noun.doc) and noun.doc[noun.i + 1].text == ":":
        return True  # "The Trump camp's theory: ...", "Giuliani's assessment: ..."
    head = noun.head  # "Pence's position is that ...", "Trump's message to voters was simple: ..."
    return noun.dep_ == "nsubj" and head.lower_ in COPULAS and (that_clause(head) or colon_after(head))


def _opens(prep: Any) -> bool:
    """The phrase opens the sentence (after "But" or "And" at most): it frames the whole sentence, wherever the
    parser hangs it ("Under Pike's plan, households earning more would pay ...")."""
    return prep.i == 0 or prep.i == 1 and prep.doc[0].lower_ in ("but", "and", "so")


def _own_content(noun: Any) -> bool:
    """An object noun of stance with its content and no named possessor of its own ("a plan to ...", "his plan to
    ...", not "Clinton's plan to ...")."""
    if any(c.dep_ == "poss" and c.tag_ not in ("PRP$", "PRP") for c in noun.children):
        return False
    return that_clause(noun) or _infinitive(noun) or noun.lower_ in _FOR_NOUNS and _for_phrase(noun) or (
        colon_after(noun))  # "Sanders laid out his plan in a speech on Monday: ..."


def _named(owner: Any) -> bool:
    """A possessor that names a source: a name, a person's office ("the senator's"), or a noun a name qualifies
    ("the Trump campaign's")."""
    if owner.tag_ in ("NNP", "NNPS") or owner.lower_ in _PEOPLE:
        return True
    if owner.tag_ == "NNS" and owner.text[:1].isupper() and owner.i + 1 < len(owner.doc) and owner.doc[
            owner.i + 1].text in ("'", "’"):
        return True  # "Sanders' argument": the tagger's plural noun
    return owner.tag_.startswith("NN") and any(c.dep_ == "compound" and c.tag_ in ("NNP", "NNPS")
                                               for c in owner.children)


#: How far below the root a noun of stance may sit: the subject or an object of the main verb, or a phrase under
#: them ("dwarfed by X's plans to ..."); deeper, it is a detail of something else ("profit fell because of a charge
#: associated with X's plan to ...": the profit is not X's).
_MAX_DEPTH = 3


def _near_top(tok: Any) -> bool:
    for _ in range(_MAX_DEPTH):
        if tok.head.i == tok.i:
            return True
        tok = tok.head
    return tok.head.i == tok.i


def owner(noun: Any, say_nouns: frozenset[str] = frozenset()) -> Any:
    """The possessor that holds the stance ``noun`` names ("Trump's plan to ..."), or a name before a noun of
    saying or stance with its content ("a New York Times report that ...", "a Senate proposal to ..."), else None.
    ``say_nouns``: the nouns of saying (``attribution.SAY_NOUNS``), sources with a that-clause."""
    low = noun.lower_
    if not noun.tag_.startswith("NN") or low not in NOUNS and low not in say_nouns or not _near_top(noun) or not (
            _states_content(noun, say_nouns)):
        return None
    poss = next((c for c in noun.children if c.dep_ == "poss"), None)
    if poss is not None:
        return poss if _named(poss) else None
    return next((c for c in noun.children if c.dep_ == "compound" and c.tag_ in ("NNP", "NNPS") and c.i == noun.i - 1
                 and low not in _FIGURE_NOUNS), None)


def noun_source(noun: Any, say_nouns: frozenset[str], poss_nouns: frozenset[str]) -> Any:
    """The source a noun names: the named possessor of a noun of saying ("Trump's claim", ``poss_nouns``: any
    such noun, no content needed), the owner of a stance (``owner``), or a poll or a study framing the sentence
    ("In the latest CNN/ORC poll, Clinton leads ...": the poll itself); else None."""
    low = noun.lower_
    if low in poss_nouns and (named := next((c for c in noun.children if c.dep_ == "poss" and c.tag_.startswith(
            "NNP")), None)) is not None:
        return named
    if _viewpoint(noun):
        return noun
    if low in _FRAMES and noun.dep_ == "pobj" and noun.head.lower_ == "in" and _opens(noun.head) and (
            noun.head.dep_ != "ROOT" and not any(c.dep_ == "appos" for c in noun.children)):
        return noun  # not when the parser makes the sentence's subject an appositive of the poll
    return owner(noun, say_nouns) if low in NOUNS or low in say_nouns else None


def _viewpoint(name: Any) -> bool:
    """"To Trump, the Iraq war was a catastrophic mistake.": a name after a "To" that opens the sentence, set off by
    a comma, before a copula's judgement, is whose view it is; after a "For", only when the copula's subject is
    what a view picks out ("For Calder, the issue is the cost of insulin"; "For Clinton, the rally was a success"
    and "For Trump, the stakes are high" are the writer's)."""
    prep, doc = name.head, name.doc
    if prep.lower_ == "for" and not any(c.dep_ == "nsubj" and c.lower_ in _PICKED for c in prep.head.children):
        return False
    return name.tag_ in ("NNP", "NNPS") and name.dep_ == "pobj" and prep.lower_ in ("to", "for") and _opens(prep) and (
        name.right_edge.i + 1 < len(doc) and doc[name.right_edge.i + 1].text == ","
        and prep.head.lower_ in COPULAS and prep.head.dep_ == "ROOT")


#: What a view picks out, as the subject of "For X, the ... is ...".
_PICKED = frozenset("issue question problem priority answer goal choice lesson key concern worry solution".split())


def inside_owned(verb: Any, say_nouns: frozenset[str]) -> bool:
    """``verb`` is in the content of a possessed noun of stance or saying ("Trump's claim that he opposed ..."):
    the noun's owner is the source, not the verb's subject. Also any verb after "X's theory:" (the words after the
    colon are the theory, however the parser hangs them)."""
    doc = verb.doc
    if any(t.text == ":" and t.i > 0 and doc[t.i - 1].lower_ in _BELIEF_NOUNS and owner(doc[t.i - 1], say_nouns)
           is not None for t in doc[:verb.i]):
        return True
    tok = verb
    for _ in range(4):
        if tok.dep_ not in ("acl", "ccomp", "relcl", "conj") or tok.head.i == tok.i:
            return False
        tok = tok.head
        if tok.tag_.startswith("NN"):
            return owner(tok, say_nouns) is not None
        if tok.lower_ in COPULAS:  # "Pence's contention is that Trump never praised ...": Pence's
            subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
            return subj is not None and owner(subj, say_nouns) is not None
    return False


def holds(verb: Any) -> bool:
    """A verb phrase of holding a view or asking for a position (the module docstring)."""
    low, kids = verb.lower_, list(verb.children)
    if attitudes.holds(verb):
        return True  # "X seethed that ...", "X bristled at the suggestion that ..."
    if low in _TAKE_FORMS and any(c.dep_ == "dobj" and c.lower_ == "issue" for c in kids) and any(
            c.dep_ == "prep" and c.lower_ == "with" for c in kids):
        return True  # "Pence took issue with the notion that ..."
    if low in _TAKE_FORMS and any(c.dep_ == "dobj" and c.lower_ in _VIEW_NOUNS and (that_clause(c) or that_clause(
            verb)) for c in kids):
        return True
    if low in _HOLD_FORMS and that_clause(verb):
        return not any(c.dep_ in ("nsubjpass", "auxpass") for c in kids)  # "was held that": not a view
    if low in _PUSH_FORMS:
        return any(c.dep_ == "prep" and c.lower_ == "for" and c.i == verb.i + 1 for c in kids) and not any(
            c.dep_ in ("nsubjpass", "auxpass") for c in kids)
    if any(c.dep_ in ("nsubjpass", "auxpass") for c in kids):
        return False  # "was seen as", "was held that": the view of nobody named
    if low in _THAT_FORMS:  # a clause with a subject of its own after the verb
        return any(c.dep_ == "ccomp" and c.i > verb.i and any(g.dep_ in ("nsubj", "nsubjpass") for g in c.children)
                   for c in kids)
    if low in _SEE_FORMS:  # "As Clinton sees it, ...", "The way Trump sees it, ...", "Trump sees NATO as obsolete"
        it = any(c.dep_ == "dobj" and c.lower_ == "it" for c in kids)
        if it:
            return any(c.dep_ == "mark" and c.lower_ == "as" for c in kids) or (
                verb.dep_ == "relcl" and verb.head.lower_ == "way")
        # not "(complaints about) what he sees as ...": a description, as for a stance in a relative clause
        return verb.dep_ not in _EMBEDDED and any(c.dep_ == "dobj" and c.tag_ not in ("WP", "WDT") for c in kids) \
            and any(c.dep_ == "prep" and c.lower_ == "as" for c in kids)
    if low in _AUTHOR_FORMS and (low not in _OUT_FORMS or any(c.dep_ == "prt" and c.lower_ in ("out", "forward")
                                                              for c in kids)):
        return any(c.dep_ == "dobj" and c.lower_ in _OBJECT_NOUNS and _own_content(c) for c in kids)
    if low in _MAKE_FORMS:  # "made no secret of his view that ..." (not "of her joy at ...")
        return any(c.dep_ == "dobj" and c.lower_ == "secret" and any(d.lower_ == "no" for d in c.children) and any(
            o.lower_ in NOUNS and that_clause(o) or t.lower_ == "that" for t in c.children for o in t.children)
            for c in kids)
    return False
