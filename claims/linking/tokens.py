"""Normalised content tokens of a claim's text: what linking compares.

Lowercase, quotes and possessives folded, stopwords and reporting verbs dropped, a light suffix
stripper, a small news synonym map (Moscow/Kremlin/Russian -> russia, pullout/withdrawal -> withdraw,
forces/contingent -> troop, ...) and numbers normalised ("470,000" and "470 thousand" -> ``#470000``;
years -> ``@2024``). This is not ``claims.extraction.matching.normalise_for_matching``: that one is a
cheap exact form for fingerprints (no stemming, no synonyms), this one is deliberately lossy so that
two wordings of one statement share tokens.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# --- vocabulary ------------------------------------------------------------------------------
STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be been before being below
    between both but by can could did do does doing down during each few for from further had has have
    having he her here hers herself him himself his how i if in into is it its itself just me more most
    my myself no nor not now of off on once only or other our ours ourselves out over own same she
    should so some such than that the their theirs them themselves then there these they this those
    through to too under until up very was we were what when where which while who whom why will with
    would you your yours yourself yourselves upon amid among within without via per since already still
    yet may might must shall also however meanwhile earlier later recently currently now today yesterday
    tomorrow monday tuesday wednesday thursday friday saturday sunday week weeks month months year years
    said says say saying told tell tells telling added adding noted noting stated stating announced
    announcing announce announces claimed claiming according reported reporting reports report remarks
    remark made make makes making comment comments commented stressed stressing explained pointed
    start started starting starts begin began begun beginning begins going set sets would will
    one ones another many much several various new first last next other others country's it's
    january february march april june july august september october november december""".split()
)

# Whole phrases first (on the lowercased text), then single words.
PHRASES: tuple[tuple[str, str], ...] = (
    (r"\bclaimed the lives of\b", "killed"),
    (r"\bclaim(?:ed|s)? the lives of\b", "killed"),
    (r"\blost their lives\b", "killed"),
    (r"\bpull(?:ed|ing|s)? (?:out|back)\b", "withdraw"),
    (r"\bdraw(?:ing)? down\b", "withdraw"),
    (r"\bmilitary contingent\b", "troops"),
    (r"\barmed forces\b", "troops"),
    (r"\bunited states\b", "usa"),
    (r"\bu\.s\.a?\.?", "usa "),
    (r"\bsaudi arabia\b", "saudi"),
    (r"\bunited nations\b", "un"),
    (r"\bislamic state\b", "daesh"),
    (r"\bper ?cent\b", "percent"),
    (r"(?<=[a-z])-(?=[a-z])", " "),
)
_PHRASE_RES = tuple((re.compile(p), r) for p, r in PHRASES)

SYNONYMS: dict[str, str] = {
    # places and their governments / demonyms
    "moscow": "russia", "kremlin": "russia", "russian": "russia", "russians": "russia", "russia's": "russia",
    "damascus": "syria", "syrian": "syria", "syrians": "syria",
    "washington": "usa", "american": "usa", "americans": "usa", "us": "usa",
    "ankara": "turkey", "turkish": "turkey", "riyadh": "saudi", "saudis": "saudi",
    "tehran": "iran", "iranian": "iran", "baghdad": "iraq", "iraqi": "iraq",
    "kyiv": "ukraine", "kiev": "ukraine", "ukrainian": "ukraine", "beijing": "china", "chinese": "china",
    "isis": "daesh", "isil": "daesh",
    # withdrawal
    "pullout": "withdraw", "pull-out": "withdraw", "withdrawal": "withdraw", "withdrawals": "withdraw",
    "withdraw": "withdraw", "withdraws": "withdraw", "withdrawing": "withdraw", "withdrew": "withdraw",
    "withdrawn": "withdraw", "exit": "withdraw", "leave": "withdraw", "leaving": "withdraw",
    # troops
    "forces": "troop", "force": "troop", "troops": "troop", "soldiers": "troop", "soldier": "troop",
    "contingent": "troop", "servicemen": "troop",
    # killing and dying
    "killed": "kill", "kills": "kill", "killing": "kill", "dead": "kill", "deaths": "kill", "death": "kill",
    "died": "kill", "die": "kill", "fatalities": "kill", "toll": "kill",
    "injured": "injure", "wounded": "injure", "wounding": "injure", "injuring": "injure", "injuries": "injure",
    "displaced": "displace", "uprooted": "displace", "refugees": "displace",
    "airstrikes": "airstrike", "airstrike": "airstrike", "air": "air", "raids": "airstrike", "bombing": "airstrike",
    "reduce": "reduce", "reduction": "reduce", "cut": "reduce", "cuts": "reduce", "scale": "reduce",
    "militants": "militant", "terrorists": "militant", "terrorist": "militant", "rebels": "militant",
    "insurgents": "militant", "jihadists": "militant", "takfiri": "militant", "takfiris": "militant",
    "ceasefire": "truce", "truce": "truce",
    "keep": "maintain", "keeps": "maintain", "retain": "maintain", "retains": "maintain", "maintains": "maintain",
}

