"""Entering and leaving the review queue: automatic queueing of an article's top claims, editors
queueing by hand, priorities and removal.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from claims.models import Claim
from factcheck.errors import CorrectionError, InvalidInput, NotFound
from reviewers import signals
from reviewers.models import Assignment, QueueItem
from reviewers.permissions import MANAGE_PERM, QUEUE_CLAIM_PERM

from .base import _end_assignments, _history, _require, _save, _set_claim_status

PRIORITY_MIN, PRIORITY_MAX = -1_000_000, 1_000_000


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
    from .blind import claims_needing_two

    two = claims_needing_two(claims)
    QueueItem.objects.bulk_create(
        [QueueItem(claim=c, priority=priority_for_score(c.score), origin=QueueItem.Origin.AUTO,
                   rounds_required=2 if c.pk in two else 1) for c in claims],
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
            from .blind import claims_needing_two

            item = QueueItem(claim=claim, origin=QueueItem.Origin.MANUAL, enqueued_by=by_user,
                             priority=priority_for_score(claim.score) if value is None else value,
                             rounds_required=2 if claims_needing_two([claim]) else 1)
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
            if item.rounds_required == 1 and item.first_reviewer_id is None:
                from reviewers.selectors import verdict_for_claim

                from .blind import claims_needing_two

                # a rule made since it left the queue applies, unless someone has written a verdict
                if claims_needing_two([claim]) and verdict_for_claim(claim) is None:
                    item.rounds_required = 2
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


def withdraw_claims(claims: list[Claim], user: Any, reason: str) -> None:
    """Take these claims out of the queue when a correction ends them (merged away, not a claim);
    refused (409) while someone else holds a lease on one. Runs in the correction's transaction
    (claims' ``claims_withdrawn`` signal, connected in reviewers.receivers)."""
    items = list(QueueItem.objects.select_for_update().filter(
        claim__in=claims, status__in=[QueueItem.Status.QUEUED, QueueItem.Status.ASSIGNED]))
    if any(i.status == QueueItem.Status.ASSIGNED and i.assigned_to_id != user.pk for i in items):
        raise CorrectionError("Someone is reviewing this claim right now; ask them to release it first.",
                              status_code=409)
    now = timezone.now()
    for item in items:
        Assignment.objects.filter(queue_item=item, outcome=Assignment.Outcome.ACTIVE).update(
            outcome=Assignment.Outcome.REMOVED, ended_at=now, reason=reason[:100])
        item.status, item.assigned_to, item.lease_expires_at = QueueItem.Status.REMOVED, None, None
        item._history_user = user
        item._change_reason = reason[:100]
        item.save()
