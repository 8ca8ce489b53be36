"""What the parse says around a source's name: the appositive after it ("Dianne Feinstein, Democrat of
California, said"), the role it names ("The minister, Paolo Renzi, said"), a common-noun source told apart by
what follows it ("A 2014 study that appeared in the British Medical Journal"), a body's name in apposition ("the
drivers' union, Aslef,"), a person named by the age ("the 29-year-old said"), a name set off after a role that the
parser hangs on the verb ("told by the former head of the unit, Sarah Keane, that") and two people speaking
together ("Senators Dana Whitfield and Carlos Medina said"). spaCy tokens in, text or spans out;
used by ``attribution._cue``.
"""

from __future__ import annotations

import re
from typing import Any

from .firstnames import is_first_name
from .speakers import ORG_WORDS, REAL_TITLES, TITLE_WORDS

_DESCRIBED_MAX_TOKENS = 16


def names_by_role(tok: Any) -> bool:
    """A noun that names a role, not a person: a common noun ("the minister", "one of the attorneys") or a
    capitalised title the tagger reads as a proper noun ("The Chancellor", "Britain's Foreign Secretary"), so that
    a proper-noun appositive after it ("The Chancellor, Rachel Reeves, said") is the person who speaks."""
    return tok.tag_ in ("NN", "NNS", "CD") or (tok.tag_ == "NNP" and tok.text in REAL_TITLES)


def described_phrase(subj: Any, verb: Any) -> tuple[int, int] | None:
    """A common-noun subject ("A 2014 study", "Developers") whose relative clause, participle or conjunct names
    someone ("... that appeared in the British Medical Journal", "... and supporters in Congress"): the span of
    the whole phrase up to the verb, else None. Without a proper noun in it the head phrase is enough."""
    if subj.tag_ not in ("NN", "NNS") or subj.dep_ not in ("nsubj", "nsubjpass", "pobj"):
        return None
    kids = [c for c in subj.children if c.i > subj.i and c.dep_ in ("relcl", "acl", "conj")
            and not (c.tag_ == "VBG" and subj.doc[c.i - 1].text == ",")]  # ", speaking in Iowa," is an aside
    if not kids:
        return None
    right = subj.right_edge.i
    if right >= verb.i > subj.i:
        right = verb.i - 1
    doc = subj.doc
    toks = doc[subj.left_edge.i:right + 1]
    if len(toks) > _DESCRIBED_MAX_TOKENS or not any(t.tag_.startswith("NNP") for t in toks if t.i > subj.i):
        return None
    while right > subj.i and (doc[right].is_punct or doc[right].lower_ in ("all", "both")):
        right -= 1
    return doc[subj.left_edge.i].idx, doc[right].idx + len(doc[right].text)


#: A role in apposition is this long at most ("director of the Center for Cardiovascular Diagnostics and
#: Prevention at the Cleveland Clinic" is 14 words); a longer aside is a clause, not a role.
_ASIDE_MAX_WORDS = 16


def aside_of(subj: Any) -> str:
    """The appositive after a proper-noun subject ("Dianne Feinstein, Democrat of California, said"; "David
    Perdue (R-Ga.) said"), without its commas, parentheses or a leading article; "" when there is none."""
    if not subj.tag_.startswith("NNP") or names_by_role(subj):
        return ""
    app = next((c for c in subj.children if c.dep_ == "appos" and c.i > subj.i), None)
    if app is None:  # "said Erik Halvorsen, Chairman and Chief Executive Officer of X": parsed as a conjunct
        app = next((c for c in subj.children if c.dep_ == "conj" and c.i > subj.i and c.text in REAL_TITLES
                    and subj.doc[c.i - 1].text == ","), None)
    body = None
    if app is None:
        app = body = _body_from(subj)
    if app is None:
        return ""
    toks = [t for t in subj.doc[app.left_edge.i:app.right_edge.i + 1]]
    if body is not None:  # "of Rainforest Foundation Norway, an organization that ...": the body's name
        toks = toks[:next((k for k, t in enumerate(toks) if t.text == ","), len(toks))]
    rel = next((k for k, t in enumerate(toks) if t.tag_ in ("WP", "WDT", "WP$")), None)
    toks = toks[:rel]  # "director of the centre, who led the work": the role ends before the relative clause
    while toks and (toks[0].is_punct or toks[0].lower_ in ("a", "an", "the")):
        toks = toks[1:]
    while toks and toks[-1].is_punct and toks[-1].text != ".":
        toks = toks[:-1]
    if not toks or len(toks) > _ASIDE_MAX_WORDS:
        return ""
    doc_text = subj.doc.text
    aside = doc_text[toks[0].idx:toks[-1].idx + len(toks[-1].text)].strip(" ,()")
    return "" if _NO_ROLE.match(aside) else aside


