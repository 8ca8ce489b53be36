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
- "in the words of X", "in X's words", "in X's view / telling / opinion", "Per X, ...": X, as "according to X";
- a ruling, a published story, a voiced concern: "the court ruled that ...", "The Post ran a story that ...",
  "X raised concerns that ...", "X voiced doubts that ...";
- a noun of saying before a colon: "X offered a blunt assessment: ...", "X had a message for voters: ...";
- "by X's own admission", "by the agency's estimate": X, as "according to X";
- a reply with its words: "X fired back: ...", "X shot back that ...", "X chimed in: ..." (a colon, a that-clause
  or a clause of its own after "back" or "in": "fired back at the gunmen" and "pushed back the vote" say nothing);
- a portrayal: "X is casting himself as a champion of ...", "X framed the cuts as ..." (with "as");
- a state of mind held about a proposition (``feeling``): "Republicans were incensed that ...", "officials are
  confident that ...", "X was adamant that ..." (with the that-clause only: "confident in the team" is no cue).
"""

from __future__ import annotations

import re
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
_CAST_FORMS = frozenset("cast casts casting frame frames framed framing paint paints painted painting".split())
#: "by X's own admission", "by the agency's estimate": the possessor is the source.
_BY_NOUNS = frozenset("admission account accounts estimate estimates count reckoning calculation tally".split())
#: Phrasal verbs of a reply: "fired back", "shot back", "hit back", "pushed back", "struck back", "chimed in".
_BACK_FORMS = frozenset("""fire fires fired firing shoot shoots shot shooting hit hits hitting push pushes pushed
    pushing strike strikes struck striking chime chimes chimed chiming""".split())
_RULE_FORMS = frozenset({"rule", "rules", "ruled", "ruling"})
_RUN_FORMS = frozenset({"run", "runs", "ran", "running"})
#: What an outlet runs: "The Post ran a story (that) ...".
_PUBLISHED = frozenset("story stories article report feature piece editorial column headline ad advertisement".split())
_RAISE_FORMS = frozenset(f"{b}{e}" for b in ("rais", "voic") for e in ("e", "es", "ed", "ing"))
#: Doubts and concerns raised or voiced, with what they are about: "raised concerns that ...".
_CONCERN_NOUNS = frozenset("""concern concerns doubt doubts fear fears worry worries objection objections alarm support
    opposition frustration skepticism scepticism""".split())
#: Nouns of saying before a colon ("offered a blunt assessment: ...").
_COLON_NOUNS = frozenset("""message assessment verdict view warning prediction answer response reply explanation
    advice statement point argument case conclusion diagnosis take""".split())
#: States of mind about a proposition: the subject holds it ("Republicans were incensed that ...").
_FEELINGS = frozenset("""afraid worried concerned confident convinced certain hopeful optimistic pessimistic adamant
    insistent emphatic incensed angry furious outraged upset frustrated skeptical sceptical unconvinced""".split())
#: "in X's words", "in X's view", "in X's telling", "in the opinion of X": X is the source (``words_of``).
_IN_NOUNS = frozenset("words view telling opinion estimation judgment judgement reckoning account".split())
COPULAS = frozenset("be is are was were been being remain remains remained seem seems seemed appear appears "
                     "appeared become becomes became grew grow grows".split())
#: Verbs that link a subject to its state of mind (``feeling``): the copulas, and "sounded / looked confident that".
_LINKING = COPULAS | frozenset(f"{b}{e}" for b in ("sound", "look") for e in ("", "s", "ed", "ing"))
#: Words that can start these phrases on their own, for ``attribution.might_attribute`` (a sentence without one,
#: and without a phrase of ``might_phrase``, is not parsed for them; "make the case" has "make" already).
PHRASE_WORDS = frozenset(_MANNER_FORMS | _CONTRAST_NOUNS | _FEELINGS | _IN_NOUNS | {"ruled", "ruling"})
#: The verbs ``states`` looks at (with a noun of saying before a colon, any verb).
_STATE_FORMS = (_ISSUE_FORMS | _POST_FORMS | _MAKE_FORMS | _PUT_FORMS | _GO_ON_FORMS | _DRAW_FORMS | _MANNER_FORMS
                | _RULE_FORMS | _RUN_FORMS | _CAST_FORMS | _RAISE_FORMS | _BACK_FORMS
                | {"sound", "sounds", "sounded", "sounding", "learned"})
#: Words that open a noun or adjective cue (``words_of``, ``per_source``, ``by_account``, ``feeling``).
TOKEN_STARTS = frozenset(_FEELINGS | _IN_NOUNS | {"per", "by"})
_ALT = "|".join
#: The other phrases, written out: common words ("run", "put", "case", "message") parse a sentence only in them.
_PHRASES = re.compile(
    rf"(?i)\b(?:put(?:s|ting)?\s+it|(?:{_ALT(_RUN_FORMS)})\s+(?:\S+\s+){{1,3}}(?:{_ALT(_PUBLISHED)})"
    rf"|(?:{_ALT(_RAISE_FORMS)})\s+(?:\S+\s+){{0,2}}(?:{_ALT(_CONCERN_NOUNS)})|(?:{_ALT(_CAST_FORMS)})\s+(?:\S+\s+){{1,4}}as"
    rf"|by\s+(?:\S+\s+){{0,3}}(?:{_ALT(_BY_NOUNS)})|(?:{_ALT(_BACK_FORMS)})\s+(?:back|in))\b|(?:^|[,(\u2014]\s*)per\s")
_COLON_PHRASES = re.compile(rf"(?i)\b(?:{_ALT(_GO_ON_FORMS | _PUT_FORMS | _COLON_NOUNS)})\b")


def might_phrase(sent: str) -> bool:
    """Cheap test before parsing: could one of these phrases attribute the sentence?"""
    return bool(_PHRASES.search(sent)) or ":" in sent and bool(_COLON_PHRASES.search(sent))
#: Perception verbs whose passive subject is the speaker of the verb under them ("X can be heard yelling ...").
_HEARD = frozenset("heard seen caught filmed recorded".split())
#: Manner adverbs of "put it": "X put it bluntly", "as X put it best".
_PUT_IT_HOW = frozenset("bluntly simply succinctly best plainly starkly mildly frankly directly another".split())


def states(tok: Any, say_nouns: frozenset[str]) -> bool:
    """A verb phrase of saying (the module docstring); ``tok`` is a verb, ``say_nouns`` the nouns of saying."""
    low = tok.lower_
    if low not in _STATE_FORMS:  # any other verb: only "offered a blunt assessment: ..."
        return colon_after(tok) and any(c.dep_ == "dobj" and c.lower_ in _COLON_NOUNS for c in tok.children)
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
        return (low[0] == "c" or any(c.dep_ == "prt" and c.lower_ == "on" for c in kids)) and colon_after(tok)
    if low in _MANNER_FORMS:
        return colon_after(tok) or any(t.lower_ == "that" and t.i > tok.i for t in tok.subtree) or any(
            c.dep_ == "ccomp" for c in kids)
    if low in _DRAW_FORMS:
        return any(c.dep_ == "dobj" and c.lower_ in _CONTRAST_NOUNS and _between(c) for c in kids)
    return _more_states(tok, low, kids)


def _more_states(tok: Any, low: str, kids: list[Any]) -> bool:
    """Rulings, published stories, raised concerns, a noun of saying before a colon (the module docstring)."""
    if low in _RULE_FORMS:  # "the court ruled that ...", not "ruled out"
        return not any(c.dep_ == "prt" for c in kids) and (
            any(c.dep_ == "ccomp" for c in kids) or _next_is_that(tok))
    objects = [c for c in kids if c.dep_ == "dobj"]
    if low in _RUN_FORMS and any(c.lower_ in _PUBLISHED for c in objects):
        return True
    if low in _BACK_FORMS:  # "X fired back: ...", "X shot back that ...", not "fired back at the crowd"
        nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
        return nxt is not None and nxt.lower_ in ("back", "in") and (
            colon_after(tok) or _next_is_that(nxt) or any(c.dep_ == "ccomp" for c in kids))
    if low in _CAST_FORMS:  # "X is casting himself as ...", not "was cast as" (an actor) nor "cast a vote"
        return any(c.dep_ == "prep" and c.lower_ == "as" for c in kids) and not any(c.dep_ == "auxpass" for c in kids)
    if low in _RAISE_FORMS and any(c.lower_ in _CONCERN_NOUNS and (_says_that(c) or _next_is_that(c))
                                   for c in objects):
        return True
    return colon_after(tok) and any(c.lower_ in _COLON_NOUNS for c in objects)


def _next_is_that(tok: Any) -> bool:
    return tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].lower_ == "that"


def feeling(adj: Any) -> tuple[Any, Any] | None:
    """"Officials are confident that ...", "Republicans were incensed that ...": ``adj`` names a state of mind
    about a that-clause. (the copula whose subject holds it, None) for an adjective; (the word, its subject) for a
    participle or adjective the parser gives a subject of its own; None when it is no such cue."""
    if adj.lower_ not in _FEELINGS:
        return None
    own = next((c for c in adj.children if c.dep_ in ("nsubjpass", "nsubj")), None)
    if adj.tag_ in ("VBN", "JJ") and own is not None and any(c.dep_ in ("auxpass", "cop") for c in adj.children):
        head, subj = adj, own  # "were incensed that": the tagger's passive participle (or a root adjective)
    elif adj.tag_ in ("JJ", "VBN") and adj.dep_ == "acomp" and adj.head.lower_ in _LINKING:  # "are convinced that"
        head, subj = adj.head, None
    else:
        return None
    if _next_is_that(adj) or any(c.dep_ == "ccomp" and c.i > adj.i for t in (adj, head) for c in t.children):
        return head, subj
    return None


#: Units after "per" ("$3 per gallon", "per capita"): a rate, not a source.
_PER_UNITS = frozenset("""capita cent person head year month week day hour minute second mile kilometer gallon
    litre liter pound share household student patient ton tonne barrel unit game vote""".split())


def source_phrase(tok: Any) -> Any:
    """The source named by "in the words of X", "Per X," or "by X's own admission" at ``tok``, else None."""
    return words_of(tok) or per_source(tok) or by_account(tok)


def by_account(tok: Any) -> Any:
    """"By Trump's own admission, ...", "by the agency's estimate": the (non-pronoun) possessor, else None."""
    if tok.lower_ != "by" or tok.dep_ != "prep":
        return None
    pobj = next((c for c in tok.children if c.dep_ == "pobj" and c.lower_ in _BY_NOUNS), None)
    owner = next((c for c in pobj.children if c.dep_ == "poss"), None) if pobj is not None else None
    return owner if owner is not None and owner.tag_.startswith("NN") else None


def before_aside(verb: Any, noun: Any) -> Any:
    """"since Clinton, at Monday's debate, cited ...": a noun inside a prepositional aside set off by commas right
    before the verb is not its subject; the proper noun before the aside is (else ``noun``)."""
    doc, prep = verb.doc, noun.head
    if noun.dep_ != "pobj" or prep.dep_ != "prep" or prep.i < 2 or doc[verb.i - 1].text != ",":
        return noun
    before = doc[prep.i - 2]
    return before if doc[prep.i - 1].text == "," and before.tag_ in ("NNP", "NNPS") else noun


_NOT_NAME_TAGS = frozenset({"RB", "CC", "IN", "DT", "UH", "PRP", "PRP$", "WRB", "WDT", "WP", "CD"})
_WHEN_WORDS = frozenset("""yesterday today tonight tomorrow meanwhile later earlier instead still then now monday
    tuesday wednesday thursday friday saturday sunday""".split())


def opening_name(verb: Any) -> tuple[Any, Any] | None:
    """"Trump, appearing after Clinton at the forum, cited ...": a verb of saying left without a subject right
    after a comma-enclosed aside takes the capitalised words (at most four) the sentence opens with, as (first,
    last) tokens; None when the sentence opens otherwise ("After Trump spoke, ...", "Yesterday, ...")."""
    doc = verb.doc
    if verb.i < 4 or doc[verb.i - 1].text != ",":
        return None
    end = next((t.i for t in doc[:verb.i] if t.text == ","), verb.i)
    if not 0 < end <= 4 or end >= verb.i - 2:
        return None
    run = doc[:end]
    if any(not t.is_title or t.tag_ in _NOT_NAME_TAGS or t.lower_ in _WHEN_WORDS for t in run if t.text not in ".'"):
        return None
    return run[0], run[-1]


def subject_after_opening(verb: Any) -> Any:
    """"In Canberra, Labor's treasury spokesman, Craig Dunstan, said ...": after an opening phrase set off by a comma
    the small model hangs the subject on the phrase's noun as an appositive and leaves the verb without one. That
    appositive, when it runs up to the comma before the verb, is the subject (its own appositive names the
    person); else None."""
    doc = verb.doc
    if verb.i < 4 or doc[verb.i - 1].text != ",":
        return None
    prep = next((c for c in verb.children if c.dep_ == "prep" and c.i == 0), None)
    pobj = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep is not None else None
    app = next((c for c in pobj.children if c.dep_ == "appos" and c.i < verb.i), None) if pobj is not None else None
    if app is None or not app.tag_.startswith("NN") or app.right_edge.i < verb.i - 2:
        return None
    return app


def per_source(tok: Any) -> Any:
    """"Per the agency, 40 people died": the source after a sentence-opening (or comma-led) "per", else None."""
    if tok.lower_ != "per" or tok.i > 0 and tok.doc[tok.i - 1].text not in (",", "(", "\u2014", "--"):
        return None
    pobj = next((c for c in tok.children if c.dep_ == "pobj"), None)
    if pobj is None or not pobj.tag_.startswith("NN") or pobj.lower_ in _PER_UNITS:
        return None
    return pobj


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
    if any(c.dep_ == "mark" and c.lower_ == "as" for c in kids) or colon_after(tok):
        return True
    return any(c.dep_ == "advmod" and c.lower_ in _PUT_IT_HOW for c in kids)


def colon_after(tok: Any) -> bool:
    """A colon closes the verb's own words: "continued:", "went on:", "put it bluntly:", "told reporters on
    Monday:" (no other verb in between)."""
    doc = tok.doc
    colon = doc.user_data.get("colon")
    if colon is None:  # once a sentence: most have no colon at all
        colon = doc.user_data["colon"] = any(t.text == ":" for t in doc)
    if not colon:
        return False
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
    """"In the words of X, ...", "in X's words", "in X's view", "in the opinion of X": X (the token), else None."""
    if tok.lower_ not in _IN_NOUNS or tok.head.lower_ != "in":
        return None
    for c in tok.children:
        if c.dep_ == "poss" and c.tag_.startswith(("NN", "PRP")) and c.lower_ not in ("his", "her", "their", "its"):
            return c
        if c.dep_ == "prep" and c.lower_ == "of":
            return next((g for g in c.children if g.dep_ == "pobj"), None)
    return None

