"""A same-length "view" of the text for the rules to match on.

Every rule runs on ``view(text)``, a 1:1 character translation of the body (curly quotes to straight
ones, exotic spaces to " ", dashes to "-", line separators to "\\n"). Because no character is added or
removed, every offset found in the view is an offset into the original body: spans stay exact whatever
Unicode the article holds.
"""

from __future__ import annotations

import re

_MAP: dict[int, str] = {}
for _ch in "’‘‛′`´ʼ":
    _MAP[ord(_ch)] = "'"
for _ch in "“”„‟″«»":
    _MAP[ord(_ch)] = '"'
for _ch in "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000\t":
    _MAP[ord(_ch)] = " "
for _ch in "\r\u2028\u2029\x85\x0b\x0c\x1c\x1d\x1e":
    _MAP[ord(_ch)] = "\n"
for _ch in "–—‒−―":
    _MAP[ord(_ch)] = "-"
_MAP[ord("…")] = "."
_TABLE = str.maketrans(_MAP)


#: An interview written "Q. ..." / "A. ..." (a period, not a colon, after the turn's letter): read as "Q: " / "A: ",
#: the labels the transcript rules know, when the text has both kinds of line ("A. Smith said" alone is an initial).
_QA_TURN = re.compile(r"^([ \t]*[QA])\.(?=[ \t]+[\"'A-Z0-9])", re.MULTILINE)
_Q_LINE = re.compile(r"^[ \t]*Q\.[ \t]", re.MULTILINE)
_A_LINE = re.compile(r"^[ \t]*A\.[ \t]", re.MULTILINE)


#: A press release's defined terms after the company's name: 'Halvorsen Foods, Inc. ("Halvorsen" or "the Company")
#: today announced', '(the "Company")': quoted capitalised terms only, in brackets of their own. The parser reads
#: the quoted words as the words said and loses the subject; the view blanks them (same length).
_TERM = r'(?:the\s+)?"(?:the\s+)?[A-Z][\w&.\'-]*(?:\s+[A-Z][\w&.\'-]*){0,3}"'
_DEFINED_TERMS = re.compile(rf"\(\s*{_TERM}(?:\s*(?:,|or|and|,\s*or)\s*{_TERM}){{0,3}}\s*\)")


def view(text: str) -> str:
    """The same-length normalised view of ``text`` (``len(view(t)) == len(t)``)."""
    v = text.translate(_TABLE)
    if "Q." in v and _Q_LINE.search(v) and _A_LINE.search(v):
        v = _QA_TURN.sub(r"\1:", v)
    if '("' in v or '(the "' in v:
        v = _DEFINED_TERMS.sub(lambda m: " " * len(m.group(0)), v)
    return v
