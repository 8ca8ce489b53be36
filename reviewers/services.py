"""Writes for the review queue, assignments (leases), verdicts and evidence.

Plain functions used alike by the web UI, the REST API, Celery tasks and management
commands. Each checks who may do what and raises a ``WorkflowError`` subclass carrying a
message a person can act on (``status_code`` says how an HTTP layer should map it).

Races are settled in the database: claim-next takes the next row with
``FOR UPDATE SKIP LOCKED`` (PostgreSQL) or inside a ``BEGIN IMMEDIATE`` transaction
(SQLite, see settings); state changes are conditional updates whose row count is checked.
Every change writes django-simple-history rows (explicitly where ``.update()`` is used),
with one exception: claim-next's own record is the Assignment row it creates (who, which
claim and queue item, when, until when), so it writes no HistoricalAssignment "+" row and
no HistoricalQueueItem "~" row that would only repeat it; the claim's "in review" change is
recorded in its history as before, and every later change of the lease or the queue item
(release, skip, expiry, reassignment, completion) writes history.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import ipaddress
import re
import socket
import ssl
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from html import unescape
from http import client as http_client
from typing import Any
from urllib.parse import urljoin, urlsplit

import psycopg
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.dateparse import parse_date

from claims.models import Claim

from . import signals
from .models import Assignment, EvidenceLink, QueueItem, Verdict

REVIEW_PERM = "reviewers.review_claim"
MANAGE_PERM = "reviewers.manage_queue"
APPROVE_PERM = "reviewers.approve_verdict"
QUEUE_CLAIM_PERM = "claims.queue_claim"

PRIORITY_MIN, PRIORITY_MAX = -1_000_000, 1_000_000
MAX_EVIDENCE_ROWS = 50
MAX_RATIONALE_CHARS = 20_000
EVIDENCE_MAX_BYTES = 256 * 1024
EVIDENCE_MAX_REDIRECTS = 5


# --- errors ------------------------------------------------------------------------------

class WorkflowError(Exception):
    """A request the workflow refuses; ``message`` is meant for the person who made it."""

    status_code = 400

    def __init__(self, message: str, *, errors: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.errors = errors or {}

    def __str__(self) -> str:
        return self.message


class InvalidInput(WorkflowError):
    status_code = 400


class NotAllowed(WorkflowError, PermissionDenied):
    """The user's role or relation to the object does not allow this (HTTP 403)."""

    status_code = 403


class NotFound(WorkflowError):
    status_code = 404


class ConflictError(WorkflowError):
    """Someone else changed the object first (HTTP 409); reload and try again."""

    status_code = 409


# --- small helpers -----------------------------------------------------------------------

def _require(user: Any, perm: str, doing: str) -> None:
    if user is None or not getattr(user, "is_authenticated", False) or not user.has_perm(perm):
        raise NotAllowed(f"You are not allowed to {doing}.")


def _lease_end(now: dt.datetime) -> dt.datetime:
    return now + dt.timedelta(minutes=settings.LEASE_MINUTES)


def _reason(text: str) -> str:
    return (text or "")[:100]


def _history(model: type, objs: Sequence[Any], user: Any, reason: str, *, update: bool = True) -> None:
    """History rows for objects changed with ``.update()`` (which bypasses the signals)."""
    if objs:
        model.history.bulk_history_create(
            list(objs), update=update, default_user=user if getattr(user, "pk", None) else None,
            default_change_reason=_reason(reason), default_date=timezone.now(),
        )


def _save(obj: Any, user: Any, reason: str, fields: list[str] | None = None) -> None:
    """Save through the model so simple-history records who and why."""
    obj._history_user = user if getattr(user, "pk", None) else None
    obj._change_reason = _reason(reason)
    obj.save(update_fields=fields)


def _group_claim_ids(claim: Claim) -> list[int]:
    if claim.group_id is None:
        return [claim.pk]
    return list(Claim.objects.filter(group_id=claim.group_id).values_list("pk", flat=True))


def _set_claim_status(claim_ids: Iterable[int], status: str, user: Any, reason: str,
                      only_from: Sequence[str] | None = None) -> None:
    claims = Claim.objects.filter(pk__in=list(claim_ids))
    if only_from is not None:
        claims = claims.filter(status__in=only_from)
    changed = list(claims.exclude(status=status))
    if not changed:
        return
    now = timezone.now()
    Claim.objects.filter(pk__in=[c.pk for c in changed]).update(status=status, updated_at=now)
    for c in changed:
        c.status, c.updated_at = status, now
    _history(Claim, changed, user, reason)


def _group_lock(group_id: int) -> None:
    """Serialise hand-outs within one claim group (PostgreSQL; SQLite is serialised already).

    An advisory lock rather than a row lock on claims_claimgroup: only this module takes it,
    so it cannot deadlock with other code that updates groups and claims.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("SELECT pg_advisory_xact_lock(%s, %s)", [_GROUP_LOCK_NS, group_id % 2147483647])


_GROUP_LOCK_NS = 0x52455631  # "REV1"
_REVIEWER_LOCK_NS = 0x52455632  # "REV2"


def _reviewer_lock(reviewer: Any) -> None:
    """One claim-next at a time per reviewer (PostgreSQL), so a double click waits for the
    first request instead of skipping the row it holds and seeing an empty queue."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("SELECT pg_advisory_xact_lock(%s, %s)", [_REVIEWER_LOCK_NS, reviewer.pk % 2147483647])


def _group_busy(group_id: int, except_item_id: int | None) -> bool:
    """Is another claim of this group being reviewed or already reviewed?"""
    q = QueueItem.objects.filter(
        claim__group_id=group_id, status__in=[QueueItem.Status.ASSIGNED, QueueItem.Status.DONE]
    )
    if except_item_id is not None:
        q = q.exclude(pk=except_item_id)
    return q.exists()


# --- queue: entering it ---------------------------------------------------------------------

def priority_for_score(score: float) -> int:
    """Auto-queued claims are ordered by check-worthiness (0..1000)."""
    return int(round(max(0.0, min(1.0, score)) * 1000))


def top_claims_to_queue(scored: Iterable[tuple[int, int, float]], limit: int, threshold: float) -> list[int]:
    """The queueing rule: per article, the ``limit`` highest-scored claims whose score is at least ``threshold``.

    ``scored`` holds (claim id, article id, score). Ties go to the lower id (the earlier extracted claim).
    ``limit`` <= 0 means no cap per article (every claim over the threshold).
    """
    by_article: dict[int, list[tuple[float, int]]] = {}
    for claim_id, article_id, score in scored:
        if score >= threshold:
            by_article.setdefault(article_id, []).append((-float(score), claim_id))
    out: list[int] = []
    for items in by_article.values():
        items.sort()
        out.extend(cid for _, cid in (items[:limit] if limit > 0 else items))
    return sorted(out)


