"""Whole names: a speaker the subject rules would cut in two is given back whole.

- A possessive inside an organisation's name ("Hudson's Bay said", "Macy's said"): the article writes the name
  with its "'s" every time, never the owner or the thing owned alone ("Russia's Lavrov said ... Lavrov added"
  stays Lavrov). The parser reads "Macy's said" as "Macy" with a possessive, "Hudson's Bay" as Bay of Hudson's.
- A brand written in camel case or with a dot ("bioRxiv", "eBay", "SciDev.Net", "Amazon.com"): the capitalised
  run of ``speakers`` starts at a capital letter and would keep "Rxiv" or "Net".
- People from a place ("the researchers from China", "delegates from the global North"): the place is where they
  come from, not who speaks; an organisation after "from" ("researchers from the University of Utah") still is.
- A section heading glued to the sentence after it, the text scraped without its paragraph breaks ("Loss and
  damage Daniel Quiggin, senior fellow at ..., said"): the parser makes the heading's first word the subject;
  the speaker is the full name right before the comma.

Used by the pipeline's resolution step (``pipeline._resolve``) on the Subject the rules found.
"""

from __future__ import annotations

import re

from .appositions import BODY_NOUNS
from .firstnames import is_first_name
from .speakers import ORG_WORDS, PUBLISHED_IN, Subject

#: "bioRxiv", "medRxiv", "eBay", "iPhone" (lower case, then a capital), "SciDev.Net" (camel case, a dot, a word;
#: ``sentences`` keeps it one sentence) and "Amazon.com"; not "Dermatology.Semenov", two sentences glued.
_BRAND = re.compile(r"[a-z]{1,4}[A-Z]\w*(?:\.[A-Za-z]{2,})?|[A-Z]\w*[a-z][A-Z]\w*\.[A-Za-z]{2,}|[A-Z]\w*\.[a-z]{2,}")
_OWNER = re.compile(r"^(?P<owner>[A-Z][\w.]*(?:\s+[A-Z][\w.]*){0,2})['’]s$")
#: "Loss and damage Daniel Quiggin, ...": a heading's lower-case words, then a full name and a comma.
_HEADED_NAME = re.compile(r"(?:\s+[a-z]+){1,4}\s+(?P<name>[A-Z][a-z]+(?:\s+[A-Z]\.)?\s+[A-Z][a-z][\w'’-]+)\s*,")
_HEADING_REACH = 120
#: People named by where they come from, right before the place the rules took for a name.
_GROUP_FROM = re.compile(
    r"\b(?:(?:the|a|several|some|many|two|three|four|five|\d+)\s+)?(?:[a-z]+\s+)?(?:researchers|scientists|"
    r"delegates|doctors|experts|officials|students|lawmakers|activists|engineers|physicians|investigators|teams?"
    r"|groups?\s+of\s+[a-z]+)\s+from\s+(?:the\s+)?(?:[a-z]+\s+)?$", re.IGNORECASE)
_VERB_AFTER_OWNER = re.compile(r"['’]s\s+(?:said|says|told|[a-z]+ed)\b")


def whole_subject(v: str, subj: Subject) -> Subject:
    """``subj`` (offsets in ``v``) with a name the rules cut given back whole; ``subj`` itself otherwise."""
    if subj.how not in ("name", "org", "generic", "according"):
        return subj
    brand = None if PUBLISHED_IN.match(subj.text) else _brand(v, subj)  # "a study published in eLife": the study
    if brand is not None:
        return brand
    if subj.how == "name" and not any(w in ORG_WORDS for w in subj.name.split()):
        group = _GROUP_FROM.search(v, max(0, subj.start - 80), subj.start)
        if group is not None:
            words = v[group.start():subj.end]
            return Subject("generic", words, group.start(), subj.end, name=re.sub(r"^(?:[Tt]he|[Aa])\s+", "", words))
    if subj.how == "name" and (body := _named_by_body(v, subj)) is not None:
        return body
    if subj.how in ("name", "org"):
        whole = _possessive_name(v, subj)
        if whole is not None:
            return whole
    if subj.how in ("name", "generic") and re.match(r"[A-Z][a-z]+(?:\s+[a-z]+){1,4}\s+[A-Z]|[A-Z][a-z]+$", subj.text):
        return _after_heading(v, subj) or subj
    return subj


