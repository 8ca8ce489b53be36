"""The writer's own voice: what an op-ed or a column says in the first person, outside quotation marks ("I know
all about ...", "Like President Obama, I believe ...", "If, as I've suggested, he benefits ..."), is the writer's,
not the outlet's. Its speaker is "I (the author)", or "Rachel Morgan (I, the author)" when the article's byline
names the writer (``labels.opinion_author``); its role is "author". It stays unattributed (nobody is cited: the
writer states it), like the outlet's own statements.

Only the writer's voice: an "I" inside a quotation is the quoted speaker's, one after a colon in its sentence is
the turn of whoever the colon introduces ("TRUMP: I will ...", "She wrote: I ..."), and a capital I right after a
name is a numeral ("World War I", "Phase I trials"). A statement attributed to someone else keeps its speaker.
"""

from __future__ import annotations

import re

from .attribution import Cue
from .speakers import Attribution

AUTHOR = "I (the author)"
AUTHOR_ROLE = "author"
#: "I" as a subject: "I believe", "I've", "I’m", "I'd", "I'll" (not "I." of an initial, not "I-95").
_I = re.compile(r"(?<![\w'’.-])I(?:['’](?:ve|m|d|ll)\b|(?=\s+[a-z]))")
_CAP_BEFORE = re.compile(r"[A-Z][\w'’.-]*\s+$")
_SENTENCE_OPEN = re.compile(r"^[\s\"'“‘(]*$")


def author(byline: str) -> str:
    """The writer as a speaker: "I (the author)", or "NAME (I, the author)" when the byline names the writer."""
    return f"{byline} (I, the author)" if byline else AUTHOR


def is_author(speaker: str) -> bool:
    """Is ``speaker`` the writer of the article (``author``)?"""
    return speaker == AUTHOR or speaker.endswith(" (I, the author)")


def byline_of(speaker: str) -> str:
    """The writer's name in an ``author`` speaker ("" for "I (the author)")."""
    return speaker.removesuffix(" (I, the author)") if speaker.endswith(" (I, the author)") else ""


def first_person(v: str, start: int, end: int, sentence_start: int, quotes: list[tuple[int, int]]) -> bool:
    """Does the writer say ``v[start:end]`` in the first person (the module docstring)?"""
    for m in _I.finditer(v, start, end):
        i = m.start()
        if any(a <= i < b for a, b in quotes) or ":" in v[sentence_start:i]:
            continue
        cap = _CAP_BEFORE.search(v, max(sentence_start, i - 40), i)
        if cap is not None and not _SENTENCE_OPEN.match(v[sentence_start:cap.start()]):
            continue  # "World War I veterans": a capitalised word before it, not the sentence's first
        return True
    return False


def writer_speaks(att: Attribution | None) -> bool:
    """No one else is cited (``att`` is None), or the cue's subject is "I" itself ("as I've suggested")."""
    return att is None or att.subject.how == "pronoun" and att.subject.text.strip().lower() == "i"


def writer_first(cues: list[Cue]) -> list[Cue]:
    """"I hope in 2017 America says, ...": the writer's "I hope" comes first, and what follows it is what the
    writer hopes, thinks or says; the parser may hang it under the later verb. An "I" cue written before every
    other cue of the sentence (an "according to" keeps its place) goes first."""
    mine = next((c for c in cues if c.pronoun and c.subj_text.strip() == "I"), None)
    if mine is None or cues[0] is mine or any(c.how == "according" for c in cues):
        return cues
    if all(mine.verb_start <= c.verb_start for c in cues):
        return [mine] + [c for c in cues if c is not mine]
    return cues
