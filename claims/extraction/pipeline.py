"""The claim extraction pipeline, in named steps:

1. ``_candidates``: sentences -> non-claim filters -> dates (anchored on the last date the text gave),
   quantities -> clauses.
2. ``_parse``: the candidate sentences go through spaCy's parser in one batch (``nlp.py``).
3. ``_attribute``: the cues of each clause (``attribution.py``), colon headlines and quote continuations,
   resolved to a person or organisation of the article (``speakers.Registry``).
4. ``_build``: one ``ExtractedClaim`` per checkable clause; the claim's text is the article's own words and
   the resolved speaker is stored beside it.
5. ``_score``: one score per claim from the ranker (``ranking.rank`` over the article's candidate claims:
   check-worthiness and importance in the article), with the rule reasons (``scoring.rule_score``).
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, field
from typing import Any

from . import continuation, labels, names, ranking, scoring, speakers, voices
from .attribution import Cue, find_cues, might_attribute
from .claimness import POINTER, checkable, content_words, finish_text, kind_of, non_claim_reason
from .clauses import Clause, clause_cue, split_clauses
from .dates import REPORTING, Anchor, find_dates, next_anchor, sets_quarter
from .labels import LOWER_WORD, MID_CAP, colon_speaker, headline_cue, names_someone
from .language import detect_language
from .matching import fingerprint
from .nlp import parse
from .normtext import view
from .quantities import find_quantities
from .quotes import quote_regions, relative_regions
from .result import ExtractedClaim, public
from .sentences import Sentence, split_sentences
from .speakers import IT_SPEAKS, Attribution, Entity, Registry, Subject, fits_role, name_gender, parse_subject

#: An article is news, not a book: past this much parsed text the rest keeps the outlet as its speaker
#: (the 5 MB robustness test stays linear and well under its time limit).
PARSE_BUDGET_CHARS = 250_000
#: Claims kept per article: the best scored by the ranker, plus every statement attributed to a named source.
#: Reviewers see a short list of what matters, not every sentence; the rest of the article stays readable on the
#: article page. 10 since rank-3 (rest of the dev sets): iNoBo median 14 -> 12 claims with main-claim recall 0.963
#: as at 12, PolNeAR coverage 0.743 -> 0.730; 9 and 8 lose main claims (0.951, 0.926).
MAX_CLAIMS = int(os.environ.get("EXTRACT_MAX_CLAIMS", "10"))
#: Sentences after an attributed quote that continue it ("We cut everything," she said. "Without ...").
QUOTE_CONTINUATION_WINDOW = 2


@dataclass
class _Draft:
    si: int
    s: Sentence
    dates: list[dict[str, Any]]
    quants: list[dict[str, Any]]
    clauses: list[Clause]
    colon: bool = False
    cues: list[Cue] = field(default_factory=list)
    doc: Any = None
    #: "Limbaugh added:" -- no claim of its own; it names the speaker of the quote that follows.
    lead_in: bool = False
    #: '"How many times?" Clinton said.' split after the question mark: "Clinton said." is no claim of its own;
    #: it names the speaker of the quotation it follows.
    tail: bool = False
    #: the tail's own (attribution, speaker)
    own: tuple[Attribution, Entity] | None = None


@dataclass
class _Article:
    text: str
    v: str
    published: dt.date | None
    outlet: str
    language: str
    sentences: list[Sentence]
    registry: Registry = field(default_factory=Registry)
    drafts: list[_Draft] = field(default_factory=list)
    #: quoted passages of the article (``attribution.quote_regions``), paired over paragraphs, not sentences
    quotes: list[tuple[int, int]] = field(default_factory=list)
    #: every word the article writes in lower case (a capitalised word not among them is a name)
    lower_words: frozenset[str] = frozenset()
    #: capitalised words written after a lower-case word or a comma (``labels.MID_CAP``)
    mid_caps: frozenset[str] = frozenset()
    byline: str = ""  # an opinion piece's writer (``labels.opinion_author``), "" when not known


def extract_claims(
    text: str, published: dt.date | None = None, outlet: str | None = None, title: str | None = None,
    max_claims: int | None = None,
) -> list[ExtractedClaim]:
    """Atomic, checkable claims of an article body, with exact offsets into ``text``, in document order.

    Candidates are limited to ``max_claims`` (default ``MAX_CLAIMS``; 0 = no limit), the best scored by the
    ranker; statements attributed to a named source are always kept.
    Never raises on odd text (any Unicode, huge input); returns [] for empty or clearly non-English text.
    """
    if not text or not text.strip():
        return []
    if isinstance(published, dt.datetime):
        published = published.date()
    language = detect_language(text)
    if language not in ("en", "und"):
        return []
    byline = labels.opinion_author(text)
    art = _Article(text, view(text), published, byline or (outlet or "").strip() or "the outlet", language,
                   split_sentences(text), quotes=quote_regions(text), byline=byline)
    art.lower_words, art.mid_caps = frozenset(LOWER_WORD.findall(art.v)), frozenset(MID_CAP.findall(art.v))
    _candidates(art)
    _parse(art)
    _attribute(art)
    claims, rules, officials, named = _build(art)
    _score(art, title, claims, rules, officials)
    return _keep_best(claims, MAX_CLAIMS if max_claims is None else max_claims, named)


def _keep_best(claims: list[ExtractedClaim], limit: int, named: list[bool] | None = None) -> list[ExtractedClaim]:
    """The ``limit`` best-scored claims (ties: the earlier first) and every claim attributed to a named source
    ("who said what" is always a claim), back in document order. ``named[i]``: claim i's speaker is a person or
    an organisation the article names; a statement of "the researchers", "scientists" or "a new survey" names
    nobody one could ask, so it competes for the ``limit`` places like an unattributed one (default: every
    attributed claim counts as named)."""
    if not limit or len(claims) <= limit:
        return claims
    if named is None:
        named = [c.attributed for c in claims]
    order = sorted(range(len(claims)), key=lambda i: (-claims[i].score, i))[:limit]
    order += [i for i in range(len(claims)) if claims[i].attributed and named[i] and i not in order]
    return [claims[i] for i in sorted(order)]


# --- 1. candidates ----------------------------------------------------------------------------------------

def _candidates(art: _Article) -> None:
    v, text = art.v, art.text
    recent: list[set[str]] = []
    nums_seen: set[str] = set()
    anchor: Anchor | None = None
    news = False  # the article has told of a time relative to publication ("on Tuesday", "yesterday")
    quarter: tuple[int, int] | None = None
    year: int | None = None
    for si, s in enumerate(art.sentences):
        sent_v = v[s.start:s.end]
        dates = find_dates(v, s.start, s.end, art.published, anchor, quarter, year, narrative=not news)
        news = news or any(d.get("_dct") for d in dates) or bool(REPORTING.search(sent_v))
        year = next((d["_date"].year for d in reversed(dates) if d.get("_date") and not d.get("_ref")
                     and re.search(r"\b(?:1\d|20)\d\d\b", v[d["start"]:d["end"]])), year)
        quarter = next((d["_quarter"] for d in reversed(dates) if sets_quarter(d, art.published)), quarter)
        for d in dates:
            d["text"] = text[d["start"]:d["end"]]
        anchor = next_anchor(dates, v, anchor, coarse=not news)
        colon = colon_speaker(sent_v, art.lower_words) is not None
        reason = non_claim_reason(v, s, recent[-4:], nums_seen)
        if reason == "headline fragment" and colon:
            reason = None
        recent.append(content_words(POINTER.sub("", sent_v)))
        nums_seen.update(re.findall(r"\d[\d,.]*", sent_v))
        if reason:
            if reason == "caption or media pointer" and sent_v.rstrip().endswith(":") and might_attribute(sent_v):
                art.drafts.append(_Draft(si, s, [], [], [], lead_in=True))
            elif _after_quote(art, s.start) and might_attribute(sent_v):
                art.drafts.append(_Draft(si, s, [], [], [], tail=True))
            continue
        quants = find_quantities(v, s.start, s.end, [(d["start"], d["end"]) for d in dates])
        for q in quants:
            q["text"] = text[q["start"]:q["end"]]
        n_stat = sum(1 for q in quants if q.get("kind") != "year")
        clauses = split_clauses(v, s, n_stat, quants)
        for c in clauses:
            c.quantities = [q for q in quants if c.start <= q["start"] and q["end"] <= c.end]
            c.dates = [d for d in dates if c.start <= d["start"] and d["end"] <= c.end]
        art.drafts.append(_Draft(si, s, dates, quants, clauses, colon))


def _after_quote(art: _Article, start: int) -> bool:
    """Does a quotation close right before ``start`` (only spaces between, same paragraph)?"""
    return any(b <= start and not art.v[b:start].strip(" ") for _a, b in art.quotes if start - 3 <= b <= start)


# --- 2. parse --------------------------------------------------------------------------------------------

def _parse(art: _Article) -> None:
    """Parse the candidates that hold a cue word, up to PARSE_BUDGET_CHARS of text per article."""
    todo: list[_Draft] = []
    budget = PARSE_BUDGET_CHARS
    for d in art.drafts:
        sent_v = art.v[d.s.start:d.s.end]
        if budget > 0 and might_attribute(sent_v):
            todo.append(d)
            budget -= len(sent_v)
    docs = parse([art.v[d.s.start:d.s.end] for d in todo])
    for d, doc in zip(todo, docs, strict=True):
        d.doc = doc
        d.cues = voices.writer_first(find_cues(doc, d.s.start, art.v[d.s.start:d.s.end],
                                               relative_regions(art.quotes, d.s.start, d.s.end)))


# --- 3. attribution --------------------------------------------------------------------------------------

@dataclass
class _State:
    pending: tuple[Entity, int] | None = None
    last_quote: tuple[Attribution, Entity, int] | None = None
    open_quote: bool = False
    lead_in: int = -2  # the sentence index of the last "X said:" lead-in
    #: A transcript label ("PENCE: ...") speaks for the rest of its paragraph: (attribution, entity, paragraph)
    label: tuple[Attribution, Entity, int] | None = None


def _attribute(art: _Article) -> None:
    st = _State()
    for d in art.drafts:
        if st.pending and d.si - st.pending[1] > 2:
            st.pending = None
        sent_v = art.v[d.s.start:d.s.end]
        if d.lead_in or d.tail:
            _attribute_lead_in(art, st, d)
            continue
        for ci, c in enumerate(d.clauses):
            _attribute_clause(art, st, d, ci, c)
        first = d.clauses[0]
        if d.colon and first.entity is not None and first.attribution is not None:
            st.label = (first.attribution, first.entity, d.s.paragraph)
        quotes = relative_regions(art.quotes, d.s.start, d.s.end)
        if first.attribution is not None and first.entity is not None and first.attribution.reporting and (
                quotes or first.entity.kind == "person"):  # "X named Y as Z. \"Quote ...\"" is X's
            st.last_quote = (first.attribution, first.entity, d.si)
        st.open_quote = any(b > len(sent_v.rstrip()) for _a, b in quotes)
        labels.register_mentions(art.registry, art.v, d.s.start, d.s.end, d.si, art.lower_words)  # pronoun rule
    _attribute_quotes(art)


def _attribute_quotes(art: _Article) -> None:
    """A quotation over several sentences is its speaker's throughout: every clause lying mostly inside a quoted
    passage, without a cue of its own, gets the passage's source. The source is the reporting cue outside the
    quotation in the sentence that closes it ('... the needs of the people," Sanders said'), else in the short
    sentence right after it ('"...?" Clinton said.'), else in the sentence that opens it ('Sanders said: "...').
    A passage with none of these keeps what the sentence-by-sentence rules gave (a continued quote)."""
    if not art.quotes:
        return
    for a, b in art.quotes:
        inside = [d for d in art.drafts if d.s.start < b and d.s.end > a and d.clauses]
        if not inside:
            continue
        src = _quote_source(art, a, b, inside)
        if src is None:
            continue
        for d in inside:
            for c in d.clauses:
                own = c.attribution is not None and d.s.start <= c.attribution.verb_start < d.s.end
                inner = max(0, min(b, c.end) - max(a, c.start))
                if own or inner < 0.5 * (c.end - c.start):
                    continue
                c.attribution, c.entity = src


def _own_source(art: _Article, d: _Draft, lo: int, hi: int) -> tuple[Attribution, Entity] | None:
    """A reporting cue of draft ``d`` with its verb in ``[lo, hi)``, outside every quotation."""
    if d.own is not None and lo <= d.own[0].verb_start < hi:
        return d.own
    for c in d.clauses:
        att = c.attribution
        if att is None or c.entity is None or not att.reporting or not lo <= att.verb_start < hi:
            continue
        if any(x <= att.verb_start < y for x, y in art.quotes):
            continue
        return att, c.entity
    return None


def _quote_source(art: _Article, a: int, b: int, inside: list[_Draft]) -> tuple[Attribution, Entity] | None:
    closing = next((d for d in inside if d.s.start < b <= d.s.end), None)
    if closing is not None:
        src = _own_source(art, closing, b, closing.s.end)
        if src is not None:
            return src
        nxt = next((d for d in art.drafts if d.s.start >= closing.s.end), None)
        if nxt is not None and _after_quote(art, nxt.s.start) and nxt.s.paragraph == closing.s.paragraph:
            src = _own_source(art, nxt, nxt.s.start, nxt.s.end)
            if src is not None:
                return src
    opening = next((d for d in inside if d.s.start <= a < d.s.end), None)
    if opening is not None:
        return _own_source(art, opening, opening.s.start, a)
    return None


def _attribute_lead_in(art: _Article, st: _State, d: _Draft) -> None:
    """"Limbaugh added:" names the speaker of the next sentence."""
    cue = d.cues[0] if d.cues else None
    subj = _subject(cue) if cue is not None else None
    if cue is None or subj is None or not cue.reporting:
        return
    ent = _resolve(art, st, subj, d.si)
    if ent is not None:
        att = Attribution(subj, cue.verb, cue.verb_start, cue.verb_end, True)
        st.last_quote = (att, ent, d.si)
        if d.tail:
            d.own = (att, ent)
        else:
            st.lead_in = d.si
        art.registry.mention(ent, d.si, salient=True)


def _attribute_clause(art: _Article, st: _State, d: _Draft, ci: int, c: Clause) -> None:
    cue = clause_cue(d.cues, d.clauses, ci)
    who = colon_speaker(art.v[d.s.start:d.s.end], art.lower_words) or "" if ci == 0 and d.colon else ""
    colon = art.v.find(":", d.s.start, d.s.end) if who else -1
    if who and colon >= 0 and not any(q.subj_start < colon for q in d.cues):
        # "KOVAC: The governor was using ...": the label speaks; verbs after the colon are its content
        at = art.v.find(who, d.s.start, colon)
        cue = Cue("colon", ":", colon, colon + 1, who, at, at + len(who), False, True, 0)
    if st.label and st.label[2] == d.s.paragraph and not d.colon and not (cue and cue.how == "according"):
        # a transcript turn ("PENCE: ...") speaks the whole paragraph; its verbs are the speaker's content
        c.attribution, c.entity = st.label[0], st.label[1]
        return
    if cue is None and ci == 0 and d.si == 0 and d.s.alone:
        cue = headline_cue(art.v, d.s.start, d.s.end, art.lower_words)
    if cue is None:
        _inherit(st, d, ci, c, art.v[d.s.start:d.s.end])
        return
    subj = _subject(cue)
    if subj is None:
        return
    if subj.how == "pronoun":
        _mention_named_subjects(art, st, d, cue)
        labels.mention_opening(art.registry, art.v, d.s.start, d.s.end, d.si, art.lower_words, cue.subj_start)
    c.attribution = Attribution(subj, cue.verb, cue.verb_start, cue.verb_end, cue.reporting)
    c.entity = _resolve(art, st, subj, d.si, aside := cue.aside or subj.aside)  # "said pensioner Margaret Hale"
    if c.entity is not None and aside and c.entity.kind == "person" and not c.entity.aside:
        c.entity.aside = aside
    if c.entity is not None:
        art.registry.speakers.append(c.entity)
        art.registry.mention(c.entity, d.si, salient=True)


def _mention_named_subjects(art: _Article, st: _State, d: _Draft, cue: Cue) -> None:
    """"Sen. Claire McCaskill scolded him: '...,' she said": a named subject of another cue earlier in the same
    sentence is the nearest antecedent of the pronoun (the pronoun rule then takes it by recency and gender)."""
    for other in d.cues:
        if other is cue or other.pronoun or other.subj_start >= cue.subj_start:
            continue
        subj = _subject(other)
        # a person's full name: "Russia will maintain ..., he noted" does not make Russia the "he"
        if subj is not None and subj.how == "name" and len(subj.name.split()) >= 2:
            art.registry.mention(_resolve_name(art.registry, st, subj), d.si, salient=True)


def _inherit(st: _State, d: _Draft, ci: int, c: Clause, sent_v: str) -> None:
    """A clause without a cue of its own: from its sentence's first clause, or a quote it continues."""
    if ci > 0:
        parent = d.clauses[c.inherit_from if c.inherit_from >= 0 else 0]
        if parent.attribution is not None and (c.inherit_from >= 0 or parent.attribution.verb == "according to"):
            c.attribution, c.entity = parent.attribution, parent.entity
        if c.mode == "prefix":
            first = d.clauses[0]
            c.dates = c.dates + [x for x in first.dates if x["end"] <= first.start + len(c.prefix)]
        return
    if st.label and st.label[2] == d.s.paragraph:
        c.attribution, c.entity = st.label[0], st.label[1]
        return
    lead = sent_v.lstrip()[:1] in ('"', "'")
    follows = d.si == st.lead_in + 1 or continuation.continues(sent_v, st.last_quote, d.si)
    if st.last_quote and (lead or st.open_quote or follows) and d.si - st.last_quote[2] <= QUOTE_CONTINUATION_WINDOW:
        c.attribution, c.entity = st.last_quote[0], st.last_quote[1]
        st.last_quote = (st.last_quote[0], st.last_quote[1], d.si)