@transaction.atomic
def enqueue_top_claims(claim_ids: Iterable[int]) -> int:
    """Queue the top claims of each article among these (``top_claims_to_queue`` with QUEUE_MAX_PER_ARTICLE and
    QUEUE_SCORE_THRESHOLD). Every claim of the article competes for the places, so a re-extraction never queues
    more than the cap; only not-yet-queued, merely extracted claims are queued. Returns how many were queued."""
    ids = set(claim_ids)
    article_ids = set(Claim.objects.filter(pk__in=ids).values_list("article_id", flat=True))
    scored = Claim.objects.filter(article_id__in=article_ids).values_list("pk", "article_id", "score")
    top = top_claims_to_queue(scored, settings.QUEUE_MAX_PER_ARTICLE, settings.QUEUE_SCORE_THRESHOLD)
    claims = list(
        Claim.objects.filter(
            pk__in=set(top) & ids,
            status=Claim.Status.EXTRACTED,
            queue_item__isnull=True,
        )
    )
    QueueItem.objects.bulk_create(
        [QueueItem(claim=c, priority=priority_for_score(c.score), origin=QueueItem.Origin.AUTO) for c in claims],
        ignore_conflicts=True,
    )
    items = list(QueueItem.objects.filter(claim__in=claims))
    reason = "among the article's top claims"
    _history(QueueItem, [i for i in items if i.status == QueueItem.Status.QUEUED], None, reason, update=False)
    queued_ids = [i.claim_id for i in items]
    _set_claim_status(queued_ids, Claim.Status.QUEUED, None, reason, only_from=[Claim.Status.EXTRACTED])
    if queued_ids:
        signals.claim_queued.send(sender=QueueItem, claim_ids=queued_ids)
    return len(queued_ids)


# --- queue: claim-next -------------------------------------------------------------------

class _GroupTaken(Exception):
    def __init__(self, group_id: int) -> None:
        self.group_id = group_id


class _NeedsLockedPath(Exception):
    """The fast statement found work it does not do itself (stale leases, a claim group)."""

    def __init__(self, stale: bool) -> None:
        self.stale = stale


def claim_next(reviewer: Any) -> Assignment | None:
    """Lease the highest-priority available claim to ``reviewer``; ``None`` when none is left.

    Idempotent: a reviewer who holds an active lease gets that one back (the database allows
    one active lease per reviewer). Stale leases are expired first. Skipped claims (and the
    other claims of their group) never come back to the same reviewer. A claim group is
    handed out once: through whichever member comes first; while one member is assigned or
    done the others wait.
    """
    _require(reviewer, REVIEW_PERM, "take claims from the queue")
    if connection.vendor == "postgresql":
        try:
            return _claim_next_fast(reviewer)
        except _NeedsLockedPath as why:
            if why.stale:
                expire_leases()
    excluded_groups: list[int] = []
    for _attempt in range(50):
        try:
            return _claim_next_locked(reviewer, excluded_groups)
        except _GroupTaken as taken:
            excluded_groups.append(taken.group_id)
        except IntegrityError:  # this reviewer's other request took a lease first
            current = _active_assignment(reviewer)
            if current is not None:
                return current
            raise
    return None


def _active_assignment(reviewer: Any) -> Assignment | None:
    return (
        Assignment.objects.select_related("claim", "queue_item")
        .filter(reviewer=reviewer, outcome=Assignment.Outcome.ACTIVE)
        .order_by("-lease_expires_at", "-id")
        .first()
    )


def _claim_next_locked(reviewer: Any, excluded_groups: list[int]) -> Assignment | None:
    """The general path, for any database and for claim groups.

    One transaction: expire stale leases, take the best candidate row with SKIP LOCKED (on
    SQLite the IMMEDIATE transaction makes this one writer at a time), and for a grouped
    claim take the group's lock and re-check that no other member is assigned or done.
    """
    with transaction.atomic():
        _reviewer_lock(reviewer)
        now = timezone.now()
        if QueueItem.objects.filter(status=QueueItem.Status.ASSIGNED, lease_expires_at__lte=now).exists():
            _expire(now)
        current = _active_assignment(reviewer)
        if current is not None:
            return current
        skipped_claims = Assignment.objects.filter(reviewer=reviewer, outcome=Assignment.Outcome.SKIPPED).values(
            "claim_id"
        )
        skipped_groups = Claim.objects.filter(pk__in=skipped_claims, group__isnull=False).values("group_id")
        busy_groups = Claim.objects.filter(
            group__isnull=False, queue_item__status__in=[QueueItem.Status.ASSIGNED, QueueItem.Status.DONE]
        ).values("group_id")
        candidates = (
            QueueItem.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("claim")
            .filter(status=QueueItem.Status.QUEUED)
            .exclude(claim_id__in=skipped_claims)
            .exclude(claim__group_id__in=skipped_groups)
            .exclude(claim__group_id__in=busy_groups)
            .exclude(claim__group_id__in=excluded_groups)
            .order_by("-priority", "enqueued_at", "id")
        )
        item = candidates.first()
        if item is None:
            return None
        if item.claim.group_id is not None:
            _group_lock(item.claim.group_id)
            if _group_busy(item.claim.group_id, item.pk):
                raise _GroupTaken(item.claim.group_id)
        lease = _lease_end(now)
        changed = QueueItem.objects.filter(pk=item.pk, status=QueueItem.Status.QUEUED).update(
            status=QueueItem.Status.ASSIGNED, assigned_to=reviewer, lease_expires_at=lease, updated_at=now
        )
        if changed != 1:  # cannot happen while we hold the row; refuse rather than double-assign
            raise ConflictError("That claim was just taken; press Next claim again.")
        item.status, item.assigned_to, item.lease_expires_at, item.updated_at = (
            QueueItem.Status.ASSIGNED, reviewer, lease, now,
        )
        # The Assignment row is the record of this claim-next (see the module docstring).
        assignment = Assignment(queue_item=item, claim=item.claim, reviewer=reviewer, lease_expires_at=lease)
        assignment.skip_history_when_saving = True
        assignment.save()
        del assignment.skip_history_when_saving
        claim = item.claim
        claim.status, claim.updated_at = Claim.Status.IN_REVIEW, now
        Claim.objects.filter(pk=claim.pk).update(status=claim.status, updated_at=now)
        _history(Claim, [claim], reviewer, "claimed")
        return assignment


def _history_insert_sql(model: type, source: str, history_type: str) -> str:
    """INSERT INTO <model's history table> SELECT <tracked columns> FROM <source CTE>.

    Built from the model's meta at run time so it follows schema changes.
    """
    hmodel = model.history.model
    cols = [f.column for f in hmodel.tracked_fields]
    col_list = ", ".join(connection.ops.quote_name(c) for c in cols)
    return (
        f"INSERT INTO {connection.ops.quote_name(hmodel._meta.db_table)} "
        f"({col_list}, history_date, history_change_reason, history_type, history_user_id) "
        f"SELECT {col_list}, %(now)s, 'claimed', '{history_type}', %(uid)s FROM {source}"
    )


