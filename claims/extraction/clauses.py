"""Splitting a sentence into atomic clauses ("X said A, adding that B"; "killed N, injured M, and displaced K").

A clause keeps exact offsets into the body. The "prefix" mode (one subject, several verb phrases with figures)
remembers the shared subject so a reviewer can read the clause alone; the claim text is still made only of the
article's own words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .attribution import SAY_FORMS, Cue
from .quotes import quote_spans
from .sentences import Sentence
from .speakers import Attribution, Entity

_SPLIT_WHILE = re.compile(r",?\s+while\s+")
_SPLIT_SEMI = re.compile(r";\s+")
#: ", adding that ..." reports more speech; ", adding 920 megawatts to the grid" and ", adding to fears" do not
_SPLIT_ADDING = re.compile(r",\s+(?P<verb>adding(?!\s+(?:to\b|(?:(?:an?|another|some|about|nearly|more than|over)\s+)?"
                           r"[$£€\d]))|saying|noting|stressing)\s+(?:that\s+)?")
_SPLIT_AND_THAT = re.compile(r",?\s+and\s+that\s+")
_SPLIT_REL = re.compile(
    r",\s+(?=(?:a|an|one|two|three|four|five|six|seven|\d+|the|just|only)\s+(?:\w+\s+)?(?:day|week|month|year)s?\s+"
    r"(?:after|before|later|earlier)\b)"
)
_SPLIT_VP = re.compile(r",\s+(?:and\s+)?(?!(?:compared|based|adjusted|excluded|included)\b)"
                       r"(?=(?:[a-z]+ed|[a-z]+ought|hit|cut|put|left|lost|sent|spent|built|made|won)\b)")
_REL_LEAD = re.compile(
    r"^(?:just\s+|only\s+)?(?:a|an|one|two|three|four|five|six|seven|\d+|the)\s+(?:\w+\s+)?(?:day|week|month|year)s?\s+"
    r"(?:after|before|later|earlier)\s+",
    re.IGNORECASE,
)
#: "Trump has vowed to ..., and Clinton is promising to ...": a second source with its own verb of saying, joined
#: by "and"/"but" after a comma, starts a statement of its own (its own speaker, not the first one's).
_SPLIT_OTHER_SOURCE = re.compile(
    r",\s+(?:and|but)\s+(?=(?:[A-Z][\w.'’-]*\s+){1,4}(?:(?:has|have|had|is|are|was|were|also|now)\s+){0,2}(?:"
    + "|".join(sorted(SAY_FORMS, key=len, reverse=True)) + r")\b)"
)
_AUX = re.compile(r"\b(?:has|have|had|was|were|is|are)\s+(?:been\s+|also\s+)?(?=[a-z]+ed\b|[a-z]+ought\b)")



@dataclass
class Clause:
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


def split_clauses(v: str, s: Sentence, n_quant: int, quants: list[dict[str, Any]]) -> list[Clause]:
    sent = v[s.start:s.end]
    qm = quote_spans(sent)
    cuts: list[tuple[int, int, str]] = []  # (cut_start, next_start, mode) relative

    def ok(pos: int) -> bool:
        return not any(a < pos < b for a, b in qm)

    for rx, mode in ((_SPLIT_WHILE, "while"), (_SPLIT_SEMI, "plain"), (_SPLIT_ADDING, "adding"),
                     (_SPLIT_AND_THAT, "and_that"), (_SPLIT_REL, "rel"), (_SPLIT_OTHER_SOURCE, "plain")):
        for m in rx.finditer(sent):
            if ok(m.start()):
                cuts.append((m.start(), m.end(), mode))
    if n_quant >= 2:
        for m in _SPLIT_VP.finditer(sent):
            if ok(m.start()):
                cuts.append((m.start(), m.end(), "prefix"))
    if not cuts:
        return [Clause(s.start, s.end)]
    cuts.sort()
    clauses: list[Clause] = []
    cur_start, cur_mode = 0, "plain"
    for c0, c1, mode in cuts:
        left = sent[cur_start:c0]
        right = sent[c1:]
        if c0 <= cur_start or _words(left) < 4 or _words(right) < 4:
            continue
        if mode == "and_that" and not re.search(r"\bthat\b", left):
            continue
        lead = _REL_LEAD.match(right) if mode == "rel" else None
        if lead and _words(right[lead.end():]) < 4:
            continue  # ", two weeks after polling day.": a time phrase of the clause before, not a clause
        if mode == "prefix":
            has_q = lambda a, b: any(s.start + a <= q["start"] < s.start + b for q in quants)  # noqa: E731
            if not has_q(cur_start, c0) or not has_q(c1, len(sent)):
                continue
        # a space before the separator ("20 ; The ...") is no part of the clause
        clauses.append(Clause(s.start + cur_start, s.start + cur_start + len(left.rstrip()), cur_mode))
        cur_start, cur_mode = c1, mode
    clauses.append(Clause(s.start + cur_start, s.end, cur_mode))
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


def clause_cue(cues: list[Cue], clauses: list[Clause], ci: int) -> Cue | None:
    """The cue of clause ``ci``: the first whose verb lies in it, else a verb of saying the clause split left
    between it and a clause before that cites nobody ("They are fighting to keep him here, saying they can give him
    a better life": "they can give him ..." is what the subject of "saying" says)."""
    c = clauses[ci]
    cue = next((q for q in cues if c.start <= q.verb_start < c.end), None)
    if cue is None and ci > 0:
        prev = clauses[ci - 1]
        if any(prev.start <= q.verb_start < prev.end for q in cues):
            return None  # "Clinton told ... that ..., saying ...": the clause keeps the speaker of the one before
        cue = next((q for q in cues if prev.end <= q.verb_start < c.start and q.reporting), None)
    return cue
