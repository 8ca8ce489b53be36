"""Reads for the review queue, reviewers' own work and approvals (claim search: claims.selectors); the
verdict that applies to a claim and who may edit it (``check_may_edit``, the rule the services enforce)."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from claims import review_state as claim_review_state
from claims import selectors as claim_selectors
from claims.models import Claim, ClaimLink
from factcheck.db import fetch_one_prepared, from_db_values, in_hashed, model_columns
from factcheck.errors import CorrectionError, InvalidInput, NotAllowed, WorkflowError
from factcheck.pagination import shown_count

from .models import Assignment, EvidenceLink, IndependentReview, QueueItem, SecondReviewRule, Verdict
from .permissions import APPROVE_PERM, QUEUE_CLAIM_PERM, REVIEW_PERM

AGE_CHOICES = {"1h": dt.timedelta(hours=1), "24h": dt.timedelta(days=1), "7d": dt.timedelta(days=7),
               "30d": dt.timedelta(days=30)}


def group_claim_ids(claim: Claim) -> list[int]:
    """The claim and the other members of its group (a group shares one verdict)."""
    if claim.group_id is None:
        return [claim.pk]
    return list(Claim.objects.filter(group_id=claim.group_id).values_list("pk", flat=True))


def verdict_for_claim(claim: Claim) -> Verdict | None:
    """The verdict that applies to this claim: its own, or its group's."""
    ids = group_claim_ids(claim)
    return Verdict.objects.filter(claim_id__in=ids).order_by("created_at", "id").first()


def check_correctable(claim: Claim, doing: str) -> None:
    """A claim whose verdict is past a draft keeps its text and span: splitting, merging or
    dismissing it is refused (claims' ``claim_correcting`` signal, connected in reviewers.receivers)."""
    if Verdict.objects.filter(claim=claim).exclude(status=Verdict.Status.DRAFT).exists():
        raise CorrectionError(f"This claim already has a verdict beyond a draft; it cannot be {doing}.")


#: Who may still change a verdict in which status.
REVIEWER_EDITABLE = (Verdict.Status.DRAFT, Verdict.Status.RETURNED)
EDITOR_EDITABLE = (Verdict.Status.DRAFT, Verdict.Status.SUBMITTED, Verdict.Status.RETURNED)


def holds_lease(user: Any, claim_ids: list[int]) -> Assignment | None:
    """The user's active lease on one of these claims, if any."""
    return Assignment.objects.filter(
        reviewer_id=user.pk, claim_id__in=claim_ids, outcome=Assignment.Outcome.ACTIVE
    ).first()


def check_may_edit(user: Any, verdict: Verdict | None, claim_ids: list[int]) -> Assignment | None:
    """Editors edit any unapproved verdict; a reviewer edits a draft only while holding the
    claim's lease, and a returned verdict only if it is theirs. Returns the user's lease."""
    if user is None or not getattr(user, "is_authenticated", False):
        raise NotAllowed("Log in to edit verdicts.")
    lease = holds_lease(user, claim_ids) if user.has_perm(REVIEW_PERM) else None
    if user.has_perm(APPROVE_PERM):
        if verdict is not None and verdict.status not in EDITOR_EDITABLE:
            raise InvalidInput(f"This verdict is {verdict.get_status_display().lower()} and can no longer be edited.")
        return lease
    if not user.has_perm(REVIEW_PERM):
        raise NotAllowed("You are not allowed to edit verdicts.")
    if verdict is not None and verdict.status == Verdict.Status.RETURNED:
        if verdict.reviewer_id != user.pk:
            raise NotAllowed("This verdict was returned to another reviewer.")
        return lease
    if verdict is not None and verdict.status not in REVIEWER_EDITABLE:
        raise NotAllowed(f"This verdict is {verdict.get_status_display().lower()}; only an editor can change it now.")
    if lease is None:
        raise NotAllowed("You can only edit the verdict of a claim assigned to you.")
    return lease


@dataclass
class EditState:
    verdict: Verdict | None
    lease: Assignment | None
    can_edit: bool
    reason: str = ""