@functools.cache
def _fast_sql() -> str:
    qn = connection.ops.quote_name
    q_table, a_table, c_table = (qn(m._meta.db_table) for m in (QueueItem, Assignment, Claim))
    sql = f"""
        WITH lk AS MATERIALIZED (
          SELECT pg_advisory_xact_lock({_REVIEWER_LOCK_NS}, (%(uid)s %% 2147483647)::int) AS locked
        ), flags AS MATERIALIZED (
          SELECT EXISTS (SELECT 1 FROM {q_table} x
                         WHERE x.status = 'assigned' AND x.lease_expires_at <= %(now)s) AS stale,
                 (SELECT m.id FROM {a_table} m WHERE m.reviewer_id = %(uid)s AND m.outcome = 'active'
                  ORDER BY m.lease_expires_at DESC, m.id DESC LIMIT 1) AS mine
          FROM lk
        ), cand AS MATERIALIZED (
          SELECT q.id, c.group_id FROM {q_table} q JOIN {c_table} c ON c.id = q.claim_id
          WHERE (SELECT NOT f.stale AND f.mine IS NULL FROM flags f)  -- a one-time filter, not per row
            AND q.status = 'queued'
            AND NOT EXISTS (SELECT 1 FROM {a_table} s
                            WHERE s.reviewer_id = %(uid)s AND s.outcome = 'skipped' AND s.claim_id = q.claim_id)
            AND (c.group_id IS NULL OR (
                  NOT EXISTS (SELECT 1 FROM {a_table} s JOIN {c_table} sc ON sc.id = s.claim_id
                              WHERE s.reviewer_id = %(uid)s AND s.outcome = 'skipped'
                                AND sc.group_id = c.group_id)
                  AND NOT EXISTS (SELECT 1 FROM {c_table} gc JOIN {q_table} gq ON gq.claim_id = gc.id
                                  WHERE gc.group_id = c.group_id AND gq.status IN ('assigned', 'done'))))
          ORDER BY q.priority DESC, q.enqueued_at, q.id
          LIMIT 1
          FOR UPDATE OF q SKIP LOCKED
        ), upd AS (
          UPDATE {q_table} q SET status = 'assigned', assigned_to_id = %(uid)s,
                 lease_expires_at = %(lease)s, updated_at = %(now)s
          FROM cand WHERE q.id = cand.id AND cand.group_id IS NULL
          RETURNING q.*
        ), asg AS (
          INSERT INTO {a_table} (queue_item_id, claim_id, reviewer_id, started_at, lease_expires_at,
                                 ended_at, outcome, reason)
          SELECT id, claim_id, %(uid)s, %(now)s, %(lease)s, NULL, 'active', '' FROM upd
          RETURNING id, queue_item_id, claim_id
        ), cl AS (
          UPDATE {c_table} c SET status = 'in_review', updated_at = %(now)s
          FROM upd WHERE c.id = upd.claim_id
          RETURNING c.*
        ), h AS ({_history_insert_sql(Claim, "cl", "~")}
        )
        SELECT flags.stale, flags.mine, (SELECT cand.id FROM cand), (SELECT cand.group_id FROM cand),
               asg.id, asg.queue_item_id, asg.claim_id
        FROM flags LEFT JOIN asg ON true
    """
    # Without comments and runs of blanks the text stays under psycopg's 4 KB cache limit for
    # converted queries (otherwise it is re-parsed on every call).
    sql = " ".join(line.split("--", 1)[0] for line in sql.splitlines())
    return " ".join(sql.split())


@contextlib.contextmanager
def _fast_cursor() -> Iterator[Any]:
    """A server-side-binding psycopg cursor on Django's connection (and transaction state),
    so the claim-next statement is prepared once per connection instead of planned on every
    call. Database errors still come out as django.db exceptions. Set
    ``CLAIM_NEXT_PREPARED = False`` behind a transaction-pooling proxy (pgbouncer) that
    cannot keep prepared statements."""
    connection.ensure_connection()
    raw = connection.connection
    if _PREPARE["prepare"] and raw.prepare_threshold is None:
        # Django turns automatic preparing off (None), which also ignores prepare=True. A huge
        # threshold keeps Django's own (client-side bound) queries unprepared as before.
        raw.prepare_threshold = 2**31 - 1
    with connection.wrap_database_errors:
        cur = psycopg.Cursor(raw)
        try:
            yield cur
        finally:
            cur.close()


@functools.cache
def _assignment_attnames() -> list[str]:
    return [f.attname for f in Assignment._meta.concrete_fields]


_PREPARE: dict[str, bool] = {"prepare": bool(getattr(settings, "CLAIM_NEXT_PREPARED", True))}


def _claim_next_fast(reviewer: Any) -> Assignment | None:
    """PostgreSQL, the common case in ONE statement (autocommit, so one round trip and one
    commit): check for stale leases and the reviewer's own lease, take the next row with
    ``FOR UPDATE SKIP LOCKED``, write the lease, the Assignment, the claim status and the
    claim's history row. Raises ``_NeedsLockedPath`` when there are stale leases to expire
    first or the best candidate belongs to a claim group (those need the group lock)."""
    sql = _fast_sql()
    now = timezone.now()
    lease = _lease_end(now)
    params = {"uid": reviewer.pk, "now": now, "lease": lease}
    try:
        # Inside a caller's transaction a savepoint keeps a unique violation from poisoning it.
        with transaction.atomic() if connection.in_atomic_block else contextlib.nullcontext():
            with _fast_cursor() as cur:
                cur.execute(sql, params, **_PREPARE)
                stale, mine, cand_id, cand_group, a_id, item_id, claim_id = cur.fetchone()
    except IntegrityError:
        # "one active lease per reviewer": this reviewer's other request won the race
        current = _active_assignment(reviewer)
        if current is None:
            raise
        return current
    if stale:
        raise _NeedsLockedPath(stale=True)
    if mine is not None:
        return Assignment.objects.select_related("claim", "queue_item").get(pk=mine)
    if a_id is not None:  # the other columns are the values this statement wrote
        row = {"id": a_id, "queue_item_id": item_id, "claim_id": claim_id, "reviewer_id": reviewer.pk,
               "started_at": now, "lease_expires_at": lease, "ended_at": None,
               "outcome": Assignment.Outcome.ACTIVE, "reason": ""}
        names = _assignment_attnames()
        return Assignment.from_db(connection.alias, names, [row[n] for n in names])
    if cand_id is not None:  # the best candidate is in a claim group
        raise _NeedsLockedPath(stale=False)
    # Nothing free. If this request waited on the reviewer lock behind the same reviewer's
    # other request, the statement's snapshot predates that lease: look again.
    return _active_assignment(reviewer)