def _subject(cue: Cue) -> Subject | None:
    if cue.pronoun:
        low = cue.subj_text.lower()
        if low == "it" and cue.verb.lower() not in IT_SPEAKS:
            return None  # "it shows ...": a video, a poll, a document; "it said" is a body that speaks
        hint = speakers.PRONOUNS.get(low, "x" if "-old" in low else None)  # "the 29-year-old said": either sex
        if hint is None:
            return None
        return Subject("pronoun", cue.subj_text, cue.subj_start, cue.subj_end, gender_hint=hint)
    subj = None if cue.described else parse_subject(cue.subj_text, cue.subj_start, cue.how == "colon", cue.body)
    if subj is None:
        subj = Subject("generic", cue.subj_text, cue.subj_start, cue.subj_end, name=cue.subj_text)
    if cue.how == "according" and subj.how in ("generic", "org"):
        subj.how = "according"
    if cue.how == "act" and subj.how != "name":
        return None
    return subj


def _resolve(art: _Article, st: _State, subj: Subject, si: int, aside: str = "") -> Entity | None:
    reg, subj = art.registry, names.whole_subject(art.v, subj)  # "Hudson's Bay", "bioRxiv" kept whole
    if subj.how == "pronoun":
        ent = reg.resolve_pronoun(subj.gender_hint, si)
        if ent is not None and subj.gender_hint in ("m", "f") and not ent.gender:
            ent.gender = subj.gender_hint
        return ent
    if subj.how == "name":
        return _resolve_name(reg, st, subj, aside)
    if subj.how == "people":  # both speak; each is a person the article may name again ("Medina said")
        return reg.add_people(subj.name, subj.role, si)
    if subj.how == "role":
        ent = reg.resolve_role(subj.role) if len(subj.role.split()) <= 3 else None
        if ent is None:  # "a spokeswoman for the airline": for the airline the article just named
            ent = Entity("", "person", labels.role_of_named_body(art.v, subj.start, subj.role), True)
            # "The spokesman said" may be named next; "A spokesperson for the agency said" is never the next name
            st.pending = None if re.match(r"(?:an?|one)\s", subj.text.strip(), re.I) else (ent, si)
        return ent
    if subj.how in ("org", "according"):
        return reg.add_org(subj.name) if subj.org or subj.how == "according" else Entity(subj.name, "group")
    if re.match(r"(?:[Tt]he|[Tt]his|[Tt]hat)\s+(?:[a-z]+['’]s\s+)?(?:[\w-]+\s+){0,2}[a-z]+$", subj.text.strip()):
        known = reg.resolve_role(subj.text, known_only=True)  # "the Ohio senator", "the company's chief executive"
        if known is not None:
            return known
    return labels.described_source(reg, art.v, subj.start, subj.text, si)


