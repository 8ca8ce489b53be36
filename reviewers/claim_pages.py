"""Pages that show claims with their verdicts: the article page, the claim page and the claim
search. They live on the review side (which depends on claims, never the reverse) at the URLs
and names they always had (``article-detail``, ``claim-detail``, ``claim-search``). Every verdict
shown passes reviewers.visibility.verdict_visible_to; templates get flags, not status rules."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from accounts.decorators import perm_required
from claims import correction_drafts, display, review_state
from claims import selectors as claim_selectors
from claims.findings import claim_findings
from claims.linking.selectors import links_for_claim
from claims.models import Article, Claim
from claims.services import can_request_extraction

from . import selectors
from .findings import previous_checks, previous_checks_for
from .models import QueueItem, Verdict


@perm_required("claims.view_article")
def article_detail(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_object_or_404(Article.objects.select_related("source"), pk=pk)
    claims = list(claim_selectors.article_claims(article))
    previous = previous_checks_for(claims)
    for number, claim in enumerate(claims, start=1):
        claim.article = article  # selected once, with its source, for the findings of every claim
        claim.number = number
        claim.findings = claim_findings(claim)
        claim.previous = previous.get(claim.pk, [])
        review_state.shown(claim)
        claim.status_icon = display.status_icon(claim.state)
        verdict = selectors.shown_verdict(claim, request.user)
        claim.shown_rating = verdict.rating if verdict else ""
        claim.shown_rating_label = verdict.get_rating_display() if verdict else ""
    return render(request, "claims/article_detail.html", {
        "article": article, "claims": claims, "segments": display.highlight(article.body, claims),
        "status_key": display.status_styles(),
        "rating_key": [(slug, label) for slug, label, _value in settings.VERDICT_SCALE],
        "can_reextract": can_request_extraction(request.user),
        "extraction_unfinished": article.status != Article.Status.EXTRACTED,
    })


def _judged(verdict: Verdict | None, claim: Claim) -> dict:
    """The claim's own verdict is past a draft: the correction forms would be refused
    (``selectors.check_correctable``), so the page says why instead of showing them."""
    if verdict is None or verdict.claim_id != claim.pk or verdict.status == Verdict.Status.DRAFT:
        return {}
    return {"can_correct": False, "judged_status": verdict.get_status_display().lower()}


@perm_required("claims.view_claim")
def claim_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A claim with its sentence in context, linked claims from other articles and, where this
    user may see it, the verdict."""
    claim = get_object_or_404(Claim.objects.select_related("article", "article__source", "group"), pk=pk)
    state = selectors.edit_state(request.user, claim)
    blind = selectors.blind_status(request.user, claim)
    # the queue item blind_status read is the claim's (one-to-one): the page and the review state use it
    Claim.queue_item.related.set_cached_value(claim, blind.item)
    if blind.item is not None:
        QueueItem.claim.field.set_cached_value(blind.item, claim)
    review_state.shown(claim)
    verdict = selectors.visible_verdict(claim, request.user, state)
    links = links_for_claim(claim)  # the linked claims and the previous checks both use them
    return render(request, "claims/claim_detail.html", {
        "blind": blind if blind.item is not None and blind.item.rounds_required == 2 else None,
        "can_require_second": (request.user.has_perm("reviewers.manage_second_review") and state.verdict is None
                               and not (blind.item is not None and blind.item.rounds_required == 2)),
        "claim": claim,
        "can_enqueue": selectors.can_enqueue(request.user, claim),
        "can_open_verdict": selectors.may_open_verdict_page(request.user, verdict),
        "context": claim_selectors.claim_in_context(claim),
        "linked": selectors.linked_claims(claim, links),
        "verdict": verdict,
        "state": state,
        "queue_item": getattr(claim, "queue_item", None) if hasattr(claim, "queue_item") else None,
        "findings": claim_findings(claim),
        "previous": previous_checks(claim, [linked.link for linked in links]),
        **claim_selectors.correction_context(request.user, claim, correction_drafts.take(request, claim.pk)),
        **_judged(state.verdict, claim),
        # the claim's history merged with its leases (names hidden during a blind second review)
        "claim_history": selectors.claim_history(request.user, claim, blind=selectors.is_blind(blind.item)),
    })


#: What a search result shows: the claim's text, speaker and state, its article's title, whether its
#: verdict is visible and its rating (not the JSON columns, the sentence or the search vector).
_SEARCH_ROW = ("id", "text", "speaker", "status", "score", "article__id", "article__title",
               "verdict__id", "verdict__status", "verdict__rating", "verdict__reviewer")


@perm_required("claims.view_claim")
def claim_search(request: HttpRequest) -> HttpResponse:
    """Search claims by words (stemmed; numbers however written), status and verdict rating."""
    q = request.GET.get("q", "").strip()[: claim_selectors.SEARCH_MAX_CHARS]
    status = request.GET.get("status", "")
    status = status if status in Claim.Status.values else ""
    ratings = [(slug, label) for slug, label, _value in settings.VERDICT_SCALE]
    rating = request.GET.get("rating", "")
    rating = rating if rating in dict(ratings) else ""
    searched = bool(q or status or rating)
    within = selectors.rated_claims(Claim.objects.all(), rating, request.user) if rating else None
    results = (claim_selectors.ranked_search(q, qs=within, status=status or None, only=_SEARCH_ROW)
               if searched else None)
    for c in results.claims if results is not None else []:
        verdict = selectors.shown_verdict(c, request.user)
        c.shown_rating_label = verdict.get_rating_display() if verdict else ""
        review_state.shown(c)
    return render(request, "claims/claim_search.html", {
        "q": q, "status": status, "rating": rating, "results": results, "searched": searched,
        "statuses": Claim.Status.choices, "ratings": ratings, "max_chars": claim_selectors.SEARCH_MAX_CHARS,
    })
