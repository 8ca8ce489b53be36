"""Claim-next: lease the highest-priority available claim to a reviewer.

The portable path (any database, and claim groups) is ``_claim_next_locked``; on PostgreSQL the
common case is one statement (``claim_next_pg``). Claim-next's own record is the Assignment row it
creates (who, which claim and queue item, when, until when), so it writes no HistoricalAssignment
"+" row and no HistoricalQueueItem "~" row that would only repeat it. It does not touch the claim:
"in review" is read from the queue item (``claims.review_state``), and the claim history a person
reads merges the Assignment rows (``reviewers.history.claim_history``). Every later change of the
lease or the queue item (release, skip, expiry, reassignment, completion) writes history.
"""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone

from claims.models import Claim
from factcheck.errors import ConflictError
from reviewers.models import Assignment, QueueItem
from reviewers.permissions import REVIEW_PERM

from .base import _active_assignment, _group_busy, _group_lock, _lease_end, _require, _reviewer_lock
from .claim_next_pg import _claim_next_fast, _NeedsLockedPath
from .leases import _expire, expire_leases


class _GroupTaken(Exception):
    def __init__(self, group_id: int) -> None:
        self.group_id = group_id


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
        # a group whose member waits for its blind second review hands out only that member
        second_round_groups = Claim.objects.filter(
            group__isnull=False, queue_item__status=QueueItem.Status.QUEUED, queue_item__review_round=2
        ).values("group_id")
        candidates = (
            QueueItem.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("claim")
            .filter(status=QueueItem.Status.QUEUED)
            .exclude(first_reviewer=reviewer)  # blind second review: never the first reviewer
            .exclude(claim_id__in=skipped_claims)
            .exclude(claim__group_id__in=skipped_groups)
            .exclude(claim__group_id__in=busy_groups)
            .exclude(Q(claim__group_id__in=second_round_groups) & ~Q(review_round=2))
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
        return assignment