def _resolve_name(reg: Registry, st: _State, subj: Subject, aside: str = "") -> Entity:
    gender = subj.gender_hint or name_gender(subj.name, f"{subj.role} {aside}")  # "Lind's spokesman, Erik Dahl"
    ent = reg.find(subj.name, gender)
    if (ent is None and st.pending is not None and len(subj.name.split()) >= 2
            and fits_role(st.pending[0].role, subj.role, aside)):
        ent, st.pending = st.pending[0], None
        ent.name, ent.kind = subj.name, "person"
        reg.entities.append(ent)
    if ent is None:
        ent = reg.add_person(subj.name, subj.role, subj.descriptive, gender)
    elif subj.role and not ent.role:
        ent.role, ent.descriptive = subj.role, subj.descriptive
    if gender and not ent.gender:
        ent.gender = gender
    return ent


# --- 4. claims -------------------------------------------------------------------------------------------

def _speaker(art: _Article, c: Clause, sentence_start: int) -> tuple[str, str, bool]:
    """(speaker, speaker_role, attributed) of a clause; when nobody is cited, the writer (``voices``) or the outlet."""
    ent, att = c.entity, c.attribution
    if ent is not None and (ent.name or ent.role) and att is not None and att.verb != "made the remarks":
        speaker = ent.display if ent.name else labels.role_as_written(att.subject, ent.role)
        return speaker, (ent.role or ent.aside) if ent.kind == "person" or ent.role else "", True
    if voices.writer_speaks(att) and voices.first_person(art.v, c.start, c.end, sentence_start, art.quotes):
        return voices.author(art.byline), voices.AUTHOR_ROLE, False
    return art.outlet, "", False


