"""Verb phrases that report speech without a verb of saying of their own (``attribution`` asks them):

- "X issued a statement calling ...", "X released a report showing ...", "X made it clear (that) ...", "X sounded
  the alarm", "..., The Post has learned", "X posted on Instagram that ...";
- a lead-in that ends in a colon: "Limbaugh continued: ...", "The mayor went on: ..." (the verbs of saying
  themselves, "X added:", "X wrote:", "X told reporters:", are cues already);
- "As X put it, ...", "X put it bluntly: ...": "put it" of words, never "put it on sale";
- a verb of the manner of speaking with what was said: "Scott can be heard yelling to the officers that ...",
  "protesters were shouting that ..." (shouting alone, or "shouting at the police", reports nothing);
- an argument made with a noun: "X tried to make the case that ...", "X made the argument/point that ...",
  "X drew a distinction between A and B" (with "between": "to draw a contrast with Trump" is an aim);
- "in the words of X", "in X's words": X, as "according to X".
"""

from __future__ import annotations

from typing import Any

_ISSUE_FORMS = frozenset({"issue", "issues", "issued", "issuing", "release", "releases", "released", "releasing"})
_POST_FORMS = frozenset({"post", "posts", "posted", "posting"})
_MAKE_FORMS = frozenset({"make", "makes", "made", "making"})
_PUT_FORMS = frozenset({"put", "puts", "putting"})
_GO_ON_FORMS = frozenset({"continue", "continues", "continued", "went", "goes"})
_DRAW_FORMS = frozenset({"draw", "draws", "drew", "drawn", "drawing"})
#: Verbs of the manner of speaking: a cue only with the content of what was said (a that-clause or a colon).
_MANNER_FORMS = frozenset(f"{b}{e}" for b in ("yell", "shout", "scream", "whisper", "mutter", "holler")
                          for e in ("", "s", "ed", "ing"))
#: "made the case that ...": nouns of an argument (not "made the remarks": that is an event, ``attribution``).
_ARGUMENT_NOUNS = frozenset("case argument point".split())
_CONTRAST_NOUNS = frozenset("distinction contrast parallel comparison".split())
#: Words of these phrases for ``attribution.might_attribute`` (a sentence without one is not parsed for them).
PHRASE_WORDS = frozenset(_PUT_FORMS | _GO_ON_FORMS | _MANNER_FORMS | _ARGUMENT_NOUNS | _CONTRAST_NOUNS | {"words"})
#: Perception verbs whose passive subject is the speaker of the verb under them ("X can be heard yelling ...").
_HEARD = frozenset("heard seen caught filmed recorded".split())
#: Manner adverbs of "put it": "X put it bluntly", "as X put it best".
_PUT_IT_HOW = frozenset("bluntly simply succinctly best plainly starkly mildly frankly directly another".split())


def states(tok: Any, say_nouns: frozenset[str]) -> bool:
    """A verb phrase of saying (the module docstring); ``tok`` is a verb, ``say_nouns`` the nouns of saying."""
    low = tok.lower_
    kids = list(tok.children)
    if low in _ISSUE_FORMS:
        return any(c.dep_ == "dobj" and c.lower_ in say_nouns for c in kids)
    if low in ("sound", "sounds", "sounded", "sounding"):  # "X sounded a call for / the alarm about ..."
        return any(c.dep_ == "dobj" and c.lower_ in ("call", "alarm", "warning") for c in kids)
    if low == "learned":  # "..., The Post has learned.": a newsroom reporting what it found out
        return any(c.lower_ in ("has", "have") and c.dep_ == "aux" for c in kids) and any(
            c.dep_ == "nsubj" and c.tag_.startswith("NNP") for c in kids)
    if low in _MAKE_FORMS:
        return any(c.lower_ == "clear" and c.dep_ in ("ccomp", "acomp", "oprd", "dobj", "xcomp") for c in kids) or any(
            c.dep_ == "dobj" and c.lower_ in _ARGUMENT_NOUNS and _says_that(c) for c in kids)
    if low in _POST_FORMS:  # "Ortega posted on Instagram that ...": "posted a loss" reports nothing
        return any(c.dep_ == "ccomp" for c in kids)
    if low in _PUT_FORMS:
        return _puts_it(tok, kids)
    if low in _GO_ON_FORMS:  # "Limbaugh continued: ...", "The mayor went on: ..."
        return (low[0] == "c" or any(c.dep_ == "prt" and c.lower_ == "on" for c in kids)) and _colon_after(tok)
    if low in _MANNER_FORMS:
        return _colon_after(tok) or any(t.lower_ == "that" and t.i > tok.i for t in tok.subtree) or any(
            c.dep_ == "ccomp" for c in kids)
    if low in _DRAW_FORMS:
        return any(c.dep_ == "dobj" and c.lower_ in _CONTRAST_NOUNS and _between(c) for c in kids)
    return False


def _says_that(noun: Any) -> bool:
    """"the case that ...", "the argument for ...", "the point that ...": the argument is stated."""
    return any(t.lower_ in ("that", "for", "against") and t.i == noun.i + 1 or t.dep_ in ("acl", "ccomp")
               for t in noun.children) or (noun.i + 1 < len(noun.doc) and noun.doc[noun.i + 1].text == ":")


def _between(noun: Any) -> bool:
    """"drew a distinction between A and B" states the distinction; "draw a contrast with Trump" is an aim."""
    return any(c.dep_ == "prep" and c.lower_ == "between" for c in noun.children) or any(
        c.lower_ == "between" and c.dep_ == "prep" for c in noun.head.children if c.i > noun.i)


def _puts_it(tok: Any, kids: list[Any]) -> bool:
    """"As X put it", "X put it bluntly:", "how X put it"; "put it on sale" is not words."""
    if not any(c.dep_ == "dobj" and c.lower_ == "it" for c in kids):
        return False
    if any(c.dep_ == "mark" and c.lower_ == "as" for c in kids) or _colon_after(tok):
        return True
    return any(c.dep_ == "advmod" and c.lower_ in _PUT_IT_HOW for c in kids)


def _colon_after(tok: Any) -> bool:
    """A colon closes the verb's own words: "continued:", "went on:", "put it bluntly:", "told reporters on
    Monday:" (no other verb in between)."""
    doc = tok.doc
    for t in doc[tok.i + 1:tok.i + 8]:
        if t.text == ":":
            return True
        if t.tag_.startswith("VB") or t.text in (",", ";", ".", '"', "\u201c"):
            return False
    return False


def heard_subject(verb: Any) -> Any:
    """"Scott can be heard yelling ...": the passive subject of a perception verb right above ``verb``."""
    head = verb.head
    if verb.dep_ in ("xcomp", "ccomp", "advcl") and head.lower_ in _HEARD:
        return next((c for c in head.children if c.dep_ == "nsubjpass"), None)
    return None


def words_of(tok: Any) -> Any:
    """"In the words of X, ...", "in X's words": X (the token), else None."""
    if tok.lower_ != "words" or tok.head.lower_ != "in":
        return None
    for c in tok.children:
        if c.dep_ == "poss" and c.tag_.startswith(("NN", "PRP")) and c.lower_ not in ("his", "her", "their", "its"):
            return c
        if c.dep_ == "prep" and c.lower_ == "of":
            return next((g for g in c.children if g.dep_ == "pobj"), None)
    return None

