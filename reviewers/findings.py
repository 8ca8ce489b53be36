""""Previously checked" for the claim, article and review pages: earlier claims matching this one
that have a published verdict, with that verdict's rating and public page. It lives in reviewers
because it reads verdicts (claims never imports reviewers); what extraction found in the claim
itself is ``claims.findings``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from claims.models import Claim, ClaimLink

from .models import Verdict


@dataclass
class PreviousCheck:
    claim: Claim  # the earlier claim (its article selected)
    verdict_id: int
    rating: str
    rating_label: str
    published_at: dt.datetime | None
    public_url: str | None
    retracted: bool
    how: str  # "marked previously checked", "same claim group", "confirmed link", ...


def _checks(verdicts: Iterable[Verdict], how: dict[int, str]) -> list[PreviousCheck]:
    return [
        PreviousCheck(claim=v.claim, verdict_id=v.pk, rating=v.rating, rating_label=v.get_rating_display(),
                      published_at=v.published_at, public_url=v.public_url, retracted=v.retracted_at is not None,
                      how=how.get(v.claim_id, ""))
        for v in sorted(verdicts, key=lambda v: (v.published_at is None, v.published_at, v.pk))
    ]


def _published(claim_ids: Iterable[int]) -> list[Verdict]:
    return list(Verdict.objects.select_related("claim", "claim__article")
                .filter(claim_id__in=set(claim_ids), status=Verdict.Status.PUBLISHED))


def previous_checks(claim: Claim) -> list[PreviousCheck]:
    """The claim's ``previously_checked`` match and its group and link mates in other articles,
    where they carry a published verdict (public, so anyone who may see the claim may see them)."""
    how: dict[int, str] = {}
    if claim.group_id:
        for other in Claim.objects.filter(group_id=claim.group_id).exclude(pk=claim.pk).values_list("pk", flat=True):
            how[other] = "same claim group"
    links = (ClaimLink.objects.filter(claim=claim) | ClaimLink.objects.filter(other=claim)).filter(
        status__in=[ClaimLink.Status.AUTO, ClaimLink.Status.CONFIRMED])
    for link in links.only("claim_id", "other_id", "status"):
        other = link.other_id if link.claim_id == claim.pk else link.claim_id
        how.setdefault(other, link.get_status_display().lower())
    if claim.previously_checked_id and claim.previously_checked_id != claim.pk:
        how[claim.previously_checked_id] = "marked previously checked"
    return _checks(_published(how), how)


def previous_checks_for(claims: Iterable[Claim]) -> dict[int, list[PreviousCheck]]:
    """For a page of claims (the article page): each claim's ``previously_checked`` match, in one query."""
    wanted = {c.pk: c.previously_checked_id for c in claims if c.previously_checked_id}
    if not wanted:
        return {}
    by_claim = {v.claim_id: v for v in _published(wanted.values())}
    out: dict[int, list[PreviousCheck]] = {}
    for claim_id, checked_id in wanted.items():
        if checked_id in by_claim:
            out[claim_id] = _checks([by_claim[checked_id]], {checked_id: "marked previously checked"})
    return out
