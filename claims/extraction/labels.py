"""Who a sentence names without a verb of saying, and whether a speaker is a name.

Colon headlines and labels ("McCaul: If elected, ...", "A lesson from Loretta Lynch: 'Be the voice ...'"; "Study:"
and "Photo:" are labels, not speakers), "the bank" resolved to the full name written earlier, and the test that a
speaker names someone rather than "the researchers" (the test news_eval applies to gold sources). Used by the
pipeline's attribution and cap steps (``pipeline.py``).
"""

from __future__ import annotations

import re
from functools import lru_cache

from .attribution import SAY_FORMS, Cue
from .firstnames import is_first_name
from .speakers import (
    COMPANY_WORDS,
    HONORIFIC_TAIL,
    ORG_WORDS,
    TITLE_WORDS,
    Attribution,
    Entity,
    Registry,
    Subject,
    name_gender,
    split_name,
)

#: "McCaul: If elected, ..." -- a short name, a colon, the statement.
_COLON_SPEAKER = re.compile(r"^\s*[\"'“‘]?(?P<who>A(?=:)|[A-Z][\w.'-]+(?:\s+[A-Z][\w.'-]+){0,3})\s*:\s+(?=\S)")
_NOT_SPEAKERS = frozenset("""Photo Photos Update Updated Watch Note Editor Breaking Exclusive Analysis Opinion Related
    Read Source Sources Video Live Warning Caption Image Credit Listen Correction Clarification Advertisement Q A
    Summary Background Context Dateline Transcript Latest Highlights Recap Slideshow SLIDESHOW In Why How
    What Our My Your Their His Her Its""".split())
#: "A lesson from Loretta Lynch: 'Be the voice ...'", "Warren Hammers Wells Fargo CEO: 'You should ...'": a short
#: headline before a colon and a quotation after it; the first full name of the headline is the speaker.
_COLON_QUOTE = re.compile(r"^\s*(?P<head>[^:\n\"“]{3,80}?):\s+[\"'“‘]")
_FULL_NAME = re.compile(r"\b[A-Z][a-z]+(?:\s+[A-Z]\.)?\s+[A-Z][a-z][\w'-]+(?![\w.])")  # "Sen." is a title


def colon_speaker(sent_v: str, lower_words: frozenset[str] = frozenset()) -> str | None:
    m = _COLON_SPEAKER.match(sent_v)
    if not m:
        q = _COLON_QUOTE.match(sent_v)
        head = q.group("head") if q else ""
        # a Title Case headline hides where the name ends ("Warren Hammers Wells Fargo CEO"): no speaker
        plain = len(head.split()) <= 8 and re.search(r"(?<![\w'])[a-z]{3,}", head)
        name = _FULL_NAME.search(head) if plain else None
        if name is None or name.group(0).split()[0] in _NOT_SPEAKERS:
            return None
        return name.group(0)
    return colon_label(sent_v, m, lower_words)


def colon_label(sent_v: str, m: re.Match[str], lower_words: frozenset[str] = frozenset()) -> str | None:
    who = m.group("who")
    words = who.split()
    if len(words) > 1 and words[0].lower() in SAY_FORMS:  # 'Said Diallo: "We cannot ..."': the name after the verb
        who, words = " ".join(words[1:]), words[1:]
    if words[0] in ("The", "A") and len(words) > 1:  # "The Latest: ..." is a news label, "The Senator: ..." a role
        words = words[1:]
    if (words[0] in _NOT_SPEAKERS or words[0].title() in _NOT_SPEAKERS) and who != "A" or len(sent_v) - m.end() < 15:
        return None  # "SOURCES: ..." is a label as "Sources:" is; "A: ..." answers an interview
    # "Study: ...", "Teachable Moment: ...": a label whose last word the article also writes in lower case is a
    # common noun (a section or caption label), not a name (the test news_eval applies to gold sources)
    head = re.sub(r"'s$", "", words[-1])
    if head[1:].islower() and head.lower() in lower_words:
        return None
    # "Yogurt: Yogurt is another good snack", "Tea: Green tea boosts ...": a list item's heading, which the
    # sentence after it repeats as its subject; a transcript's "KOVAC: The governor ..." names someone else
    if len(words) <= 2 and head.lower() in re.findall(r"[\w'-]+", sent_v[m.end():].lower())[:4]:
        return None
    return who


