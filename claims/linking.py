"""Linking claims across articles: the same statement or the same event, reported twice.

Design
------
* **Normalised content tokens** (`content_tokens`): lowercase, quotes and possessives folded,
  stopwords and reporting verbs dropped, a light suffix stripper, a small news synonym map
  (Moscow/Kremlin/Russian -> russia, pullout/withdrawal -> withdraw, forces/contingent -> troop, ...)
  and numbers normalised ("470,000" and "470 thousand" -> ``#470000``).
* **Index in the database** (`ClaimSignature`): a MinHash of the token set (``NUM_PERM``
  permutations) cut into ``BANDS`` bands of ``ROWS`` values; each band is hashed to a 63-bit
  ``bucket``. Claims sharing any (band, bucket) are candidates. No process keeps state: every web
  and worker machine reads the same table.
* **Bounded candidate lookup**: for each band at most ``BUCKET_CAP`` most recent members of the
  bucket are read (an index range scan on (band, bucket, claim) with LIMIT), so the work per new
  claim is at most ``BANDS * BUCKET_CAP`` rows whatever the corpus size. Candidates hit in the
  most bands are verified first, at most ``MAX_VERIFY`` per claim.
* **Verification** (`score_pair`, `decide`): similarity = 0.6 x weighted Jaccard + 0.4 x weighted
  containment of the smaller token set. Very common or vague tokens (countries, "military",
  "president", "part", years ...) weigh ``GENERIC_WEIGHT``; a pair must share at least one specific
  (non-generic) token, so "Russia ... Syria" alone never links. "X says (that) Y" is scored on Y.
* **Decisions**: ``>= SUGGEST_THRESHOLD`` -> ClaimLink ``suggested`` for editors (`confirm_link`,
  `reject_link`); ``>= AUTO_THRESHOLD`` *and* a close restatement (two shared specific tokens, a
  shared figure, or weighted Jaccard >= 0.8) *and* no disagreement on figures -> ``auto``, and both
  claims join one ClaimGroup. At most ``MAX_LINKS`` links per new claim, best first. Links an editor
  decided (confirmed / rejected) are never changed by re-running linking.
* **Previously checked**: a claim in a group (auto or confirmed links) with a claim that has a
  published verdict gets ``previously_checked`` pointing at that claim;
  `mark_previously_checked_for` does the same when a verdict is published later.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from datasketch import MinHash
from django.db import OperationalError, connection, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from .models import Claim, ClaimGroup, ClaimLink, ClaimSignature

log = logging.getLogger(__name__)

# --- parameters (measured in tests/linking and bench/bench_linking.py) ---------------------------
NUM_PERM = 64
ROWS = 2
BANDS = NUM_PERM // ROWS  # 32 bands of 2: a pair with Jaccard 0.3 is a candidate with p = 0.95
BUCKET_CAP = 50  # members read per (band, bucket): bounds the cost of a hot bucket
MAX_VERIFY = 200  # candidates verified per claim, most band hits first
MAX_LINKS = 20  # links kept per new claim, best first: editors cannot use more
AUTO_THRESHOLD = 0.6
SUGGEST_THRESHOLD = 0.3
GENERIC_WEIGHT = 0.35
METHOD = "minhash-lsh/wjaccard-v1"
BATCH = 500

# --- normalisation -----------------------------------------------------------------------------
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


def _is_year(token: str) -> bool:
    return token.startswith("@")


def _weight(token: str) -> float:
    return GENERIC_WEIGHT if token in GENERIC or _is_year(token) else 1.0


def _specific(tokens: Iterable[str]) -> set[str]:
    return {t for t in tokens if _weight(t) == 1.0}


def _numbers_of(tokens: Iterable[str]) -> set[str]:
    return {t for t in tokens if t.startswith("#") and not _is_year(t)}


def score_pair(a: frozenset[str], b: frozenset[str]) -> tuple[float, bool]:
    """(similarity in [0, 1], whether the pair may be linked automatically).

    similarity = 0.6 * weighted Jaccard + 0.4 * weighted containment of the smaller set, 0 when the
    two share no specific (non-generic) token. Automatic linking further needs two shared specific
    tokens, a shared figure or near-identical sets (weighted Jaccard >= 0.8), and no disagreement on
    figures.
    """
    if not a or not b:
        return 0.0, False
    inter = a & b
    shared_specific = _specific(inter)
    if not shared_specific:
        return 0.0, False  # sharing only "Russia", "Syria", a year ... is not a match
    w_inter = sum(_weight(t) for t in inter)
    jaccard = w_inter / sum(_weight(t) for t in a | b)
    containment = w_inter / min(sum(_weight(t) for t in a), sum(_weight(t) for t in b))
    score = round(min(0.6 * jaccard + 0.4 * containment, 1.0), 4)
    nums_a, nums_b = _numbers_of(a), _numbers_of(b)
    figures_disagree = bool(nums_a and nums_b and not (nums_a & nums_b))
    auto_ok = not figures_disagree and (len(shared_specific) >= 2 or bool(nums_a & nums_b) or jaccard >= 0.8)
    return score, auto_ok


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    return score_pair(a, b)[0]


def decide(a: frozenset[str], b: frozenset[str]) -> tuple[float, str | None]:
    """(similarity, link status or None) for two token sets."""
    score, auto_ok = score_pair(a, b)
    if score >= AUTO_THRESHOLD and auto_ok:
        return score, ClaimLink.Status.AUTO
    if score >= SUGGEST_THRESHOLD:
        return score, ClaimLink.Status.SUGGESTED
    return score, None


# --- signatures --------------------------------------------------------------------------------
@lru_cache(maxsize=1)
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    return MinHash(num_perm=NUM_PERM, seed=20240601).permutations


_BAND_SALT = (np.arange(1, BANDS + 1, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15))


def _mix(z: np.ndarray) -> np.ndarray:
    """SplitMix64 finaliser, element-wise on uint64 (wrapping arithmetic is intended)."""
    z = z ^ (z >> np.uint64(30))
    z = z * np.uint64(0xBF58476D1CE4E5B9)
    z = z ^ (z >> np.uint64(27))
    z = z * np.uint64(0x94D049BB133111EB)
    return z ^ (z >> np.uint64(31))


def band_buckets(tokens: Iterable[str]) -> list[tuple[int, int]]:
    """(band, bucket) pairs for a token set; [] when there is nothing to hash.

    Deterministic across processes and machines (no use of Python's salted ``hash``).
    """
    toks = sorted(tokens)
    if not toks:
        return []
    mh = MinHash(num_perm=NUM_PERM, permutations=_permutations())
    mh.update_batch([t.encode("utf-8") for t in toks])
    rows = mh.hashvalues.astype(np.uint64).reshape(BANDS, ROWS)
    z = _BAND_SALT.copy()
    for r in range(ROWS):
        z = _mix(z ^ rows[:, r])
    buckets = (z >> np.uint64(1)).astype(np.int64)  # fits a signed 64-bit column
    return list(enumerate(buckets.tolist()))


def _store_signatures(claims: Sequence[Claim]) -> dict[int, frozenset[str]]:
    """Write (or refresh) the signatures of ``claims``; return their token sets. Idempotent."""
    tokens = {c.pk: content_tokens(c.text) for c in claims}
    wanted = {pk: band_buckets(toks) for pk, toks in tokens.items()}
    existing: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for cid, band, bucket in ClaimSignature.objects.filter(claim_id__in=list(wanted)).values_list(
        "claim_id", "band", "bucket"
    ):
        existing[cid].append((band, bucket))
    stale = [pk for pk, sig in wanted.items() if sorted(existing.get(pk, [])) != sig]
    if stale:
        with transaction.atomic():
            ClaimSignature.objects.filter(claim_id__in=stale).delete()
            ClaimSignature.objects.bulk_create(
                [ClaimSignature(claim_id=pk, band=b, bucket=h) for pk in stale for b, h in wanted[pk]],
                batch_size=2000,
                ignore_conflicts=True,  # a concurrent run wrote the same rows
            )
    return tokens


def candidate_ids(claim_id: int, cap: int = BUCKET_CAP) -> Counter[int]:
    """Claims sharing a bucket with ``claim_id``, with how many bands they share.

    Each band reads at most ``cap`` rows (newest first) through the (band, bucket, claim) index,
    so the cost is bounded by ``BANDS * cap`` whatever the size of the table.
    """
    sigs = list(ClaimSignature.objects.filter(claim_id=claim_id).values_list("band", "bucket"))
    return _bucket_members(sigs, claim_id, cap)


def candidates_for_text(text: str, cap: int = BUCKET_CAP) -> Counter[int]:
    """Stored claims sharing a bucket with a free-text statement (not stored), with their band hits."""
    return _bucket_members(band_buckets(content_tokens(text)), 0, cap)


def _bucket_members(sigs: Sequence[tuple[int, int]], exclude_id: int, cap: int) -> Counter[int]:
    table = ClaimSignature._meta.db_table
    qn = connection.ops.quote_name
    parts = []
    params: list[int] = []
    for i, (band, bucket) in enumerate(sigs):
        parts.append(
            f"SELECT * FROM (SELECT {qn('claim_id')} FROM {qn(table)} WHERE {qn('band')} = %s AND {qn('bucket')} = %s "
            f"AND {qn('claim_id')} <> %s ORDER BY {qn('claim_id')} DESC LIMIT %s) AS b{i}"
        )
        params += [band, bucket, exclude_id, cap]
    if not parts:
        return Counter()
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        return Counter(row[0] for row in cursor.fetchall())


# --- linking -----------------------------------------------------------------------------------
@dataclass
class _Match:
    a: int
    b: int
    score: float
    status: str


class _Retry(Exception):
    pass


def link_new_claims(claim_ids: Iterable[int]) -> int:
    """Index these claims and link them to matching claims in other articles.

    Returns the number of links created. Idempotent: running it again creates no duplicate
    signatures or links, and never touches a link an editor confirmed or rejected.
    """
    ids = sorted(set(int(i) for i in claim_ids))
    created = 0
    for start in range(0, len(ids), BATCH):
        created += _link_batch(ids[start : start + BATCH])
    return created


def _link_batch(ids: list[int]) -> int:
    claims = list(Claim.objects.filter(pk__in=ids).only("id", "text", "article_id"))
    if not claims:
        return 0
    tokens = _store_signatures(claims)
    cands: dict[int, list[int]] = {}
    for claim in claims:
        counts = candidate_ids(claim.pk)
        cands[claim.pk] = [cid for cid, _hits in counts.most_common(MAX_VERIFY)]
    other_ids = {cid for lst in cands.values() for cid in lst} - set(tokens)
    others = {
        c.pk: c for c in Claim.objects.filter(pk__in=list(other_ids)).only("id", "text", "article_id")
    }
    for c in claims:
        others[c.pk] = c
    for pk in other_ids:
        if pk in others:
            tokens[pk] = content_tokens(others[pk].text)
    matches: dict[tuple[int, int], _Match] = {}
    for claim in claims:
        found: list[_Match] = []
        for cid in cands[claim.pk]:
            other = others.get(cid)
            if other is None or other.article_id == claim.article_id:
                continue
            score, status = decide(tokens[claim.pk], tokens[cid])
            if status is not None:
                found.append(_Match(min(claim.pk, cid), max(claim.pk, cid), score, status))
        found.sort(key=lambda m: (-m.score, m.a, m.b))
        for m in found[:MAX_LINKS]:
            matches.setdefault((m.a, m.b), m)
    return _write_links(list(matches.values()))


_UNDECIDED = (ClaimLink.Status.AUTO, ClaimLink.Status.SUGGESTED)


def _write_links(matches: list[_Match]) -> int:
    if not matches:
        return 0
    existing = {
        (link.claim_id, link.other_id): link
        for link in ClaimLink.objects.filter(
            claim_id__in={m.a for m in matches}, other_id__in={m.b for m in matches}
        )
    }
    joins: list[tuple[int, int]] = []
    new_links: list[ClaimLink] = []
    for m in matches:
        status = m.status
        link = existing.get((m.a, m.b))
        if link is None:
            new_links.append(ClaimLink(claim_id=m.a, other_id=m.b, similarity=m.score, method=METHOD, status=status))
            if status == ClaimLink.Status.AUTO:
                joins.append((m.a, m.b))
        elif link.status in (ClaimLink.Status.AUTO, ClaimLink.Status.SUGGESTED):
            # Undecided links follow the current score (after a threshold change); decided ones never move.
            if link.status != status or abs(link.similarity - m.score) > 1e-6:
                ClaimLink.objects.filter(pk=link.pk, status__in=_UNDECIDED).update(
                    status=status, similarity=m.score, method=METHOD
                )
            if status == ClaimLink.Status.AUTO:
                joins.append((m.a, m.b))
    # A concurrent run may have written the same pair meanwhile: the unique constraint keeps one.
    ClaimLink.objects.bulk_create(new_links, batch_size=500, ignore_conflicts=True)
    created = len(new_links)
    if joins:
        # Join only pairs still linked automatically (an editor may have rejected one meanwhile).
        still = set(
            ClaimLink.objects.filter(
                claim_id__in={a for a, _ in joins}, other_id__in={b for _, b in joins}, status=ClaimLink.Status.AUTO
            ).values_list("claim_id", "other_id")
        )
        for a, b in joins:
            if (a, b) in still:
                join_groups(a, b)
    return created


def join_groups(a_id: int, b_id: int) -> int:
    """Put two claims in one ClaimGroup, merging their groups. Returns the group id.

    Locks are taken groups first (by id), then claims (by id); if a concurrent merge moved a
    claim to another group in between, the transaction is rolled back and retried.
    """
    for attempt in range(8):
        try:
            with transaction.atomic():
                return _join_once(a_id, b_id)
        except _Retry:
            continue
        except OperationalError:  # deadlock detected / database locked: retry a few times
            if attempt >= 7:
                raise
    raise RuntimeError(f"could not merge the groups of claims {a_id} and {b_id}")


def _join_once(a_id: int, b_id: int) -> int:
    seen = dict(Claim.objects.filter(pk__in=[a_id, b_id]).values_list("pk", "group_id"))
    gids = sorted({g for g in seen.values() if g})
    groups = list(ClaimGroup.objects.select_for_update().filter(pk__in=gids).order_by("pk"))
    if len(groups) != len(gids):
        raise _Retry
    locked = dict(
        Claim.objects.select_for_update().filter(pk__in=[a_id, b_id]).order_by("pk").values_list("pk", "group_id")
    )
    if locked != seen:
        raise _Retry
    if not gids:
        first = Claim.objects.only("text").get(pk=min(a_id, b_id))
        group = ClaimGroup.objects.create(label=first.text[:500])
        Claim.objects.filter(pk__in=[a_id, b_id]).update(group=group)
        winner = group.pk
    else:
        winner = gids[0]
        losers = gids[1:]
        if losers:
            Claim.objects.filter(group_id__in=losers).update(group_id=winner)
            ClaimGroup.objects.filter(pk__in=losers).delete()
        Claim.objects.filter(pk__in=[a_id, b_id]).exclude(group_id=winner).update(group_id=winner)
    _mark_group(winner)
    return winner


def _published_in_group(group_id: int) -> int | None:
    from reviewers.models import Verdict

    return (
        Verdict.objects.filter(claim__group_id=group_id, status=Verdict.Status.PUBLISHED)
        .order_by("published_at", "claim_id")
        .values_list("claim_id", flat=True)
        .first()
    )


def _mark_group(group_id: int) -> int:
    """Point the group's unchecked claims at its earliest published verdict's claim."""
    from reviewers.models import Verdict

    checked = _published_in_group(group_id)
    if checked is None:
        return 0
    return (
        Claim.objects.filter(group_id=group_id, previously_checked__isnull=True)
        .exclude(pk=checked)
        .exclude(verdict__status=Verdict.Status.PUBLISHED)
        .update(previously_checked_id=checked)
    )


def mark_previously_checked_for(claim_id: int) -> int:
    """Call when ``claim_id``'s verdict is published: every claim matching it (its group, i.e.
    auto or confirmed links) without a published verdict of its own and not yet marked gets
    ``previously_checked`` = this claim. Returns how many claims were marked."""
    from reviewers.models import Verdict

    claim = Claim.objects.filter(pk=claim_id).only("group_id").first()
    if claim is None or not Verdict.objects.filter(claim_id=claim_id, status=Verdict.Status.PUBLISHED).exists():
        return 0
    matched = Q(links_from__other_id=claim_id, links_from__status__in=_LINKED) | Q(
        links_to__claim_id=claim_id, links_to__status__in=_LINKED
    )
    if claim.group_id:
        matched |= Q(group_id=claim.group_id)
    with transaction.atomic():
        ids = list(
            Claim.objects.filter(matched)
            .exclude(pk=claim_id)
            .exclude(verdict__status=Verdict.Status.PUBLISHED)
            .values_list("pk", flat=True)
            .distinct()
        )
        return Claim.objects.filter(pk__in=ids, previously_checked__isnull=True).update(previously_checked_id=claim_id)


_LINKED = (ClaimLink.Status.AUTO, ClaimLink.Status.CONFIRMED)


# --- editor decisions --------------------------------------------------------------------------
class LinkAlreadyDecided(Exception):
    """The link was confirmed or rejected by someone else first."""


def confirm_link(link_id: int, editor) -> ClaimLink:
    """An editor confirms a link: status confirmed, the two claims' groups merged."""
    return _decide(link_id, editor, ClaimLink.Status.CONFIRMED)