# --- queue: leases -----------------------------------------------------------------------

def expire_leases(now: dt.datetime | None = None) -> int:
    """Put items whose lease ran out back in the queue; returns how many. Safe to run from
    several beat/worker processes at once (rows being changed elsewhere are skipped)."""
    with transaction.atomic():
        return _expire(now or timezone.now())


def _expire(now: dt.datetime) -> int:
    items = list(
        QueueItem.objects.select_for_update(skip_locked=True)
        .filter(status=QueueItem.Status.ASSIGNED, lease_expires_at__lte=now)
        .order_by("id")
    )
    if not items:
        return 0
    ids = [i.pk for i in items]
    changed = QueueItem.objects.filter(
        pk__in=ids, status=QueueItem.Status.ASSIGNED, lease_expires_at__lte=now
    ).update(status=QueueItem.Status.QUEUED, assigned_to=None, lease_expires_at=None, updated_at=now)
    assert changed == len(ids)  # the rows are locked by us
    for i in items:
        i.status, i.assigned_to_id, i.lease_expires_at, i.updated_at = QueueItem.Status.QUEUED, None, None, now
    _history(QueueItem, items, None, "lease expired")
    _end_assignments(Assignment.objects.filter(queue_item_id__in=ids), Assignment.Outcome.EXPIRED, None,
                     "lease expired")
    _set_claim_status([i.claim_id for i in items], Claim.Status.QUEUED, None, "lease expired",
                      only_from=[Claim.Status.IN_REVIEW])
    return len(items)


def _end_assignments(qs: Any, outcome: str, user: Any, reason: str, detail: str = "") -> list[Assignment]:
    active = list(qs.select_for_update().filter(outcome=Assignment.Outcome.ACTIVE))
    if not active:
        return []
    now = timezone.now()
    Assignment.objects.filter(pk__in=[a.pk for a in active], outcome=Assignment.Outcome.ACTIVE).update(
        outcome=outcome, ended_at=now, reason=detail
    )
    for a in active:
        a.outcome, a.ended_at, a.reason = outcome, now, detail
    _history(Assignment, active, user, reason)
    return active


def _own_active_assignment(assignment_id: int, user: Any) -> Assignment:
    assignment = Assignment.objects.select_for_update().filter(pk=assignment_id).first()
    if assignment is None:
        raise NotFound("No such assignment.")
    if assignment.reviewer_id != getattr(user, "pk", None):
        raise NotAllowed("This claim is assigned to someone else.")
    if assignment.outcome != Assignment.Outcome.ACTIVE:
        raise ConflictError(f"This lease has already ended ({assignment.get_outcome_display().lower()}).")
    return assignment


def _back_to_queue(assignment: Assignment, outcome: str, user: Any, reason: str, detail: str = "") -> QueueItem:
    _end_assignments(Assignment.objects.filter(pk=assignment.pk), outcome, user, reason, detail)
    now = timezone.now()
    QueueItem.objects.filter(pk=assignment.queue_item_id, status=QueueItem.Status.ASSIGNED).update(
        status=QueueItem.Status.QUEUED, assigned_to=None, lease_expires_at=None, updated_at=now
    )
    item = QueueItem.objects.get(pk=assignment.queue_item_id)
    _history(QueueItem, [item], user, reason)
    _set_claim_status([assignment.claim_id], Claim.Status.QUEUED, user, reason, only_from=[Claim.Status.IN_REVIEW])
    return item


def release(assignment_id: int, user: Any) -> QueueItem:
    """Give a claim back to the queue (anyone may take it next, including this reviewer)."""
    with transaction.atomic():
        assignment = _own_active_assignment(assignment_id, user)
        return _back_to_queue(assignment, Assignment.Outcome.RELEASED, user, "released")


def skip(assignment_id: int, user: Any, reason: str) -> QueueItem:
    """Give a claim back with a reason; it (and its group) never comes back to this reviewer."""
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput("Say why you skip this claim.", errors={"reason": "A reason is required."})
    if len(reason) > 2000:
        raise InvalidInput("The reason is too long (2000 characters at most).", errors={"reason": "Too long."})
    with transaction.atomic():
        assignment = _own_active_assignment(assignment_id, user)
        return _back_to_queue(assignment, Assignment.Outcome.SKIPPED, user, "skipped", reason)


def reassign(queue_item_id: int, to_user: Any, by_user: Any, reason: str = "") -> Assignment:
    """Editor: hand a queued or assigned item to a named reviewer (ends the current lease)."""
    _require(by_user, MANAGE_PERM, "reassign claims")
    if to_user is None or not to_user.is_active or not to_user.has_perm(REVIEW_PERM):
        raise InvalidInput("Claims can only be assigned to an active reviewer.", errors={"to_user": "Not a reviewer."})
    reason = (reason or "").strip()[:2000]
    with transaction.atomic():
        item = QueueItem.objects.select_for_update().select_related("claim").filter(pk=queue_item_id).first()
        if item is None:
            raise NotFound("No such queue item.")
        if item.status not in (QueueItem.Status.QUEUED, QueueItem.Status.ASSIGNED):
            raise InvalidInput(f"This item is {item.get_status_display().lower()}; only queued or assigned items "
                               "can be reassigned.")
        if item.status == QueueItem.Status.ASSIGNED and item.assigned_to_id == to_user.pk:
            current = _active_assignment_for_item(item.pk)
            if current is not None:
                return current
        if item.claim.group_id is not None:
            _group_lock(item.claim.group_id)
            if _group_busy(item.claim.group_id, item.pk):
                raise ConflictError("Another claim of the same group is being reviewed or already reviewed.")
        busy = Assignment.objects.filter(reviewer=to_user, outcome=Assignment.Outcome.ACTIVE).exclude(queue_item=item)
        if busy.exists():
            raise InvalidInput(f"{to_user.get_username()} is working on another claim; they have to submit or "
                               "release it first.", errors={"to_user": "Busy with another claim."})
        _end_assignments(Assignment.objects.filter(queue_item=item), Assignment.Outcome.REASSIGNED, by_user,
                         "reassigned", reason)
        now = timezone.now()
        lease = _lease_end(now)
        item.status, item.assigned_to, item.lease_expires_at = QueueItem.Status.ASSIGNED, to_user, lease
        _save(item, by_user, f"reassigned to {to_user.get_username()}",
              ["status", "assigned_to", "lease_expires_at", "updated_at"])
        assignment = Assignment(queue_item=item, claim=item.claim, reviewer=to_user, lease_expires_at=lease,
                                reason=reason)
        try:
            with transaction.atomic():
                _save(assignment, by_user, "reassigned")
        except IntegrityError:
            raise ConflictError(f"{to_user.get_username()} just took another claim; try again.")
        _set_claim_status([item.claim_id], Claim.Status.IN_REVIEW, by_user, "reassigned")
        return assignment