_QUESTION_TURN = re.compile(r"[ \t]*(?:Q|Question|Interviewer|INTERVIEWER)[ \t]*:[ \t]+(?=\S)")


def label_end(v: str, start: int, end: int, att: Attribution | None) -> int:
    """Where a claim's words start when a speaker label opens it ("A. Not before inflation ...", "KOVAC: The
    budget ...", "McCaul: If elected ..."): past the label, its colon and the spaces after it, since the label
    is the speaker shown beside the claim; else ``start``. Only a label of capitalised words (a name, a
    transcript's capitals, an interview's "A") before the clause's own colon. An interviewer's turn ("Q: You
    promised 10,000 homes.") has no speaker of its own to show: its label is cut off all the same."""
    if (q := _QUESTION_TURN.match(v, start, end)) and (att is None or att.subject.start >= q.end()):
        return q.end()
    if att is None or att.verb != ":" or not start <= att.verb_start < end or att.subject.start < start:
        return start
    label = v[start:att.verb_start]
    if len(label) > 60 or re.search(r"(?<![\w'’.-])[a-z]", label) or not v[att.verb_end:end].strip():
        return start
    return att.verb_end + len(v[att.verb_end:end]) - len(v[att.verb_end:end].lstrip())


#: "Obama Sees 'Personal Insult' if ...", "Trump Questions the Fairness of ...": a Title Case headline opening
#: with a name and a present-tense verb of saying or stance; besides the verbs of saying, the headline verbs of
#: taking a position.
_HEADLINE = re.compile(r"^\s*(?P<who>[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,2}?)\s+(?P<verb>[A-Z][a-z]+s)\b")
_HEADLINE_VERBS = frozenset("sees breaks goes hammers rips knocks backs pushes presses pans".split())
_TITLE_WORD = re.compile(r"\b[A-Za-z][a-z]{3,}\b")


def headline_speaker(sent_v: str, lower_words: frozenset[str]) -> tuple[str, str] | None:
    """(name, verb) of a Title Case headline "NAME Verbs ..." whose verb is one of saying or stance and whose
    name the article never writes in lower case; None for any other sentence."""
    words = _TITLE_WORD.findall(sent_v)
    if len(words) < 3 or sum(w[0].isupper() for w in words) < 0.8 * len(words):
        return None
    m = _HEADLINE.match(sent_v)
    if m is None:
        return None
    verb = m.group("verb").lower()
    who = m.group("who").split()
    if verb not in SAY_FORMS and verb not in _HEADLINE_VERBS or who[0] in _NOT_SPEAKERS:
        return None
    if all(re.sub(r"['’]s$", "", w).lower() in lower_words for w in who):
        return None
    return m.group("who"), m.group("verb")


def headline_cue(v: str, start: int, end: int, lower_words: frozenset[str]) -> Cue | None:
    """The cue of the article's Title Case headline line ``v[start:end]`` ("Obama Sees 'Personal Insult' if
    ..."): the small model reads such a line as one long proper noun, so it is matched, not parsed."""
    found = headline_speaker(v[start:end], lower_words)
    if found is None:
        return None
    who, verb = found
    at = v.find(who, start, end)
    vat = v.find(verb, at + len(who), end)
    return Cue("verb", verb, vat, vat + len(verb), who, at, at + len(who), False, True, 0)


NAME_RUN = re.compile(r"(?<![\w.])[A-Z][a-z][\w'-]*(?:\s+[A-Z][\w'-]+){0,3}")


