"""Turning uploads into article text: strict UTF-8 decoding and HTML to plain text."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

from factcheck.errors import ExtractionInputError

__all__ = ["ExtractionInputError", "decode_upload", "html_to_text"]


def decode_upload(data: bytes) -> str:
    """Decode uploaded bytes strictly as UTF-8 (a leading BOM is dropped); newlines are kept as they are.

    Raises ``ExtractionInputError`` for binary data (NUL bytes) or bytes that are not valid UTF-8.
    """
    if not isinstance(data, bytes | bytearray | memoryview):
        raise ExtractionInputError(f"expected bytes, got {type(data).__name__}")
    data = bytes(data)
    if b"\x00" in data:
        pos = data.index(b"\x00")
        raise ExtractionInputError(f"this looks like a binary file, not text: NUL byte at offset {pos}")
    try:
        text = data.decode("utf-8", errors="strict")
    except UnicodeDecodeError as exc:
        raise ExtractionInputError(
            f"the file is not valid UTF-8: byte 0x{data[exc.start]:02x} at offset {exc.start} ({exc.reason}); "
            "save it as UTF-8 and try again"
        ) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    return text


# Not article text: code, styling, embedded media and form controls (their text would become claims).
_DROP = {"script", "style", "noscript", "template", "svg", "math", "iframe", "object", "head", "canvas", "button",
         "select", "textarea", "datalist", "audio", "video"}
_BLOCK = {
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table", "section",
    "article", "header", "footer", "blockquote", "pre", "figure", "figcaption", "hr", "dd", "dt", "dl",
    "main", "aside", "nav", "address", "title", "td", "th",
}


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "body":
            self._skip = 0  # ``</head>`` may be left out: the body ends it (and nothing else is open)
        elif tag in _DROP:
            self._skip += 1
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _DROP:
            self._skip = max(0, self._skip - 1)
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


_DROP_BLOCKS = re.compile(r"<(script|style|noscript|template|svg|head)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_SPACES = re.compile(r"[ \t\f\v\u00a0]+")
_BLANKS = re.compile(r"\n\s*\n+")


def html_to_text(markup: str) -> str:
    """Plain text of an HTML document: scripts/styles dropped, entities unescaped, one paragraph per line.

    Uses the standard library's tolerant ``html.parser`` (no extra dependency); whitespace inside a
    paragraph collapses to single spaces, block elements become line breaks.
    """
    parser = _TextParser()
    try:
        parser.feed(markup)
        parser.close()
    except Exception:  # html.parser is lenient; this is a last resort for pathological markup
        markup = _DROP_BLOCKS.sub(" ", markup)
        return html.unescape(re.sub(r"<[^>]*>", " ", markup))
    text = "".join(parser.parts)
    lines = [_SPACES.sub(" ", line).strip() for line in text.splitlines()]
    text = "\n".join(lines)
    text = _BLANKS.sub("\n\n", text).strip()
    # Single newlines between blocks become paragraph breaks too: each block is a paragraph.
    return re.sub(r"\n+", "\n\n", text)
