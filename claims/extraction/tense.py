"""The tense around a date in news text: which way a date written without a year goes from publication.

"said Friday" is past, "will meet Friday" future: the tense marker nearest to the date decides
(``local_tense``); ``FUTURE`` marks a sentence that looks ahead as a whole.
"""

from __future__ import annotations

import re

#: The tense around a date: the marker nearest to it decides ("said Friday" past, "will meet Friday" future).
#: Words ending in -ed that are not past tense ("will succeed", "a hundred", "the United States", "limited").
WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_NOT_PAST_ED = r"(?!(?:succe|proce|exce|ne|inde|spe|fe|se|bre|hundr|unit|limit|embe)ed\b)"
_TENSE_MARK = re.compile(
    r"(?P<fut>\b(?:will|shall|wo|'ll|would|going to|is due|are due|due to|"
    r"due(?=\s+(?:on|in|by|at|out|next|later)\b)|scheduled|set for|schedule|expects?|expected|"
    r"plans?|"  # "the plan" is a noun (_ATTRIBUTIVE)
    r"planned|planning|intends?|set to|slated|upcoming|next|as soon as|coming|takes? effect|"
    r"goes? into effect|effective|payable|forecasts?|predicts?|projects?|projected|to be|to begin|to start|"
    r"to open|to meet|to vote|to release|to hold|later|"
    # a present-tense start of a coming event: "the drive begins in January", "the offer expires in March"
    r"begins|starts|opens|reopens|expires|launches|kicks off|"
    # ... and of one that is held: "the summit takes place on 27 June", "the festival runs from 12 to 14 July"
    r"takes place|take place|runs (?=from|until|till|to|through)|run (?=from|until|till|to|through))\b"
    # a present-tense verb of a scheduled event right before a weekday: "the leaders meet Monday", "the council
    # votes on Wednesday" (news writes coming events so; past ones are "met", "voted")
    r"|\b(?P<sched>meets?|votes?|travels?|visits?|arrives?|departs?|heads|flies|returns?|convenes?|resumes?|testifies|"
    r"hosts?|plays?|faces?)(?=\s+(?:separately\s+|again\s+|jointly\s+|here\s+)?(?:on\s+)?"
    + WEEKDAY + r"\b"
    # ... or with a named other side between: "the Lakers face the Celtics on Tuesday", "Obama meets Putin on Monday"
    r"|\s+(?:the\s+)?(?-i:[A-Z][\w.'’-]+)(?:\s+(?-i:[A-Z][\w.'’-]+)){0,2}\s+on\s+"
    + WEEKDAY + r"\b))"
    r"|(?P<past>\b(?:said|told|was|were|had|did|ago|"
    # "last" of a past time, not the verb ("expected to last until mid-June", "will last for weeks")
    r"(?<!\bto\s)last(?!\s+(?:until|till|for|through|into|beyond|longer)\b)|since|has been|have been|earlier|previous|"
    r"" + _NOT_PAST_ED + r"(?<!\bbe\s)[a-z]{3,}ed)\b)",  # "will be published": a passive, no tense of its own
    re.IGNORECASE,
)
_TENSE_WINDOW = 70
#: After a determiner, a possessive or a number, "plan" or "forecast" is a noun ("the plan", "its full-year forecast",
#: "the bank's growth forecasts") and an -ed word an adjective ("its preferred shares", "the revised plan", "9.5
#: million listed shares"): neither marks a tense. One modifier may follow a possessive; after "the" only an -ing
#: word, since "the company forecasts" is a verb.
_ATTRIBUTIVE = re.compile(r"\b(?:(?:the|a|an|this|that|these|those|all|some|any|new|million|billion|\d[\d,.]*)\s+"
                          r"(?:[a-z]+ing\s+)?|(?:its|his|her|their|our|your|[a-z]+['’]s)\s+(?:[a-z]+(?:-[a-z]+)*\s+)?)$",
                          re.IGNORECASE)
#: Words of a coming event that are also nouns: after a determiner they mark no tense.
_NOUN_TOO = frozenset({"plan", "plans", "forecast", "forecasts", "project", "projects"})
#: A comma or semicolon between a date and a tense marker puts them in different clauses: the marker counts this
#: many characters further away.
_CLAUSE_STEP = 20


def local_tense(v: str, start: int, end: int, ds: int, de: int) -> str | None:
    """"past", "future" or None: the tense marker nearest to the date ``v[ds:de]`` inside ``v[start:end]``
    (a window of _TENSE_WINDOW characters each side; a marker to the right counts at 1.5x its distance)."""
    best: tuple[float, str] | None = None
    lo, hi = max(start, ds - _TENSE_WINDOW), min(end, de + _TENSE_WINDOW)
    for m in _TENSE_MARK.finditer(v, lo, hi):
        if ds <= m.start() < de or m.group("sched") and not 0 <= ds - m.end() <= 48:
            continue  # a scheduled-event verb speaks for the weekday right after it only
        word = m.group(0).lower()
        if (word in _NOUN_TOO if m.group("fut") else word.endswith("ed")) and _ATTRIBUTIVE.search(
                v, max(0, m.start() - 40), m.start()):
            continue  # "the plan", "its preferred shares", "the proposed rule": a noun or an adjective, no tense
        dist = (ds - m.end()) if m.end() <= ds else 1.5 * (m.start() - de)
        between = v[m.end():ds] if m.end() <= ds else v[de:m.start()]
        dist += _CLAUSE_STEP * sum(between.count(p) for p in ",;")  # "signed on 3 March, takes effect in April"
        kind = "future" if m.group("fut") else "past"
        if best is None or dist < best[0]:
            best = (dist, kind)
    return best[1] if best else None


FUTURE = re.compile(r"\b(?:will|shall|'ll|is due|are due|is scheduled|are scheduled|is expected|are expected|plans? to"
                    r"|is set to|are set to|is going to|next|takes? effect|goes? into effect|comes? into force"
                    r"|is slated|are slated|upcoming|begins|starts|expires|opens)\b", re.IGNORECASE)