def generic_name(v: str, before: int, subject: str) -> str:
    """"The bank said" after "Russia's central bank raised ...": the full name mentioned earlier, else "the bank"."""
    subject = subject.strip()
    m = re.match(r"^[Tt]he\s+([a-z]+(?:\s+[a-z]+)?)$", subject)
    if not m:
        return subject
    noun = m.group(1)
    window = v[max(0, before - 3000):before]
    found, at = None, -1
    for fm in re.finditer(rf"\b[A-Z][\w-]*'s\s+(?:[a-z]+\s+)?{re.escape(noun)}\b", window):
        found, at = fm.group(0), fm.start()
    cap = noun.capitalize()
    if " " not in noun and cap in ORG_WORDS:  # "the agency said" after "the Environment Agency issued ..."
        near = max(0, len(window) - _ORG_NAMED_REACH)  # the sentence or two before, not a body named long ago
        for fm in _org_named(cap).finditer(window, near):
            if fm.start() > at and len(fm.group(0).split()) >= 2:
                found, at = fm.group(0), fm.start()
    return found or f"the {noun}"


_ORG_NAMED_REACH = 200
#: Nouns by which an article names again any organisation that has just spoken ("The agency reported ...", "the
#: company said"); a ministry or a council is named with its own word ("Defence Ministry"), found by generic_name.
_BODY_NOUNS = frozenset("agency organisation organization group body authority company firm".split())


def described_source(reg: Registry, v: str, before: int, subject: str, sentence: int) -> Entity:
    """The source of "the bank / the agency said": the full name the article gave that noun before
    (``generic_name``); else, for a word that names a body, the organisation that spoke in the last two
    sentences (the rule of "it said"); else the words themselves."""
    name = generic_name(v, before, subject)
    if name.lower() == subject.strip().lower():
        name = typed_name(v, before, name)
    m = re.match(r"^the ([a-z]+)$", name)
    if m and m.group(1) in _BODY_NOUNS:
        body = reg.resolve_pronoun("n", sentence)
        # "the company said" borrows a body that has a name or the same noun, never "the producer group"
        if body is not None and (re.search(r"(?<!^)\b[A-Z]|^(?!The\b)[A-Z]", body.name)
                                 or body.name.lower().endswith(m.group(1))):
            return body
    return Entity(name, "group")


#: Names that say what kind of body they are, for "the company / the think tank said" when the article never
#: wrote "Company" or "Tank" in the name: a company suffix ("Northwind Energy Inc."), "shares of Halvorsen Foods",
#: a research body's word ("Resolution Policy Institute").
_WORD = r"(?!The\b)[A-Z][\w'&.-]*"
_COMPANY_NAMED = re.compile(
    rf"\b(?:{_WORD}\s+){{1,4}}(?:Inc|Corp|Co|Ltd|plc|PLC|LLC|Holdings|AG|SA|NV|SE)\b"
    rf"|\b(?:{_WORD}\s+){{1,3}}(?:{'|'.join(sorted(COMPANY_WORDS))})\b(?!\s+[A-Z])"  # "Velmora Motors", "Harlow Mining"
    rf"|(?<=\b[Ss]hares of\s)(?:the\s+)?{_WORD}(?:\s+{_WORD}){{0,3}}"
    rf"|\b{_WORD}(?:\s+{_WORD}){{0,3}}(?=\s+shares\b)"
)
_TYPED = {
    "company": _COMPANY_NAMED, "firm": _COMPANY_NAMED, "group": _COMPANY_NAMED, "retailer": _COMPANY_NAMED,
    "carrier": _COMPANY_NAMED, "insurer": _COMPANY_NAMED, "manufacturer": _COMPANY_NAMED, "airline": _COMPANY_NAMED,
    "carmaker": _COMPANY_NAMED, "automaker": _COMPANY_NAMED, "miner": _COMPANY_NAMED,
    "think tank": re.compile(
        rf"\b(?:{_WORD}\s+){{0,4}}(?:Institute|Foundation|Centre|Center|Council|Forum|Trust)"
        rf"(?:\s+(?:of|for|on)\s+(?:the\s+)?{_WORD}(?:\s+{_WORD}){{0,3}})?\b"),
    "charity": re.compile(rf"\b(?:{_WORD}\s+){{0,4}}(?:Trust|Foundation|Fund|Society|Appeal)\b"),
    "trade body": re.compile(rf"\b(?:{_WORD}\s+){{1,4}}(?:Federation|Association|Confederation|Chamber|Council)"
                             rf"(?:\s+of\s+(?:the\s+)?{_WORD}(?:\s+{_WORD}){{0,3}})?\b"),
    "force": re.compile(rf"\b(?:{_WORD}\s+){{1,4}}(?:Police|Constabulary)\b"),  # British police forces
    "lender": re.compile(rf"{_COMPANY_NAMED.pattern}|\b(?:{_WORD}\s+){{1,3}}Bank\b(?!\s+of\b)"),
}
#: "The regulator / watchdog said" after "The Financial Conduct Authority fined ...": a public body's name.
_TYPED["regulator"] = _TYPED["watchdog"] = re.compile(
    rf"\b(?:{_WORD}\s+){{1,4}}(?:Authority|Commission|Agency|Board|Office|Bureau|Administration|Regulator)"
    rf"(?:\s+(?:of|for|on)\s+(?:the\s+)?{_WORD}(?:\s+{_WORD}){{0,3}})?\b")