#: "network operator Western Grid", "charity Oxfam": a noun for a body right before the name.
_BODY_BEFORE = re.compile(rf"(?<![\w'-])(?:{'|'.join(sorted(BODY_NOUNS))})\s+$")
#: ... or opening the sentence, capitalised ("Lender Standard Chartered said"): nouns that rarely start a name.
_BODY_OPENERS = frozenset("Lender Retailer Insurer Regulator Manufacturer Broadcaster Operator Watchdog".split())


def _named_by_body(v: str, subj: Subject) -> Subject | None:
    """"Network operator Western Grid says", "Retailer American Eagle said": the capitalised run a noun for a body
    names is that body, whatever its words ("Western" is no title of a person called "Grid"); not a person's
    full name ("union Unite" is a body, "the union's Mick Lynch" a person)."""
    words = subj.text.split()
    if len(words) >= 2 and words[0] in _BODY_OPENERS and not is_first_name(words[1]):
        name = " ".join(words[1:])
        return _org(Subject(subj.how, name, subj.end - len(name), subj.end), name)
    if _BODY_BEFORE.search(v, max(0, subj.start - 30), subj.start) and not is_first_name(words[0]):
        return _org(subj, subj.text)
    return None


def _org(subj: Subject, name: str) -> Subject:
    return Subject("org" if subj.how != "according" else "according", name, subj.start, subj.end, name=name,
                   org=True)


def _brand(v: str, subj: Subject) -> Subject | None:
    """"Important notice bioRxiv publishes": bioRxiv, an organisation; only when the subject ends with it."""
    last = re.search(r"\S+$", v[max(0, subj.end - 60):subj.end])  # "Rxiv" is the end of "bioRxiv" in ``v``
    token = last.group(0).strip("\"'“‘*(") if last else ""
    return _org(subj, token) if _BRAND.fullmatch(token) else None


def _possessive_name(v: str, subj: Subject) -> Subject | None:
    """"Macy's said" (the parser's subject "Macy", then "'s") and "Hudson's Bay said" (name "Bay", role
    "Hudson's"), when the article never writes the parts apart."""
    if subj.how == "name" and (m := _OWNER.match(subj.role)) and subj.text.endswith(f"{subj.role} {subj.name}"):
        owner, owned = m.group("owner"), subj.name
        if _always_together(v, owner, owned):
            return _org(subj, f"{subj.role} {owned}")
        return None
    # one word and a verb in the past ("Macy's said", "Macy's announced"): "Governor Hal Brant's claim" is his
    if _VERB_AFTER_OWNER.match(v, subj.end) and re.fullmatch(r"[A-Z][\w.]*", subj.text):
        if _always_together(v, subj.text, ""):
            return _org(subj, subj.text + v[subj.end:subj.end + 2])
    return None


def _always_together(v: str, owner: str, owned: str) -> bool:
    """Every "OWNER" in ``v`` is "OWNER's OWNED" (or "OWNER's" when ``owned`` is ""), every OWNED one too."""
    tail = rf"['’]s\s+{re.escape(owned)}\b" if owned else r"['’]s\b"
    for m in re.finditer(rf"\b{re.escape(owner)}\b", v):
        if not re.match(tail, v[m.end():m.end() + len(owned) + 4]):
            return False
    if owned:
        for m in re.finditer(rf"\b{re.escape(owned)}\b", v):
            if not re.search(rf"\b{re.escape(owner)}['’]s\s+$", v[max(0, m.start() - len(owner) - 4):m.start()]):
                return False
    return True


def _after_heading(v: str, subj: Subject) -> Subject | None:
    """"Loss and damage Daniel Quiggin, senior research fellow at ..., said": the heading's first word opens a
    sentence; a full name with a known first name follows it after lower-case words only, then a comma."""
    if v[:subj.start].rstrip(" \"'“”’")[-1:] not in ("", ".", "!", "?", "\n", ":"):
        return None
    first = subj.start + len(subj.text.split()[0])
    m = _HEADED_NAME.match(v, first, first + _HEADING_REACH)
    if m is None or not is_first_name(m.group("name").split()[0]):
        return None
    name = m.group("name")
    return Subject("name", name, m.start("name"), m.end("name"), name=name)