def edit_state(user: Any, claim: Claim) -> EditState:
    """What this user may do with the verdict of this claim (for views and the API)."""
    claim_ids = group_claim_ids(claim)
    verdict = Verdict.objects.filter(claim_id__in=claim_ids).order_by("created_at", "id").first()
    try:
        lease = check_may_edit(user, verdict, claim_ids)
    except WorkflowError as exc:
        lease = holds_lease(user, claim_ids) if getattr(user, "is_authenticated", False) else None
        return EditState(verdict, lease, False, exc.message)
    return EditState(verdict, lease, True)


@dataclass
class QueueOverview:
    items: QuerySet[QueueItem]
    counts: dict[str, str]
    filters: dict[str, str]
    stale_leases: int = 0
    reviewers: list[Any] = field(default_factory=list)


def _clean_filters(filters: Mapping[str, Any]) -> dict[str, str]:
    out = {}
    for key in ("status", "kind", "article", "reviewer", "age", "q"):
        value = str(filters.get(key) or "").strip()
        if value:
            out[key] = value[:200]
    if out.get("status") not in (None, "all", *QueueItem.Status.values):
        out.pop("status")
    if out.get("kind") not in (None, *Claim.Kind.values):
        out.pop("kind")
    if out.get("age") not in (None, *AGE_CHOICES):
        out.pop("age")
    for key in ("article", "reviewer"):
        if key in out and not out[key].isdigit():
            out.pop(key)
    return out


#: The queue page's order, claim-next's hand-out order. Indexes: queue_open_order_idx (partial, the
#: default view: queued + assigned), queue_next_idx (one status first), queue_order_idx (all).
QUEUE_ORDER = ("-priority", "enqueued_at", "id")
#: Rows per queue page. Each row costs ~0.8 ms of template (checkbox, links, badges, times) against
#: ~1-2 ms of SQL for the whole page: at 1M claims 50 rows took 66 ms in-process on a loaded
#: machine and 25 rows 47 ms (bench/README.md). The hand-out order is worked from the top.
QUEUE_PAGE_SIZE = 25
QUEUE_OPEN = (QueueItem.Status.QUEUED, QueueItem.Status.ASSIGNED)
#: Counts shown on the big lists stop here ("1,000+").
COUNT_LIMIT = 1000


def queue_overview(filters: Mapping[str, Any], user: Any = None) -> QueueOverview:
    """The whole queue for editors. ``filters``: status (default: queued + assigned; "all"),
    kind, article (id), reviewer (user id, assigned to), age (enqueued at least 1h/24h/7d/30d
    ago), q (text, claims.selectors.search_claims). ``items`` is unordered: page it in QUEUE_ORDER
    (factcheck.pagination). ``counts`` are by status over the queue's own filters (reviewer, age),
    so assigned (locked) items are always visible in the numbers even while nothing is free to
    take; each stops at COUNT_LIMIT ("1,000+"), one bounded scan of an index on status per status
    instead of an aggregate over the queue. They leave out the filters on the claim (kind, article,
    q): counting those reads a claim row per queue item (a text match was 100-300 ms per status
    at 1M claims), and the status links they sit on open the queue without them anyway."""
    f = _clean_filters(filters)
    base = QueueItem.objects.all()
    if "reviewer" in f:
        base = base.filter(assigned_to_id=int(f["reviewer"]))
        if int(f["reviewer"]) != getattr(user, "pk", None):  # hidden_by_blind_review, as a filter
            base = base.exclude(blind_q())
    if "age" in f:
        base = base.filter(enqueued_at__lte=timezone.now() - AGE_CHOICES[f["age"]])
    counts = {s: shown_count(base.filter(status=s), COUNT_LIMIT) for s in QueueItem.Status.values}
    if "kind" in f:
        base = base.filter(claim__kind=f["kind"])
    if "article" in f:
        base = base.filter(claim__article_id=int(f["article"]))
    if "q" in f:
        base = base.filter(claim__in=claim_selectors.search_claims(f["q"]).values("pk"))
    status = f.get("status")
    if status == "all":
        items = base
    elif status:
        items = base.filter(status=status)
    else:
        items = base.filter(status__in=QUEUE_OPEN)
    items = (items.select_related("claim", "claim__article", "assigned_to")
             .defer("claim__article__body", "claim__search_vector"))
    stale = QueueItem.objects.filter(status=QueueItem.Status.ASSIGNED, lease_expires_at__lte=timezone.now()).count()
    reviewers = list(
        get_user_model().objects.filter(
            Q(groups__permissions__codename="review_claim") | Q(is_superuser=True), is_active=True
        ).distinct().order_by("username")
    )
    return QueueOverview(items=items, counts=counts, filters=f, stale_leases=stale, reviewers=reviewers)