_TYPED_REACH = 600


def typed_name(v: str, before: int, subject: str) -> str:
    """"The think tank said" after "The Resolution Policy Institute estimated ...": the last name of that kind of
    body in the sentences just before (``_TYPED_REACH`` characters), else ``subject`` itself."""
    m = re.match(r"^[Tt]he\s+([a-z]+(?:\s+[a-z]+)?)$", subject.strip())
    pattern = _TYPED.get(m.group(1)) if m else None
    if pattern is None:
        return subject
    found = [fm.group(0).strip() for fm in pattern.finditer(v, max(0, before - _TYPED_REACH), before)]
    found = [f for f in found if len(f.split()) >= 2 or pattern is _COMPANY_NAMED]  # not a lone "Council"
    return re.sub(r"^the\s+", "", found[-1]) if found else subject


_DETERMINER = re.compile(r"^\s*(?P<det>[Tt]he|[Aa]n?)\s+")


def role_as_written(subject: Subject, role: str) -> str:
    """The speaker shown for a role without a name ("a spokesman said"): the role with the determiner the article
    wrote, in lower case as written ("a spokesman", "the official", "a spokeswoman for Kestrel Airlines"), never a
    capitalised "Spokesman" that reads like a name; "its spokesman", "chief adviser to the governor" as they are.
    Named again by a pronoun ("He added ..."), the role is the one already introduced: "the spokesman"."""
    m = _DETERMINER.match(subject.text if subject.how == "role" else "the ")
    if re.match(r"(?:Its|His|Her|Their|This|That)\s", role):
        role = role[:1].lower() + role[1:]
    return f"{m.group('det').lower()} {role}" if m and not _DETERMINER.match(role) else role


_ROLE_OF_BODY = re.compile(r"^(?P<role>.+?\s(?:for|of|at|from))\s+(?P<body>the\s+[a-z]+(?:\s+[a-z]+)?)$")


def role_of_named_body(v: str, before: int, role: str) -> str:
    """"a spokeswoman for the airline" after "Kestrel Airlines cancelled 120 flights": "spokeswoman for Kestrel
    Airlines", the body named as "the airline / the company / the bank" says (``generic_name``, ``typed_name``);
    the role as written when the article named no such body just before."""
    m = _ROLE_OF_BODY.match(role)
    if not m:
        return role
    body = m.group("body")
    name = generic_name(v, before, body)
    if name.lower() == body.lower():
        name = typed_name(v, before, body)
    return role if name.lower() == body.lower() else f"{m.group('role')} {name}"


@lru_cache(maxsize=64)
def _org_named(noun: str) -> re.Pattern[str]:
    """A capitalised name with ``noun`` as one of its words: "Environment Agency", "Institute for Fiscal Studies"."""
    word = r"(?!The\b)[A-Z][\w'.-]*"
    return re.compile(rf"\b(?:{word}\s+){{0,4}}{noun}(?:\s+(?:of|for|on)\s+(?:the\s+)?{word}(?:\s+{word}){{0,3}})?\b")


