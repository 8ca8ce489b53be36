"""Article pages that show no verdict. The article page, the claim page and the claim search show
verdicts, so they are the review side's (reviewers.claim_pages), at the same URLs."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from accounts.decorators import perm_required
from factcheck.pagination import web_page

from . import selectors
from .models import Article
from .services import request_extraction


@perm_required("claims.view_article")
def article_list(request: HttpRequest) -> HttpResponse:
    page = web_page(request.GET, selectors.article_list(), selectors.ARTICLE_ORDER)
    selectors.with_claim_counts(page.object_list)
    return render(request, "claims/article_list.html", {"page": page})


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
