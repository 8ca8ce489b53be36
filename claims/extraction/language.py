"""A tiny language guess: stopword ratios per language plus a script check.

Good enough to tell English news from Spanish/French/German/Russian/... paragraphs so that extraction
(whose rules are English) can decline non-English text; not a general language identifier.
"""

from __future__ import annotations

import re

_STOPWORDS: dict[str, frozenset[str]] = {
    "en": frozenset(
        "the of and to in a is that for it as was with be by on not he she his her they this are or from at "
        "which but have has had an were their been its said will would who also than more after over".split()
    ),
    "es": frozenset(
        "el la los las de del y en que un una es por con para se su sus al lo como más pero fue ha han son "
        "este esta entre sobre también desde donde cuando muy sin".split()
    ),
    "fr": frozenset(
        "le la les de des du et en un une est que qui pour dans sur par pas au aux ce cette il elle sont "
        "ont avec mais plus été son ses leur".split()
    ),
    "de": frozenset(
        "der die das und in den von zu mit ist des dem nicht ein eine sich auf für im auch es an als wurde "
        "sind bei nach aus wie oder".split()
    ),
    "pt": frozenset(
        "o a os as de do da dos das e em que um uma para com não por se na no mais como mas foi ao pelo "
        "pela são também".split()
    ),
    "it": frozenset(
        "il lo la i gli le di del della e in che un una per con non sono è da al alla nel nella si anche "
        "come ma più".split()
    ),
    "nl": frozenset("de het een en van in is dat op te zijn met voor niet aan er ook als bij door".split()),
    "ru": frozenset(
        "и в не на что с по как это он она они из за от к для но же так все его ее был была были быть "
        "также уже или если при о об то".split()
    ),
    "uk": frozenset("і в не на що з як це він вона вони із за від до для але так його її був була також".split()),
}

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_SCRIPTS = (
    ("ar", re.compile(r"[\u0600-\u06ff]")),
    ("he", re.compile(r"[\u0590-\u05ff]")),
    ("zh", re.compile(r"[\u4e00-\u9fff]")),
    ("ja", re.compile(r"[\u3040-\u30ff]")),
    ("ko", re.compile(r"[\uac00-\ud7af]")),
    ("el", re.compile(r"[\u0370-\u03ff]")),
    ("hi", re.compile(r"[\u0900-\u097f]")),
    ("fa", re.compile(r"[\u067e\u0686\u0698\u06af]")),
)

MIN_WORDS = 5


def detect_language(text: str, sample_chars: int = 20000) -> str:
    """Best-guess ISO 639-1 code ("en", "es", "ru", ...) or "und" when unsure (too short, mixed).

    Only the first ``sample_chars`` characters are looked at, so the cost is bounded on huge inputs.
    """
    sample = text[:sample_chars]
    words = [w.lower() for w in _WORD.findall(sample)]
    letters = sum(len(w) for w in words)
    if letters:
        for code, pattern in _SCRIPTS:
            if len(pattern.findall(sample)) > 0.4 * letters:
                return code
    if len(words) < MIN_WORDS:
        return "und"
    best, best_ratio = "und", 0.0
    for code, stop in _STOPWORDS.items():
        ratio = sum(1 for w in words if w in stop) / len(words)
        if ratio > best_ratio:
            best, best_ratio = code, ratio
    return best if best_ratio >= 0.12 else "und"