@dataclass
class MyWork:
    current: Assignment | None
    past: list[Assignment]
    verdicts: list[Verdict]
    returned: list[Verdict]
    rounds: list[IndependentReview] = field(default_factory=list)  # the user's own blind reviews


def my_work(user: Any) -> MyWork:
    """The reviewer's current lease, last 50 assignments, last 100 verdicts and blind reviews. The
    lists show the claim's text only: their claims come without the stored search vector and
    without the article (whose body each row fetched: 150 article bodies per load)."""
    current = (
        Assignment.objects.select_related("claim", "claim__article")
        .defer("claim__search_vector", "claim__article__body")
        .filter(reviewer=user, outcome=Assignment.Outcome.ACTIVE)
        .order_by("-lease_expires_at")
        .first()
    )
    past = list(
        Assignment.objects.select_related("claim").defer("claim__search_vector")
        .filter(reviewer=user)
        .exclude(outcome=Assignment.Outcome.ACTIVE)
        .order_by("-started_at")[:50]
    )
    verdicts = list(Verdict.objects.select_related("claim").defer("claim__search_vector").filter(reviewer=user)
                    .order_by("-updated_at")[:100])
    for v in verdicts:
        v.editable = v.status in REVIEWER_EDITABLE  # the work page opens the form, else the verdict page
    returned = [v for v in verdicts if v.status == Verdict.Status.RETURNED]
    rounds = list(IndependentReview.objects.select_related("claim").defer("claim__search_vector")
                  .filter(reviewer=user).order_by("-id")[:100])
    return MyWork(current=current, past=past, verdicts=verdicts, returned=returned, rounds=rounds)


#: The approvals page: each waiting status in its own order, each served by its partial index
#: (verdict_submitted_idx, verdict_approved_idx).
APPROVAL_ORDERS = {Verdict.Status.SUBMITTED: ("submitted_at", "id"), Verdict.Status.APPROVED: ("approved_at", "id")}


def waiting_verdicts(status: str) -> QuerySet[Verdict]:
    """Verdicts in a waiting ``status`` (submitted or approved), unordered: page them in
    APPROVAL_ORDERS[status] and add ``with_evidence_counts`` for the rows shown."""
    return (Verdict.objects.select_related("claim", "reviewer", "editor")
            .defer("claim__search_vector").filter(status=status))


def with_evidence_counts(verdicts: Sequence[Verdict]) -> list[Verdict]:
    """Set ``evidence_count`` on ``verdicts`` with one grouped query over their evidence only."""
    verdicts = list(verdicts)
    ids = [v.pk for v in verdicts]
    counts = dict(EvidenceLink.objects.filter(verdict_id__in=ids).order_by().values("verdict_id")
                  .annotate(n=Count("id")).values_list("verdict_id", "n")) if ids else {}
    for v in verdicts:
        v.evidence_count = counts.get(v.pk, 0)
    return verdicts


def waiting_counts() -> dict[str, str]:
    """How many verdicts wait in each approval status, "1,000+" past COUNT_LIMIT."""
    return {status: shown_count(Verdict.objects.filter(status=status), COUNT_LIMIT) for status in APPROVAL_ORDERS}