LOWER_WORD = re.compile(r"(?<![\w'-])[a-z][a-z'-]*")
_CAP_WORD = re.compile(r"(?<![\w'-])[A-Z][\w'-]*")


#: A capitalised word after a lower-case word or a comma: capitalised for itself, not by a sentence start.
MID_CAP = re.compile(r"(?<=[a-z,] )[A-Z][\w'’-]*")


def names_someone(ent: Entity | None, speaker: str, lower: frozenset[str], mid: frozenset[str] = frozenset()) -> bool:
    """The speaker is a person or organisation with a name ("Corry", "the Clinton campaign", "the American Cancer
    Society"), not "the researchers", "Scientists" or "a new survey": some capitalised word of it the article never
    writes in lower case (a generic subject's first word is capitalised only by the sentence it opens)."""
    if ent is None:
        return False
    words = _CAP_WORD.findall(speaker)
    first = re.sub(r"['’]s$", "", words[0]) if words else ""
    if ent.kind == "group" and words and speaker.startswith(words[0]) and first == words[0] and first not in mid:
        words = words[1:]  # "Clinton's team" and "McConnell aides" (McConnell capitalised mid-sentence) name someone
    return any(re.sub(r"['’]s$", "", w).lower() not in lower for w in words)


#: Capitalised words that open a sentence without being a name ("While Obama ...", "Although Scott ...").
_OPENERS = frozenset("""While Although Though After Before When Whenever If Unless Since Because As But And Or
    So Yet Then Now Still Even Once Until Like Unlike With Without For From In On At By Of To Despite During""".split())


def opening_name(v: str, start: int, end: int, lower_words: frozenset[str]) -> str:
    """The name a sentence ``v[start:end]`` opens with ("Hillary Clinton campaigned ...", "Ngozi Adeyemi, who runs
    ..."), its title left out: two to four capitalised words the article never writes in lower case and no
    organisation word; "" otherwise."""
    return opening_person(v, start, end, lower_words)[0]


def opening_person(v: str, start: int, end: int, lower_words: frozenset[str]) -> tuple[str, str]:
    """(name, title) of ``opening_name``: "Councilwoman Ines Moreau clashed ..." -> ("Ines Moreau", "Councilwoman")."""
    sent = v[start:end]
    m = NAME_RUN.match(v, start + len(sent) - len(sent.lstrip(" \"'\u201c")))
    if m is None:
        return "", ""
    name, role = split_name(re.sub(r"'s$", "", m.group(0)))
    words = name.split()
    if len(words) < 2 or words[0] in _OPENERS or any(w.lower() in lower_words or w in ORG_WORDS for w in words):
        return "", ""
    return name, role


_SEX_TITLE = re.compile(r"\b(?:Mr|Mrs|Ms)\.?\s+$")


def _person_like(name: str, lower_words: frozenset[str]) -> bool:
    """A capitalised run whose first word is a first name is a person unless that word is one the article also
    writes in lower case ("May", "Will", "Grace") or a word names a body or a place ("Grace Church", "Rose
    Garden"... only the body words are known here: ORG_WORDS and COMPANY_WORDS)."""
    words = name.split()
    return is_first_name(words[0]) and words[0].lower() not in lower_words and not any(
        w in ORG_WORDS or w in COMPANY_WORDS or w in TITLE_WORDS for w in words[1:])


