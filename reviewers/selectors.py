"""Reads for the review queue, reviewers' own work and approvals (claim search: claims.selectors); the
verdict that applies to a claim and who may edit it (``check_may_edit``, the rule the services enforce).

Who may see a verdict, an assignment or blind-review work is ``reviewers.visibility``; a claim's and
a verdict's history is ``reviewers.history``. Their names are re-exported here for callers that read
everything from ``reviewers.selectors``."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from claims import selectors as claim_selectors
from claims.linking.selectors import LinkedClaim, links_for_claim
from claims.models import Claim, ClaimLink
from factcheck.db import fetch_one_prepared, from_db_values, model_columns
from factcheck.errors import CorrectionError, InvalidInput, NotAllowed, WorkflowError
from factcheck.pagination import counts_upto, shown_count, shown_counts, shown_number
from factcheck.params import parse_id

from .history import HistoryEntry, claim_history, history_for_verdict
from .models import Assignment, EvidenceLink, IndependentReview, QueueItem, SecondReviewRule, Verdict
from .permissions import APPROVE_PERM, QUEUE_CLAIM_PERM, REVIEW_PERM
from .visibility import (
    VISIBLE_TO_ALL,
    BlindStatus,
    blind_claim_ids,
    blind_q,
    blind_round_of,
    blind_status,
    hidden_by_blind_review,
    is_blind,
    may_open_verdict_page,
    rated_claims,
    round_visible_to,
    shown_assignee,
    shown_verdict,
    verdict_visible_to,
    visible_assignments,
    visible_rounds,
    visible_rounds_qs,
    visible_verdict_q,
    visible_verdicts,
)

#: Re-exported from reviewers.visibility and reviewers.history.
__all__ = [
    "VISIBLE_TO_ALL", "BlindStatus", "HistoryEntry", "blind_claim_ids", "blind_q", "blind_round_of", "blind_status",
    "claim_history", "hidden_by_blind_review", "history_for_verdict", "is_blind", "may_open_verdict_page",
    "rated_claims", "round_visible_to", "shown_assignee", "shown_verdict", "verdict_visible_to",
    "visible_assignments", "visible_rounds", "visible_rounds_qs", "visible_verdict_q", "visible_verdicts",
]

AGE_CHOICES = {"1h": dt.timedelta(hours=1), "24h": dt.timedelta(days=1), "7d": dt.timedelta(days=7),
               "30d": dt.timedelta(days=30)}


def user_by_id(value: object) -> Any | None:
    """The user a form or a request names by id, or None: not a number or no such user (an id beyond the
    column's range matches nothing in Django's lookup). Whether they may take work is the service's rule."""
    pk = parse_id(value)
    if pk is None:
        return None
    return get_user_model().objects.filter(pk=pk).first()


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


_LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "::1", "[::1]", "0.0.0.0")


def _loopback(host: str) -> bool:
    host = host.lower().rsplit(":", 1)[0] if host.count(":") == 1 else host.lower()
    return host in _LOOPBACK_HOSTS or host.startswith("127.") or host.endswith(".localhost")


def public_address_warning(request_host: str) -> str:
    """Why readers cannot open the public pages' addresses, or "": ``PUBLIC_BASE_URL`` (every public
    link, the ClaimReview ``url``, the feeds) names this machine (localhost, 127.x) while the workbench
    itself is reached under another name, so it was never set for this site."""
    base = urlsplit(settings.PUBLIC_BASE_URL).hostname or ""
    if not _loopback(base) or _loopback(request_host):
        return ""
    return (f"Readers cannot open the public address: PUBLIC_BASE_URL is {settings.PUBLIC_BASE_URL}, this "
            "machine's own name, so public pages, ClaimReview and the feeds link there. Ask whoever runs the "
            "workbench to set PUBLIC_BASE_URL to the public site's address.")


