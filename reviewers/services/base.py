"""What the service modules share: the permission check, the lease length, history rows for
``.update()`` writes, the claim status that follows queueing and the verdict (never a lease: see
``claims.review_state``), the locks that serialise hand-outs,
and the reviewer's active lease.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from claims.models import Claim
from factcheck.db import advisory_xact_lock
from factcheck.errors import NotAllowed
from reviewers.models import Assignment, QueueItem


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
    """Serialise hand-outs within one claim group (an advisory lock rather than a row lock on
    claims_claimgroup: only this package takes it, so it cannot deadlock with other code that
    updates groups and claims)."""
    advisory_xact_lock("review.claim_group", group_id)


def _reviewer_lock(reviewer: Any) -> None:
    """One claim-next at a time per reviewer, so a double click waits for the first request
    instead of skipping the row it holds and seeing an empty queue."""
    advisory_xact_lock("review.reviewer", reviewer.pk)


def _group_busy(group_id: int, except_item_id: int | None) -> bool:
    """Is another claim of this group being reviewed or already reviewed (or waiting for its blind
    second review, which the group waits for as well)?"""
    q = QueueItem.objects.filter(
        Q(status__in=[QueueItem.Status.ASSIGNED, QueueItem.Status.DONE])
        | Q(status=QueueItem.Status.QUEUED, review_round=2),
        claim__group_id=group_id,
    )
    if except_item_id is not None:
        q = q.exclude(pk=except_item_id)
    return q.exists()


def _active_assignment(reviewer: Any) -> Assignment | None:
    return (
        Assignment.objects.select_related("claim", "queue_item")
        .filter(reviewer=reviewer, outcome=Assignment.Outcome.ACTIVE)
        .order_by("-lease_expires_at", "-id")
        .first()
    )


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