#: Asides that are no role: an age ("Helen Mays, 41, said") and a stock ticker ("Northwind Energy Inc. (NYSE:
#: NWE) reported").
_NO_ROLE = re.compile(r"(?:\d{1,3}|(?:NYSE|NASDAQ|Nasdaq|AMEX|LSE|TSX|ASX|OTC|Euronext|NYSE American)(?:\s*:.*)?)$")


def _body_from(subj: Any) -> Any:
    """"Amelia Frost, from the Institute for Fiscal Studies, said": the organisation a person is from or of, set
    off by commas (the words name a body: "of Dallas" or "of Market Street" is where one lives), else None."""
    doc = subj.doc
    prep = next((c for c in subj.children if c.dep_ == "prep" and c.lower_ in ("of", "from") and c.i > subj.i
                 and doc[c.i - 1].text == ","), None)
    body = next((g for g in prep.children if g.dep_ == "pobj" and g.tag_.startswith("NNP")), None) if prep else None
    if body is None or not any(t.text in ORG_WORDS for t in body.subtree):
        return None
    return body


def role_before_name(subj: Any) -> str:
    """"The minister, Paolo Renzi, said": the common noun a proper-noun appositive names ("minister", "senator
    from Ohio"), without its article, so that a later "the minister said" finds Renzi; "" otherwise."""
    if subj.tag_ == "CD" or not names_by_role(subj):
        return ""
    app = next((c for c in subj.children if c.dep_ == "appos" and c.tag_.startswith("NNP") and c.i > subj.i), None)
    app = app if app is not None else detached_name(subj)
    if app is None:
        return ""
    toks = [t for t in subj.subtree if t.i < app.left_edge.i]
    while toks and (toks[0].is_punct or toks[0].lower_ in ("a", "an", "the")):
        toks = toks[1:]
    while toks and toks[-1].is_punct:
        toks = toks[:-1]
    if not toks or len(toks) > _ASIDE_MAX_WORDS:
        return ""
    doc_text = subj.doc.text
    return doc_text[toks[0].idx:toks[-1].idx + len(toks[-1].text)]


def detached_name(subj: Any) -> Any:
    """"The committee was told by the former head of the unit, Sarah Keane, that ...": a full name set off by
    commas right after a role noun's phrase, which the small model hangs on the verb (npadvmod, dep) instead of
    the noun: the name's head token, else None."""
    if not names_by_role(subj) or subj.tag_ == "CD" or any(c.dep_ == "appos" for c in subj.children):
        return None
    doc = subj.doc
    i = subj.right_edge.i + 1
    if i + 2 >= len(doc) or doc[i].text != ",":
        return None
    j = i + 1
    while j < len(doc) and doc[j].tag_ == "NNP":
        j += 1
    if j - i - 1 < 2 or j >= len(doc) or doc[j].text != ",":
        return None  # two words at least ("Sarah Keane"), closed by a comma
    head = doc[j - 1]
    if head.dep_ not in ("npadvmod", "appos", "dep", "attr", "conj") or head.head.i in (t.i for t in subj.subtree):
        return None
    return head


def joint_names(tok: Any, conj: Any) -> bool:
    """"Senators Dana Whitfield and Carlos Medina said": two people named in full (a first name, then more), both
    speaking; "the Pentagon and the State Department" stays the first."""
    doc = tok.doc
    if conj.dep_ != "conj" or tok.tag_ != "NNP" or conj.tag_ != "NNP" or doc[conj.left_edge.i - 1].lower_ != "and":
        return False
    first = next((t for t in doc[tok.left_edge.i:tok.i + 1] if t.tag_ == "NNP" and t.text not in TITLE_WORDS), tok)
    return first.i < tok.i and conj.left_edge.i < conj.i and is_first_name(first.text) and is_first_name(
        conj.left_edge.text)


def aged_noun(subj: Any) -> bool:
    """"the 29-year-old said", "the 45-year-old mother of two said": a person named before, by the age (the small
    model makes "old" the subject of the first); "a 45-year-old man said" is somebody new."""
    doc = subj.doc
    if subj.lower_ != "old":
        return any(c.dep_ == "amod" and aged_noun(c) for c in subj.children if c.i < subj.i)
    i = subj.i
    return i >= 5 and doc[i - 2].lower_ in ("year", "years") and doc[i - 3].text == "-" and doc[i - 4].like_num \
        and doc[i - 5].lower_ == "the"


#: Nouns for a body, not a person: a proper-noun appositive after one names an organisation.
BODY_NOUNS = frozenset("""union company firm group agency utility airline carrier bank lender insurer regulator charity
    party organisation organization association council ministry department authority network broadcaster newspaper
    retailer manufacturer operator club university institute watchdog federation coalition campaign""".split())


def names_a_body(subj: Any) -> bool:
    """"the drivers' union, Aslef, said", "the carrier, Kestrel, said": the name in apposition is an organisation."""
    return subj.tag_ in ("NN", "NNS") and subj.lower_ in BODY_NOUNS and any(
        c.dep_ == "appos" and c.tag_.startswith("NNP") and c.i > subj.i for c in subj.children)
