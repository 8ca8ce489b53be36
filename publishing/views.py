"""Public pages: no login. The index of published checks, one page per published verdict (with its
ClaimReview JSON-LD embedded), and the RSS/Atom feeds (``publishing.feeds``)."""

from __future__ import annotations

import json

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_safe

from . import selectors
from .claimreview import claimreview

PAGE_SIZE = 25
_SCRIPT_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


def jsonld_script_body(data: dict) -> SafeString:
    """JSON for a ``<script type="application/ld+json">``: ``<``, ``>`` and ``&`` escaped so no text
    in a claim can close the script element."""
    return mark_safe(json.dumps(data, ensure_ascii=False, indent=2).translate(_SCRIPT_ESCAPES))  # noqa: S308


@require_safe
def check_index(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.published_checks(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "publishing/index.html", {"page": page, "org": selectors.organisation()})


@require_safe
def check_detail(request: HttpRequest, slug: str) -> HttpResponse:
    verdict = selectors.published_check(slug)
    if verdict is None:
        raise Http404("No published fact check at this address.")
    org = selectors.organisation()
    corrections = list(verdict.corrections.all())
    context = {
        "verdict": verdict,
        "claim": verdict.claim,
        "article": verdict.claim.article,
        "org": org,
        "evidence": list(verdict.evidence.all()),
        "corrections": corrections,
        "updated_at": corrections[-1].created_at if corrections else None,
        "retraction": next((c for c in reversed(corrections) if c.kind == "retraction"), None),
        "rating_definition": settings.VERDICT_RATING_DEFINITIONS.get(verdict.rating, ""),
        # the fact check's own address, as ClaimReview ``url`` says: the CMS article when the desk gave one
        "canonical_url": selectors.canonical_url(verdict),
        "jsonld": jsonld_script_body(claimreview(verdict, org=org)),
    }
    return render(request, "publishing/check.html", context)