# Tokens so common in news (or so vague) that sharing them says little.
GENERIC = frozenset(
    """russia syria usa turkey saudi iran iraq israel ukraine china europe eu un qatar lebanon
    militari military army government president minister ministry official officials countri country
    state people nation war conflict region troop putin assad daesh militant
    end near part main head day time number way area major latest recent top key high large small big
    good great total lot level side group city"""
    .split()
)

_NUM_RE = re.compile(
    r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?\s*(%|percent\b|million\b|mln\b|billion\b|bn\b|thousand\b|trillion\b|m\b|k\b)?"
)
_SCALE = {"thousand": 1e3, "k": 1e3, "million": 1e6, "mln": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9,
          "trillion": 1e12}
_NUMBER_WORDS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100,
    "dozen": 12, "half": 0.5,
}
_WORD_RE = re.compile(r"#[0-9.]+%?|@\d{4}|[a-z0-9]*[a-z][a-z0-9'\-]*[a-z0-9]|[a-z]")


def _fmt_number(value: float) -> str:
    return f"#{value:g}" if value != int(value) else f"#{int(value)}"


def _numbers(text: str) -> tuple[str, list[str]]:
    """Replace numbers by ``#value`` tokens; return the rewritten text and the tokens."""
    found: list[str] = []

    def repl(m: re.Match[str]) -> str:
        whole = float(m.group(1).replace(",", "") + ("." + m.group(2) if m.group(2) else ""))
        unit = (m.group(3) or "").strip()
        if not unit and not m.group(2) and re.fullmatch(r"(19|20)\d\d", m.group(1)):
            token = f"@{m.group(1)}"  # a year, not a figure
        elif unit in ("%", "percent"):
            token = _fmt_number(whole) + "%"
        else:
            token = _fmt_number(whole * _SCALE.get(unit, 1))
        found.append(token)
        return f" {token} "

    return _NUM_RE.sub(repl, text), found


@lru_cache(maxsize=50_000)
def _stem(word: str) -> str:
    """A light suffix stripper: enough to fold plurals and -ing/-ed forms."""
    if word in SYNONYMS:
        return SYNONYMS[word]
    if len(word) <= 4 or word.startswith(("#", "@")):
        return word
    for suffix, repl, min_stem in (
        ("ies", "y", 3), ("sses", "ss", 3), ("ations", "ate", 3), ("ation", "ate", 3), ("ments", "", 4),
        ("ment", "", 4), ("ingly", "", 3), ("ing", "", 3), ("edly", "", 3), ("ed", "", 3), ("ers", "er", 3),
        ("es", "", 4), ("ly", "", 4), ("s", "", 3),
    ):
        if word.endswith(suffix) and len(word) - len(suffix) >= min_stem:
            if suffix == "s" and word.endswith(("ss", "us", "is")):
                return word
            stem = word[: len(word) - len(suffix)] + repl
            doubled = len(stem) > 3 and stem[-1] == stem[-2] and stem[-1] not in "lsz"
            if suffix in ("ing", "ed", "edly", "ingly") and doubled:
                stem = stem[:-1]
            return SYNONYMS.get(stem, stem)
    return word


_ATTRIBUTION_RE = re.compile(
    r"\b(?:says|said|announced|stated|declared|warned|insisted|confirmed|reported)\s+(?:that\s+)?"
)


def strip_attribution(text: str) -> str:
    """"X says (that) Y" -> "Y" when Y is a statement of its own (4+ words): who said it is the
    claim's speaker, not what the claim is about."""
    matches = list(_ATTRIBUTION_RE.finditer(text))
    if matches:
        rest = text[matches[-1].end() :]
        if len(rest.split()) >= 4:
            return rest
    return text


def content_tokens(text: str) -> frozenset[str]:
    """The normalised content tokens of a claim's text (numbers as ``#value``)."""
    t = unicodedata.normalize("NFKC", text or "").lower()
    t = t.replace("\u2019", "'").replace("\u2018", "'")
    for rx, repl in _PHRASE_RES:
        t = rx.sub(repl, t)
    t = strip_attribution(t)
    t, _nums = _numbers(t)
    for word, value in _NUMBER_WORDS.items():
        if word in t:
            t = re.sub(rf"\b{word}\b", _fmt_number(value), t)
    tokens: set[str] = set()
    for raw in _WORD_RE.findall(t):
        w = raw.strip("'-")
        if w.endswith("'s"):
            w = w[:-2]
        if not w or w in STOPWORDS:
            continue
        if not w.startswith(("#", "@")) and len(w) < 2:
            continue
        stem = _stem(w)
        if stem and stem not in STOPWORDS:
            tokens.add(stem)
    return frozenset(tokens)
