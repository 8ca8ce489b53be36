"""Quoted passages: inside one sentence (``quote_spans``) and over a whole article (``quote_regions``).

Words inside a quotation are the quoted speaker's, never an attribution cue (``attribution.find_cues``); a
clause inside a multi-sentence quotation takes the quotation's source (``pipeline``).
"""

from __future__ import annotations

import re

_QUOTE = re.compile(r"\"|''")


def quote_spans(sent: str) -> list[tuple[int, int]]:
    """Spans inside double quotes (straight quotes of the view, and NYT-style ``''``), relative."""
    pos = [m.start() for m in _QUOTE.finditer(sent)]
    return [(a, b + 1) for a, b in zip(pos[0::2], pos[1::2], strict=False)]


_MARK = re.compile(r"[\"\u201c\u201d\u201e\u201f\u00ab\u00bb]|''|``|\u2019\u2019")
_OPENS = frozenset(("\u201c", "\u201e", "\u00ab", "``"))
_CLOSES = frozenset("\u201d\u00bb")


def quote_regions(text: str) -> list[tuple[int, int]]:
    """Quoted passages of a whole article, as absolute spans from the opening mark to one past the closing one.

    A quotation often runs over several sentences ("This is what I know. ... We're looking at the needs of the
    people," Sanders said), so quotes are paired over the paragraph (a line), not the sentence. Curly marks say
    which way they face, as does a TeX-style opening (two backticks): a stray closing mark is ignored, an
    opening one inside an open quote restarts it; straight marks and NYT-style ``''`` alternate. A quotation
    still open at the end of its paragraph ends there: newsroom style reopens a continued quote with a new mark
    in the next paragraph.
    """
    out: list[tuple[int, int]] = []
    for line in re.finditer(r"[^\n]+", text):
        start = -1
        for m in _MARK.finditer(text, line.start(), line.end()):
            ch = m.group(0)
            if ch in _OPENS:
                start = m.start()
            elif ch in _CLOSES:
                if start >= 0:
                    out.append((start, m.end()))
                start = -1
            elif start < 0:
                start = m.start()
            else:
                out.append((start, m.end()))
                start = -1
        if start >= 0:
            out.append((start, line.end()))
    return out


def relative_regions(regions: list[tuple[int, int]], start: int, end: int) -> list[tuple[int, int]]:
    """The quoted passages that overlap ``[start, end)``, relative to ``start`` (a passage opened in an earlier
    sentence starts before 0: every word of the sentence up to its closing mark is inside)."""
    return [(a - start, b - start) for a, b in regions if a < end and b > start]