def linked_claims(claim: Claim) -> list[tuple[Claim, ClaimLink | None]]:
    """Claims from other articles: members of the same group and non-rejected links."""
    out: dict[int, tuple[Claim, ClaimLink | None]] = {}
    if claim.group_id:
        for other in Claim.objects.select_related("article").filter(group_id=claim.group_id).exclude(pk=claim.pk):
            out[other.pk] = (other, None)
    links = ClaimLink.objects.select_related("claim__article", "other__article").filter(
        Q(claim=claim) | Q(other=claim)
    ).exclude(status=ClaimLink.Status.REJECTED)
    for link in links:
        other = link.other if link.claim_id == claim.pk else link.claim
        out[other.pk] = (other, link)
    return sorted(out.values(), key=lambda pair: (pair[0].article_id, pair[0].start))


# --- who may see a verdict: the one rule -----------------------------------------------------------

#: Verdicts every reviewer may read; drafts and submitted/returned ones only their author and editors.
VISIBLE_TO_ALL = (Verdict.Status.APPROVED, Verdict.Status.PUBLISHED)


def verdict_visible_to(user: Any, verdict: Verdict | None) -> bool:
    """Who may see this verdict (every page, serializer and filter that shows one asks this or its
    queryset form ``visible_verdict_q``): editors (may approve) every verdict; anyone else its
    author's own, at any status, and other people's once approved or published."""
    if verdict is None:
        return False
    if verdict.status in VISIBLE_TO_ALL:
        return True
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return verdict.reviewer_id == user.pk or user.has_perm(APPROVE_PERM)


def visible_verdict_q(user: Any) -> Q:
    """``verdict_visible_to`` as a filter on Verdict."""
    if user is not None and getattr(user, "is_authenticated", False):
        if user.has_perm(APPROVE_PERM):
            return Q()
        return Q(status__in=VISIBLE_TO_ALL) | Q(reviewer_id=user.pk)
    return Q(status__in=VISIBLE_TO_ALL)


def visible_verdicts(user: Any) -> QuerySet[Verdict]:
    """The verdict API's list: the verdicts ``user`` may see, for people whose role reads verdicts
    (``reviewers.view_verdict``; editors always)."""
    qs = Verdict.objects.select_related("reviewer", "editor").prefetch_related("evidence")
    if not (user.has_perm("reviewers.view_verdict") or user.has_perm(APPROVE_PERM)):
        return qs.none()
    return qs.filter(visible_verdict_q(user))


def rated_claims(qs: QuerySet[Claim], rating: str, user: Any) -> QuerySet[Claim]:
    """Claims of ``qs`` whose verdict has ``rating`` and may be seen by ``user``. The rating's
    verdicts (index verdict_rating_idx, read alone: it covers the visibility columns) are hashed
    once and the list walks its own order testing each claim against the hash (factcheck.db.in_hashed),
    instead of probing each walked claim's verdict: /api/claims/?rating= at 1M claims 40-50 -> 8 ms."""
    verdicts = Verdict.objects.filter(visible_verdict_q(user), rating=rating)
    return qs.filter(in_hashed("pk", verdicts.values("claim_id")))


def shown_verdict(claim: Claim, user: Any) -> Verdict | None:
    """The claim's own verdict (loaded with ``select_related("verdict")``) if ``user`` may see it."""
    try:
        verdict = claim.verdict
    except Claim.verdict.RelatedObjectDoesNotExist:
        return None
    return verdict if verdict_visible_to(user, verdict) else None


def may_open_verdict_page(user: Any, verdict: Verdict | None) -> bool:
    """The verdict page (with its history) is for editors and the verdict's reviewer."""
    return verdict is not None and bool(getattr(user, "is_authenticated", False)) and (
        user.has_perm(APPROVE_PERM) or verdict.reviewer_id == user.pk)


def can_enqueue(user: Any, claim: Claim) -> bool:
    """Offer "queue for review": an editor, and a claim neither in the queue nor past a verdict."""
    return user.has_perm(QUEUE_CLAIM_PERM) and claim.status in (Claim.Status.EXTRACTED, Claim.Status.DISMISSED)


def visible_assignments(user: Any) -> QuerySet[Assignment]:
    """Editors see every assignment but other people's on a claim in blind review
    (``hidden_by_blind_review``, as a filter); a reviewer only their own."""
    qs = Assignment.objects.select_related("reviewer", "claim", "claim__verdict", "claim__queue_item", "queue_item")
    if user.has_perm("reviewers.view_assignment"):
        return qs.exclude(blind_q("queue_item__") & ~Q(reviewer_id=user.pk))
    return qs.filter(reviewer=user)