def awaiting_approval(verdict: Verdict | None) -> bool:
    """A submitted verdict (an editor may still change it before deciding): saving keeps it submitted;
    it is neither a draft nor something to submit again."""
    return verdict is not None and verdict.status == Verdict.Status.SUBMITTED


def approval_refusal(user: Any, verdict: Verdict) -> str:
    """Why ``user`` may not approve ``verdict`` ("" when they may, as far as authorship goes): approval is
    a second pair of eyes, so neither its author nor an editor who changed its content (save_verdict's
    "edited" history rows) approves it. Checking the author alone let an editor rewrite a reviewer's
    verdict and approve it alone."""
    if verdict.reviewer_id == getattr(user, "pk", None):
        return "You wrote this verdict; another editor has to approve it."
    if Verdict.history.filter(id=verdict.pk, history_user_id=user.pk, history_change_reason="edited").exists():
        return ("You changed this verdict (its rating, rationale or evidence); another editor has to approve it, "
                "or return it to its reviewer with your comment.")
    return ""


def repeat_submission(user: Any, verdict: Verdict | None, rating: str, rationale: str,
                      version: int | None) -> bool:
    """The same "submit" again (a double click, a resent form): the user's own verdict is already
    submitted, with the rating and rationale the form sends, from a form loaded at an earlier version.
    The second click was answered 403 "only an editor can change it now" after the first had worked."""
    return (verdict is not None and verdict.status == Verdict.Status.SUBMITTED
            and verdict.reviewer_id == getattr(user, "pk", None)
            and version is not None and version < verdict.version
            and (rating or "").strip() == verdict.rating and (rationale or "").strip() == verdict.rationale)


def holds_lease(user: Any, claim_ids: list[int]) -> Assignment | None:
    """The user's active lease on one of these claims, if any."""
    return Assignment.objects.filter(
        reviewer_id=user.pk, claim_id__in=claim_ids, outcome=Assignment.Outcome.ACTIVE
    ).first()


def check_may_edit(user: Any, verdict: Verdict | None, claim_ids: list[int],
                   lease_of: Callable[[], Assignment | None] | None = None) -> Assignment | None:
    """Editors edit any unapproved verdict; a reviewer edits a draft only while holding the
    claim's lease, and a returned verdict only if it is theirs. Returns the user's lease
    (``lease_of``: how to read it, if not ``holds_lease``)."""
    if user is None or not getattr(user, "is_authenticated", False):
        raise NotAllowed("Log in to edit verdicts.")
    lease = (lease_of() if lease_of else holds_lease(user, claim_ids)) if user.has_perm(REVIEW_PERM) else None
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
    read: list[Assignment | None] = []  # the lease, read at most once (a refusal reports it too)

    def lease_of() -> Assignment | None:
        if not read:
            read.append(holds_lease(user, claim_ids))
        return read[0]

    try:
        lease = check_may_edit(user, verdict, claim_ids, lease_of)
    except WorkflowError as exc:
        lease = lease_of() if getattr(user, "is_authenticated", False) else None
        return EditState(verdict, lease, False, exc.message)
    return EditState(verdict, lease, True)


@dataclass
class QueueOverview:
    items: QuerySet[QueueItem]
    counts: dict[str, str]
    filters: dict[str, str]
    stale_leases: int = 0
    reviewers: list[Any] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)  # id filters given but no id (left out)


#: The queue filters whose value must be a row id, with the label the page gives them.
_ID_FILTERS = {"article": "Article id", "reviewer": "Reviewer"}


