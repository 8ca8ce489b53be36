"""Web forms for correcting a claim (claims.corrections): parse, call, redirect with a message."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from factcheck.params import parse_id

from . import correction_drafts, corrections, value_corrections


def _run(request: HttpRequest, pk: int, action) -> HttpResponse:
    if not corrections.may_correct(request.user):
        raise PermissionDenied("You are not allowed to correct claims.")
    try:
        target, text = action()
    except corrections.CorrectionError as exc:
        if exc.status_code == 404:
            raise Http404(exc.message)
        messages.error(request, exc.message)
        correction_drafts.keep(request, pk)  # the claim page gives back what was typed
        return redirect(reverse("claim-detail", args=[pk]) + "#correct")
    messages.success(request, text)
    return redirect(reverse("claim-detail", args=[target]))


@require_POST
@login_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    def act():
        claim = corrections.edit_claim(pk, request.user, text=request.POST.get("text"),
                                       speaker=request.POST.get("speaker"), kind=request.POST.get("kind"))
        return claim.pk, "Claim corrected."
    return _run(request, pk, act)


@require_POST
@login_required
def split(request: HttpRequest, pk: int) -> HttpResponse:
    def act():
        first, second = corrections.split_claim(pk, request.user, request.POST.get("split_at", ""))
        return first.pk, f"Claim split in two: this one and claim {second.pk} (“{second.text[:60]}”)."
    return _run(request, pk, act)


@require_POST
@login_required
def merge(request: HttpRequest, pk: int) -> HttpResponse:
    def act():
        other = request.POST.get("other", "")
        other_id = parse_id(other)
        ids = [pk] + ([other_id] if other_id is not None else [])
        keep = corrections.merge_claims(ids, request.user)
        return keep.pk, "Claims merged into this one."
    return _run(request, pk, act)


@require_POST
@login_required
def not_a_claim(request: HttpRequest, pk: int) -> HttpResponse:
    def act():
        claim = corrections.mark_not_a_claim(pk, request.user, request.POST.get("reason", ""))
        return claim.pk, "Marked as not a claim."
    return _run(request, pk, act)


def _indexed(post, prefix: str) -> dict[int, str]:
    """``number-0``, ``number-3`` ... as {0: value, 3: value} (other keys ignored)."""
    out = {}
    for key, value in post.items():
        if key.startswith(prefix) and (i := parse_id(key[len(prefix):])) is not None and i < 1000:
            out[i] = value
    return out


@require_POST
@login_required
def values(request: HttpRequest, pk: int) -> HttpResponse:
    def act():
        claim = value_corrections.correct_values(pk, request.user, numbers=_indexed(request.POST, "number-"),
                                                 dates=_indexed(request.POST, "date-"))
        return claim.pk, "Numbers and dates saved."
    return _run(request, pk, act)
