"""The claim extraction pipeline: sentences -> filters -> clauses -> quantities, dates, speakers -> kind, score."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from . import ranking, scoring
from .dates import find_dates
from .language import detect_language
from .matching import fingerprint
from .normtext import view
from .quantities import find_quantities
from .result import ExtractedClaim
from .sentences import Sentence, split_sentences
from .speakers import Attribution, Entity, Registry, find_attribution, quote_mask

# --- non-claims ---------------------------------------------------------------------------------------

_BOILERPLATE = re.compile(
    r"^\W*(?:read more|read also|subscribe|sign up|follow us|click here|share this|advertisement|related:|"
    r"related articles|related stories|watch:|listen:|photo:|image:|video:|source:|editing by|reporting by|"
    r"newsletter|cookie|copyright|\u00a9|you may also like|more on this|top stories|download our app)"
    r"|all rights reserved|terms of (?:use|service)|privacy policy",
    re.IGNORECASE,
)
_MEDIA = re.compile(
    r"\b(?:can|could|may) be (?:seen|watched|viewed|found)\b[^.]*\b(?:below|above|here)\b"
    r"|\b(?:see|watch|view) (?:the |this )?(?:video|footage|photos?|pictures?|gallery|clip)\b"
    r"|^(?:footage|video|photos?|pictures?|images?) (?:of|shows?|showing)\b.*:\s*$"
    r"|^\W*(?:\(?(?:photo|file photo|picture|image|video)\b[^a-z]*[:)])",
    re.IGNORECASE,
)
_POINTER = re.compile(
    r"\s*\((?:pictured|seen|shown|photo|file photo|video|above|below|left|right|centre|center|L|R|C)\b[^()]{0,40}\)",
)
_OPINION_ONLY = re.compile(
    r"\b(?:I think|I believe|we believe|in my view|in our view|should|must|ought to|shameful|disgraceful|"
    r"outrageous|wonderful|terrible|beautiful|amazing|awful|best|worst|great)\b",
    re.IGNORECASE,
)
_STOP = frozenset(
    """the a an of and or but to in on at by for with from as is are was were be been being has have had will
    would could may might can that this these those it its his her their they he she we i you who which what
    when where while also not no than then there here about after before over under into its said says say
    told tells added noted announced""".split()
)
#: Teasers and subheads are written in the headline present tense ("X says ...", "the president hails ...").
_HEADLINE_VERB = re.compile(
    r"\b(?:says|hails|vows|warns|slams|urges|calls|denies|claims|insists|rejects|stresses|blames|admits|accuses|"
    r"praises|welcomes|condemns|announces|confirms|reveals|pledges|seeks|eyes|backs|rules out)\b"
)
#: News sentences are far shorter; a longer "sentence" is a table, a list run together or junk.
MAX_SENTENCE_CHARS = 2000
_CONTENT = re.compile(r"[A-Za-z][A-Za-z-]{2,}")

# --- clause splitting -----------------------------------------------------------------------------------

_SPLIT_WHILE = re.compile(r",?\s+while\s+")
_SPLIT_SEMI = re.compile(r";\s+")
_SPLIT_ADDING = re.compile(r",\s+(?P<verb>adding|saying|noting|stressing)\s+(?:that\s+)?")
_SPLIT_AND_THAT = re.compile(r",?\s+and\s+that\s+")
_SPLIT_REL = re.compile(
    r",\s+(?=(?:a|an|one|two|three|four|five|six|seven|\d+|the|just|only)\s+(?:\w+\s+)?(?:day|week|month|year)s?\s+"
    r"(?:after|before|later|earlier)\b)"
)
_SPLIT_VP = re.compile(r",\s+(?:and\s+)?(?=(?:[a-z]+ed|[a-z]+ought|hit|cut|put|left|lost|sent|spent|built|made|won)\b)")
_REL_LEAD = re.compile(
    r"^(?:just\s+|only\s+)?(?:a|an|one|two|three|four|five|six|seven|\d+|the)\s+(?:\w+\s+)?(?:day|week|month|year)s?\s+"
    r"(?:after|before|later|earlier)\s+",
    re.IGNORECASE,
)
_AUX = re.compile(r"\b(?:has|have|had|was|were|is|are)\s+(?:been\s+|also\s+)?(?=[a-z]+ed\b|[a-z]+ought\b)")

# --- kinds ----------------------------------------------------------------------------------------------

_FUTURE = re.compile(
    r"\b(?:will|would|could|(?-i:may|might)|shall|expects?|expected|"
    r"plans? to|planning to|preparing to|prepares? to|is set to|are set to|"
    r"expected to|intends? to|aims? to|going to|to start|hopes? that|expressed hope|predicts?|predicted|vowed to|"
    r"pledged to|promised to|is due to|are due to|forecasts?|projected)\b|'ll\b",
    re.IGNORECASE,
)
_CAUSAL = re.compile(
    r"\b(?:because|due to|as a result|led to|leads? to|lead to|caused|causes|causing|helped|helps|help(?=\s+\w+\s+\w+)|"
    r"resulted in|results in|thanks to|owing to|triggered|contributed to|blamed|drove|driven by|fuell?ed)\b",
    re.IGNORECASE,
)
_COMPARISON = re.compile(
    r"\b(?:\w+er than|more than(?!\s+(?:\$|\d|a |an |one|two|three|four|five|six|seven|eight|nine|ten|half))|"
    r"less than(?!\s+(?:\$|\d))|compared (?:with|to)|the (?:largest|biggest|highest|lowest|smallest|fastest|worst|"
    r"best|most|least)|record|doubled|tripled|halved|twice as|outpaced|surpassed)\b",
    re.IGNORECASE,
)


@dataclass
class _Clause:
    start: int
    end: int
    mode: str = "plain"  # plain | prefix | adding | and_that | rel | while
    prefix: str = ""  # "prefix" mode: the shared subject ("According to ..., the conflict has ")
    prefix_span: tuple[int, int] = (0, 0)
    inherit_from: int = -1  # clause index whose attribution this one inherits
    attribution: Attribution | None = None
    entity: Entity | None = None
    pronoun_span: tuple[int, int] | None = None
    quantities: list[dict[str, Any]] = field(default_factory=list)
    dates: list[dict[str, Any]] = field(default_factory=list)


def _words(s: str) -> int:
    return len(s.split())


def _content_words(s: str) -> set[str]:
    out = set()
    for w in _CONTENT.findall(s.lower()):
        w = re.sub(r"'s$", "", w)
        if w not in _STOP:
            out.add(w)
    return out


def _non_claim_reason(v: str, s: Sentence, recent: list[set[str]], nums_seen: set[str]) -> str | None:
    sent = v[s.start:s.end]
    bare = _POINTER.sub("", sent)
    if _BOILERPLATE.search(bare):
        return "boilerplate"
    if _MEDIA.search(bare) or bare.rstrip().endswith(":"):
        return "caption or media pointer"
    if s.alone and not s.para_terminated and _words(bare) <= 14:
        return "headline fragment"
    if bare.rstrip("\"') ").endswith("?"):
        return "question"
    if _words(bare) < 4:
        return "too short"
    if len(bare) > MAX_SENTENCE_CHARS:
        return "too long to be one checkable statement (missing punctuation?)"
    if s.alone and recent and _HEADLINE_VERB.search(bare):
        words = _content_words(bare)
        seen = set().union(*recent)
        nums = set(re.findall(r"\d[\d,.]*", bare))
        if words and len(words & seen) / len(words) >= 0.6 and nums <= nums_seen:
            return "restates the text before it (teaser or subhead)"
    return None


def _split_clauses(v: str, s: Sentence, n_quant: int, quants: list[dict[str, Any]]) -> list[_Clause]:
    sent = v[s.start:s.end]
    qm = quote_mask(sent)
    cuts: list[tuple[int, int, str]] = []  # (cut_start, next_start, mode) relative

    def ok(pos: int) -> bool:
        return not any(a < pos < b for a, b in qm)

    for rx, mode in ((_SPLIT_WHILE, "while"), (_SPLIT_SEMI, "plain"), (_SPLIT_ADDING, "adding"),
                     (_SPLIT_AND_THAT, "and_that"), (_SPLIT_REL, "rel")):
        for m in rx.finditer(sent):
            if ok(m.start()):
                cuts.append((m.start(), m.end(), mode))
    if n_quant >= 2:
        for m in _SPLIT_VP.finditer(sent):
            if ok(m.start()):
                cuts.append((m.start(), m.end(), "prefix"))
    if not cuts:
        return [_Clause(s.start, s.end)]
    cuts.sort()
    clauses: list[_Clause] = []
    cur_start, cur_mode = 0, "plain"
    for c0, c1, mode in cuts:
        left = sent[cur_start:c0]
        right = sent[c1:]
        if c0 <= cur_start or _words(left) < 4 or _words(right) < 4:
            continue
        if mode == "and_that" and not re.search(r"\bthat\b", left):
            continue
        if mode == "prefix":
            has_q = lambda a, b: any(s.start + a <= q["start"] < s.start + b for q in quants)  # noqa: E731
            if not has_q(cur_start, c0) or not has_q(c1, len(sent)):
                continue
        clauses.append(_Clause(s.start + cur_start, s.start + c0, cur_mode))
        cur_start, cur_mode = c1, mode
    clauses.append(_Clause(s.start + cur_start, s.end, cur_mode))
    first = clauses[0]
    for i, c in enumerate(clauses):
        if c.mode == "prefix":
            fm = _AUX.search(v, first.start, first.end)
            if fm:
                c.prefix_span = (first.start, fm.end())
            else:
                vm = re.search(r"\b[a-z]+ed\b", v[first.start:first.end])
                c.prefix_span = (first.start, first.start + vm.start()) if vm else (0, 0)
            c.prefix = v[c.prefix_span[0]:c.prefix_span[1]]
            c.inherit_from = 0
        elif c.mode in ("adding", "and_that"):
            c.inherit_from = i - 1
    return clauses


def _kind(clause_v: str, quantities: list[dict[str, Any]], attributed_report: bool) -> str:
    qm = quote_mask(clause_v)
    quoted = sum(b - a for a, b in qm)
    if clause_v.lstrip().startswith('"') and qm or quoted >= 0.5 * len(clause_v):
        return "quote"
    stat = any(q.get("kind") in ("count", "percent", "money", "share") for q in quantities)
    future = bool(_FUTURE.search(clause_v))
    if stat and not future:
        return "statistic"
    if future:
        return "plan"
    if _CAUSAL.search(clause_v):
        return "causal"
    if _COMPARISON.search(clause_v):
        return "comparison"
    if attributed_report:
        return "quote"
    return "event"


def _finish_text(t: str) -> str:
    t = _POINTER.sub("", t)
    t = re.sub(r"\s+", " ", t).strip()
    t = t.rstrip(",;: ")
    if t and t[0].islower():
        t = t[0].upper() + t[1:]
    if t and t[-1] not in ".!?\"”’'":
        t += "."
    return t


def extract_claims(
    text: str, published: dt.date | None = None, outlet: str | None = None, title: str | None = None
) -> list[ExtractedClaim]:
    """Atomic, checkable claims of an article body, with exact offsets into ``text``.

    Never raises on odd text (any Unicode, huge input); returns [] for empty or clearly non-English text.
    """
    if not text or not text.strip():
        return []
    if isinstance(published, dt.datetime):
        published = published.date()
    language = detect_language(text)
    if language not in ("en", "und"):
        return []
    outlet_name = (outlet or "").strip() or "the outlet"
    v = view(text)
    sentences = split_sentences(text)
    registry = Registry()
    recent: list[set[str]] = []
    nums_seen: set[str] = set()
    anchor: dt.date | None = None
    pending: tuple[Entity, int] | None = None
    drafts: list[tuple[Sentence, _Clause]] = []

    for si, s in enumerate(sentences):
        sent_v = v[s.start:s.end]
        dates = find_dates(v, s.start, s.end, published, anchor)
        for d in dates:
            d["text"] = text[d["start"]:d["end"]]
        day = next((d["_date"] for d in reversed(dates)
                    if d.get("_date") and d["granularity"] == "day" and d["relation"] == "on"), None)
        if day is not None:
            anchor = day
        registry.scan_names(v, s.start, s.end)
        reason = _non_claim_reason(v, s, recent[-4:], nums_seen)
        recent.append(_content_words(_POINTER.sub("", sent_v)))
        nums_seen.update(re.findall(r"\d[\d,.]*", sent_v))
        if pending and si - pending[1] > 2:
            pending = None
        if reason:
            continue
        quants = find_quantities(v, s.start, s.end, [(d["start"], d["end"]) for d in dates])
        for q in quants:
            q["text"] = text[q["start"]:q["end"]]
        n_stat = sum(1 for q in quants if q.get("kind") != "year")
        clauses = _split_clauses(v, s, n_stat, quants)
        for ci, c in enumerate(clauses):
            c.quantities = [q for q in quants if c.start <= q["start"] and q["end"] <= c.end]
            c.dates = [d for d in dates if c.start <= d["start"] and d["end"] <= c.end]
            att = find_attribution(v, c.start, c.end)
            if att is None and c.inherit_from >= 0:
                parent = clauses[c.inherit_from]
                c.attribution, c.entity = parent.attribution, parent.entity
                if c.mode == "prefix":
                    first = clauses[0]
                    c.dates = c.dates + [d for d in first.dates if d["end"] <= first.start + len(c.prefix)]
                continue
            if att is None and ci > 0 and clauses[0].attribution and clauses[0].attribution.verb == "according to":
                c.attribution, c.entity = clauses[0].attribution, clauses[0].entity
                continue
            if att is None:
                continue
            c.attribution = att
            subj = att.subject
            ent: Entity | None = None
            if subj.how == "pronoun":
                ent = registry.resolve_pronoun(subj.gender_hint)
                if ent is not None:
                    if subj.gender_hint in ("m", "f") and not ent.gender:
                        ent.gender = subj.gender_hint
                    c.pronoun_span = (subj.start, subj.end)
            elif subj.how == "name":
                ent = registry.find(subj.name)
                if ent is None and pending is not None and len(subj.name.split()) >= 2:
                    ent, pending = pending[0], None
                    ent.name, ent.kind = subj.name, "person"
                    registry.entities.append(ent)
                if ent is None:
                    ent = registry.add_person(subj.name, subj.role, subj.descriptive, subj.gender_hint)
                elif subj.role and not ent.role:
                    ent.role, ent.descriptive = subj.role, subj.descriptive
                if subj.gender_hint and not ent.gender:
                    ent.gender = subj.gender_hint
            elif subj.how == "role":
                ent = registry.resolve_role(subj.role) if len(subj.role.split()) <= 3 else None
                if ent is None:
                    ent = Entity("", "person", subj.role, True)
                    pending = (ent, si)
                    # a name introduced in this very sentence ("Bashar al-Assad's adviser") is not the speaker
            elif subj.how in ("org", "according"):
                ent = registry.add_org(subj.name) if subj.org or subj.how == "according" else None
                if ent is None:
                    ent = Entity(subj.name, "group")
            else:
                ent = Entity(_generic_name(v, s.start, subj.text), "group")
            c.entity = ent
            if ent is not None:
                registry.speakers.append(ent)
        for c in clauses:
            drafts.append((s, c))

    # --- build claims ---------------------------------------------------------------------------------
    out: list[ExtractedClaim] = []
    rule_parts: list[tuple[float, list[str]]] = []
    officials: list[bool] = []
    for s, c in drafts:
        ent = c.entity
        att = c.attribution
        speaker_entity_ok = ent is not None and (ent.name or ent.role)
        if speaker_entity_ok and att is not None and att.verb != "made the remarks":
            speaker = ent.display if ent.name else ent.role[:1].upper() + ent.role[1:]
            speaker_role = ent.role if ent.kind == "person" else ""
            attributed = True
        else:
            speaker, speaker_role, attributed = outlet_name, "", False
        # claim text
        raw_start, raw_end = c.start, c.end
        if c.pronoun_span and ent is not None and ent.name:
            a, b = c.pronoun_span
            raw = text[raw_start:a] + ent.name + text[b:raw_end]
        else:
            raw = text[raw_start:raw_end]
        if c.mode == "prefix" and c.prefix:
            body = re.sub(r"^(?:and|but)\s+", "", raw)
            claim_text = text[c.prefix_span[0]:c.prefix_span[1]] + body
        elif c.mode == "adding" and ent is not None and ent.name:
            claim_text = f"{ent.name} added that {raw}"
        elif c.mode == "and_that" and ent is not None and ent.name and att is not None:
            claim_text = f"{ent.name} {att.verb} that {raw}"
        elif c.mode == "rel":
            claim_text = _REL_LEAD.sub("", raw)
        else:
            claim_text = raw
        claim_text = _finish_text(claim_text)
        clause_v = v[c.start:c.end]
        kind = _kind(clause_v, c.quantities, attributed and att is not None and att.reporting)
        official = attributed and ent is not None and (bool(ent.role) or ent.kind == "org")
        rs, reasons = scoring.rule_score(kind=kind, text=claim_text, quantities=c.quantities, dates=c.dates,
                                         attributed=attributed, official=official, speaker=speaker)
        if language == "und":
            rs *= 0.5
            reasons.append("language uncertain")
        rule_parts.append((rs, reasons))
        officials.append(official)
        out.append(ExtractedClaim(
            text=claim_text,
            sentence=text[s.start:s.end],
            start=c.start,
            end=c.end,
            sentence_start=s.start,
            sentence_end=s.end,
            kind=kind,
            speaker=speaker,
            speaker_role=speaker_role,
            quantities=[_public(q) for q in c.quantities],
            dates=[_public(d) for d in c.dates],
            fingerprint=fingerprint(text[c.start:c.end]),
            attributed=attributed,
        ))
    # one score per claim: check-worthiness and importance in the article (ranking.py)
    sentence_index = {s.start: i for i, s in enumerate(sentences)}
    candidates = [
        ranking.Candidate(text=claim.text, sentence=claim.sentence, start=claim.start,
                          sentence_index=sentence_index.get(claim.sentence_start, 0), quantities=claim.quantities,
                          speaker=claim.speaker, attributed=claim.attributed, official=official, kind=claim.kind)
        for claim, official in zip(out, officials, strict=True)
    ]
    for claim, ranked, (_rule, reasons) in zip(out, ranking.rank(title, text, candidates), rule_parts, strict=True):
        claim.score = round(ranked.score * (0.5 if language == "und" else 1.0), 4)
        claim.reasons = reasons + ranked.reasons
    return out


def _generic_name(v: str, before: int, subject: str) -> str:
    """"The bank said" after "Russia's central bank raised ...": the full name mentioned earlier, else "the bank"."""
    subject = subject.strip()
    m = re.match(r"^[Tt]he\s+([a-z]+(?:\s+[a-z]+)?)$", subject)
    if not m:
        return subject
    noun = m.group(1)
    window = v[max(0, before - 3000):before]
    found = None
    for fm in re.finditer(rf"\b[A-Z][\w-]*'s\s+(?:[a-z]+\s+)?{re.escape(noun)}\b", window):
        found = fm.group(0)
    return found or f"the {noun}"


def _public(d: dict[str, Any]) -> dict[str, Any]:
    return {k: val for k, val in d.items() if not k.startswith("_")}