def visible_verdict(claim: Claim, user: Any) -> Verdict | None:
    """The verdict that applies to the claim (its own or its group's), if this user may see it."""
    verdict = verdict_for_claim(claim)
    return verdict if verdict_visible_to(user, verdict) else None


def history_for_verdict(verdict: Verdict) -> list[Any]:
    """Verdict and evidence history rows, newest first, with the changed fields."""
    rows = list(verdict.history.select_related("history_user").order_by("-history_date", "-history_id")[:50])
    out = []
    for i, h in enumerate(rows):
        prev = rows[i + 1] if i + 1 < len(rows) else None
        changed = []
        if prev is not None:
            changed = [c.field for c in h.diff_against(prev, excluded_fields=["updated_at", "version"]).changes]
        out.append({"row": h, "changed": changed})
    return out


#: Claim history rows that only repeated a lease (written before claims.review_state); the lease
#: records below say the same, with who and when.
_LEASE_REASONS = ("claimed", "lease expired", "released", "skipped", "reassigned")
#: How a lease ended, where the claim's own history does not already say it (a completed lease is
#: the claim's "verdict submitted" row, a removed one its "removed from queue" row, a reassigned
#: one the next lease's start).
_LEASE_ENDS = {Assignment.Outcome.RELEASED: "released", Assignment.Outcome.SKIPPED: "skipped",
               Assignment.Outcome.EXPIRED: "lease expired"}


@dataclass
class HistoryEntry:
    """One line of a claim's history: a change of the claim itself, or a lease (``source``).
    ``history_user_id``/``who`` are None/"" where nobody is named or the blind-review rule hides them
    (``history_user_hidden``)."""

    when: dt.datetime
    what: str
    state: str
    who: str = ""
    history_user_id: int | None = None
    history_user_hidden: bool = False
    default_who: str = "extraction"
    speaker: str = ""
    kind: str = ""
    text: str = ""
    source: str = "claim"

    @property
    def state_label(self) -> str:
        return claim_review_state.label(self.state)


def claim_history(user: Any, claim: Claim, limit: int = 30) -> list[HistoryEntry]:
    """The claim's history, newest first: its own history rows merged with its leases (who took it
    or was assigned it and by whom, and how the lease ended). Claim-next writes no claim row
    (``claims.review_state``), so the leases are what say "in review". While the claim is in blind
    review the names of other people are hidden (``hidden_by_blind_review``), so a reviewer cannot
    tell who had it. Four queries, each bounded."""
    blind = bool(blind_claim_ids([claim.pk]))

    def person(user_id: int | None, name: str) -> dict[str, Any]:
        if hidden_by_blind_review(user, user_id, blind=blind):
            return {"who": "", "history_user_id": None, "history_user_hidden": True, "default_who": "hidden"}
        return {"who": name if user_id is not None else "", "history_user_id": user_id}

    rows = list(claim.history.select_related("history_user").exclude(history_change_reason__in=_LEASE_REASONS)
                .order_by("-history_date", "-history_id")[:limit])
    entries = [HistoryEntry(when=h.history_date, what=h.history_change_reason or h.get_history_type_display(),
                            state=h.status, speaker=h.speaker, kind=h.kind, text=h.text,
                            **person(h.history_user_id, h.history_user.get_username() if h.history_user else ""))
               for h in rows]
    leases = list(Assignment.objects.select_related("reviewer").filter(claim_id=claim.pk)
                  .order_by("-started_at", "-id")[:limit])
    assigned_by = {aid: (uid, name) for aid, uid, name in Assignment.history.filter(
        claim_id=claim.pk, history_type="+", history_user__isnull=False,
    ).values_list("id", "history_user_id", "history_user__username")}
    for a in leases:
        taker = person(a.reviewer_id, a.reviewer.get_username())
        by = assigned_by.get(a.pk)
        if by is None or by[0] == a.reviewer_id:  # claim-next (older ones kept a "+" row by the taker)
            entries.append(HistoryEntry(when=a.started_at, what="claimed", state=Claim.Status.IN_REVIEW,
                                        source="lease", **taker))
        else:
            entries.append(HistoryEntry(when=a.started_at, what=f"assigned to {taker['who'] or 'a reviewer'}",
                                        state=Claim.Status.IN_REVIEW, source="lease", **person(*by)))
        end = _LEASE_ENDS.get(a.outcome)
        if end and a.ended_at:
            ender = person(None, "") if a.outcome == Assignment.Outcome.EXPIRED else taker
            entries.append(HistoryEntry(when=a.ended_at, what=end, state=Claim.Status.QUEUED, source="lease",
                                        **{"default_who": "system", **ender}))
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries[:limit]