def _clean_filters(filters: Mapping[str, Any], dropped: list[str] | None = None) -> dict[str, str]:
    """The filters the queue understands; an id filter that is no id is left out, its label added to
    ``dropped`` (the page says so: "12a" showed the whole queue as if filtered, the field emptied)."""
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
    for key, label in _ID_FILTERS.items():
        if key in out and parse_id(out[key]) is None:
            out.pop(key)
            if dropped is not None:
                dropped.append(label)
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
_STALE = object()  # the key of the stale-lease count among the queue's status counts


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
    dropped: list[str] = []
    f = _clean_filters(filters, dropped)
    base = QueueItem.objects.all()
    if "reviewer" in f:
        base = base.filter(assigned_to_id=int(f["reviewer"]))
        if int(f["reviewer"]) != getattr(user, "pk", None):  # hidden_by_blind_review, as a filter
            base = base.exclude(blind_q())
    if "age" in f:
        base = base.filter(enqueued_at__lte=timezone.now() - AGE_CHOICES[f["age"]])
    # one statement: a bounded count per status, and the leases past expiry (exact: assigned items, few)
    stale_qs = QueueItem.objects.filter(status=QueueItem.Status.ASSIGNED, lease_expires_at__lte=timezone.now())
    counted = counts_upto({**{s: base.filter(status=s) for s in QueueItem.Status.values}, _STALE: stale_qs},
                          COUNT_LIMIT, exact=(_STALE,))
    stale = counted.pop(_STALE)[0]
    counts = {s: shown_number(n, more) for s, (n, more) in counted.items()}
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
    reviewers = list(
        get_user_model().objects.filter(
            Q(groups__permissions__codename="review_claim") | Q(is_superuser=True), is_active=True
        ).distinct().order_by("username")
    )
    return QueueOverview(items=items, counts=counts, filters=f, stale_leases=stale, reviewers=reviewers,
                         dropped=dropped)


@dataclass
class MyWork:
    current: Assignment | None
    past: list[Assignment]
    verdicts: list[Verdict]
    returned: list[Verdict]
    rounds: list[IndependentReview] = field(default_factory=list)  # the user's own blind reviews


#: what my work and the next-claim page show of each row (not the claim's JSON columns, the verdict's
#: rationale or the users: a decode per row for nothing)
_CLAIM_TEXT = ("claim", "claim__text")
_VERDICT_ROW = ("id", "status", "rating", "editor_comment", "updated_at", *_CLAIM_TEXT)
_PAST_ROW = ("id", "started_at", "ended_at", "outcome", "reason", *_CLAIM_TEXT)
_ROUND_ROW = ("id", "round", "rating", "status", "submitted_at", *_CLAIM_TEXT)
RECENT_VERDICTS = 100


def current_lease(user: Any) -> Assignment | None:
    """The reviewer's active lease (the latest, should there be more), with its claim and article."""
    return (
        Assignment.objects.select_related("claim", "claim__article")
        .defer("claim__search_vector", "claim__article__body")
        .filter(reviewer=user, outcome=Assignment.Outcome.ACTIVE)
        .order_by("-lease_expires_at")
        .first()
    )


def returned_verdicts(user: Any) -> list[Verdict]:
    """The returned verdicts among the reviewer's RECENT_VERDICTS latest (as my work lists them),
    newest first: one query, without reading the other verdicts' rows."""
    recent = Verdict.objects.filter(reviewer=user).order_by("-updated_at").values("pk")[:RECENT_VERDICTS]
    return list(Verdict.objects.select_related("claim").only(*_VERDICT_ROW)
                .filter(pk__in=recent, status=Verdict.Status.RETURNED).order_by("-updated_at"))


def my_work(user: Any) -> MyWork:
    """The reviewer's current lease, last 50 assignments, last 100 verdicts and blind reviews. The
    lists show the claim's text only: their claims come without the stored search vector and
    without the article (whose body each row fetched: 150 article bodies per load)."""
    past = list(
        Assignment.objects.select_related("claim").only(*_PAST_ROW)
        .filter(reviewer=user)
        .exclude(outcome=Assignment.Outcome.ACTIVE)
        .order_by("-started_at")[:50]
    )
    verdicts = list(Verdict.objects.select_related("claim").only(*_VERDICT_ROW).filter(reviewer=user)
                    .order_by("-updated_at")[:RECENT_VERDICTS])
    for v in verdicts:
        v.editable = v.status in REVIEWER_EDITABLE  # the work page opens the form, else the verdict page
    returned = [v for v in verdicts if v.status == Verdict.Status.RETURNED]
    rounds = list(IndependentReview.objects.select_related("claim").only(*_ROUND_ROW)
                  .filter(reviewer=user).order_by("-id")[:100])
    return MyWork(current=current_lease(user), past=past, verdicts=verdicts, returned=returned, rounds=rounds)