def _active_assignment_for_item(item_id: int) -> Assignment | None:
    return Assignment.objects.filter(queue_item_id=item_id, outcome=Assignment.Outcome.ACTIVE).first()


# --- queue: editors ----------------------------------------------------------------------

def _parse_priority(priority: Any) -> int:
    try:
        value = int(priority)
    except (TypeError, ValueError):
        raise InvalidInput("Priority must be a whole number.", errors={"priority": "Not a whole number."})
    if not PRIORITY_MIN <= value <= PRIORITY_MAX:
        raise InvalidInput(f"Priority must be between {PRIORITY_MIN} and {PRIORITY_MAX}.",
                           errors={"priority": "Out of range."})
    return value


def enqueue_claim(claim_id: int, by_user: Any, priority: int | None = None) -> QueueItem:
    """Editor: put a claim in the queue by hand (or back after removal). Idempotent for a
    claim already waiting: its priority is updated when one is given."""
    _require(by_user, QUEUE_CLAIM_PERM, "queue claims")
    value = None if priority is None or priority == "" else _parse_priority(priority)
    with transaction.atomic():
        claim = Claim.objects.select_for_update().filter(pk=claim_id).first()
        if claim is None:
            raise NotFound("No such claim.")
        if claim.status in (Claim.Status.SUBMITTED, Claim.Status.APPROVED, Claim.Status.PUBLISHED):
            raise InvalidInput("This claim already has a verdict; it cannot be queued again.")
        item = QueueItem.objects.select_for_update().filter(claim=claim).first()
        if item is None:
            item = QueueItem(claim=claim, origin=QueueItem.Origin.MANUAL, enqueued_by=by_user,
                             priority=priority_for_score(claim.score) if value is None else value)
            _save(item, by_user, "queued by hand")
        elif item.status in (QueueItem.Status.QUEUED, QueueItem.Status.ASSIGNED):
            if value is not None and value != item.priority:
                item.priority = value
                _save(item, by_user, "priority changed", ["priority", "updated_at"])
            return item
        elif item.status == QueueItem.Status.DONE:
            raise InvalidInput("This claim has been reviewed already.")
        else:  # removed: back in
            item.status, item.origin, item.enqueued_by = QueueItem.Status.QUEUED, QueueItem.Origin.MANUAL, by_user
            item.assigned_to, item.lease_expires_at = None, None
            if value is not None:
                item.priority = value
            _save(item, by_user, "queued again by hand")
        _set_claim_status([claim.pk], Claim.Status.QUEUED, by_user, "queued by hand")
        signals.claim_queued.send(sender=QueueItem, claim_ids=[claim.pk])
        return item


def set_priority(queue_item_id: int, priority: int, by_user: Any) -> QueueItem:
    _require(by_user, MANAGE_PERM, "change priorities")
    value = _parse_priority(priority)
    with transaction.atomic():
        item = QueueItem.objects.select_for_update().filter(pk=queue_item_id).first()
        if item is None:
            raise NotFound("No such queue item.")
        if item.status not in (QueueItem.Status.QUEUED, QueueItem.Status.ASSIGNED):
            raise InvalidInput(f"This item is {item.get_status_display().lower()}; its priority no longer matters.")
        if item.priority != value:
            item.priority = value
            _save(item, by_user, "priority changed", ["priority", "updated_at"])
        return item


def remove_from_queue(queue_item_id: int, by_user: Any) -> QueueItem:
    """Editor: take a claim out of the queue (ends a live lease); the claim is dismissed so
    the automatic threshold does not queue it again. ``enqueue_claim`` brings it back."""
    _require(by_user, MANAGE_PERM, "remove claims from the queue")
    with transaction.atomic():
        item = QueueItem.objects.select_for_update().filter(pk=queue_item_id).first()
        if item is None:
            raise NotFound("No such queue item.")
        if item.status not in (QueueItem.Status.QUEUED, QueueItem.Status.ASSIGNED):
            raise InvalidInput(f"This item is {item.get_status_display().lower()} and cannot be removed.")
        _end_assignments(Assignment.objects.filter(queue_item=item), Assignment.Outcome.REMOVED, by_user,
                         "removed from queue")
        item.status, item.assigned_to, item.lease_expires_at = QueueItem.Status.REMOVED, None, None
        _save(item, by_user, "removed from queue", ["status", "assigned_to", "lease_expires_at", "updated_at"])
        _set_claim_status([item.claim_id], Claim.Status.DISMISSED, by_user, "removed from queue",
                          only_from=[Claim.Status.QUEUED, Claim.Status.IN_REVIEW, Claim.Status.EXTRACTED])
        return item


# --- verdicts ----------------------------------------------------------------------------

_url_validator = URLValidator(schemes=["http", "https"])


def rating_slugs() -> list[str]:
    return [slug for slug, _label, _value in settings.VERDICT_SCALE]


def rating_choices_for_form() -> list[tuple[str, str]]:
    return [(slug, label) for slug, label, _value in settings.VERDICT_SCALE]


@dataclass(frozen=True)
class EvidenceInput:
    url: str
    title: str
    quote: str
    stance: str
    accessed_at: dt.date | None


def clean_evidence(rows: Iterable[dict]) -> list[EvidenceInput]:
    """Validate evidence rows; rows left entirely blank are dropped."""
    cleaned: list[EvidenceInput] = []
    errors: dict[str, str] = {}
    stances = set(EvidenceLink.Stance.values)
    for n, row in enumerate(rows, start=1):
        if not isinstance(row, dict):
            raise InvalidInput(f"Evidence row {n} is not an object.")
        url = str(row.get("url") or "").strip()
        title = str(row.get("title") or "").strip()
        quote = str(row.get("quote") or "").strip()
        if not (url or title or quote):
            continue
        stance = str(row.get("stance") or EvidenceLink.Stance.CONTEXT).strip()
        accessed_raw = row.get("accessed_at")
        problems = []
        if not url:
            problems.append("a URL is required")
        else:
            scheme = urlsplit(url).scheme.lower()
            if scheme not in ("http", "https"):
                problems.append("the URL must start with http:// or https://")
            elif len(url) > 2000:
                problems.append("the URL is longer than 2000 characters")
            else:
                try:
                    _url_validator(url)
                except ValidationError:
                    problems.append("the URL is not valid")
        if len(title) > 500:
            problems.append("the title is longer than 500 characters")
        if len(quote) > 5000:
            problems.append("the quote is longer than 5000 characters")
        if stance not in stances:
            problems.append(f"stance must be one of {', '.join(sorted(stances))}")
        accessed: dt.date | None = None
        if isinstance(accessed_raw, dt.datetime):
            accessed = accessed_raw.date()
        elif isinstance(accessed_raw, dt.date):
            accessed = accessed_raw
        elif accessed_raw not in (None, ""):
            try:
                accessed = parse_date(str(accessed_raw).strip())
            except ValueError:
                accessed = None
            if accessed is None:
                problems.append("the access date must be YYYY-MM-DD")
        if accessed and accessed > timezone.localdate() + dt.timedelta(days=1):
            problems.append("the access date is in the future")
        if problems:
            errors[f"evidence-{n}"] = "; ".join(problems)
            continue
        cleaned.append(EvidenceInput(url, title, quote, stance, accessed))
    if errors:
        first = next(iter(errors.items()))
        raise InvalidInput(f"Evidence row {first[0].split('-')[1]}: {first[1]}.", errors=errors)
    if len(cleaned) > MAX_EVIDENCE_ROWS:
        raise InvalidInput(f"At most {MAX_EVIDENCE_ROWS} evidence links per verdict.")
    return cleaned


