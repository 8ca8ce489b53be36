from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from accounts.decorators import perm_required
from factcheck.pagination import web_page

from . import display, review_state, selectors
from .models import Article, Claim
from .services import can_request_extraction, request_extraction


@perm_required("claims.view_article")
def article_list(request: HttpRequest) -> HttpResponse:
    page = web_page(request.GET, selectors.article_list(), selectors.ARTICLE_ORDER)
    selectors.with_claim_counts(page.object_list)
    return render(request, "claims/article_list.html", {"page": page})


@dataclass
class Segment:
    """A stretch of the article body covered by the same set of claims (maybe none)."""

    text: str
    claims: list[Claim] = field(default_factory=list)
    ends: list[Claim] = field(default_factory=list)  # claims whose span ends here (their number follows)

    @property
    def top(self) -> Claim | None:
        # the innermost (shortest) claim decides the colour where spans overlap
        return min(self.claims, key=lambda c: (c.end - c.start, c.start)) if self.claims else None

    @property
    def css(self) -> str:
        top = self.top
        if top is None:
            return ""
        classes = ["claim-span", f"status-{top.state}"]
        rating = getattr(top, "shown_rating", "")
        if rating:
            classes.append(f"rating-{rating}")
        if len(self.claims) > 1:
            classes.append("overlap")
        return " ".join(classes)

    @property
    def label(self) -> str:
        return "; ".join(f"Claim {c.number}: {c.state_label}" for c in self.claims)


def highlight(body: str, claims: list[Claim]) -> list[Segment]:
    """Cut the body at every claim boundary so overlapping or nested spans become flat,
    non-nested segments, each knowing which claims cover it. The template escapes the text."""
    spans = [c for c in claims if 0 <= c.start < c.end <= len(body) and not c.span_missing]
    cuts = sorted({0, len(body), *(c.start for c in spans), *(c.end for c in spans)})
    starts: dict[int, list[Claim]] = {}
    for c in spans:
        starts.setdefault(c.start, []).append(c)
    active: list[Claim] = []
    segments: list[Segment] = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        active = [c for c in active if c.end > a] + starts.get(a, [])
        segments.append(Segment(body[a:b], list(active), [c for c in active if c.end == b]))
    return segments


@perm_required("claims.view_article")
def article_detail(request: HttpRequest, pk: int) -> HttpResponse:
    from reviewers.findings import previous_checks_for
    from reviewers.models import Verdict

    from .findings import claim_findings

    article = get_object_or_404(Article.objects.select_related("source"), pk=pk)
    claims = list(selectors.article_claims(article))
    previous = previous_checks_for(claims)
    show_all = request.user.has_perm("reviewers.approve_verdict")
    for number, claim in enumerate(claims, start=1):
        claim.article = article  # selected once, with its source, for the findings of every claim
        claim.number = number
        claim.findings = claim_findings(claim)
        claim.previous = previous.get(claim.pk, [])
        review_state.shown(claim)
        claim.status_icon = display.status_icon(claim.state)
        verdict = getattr(claim, "verdict", None) if _has_verdict(claim) else None
        visible = verdict is not None and (
            show_all or verdict.status in (Verdict.Status.APPROVED, Verdict.Status.PUBLISHED)
        )
        claim.shown_rating = verdict.rating if visible else ""
        claim.shown_rating_label = verdict.get_rating_display() if visible else ""
    return render(request, "claims/article_detail.html", {
        "article": article, "claims": claims, "segments": highlight(article.body, claims),
        "status_key": display.status_styles(),
        "rating_key": [(slug, label) for slug, label, _value in settings.VERDICT_SCALE],
        "can_reextract": can_request_extraction(request.user),
        "extraction_unfinished": article.status != Article.Status.EXTRACTED,
    })


@require_POST
@perm_required("claims.change_article")
def article_reextract(request: HttpRequest, pk: int) -> HttpResponse:
    """Editors: extract the article again (after a failure, a stuck run or an extractor upgrade)."""
    article = get_object_or_404(Article, pk=pk)
    if request_extraction(article):
        messages.success(request, f"Extraction of “{article.title}” queued again; reviews stay attached to "
                                  "matching claims.")
    else:
        messages.warning(request, "Marked for extraction; it starts when the task queue is back.")
    # the editor's start page re-extracts in place and comes back to itself (same host only)
    back = request.POST.get("next", "")
    if back and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()},
                                                require_https=request.is_secure()):
        return redirect(back)
    return redirect("article-detail", pk=pk)


