"""Leases after claim-next: expiry, release, skip, reassignment by an editor, and extension on save.

A lease lives on the queue item and its Assignment only; none of these touch ``Claim.status`` (the
claim shows "in review" while its queue item is assigned: ``claims.review_state``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from factcheck.errors import ConflictError, InvalidInput, NotAllowed, NotFound
from reviewers.models import Assignment, QueueItem
from reviewers.permissions import MANAGE_PERM, REVIEW_PERM

from .base import _end_assignments, _group_busy, _group_lock, _history, _lease_end, _require, _save


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
    return len(items)


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
        if item.first_reviewer_id is not None and item.first_reviewer_id == to_user.pk:
            raise InvalidInput(f"{to_user.get_username()} cannot take this claim: its blind second review must be "
                               "written by someone else.", errors={"to_user": "Choose another reviewer."})
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
        return assignment


def _active_assignment_for_item(item_id: int) -> Assignment | None:
    return Assignment.objects.filter(queue_item_id=item_id, outcome=Assignment.Outcome.ACTIVE).first()


def _extend_lease(assignment: Assignment, user: Any) -> None:
    now = timezone.now()
    lease = _lease_end(now)
    if Assignment.objects.filter(pk=assignment.pk, outcome=Assignment.Outcome.ACTIVE).update(lease_expires_at=lease):
        assignment.lease_expires_at = lease
        _history(Assignment, [assignment], user, "lease extended")
        QueueItem.objects.filter(pk=assignment.queue_item_id, status=QueueItem.Status.ASSIGNED,
                                 assigned_to_id=user.pk).update(lease_expires_at=lease, updated_at=now)
        _history(QueueItem, list(QueueItem.objects.filter(pk=assignment.queue_item_id)), user, "lease extended")