def _claim_text(art: _Article, c: Clause, start: int) -> str:
    """The article's own words: the clause (from ``start``, past a speaker label), or for a "prefix" clause the
    shared subject and the clause."""
    raw = art.text[start:c.end]
    if c.mode == "prefix" and c.prefix:
        raw = art.text[c.prefix_span[0]:c.prefix_span[1]] + re.sub(r"^(?:and|but)\s+", "", raw)
    return finish_text(raw)


def _build(art: _Article) -> tuple[list[ExtractedClaim], list[tuple[float, list[str]]], list[bool], list[bool]]:
    out: list[ExtractedClaim] = []
    rules: list[tuple[float, list[str]]] = []
    officials: list[bool] = []
    named: list[bool] = []  # attributed to a person or organisation the article names
    for d in art.drafts:
        for c in d.clauses:
            speaker, role, attributed = _speaker(art, c, d.s.start)
            start = labels.label_end(art.v, c.start, c.end, c.attribution) if c.mode != "prefix" else c.start
            claim_text = _claim_text(art, c, start)
            att = c.attribution
            kind = kind_of(art.v[c.start:c.end], c.quantities, attributed and att is not None and att.reporting)
            whole = claim_text if start == c.start else _claim_text(art, c, c.start)  # "RUIZ: Good afternoon."
            if not checkable(whole, kind, c.quantities, c.dates, attributed):
                continue
            official = attributed and c.entity is not None and (bool(c.entity.role) or c.entity.kind == "org")
            rs, reasons = scoring.rule_score(kind=kind, text=claim_text, quantities=c.quantities, dates=c.dates,
                                             attributed=attributed, official=official, speaker=speaker)
            rules.append((rs, reasons))
            officials.append(official)
            named.append(attributed and names_someone(c.entity, speaker, art.lower_words, art.mid_caps))
            out.append(ExtractedClaim(
                text=claim_text, sentence=art.text[d.s.start:d.s.end], start=start, end=c.end,
                sentence_start=d.s.start, sentence_end=d.s.end, kind=kind, speaker=speaker, speaker_role=role,
                quantities=[public(q) for q in c.quantities], dates=[public(x) for x in c.dates],
                fingerprint=fingerprint(art.text[start:c.end]), attributed=attributed,
            ))
    return out, rules, officials, named


# --- 5. scores -------------------------------------------------------------------------------------------

def _score(art: _Article, title: str | None, out: list[ExtractedClaim], rules: list[tuple[float, list[str]]],
           officials: list[bool]) -> None:
    """One score per claim from the ranker over the article's candidates; the rule reasons beside it."""
    sentence_index = {s.start: i for i, s in enumerate(art.sentences)}
    candidates = [
        ranking.Candidate(text=c.text, sentence=c.sentence, start=c.start,
                          sentence_index=sentence_index.get(c.sentence_start, 0), quantities=c.quantities,
                          speaker=c.speaker, attributed=c.attributed, official=official, kind=c.kind)
        for c, official in zip(out, officials, strict=True)
    ]
    ranked = ranking.rank(title, art.text, candidates)
    for claim, r, (_rule, reasons) in zip(out, ranked, rules, strict=True):
        claim.score = round(r.score * (0.5 if art.language == "und" else 1.0), 4)
        claim.reasons = reasons + (["language uncertain"] if art.language == "und" else []) + r.reasons