def _has_verdict(claim: Claim) -> bool:
    try:
        claim.verdict  # noqa: B018 - select_related, no query
    except Claim.verdict.RelatedObjectDoesNotExist:
        return False
    return True


@perm_required("claims.view_claim")
def claim_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A claim with its sentence in context, linked claims from other articles and, where this
    user may see it, the verdict."""
    from reviewers import selectors as review_selectors
    from reviewers import services as review_services
    from reviewers.findings import previous_checks
    from reviewers.views import _claim_context

    from .findings import claim_findings

    claim = get_object_or_404(Claim.objects.select_related("article", "article__source", "group"), pk=pk)
    state = review_services.edit_state(request.user, claim)
    blind = review_selectors.blind_status(request.user, claim)
    review_state.shown(claim)
    return render(request, "claims/claim_detail.html", {
        "blind": blind if blind.item is not None and blind.item.rounds_required == 2 else None,
        "can_require_second": (request.user.has_perm("reviewers.manage_second_review") and state.verdict is None
                               and not (blind.item is not None and blind.item.rounds_required == 2)),
        "claim": claim,
        # not queued, in review or past review: stored "extracted" or "dismissed"
        "can_enqueue": request.user.has_perm("claims.queue_claim") and claim.status in (
            Claim.Status.EXTRACTED, Claim.Status.DISMISSED),
        "context": _claim_context(claim),
        "linked": review_selectors.linked_claims(claim),
        "verdict": review_selectors.visible_verdict(claim, request.user),
        "state": state,
        "queue_item": getattr(claim, "queue_item", None) if hasattr(claim, "queue_item") else None,
        "findings": claim_findings(claim),
        "previous": previous_checks(claim),
        **_correction_context(request, claim),
    })


def review_selectors_claim_history(user, claim: Claim) -> list:
    """The claim's history rows (names hidden while a blind second review is under way)."""
    from reviewers.selectors import claim_history

    return claim_history(user, claim)


def _correction_context(request: HttpRequest, claim: Claim) -> dict:
    """Flags and choices for the "correct this claim" forms (claims.corrections), and the claim's
    history merged with its leases."""
    from . import corrections

    may = corrections.may_correct(request.user) and not claim.merged_into_id and "not_a_claim" not in (
        claim.corrected_fields or [])
    return {
        "can_correct": may,
        "kinds": Claim.Kind.choices,
        "merge_candidates": list(claim.article.claims.exclude(pk=claim.pk).exclude(status=Claim.Status.DISMISSED)
                                 .only("id", "text", "start").order_by("start")[:200]) if may else [],
        "claim_history": review_selectors_claim_history(request.user, claim),
    }


@perm_required("claims.view_claim")
def claim_search(request: HttpRequest) -> HttpResponse:
    """Search claims by words (stemmed; numbers however written), status and verdict rating."""
    from django.conf import settings

    q = request.GET.get("q", "").strip()[: selectors.SEARCH_MAX_CHARS]
    status = request.GET.get("status", "")
    status = status if status in Claim.Status.values else ""
    ratings = [(slug, label) for slug, label, _value in settings.VERDICT_SCALE]
    rating = request.GET.get("rating", "")
    rating = rating if rating in dict(ratings) else ""
    searched = bool(q or status or rating)
    results = selectors.ranked_search(q, status=status or None, rating=rating or None, user=request.user) \
        if searched else None
    if results is not None:
        may_see_all = request.user.has_perm("reviewers.approve_verdict")
        for c in results.claims:
            verdict = getattr(c, "verdict", None) if _has_verdict(c) else None
            visible = verdict is not None and (may_see_all or verdict.status in selectors.RATING_VISIBLE_TO_ALL
                                               or verdict.reviewer_id == request.user.pk)
            c.shown_rating_label = verdict.get_rating_display() if visible else ""
            review_state.shown(c)
    return render(request, "claims/claim_search.html", {
        "q": q, "status": status, "rating": rating, "results": results, "searched": searched,
        "statuses": Claim.Status.choices, "ratings": ratings, "max_chars": selectors.SEARCH_MAX_CHARS,
    })
