"""Normalisation for claim fingerprints: finding a stored claim again when extraction re-runs.

Exact and cheap on purpose (no stemming, no synonyms). Cross-article linking does not use it: it
compares deliberately lossy content tokens (``claims.linking.tokens.content_tokens``: synonyms,
stemming, figures normalised), which would merge claims a fingerprint must keep apart.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

_TOKEN = re.compile(r"[^\W_]+(?:[.,][0-9]+)*", re.UNICODE)
_APOS = re.compile(r"['’`´]s\b")


def normalise_for_matching(text: str) -> str:
    """Lowercase, accent-folded, punctuation-free, single-spaced token string.

    No stemming (so it is cheap and predictable): "Russia’s 470,000 people!" -> "russia 470000 people".
    Possessive "'s" is dropped, thousands separators inside numbers are removed, decimals are kept.
    """
    text = unicodedata.normalize("NFKC", text)
    text = _APOS.sub("", text).casefold()
    text = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
    tokens = []
    for tok in _TOKEN.findall(text):
        if tok[0].isdigit():
            tok = re.sub(r",(?=\d{3})", "", tok)
        tokens.append(tok)
    return " ".join(tokens)


def fingerprint(span_text: str) -> str:
    """Stable 32-hex-digit hash of the normalised span text (matches a claim when extraction re-runs)."""
    return hashlib.blake2b(normalise_for_matching(span_text).encode("utf-8"), digest_size=16).hexdigest()
