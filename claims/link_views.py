"""Editors' page for cross-article link suggestions: confirm or reject (claims.linking)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from accounts.decorators import perm_required
from factcheck.pagination import web_page

from . import linking
from .link_rows import suggestion_row
from .linking.selectors import SUGGESTION_ORDER
from .models import ClaimLink

#: What a suggestion row shows (the links page): not the articles' bodies, the claims' JSON columns and
#: search vectors (two claims and two articles a row, read and decoded for nothing).
_SUGGESTION_ROW = ("id", "similarity", "method", "cosine", "status", *(
    f"{side}__{name}" for side in ("claim", "other")
    for name in ("id", "text", "speaker", "article__id", "article__title", "article__published",
                 "article__source__id", "article__source__name")))


@require_GET
@perm_required("claims.change_claimlink")
def suggestions(request: HttpRequest) -> HttpResponse:
    # keyset page in the order of the partial index claimlink_suggested_idx (suggested links only)
    page = web_page(request.GET, linking.pending_suggestions().only(*_SUGGESTION_ROW), SUGGESTION_ORDER, size=25)
    token = get_token(request)  # the page's one token: the rows' forms and the page's own carry it
    return render(request, "claims/links/suggestions.html", {
        "page": page, "csrf_token": token, "rows": [suggestion_row(link, token) for link in page.object_list]})


def _decide(request: HttpRequest, pk: int, action) -> HttpResponse:
    link = get_object_or_404(ClaimLink, pk=pk)
    status = 200
    try:
        link = action(link.pk, request.user)
        text = f"Link {link.pk} {link.get_status_display().lower()}."
    except linking.LinkAlreadyDecided:
        link.refresh_from_db()
        text = f"Link {link.pk} was already {link.get_status_display().lower()} by someone else."
        status = 409
    if request.htmx:
        return render(request, "claims/links/_decided.html", {"link": link, "message": text}, status=status)
    (messages.success if status == 200 else messages.warning)(request, text)
    return redirect("link-suggestions")


@require_POST
@perm_required("claims.change_claimlink")
def confirm(request: HttpRequest, pk: int) -> HttpResponse:
    return _decide(request, pk, linking.confirm_link)


@require_POST
@perm_required("claims.change_claimlink")
def reject(request: HttpRequest, pk: int) -> HttpResponse:
    return _decide(request, pk, linking.reject_link)
