"""Start pages per role: the reviewer's desk and the editor's desk."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.decorators import perm_required

from . import dashboards
from .services import APPROVE_PERM, REVIEW_PERM


@require_GET
@perm_required(REVIEW_PERM)
def reviewer_start(request: HttpRequest) -> HttpResponse:
    return render(request, "reviewers/start_reviewer.html", {"start": dashboards.reviewer_start(request.user)})


@require_GET
@perm_required(APPROVE_PERM)
def editor_start(request: HttpRequest) -> HttpResponse:
    from claims.services import can_request_extraction

    return render(request, "reviewers/start_editor.html", {
        "start": dashboards.editor_start(user=request.user), "can_reextract": can_request_extraction(request.user)})
