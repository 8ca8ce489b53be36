"""Reads for the public pages and the ClaimReview builder. Only published verdicts with a public
address are ever public; a retracted one stays public (with its retraction notice)."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Case, CharField, F, Prefetch, QuerySet, Value, When
from django.db.models.functions import Concat
from django.urls import reverse

from reviewers.models import EvidenceLink, Verdict, VerdictCorrection

from .models import Organisation


@dataclass(frozen=True)
class Org:
    name: str
    url: str
    logo_url: str = ""

    def as_schema(self) -> dict:
        out = {"@type": "Organization", "name": self.name, "url": self.url}
        if self.logo_url:
            out["logo"] = {"@type": "ImageObject", "url": self.logo_url}
        return out


def organisation() -> Org:
    """The organisation settings from the admin, or the environment's ORG_NAME/ORG_URL until saved."""
    row = Organisation.objects.filter(pk=1).first()
    if row is not None:
        return Org(row.name, row.url, row.logo_url)
    return Org(settings.CLAIMREVIEW_AUTHOR["name"], settings.CLAIMREVIEW_AUTHOR["url"])


def public_page_url(verdict: Verdict) -> str | None:
    """Absolute address of the verdict's public page, None before publishing (``Verdict.public_url``)."""
    return verdict.public_url


def public_url_expression() -> Case:
    """``Verdict.public_url`` as a database expression on Verdict (the exports' ``public_url`` column,
    COPY included): ``PUBLIC_BASE_URL`` + ``/checks/<slug>/`` once published, NULL before."""
    marker = "__slug__"
    head, tail = reverse("public-check", args=[marker]).split(marker)
    return Case(
        When(status=Verdict.Status.PUBLISHED, public_slug__isnull=False,
             then=Concat(Value(settings.PUBLIC_BASE_URL.rstrip("/") + head), F("public_slug"), Value(tail),
                         output_field=CharField())),
        default=Value(None), output_field=CharField(),
    )


def canonical_url(verdict: Verdict) -> str:
    """The fact check's address for ClaimReview ``url``: the CMS article when given, else the public
    page; an approved verdict not yet published has neither, so its editor-only export stands in."""
    if verdict.cms_url:
        return verdict.cms_url
    return public_page_url(verdict) or (
        settings.PUBLIC_BASE_URL.rstrip("/") + reverse("exports-claimreview", args=[verdict.pk]))


def published_checks() -> QuerySet[Verdict]:
    return (
        Verdict.objects.filter(status=Verdict.Status.PUBLISHED, public_slug__isnull=False)
        .select_related("claim", "claim__article", "claim__article__source")
        .prefetch_related(Prefetch("corrections", queryset=VerdictCorrection.objects.order_by("created_at", "id")))
        .order_by("-published_at", "-id")
    )


def published_check(slug: str) -> Verdict | None:
    return (
        published_checks()
        .prefetch_related(Prefetch("evidence", queryset=EvidenceLink.objects.order_by("id")))
        .filter(public_slug=slug)
        .first()
    )