def claim_with_verdict(claim_id: int) -> Claim:
    """``Claim.objects.select_related("verdict").get(pk=claim_id)``; on PostgreSQL as one prepared
    statement (the claim-next response reads it on every hand-out)."""
    if connection.vendor != "postgresql":
        return Claim.objects.select_related("verdict").get(pk=claim_id)
    sql, c_fields, v_fields, v_pk_index = _claim_statement(connection.vendor)
    row = fetch_one_prepared(sql, [claim_id])
    if row is None:
        raise Claim.DoesNotExist
    n = len(c_fields)
    claim = from_db_values(Claim, c_fields, row[:n])
    verdict = from_db_values(Verdict, v_fields, row[n:]) if row[n + v_pk_index] is not None else None
    Claim.verdict.related.set_cached_value(claim, verdict)
    if verdict is not None:
        Verdict.claim.field.set_cached_value(verdict, claim)
    return claim


@functools.cache
def _claim_statement(vendor: str) -> tuple[str, list[Any], list[Any], int]:
    qn = connection.ops.quote_name
    c_fields, c_cols = model_columns(Claim, "c")
    v_fields, v_cols = model_columns(Verdict, "v")
    sql = (f"SELECT {c_cols}, {v_cols} FROM {qn(Claim._meta.db_table)} c LEFT JOIN {qn(Verdict._meta.db_table)} v "
           f"ON v.{qn(Verdict._meta.get_field('claim').column)} = c.{qn(Claim._meta.pk.column)} "
           f"WHERE c.{qn(Claim._meta.pk.column)} = %s")
    return sql, c_fields, v_fields, [f.attname for f in v_fields].index(Verdict._meta.pk.attname)


# --- blind second review: who may see what ------------------------------------------------------


def is_blind(item: QueueItem | None) -> bool:
    """The claim's blind review is under way: two reviews required and the second not submitted."""
    return item is not None and item.rounds_required == 2 and item.status != QueueItem.Status.DONE


def blind_q(prefix: str = "") -> Q:
    """``is_blind`` as a filter on a queue item reached through ``prefix`` (e.g. "queue_item__")."""
    return Q(**{f"{prefix}rounds_required": 2}) & ~Q(**{f"{prefix}status": QueueItem.Status.DONE})


def blind_claim_ids(claim_ids: Iterable[int]) -> set[int]:
    ids = list(claim_ids)
    if not ids:
        return set()
    return set(QueueItem.objects.filter(blind_q(), claim_id__in=ids).values_list("claim_id", flat=True))


def hidden_by_blind_review(user: Any, author_id: int | None, *, blind: bool) -> bool:
    """THE blind-review rule, asked wherever review work on a claim or who did it shows (a round's
    rating, rationale and evidence; the reviewer of a lease, a queue row or a history row): while
    the claim is ``blind`` only the author sees their own work, nobody else, editors included (an
    editor may well be the second reviewer). Outside blind review it hides nothing and the place's
    usual rule applies. (No Verdict exists while a claim is blind: its verdict is made when both
    reviews are in, so verdict pages, exports, search and the claims API have nothing to show.)"""
    return blind and author_id is not None and author_id != getattr(user, "pk", None)


