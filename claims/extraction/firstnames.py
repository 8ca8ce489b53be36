"""A person's sex from the first name, for the pronoun rule ("she said" after "Tobias Renn" and "Ines Moreau").

Two sources, in this order:

1. Hand lists of names that the US list below gets wrong or lacks, as written in international news (Vladimir,
   Bouthaina, Jacinda; "Nicola" is a woman in British copy) and ``EITHER``: names of one sex in the US and of the
   other (or both) elsewhere ("Andrea" Nahles and Andrea Orlando, "Jean" Castex): no sex.
2. ``models/first_names.tsv``: the share of women among the people with that first name in the US Census 1990
   first-name files (public domain; built by ``scripts/build_first_names.py``, provenance in its header). A name
   is female at a share >= ``CLEAR`` and male at <= 1 - ``CLEAR``; between the two ("Dana" 0.75, "Leslie" 0.67,
   "Taylor" 0.35) it says nothing.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

CLEAR = 0.9
TSV = Path(__file__).resolve().parent / "models" / "first_names.tsv"

#: Names the census list lacks, as written in international news.
FEMALE = frozenset("""Annalena Benazir Bouthaina Federica Giorgia Kaja Mamata Meera Mette Ngozi Nirmala Priya Saida
    Sanna Sheikha Sunita Ségolène Yulia Zainab""".split())
#: ... and male names it lacks, with a few the US list leaves unsure or calls female that the news uses for men
#: (Ali, Bernie, Chris, Christian 0.11-0.21 female in the US; Valery, a Russian man's name, female there).
MALE = frozenset("""Abdullah Alexei Barack Bashar Dmitry Hamid Hossein Javad Jeb Keir Kofi Kwame Mahmoud Muhammad
    Narendra Newt Nikolai Olaf Rahul Rand Recep Reince Rishi Sergei Sergey Vladimir Volodymyr Xi Yusuf
    Ali Bernie Chris Christian Valery""".split())
EITHER = frozenset("Andrea Jean Simone Nikita Sasha Sacha Dominique Claude Camille".split())


@lru_cache(maxsize=1)
def census_share() -> dict[str, float]:
    """First name (title case) -> share female, from ``models/first_names.tsv``."""
    out: dict[str, float] = {}
    for line in TSV.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, _, share = line.partition("\t")
            out[name] = float(share)
    return out


def first_name_sex(first: str, census: bool = True) -> str:
    """"f", "m" or "" for a first name as written ("Tobias" -> "m", "Ines" -> "f", "Dana" -> ""); ``census=False``:
    the hand lists only."""
    if first in FEMALE:
        return "f"
    if first in MALE:
        return "m"
    if not census or first in EITHER or not first[:1].isupper():
        return ""
    share = census_share().get(first[:1] + first[1:].lower()) if first.isupper() else census_share().get(first)
    if share is None:
        return ""
    return "f" if share >= CLEAR else "m" if share <= 1 - CLEAR else ""

#: First names of the census list that news writes far more often as a place, a month or a title ("Virginia
#: Beach", "Madison Square Garden", "Santa Fe", "Long Island", "May 3"): they do not make a capitalised run a
#: person (``is_first_name``); a person introduced otherwise ("Rep. Virginia Foxx") still gets their sex.
NOT_FIRST = frozenset("""Florida Georgia Maryland Nevada Carolina Dakota Virginia Indiana Montana Tennessee
    Austin Houston Dallas Jackson Madison Charlotte Savannah Orlando Lincoln Denver Cleveland Phoenix Sydney
    Adelaide Victoria Florence Paris Israel Chad Jordan Chelsea Temple Stanford Santa Long Beverly Troy Sterling
    Liberty Hope Royal Major King Prince Earl Duke Baron Guy Art Rich Will January February March April May June
    July August September October November December Christian Democrat""".split())


def is_first_name(word: str) -> bool:
    """Whether ``word`` is a first name of either sex (hand lists or census list: "Terry", "Dana"), not one of
    ``NOT_FIRST``."""
    if word in NOT_FIRST:
        return False
    return word in FEMALE or word in MALE or word in EITHER or word in census_share()


_MALE_TITLES = frozenset("Mr Mr. King Prince Sheikh Ayatollah Seyyed Sayyed Sir Lord Father Brother".split())
_FEMALE_TITLES = frozenset("Mrs Mrs. Ms Ms. Queen Princess Lady Dame Sister Sheikha".split())
#: Roles that say the person's sex ("Councilwoman Ines Moreau", "Lind's spokesman, Erik Dahl"); "chairman" is often
#: a woman's title too, so it says nothing.
_FEMALE_ROLE = re.compile(r"(?i)\b(?:\w+woman|congresswoman|chairwoman|spokeswoman|businesswoman)\b")
_MALE_ROLE = re.compile(r"(?i)\b(?:spokesman|councilman|congressman|assemblyman|alderman|businessman|policeman|"
                        r"fireman|frontman)\b")


def name_gender(name: str, title: str = "") -> str:
    """"m", "f" or "" from a title (Mr, Mrs, Councilwoman, spokesman) or the first name of a full name
    (``firstnames.first_name_sex``: hand lists for international news, then the US Census 1990 shares)."""
    words = set(title.split()) | set(name.split()[:1])
    if words & _MALE_TITLES or _MALE_ROLE.search(title):
        return "m"
    if words & _FEMALE_TITLES or _FEMALE_ROLE.search(title):
        return "f"
    parts = name.split()
    # one word is a surname as often as not ("Mariano wrote", "Fallon said"): the census list only for a full name
    return first_name_sex(parts[0], census=len(parts) > 1) if parts else ""


def descriptor_words(name: list[str]) -> int:
    """How many capitalised words before a first name describe the person rather than name them ("Rival Hillary
    Clinton", "Activist Angela Davis", "Doctor James Burdick": 1); 0 when the run opens with a first name ("Mary
    Ann Smith") or has none, or when fewer than two words would be left."""
    first = next((k for k, w in enumerate(name) if is_first_name(w)), 0)
    lead = name[:first]  # a short word may be a name of its own ("Ho Chi Minh"): four letters or more, or an acronym
    ok = all((len(w) >= 4 or w.isalpha() and w.isupper()) and not is_first_name(w) and not re.fullmatch(r"[A-Z]\.", w)
             and w not in NOT_FIRST for w in lead)  # an initial ("W. Brent LeGere") or "Earl Ray Tomblin": the name
    return first if 0 < first <= len(name) - 2 and ok else 0