def verdict_for_claim(claim: Claim) -> Verdict | None:
    """The verdict that applies to this claim: its own, or its group's."""
    ids = _group_claim_ids(claim)
    return Verdict.objects.filter(claim_id__in=ids).order_by("created_at", "id").first()


def _conflict(verdict_id: int) -> ConflictError:
    current = Verdict.objects.filter(pk=verdict_id).only("updated_at", "version").first()
    when = timezone.localtime(current.updated_at).strftime("%H:%M") if current else "just now"
    err = ConflictError(f"someone else saved this verdict at {when}; reload to see their changes")
    err.current_version = current.version if current else None  # type: ignore[attr-defined]
    return err


REVIEWER_EDITABLE = (Verdict.Status.DRAFT, Verdict.Status.RETURNED)
EDITOR_EDITABLE = (Verdict.Status.DRAFT, Verdict.Status.SUBMITTED, Verdict.Status.RETURNED)


def _holds_lease(user: Any, claim_ids: list[int]) -> Assignment | None:
    return Assignment.objects.filter(
        reviewer_id=user.pk, claim_id__in=claim_ids, outcome=Assignment.Outcome.ACTIVE
    ).first()


def _check_may_edit(user: Any, verdict: Verdict | None, claim_ids: list[int]) -> Assignment | None:
    """Editors edit any unapproved verdict; a reviewer edits a draft only while holding the
    claim's lease, and a returned verdict only if it is theirs. Returns the user's lease."""
    if user is None or not getattr(user, "is_authenticated", False):
        raise NotAllowed("Log in to edit verdicts.")
    lease = _holds_lease(user, claim_ids) if user.has_perm(REVIEW_PERM) else None
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
    claim_ids = _group_claim_ids(claim)
    verdict = Verdict.objects.filter(claim_id__in=claim_ids).order_by("created_at", "id").first()
    try:
        lease = _check_may_edit(user, verdict, claim_ids)
    except WorkflowError as exc:
        lease = _holds_lease(user, claim_ids) if getattr(user, "is_authenticated", False) else None
        return EditState(verdict, lease, False, exc.message)
    return EditState(verdict, lease, True)


def save_verdict(*, claim_id: int, user: Any, rating: str, rationale: str, evidence: list[dict],
                 expected_version: int | None) -> Verdict:
    """Create or update the verdict (draft, returned, or for editors also submitted).

    ``expected_version`` is the version the user started from (``None`` when creating); if
    someone saved in between, ``ConflictError`` is raised and nothing is written. The
    evidence set is replaced: links whose URL is unchanged keep their check results, new
    URLs are checked in the background after commit. Saving extends the editor's lease.
    """
    rating = (rating or "").strip()
    rationale = (rationale or "").strip()
    if rating and rating not in rating_slugs():
        raise InvalidInput(f"Unknown rating {rating!r}.", errors={"rating": "Choose a rating from the scale."})
    if len(rationale) > MAX_RATIONALE_CHARS:
        raise InvalidInput("The rationale is too long.", errors={"rationale": "Too long."})
    rows = clean_evidence(evidence or [])
    with transaction.atomic():
        claim = Claim.objects.filter(pk=claim_id).first()
        if claim is None:
            raise NotFound("No such claim.")
        claim_ids = _group_claim_ids(claim)
        verdict = Verdict.objects.filter(claim_id__in=claim_ids).order_by("created_at", "id").first()
        lease = _check_may_edit(user, verdict, claim_ids)
        now = timezone.now()
        if verdict is None:
            verdict = Verdict(claim=claim, reviewer=user, rating=rating, rationale=rationale, version=1)
            try:
                with transaction.atomic():
                    _save(verdict, user, "draft created")
            except IntegrityError:
                raise _conflict(Verdict.objects.get(claim_id=claim.pk).pk)
        else:
            if expected_version is None:
                raise _conflict(verdict.pk)
            editable = EDITOR_EDITABLE if user.has_perm(APPROVE_PERM) else REVIEWER_EDITABLE
            fields: dict[str, Any] = {"rating": rating, "rationale": rationale}
            if lease is not None and not user.has_perm(APPROVE_PERM):
                fields["reviewer_id"] = user.pk  # taking over a colleague's expired draft
            changed = Verdict.objects.filter(pk=verdict.pk, version=expected_version, status__in=editable).update(
                version=F("version") + 1, updated_at=now, **fields
            )
            if changed != 1:
                current = Verdict.objects.get(pk=verdict.pk)
                if current.version != expected_version:
                    raise _conflict(verdict.pk)
                raise InvalidInput(
                    f"This verdict is {current.get_status_display().lower()} and can no longer be edited."
                )
            verdict = Verdict.objects.get(pk=verdict.pk)
            _history(Verdict, [verdict], user, "edited")
        new_links = _replace_evidence(verdict, rows, user)
        if lease is not None:
            _extend_lease(lease, user)
    from factcheck.resilience import send_on_commit

    from .tasks import check_evidence_link

    for link_id in new_links:
        send_on_commit(check_evidence_link, link_id)  # broker down: the sweeper checks it later
    return verdict


def _replace_evidence(verdict: Verdict, rows: list[EvidenceInput], user: Any) -> list[int]:
    """Make the verdict's evidence equal to ``rows``; returns ids of links needing a check."""
    existing: dict[str, list[EvidenceLink]] = {}
    for link in verdict.evidence.all().order_by("id"):
        existing.setdefault(link.url, []).append(link)
    created: list[int] = []
    for row in rows:
        same_url = existing.get(row.url)
        if same_url:
            link = same_url.pop(0)
            wanted = (row.title, row.quote, row.stance, row.accessed_at)
            if (link.title, link.quote, link.stance, link.accessed_at) != wanted:
                link.title, link.quote, link.stance, link.accessed_at = wanted
                _save(link, user, "evidence edited")
            continue
        link = EvidenceLink(verdict=verdict, url=row.url, title=row.title, quote=row.quote, stance=row.stance,
                            accessed_at=row.accessed_at)
        _save(link, user, "evidence added")
        created.append(link.pk)
    for leftovers in existing.values():
        for link in leftovers:
            link._history_user = user
            link._change_reason = "evidence removed"
            link.delete()
    return created


