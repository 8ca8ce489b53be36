""""Previously checked" for the claim, article and review pages: earlier claims matching this one
that have a published verdict, with that verdict's rating and public page. It lives in reviewers
because it reads verdicts (claims never imports reviewers); what extraction found in the claim
itself is ``claims.findings``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q

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


def previous_checks(claim: Claim, links: Iterable[ClaimLink] | None = None) -> list[PreviousCheck]:
    """The claim's ``previously_checked`` match and its group and link mates in other articles,
    where they carry a published verdict (public, so anyone who may see the claim may see them).
    ``links``: the claim's links, when the caller read them already (any status)."""
    return previous_checks_for([claim], links).get(claim.pk, [])


_COUNTED = (ClaimLink.Status.AUTO, ClaimLink.Status.CONFIRMED)


def previous_checks_for(claims: Iterable[Claim], links: Iterable[ClaimLink] | None = None
                        ) -> dict[int, list[PreviousCheck]]:
    """``previous_checks`` for a page of claims (the article page) in three queries, however many
    claims: the links, then the published verdicts of the linked, marked and same-group claims
    (two when the caller gives the claims' ``links``, e.g. the claim page's linked claims, read for
    the page anyway: every link of these claims, of any status). Claims without a previous check
    are left out of the answer."""
    claims = list(claims)
    if not claims:
        return {}
    ids = {c.pk for c in claims}
    groups = {c.group_id for c in claims if c.group_id}
    linked: dict[int, dict[int, str]] = {c.pk: {} for c in claims}
    if links is None:
        links = ClaimLink.objects.filter(Q(claim_id__in=ids) | Q(other_id__in=ids),
                                         status__in=_COUNTED).only("claim_id", "other_id", "status")
    else:
        links = [link for link in links if link.status in _COUNTED]
    for link in links:
        label = link.get_status_display().lower()
        for mine, other in ((link.claim_id, link.other_id), (link.other_id, link.claim_id)):
            if mine in linked:
                linked[mine].setdefault(other, label)
    marked = {c.pk: c.previously_checked_id for c in claims
              if c.previously_checked_id and c.previously_checked_id != c.pk}
    direct = set(marked.values()).union(*(set(d) for d in linked.values()))
    wanted = Q(claim_id__in=direct)
    if groups:
        wanted |= Q(claim__group_id__in=groups)
    verdicts = {v.claim_id: v for v in Verdict.objects.select_related("claim", "claim__article")
                .filter(wanted, status=Verdict.Status.PUBLISHED)}
    by_group: dict[int, list[int]] = {}
    for v in verdicts.values():
        if v.claim.group_id:
            by_group.setdefault(v.claim.group_id, []).append(v.claim_id)
    out: dict[int, list[PreviousCheck]] = {}
    for c in claims:
        # the same precedence as ever: a link does not rename a group mate; the mark names its claim
        how = {other: "same claim group" for other in by_group.get(c.group_id, []) if other != c.pk}
        for other, label in linked[c.pk].items():
            how.setdefault(other, label)
        if c.pk in marked:
            how[marked[c.pk]] = "marked previously checked"
        found = [verdicts[other] for other in how if other in verdicts and other != c.pk]
        if found:
            out[c.pk] = _checks(found, how)
    return out