def round_visible_to(user: Any, review: IndependentReview, *, blind: bool, authors: set[int]) -> bool:
    """A round of a blind review: its author always; once both are in, editors and the other
    round's author (``authors``: the claim's round authors)."""
    if hidden_by_blind_review(user, review.reviewer_id, blind=blind):
        return False
    return (review.reviewer_id == getattr(user, "pk", None) or user.has_perm(APPROVE_PERM)
            or getattr(user, "pk", None) in authors)


def visible_rounds(user: Any, claim: Claim) -> list[IndependentReview]:
    """The rounds of this claim the user may see, round 1 first."""
    rounds = list(IndependentReview.objects.select_related("reviewer").filter(claim=claim).order_by("round"))
    if not rounds:
        return []
    blind = is_blind(QueueItem.objects.filter(claim=claim).first())
    authors = {r.reviewer_id for r in rounds}
    return [r for r in rounds if round_visible_to(user, r, blind=blind, authors=authors)]


def visible_rounds_qs(user: Any) -> QuerySet[IndependentReview]:
    """``round_visible_to`` over all rounds, as a query (the API list)."""
    qs = IndependentReview.objects.select_related("reviewer", "claim")
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    own = Q(reviewer_id=user.pk)
    not_blind = ~Q(claim__in=QueueItem.objects.filter(blind_q()).values("claim_id"))
    if user.has_perm(APPROVE_PERM):
        return qs.filter(own | not_blind)
    co_author = Q(claim__in=IndependentReview.objects.filter(reviewer_id=user.pk).values("claim_id"))
    return qs.filter(own | (not_blind & co_author))


_UNKNOWN = object()


def blind_round_of(assignment: Assignment) -> int | None:
    """The blind-review round an active lease is for (1 or 2), None for a claim that gets one
    review or a lease that has ended. Claim-next's statement says it (``_blind_round``); otherwise
    the queue item (loaded with the assignment, or one query)."""
    known = assignment.__dict__.get("_blind_round", _UNKNOWN)
    if known is not _UNKNOWN:
        return known
    if assignment.outcome != Assignment.Outcome.ACTIVE:
        return None
    item = assignment.queue_item
    return item.review_round if is_blind(item) else None


def shown_assignee(user: Any, item: QueueItem) -> Any:
    """Who a queue row says holds the claim: nobody while its blind review hides them."""
    if item.assigned_to_id is None or hidden_by_blind_review(user, item.assigned_to_id, blind=is_blind(item)):
        return None
    return item.assigned_to


@dataclass
class BlindStatus:
    """What the review page says about a claim's blind review to this user."""

    item: QueueItem | None
    blind: bool
    round: int  # the round under way (1 or 2); 0 when the claim needs one review
    mine: IndependentReview | None  # the user's own round, if any
    holds_round: bool  # the user holds the lease of the current round


def blind_status(user: Any, claim: Claim) -> BlindStatus:
    item = QueueItem.objects.filter(claim=claim).first()
    if item is None or item.rounds_required != 2:
        return BlindStatus(item, False, 0, None, False)
    mine = IndependentReview.objects.filter(claim=claim, reviewer_id=getattr(user, "pk", None)).first()
    holds = is_blind(item) and Assignment.objects.filter(
        queue_item=item, reviewer_id=getattr(user, "pk", None), outcome=Assignment.Outcome.ACTIVE).exists()
    if mine is not None and mine.round != item.review_round and holds:
        mine = None  # a leftover from before (cannot happen: the two rounds are two people)
    return BlindStatus(item, is_blind(item), item.review_round, mine, holds)


def adjudication_queue() -> QuerySet[QueueItem]:
    """Claims whose two independent ratings differ, waiting for an editor (oldest first:
    index queue_adjudication_idx)."""
    return (QueueItem.objects.select_related("claim", "claim__article").filter(needs_adjudication=True)
            .order_by("updated_at", "id"))


def adjudication_count() -> str:
    return shown_count(QueueItem.objects.filter(needs_adjudication=True), COUNT_LIMIT)


def second_review_rules() -> QuerySet[SecondReviewRule]:
    return SecondReviewRule.objects.select_related("source", "claim", "created_by").order_by("-created_at", "-id")