#: The approvals page: each waiting status in its own order, each served by its partial index
#: (verdict_submitted_idx, verdict_approved_idx).
APPROVAL_ORDERS = {Verdict.Status.SUBMITTED: ("submitted_at", "id"), Verdict.Status.APPROVED: ("approved_at", "id")}
#: Rows per section of the approvals page (each has its own "Next"). Editors work it from the top,
#: oldest first, one verdict at a time, and every approve, return or publish sends them back here:
#: the page is rendered once per decision, and 25 rows a section fill more than a screen. 50 + 50
#: rows cost ~30 ms of CPU per load at 1M claims; the rows are most of it (bench/README.md).
APPROVALS_PAGE_SIZE = 25


# what the approvals page shows of a row (the claim's JSON columns and the users' other fields cost
# a decode per row and are not shown)
APPROVAL_COLUMNS = ("id", "status", "rating", "submitted_at", "approved_at", "claim", "claim__text", "reviewer",
                    "reviewer__username", "editor", "editor__username")


def waiting_verdicts(status: str) -> QuerySet[Verdict]:
    """Verdicts in a waiting ``status`` (submitted or approved), unordered: page them in
    APPROVAL_ORDERS[status] and add ``with_evidence_counts`` for the rows shown."""
    return (Verdict.objects.select_related("claim", "reviewer", "editor")
            .only(*APPROVAL_COLUMNS).filter(status=status))


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
    return shown_counts({status: Verdict.objects.filter(status=status) for status in APPROVAL_ORDERS}, COUNT_LIMIT)


def linked_claims(claim: Claim, links: list[LinkedClaim] | None = None) -> list[tuple[Claim, ClaimLink | None]]:
    """Claims from other articles: members of the same group and the non-rejected links
    (``claims.linking.links_for_claim``, or ``links`` when the caller read them), in article and
    text order."""
    out: dict[int, tuple[Claim, ClaimLink | None]] = {}
    if claim.group_id:
        for other in Claim.objects.select_related("article").filter(group_id=claim.group_id).exclude(pk=claim.pk):
            out[other.pk] = (other, None)
    for linked in links if links is not None else links_for_claim(claim):
        out[linked.claim.pk] = (linked.claim, linked.link)
    return sorted(out.values(), key=lambda pair: (pair[0].article_id, pair[0].start))


def can_enqueue(user: Any, claim: Claim) -> bool:
    """Offer "queue for review": an editor, and a claim neither in the queue nor past a verdict."""
    return user.has_perm(QUEUE_CLAIM_PERM) and claim.status in (Claim.Status.EXTRACTED, Claim.Status.DISMISSED)


def visible_verdict(claim: Claim, user: Any, state: EditState | None = None) -> Verdict | None:
    """The verdict that applies to the claim (its own or its group's), if this user may see it
    (``state``: the claim's ``edit_state``, which read the same verdict already)."""
    verdict = state.verdict if state is not None else verdict_for_claim(claim)
    return verdict if verdict_visible_to(user, verdict) else None


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


def adjudication_queue() -> QuerySet[QueueItem]:
    """Claims whose two independent ratings differ, waiting for an editor (oldest first:
    index queue_adjudication_idx)."""
    return (QueueItem.objects.select_related("claim", "claim__article").filter(needs_adjudication=True)
            .order_by("updated_at", "id"))


def adjudication_count() -> str:
    return shown_count(QueueItem.objects.filter(needs_adjudication=True), COUNT_LIMIT)


def second_review_rules() -> QuerySet[SecondReviewRule]:
    return SecondReviewRule.objects.select_related("source", "claim", "created_by").order_by("-created_at", "-id")