def register_mentions(reg: Registry, v: str, start: int, end: int, si: int, lower_words: frozenset[str]) -> None:
    """People named in sentence ``si`` (titled names, capitalised runs the registry knows or whose first name
    gives a gender, the name the sentence opens with), for the pronoun rule. Regex, not the parse: sentences
    without a cue word are not parsed."""
    reg.scan_names(v, start, end)
    opening, title = opening_person(v, start, end, lower_words)
    if opening:  # "Kellyanne Orwell appeared ...": a person, gender not known; "Councilman Peter Hale voted ..."
        known = reg.find(opening)
        if known is None:
            reg.mention(reg.add_person(opening, title, gender=name_gender(opening, title)), si)
        elif known.kind == "person" and title:
            reg.mention(known, si)  # registered by its title just before (``scan_names``)
    for m in NAME_RUN.finditer(v, start, end):
        name = re.sub(r"'s$", "", m.group(0))
        first, _, rest = name.partition(" ")
        if first in HONORIFIC_TAIL and rest:  # "Mr Butler" (no period, as British and Australian papers write it)
            name = rest
        elif first in TITLE_WORDS and rest and len(split_name(name)[0].split()) >= 2:
            name = split_name(name)[0]  # "... clashed with Councilman Peter Hale": Peter Hale
        titled = _SEX_TITLE.search(v, max(0, m.start() - 6), m.start())  # "Mrs. Clinton" is not Bill Clinton
        ent = reg.find(name, name_gender(name, titled.group(0).strip()) if titled else "") if len(name) > 2 else None
        if ent is None and " " in name and _person_like(name, lower_words):
            ent = reg.add_person(name, gender=name_gender(name))
        if ent is not None and ent.kind == "person":
            reg.mention(ent, si)


def mention_opening(reg: Registry, v: str, start: int, end: int, si: int, lower_words: frozenset[str],
                    before: int) -> None:
    """"Hillary Clinton campaigned in Florida, where she said ...": the person the sentence opens with, written
    before the pronoun at ``before``, is its nearest antecedent (the sentence's subject, as in Hobbs's order); so is
    a known person's surname opening it ("Oz's advice earned him ...": ``_opening_surname``)."""
    name = opening_name(v, start, end, lower_words) or _opening_surname(reg, v, start, before, lower_words)
    if name and v.find(name, start) + len(name) <= before:
        ent = reg.find(name) or reg.add_person(name, gender=name_gender(name))
        if ent.kind == "person":
            reg.mention(ent, si, salient=True)


#: "By Rachel Morgan" on a line of its own near the top of the text.
_BYLINE = re.compile(r"^[ \t]*(?:By|BY)\s+(?P<who>[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){1,3})[ \t]*$", re.MULTILINE)
#: A sentence of the writer's own, in the first person, outside any quotation ("I have lived in Halton ...").
_FIRST_PERSON = re.compile(r"(?:^|(?<=[.!?])\s+|\n)[ \t]*I\s+(?=[a-z])")
_BYLINE_REACH = 400


def opinion_author(text: str) -> str:
    """The writer of an opinion piece: the byline's name ("By Rachel Morgan") when the text speaks in the first
    person ("I have lived ...", "I urge ...", two sentences or more opening with "I"): the writer, not the outlet,
    says what nobody else in it is cited for. "" for news (a byline alone does not make the reporter a source)."""
    m = _BYLINE.search(text, 0, _BYLINE_REACH)
    if m is None or len(_FIRST_PERSON.findall(text)) < 2:
        return ""
    return m.group("who")


def _opening_surname(reg: Registry, v: str, start: int, before: int, lower_words: frozenset[str]) -> str:
    """"Oz's advice earned him a hearing, where he said ...", "Oz appeared ..., where he said": one capitalised
    word opening the sentence, as subject or as the possessor of a thing (no capitalised word after it: "Holt's
    colleague Matt Lauer ... he" is Lauer's), that is the surname of a person the article named in full before; ""
    otherwise, and when quoted words come before the pronoun at ``before`` (a name inside them is no antecedent)."""
    m = _SURNAME_OPENING.match(v, start, before)
    if m is None or _QUOTE_MARKS.search(v, start, before) or m.group("name") in _OPENERS:
        return ""
    word = m.group("name")
    ent = reg.find(word) if word.lower() not in lower_words else None
    return word if ent is not None and ent.kind == "person" and len(ent.name.split()) >= 2 else ""


_SURNAME_OPENING = re.compile(r"\s*(?P<name>[A-Z][a-z][\w-]*)(?:['\u2019]s(?:\s+[a-z][\w-]*){1,4}\s+[a-z]|\s+[a-z])")
_QUOTE_MARKS = re.compile("[\"\u201c\u201d]|''|``")
