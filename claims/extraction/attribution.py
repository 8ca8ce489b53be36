"""Who says it, read off a dependency parse of the sentence (spaCy, see ``nlp.py``).

A *cue* is what attributes the sentence's content to a source:

- a reporting verb (said, told, noted, added, announced, warned, found, ...) and its subject. A subject with
  an appositive or a relative clause keeps only its head phrase ("Chris Baker, a supporter, said" -> "Chris
  Baker"; "Peter Hale, who voted against it, said" -> "Peter Hale"); a common-noun subject whose appositive
  is a name gives the name ("a supporter, Chris Baker, said" -> "Chris Baker"). A verb without a subject of
  its own takes its governor's ("..., Ortiz told reporters, adding that ..."); a passive one its agent
  ("it was announced by the ministry").
- "according to X" -> X.
- a noun of saying with "by X" ("a declaration of ... by General Soleimani") -> X.
- act verbs (congratulated, met, signed, ...) with a named subject: the actor of an event (not a quote).
- a stance held with a to-infinitive ("X is determined to ...", "X has refused to ...", ``intents``) -> X; a
  to-infinitive under an object ("forced the treasurer to admit that ...") is the object's.

Colon headlines ("McCaul: If elected, ...") and quotes continued in the next sentence need no parse and are
handled by the pipeline. Pronouns and roles are resolved by ``speakers.Registry``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from . import attitudes, intents, leadins, stances
from .appositions import (
    aged_noun,
    aside_of,
    described_phrase,
    detached_name,
    joint_names,
    names_a_body,
    names_by_role,
    role_before_name,
)
from .finding_verbs import finds_a_thing
from .quotes import quote_spans
from .speakers import NAME_PARTICLES
from .verbforms import forms

_SAY_BASES = """say tell add note announce claim state explain warn insist argue stress emphasise emphasize declare
    confirm deny acknowledge admit predict estimate urge write tweet report reveal disclose suggest vow pledge
    promise assert remark comment reply respond allege reiterate accuse criticise criticize praise ask believe
    think welcome condemn reject dismiss recall observe dispute counter contend concede conclude find show
    discover indicate testify complain hail boast tout caution charge mention forecast demand advise inform
    recommend describe express agree contend caution posit speculate acknowledge calculate project opine aver""".split()
#: Verbs by which a source states a position, a belief, an intention or an assessment ("The IMF expects ...",
#: "Trump claims ...", "the group called for ...", "Clinton's campaign is seeking to ..."): attribution in the
#: broad sense of PolNeAR (the source of a proposition), not only speech.
_STANCE_BASES = """cite call defend question want plan expect hope seek propose maintain point worry fear feel know
    blame attack slam blast laud scold proclaim advocate oppose endorse threaten portray compare contrast mock label
    brand characterize characterise challenge reference hint signal doubt wonder reassure assure contradict refute
    rebut pitch promote imply joke quip decry denounce lament regret apologize apologise applaud celebrate fault
    anticipate reckon assume recognize recognise identify realize realise understand remember disagree object protest
    encourage determine demonstrate prove verify document detail outline unveil publish highlight underscore
    speak talk answer retort clarify elaborate repeat echo swear guarantee intend aim favor favour
    insinuate dismiss tout predict envision envisage consider regard view liken grill compliment
    love hate dislike admire despise resent distrust""".split()
_ACT_BASES = "congratulate thank meet sign order decide approve launch visit speak".split()
#: Nouns of saying that take their source with "by" ("a declaration ... by X").
SAY_NOUNS = frozenset("""declaration statement announcement remarks remark comments comment letter report warning
    claim claims study survey analysis assessment estimate estimates findings speech interview tweet post
    testimony ruling""".split())


#: Nouns of saying whose possessor is the source ("Trump's claim that ...", "Mr. Obama's announcement").
_POSS_NOUNS = frozenset("""claim claims statement announcement remarks comments assertion allegation argument
    promise pledge warning conclusion prediction accusation insistence contention""".split())


def might_attribute(sent: str) -> bool:
    """Cheap test before parsing: does the sentence hold a word that can start a cue?"""
    return bool(_CUE_WORD.search(sent)) or leadins.might_phrase(sent) or stances.might_stance(sent)


SAY_FORMS: frozenset[str] = frozenset(f for b in (*_SAY_BASES, *_STANCE_BASES) for f in forms(b))
#: Stance verbs only: their passive agent is not a source ("troops backed by airstrikes").
STANCE_ONLY: frozenset[str] = SAY_FORMS - frozenset(f for b in _SAY_BASES for f in forms(b))
ACT_FORMS: frozenset[str] = frozenset(f for b in _ACT_BASES for f in forms(b))
_CUE_WORD = re.compile(
    r"\b(?:" + "|".join(sorted(SAY_FORMS | ACT_FORMS | SAY_NOUNS | _POSS_NOUNS | leadins.PHRASE_WORDS | intents.WORDS
                               | {"according", "made", "make", "makes", "making", "sounded", "learned", "posted",
                                  "posts"}, key=len, reverse=True))
    + r")\b",
    re.IGNORECASE,
)
_PARTICLE_WORDS = frozenset(NAME_PARTICLES.split("|"))
#: Subject-head deps we cut off: appositives, relative clauses, asides, punctuation.
_DROP = frozenset({"appos", "relcl", "acl", "punct", "advmod", "parataxis", "advcl", "cc"})
_INHERIT = frozenset({"advcl", "conj", "xcomp"})
_NOUNISH = ("NN", "NNS", "NNP", "NNPS", "PRP")


@dataclass
class Cue:
    """One attribution found in a sentence; offsets are absolute (view = body)."""

    how: str  # "verb" | "agent" | "according" | "noun_by" | "act"
    verb: str
    verb_start: int
    verb_end: int
    subj_text: str
    subj_start: int
    subj_end: int
    pronoun: bool
    reporting: bool
    depth: int
    #: What the article says the (named) source is, written right after the name: "Democrat of California",
    #: "R-Ky.", "House editor for the Cook Political Report" (shown beside the name, newsroom style).
    aside: str = ""
    #: A verb of saying set in the sentence as an aside (", Mr. Bush said,"): it attributes the whole sentence.
    aside_verb: bool = False
    #: A common-noun source told apart by what follows it ("a 46-page analysis released by the Department of
    #: Veterans Affairs", "developers and supporters in Congress"): shown whole, never mined for a name.
    described: bool = False
    #: A name given in apposition to a noun for a body ("the drivers' union, Aslef, said"; "the carrier, Kestrel,
    #: said"): an organisation, whatever its name looks like (so "they said" after it finds it).
    body: bool = False


def _depth(tok: Any) -> int:
    d = 0
    while tok.head.i != tok.i and d < 50:
        tok, d = tok.head, d + 1
    return d


def _glued_appos(tok: Any, c: Any) -> bool:
    """An "appositive" after the head with no comma before it is part of the phrase ("Tamas Varga of oil broker
    PVM"): a true aside is set off by punctuation."""
    first = c.left_edge
    return c.dep_ == "appos" and c.i > tok.i and first.i > 0 and not (first.is_punct or tok.doc[first.i - 1].is_punct)


def _head_phrase(tok: Any) -> tuple[int, int] | None:
    """Character span (relative) of the subject's head phrase, appositives and relative clauses cut off."""
    if names_by_role(tok):  # "a supporter, Chris Baker, said"; "The Chancellor, Rachel Reeves,"
        for c in tok.children:
            if c.dep_ == "appos" and c.tag_.startswith("NNP"):
                tok = c
                break
    left, right = tok.i, tok.i
    for c in tok.children:
        if (c.dep_ in _DROP or c.text in "()") and not _glued_appos(tok, c):
            continue
        if c.i > tok.i and any(d.dep_ in _DROP and tok.i < d.i < c.i for d in tok.children) and not joint_names(tok, c):
            continue  # after a cut-off aside: "X, who ..., of Y" keeps "X"
        left, right = min(left, c.left_edge.i), max(right, c.right_edge.i)
    doc = tok.doc
    # "Ana dos Santos": a particle the parser did not attach to the name, and the given name before it
    while (tok.tag_.startswith("NNP") and left >= 2 and doc[left - 1].text in _PARTICLE_WORDS
           and doc[left - 2].tag_.startswith("NNP")):
        left -= 2
        while left > 0 and doc[left - 1].tag_ == "NNP" and doc[left - 1].dep_ == "compound":
            left -= 1
    while left < right and (doc[left].is_punct or doc[left].text in ('"', "''")):
        left += 1
    while right > left and (doc[right].is_punct or doc[right].text in ('"', "''")):
        right -= 1
    return doc[left].idx, doc[right].idx + len(doc[right].text)


def _subject_of(verb: Any) -> tuple[Any, str] | None:
    """(subject token, how) of a verb: its own nsubj, its passive agent, or its governor's subject."""
    tok = verb
    for _ in range(4):
        kids = list(tok.children)
        subjects = [c for c in kids if c.dep_ == "nsubj"]
        if subjects:  # "Russia's Chief of Staff General Valery Gerasimov announced" parses with two
            subj = min(subjects, key=lambda c: abs(tok.i - c.i))
            if subj.lower_ == "who" and tok.dep_ == "relcl" and tok.head.tag_ in ("NNP", "NNPS"):
                return tok.head, "verb"  # "..., Commissioner Joe Park, who said ...": the relative's antecedent
            return _adjacent_name(subj, tok) or subj, "verb"
        if tok.dep_ == "acl" and tok.head.dep_ == "ROOT" and tok.head.tag_.startswith("NNP") and tok.i > 0 \
                and tok.doc[tok.i - 1].text == "," and tok.tag_ in ("VBD", "VBN"):
            return tok.head, "verb"  # "Aaron Kall, the director of ..., compared": the small model's acl
        for c in kids:
            if c.dep_ == "agent":
                pobj = next((g for g in c.children if g.dep_ == "pobj"), None)
                if pobj is not None:
                    return pobj, "agent"
        if tok.dep_ == "pcomp" and tok.head.dep_ == "prep" and tok.head.head.i != tok.head.i:
            tok = tok.head.head  # "began by saying ...", "for saying ...": the subject of the verb above
            quoted = next((c for c in tok.children if c.dep_ == "nsubjpass"), None)
            if tok.lower_ == "quoted" and quoted is not None:
                return quoted, "verb"  # "X was quoted (by the agency) as saying ...": X, not the agency
            continue
        if tok.dep_ not in _INHERIT or tok.head.i == tok.i:
            return None
        if (obj := intents.controller(tok)) is not None:
            return obj, "verb"  # "forced the treasurer to admit that ...": the treasurer admits
        if tok.dep_ == "conj" and (named := _noun_before_conj(tok)) is not None:
            return named, "verb"
        tok = tok.head
    return None


def _noun_before_conj(verb: Any) -> Any:
    """"Shares fell after its chief executive, Mara Lind, said ...": the small model joins "said" to "fell" as a
    conjunct with no "and" between them. A proper-noun appositive (or a noun) right before such a verb is its
    subject; a true conjunct ("fell 8 percent and said ...") has its conjunction and keeps the governor's."""
    doc, head = verb.doc, verb.head
    # an "and" joining the two verbs makes a true conjunct; one inside a noun phrase between them does not
    # ("..., science and civil society leaders have told ...": the model joins the leaders to the object before)
    if any(t.dep_ == "cc" and t.head.i in (head.i, verb.i) for t in doc[head.i + 1:verb.i]):
        return None
    j = verb.i - 1
    while j > head.i and doc[j].dep_ in ("aux", "auxpass", "neg") and doc[j].head.i == verb.i:
        j -= 1  # "leaders have told": past the verb's own auxiliaries
    if j > head.i and doc[j].text == ",":
        j -= 1
    prev = doc[j] if j > head.i else None
    if prev is None or not prev.tag_.startswith("NN") or prev.dep_ not in ("appos", "pobj", "dobj", "conj"):
        return None
    return leadins.before_aside(verb, prev)


def _adjacent_name(subj: Any, verb: Any) -> Any:
    """"To understand the real Dred Scott, Chief Justice Roberts said, ...": the parser hangs the name right before
    a parenthetical verb on the noun before it as an appositive. A proper-noun appositive written right before the
    verb with no comma between is the subject ("Feinstein, Democrat of California, said" keeps Feinstein)."""
    for c in subj.children:
        if c.dep_ == "appos" and c.tag_.startswith("NNP") and c.i > subj.i and c.right_edge.i == verb.i - 1 and not (
                subj.tag_.startswith("NNP") and _glued_appos(subj, c)):  # "Tamas Varga of oil broker PVM said"
            return c
    return None


def _inside(i: int, spans: list[tuple[int, int]]) -> bool:
    return any(a < i < b for a, b in spans)


def _cue(how: str, word: Any, subj: Any, base: int, sent: str, reporting: bool) -> Cue | None:
    """A Cue for ``word`` whose source is the phrase headed by ``subj`` (None for a non-noun subject)."""
    aged = aged_noun(subj)
    if not subj.tag_.startswith(_NOUNISH) and subj.tag_ not in ("CD",) and not aged:
        return None
    role = aside_of(subj) or role_before_name(subj)
    subj = detached_name(subj) or subj  # "told by the former head of the unit, Sarah Keane, that": Sarah Keane
    span = _head_phrase(subj)
    if span is None:
        return None
    a, b = span
    text = sent[a:b].strip()
    if re.search(r"['’]s$", text):  # "Trump's claim": the owner without the possessive
        text, b = text[:-2].rstrip(), b - 2
    if not text or not re.search(r"[A-Za-z]", text):
        return None
    described = False
    full = described_phrase(subj, word)
    if full is not None and full[1] > b:
        a2, b2 = full
        text, b, described = sent[a:b2].strip(), b2, True
    verb = "according to" if how == "according" else word.text
    return Cue(how, verb, base + word.idx, base + word.idx + len(word.text), text, base + a, base + b,
               subj.tag_ == "PRP" or aged, reporting, _depth(word), role,
               described=described, body=names_a_body(subj))


def _according(tok: Any) -> Any:
    to = next((c for c in tok.children if c.lower_ == "to"), None)
    if to is None and tok.head.lower_ == "to":
        to = tok.head
    pobj = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
    return _author_of(pobj) or pobj if pobj is not None else None


def _author_of(noun: Any) -> Any:
    """"according to an analysis by Mara Quill, ..., whose conclusions were seconded by X": the named author of
    a document ("an analysis by N", "a complaint filed by N") is the source, not what the rest of the phrase
    mentions; None when the noun has no named author of its own."""
    if noun.tag_ not in ("NN", "NNS"):
        return None
    for c in noun.children:
        if c.i < noun.i:
            continue
        if c.dep_ == "prep" and c.lower_ == "by" and noun.lower_ in SAY_NOUNS:
            by = c
        elif c.dep_ == "acl" and c.tag_ == "VBN" and c.lower_ not in _OBTAINED:
            by = next((g for g in c.children if g.dep_ == "agent"), None)
        else:
            continue
        pobj = next((g for g in by.children if g.dep_ == "pobj"), None) if by is not None else None
        if pobj is not None and pobj.tag_.startswith("NNP"):
            return pobj
    return None


#: "a copy of the contract seen by the Herald": who obtained a document is not who wrote it.
_OBTAINED = frozenset("seen obtained reviewed viewed acquired leaked shown shared provided".split())


def _token_cue(tok: Any, base: int, sent: str) -> Cue | None:
    low = tok.lower_
    if low == "according":
        pobj = _according(tok)
        return _cue("according", tok, pobj, base, sent, True) if pobj is not None else None
    if low in leadins.TOKEN_STARTS:
        if (said := leadins.source_phrase(tok)) is not None:  # "in the words of X", "Per X,", "by X's admission"
            return _cue("according", tok, said, base, sent, True)
        if (held := leadins.feeling(tok)) is not None:  # "officials are confident that ...", "X was incensed that ..."
            found = _holder(*held)
            return _cue(found[1], tok, found[0], base, sent, True) if found is not None else None
    if (held := intents.intent(tok)) is not None and (found := _holder(*held)) is not None and found[1] == "verb" \
            and intents.fits(tok, found[0]) and intents.asserted(held[0], tok):
        cue = _cue("verb", tok, found[0], base, sent, True)  # "X is determined to ...", "X has refused to ..."
        if cue is not None:
            cue.depth = _depth(held[0])  # the copula's: "While aides suggested ..., X is determined to" is X's
            return cue
    if tok.tag_.startswith("VB") and (leadins.states(tok, SAY_NOUNS) or stances.holds(tok)):
        found = _subject_of(tok) or ((heard, "verb") if (heard := leadins.heard_subject(tok)) is not None else None)
        return _cue(found[1], tok, found[0], base, sent, True) if found is not None else None
    if tok.tag_.startswith("VB") and (low in SAY_FORMS or low in ACT_FORMS or _made_remarks(tok)):
        found = _subject_of(tok)
        if found is None:
            return None
        subj, how = found
        if how == "agent" and low in STANCE_ONLY:
            return None
        if how == "verb" and subj.i > tok.i and tok.tag_ in ("VB", "VBP") and (
                tok.i == 0 or tok.doc[tok.i - 1].text in ("(", "[", ":", ";")):
            return None  # a bare verb opening a clause before its "subject" is an imperative: "(think Brexit)"
        if tok.dep_ == "csubj" and tok.tag_ == "VBG":
            return None  # a gerund clause as subject ("drivers paying tolls would save ...") attributes nothing
        if low.startswith("add") and any(c.dep_ == "dobj" for c in tok.children) or finds_a_thing(tok, subj):
            return None  # "the state added 52,000 jobs", "rescuers found 12 survivors" report nothing
        if low in STANCE_ONLY and _in_relative_clause(tok) or stances.inside_owned(tok, SAY_NOUNS):
            return None  # "... every pothole she might seek to repair"; "Trump's claim that he opposed ...": his
        if low in SAY_FORMS:
            cue = _cue(how, tok, subj, base, sent, True)
            if cue is not None and tok.dep_ == "parataxis" and low not in STANCE_ONLY:
                cue.aside_verb = True
            return cue
        if subj.tag_.startswith("NNP"):
            cue = _cue("act", tok, subj, base, sent, False)
            if cue is not None and _made_remarks(tok):
                cue.verb = "made the remarks"
            return cue
        return None
    if tok.tag_.startswith("NN") and (owner := stances.noun_source(tok, SAY_NOUNS, _POSS_NOUNS)) is not None:
        return _cue("noun_by", tok, owner, base, sent, True)  # "Trump's claim that ...", "In a CNN poll, ..."
    if low == "by" and tok.dep_ == "prep":
        noun = _saying_noun_above(tok)
        pobj = next((c for c in tok.children if c.dep_ == "pobj"), None)
        if noun is not None and pobj is not None:
            return _cue("noun_by", noun, pobj, base, sent, False)
    return None


def _holder(pred: Any, own: Any) -> tuple[Any, str] | None:
    """Who holds a state of mind or a stance: ``own``, the subject the parser gave the word itself, else the subject
    of the predicate ``pred`` (the copula of "are confident that", "is determined to")."""
    return (own, "verb") if own is not None else _subject_of(pred)


def _in_relative_clause(verb: Any) -> bool:
    """A verb heading a relative clause of a noun ("every pothole she might seek to repair") unless a quotation
    follows it ("which the chief executive called ''a good start''": the quote is what is attributed)."""
    nxt = verb.doc[verb.i + 1] if verb.i + 1 < len(verb.doc) else None
    return verb.dep_ == "relcl" and not (nxt is not None and nxt.text in ('"', "''", "\u201c", "``"))


def _saying_noun_above(by: Any) -> Any:
    """The noun of saying that "by X" belongs to, through "of"-phrases ("a declaration of the collapse of
    the group ... by X")."""
    tok = by.head
    for _ in range(5):
        if tok.tag_.startswith("NN") and (tok.lower_ in SAY_NOUNS or tok.lower_ in stances.BY_NOUNS):
            return tok
        if tok.dep_ not in ("pobj", "prep") or tok.head.i == tok.i:
            return None
        tok = tok.head
    return None


def _made_remarks(tok: Any) -> bool:
    """"X made the remarks/comments/statement": X is the speaker of an event."""
    return tok.lower_ in ("made", "makes", "make") and any(
        c.dep_ == "dobj" and c.lower_ in SAY_NOUNS for c in tok.children)


_AFTER_MISTAGGED = frozenset({"that", ",", ":", '"', "''", "\u201c"})


def _title_case(doc: Any) -> bool:
    """A headline in Title Case ("Trump Says He Will Win"): most of its words are capitalised."""
    words = [t for t in doc if t.is_alpha]
    return len(words) >= 3 and sum(t.text[:1].isupper() for t in words) >= 0.6 * len(words)


def _fallback_cue(tok: Any, base: int, sent: str) -> Cue | None:
    """A reporting verb the small model leaves without a subject ("... of the Washington Post Trump said that")
    or tags as a noun ("But Trump claims that ..."): the proper-noun run written right before it."""
    if tok.lower_ not in SAY_FORMS or tok.i == 0:  # "Ryan reasons that ...": a verb of thinking tagged as a noun
        return _run_cue(tok, run, base, sent) if (run := attitudes.mistagged(tok, stances.THINKING)) else None
    subj = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass", "agent")), None)
    if not tok.tag_.startswith("VB"):
        if tok.text[:1].isupper() and not _title_case(tok.doc):
            return None  # "in the United States, saying ...": a capitalised word mid-sentence is a name's
        nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
        if nxt is not None and nxt.text in (".", "!") and tok.lower_.endswith("s"):
            return _closing_aside(tok, base, sent)
        if nxt is None or nxt.lower_ not in _AFTER_MISTAGGED or not tok.lower_.endswith("s"):
            return None
        if subj is not None and subj.tag_.startswith("NNP"):
            return _cue("verb", tok, subj, base, sent, True)
    elif tok.dep_ != "ROOT" or subj is not None:
        return None
    if (opened := leadins.subject_after_opening(tok)) is not None:  # "In Canberra, the spokesman, X, said"
        return _cue("verb", tok, opened, base, sent, True)
    after_quote = _name_after_quote(tok)
    if after_quote is not None:
        return _cue("verb", tok, after_quote, base, sent, True)
    j = tok.i - 1
    while j >= 0 and (tok.doc[j].tag_ in ("NNP", "NNPS") or tok.doc[j].tag_ == "NN" and tok.doc[j].is_title):
        j -= 1
    run = leadins.opening_name(tok) if j == tok.i - 1 else None  # "Trump, appearing at the forum, cited ..."
    if j == tok.i - 1 and run is None:
        return None
    first, last = run or (tok.doc[max(j + 1, tok.i - 4)], tok.doc[tok.i - 1])
    return _run_cue(tok, (first, last), base, sent)


def _run_cue(tok: Any, run: tuple[Any, Any], base: int, sent: str) -> Cue:
    a, b = run[0].idx, run[1].idx + len(run[1].text)
    return Cue("verb", tok.text, base + tok.idx, base + tok.idx + len(tok.text), sent[a:b], base + a, base + b,
               False, True, _depth(tok))


_ASIDE_SUBJECT_MAX_TOKENS = 8


def _closing_aside(verb: Any, base: int, sent: str) -> Cue | None:
    """"Secrecy is nothing new, the candidate's former doctor maintains.": the small model reads a closing
    "..., SOURCE maintains." as a plural noun. The phrase between the last comma and the verb is the source
    when it holds no verb and starts with a determiner or a capitalised word."""
    doc = verb.doc
    j = verb.i - 1
    while j >= 0 and doc[j].text != "," and verb.i - j <= _ASIDE_SUBJECT_MAX_TOKENS:
        if doc[j].tag_.startswith("VB") or doc[j].is_punct and doc[j].text not in ("'", "’"):
            return None
        j -= 1
    if j < 1 or doc[j].text != "," or j == verb.i - 1:
        return None
    first, last = doc[j + 1], doc[verb.i - 1]
    if not (first.lower_ in ("the", "a", "an", "his", "her", "their", "its") or first.is_title):
        return None
    a, b = first.idx, last.idx + len(last.text)
    return Cue("verb", verb.text, base + verb.idx, base + verb.idx + len(verb.text), sent[a:b], base + a, base + b,
               False, True, _depth(verb), aside_verb=True)


def _name_after_quote(verb: Any) -> Any:
    """'"...,” Flynn, a top Trump surrogate, said': the parser hangs the name on the quotation's last noun and
    leaves the verb without a subject. The first proper noun between the closing mark and the verb is it."""
    doc = verb.doc
    j = verb.i - 1
    while j >= 0 and verb.i - j <= 16 and doc[j].tag_ != "''" and doc[j].text not in ('"', "”", "''"):
        j -= 1
    if j < 0 or verb.i - j > 16:
        return None
    for t in doc[j + 1:verb.i]:
        if t.tag_ in ("NNP", "NNPS"):
            while t.dep_ == "compound" and t.head.i < verb.i and t.head.tag_.startswith("NNP"):
                t = t.head
            return t
        if t.tag_.startswith("VB"):
            return None
    return None


def find_cues(doc: Any, base: int, sent: str, quotes: list[tuple[int, int]] | None = None) -> list[Cue]:
    """Attribution cues of one parsed sentence (``doc`` parsed from ``sent``, which starts at ``base``),
    best first: "according to", then the cue nearest the root of the parse, reporting before act verbs.
    ``quotes``: the quoted passages over the sentence, relative (``relative_regions``); words inside one are
    the quoted speaker's, never a cue. Default: the quotes paired inside the sentence alone."""
    quotes = quote_spans(sent) if quotes is None else quotes
    cues: list[Cue] = []
    for tok in doc:
        if _inside(tok.idx, quotes):
            continue
        cue = _token_cue(tok, base, sent) or _fallback_cue(tok, base, sent)
        if cue is not None and not _inside(cue.subj_start - base, quotes):
            cues.append(cue)
    # A parenthetical verb of saying outranks the root: "The museum, Mr. Bush said, celebrated ..." is Bush's,
    # though "celebrated" is the root; a possessor's noun ("Trump's claim") comes after the verbs.
    cues.sort(key=lambda c: (c.how != "according" or _record(c), not c.aside_verb, c.how == "noun_by", c.depth,
                             not c.reporting, c.verb_start))
    return cues


#: Records of what was said: "X said ..., according to a transcript of the meeting" is X's statement; the record
#: is where the newsroom read it (with no one else saying anything, it stays the source).
_RECORDS = re.compile(r"(?i)^(?:an?|the)?\s*(?:\w+\s+){0,2}(?:transcripts?|recordings?|minutes|video|footage)\b")


def _record(cue: Cue) -> bool:
    return cue.how == "according" and bool(_RECORDS.match(cue.subj_text))
