"""Writes for the review queue, assignments, verdicts and evidence."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.db import transaction

from claims.models import Claim

from .models import QueueItem


def priority_for_score(score: float) -> int:
    """Auto-queued claims are ordered by check-worthiness (0..1000)."""
    return int(round(max(0.0, min(1.0, score)) * 1000))


@transaction.atomic
def enqueue_above_threshold(claim_ids: Iterable[int]) -> int:
    """Queue the not-yet-queued claims among these whose score passes the threshold."""
    claims = list(
        Claim.objects.filter(
            pk__in=list(claim_ids),
            status=Claim.Status.EXTRACTED,
            score__gte=settings.QUEUE_SCORE_THRESHOLD,
            queue_item__isnull=True,
        )
    )
    QueueItem.objects.bulk_create(
        [QueueItem(claim=c, priority=priority_for_score(c.score), origin=QueueItem.Origin.AUTO) for c in claims],
        ignore_conflicts=True,
    )
    queued_ids = list(QueueItem.objects.filter(claim__in=claims).values_list("claim_id", flat=True))
    Claim.objects.filter(pk__in=queued_ids, status=Claim.Status.EXTRACTED).update(status=Claim.Status.QUEUED)
    return len(queued_ids)