def reject_link(link_id: int, editor) -> ClaimLink:
    """An editor rejects a link: status rejected; re-running linking never suggests it again."""
    return _decide(link_id, editor, ClaimLink.Status.REJECTED)


def _decide(link_id: int, editor, status: str) -> ClaimLink:
    with transaction.atomic():
        link = ClaimLink.objects.select_for_update().get(pk=link_id)
        if link.status == status:
            return link  # idempotent: a double click does nothing more
        if link.status in (ClaimLink.Status.CONFIRMED, ClaimLink.Status.REJECTED):
            raise LinkAlreadyDecided(f"link {link_id} is already {link.status}")
        link.status = status
        link.decided_by = editor if getattr(editor, "is_authenticated", False) else None
        link.decided_at = timezone.now()
        link.save(update_fields=["status", "decided_by", "decided_at"])
    if status == ClaimLink.Status.CONFIRMED:
        join_groups(link.claim_id, link.other_id)
    return link


# --- selectors ---------------------------------------------------------------------------------
@dataclass
class LinkedClaim:
    link: ClaimLink
    claim: Claim
    similarity: float
    status: str


def links_for_claim(claim: Claim | int) -> list[LinkedClaim]:
    """Claims of other articles linked to ``claim`` (not rejected), best first."""
    cid = claim if isinstance(claim, int) else claim.pk
    links = (
        ClaimLink.objects.filter(Q(claim_id=cid) | Q(other_id=cid))
        .exclude(status=ClaimLink.Status.REJECTED)
        .select_related("claim__article", "other__article")
        .order_by("-similarity", "id")
    )
    out = []
    for link in links:
        other = link.other if link.claim_id == cid else link.claim
        out.append(LinkedClaim(link=link, claim=other, similarity=link.similarity, status=link.status))
    return out


def pending_suggestions() -> QuerySet[ClaimLink]:
    """Suggested links waiting for an editor, strongest first."""
    return (
        ClaimLink.objects.filter(status=ClaimLink.Status.SUGGESTED)
        .select_related("claim__article__source", "other__article__source")
        .order_by("-similarity", "id")
    )


def relink(all_claims: bool = False, batch: int = BATCH, progress=None) -> tuple[int, int]:
    """(Re)build signatures and links. Without ``all_claims`` only claims lacking signatures.

    Returns (claims processed, links created).
    """
    qs = Claim.objects.order_by("pk")
    if not all_claims:
        qs = qs.filter(signatures__isnull=True)
    done = created = 0
    last = 0
    while True:
        ids = list(qs.filter(pk__gt=last).values_list("pk", flat=True)[:batch])
        if not ids:
            break
        created += link_new_claims(ids)
        done += len(ids)
        last = ids[-1]
        if progress:
            progress(done, created)
    return done, created
