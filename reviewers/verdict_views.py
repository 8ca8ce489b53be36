"""The editor's approvals page and the verdict page with its forms: approve, return, publish, correct
or retract, the CMS address. Views parse input, call services/selectors and render; every view
checks the role (perm_required) and the object-level rule (a reviewer sees only their own leases and
drafts; editors see everything)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts.decorators import perm_required
from claims.selectors import claim_in_context
from factcheck import form_drafts
from factcheck.pagination import web_page

from . import selectors, services
from .forms import back, fail, form_version
from .models import Verdict
from .services import APPROVE_PERM, REVIEW_PERM, WorkflowError


@perm_required(APPROVE_PERM)
def approvals(request: HttpRequest) -> HttpResponse:
    """Submitted verdicts (oldest first) and approved ones waiting to be published: a keyset page
    of each (``after_submitted`` / ``after_approved``), evidence counted for the rows shown."""
    pages = {}
    for status, ordering in selectors.APPROVAL_ORDERS.items():
        page = web_page(request.GET, selectors.waiting_verdicts(status), ordering, size=selectors.APPROVALS_PAGE_SIZE,
                        param=f"after_{status}")
        page.object_list = selectors.with_evidence_counts(page.object_list)
        pages[status] = page
    return render(request, "reviewers/approvals.html", {
        "submitted": pages[Verdict.Status.SUBMITTED], "approved": pages[Verdict.Status.APPROVED],
        "counts": selectors.waiting_counts(), "adjudication_count": selectors.adjudication_count(),
    })


#: The correct-or-retract form's fields, given back when the correction was refused.
CORRECTION_FIELDS = ("kind", "note", "rating", "rationale")


def _correction_key(pk: int) -> str:
    return f"verdict-correction-draft-{pk}"


@perm_required(REVIEW_PERM)
def verdict_detail(request: HttpRequest, pk: int) -> HttpResponse:
    verdict = get_object_or_404(
        Verdict.objects.select_related("claim", "claim__article", "reviewer", "editor"), pk=pk
    )
    if not selectors.may_open_verdict_page(request.user, verdict):
        raise Http404("No such verdict among your work.")
    is_editor = request.user.has_perm(APPROVE_PERM)
    return render(request, "reviewers/verdict_detail.html", {
        "verdict": verdict, "rounds": selectors.visible_rounds(request.user, verdict.claim),
        "evidence": list(verdict.evidence.all()), "is_editor": is_editor,
        # what the editor's forms offer (the services enforce the same transitions)
        "can_decide": is_editor and verdict.status == Verdict.Status.SUBMITTED,
        # why this editor may not approve it (they wrote or changed it): shown instead of the Approve button
        "approval_refusal": selectors.approval_refusal(request.user, verdict)
        if is_editor and verdict.status == Verdict.Status.SUBMITTED else "",
        "can_publish": is_editor and verdict.status == Verdict.Status.APPROVED,
        "editable": is_editor and verdict.status in selectors.EDITOR_EDITABLE,
        "history": selectors.history_for_verdict(verdict), "context": claim_in_context(verdict.claim),
        "group_claims": selectors.linked_claims(verdict.claim),
        "corrections": list(verdict.corrections.select_related("editor")),
        "can_correct": is_editor and verdict.status == Verdict.Status.PUBLISHED and not verdict.retracted_at,
        # publishing, or published: where its public links point
        "public_address_warning": selectors.public_address_warning(request.get_host()) if is_editor and (
            verdict.status in (Verdict.Status.APPROVED, Verdict.Status.PUBLISHED)) else "",
        "ratings": [(slug, label) for slug, label, _v in settings.VERDICT_SCALE],
        # what the editor typed into the correct-or-retract form when it was refused (else blank)
        "correction_form": form_drafts.take(request, _correction_key(pk)),
    })


def _editor_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    comment = request.POST.get("comment", "")
    try:
        version = form_version(request.POST.get("version", ""))
        if action == "approve":
            services.approve_verdict(pk, request.user, version, comment)
            messages.success(request, "Verdict approved.")
        elif action == "return":
            services.return_verdict(pk, request.user, comment, version)
            messages.success(request, "Verdict returned to the reviewer.")
        else:
            verdict = services.publish_verdict(pk, request.user, cms_url=request.POST.get("cms_url", ""))
            messages.success(request, f"Verdict published: {verdict.public_url}")
            return redirect(reverse("review-verdict", args=[pk]))  # shows the public link
    except WorkflowError as exc:
        fail(request, exc)
        return back(request, reverse("review-verdict", args=[pk]))
    return back(request, reverse("review-approvals"))


@require_POST
@perm_required(APPROVE_PERM)
def verdict_approve(request: HttpRequest, pk: int) -> HttpResponse:
    return _editor_action(request, pk, "approve")


@require_POST
@perm_required(APPROVE_PERM)
def verdict_return(request: HttpRequest, pk: int) -> HttpResponse:
    return _editor_action(request, pk, "return")


@require_POST
@perm_required(APPROVE_PERM)
def verdict_publish(request: HttpRequest, pk: int) -> HttpResponse:
    return _editor_action(request, pk, "publish")


@require_POST
@perm_required(APPROVE_PERM)
def verdict_correct(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct or retract a published verdict (the form on the verdict page)."""
    from .publication import correct_verdict, retract_verdict

    note = request.POST.get("note", "")
    try:
        version = form_version(request.POST.get("version", ""))
        if request.POST.get("kind") == "retraction":
            retract_verdict(pk, request.user, note, expected_version=version)
            messages.success(request, "Verdict retracted; the public page shows the note.")
        else:
            rationale = request.POST.get("rationale")
            correct_verdict(pk, request.user, note, rating=request.POST.get("rating") or None,
                            rationale=rationale if rationale and rationale.strip() else None,
                            expected_version=version)
            messages.success(request, "Correction published; the public page shows the note.")
    except WorkflowError as exc:
        fail(request, exc)
        form_drafts.keep(request, _correction_key(pk), CORRECTION_FIELDS)  # the page gives the typing back
    return redirect(reverse("review-verdict", args=[pk]))


@require_POST
@perm_required(APPROVE_PERM)
def verdict_cms_url(request: HttpRequest, pk: int) -> HttpResponse:
    """Set the CMS article's address of a published verdict (the form on the verdict page)."""
    from .publication import set_cms_url

    try:
        verdict = set_cms_url(pk, request.user, request.POST.get("cms_url", ""))
        messages.success(request, f"ClaimReview url is now {verdict.cms_url or verdict.public_url}.")
    except WorkflowError as exc:
        fail(request, exc)
    return redirect(reverse("review-verdict", args=[pk]))
