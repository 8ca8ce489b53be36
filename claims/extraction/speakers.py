"""Who says what: attribution rules, a per-article registry of people and organisations, pronoun resolution.

spaCy's parser finds the subject of reporting verbs well but costs ~170 ms per article (5.8 articles per
CPU-second in the notes), more than our whole budget, and still needs our own pronoun and role handling.
News attribution is formulaic enough for rules on the normalised view:

- "X said/told/noted/announced ...", "“...,” X said", "“...,” said X", "According to X, ..."
- X is a pronoun (resolved to the last speaker of compatible gender), a role without a name ("The head of
  Russia's Security Council", "Syrian President Bashar al-Assad's political and media adviser": the name
  is taken from the next sentences), a titled name ("Russian President Vladimir Putin"), a surname seen
  before ("Shaaban"), an organisation ("Russia's Defense Ministry") or a short generic noun phrase.

Display rule: a person is shown by name; a role the article gives *instead of* a title ("the head of ...",
"... adviser to ...") is kept with it, newsroom style: "Nikolai Patrushev, head of Russia's Security
Council". A formal title written before the name ("Russian President") goes to ``speaker_role`` only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

REPORT_VERBS = (
    "said", "says", "say", "told", "tells", "added", "adds", "noted", "notes", "announced", "announces",
    "claimed", "claims", "stated", "states", "explained", "explains", "warned", "warns", "insisted", "insists",
    "argued", "argues", "hailed", "hails", "stressed", "stresses", "emphasised", "emphasized", "declared",
    "declares", "confirmed", "confirms", "denied", "denies", "acknowledged", "admitted", "predicted",
    "estimated", "estimates", "urged", "urges", "wrote", "writes", "tweeted", "reported", "reports",
    "pointed out", "expressed hope", "expressed", "revealed", "disclosed", "suggested", "vowed", "vows",
    "pledged", "promised", "asserted", "remarked", "commented", "replied", "responded", "alleged",
    "reiterated", "accused", "criticised", "criticized", "praised", "called for", "asked", "believes",
    "believed", "thinks", "welcomed", "condemned", "rejected", "dismissed", "recalled", "observed",
    "disputed", "disputes", "countered", "contended", "conceded", "concluded", "found", "shows", "showed",
)
#: Speech acts that name the actor of an event (speaker) without making the claim a quote.
ACT_VERBS = ("congratulated", "congratulates", "thanked", "met", "meets", "signed", "signs", "ordered", "orders",
             "decided", "approved", "launched", "visited", "made the remarks", "spoke", "speaks")
_VERB_ALT = "|".join(sorted((re.escape(v) for v in REPORT_VERBS + ACT_VERBS), key=len, reverse=True))
VERB = re.compile(rf"(?<![\w'-])(?:{_VERB_ALT})(?![\w'-])")
ACCORDING = re.compile(r"\b[Aa]ccording to\s+(?P<who>[^,;:\"]+?)(?=\s*(?:,|;|:|\.?$|\"))")

TITLE_WORDS = frozenset(
    """President Vice Prime Minister Foreign Defense Defence Interior Finance Secretary General Gen Gen. Major
    Lieutenant Lt Lt. Colonel Col Col. Admiral Adm Chief Staff Commander Head Chairman Chairwoman Director
    Spokesman Spokeswoman Spokesperson Ambassador Envoy Leader Ayatollah Seyyed Sayyed Sheikh King Queen Prince
    Princess Emir Mr Mr. Mrs Mrs. Ms Ms. Dr Dr. Senator Sen Sen. Rep Rep. Representative Governor Mayor Judge
    Justice Pope CEO Deputy Adviser Advisor Speaker Chancellor Premier Officer Imam Cardinal Bishop Professor Prof
    Prof. Analyst State Affairs Security Revolution Islamic Supreme Commander-in-Chief Navy Air Force Forces
    Staff Executive Officer Attorney Counsel Captain Capt Sergeant Sgt Brigadier Field Marshal Grand Mufti
    Patriarch Crown Minister-President Prosecutor Inspector Superintendent Detective Constable Chair Member
    MP Lawmaker Councillor Councilman Mullah Hojatoleslam Rabbi Father Sister Brother Lord Lady Sir Dame
    Russian Syrian Iranian US U.S. American British French German Turkish Saudi Israeli Chinese Iraqi Lebanese
    Ukrainian Qatari Egyptian Jordanian Palestinian European UN Kremlin Western Arab Afghan Pakistani Indian
    Japanese Korean Italian Spanish Canadian Australian Brazilian Mexican Emirati Yemeni Libyan Kurdish
    White House Pentagon Republican Democratic Democrat Labour Conservative""".split()
)
#: Titles proper (not nationality adjectives or institution words): a name after one of these is a person.
REAL_TITLES = frozenset(
    """President Minister Secretary General Gen Gen. Major Lieutenant Colonel Admiral Chief Commander Head Chairman
    Chairwoman Director Spokesman Spokeswoman Spokesperson Ambassador Envoy Leader Ayatollah Seyyed Sheikh King
    Queen Prince Emir Mr Mr. Mrs Mrs. Ms Ms. Dr Dr. Senator Governor Mayor Judge Pope CEO Deputy Adviser Advisor
    Speaker Chancellor Premier Officer Captain Prosecutor Chair""".split()
)
HONORIFIC_TAIL = frozenset("General Gen Gen. Major Colonel Col Col. Admiral Ayatollah Seyyed Sayyed Sheikh Mr Mr. "
                           "Mrs Mrs. Ms Ms. Dr Dr. Lieutenant Lt Lt. Captain Capt Sergeant Brigadier Field Marshal "
                           "Sir Dame Lord Lady Prof Prof. Professor".split())
ORG_WORDS = frozenset(
    """Ministry Council Center Centre Agency Department Office Committee Court Bank Party Army Government
    University Institute Corps Group Channel Organization Organisation Association Commission Union Fund Service
    Police Observatory News Times Post Reuters AP AFP TASS Kremlin Pentagon NATO EU UN UNICEF WHO IMF OPEC Network
    Foundation Federation Authority Board Bureau Administration Parliament Senate Congress Assembly Cabinet
    Coalition Alliance Command Directorate Secretariat Company Corporation Inc Ltd Media Television Radio Press
    Agency Statistics Survey Watch International Institution Embassy Mission Forum Monitor Airlines Police
    Guard Guards Ministry's Duma Kremlin's Xinhua Sputnik RIA Novosti Interfax IRNA Tasnim Fars SANA""".split()
)
ROLE_NOUNS = (
    "head", "chief", "spokesman", "spokeswoman", "spokesperson", "leader", "director", "minister", "president",
    "secretary", "adviser", "advisor", "ambassador", "commander", "chairman", "chairwoman", "deputy", "envoy",
    "official", "officials", "representative", "governor", "mayor", "prosecutor", "researcher", "analyst",
    "economist", "expert", "experts", "aide", "aides", "founder", "owner", "manager", "premier", "chancellor",
    "source", "sources", "diplomat", "diplomats", "general", "officer", "speaker",
)
_ROLE_ALT = "|".join(ROLE_NOUNS)
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
PRONOUNS = {"he": "m", "she": "f", "they": "p", "it": "n", "we": "p", "i": "s"}
_ADVERB_TAIL = re.compile(
    r"(?:\s+(?:also|already|later|earlier|again|previously|reportedly|recently|then|has|have|had|was|were|is|"
    r"are|has also|had also|also has|last week|on [A-Z]\w+|further|once more|separately|meanwhile|in turn|"
    r"however|himself|herself|themselves|would|will|could|may|did|does|do|not))+$"
)
_CAPRUN_TOKEN = (
    r"(?:(?:al|el|bin|ibn|abu|de|van|von|da|di|le|la|du)[- ])?[A-Z][\w.]*(?:['-][A-Za-z]\w*)*(?:'s?)?"
)
_CAPRUN = re.compile(rf"(?:{_CAPRUN_TOKEN})(?:\s+(?:(?:of|the|for|and|on|de|al|bin)\s+)*{_CAPRUN_TOKEN})*$")
_PAREN = re.compile(r"\s*\([^()]{0,60}\)")
_FEMALE = frozenset("""Mary Anna Maria Elizabeth Angela Theresa Hillary Nancy Ursula Marine Kamala Jacinda Christine
    Federica Maria Bouthaina Nikki Samantha Susan Sarah Catherine Kate Emma Olga Svetlana Irina Valentina Tatiana
    Natalia Yulia Elena Helen Jane Julia Laura Lisa Linda Margaret Michelle Nicola Patricia Rachel Ruth Sophie
    Victoria Zainab Fatima Aisha Leila Maryam Golda Indira Benazir Sheikha""".split())
_MALE_TITLES = frozenset("Mr Mr. King Prince Sheikh Ayatollah Seyyed Sayyed Sir Lord Father Brother".split())
_FEMALE_TITLES = frozenset("Mrs Mrs. Ms Ms. Queen Princess Lady Dame Sister Sheikha".split())


@dataclass
class Entity:
    name: str
    kind: str  # "person" | "org" | "group"
    role: str = ""
    descriptive: bool = False
    gender: str = ""  # "m" | "f" | ""

    @property
    def display(self) -> str:
        if self.kind == "person" and self.role and self.descriptive:
            return f"{self.name}, {self.role}"
        return self.name


@dataclass
class Subject:
    """What the rules found as the subject of a reporting verb."""

    how: str  # "pronoun" | "name" | "org" | "role" | "generic" | "according"
    text: str
    start: int  # offsets relative to the view passed in
    end: int
    name: str = ""
    role: str = ""
    descriptive: bool = False
    org: bool = False
    gender_hint: str = ""


@dataclass
class Attribution:
    subject: Subject
    verb: str
    verb_start: int
    verb_end: int
    reporting: bool  # say-class verb (claim is an attributed statement); False for event verbs (congratulated)


def quote_mask(v: str) -> list[tuple[int, int]]:
    """Spans inside double quotes (view text uses straight quotes only)."""
    spans = []
    pos = [i for i, ch in enumerate(v) if ch == '"']
    for a, b in zip(pos[0::2], pos[1::2], strict=False):
        spans.append((a, b + 1))
    return spans


def _inside(i: int, spans: list[tuple[int, int]]) -> bool:
    return any(a < i < b for a, b in spans)


def _split_name(np: str) -> tuple[str, str]:
    """("Russia's Chief of the General Staff General Valery Gerasimov") -> ("Valery Gerasimov", role)."""
    tokens = np.split()
    name: list[str] = []
    i = len(tokens)
    while i > 0:
        tok = tokens[i - 1]
        bare = tok.rstrip(",")
        if bare not in TITLE_WORDS and len(bare) > 2:
            bare = bare.rstrip(".")
        if bare in TITLE_WORDS or bare.endswith("'s") or not bare[:1].isupper() and not re.match(
            r"(?:al|el|bin|ibn|abu|de|van|von|da|di|le|la|du)-?[A-Z]?", bare
        ):
            break
        if bare.lower() in ("of", "the", "for", "and", "on"):
            break
        name.insert(0, bare)
        i -= 1
        if len(name) == 4:
            break
    # particles written as separate words ("bin Salman") may leave a lowercase particle in front
    role_tokens = tokens[:i]
    while role_tokens and role_tokens[-1] in HONORIFIC_TAIL:
        role_tokens.pop()
    role = " ".join(role_tokens).strip(" ,")
    role = re.sub(r"^(?:[Tt]he|[Aa]n?)\s+", "", role)
    return " ".join(name), role


def parse_subject(region: str, base: int) -> Subject | None:
    """Interpret the words in front of a reporting verb (``region``, starting at view offset ``base``)."""
    region = _PAREN.sub("", region)
    region = region.strip().strip(",")
    region = _ADVERB_TAIL.sub("", region).strip()
    if not region:
        return None
    low = region.lower()
    if low in PRONOUNS:
        return Subject("pronoun", region, base, base + len(region), gender_hint=PRONOUNS[low])
    m = POSS_ROLE.match(region)
    if m and len(region.split()) <= 14:
        poss = m.group("poss").strip()
        pname, ptitle = _split_name(poss)
        target = f"the {ptitle}" if ptitle else (pname or poss)
        role = f"{m.group('role')} to {target}"
        return Subject("role", region, base, base + len(region), role=role, descriptive=True)
    if ROLE_ONLY.match(region) and len(region.split()) <= 14:
        role = re.sub(r"^(?:[Tt]he|[Aa]n?)\s+", "", region)
        name, lead = _split_name(region)
        if len(name.split()) >= 2 and not any(w in ORG_WORDS for w in name.split()):
            lead = re.sub(r"^(?:[Tt]he|[Aa]n?)\s+", "", lead)
            return Subject("name", region, base, base + len(region), name=name, role=lead, descriptive=True)
        if re.search(r"\b(?:officials|sources|experts|diplomats|aides)\b", role.split(" of ")[0]):
            return Subject("generic", region, base, base + len(region), name=role)
        return Subject("role", region, base, base + len(region), role=role, descriptive=True)
    cap = _CAPRUN.search(region)
    if cap:
        np_text = cap.group(0).strip()
        if np_text.split()[0] in ("The", "A", "An") and len(np_text.split()) == 1:
            np_text = ""
        if np_text:
            start = base + cap.start()
            words = [w.rstrip(",") for w in np_text.split()]
            name, role = _split_name(np_text)
            lead = region[: cap.start()].split()[-4:]
            if not role and lead and lead[-1].lower() in ROLE_NOUNS:
                role = re.sub(r"^(?:[Tt]he|[Aa]n?|[Ii]ts|[Hh]is|[Hh]er)\s+", "", " ".join(lead))
            titled = bool(set(role.split()) & REAL_TITLES) and not any(w in ORG_WORDS for w in name.split())
            has_org = any(w in ORG_WORDS or re.sub(r"'s?$", "", w) in ORG_WORDS for w in words)
            if (has_org and not titled) or np_text.isupper():
                org = re.sub(r"^(?:The|the)\s+", "", np_text)
                return Subject("org", org, start, base + len(region), name=org, org=True)
            if name and name.split()[0] in ("The", "A", "An", "This", "That", "It", "He", "She", "They"):
                name = ""
            if name and len(name.split()) == 1 and (name.lower() in COMMON_SUBJECTS or name.lower() in ROLE_NOUNS):
                return Subject("generic", region, base, base + len(region), name=region)
            if name:
                gender = ""
                first = name.split()[0]
                if first in _FEMALE:
                    gender = "f"
                titles = set(np_text.split())
                if titles & _MALE_TITLES:
                    gender = "m"
                elif titles & _FEMALE_TITLES:
                    gender = "f"
                return Subject("name", np_text, start, base + len(region), name=name, role=role, gender_hint=gender)
    words = region.split()
    if 1 <= len(words) <= 5 and not any(ch in region for ch in '"'):
        generic = re.sub(r"^(?:[Tt]he|[Aa]n?)\s+", "", region)
        if generic.lower() not in ("this", "that", "it", "which", "who", "there"):
            return Subject("generic", region, base, base + len(region), name=generic)
    return None


_BOUNDARY = re.compile(r'(?:^|[,;:]\s+|"\s*|\bthat\s+|\bwhile\s+|\bbut\s+|\bwhich\s+|\bwho\s+)')


def find_attribution(v: str, start: int, end: int) -> Attribution | None:
    """The attribution of the clause ``v[start:end]`` (absolute view offsets), or None."""
    clause = v[start:end]
    qm = quote_mask(clause)
    m = ACCORDING.search(clause)
    if m and not _inside(m.start(), qm):
        who = m.group("who").strip()
        who = re.sub(
            r"^(?:(?:a|an|the)\s+)?(?:(?:new|recent|latest|January|February|March|April|May|June|July|August|September"
            r"|October|November|December|\d{4}|annual|monthly|weekly|preliminary|official|joint)\s+)*"
            r"(?:report|study|survey|statement|data|figures|estimate|estimates|analysis|poll|tally|count|census"
            r"|assessment|review|paper)\s+(?:by|from|of|published by|released by)\s+",
            "",
            who,
        )
        who = re.sub(r"^(?:the)\s+", "", who)
        s_abs = start + m.start("who") + (len(m.group("who")) - len(m.group("who").lstrip()))
        subj = parse_subject(who, 0)
        if subj is None:
            subj = Subject("generic", who, 0, len(who), name=who)
        subj.how = "according" if subj.how in ("generic", "org") else subj.how
        if subj.how == "according" and not subj.name:
            subj.name = who
        subj.start, subj.end = s_abs, start + m.end("who")
        return Attribution(subj, "according to", start + m.start(), start + m.end(), True)
    for vm in VERB.finditer(clause):
        if _inside(vm.start(), qm):
            continue
        verb = vm.group(0)
        reporting = verb in REPORT_VERBS
        before = clause[: vm.start()]
        # "“...,” said Shaaban": subject after the verb
        if before.rstrip().endswith('"') or before.strip() == "":
            after = clause[vm.end():]
            am = re.match(rf"\s+((?:{_CAPRUN_TOKEN})(?:\s+{_CAPRUN_TOKEN}){{0,4}})", after)
            if am and before.strip():
                subj = parse_subject(am.group(1), start + vm.end() + am.start(1))
                if subj:
                    return Attribution(subj, verb, start + vm.start(), start + vm.end(), reporting)
        # subject region: from the last clause boundary before the verb
        region_start = 0
        for bm in _BOUNDARY.finditer(before):
            if not any(a < bm.start() < b - 1 for a, b in qm):
                region_start = bm.end()
        region = before[region_start:]
        if len(region.split()) > 14:
            region = region[-200:]
        subj = parse_subject(region, start + region_start)
        if subj is None:
            continue
        if subj.how == "generic" and not reporting:
            continue
        return Attribution(subj, verb, start + vm.start(), start + vm.end(), reporting)
    return None


_TITLED_NAME = re.compile(
    r"(?:(?:[A-Z][\w.]*'s\s+)?(?:(?:[A-Z][\w.]*|of|the|for)\s+){0,6}"
    r"(?:President|Minister|General|Gen\.|Chief|Commander|Spokesman|Spokeswoman|Ambassador|Leader|Ayatollah|Sheikh|"
    r"King|Prince|Mr\.?|Mrs\.?|Ms\.?|Dr\.?|Senator|Governor|Secretary|Adviser|Advisor|Envoy|Director|Chairman|"
    r"Premier|Chancellor|Colonel|Admiral|Seyyed|Mayor|Judge|Pope|Speaker|Head)\s+)"
    rf"(?P<name>{_CAPRUN_TOKEN}(?:\s+{_CAPRUN_TOKEN}){{0,3}})"
)


@dataclass
class Registry:
    """People and organisations of one article, in order of mention."""

    entities: list[Entity] = field(default_factory=list)
    speakers: list[Entity] = field(default_factory=list)

    def find(self, name: str) -> Entity | None:
        if not name:
            return None
        key = name.lower()
        for e in reversed(self.entities):
            if e.name.lower() == key:
                return e
        last = key.split()[-1]
        last = re.sub(r"^(?:al|el)-", "", last)
        for e in reversed(self.entities):
            if e.kind != "person":
                continue
            toks = [re.sub(r"^(?:al|el)-", "", t) for t in e.name.lower().split()]
            if len(key.split()) == 1 and last in toks[1:]:
                return e
            if len(key.split()) > 1 and key in e.name.lower():
                return e
        return None

    def add_person(self, name: str, role: str = "", descriptive: bool = False, gender: str = "") -> Entity:
        e = self.find(name)
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
            name, role = _split_name(np_text)
            if not name or len(name.split()) < 2 and self.find(name):
                continue
            if any(w in ORG_WORDS for w in name.split()):
                continue
            existed = self.find(name) is not None
            e = self.add_person(name, role)
            if not existed:
                new.append(e)
        return new

    def resolve_pronoun(self, gender: str) -> Entity | None:
        for e in reversed(self.speakers):
            if gender in ("m", "f"):
                if e.kind != "person" or (e.gender and e.gender != gender):
                    continue
                if not e.gender and (e.name.split() or [""])[0] in _FEMALE and gender == "m":
                    continue
                return e
            if gender == "p" and e.kind in ("org", "group"):
                return e
        return None

    def resolve_role(self, role_text: str) -> Entity | None:
        """"the minister" -> the last speaker whose role mentions "minister"."""
        words = [w for w in role_text.lower().split() if w in ROLE_NOUNS]
        if not words:
            return None
        for e in reversed(self.speakers):
            if e.kind == "person" and e.role and words[-1] in e.role.lower():
                return e
        return None
