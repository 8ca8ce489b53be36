"""Previously checked: a claim matching one with a published verdict points at that claim.

A claim in a group (auto or confirmed links) with a claim that has a published verdict gets
``previously_checked`` pointing at that claim (`mark_group`, on claims' ``claims_grouped`` signal);
`mark_previously_checked_for` does the same when a verdict is published later (the task
``reviewers.tasks.mark_previously_checked``, sent by ``publish_verdict``).
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q

from claims.models import Claim, ClaimLink

from .models import Verdict

_LINKED = (ClaimLink.Status.AUTO, ClaimLink.Status.CONFIRMED)


def _published_in_group(group_id: int) -> int | None:
    return (
        Verdict.objects.filter(claim__group_id=group_id, status=Verdict.Status.PUBLISHED)
        .order_by("published_at", "claim_id")
        .values_list("claim_id", flat=True)
        .first()
    )


def mark_group(group_id: int) -> int:
    """Point the group's unchecked claims at its earliest published verdict's claim."""
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
