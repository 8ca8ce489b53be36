"""What extraction found in a claim, in words a reviewer reads: numbers with their qualifier and what
they count, dates with the words they were resolved from, the speaker with the words that attribute
the claim, and the one check-worthiness score with its reasons. Computed from what extraction stored
on the claim (``quantities``, ``dates``, ``speaker``, ``sentence``, ``score``, ``reasons``); templates
only render these values.

Extraction does not store the words that attribute a claim (its cue's span) nor whether the claim
was attributed at all; ``attribution`` reads them back off the stored sentence: the speaker's name
(or the part of it that appears) and the nearest reporting word of extraction's own vocabulary
(``claims.extraction.attribution.SAY_FORMS``), or "according to".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .models import Claim

QUALIFIERS = {
    "lower_bound": "lower bound",
    "upper_bound": "upper bound",
    "approximate": "approximate",
    "exact": "exact",
    "range": "range",
}
QUALIFIER_HINTS = {
    "lower_bound": "at least this many",
    "upper_bound": "at most this many",
    "approximate": "roughly this many",
    "exact": "this number",
    "range": "somewhere in this range",
}
#: Reasons (from ``claims.extraction.scoring`` and ``ranking.explain``) that lower the score.
LOWERING_REASONS = frozenset({
    "opinion language", "little checkable wording", "looks like a caption or credit", "addresses the reader",
    "direct quote", "language uncertain", "describes what a study did, not what it found",
})
_UNATTRIBUTED = {"", "the outlet"}
#: The writer in the first person, as extraction names them (``claims.extraction.voices.author``): "I (the
#: author)", or "NAME (I, the author)" when the byline names the writer. ClaimReview reads the name from it too.
WRITER = re.compile(r"^(?:(?P<name>.+?) \(I, the author\)|I \(the author\))$")
_WORD = re.compile(r"[\w'’-]+")


@dataclass
class QuantityFinding:
    words: str  # as written: "over 470,000"
    counts: str  # what is counted: "people" ("" when extraction did not say)
    value: str  # normalised: "470,000", "50%", "USD 2,000,000", "5 – 7"
    qualifier: str  # "lower bound"
    hint: str  # "at least this many"
    kind: str
    corrected: bool = False  # a person set the value (claims.value_corrections)

    @property
    def summary(self) -> str:
        """ "over 470,000 people: lower bound" """
        counted = ""
        if self.counts and self.counts.lower() not in self.words.lower():
            counted = f" of {self.counts}" if self.kind in ("share", "percent") else f" {self.counts}"
        return f"{self.words}{counted}: {self.qualifier}"


@dataclass
class DateFinding:
    words: str  # "a day after"
    value: str  # "2016-03-14" ("" when it could not be resolved)
    granularity: str  # "day" | "month" | "year"
    relation: str  # "on", "since", "before", ...
    anchor: str  # the date it was counted from ("" when none)
    note: str = ""  # why it is not resolved, when we know ("the article has no publication date ...")
    corrected: bool = False  # a person set the value (claims.value_corrections)

    @property
    def summary(self) -> str:
        """ "a day after → 2016-03-14" """
        return f"{self.words} → {self.value or 'not resolved'}"


@dataclass
class SpeakerFinding:
    name: str
    attributed: bool  # False: nobody is cited, the outlet states it
    words: str  # the words in the sentence that attribute it ("Shaaban said"), "" when not found
    corrected: bool  # a person set the speaker (claims.corrections)
    writer: bool = False  # the article's writer says it in the first person ("I (the author)", extraction.voices)


@dataclass
class ScoreFinding:
    value: float
    level: str  # "high" | "medium" | "low"
    raises: list[str] = field(default_factory=list)
    lowers: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class Findings:
    quantities: list[QuantityFinding]
    dates: list[DateFinding]
    speaker: SpeakerFinding
    score: ScoreFinding
    undated: bool = False  # the article has no publication date (relative dates are not resolved)

    @property
    def any_numbers_or_dates(self) -> bool:
        return bool(self.quantities or self.dates)


def _number(value: Any) -> str:
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    if isinstance(value, (int, float)):
        return f"{int(value):,}"
    return str(value)


def _quantity_value(q: dict[str, Any]) -> str:
    kind, value = q.get("kind", ""), q.get("value")
    if q.get("qualifier") == "range" and "low" in q and "high" in q:
        text = f"{_number(q['low'])} – {_number(q['high'])}"
    elif kind == "vote" and isinstance(value, list) and len(value) == 2:
        return f"{_number(value[0])}–{_number(value[1])}"
    elif kind == "share" and isinstance(value, (int, float)):
        return f"{_number(round(value * 100, 1))}%"
    elif kind == "year":
        return str(value)
    else:
        text = _number(value)
    if kind == "percent":
        return f"{text}%"
    if kind == "money" and q.get("currency"):
        return f"{q['currency']} {text}"
    if kind in ("duration", "measure", "age", "rate", "multiple") and q.get("unit"):
        return f"{text} {q['unit']}"
    return text


def quantity_findings(quantities: list[dict[str, Any]]) -> list[QuantityFinding]:
    out = []
    for q in quantities or []:
        if not isinstance(q, dict) or not q.get("text"):
            continue
        qualifier = str(q.get("qualifier") or "exact")
        out.append(QuantityFinding(
            words=str(q["text"]), counts=str(q.get("counts") or ""), value=_quantity_value(q),
            qualifier=QUALIFIERS.get(qualifier, qualifier.replace("_", " ")),
            hint=QUALIFIER_HINTS.get(qualifier, ""), kind=str(q.get("kind") or ""),
            corrected=bool(q.get("corrected")),
        ))
    return out


#: Why a date of an undated article's claim is not resolved: extraction counts "on Monday", "last year"
#: from the publication date, and there is none.
UNDATED_NOTE = "the article has no publication date to count it from"


def date_findings(dates: list[dict[str, Any]], *, undated: bool = False) -> list[DateFinding]:
    """The dates extraction found; ``undated``: the claim's article has no publication date, which is
    why its relative dates are not resolved (each says so)."""
    out = []
    for d in dates or []:
        if not isinstance(d, dict) or not d.get("text"):
            continue
        out.append(DateFinding(
            words=str(d["text"]), value=str(d.get("value") or ""), granularity=str(d.get("granularity") or "day"),
            relation=str(d.get("relation") or "on"), anchor=str(d.get("anchor") or ""),
            note=UNDATED_NOTE if undated and not d.get("value") else "", corrected=bool(d.get("corrected")),
        ))
    return out


def _plain(text: str) -> str:
    """Straight apostrophes, so "Russia’s" in the text matches "Russia's" in the speaker (same length)."""
    return text.replace("’", "'").replace("‘", "'")


def _name_spans(sentence: str, speaker: str) -> list[tuple[int, int]]:
    """Where the speaker is named in the sentence: the full name, else its last word (a surname, also
    without an "al-"-like prefix), else the role after the comma ("X, head of Russia's ..." -> "head of
    Russia's")."""
    name, _, role = _plain(speaker).partition(",")
    candidates = [name.strip()]
    words = _WORD.findall(name)
    if len(words) > 1 and words[-1].rsplit("-", 1)[-1][:1].isupper():
        candidates.append(words[-1])
        if "-" in words[-1]:
            candidates.append(words[-1].rsplit("-", 1)[1])
    role_words = _WORD.findall(role)
    if role_words:
        candidates.append(" ".join(role_words[:3]))
    plain = _plain(sentence)
    for cand in candidates:
        if len(cand) < 3:
            continue
        spans = [(m.start(), m.end()) for m in re.finditer(rf"(?<![\w-]){re.escape(cand)}(?![\w-])", plain)]
        if spans:
            return spans
    return []


def _cue_spans(sentence: str) -> list[tuple[int, int]]:
    from .extraction.attribution import ACT_FORMS, SAY_FORMS, SAY_NOUNS

    spans = [(m.start(), m.end()) for m in re.finditer(r"\baccording to\b", sentence, re.I)]
    for m in _WORD.finditer(sentence):
        word = m.group(0).lower()
        if word in SAY_FORMS or word in SAY_NOUNS or word in ACT_FORMS:
            spans.append((m.start(), m.end()))
    return sorted(spans)


_PRONOUN = re.compile(r"(?<![\w-])(?:he|she|they|it|we|I)\s+(?:also\s+)?$", re.I)


def attribution(sentence: str, speaker: str, limit: int = 14) -> str:
    """The words of the sentence that attribute it to ``speaker``: from the name to the nearest
    reporting word ("Shaaban said", "according to the ministry"), or a pronoun with its reporting
    word when the name is not in the sentence ("she added"); "" when none is found."""
    if not sentence or not speaker:
        return ""
    cues = _cue_spans(sentence)
    best = ""
    for ns, ne in _name_spans(sentence, speaker):
        for cs, ce in cues:
            words = sentence[min(ns, cs):max(ne, ce)].strip(" ,;:")
            if words and len(words.split()) <= limit and (not best or len(words) < len(best)):
                best = words
    if best:
        return best
    for cs, ce in cues:
        m = _PRONOUN.search(sentence[:cs])
        if m:
            return sentence[m.start():ce]
    return ""


def speaker_finding(claim: Claim) -> SpeakerFinding:
    outlet = claim.article.source.name if claim.article.source_id and claim.article.source else ""
    name = claim.speaker or ""
    writer = WRITER.match(name.strip()) is not None
    attributed = name.strip() not in _UNATTRIBUTED and name.strip() != outlet and not writer
    corrected = "speaker" in (claim.corrected_fields or [])
    return SpeakerFinding(name=name, attributed=attributed,
                          words=attribution(claim.sentence, name) if attributed else "", corrected=corrected,
                          writer=writer)


def score_finding(score: float, reasons: list[str]) -> ScoreFinding:
    raises, lowers, notes = [], [], []
    for reason in reasons or []:
        reason = str(reason)
        if reason in LOWERING_REASONS:
            lowers.append(reason)
        elif reason.startswith("no check-worthiness model"):
            notes.append(reason)
        else:
            raises.append(reason)
    level = "high" if score >= 0.7 else "medium" if score >= 0.45 else "low"
    return ScoreFinding(value=round(float(score or 0.0), 2), level=level, raises=raises, lowers=lowers, notes=notes)


def claim_findings(claim: Claim) -> Findings:
    """Everything extraction found in one claim, ready to render (needs ``claim.article.source``)."""
    undated = claim.article.published is None
    return Findings(
        quantities=quantity_findings(claim.quantities),
        dates=date_findings(claim.dates, undated=undated),
        speaker=speaker_finding(claim),
        score=score_finding(claim.score, claim.reasons),
        undated=undated,
    )