def _extend_lease(assignment: Assignment, user: Any) -> None:
    now = timezone.now()
    lease = _lease_end(now)
    if Assignment.objects.filter(pk=assignment.pk, outcome=Assignment.Outcome.ACTIVE).update(lease_expires_at=lease):
        assignment.lease_expires_at = lease
        _history(Assignment, [assignment], user, "lease extended")
        QueueItem.objects.filter(pk=assignment.queue_item_id, status=QueueItem.Status.ASSIGNED,
                                 assigned_to_id=user.pk).update(lease_expires_at=lease, updated_at=now)
        _history(QueueItem, list(QueueItem.objects.filter(pk=assignment.queue_item_id)), user, "lease extended")


def _get_verdict(verdict_id: int) -> Verdict:
    verdict = Verdict.objects.select_related("claim").filter(pk=verdict_id).first()
    if verdict is None:
        raise NotFound("No such verdict.")
    return verdict


_STATUS_WORDS = {
    Verdict.Status.SUBMITTED: "submitted",
    Verdict.Status.APPROVED: "approved",
    Verdict.Status.RETURNED: "returned",
    Verdict.Status.PUBLISHED: "published",
}
_CLAIM_STATUS_FOR = {
    Verdict.Status.SUBMITTED: Claim.Status.SUBMITTED,
    Verdict.Status.APPROVED: Claim.Status.APPROVED,
    Verdict.Status.RETURNED: Claim.Status.IN_REVIEW,
    Verdict.Status.PUBLISHED: Claim.Status.PUBLISHED,
}


def _transition(verdict: Verdict, user: Any, *, from_statuses: Sequence[str], to: str,
                expected_version: int | None, **fields: Any) -> Verdict:
    """Conditional update of status (and fields), checked by row count; then history, and the
    claim statuses of the whole group follow."""
    qs = Verdict.objects.filter(pk=verdict.pk, status__in=list(from_statuses))
    if expected_version is not None:
        qs = qs.filter(version=expected_version)
    now = timezone.now()
    changed = qs.update(status=to, version=F("version") + 1, updated_at=now, **fields)
    if changed != 1:
        current = Verdict.objects.get(pk=verdict.pk)
        if expected_version is not None and current.version != expected_version:
            raise _conflict(verdict.pk)
        allowed = " or ".join(Verdict.Status(s).label.lower() for s in from_statuses)
        raise InvalidInput(f"Only a {allowed} verdict can be {_STATUS_WORDS[to]}; "
                           f"this one is {current.get_status_display().lower()}.")
    verdict = Verdict.objects.select_related("claim").get(pk=verdict.pk)
    _history(Verdict, [verdict], user, _STATUS_WORDS[to])
    _set_claim_status(_group_claim_ids(verdict.claim), _CLAIM_STATUS_FOR[to], user, f"verdict {_STATUS_WORDS[to]}")
    return verdict


def submission_problems(rating: str, rationale: str, has_evidence: bool) -> dict[str, str]:
    """What a verdict lacks before it can be submitted, per field (empty when nothing)."""
    missing = {}
    if not rating:
        missing["rating"] = "Choose a rating."
    if not (rationale or "").strip():
        missing["rationale"] = "Write a rationale."
    if not has_evidence:
        missing["evidence"] = "Add at least one evidence link."
    return missing


def submit_verdict(verdict_id: int, user: Any, expected_version: int | None) -> Verdict:
    """Draft or returned -> submitted. Needs a rating, a rationale and evidence. Completes the
    reviewer's lease and marks the queue items of the claim (and its group) done."""
    with transaction.atomic():
        verdict = _get_verdict(verdict_id)
        claim_ids = _group_claim_ids(verdict.claim)
        _check_may_edit(user, verdict, claim_ids)
        missing = submission_problems(verdict.rating, verdict.rationale, verdict.evidence.exists())
        if missing:
            raise InvalidInput("Before submitting: " + " ".join(missing.values()), errors=missing)
        verdict = _transition(verdict, user, from_statuses=REVIEWER_EDITABLE, to=Verdict.Status.SUBMITTED,
                              expected_version=expected_version, submitted_at=timezone.now())
        _end_assignments(Assignment.objects.filter(claim_id__in=claim_ids), Assignment.Outcome.COMPLETED, user,
                         "verdict submitted")
        items = list(QueueItem.objects.select_for_update().filter(
            claim_id__in=claim_ids, status__in=[QueueItem.Status.QUEUED, QueueItem.Status.ASSIGNED]))
        if items:
            now = timezone.now()
            QueueItem.objects.filter(pk__in=[i.pk for i in items]).update(
                status=QueueItem.Status.DONE, lease_expires_at=None, updated_at=now)
            for i in items:
                i.status, i.lease_expires_at, i.updated_at = QueueItem.Status.DONE, None, now
            _history(QueueItem, items, user, "verdict submitted")
        return verdict


def approve_verdict(verdict_id: int, editor: Any, expected_version: int | None, comment: str = "") -> Verdict:
    """Submitted -> approved, by an editor other than the verdict's author."""
    with transaction.atomic():
        verdict = _get_verdict(verdict_id)
        _require(editor, APPROVE_PERM, "approve verdicts")
        if verdict.reviewer_id == editor.pk:
            raise NotAllowed("You wrote this verdict; another editor has to approve it.")
        return _transition(verdict, editor, from_statuses=[Verdict.Status.SUBMITTED], to=Verdict.Status.APPROVED,
                           expected_version=expected_version, editor_id=editor.pk,
                           editor_comment=(comment or "").strip(), approved_at=timezone.now())


def return_verdict(verdict_id: int, editor: Any, comment: str, expected_version: int | None) -> Verdict:
    """Submitted -> returned to its reviewer with the editor's comment (required)."""
    comment = (comment or "").strip()
    if not comment:
        raise InvalidInput("Say what needs to change before returning the verdict.",
                           errors={"comment": "A comment is required."})
    with transaction.atomic():
        verdict = _get_verdict(verdict_id)
        _require(editor, APPROVE_PERM, "return verdicts")
        return _transition(verdict, editor, from_statuses=[Verdict.Status.SUBMITTED], to=Verdict.Status.RETURNED,
                           expected_version=expected_version, editor_id=editor.pk, editor_comment=comment)


