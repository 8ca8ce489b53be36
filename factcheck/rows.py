"""Per-row rendering helpers for list pages: the same strings as Django's ``{% url %}`` and
``truncatechars``, at a fraction of their cost (issue 15: on 2 cores the CPU per request decides the
20-client latency, and a list page of 50-100 rows called these hundreds of times).

- ``int_url(name, *ids)``: ``reverse(name, args=ids)`` for non-negative integer ids (or none: the
  navigation links every page shows). The route is
  reversed once per (name, number of ids, script prefix, URL conf) with sentinel ids and the result cut at the
  sentinels, so a row costs a string join instead of a resolver walk (~40-100 us each). Anything
  else goes through ``reverse`` itself: a non-int argument, or a route whose reversed form does not
  show each sentinel exactly once or that the cut does not reproduce for two probes of small ids
  (a converter that formats the number, a route that limits the digits).
- ``truncate_chars(text, length)``: Django's ``Truncator(text).chars(length)``. Django walks the text
  character by character asking ``unicodedata.combining`` (~150 us for a 130-character claim); for
  ASCII text (no combining characters, NFC is the identity) the answer is a slice. Other text goes
  through Django's own ``Truncator``. The truncation text ("…", translated) is looked up once per
  language and length, not twice per row through ``pgettext``.
- ``format_date(value, fmt)``: Django's ``date`` filter (``formats.date_format``) for a value already in
  local time. Django interprets the format letter by letter through ``DateFormat`` (~40 us a value);
  a format made only of ``Y m d H i s`` and separators is one ``strftime``. Anything else (other
  letters, a format setting's name, a year before 1000, a value that is not a date) goes through
  Django's own filter.

All are exposed to templates by ``factcheck.templatetags.rows`` (``{% row_url %}``, ``|truncate``,
``|row_date``).
"""

from __future__ import annotations

import datetime
import functools

from django.conf import settings
from django.template import defaultfilters
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.text import Truncator, add_truncation_text, calculate_truncate_chars_length
from django.utils.translation import get_language, pgettext

_SENTINELS = (9081726354, 9081726355, 9081726356, 9081726357)


_PROBES = ((1, 2, 3, 4), (40, 503, 6006, 70007))


def _join(parts: tuple[str, ...], ids: tuple[int, ...]) -> str:
    out = [parts[0]]
    for i, part in zip(ids, parts[1:], strict=True):
        out.append(str(i))
        out.append(part)
    return "".join(out)


@functools.lru_cache(maxsize=512)
def _cut(name: str, n: int, prefix: str, urlconf: object) -> tuple[str, ...] | None:
    """The reversed URL of ``name`` split around ``n`` sentinel ids, or None when it cannot be: a
    sentinel not shown exactly once, or a probe with small ids that the cut does not reproduce (a
    converter that formats its number, a route that limits the digits)."""
    try:
        url = reverse(name, urlconf=urlconf, args=_SENTINELS[:n])
        probes = [(ids[:n], reverse(name, urlconf=urlconf, args=ids[:n])) for ids in _PROBES]
    except NoReverseMatch:
        return None
    parts: list[str] = []
    rest = url
    for sentinel in _SENTINELS[:n]:
        token = str(sentinel)
        if url.count(token) != 1:
            return None
        head, _, rest = rest.partition(token)
        parts.append(head)
    parts.append(rest)
    cut = tuple(parts)
    return cut if all(_join(cut, ids) == want for ids, want in probes) else None


def int_url(name: str, *ids: object) -> str:
    """``reverse(name, args=ids)``, fast when every id is a non-negative ``int``."""
    if len(ids) <= len(_SENTINELS) and all(type(i) is int and i >= 0 for i in ids):
        parts = _cut(name, len(ids), get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)
        if parts is not None:
            return _join(parts, ids)  # type: ignore[arg-type]
    return reverse(name, args=ids)


@functools.lru_cache(maxsize=256)
def _truncation(language: str | None, length: int) -> tuple[str, int]:
    """Django's truncation text in the active ``language`` and how many characters of the text it
    keeps for ``length`` (what ``add_truncation_text`` and ``calculate_truncate_chars_length`` work
    out with ``pgettext`` on every call)."""
    text = pgettext("String to return when truncating text", "%(truncated_text)s…")
    return text, calculate_truncate_chars_length(length, text)


def truncate_chars(text: str, length: int) -> str:
    """``Truncator(text).chars(length)``, a slice for ASCII text."""
    if length > 0 and text.isascii():
        if len(text) <= length:
            return text
        truncation, keep = _truncation(get_language(), length)
        return add_truncation_text(text[:keep], truncation)
    return Truncator(text).chars(length)


_STRFTIME = {"Y": "%Y", "m": "%m", "d": "%d", "H": "%H", "i": "%M", "s": "%S"}
_TIME_CODES = frozenset("His")
_SEPARATORS = frozenset(" -:/.,")


@functools.lru_cache(maxsize=64)
def _strftime_pattern(fmt: str) -> tuple[str, bool] | None:
    """``fmt`` as a ``strftime`` pattern and whether it shows a time; None unless every character is
    one of ``Y m d H i s`` or a separator (then each letter means what it means to Django)."""
    if not fmt or any(ch not in _STRFTIME and ch not in _SEPARATORS for ch in fmt):
        return None
    return "".join(_STRFTIME.get(ch, ch) for ch in fmt), any(ch in _TIME_CODES for ch in fmt)


def format_date(value: object, fmt: str | None) -> str:
    """Django's ``date`` filter on ``value`` (already converted to local time, as the filter
    receives it), one ``strftime`` for the simple numeric formats."""
    pattern = _strftime_pattern(fmt) if isinstance(fmt, str) else None
    if pattern is not None:
        kind = type(value)
        if (kind is datetime.datetime or (kind is datetime.date and not pattern[1])) and value.year >= 1000:
            return value.strftime(pattern[0])  # type: ignore[attr-defined]
    return defaultfilters.date(value, fmt)
