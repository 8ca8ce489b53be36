"""Speakers: classifying a subject phrase, a per-article registry of people and organisations, resolution.

The dependency parse (``attribution.py``) finds *where* the source is; this module says *who* it is.
``parse_subject`` classifies the subject phrase: a pronoun, a role without a name ("The head of Russia's Security
Council", "Syrian President Bashar al-Assad's political and media adviser": the name is taken from the next
sentences), a titled name ("Russian President Vladimir Putin"), a surname seen before ("Shaaban"), an
organisation ("Russia's Defense Ministry") or a generic noun phrase ("officials"); ``Registry``: the people
and organisations of the article in order of mention.

Pronoun rule (measured on the PolNeAR dev split, bench/bench_extraction_quality.py): "he"/"she" go to the most
recently *mentioned* person whose sex does not contradict the pronoun (a person, never a body), looking back at
most ``PRONOUN_WINDOW`` sentences (recency); in one sentence a cue's subject counts first (salience). A person
of unknown sex merely mentioned (never a cue's subject, never cited) gives way to an earlier person of the
pronoun's known sex in the window; one of unknown sex who spoke keeps it. Sex comes from titles (Mr, Mrs,
Councilwoman, spokesman), the first name of a full name (``firstnames``: US Census 1990 first-name shares, >= 0.9
of one sex, hand lists for international names) and the pronouns already resolved to that person. A surname
alone names the person with that surname whom the article cites, before a namesake merely mentioned ("Cruz"
after Ted Cruz spoke and "his wife, Heidi Cruz"). "they"/"we": the last organisation or group that spoke; a role
("the minister"): the last speaker with that noun.

Display rule: a person is shown by name; a role the article gives *instead of* a title ("the head of ...") is
kept with it, newsroom style: "Nikolai Patrushev, head of Russia's Security Council" ("X's spokesman" is
"spokesman for X", "X's aide" "aide to X", "X's minister" "minister of X": ``_POSS_PREP``). A formal title
before the name ("Russian President") goes to ``speaker_role`` only. The claim's text is the article's words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .firstnames import descriptor_words, name_gender
from .leadroles import lead_role

TITLE_WORDS = frozenset(
    """President Vice Prime Minister Foreign Defense Defence Interior Finance Secretary General Gen Gen. Major
    Lieutenant Lt Lt. Colonel Col Col. Admiral Adm Chief Staff Commander Head Chairman Chairwoman Director
    Spokesman Spokeswoman Spokesperson Ambassador Envoy Leader Ayatollah Seyyed Sayyed Sheikh King Queen Prince
    Princess Emir Mr Mr. Mrs Mrs. Ms Ms. Dr Dr. Senator Sen Sen. Rep Rep. Representative Governor Mayor Judge
    Justice Pope CEO Deputy Adviser Advisor Speaker Chancellor Premier Officer Imam Cardinal Bishop Professor Prof
    Prof. Analyst State Affairs Security Revolution Islamic Supreme Commander-in-Chief Navy Air Force Forces
    Staff Executive Officer Attorney Counsel Captain Capt Sergeant Sgt Brigadier Field Marshal Grand Mufti
    Patriarch Crown Minister-President Prosecutor Inspector Superintendent Detective Constable Chair Member
    MP Lawmaker Councillor Councilman Councilwoman Councilmember Assemblyman Assemblywoman Congressman
    Congresswoman Alderman Alderwoman Mullah Hojatoleslam Rabbi Father Sister Brother Lord Lady Sir Dame
    Russian Syrian Iranian US U.S. American British French German Turkish Saudi Israeli Chinese Iraqi Lebanese
    Ukrainian Qatari Egyptian Jordanian Palestinian European UN Kremlin Western Arab Afghan Pakistani Indian
    Japanese Korean Italian Spanish Canadian Australian Brazilian Mexican Emirati Yemeni Libyan Kurdish
    White House Pentagon Republican Democratic Democrat Labour Conservative
    Cllr Comrade Alhaji Alhaja Engr Engr. Barr Barr. Otunba Pastor Hon Hon. Det Det. Insp Insp. Supt Supt. DCI DCS
    PC PCSO Treasurer Comptroller Auditor Commissioner Controller Solicitor Registrar Ombudsman Sheriff Coach
    Archbishop Magistrate Coroner Provost Taoiseach Tánaiste
    Senators Sens Sens. Reps Reps. Representatives Governors Ministers Councillors Councilmembers Messrs Messrs.
    Drs Drs. Gov Gov. Govs Govs.""".split()
)
#: Titles proper (not nationality adjectives or institution words): a name after one of these is a person.
REAL_TITLES = frozenset(
    """President Minister Secretary General Gen Gen. Major Lieutenant Colonel Admiral Chief Commander Head Chairman
    Chairwoman Director Spokesman Spokeswoman Spokesperson Ambassador Envoy Leader Ayatollah Seyyed Sheikh King
    Queen Prince Emir Mr Mr. Mrs Mrs. Ms Ms. Dr Dr. Senator Governor Mayor Judge Pope CEO Deputy Adviser Advisor
    Speaker Chancellor Premier Officer Captain Prosecutor Chair Councilman Councilwoman Councilmember Assemblyman
    Assemblywoman Congressman Congresswoman Alderman Alderwoman Treasurer Taoiseach Tánaiste""".split()
)
HONORIFIC_TAIL = frozenset("General Gen Gen. Major Colonel Col Col. Admiral Ayatollah Seyyed Sayyed Sheikh Mr Mr. "
                           "Mrs Mrs. Ms Ms. Dr Dr. Lieutenant Lt Lt. Captain Capt Sergeant Brigadier Field Marshal "
                           "Sir Dame Lord Lady Prof Prof. Professor Cllr Comrade Alhaji Alhaja Engr Engr. Barr Barr. "
                           "Otunba Pastor Hon Hon. Det Det. Insp Insp. Supt Supt. DCI DCS PC PCSO".split())
#: "Attorney General", "Surgeon General": an office whose last word is no military honorific.
_GENERAL_OFFICES = frozenset("Attorney Surgeon Secretary Inspector Solicitor Governor Director Postmaster Adjutant "
                             "Auditor Consul Advocate Accountant Paymaster Procurator".split())
#: Letters after a name: a member of a parliament or a barrister ("Eoin Ó Broin TD", "Jane Smith MP").
POST_NOMINALS = frozenset("TD MP MEP MSP MLA MPP MHA MNA QC KC SC OBE MBE CBE".split())
#: Words that end a company's name ("Velmora Motors", "Harlow Mining", "Kestrel Airlines"): an organisation
#: (ORG_WORDS), and what "the company / firm said" names again, never a ministry or a union (``labels.typed_name``).
_COMPANY_ENDINGS = frozenset("""Airlines Airways Biotech Brands Chemicals Electric Energy Foods Industries
    Insurance Logistics Mining Motors Networks Petroleum Pharma Pharmaceuticals Railways Retail Robotics
    Shipping Software Systems Technologies Telecom Therapeutics""".split())
ORG_WORDS = frozenset(
    """Ministry Council Center Centre Agency Department Office Committee Court Bank Party Army Government
    University Institute Corps Group Channel Organization Organisation Association Commission Union Fund
    Service Police Observatory News Times Post Reuters AP AFP TASS Kremlin Pentagon NATO EU UN UNICEF WHO IMF
    OPEC Network Foundation Federation Authority Board Bureau Administration Parliament Senate Congress
    Assembly Cabinet Coalition Alliance Command Directorate Secretariat Company Corporation Inc Ltd Media
    Television Radio Press Agency Statistics Survey Watch International Institution Embassy Mission Forum
    Monitor Police Guard Guards Ministry's Duma Kremlin's Xinhua Sputnik RIA Novosti Interfax IRNA Tasnim Fars
    SANA Centers Centres Services Institutes Nations Sciences Affairs Studies Forces Resources Laboratories
    Holdings Communications Labs Partners Capital Healthcare Solutions Enterprises Trust Ventures Securities
    Markets Entertainment Utilities Aviation Automotive Investments Consulting Hospital College Society Charity
    Club Plc PLC LLC Corp Co. AG GmbH""".split()
) | _COMPANY_ENDINGS
#: ... and these, which end company names too but also other words' ("Oil", "Gas", "Steel"): company names only.
COMPANY_WORDS = _COMPANY_ENDINGS | frozenset(
    "Airline Bancorp Financial Gas Motor Oil Rail Semiconductor Semiconductors Steel".split())
ROLE_NOUNS = (
    "head", "chief", "spokesman", "spokeswoman", "spokesperson", "leader", "director", "minister", "president",
    "secretary", "adviser", "advisor", "ambassador", "commander", "chairman", "chairwoman", "deputy", "envoy",
    "official", "officials", "representative", "governor", "mayor", "prosecutor", "researcher", "analyst",
    "economist", "expert", "experts", "aide", "aides", "founder", "owner", "manager", "premier", "chancellor",
    "source", "sources", "diplomat", "diplomats", "general", "officer", "speaker",
)
_ROLE_ALT = "|".join(ROLE_NOUNS)
#: Verbs by which "it" is a body that speaks ("It said ...", "it announced ..."); "it shows / finds" is a document,
#: a poll or a video, never resolved to the last organisation.
IT_SPEAKS = frozenset("""said says told tells added adds announced announces stated states noted notes warned warns
    claimed claims insisted insists argued argues explained explains confirmed confirms denied denies issued
    released blamed blames cited cites expects expected estimated estimates predicted predicts forecast forecasts
    acknowledged acknowledges disclosed discloses reiterated reiterates attributed attributes""".split())
#: Offices that name a known speaker again ("the senator", "the Ohio congresswoman") but, unlike ROLE_NOUNS, never
#: wait for a name to come: in political news "the candidate" or "the senator" is far more often somebody already
#: named than somebody about to be (``Registry.resolve_role(..., known_only=True)``).
OFFICE_NOUNS = frozenset((
    "senator", "congressman", "congresswoman", "lawmaker", "candidate", "nominee", "councilman", "councilwoman",
    "commissioner", "sheriff", "judge", "lawyer", "attorney", "professor", "executive", "businessman",
    "businesswoman", "activist", "strategist", "pollster", "columnist", "chair", "chairperson",
))
_KNOWN_ROLES = frozenset(ROLE_NOUNS) | OFFICE_NOUNS  # a role with any words before it ("Rovers manager X")
COMMON_SUBJECTS = frozenset(
    """officials witnesses residents analysts experts sources police authorities observers critics activists
    researchers scientists doctors investigators prosecutors lawmakers diplomats reports studies data figures
    statistics polls survey report study they we""".split()
)
ROLE_ONLY = re.compile(
    rf"^(?:[Tt]he|[Aa]n?|[Tt]his|[Tt]hat|[Tt]he\s+country's|[Ii]ts|[Hh]is|[Hh]er)\s+(?:[\w-]+\s+){{0,3}}(?:{_ROLE_ALT})"
    rf"(?:\s+(?:of|for|to|at|in)\s+.+)?$"
)
POSS_ROLE = re.compile(rf"^(?P<poss>.+?)'s\s+(?P<role>(?:[a-z][\w-]*\s+){{0,4}}(?:{_ROLE_ALT}))$")
_POSS_PREP = re.compile(r"(?P<for>spokes\w+|press secretary|representative|manager)$|(?P<to>advis.r|aides?|deputy)$")
PRONOUNS = {"he": "m", "she": "f", "they": "p", "it": "n", "we": "p", "i": "s"}
_ADVERB_TAIL = re.compile(
    r"(?:\s+(?:also|already|later|earlier|again|previously|reportedly|recently|then|has|have|had|was|were|is|"
    r"are|has also|had also|also has|last week|on [A-Z]\w+|further|once more|separately|meanwhile|in turn|"
    r"however|himself|herself|themselves|would|will|could|may|did|does|do|not))+$"
)
#: Lower-case particles inside a name ("Ursula von der Leyen", "Bashar al-Assad", "Ana dos Santos").
NAME_PARTICLES = "al|el|bin|ibn|abu|de|del|della|der|den|van|von|da|das|dos|do|di|le|la|du|ter|ten|zu"
#: Capital letters, also accented ones ("Ó Broin", "Özil", "Łukasz", "Šefčovič").
UPPER = "A-ZÀ-ÖØ-ÞĀĂĄĆČĎĐĒĖĘĚĞĢĪĮİĶĹĻĽŁŃŅŇŌŐŒŔŘŚŞŠŢŤŪŮŰŲŸŹŻŽ"
_CAPRUN_TOKEN = (
    rf"(?:\b(?:{NAME_PARTICLES})[- ]){{0,2}}"
    rf"[{UPPER}][\w.]*(?:['-][A-Za-z]\w*)*(?:'s?)?"
)
_CAPRUN = re.compile(rf"(?:{_CAPRUN_TOKEN})(?:\s+(?:(?:of|the|for|and|on|de|al|bin)\s+)*{_CAPRUN_TOKEN})*$")
#: A document as a source ("a study ...", "the report ..."); a name in it is its author only after "by".
_DOCUMENT = re.compile(r"^(?:[Aa]n?|[Tt]he|[Tt]his|[Tt]hat|[Aa]nother)\s+(?:[\w,'-]+\s+){0,3}?(?:study|report|survey|"
                       r"analysis|paper|trial|audit|assessment|census|investigation|review|copy|documents?|memo|records|draft|filings?)\b")
#: Research and where it appeared ("research published in the journal eLife"): the research is the source.
PUBLISHED_IN = re.compile(r"^(?:[\w,'-]+\s+){0,3}?(?:stud(?:y|ies)|research|paper|findings|data|results|work)\s+"
                          r"(?:[\w,'-]+\s+){0,4}?(?:published|appearing|appeared|posted|released)\s+(?:\w+\s+){0,2}?"
                          r"(?:in|to|on)\b", re.IGNORECASE)
#: Who obtained a document is not who wrote it: "a copy of the contract seen by the Herald".
_OBTAINED_BY = re.compile(r"\b(?:seen|obtained|reviewed|viewed|acquired)\s+by\s+")
_PAREN = re.compile(r"\s*\([^()]{0,60}\)")


@dataclass
class Entity:
    name: str
    kind: str  # "person" | "org" | "group"
    role: str = ""
    descriptive: bool = False
    gender: str = ""  # "m" | "f" | ""
    aside: str = ""  # the appositive the article wrote after the name ("Democrat of California")

    @property
    def display(self) -> str:
        if self.kind == "person" and self.role and self.descriptive:
            return f"{self.name}, {self.role}"
        return self.name


@dataclass
class Subject:
    """What the rules found as the subject of a reporting verb."""

    how: str  # "pronoun" | "name" | "people" | "org" | "role" | "generic" | "according"
    text: str
    start: int  # offsets relative to the view passed in
    end: int
    name: str = ""
    role: str = ""
    descriptive: bool = False
    org: bool = False
    gender_hint: str = ""
    aside: str = ""  # what the person is, written before the name ("pensioner"): shown, no office


@dataclass
class Attribution:
    subject: Subject
    verb: str
    verb_start: int
    verb_end: int
    reporting: bool  # say-class verb (claim is an attributed statement); False for event verbs (congratulated)


def split_name(np: str) -> tuple[str, str]:
    """("Russia's Chief of the General Staff General Valery Gerasimov") -> ("Valery Gerasimov", role)."""
    tokens = np.split()
    while len(tokens) > 2 and tokens[-1].rstrip(",") in POST_NOMINALS:
        tokens.pop()
    name: list[str] = []
    i = len(tokens)
    while i > 0:
        tok = tokens[i - 1]
        bare = tok.rstrip(",")
        if bare not in TITLE_WORDS and len(bare) > 2:
            bare = bare.rstrip(".")
        if bare in TITLE_WORDS or bare.endswith("'s") or not bare[:1].isupper() and not re.fullmatch(
            rf"(?:{NAME_PARTICLES})(?:-[A-Z][\w'-]*)?", bare
        ):
            break
        if bare.lower() in ("of", "the", "for", "and", "on"):
            break
        name.insert(0, bare)
        i -= 1
        if len(name) == 4:
            break
    lead = descriptor_words(name)  # "Rival Hillary Clinton": "Rival" describes her
    name, i = name[lead:], i + lead
    role_tokens = tokens[:i]  # particles written apart ("bin Salman") may leave a lowercase one in front
    while role_tokens and role_tokens[-1] in HONORIFIC_TAIL and not (
            len(role_tokens) > 1 and role_tokens[-2] in _GENERAL_OFFICES and role_tokens[-1] == "General"):
        role_tokens.pop()
    role = re.sub(r"^(?:[Tt]he|[Aa]n?)(?:\s+|$)", "", " ".join(role_tokens).strip(" ,"))  # no role: "The Courier"
    return " ".join(name), role


_BY_NAME = re.compile(r"\bby\s+(?:the\s+)?[A-Z]")


def _document(region: str) -> tuple[str, bool]:
    """A document or research as the source, written as such: "a study of 78,000 adults published Monday in JAMA
    Neurology" is the study's, not the journal's (True). With an author after "by" the author is the source, and
    where the research appeared is cut ("A study by Harvard researchers published in the BMJ")."""
    if PUBLISHED_IN.match(region) and _BY_NAME.search(region):
        region = re.sub(r",?\s+(?:published|appearing|appeared|posted|released)\s.*$", "", region)
    doc = (_DOCUMENT.match(region) or PUBLISHED_IN.match(region)) and not _BY_NAME.search(_OBTAINED_BY.sub("", region))
    return region, bool(doc) and len(region.split()) <= 16


def parse_subject(region: str, base: int, label: bool = False, body: bool = False) -> Subject | None:
    """Interpret the words in front of a reporting verb (``region``, starting at view offset ``base``). ``label``:
    a transcript's speaker label ("GOVERNOR ELENA RUIZ: ..."), whose capitals are the transcript's, not an
    acronym's: read as "Governor Elena Ruiz" (same length, so offsets hold); one word ("RUIZ:") is a person.
    ``body``: the name was given in apposition to a noun for a body ("the drivers' union, Aslef,"): an
    organisation, whatever its words."""
    if label and region.strip() == "A":  # an interview's answer ("Q: ... A: ..."): the person interviewed
        return Subject("pronoun", region, base, base + len(region), gender_hint="q")
    if label and region.isupper() and region.strip() not in ORG_WORDS:
        if " " not in region.strip():  # "KOVAC:", "RUIZ:": a person as written (the full name if known before)
            return Subject("name", region.strip(), base, base + len(region.strip()), name=region.strip())
        region = region.title()
    region = _PAREN.sub("", region)
    region = region.strip().strip(",")
    region = _ADVERB_TAIL.sub("", region).strip()
    if not region:
        return None
    low = region.lower()
    if low in PRONOUNS:
        return Subject("pronoun", region, base, base + len(region), gender_hint=PRONOUNS[low])
    joint = _joint_subject(region, base)
    if joint is not None:
        return joint
    m = POSS_ROLE.match(region)
    if m and len(region.split()) <= 14:
        poss = m.group("poss").strip()
        pname, ptitle = split_name(poss)
        target = f"the {ptitle}" if ptitle else (pname or poss)
        prep = (found := _POSS_PREP.search(m.group("role"))) and found.lastgroup or "of"
        role = f"{m.group('role')} {prep} {target}"
        return Subject("role", region, base, base + len(region), role=role, descriptive=True)
    if ROLE_ONLY.match(region) and len(region.split()) <= 14:
        role = re.sub(r"^(?:[Tt]he|[Aa]n?)\s+", "", region)
        name, lead = split_name(region)
        # "The minister, Paolo Renzi," names the minister; "A spokesman for Downing Street" the body he serves
        if len(name.split()) >= 2 and not any(w in ORG_WORDS for w in name.split()) and not re.search(
                r"\b(?:for|of|to|at|in|from|with)$", lead):
            lead = re.sub(r"^(?:[Tt]he|[Aa]n?)\s+", "", lead)
            return Subject("name", region, base, base + len(region), name=name, role=lead, descriptive=True)
        if re.search(r"\b(?:officials|sources|experts|diplomats|aides)\b", role.split(" of ")[0]):
            return Subject("generic", region, base, base + len(region), name=role)
        return Subject("role", region, base, base + len(region), role=role, descriptive=True)
    of_org = _name_of_org(region, base)
    if of_org is not None:
        return of_org
    region, document = _document(region)
    if document:
        return Subject("generic", region, base, base + len(region), name=region)
    cap = _CAPRUN.search(region)
    if cap:
        np_text = cap.group(0).strip()
        if np_text.split()[0] in ("The", "A", "An") and len(np_text.split()) == 1:
            np_text = ""
        if np_text:
            start = base + cap.start()
            words = [w.rstrip(",") for w in np_text.split()]
            name, role = split_name(np_text)
            # "Rovers manager Danny Kowalczyk"; "Oakham coach Steve Ambrose", "Firefighter Luke Brennan"
            name, role, aside = (name, role, "") if role else lead_role(region[: cap.start()], name, _KNOWN_ROLES)
            titled = bool(set(role.split()) & REAL_TITLES) and not any(w in ORG_WORDS for w in name.split())
            # a company's trade word makes an organisation too ("Northline Rail said ... It said")
            has_org = any(w in ORG_WORDS or w in COMPANY_WORDS for w in (re.sub(r"'s?$", "", x) for x in words))
            if (has_org and not titled) or np_text.isupper() or body:
                org = re.sub(r"^(?:The|the)\s+", "", np_text)
                return Subject("org", org, start, base + len(region), name=org, org=True)
            if name and name.split()[0] in ("The", "A", "An", "This", "That", "It", "He", "She", "They"):
                name = ""
            if name and len(name.split()) == 1 and (name.lower() in COMMON_SUBJECTS or name.lower() in ROLE_NOUNS):
                return Subject("generic", region, base, base + len(region), name=region)
            if name:
                gender = name_gender(name, f"{np_text} {role}")
                return Subject("name", np_text, start, base + len(region), name=name, role=role, gender_hint=gender,
                               aside=aside)
    words = region.split()
    if 1 <= len(words) <= 5 and not any(ch in region for ch in '"'):
        generic = re.sub(r"^(?:[Tt]he|[Aa]n?)\s+", "", region)
        if generic.lower() not in ("this", "that", "it", "which", "who", "there"):
            return Subject("generic", region, base, base + len(region), name=generic)
    return None


def _joint_subject(region: str, base: int) -> Subject | None:
    """"Senators Dana Whitfield and Carlos Medina": both, the title before the first as the role."""
    if not (joint := _JOINT.match(region)):
        return None
    (first, role), (second, _) = split_name(joint.group("a")), split_name(joint.group("b"))
    if len(first.split()) < 2 or len(second.split()) < 2 or any(w in ORG_WORDS for w in f"{first} {second}".split()):
        return None
    return Subject("people", region, base, base + len(region), name=f"{first} and {second}", role=role)


_JOINT = re.compile(rf"^(?P<a>.+?)\s+and\s+(?P<b>{_CAPRUN_TOKEN}(?:\s+{_CAPRUN_TOKEN}){{1,3}})$")


def _name_of_org(region: str, base: int) -> Subject | None:
    """"Analyst Ruth Meyer of Coastline Research" (or "of oil broker PVM") is Ruth Meyer, not the organisation;
    "Secretary of State John Kerry" has no name before "of" and is left to the other rules."""
    head, sep, tail = region.partition(" of ")
    if not sep or not re.match(r"(?:the\s+)?(?:[a-z][\w-]*\s+){0,3}[A-Z]", tail):
        return None
    name, role = split_name(head)
    if len(name.split()) < 2 or any(w in ORG_WORDS or w in TITLE_WORDS or not w[:1].isupper() for w in name.split()):
        return None
    return Subject("name", region, base, base + len(region), name=name, role=f"{role} of {tail}" if role else tail,
                   gender_hint=name_gender(name, role))


_TITLED_NAME = re.compile(
    r"(?:(?:[A-Z][\w.]*'s\s+)?(?:(?:[A-Z][\w.]*|of|the|for)\s+){0,6}"
    r"(?:President|Minister|General|Gen\.|Chief|Commander|Spokesman|Spokeswoman|Ambassador|Leader|Ayatollah|Sheikh|"
    r"King|Prince|Mr\.?|Mrs\.?|Ms\.?|Dr\.?|Senator|Governor|Secretary|Adviser|Advisor|Envoy|Director|Chairman|"
    r"Premier|Chancellor|Colonel|Admiral|Seyyed|Mayor|Judge|Pope|Speaker|Head|Council(?:wo)?man|Congress(?:wo)?man|"
    r"Assembly(?:wo)?man)\s+)"
    rf"(?P<name>{_CAPRUN_TOKEN}(?:\s+{_CAPRUN_TOKEN}){{0,3}})"
)

PRONOUN_WINDOW = 6


def _sex(e: Entity) -> str:
    return e.gender or name_gender(e.name)


def _gender_fits(e: Entity, gender: str) -> bool:
    g = _sex(e)
    return not g or g == gender or gender == "x"


@dataclass
class Registry:
    """People and organisations of one article, in order of mention."""

    entities: list[Entity] = field(default_factory=list)
    speakers: list[Entity] = field(default_factory=list)
    #: (sentence index, not salient, entity), in order of mention
    mentions: list[tuple[int, bool, Entity]] = field(default_factory=list)

    def find(self, name: str, gender: str = "") -> Entity | None:
        """The entity ``name`` names: the same name, or a person's full name by its surname. ``gender`` (from a
        title: "Mrs. Clinton") passes over a person of the other sex ("Bill Clinton" named before)."""
        if not name:
            return None
        key = name.lower()
        for e in reversed(self.entities):
            if e.name.lower() == key and (not gender or e.kind != "person" or _gender_fits(e, gender)):
                return e
        last = key.split()[-1]
        last = re.sub(r"^(?:al|el)-", "", last)
        found: list[Entity] = []
        for e in reversed(self.entities):
            if e.kind != "person" or gender and not _gender_fits(e, gender):
                continue
            toks = [re.sub(r"^(?:al|el)-", "", t) for t in e.name.lower().split()]
            if len(key.split()) == 1 and last in toks[1:]:
                found.append(e)
            if len(key.split()) > 1 and key in e.name.lower():
                return e
        # a surname two people share ("Cruz": Ted Cruz, who spoke, and Heidi Cruz, his wife, mentioned): the one
        # the article cites; the newer one otherwise
        return next((e for e in found if any(e is s for s in self.speakers)), found[0] if found else None)

    def add_person(self, name: str, role: str = "", descriptive: bool = False, gender: str = "") -> Entity:
        e = self.find(name, gender)
        if e is None or (len(name.split()) > len(e.name.split()) and e.kind == "person"):
            if e is not None:
                e.name = name
            else:
                e = Entity(name, "person", role, descriptive, gender)
                self.entities.append(e)
        if role and not e.role:
            e.role, e.descriptive = role, descriptive
        if gender and not e.gender:
            e.gender = gender
        return e

    def add_people(self, names: str, role: str, sentence: int) -> Entity:
        """"Dana Whitfield and Carlos Medina", speaking together: a group for "they", each a person named."""
        for name in names.split(" and "):
            self.mention(self.add_person(name, gender=name_gender(name)), sentence, salient=True)
        return Entity(names, "group", role)

    def add_org(self, name: str) -> Entity:
        e = self.find(name)
        if e is None:
            e = Entity(name, "org")
            self.entities.append(e)
        return e

    def scan_names(self, v: str, start: int, end: int) -> list[Entity]:
        """Register titled names in a sentence ("Syrian President Bashar al-Assad"); returns the new ones."""
        new: list[Entity] = []
        for m in _TITLED_NAME.finditer(v, start, end):
            np_text = m.group(0).strip()
            name, role = split_name(np_text)
            if not name or len(name.split()) < 2 and self.find(name):
                continue
            if any(w in ORG_WORDS for w in name.split()):
                continue
            existed = self.find(name) is not None
            e = self.add_person(name, role, gender=name_gender(name, role))
            if not existed:
                new.append(e)
        return new

    def mention(self, ent: Entity, sentence: int, salient: bool = False) -> None:
        """Record that ``ent`` is mentioned in sentence ``sentence`` (salient: as the subject of a cue)."""
        self.mentions.append((sentence, not salient, ent))

    def resolve_pronoun(self, gender: str, sentence: int = -1) -> Entity | None:
        """The documented rule (module docstring): recency of mention, gender agreement, salience."""
        if gender == "q":  # an interview's "A:": the person it opens by naming ("Minister Kwame Mensah spoke to ...")
            return next((e for _, _, e in self.mentions if e.kind == "person"), None)
        if gender == "n":  # "it said": an organisation (or a singular body) that spoke in the last two sentences
            for sent_i, _, e in reversed(self.mentions):
                if sentence >= 0 and sentence - sent_i > 2:
                    break
                if e.kind == "org" or e.kind == "group" and not e.name.lower().endswith("s"):
                    return e
            return None
        if gender in ("m", "f", "x"):  # "x": a person of either sex ("the 29-year-old said")
            recent = [m for m in self.mentions if sentence < 0 or 0 <= sentence - m[0] <= PRONOUN_WINDOW]
            recent.sort(key=lambda m: (-m[0], m[1]))
            fits = [(mentioned, e) for _, mentioned, e in recent if e.kind == "person" and _gender_fits(e, gender)]
            for i, (mentioned, e) in enumerate(fits):
                # a person of unknown sex merely mentioned ("... a bill by Kellan Voss") gives way to one of the
                # pronoun's sex named before; one who spoke or is a cue's subject (salient) keeps the pronoun
                if (mentioned and gender in ("m", "f") and not _sex(e) and not any(e is s for s in self.speakers)
                        and any(_sex(o) == gender for _, o in fits[i:])):
                    continue
                return e
        for e in reversed(self.speakers):
            if gender in ("m", "f") and e.kind == "person" and _gender_fits(e, gender):
                return e
            if gender == "p" and e.kind in ("org", "group"):
                return e
        return None

    def resolve_role(self, role_text: str, known_only: bool = False) -> Entity | None:
        """"the minister" -> the last speaker whose role (a title before the name, or a role the article gave in
        apposition: "The minister, Paolo Renzi, said") has the noun "minister". ``known_only``: the offices of
        OFFICE_NOUNS count too ("the Ohio senator")."""
        nouns = ROLE_NOUNS + tuple(OFFICE_NOUNS) if known_only else ROLE_NOUNS
        words = [w for w in role_text.lower().split() if w in nouns]
        if not words:
            return None
        for e in reversed(self.speakers):
            if e.kind == "person" and words[-1] in f"{e.role} {e.aside}".lower().split():
                return e
        return None


def fits_role(role: str, title: str, aside: str) -> bool:
    """Whether a person named with ``title`` / ``aside`` may be the unnamed ``role`` that spoke just before: yes
    when the name comes with no description of its own or with the same role noun ("The spokesman said ...
    The spokesman, Igor Konashenkov, added"); "Sen. Bernie Sanders" is not "the former secretary of state"."""
    own = re.findall(r"[a-z]+", f"{title} {aside}".lower())
    if not own:
        return True
    nouns = [w for w in re.findall(r"[a-z]+", role.lower()) if w in ROLE_NOUNS or w in OFFICE_NOUNS]
    return bool(nouns) and nouns[-1] in own
