"""Reads of cross-article linking."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from ..models import Claim, ClaimLink


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


#: The editors' suggestion list order; the partial index claimlink_suggested_idx matches it.
SUGGESTION_ORDER = ("-similarity", "id")


def pending_suggestions() -> QuerySet[ClaimLink]:
    """Suggested links waiting for an editor, strongest first (page with factcheck.pagination)."""
    return (
        ClaimLink.objects.filter(status=ClaimLink.Status.SUGGESTED)
        .select_related("claim__article__source", "other__article__source")
        .order_by(*SUGGESTION_ORDER)
    )