def publish_verdict(verdict_id: int, editor: Any, cms_url: str = "") -> Verdict:
    """Approved -> published. Only an approved verdict can be published. It gets its public address
    (``/checks/<slug>/``, fixed from now on) and, optionally, the URL of the article in the CMS."""
    from .publication import clean_cms_url, public_slug_for

    cms_url = clean_cms_url(cms_url)
    with transaction.atomic():
        verdict = _get_verdict(verdict_id)
        _require(editor, APPROVE_PERM, "publish verdicts")
        extra = {"cms_url": cms_url} if cms_url else {}
        published = _transition(verdict, editor, from_statuses=[Verdict.Status.APPROVED],
                                to=Verdict.Status.PUBLISHED, expected_version=None, published_at=timezone.now(),
                                public_slug=verdict.public_slug or public_slug_for(verdict), **extra)
        from claims.tasks import mark_previously_checked
        from factcheck.resilience import send_on_commit

        # Matching claims in other articles now link to this verdict ("previously checked").
        send_on_commit(mark_previously_checked, published.claim_id)
        signals.verdict_published.send(sender=Verdict, verdict_id=published.pk)
        return published


# --- evidence link checking ----------------------------------------------------------------

class _Refused(Exception):
    pass


def _address_allowed(ip: str) -> bool:
    if settings.EVIDENCE_CHECK_ALLOW_PRIVATE:
        return True
    addr = ipaddress.ip_address(ip.split("%", 1)[0])
    if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped:
        addr = addr.ipv4_mapped
    return addr.is_global and not addr.is_multicast


class _CheckedHTTPConnection(http_client.HTTPConnection):
    """Refuses to talk to private addresses, checked on the connected socket (so a DNS answer
    that changes between a check and the connect cannot sneak through)."""

    def connect(self) -> None:
        super().connect()
        _verify_peer(self.sock)


class _CheckedHTTPSConnection(http_client.HTTPSConnection):
    def connect(self) -> None:
        # HTTPSConnection.connect = TCP connect + TLS wrap; check the peer before the wrap.
        http_client.HTTPConnection.connect(self)
        _verify_peer(self.sock)
        server_hostname = self.host
        self.sock = self._context.wrap_socket(self.sock, server_hostname=server_hostname)


def _verify_peer(sock: socket.socket) -> None:
    ip = sock.getpeername()[0]
    if not _address_allowed(ip):
        sock.close()
        raise _Refused(f"refused to fetch a private or local address ({ip})")


class _TitleParser:
    _re = re.compile(rb"<title[^>]*>(.*?)</title\s*>", re.IGNORECASE | re.DOTALL)

    @classmethod
    def title(cls, body: bytes, charset: str | None) -> str:
        m = cls._re.search(body)
        if not m:
            return ""
        raw = m.group(1)
        for enc in filter(None, [charset, "utf-8", "latin-1"]):
            try:
                text = raw.decode(enc)
                break
            except (LookupError, UnicodeDecodeError):
                continue
        return " ".join(unescape(text).split())[:500]


@dataclass
class CheckResult:
    check_status: str
    http_status: int | None = None
    final_url: str = ""
    page_title: str = ""
    check_error: str = ""


def fetch_evidence(url: str) -> CheckResult:
    """GET ``url`` following at most a few redirects, reading at most 256 KB, with the
    configured timeout per socket operation and an overall deadline."""
    timeout = float(settings.EVIDENCE_CHECK_TIMEOUT)
    deadline = time.monotonic() + 3 * timeout
    current = url
    for _hop in range(EVIDENCE_MAX_REDIRECTS + 1):
        parts = urlsplit(current)
        scheme = parts.scheme.lower()
        if scheme not in ("http", "https") or not parts.hostname:
            return CheckResult(EvidenceLink.CheckStatus.ERROR, final_url=current[:2000],
                               check_error=f"only http and https links are checked (got {scheme or 'no'} scheme)")
        try:
            port = parts.port
        except ValueError:
            return CheckResult(EvidenceLink.CheckStatus.ERROR, final_url=current[:2000], check_error="bad port")
        if scheme == "https":
            conn: http_client.HTTPConnection = _CheckedHTTPSConnection(
                parts.hostname, port, timeout=timeout, context=ssl.create_default_context())
        else:
            conn = _CheckedHTTPConnection(parts.hostname, port, timeout=timeout)
        path = parts.path or "/"
        if parts.query:
            path += "?" + parts.query
        try:
            conn.request("GET", path, headers={
                "User-Agent": "factcheck-workbench-evidence-checker/1.0",
                "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5",
            })
            resp = conn.getresponse()
            if resp.status in (301, 302, 303, 307, 308) and resp.getheader("Location"):
                current = urljoin(current, resp.getheader("Location", ""))
                conn.close()
                continue
            body = b""
            while len(body) < EVIDENCE_MAX_BYTES:
                if time.monotonic() > deadline:
                    raise TimeoutError("the page took too long to arrive")
                chunk = resp.read(min(16384, EVIDENCE_MAX_BYTES - len(body)))
                if not chunk:
                    break
                body += chunk
            ctype = resp.getheader("Content-Type", "") or ""
            charset = None
            m = re.search(r"charset=([\w.-]+)", ctype, re.IGNORECASE)
            if m:
                charset = m.group(1)
            title = _TitleParser.title(body, charset) if "html" in ctype.lower() or b"<title" in body[:4096].lower() \
                else ""
            status = EvidenceLink.CheckStatus.OK if 200 <= resp.status < 400 else EvidenceLink.CheckStatus.BROKEN
            return CheckResult(status, http_status=resp.status, final_url=current[:2000], page_title=title,
                               check_error="" if status == EvidenceLink.CheckStatus.OK else f"HTTP {resp.status}")
        except _Refused as exc:
            return CheckResult(EvidenceLink.CheckStatus.ERROR, final_url=current[:2000], check_error=str(exc))
        except TimeoutError:
            return CheckResult(EvidenceLink.CheckStatus.ERROR, final_url=current[:2000],
                               check_error=f"timed out after {timeout:g} s")
        except (OSError, http_client.HTTPException, ValueError) as exc:
            return CheckResult(EvidenceLink.CheckStatus.ERROR, final_url=current[:2000],
                               check_error=f"{type(exc).__name__}: {exc}"[:500])
        finally:
            conn.close()
        if time.monotonic() > deadline:
            break
    return CheckResult(EvidenceLink.CheckStatus.ERROR, final_url=current[:2000],
                       check_error=f"more than {EVIDENCE_MAX_REDIRECTS} redirects")


def check_evidence_link(link_id: int) -> EvidenceLink | None:
    """Fetch one evidence link and record what was found. Idempotent; ``None`` if the link
    has been deleted meanwhile. The fetch happens outside any transaction."""
    link = EvidenceLink.objects.filter(pk=link_id).first()
    if link is None:
        return None
    result = fetch_evidence(link.url)
    link.check_status = result.check_status
    link.http_status = result.http_status
    link.final_url = result.final_url
    link.page_title = result.page_title
    link.check_error = result.check_error[:500]
    link.checked_at = timezone.now()
    # Only the check fields: a concurrent edit of title/quote is not overwritten.
    if not EvidenceLink.objects.filter(pk=link_id).exists():
        return None
    _save(link, None, "link checked",
          ["check_status", "http_status", "final_url", "page_title", "check_error", "checked_at"])
    return link
