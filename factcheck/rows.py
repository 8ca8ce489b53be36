"""Per-row rendering helpers for list pages: the same strings as Django's ``{% url %}`` and
``truncatechars``, at a fraction of their cost (issue 15: on 2 cores the CPU per request decides the
20-client latency, and a list page of 50-100 rows called these hundreds of times).

- ``int_url(name, *ids)``: ``reverse(name, args=ids)`` for non-negative integer ids. The route is
  reversed once per (name, number of ids, script prefix, URL conf) with sentinel ids and the result cut at the
  sentinels, so a row costs a string join instead of a resolver walk (~40-100 us each). Anything
  else goes through ``reverse`` itself: a non-int argument, or a route whose reversed form does not
  show each sentinel exactly once or that the cut does not reproduce for two probes of small ids
  (a converter that formats the number, a route that limits the digits).
- ``truncate_chars(text, length)``: Django's ``Truncator(text).chars(length)``. Django walks the text
  character by character asking ``unicodedata.combining`` (~150 us for a 130-character claim); for
  ASCII text (no combining characters, NFC is the identity) the answer is a slice. Other text goes
  through Django's own ``Truncator``.

Both are exposed to templates by ``factcheck.templatetags.rows`` (``{% row_url %}``, ``|truncate``).
"""

from __future__ import annotations

import functools

from django.conf import settings
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.text import Truncator, add_truncation_text, calculate_truncate_chars_length

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
    if 0 < len(ids) <= len(_SENTINELS) and all(type(i) is int and i >= 0 for i in ids):
        parts = _cut(name, len(ids), get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)
        if parts is not None:
            return _join(parts, ids)  # type: ignore[arg-type]
    return reverse(name, args=ids)


def truncate_chars(text: str, length: int) -> str:
    """``Truncator(text).chars(length)``, a slice for ASCII text."""
    if length > 0 and text.isascii():
        if len(text) <= length:
            return text
        return add_truncation_text(text[:calculate_truncate_chars_length(length, None)], None)
    return Truncator(text).chars(length)
