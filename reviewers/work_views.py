"""The reviewer's pages: take the next claim, release or skip it, my work, and the work page with the
verdict form (or, in blind second review, the form of the reviewer's own round). Views parse input,
call services/selectors and render; every view checks the role (perm_required) and the object-level
rule (a reviewer sees only their own leases and drafts; editors see everything)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from accounts.decorators import perm_required
from claims import review_state
from claims.findings import claim_findings
from claims.models import Claim
from claims.selectors import claim_in_context
from factcheck.params import parse_int

from . import selectors, services
from .findings import previous_checks
from .forms import (
    blank_row,
    fail,
    form_version,
    mark_errors,
    parse_evidence,
    rows_from_round,
    rows_from_verdict,
    show_problems,
)
from .models import Assignment, EvidenceLink
from .services import APPROVE_PERM, REVIEW_PERM, WorkflowError
from .work_rows import past_row, round_row, verdict_row

# --- reviewer: next claim, release, skip -------------------------------------------------------

@perm_required(REVIEW_PERM)
def next_claim(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        try:
            assignment = services.claim_next(request.user)
        except WorkflowError as exc:
            fail(request, exc)
            return redirect("review-next")
        if assignment is None:
            messages.info(request, "The queue is empty for you right now. Try again in a little while.")
            return redirect("review-next")
        return redirect("review-claim", claim_id=assignment.claim_id)
    minutes = settings.LEASE_MINUTES
    return render(request, "reviewers/next.html", {"current": selectors.current_lease(request.user),
                                                   "returned": selectors.returned_verdicts(request.user),
                                                   "lease_minutes": f"{minutes} minute{'s' if minutes != 1 else ''}"})


@require_POST
@perm_required(REVIEW_PERM)
def release(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        services.release(pk, request.user)
        messages.success(request, "Claim released back to the queue.")
    except WorkflowError as exc:
        fail(request, exc)
    return redirect("review-next")


@require_POST
@perm_required(REVIEW_PERM)
def skip(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        services.skip(pk, request.user, request.POST.get("reason", ""))
        messages.success(request, "Claim skipped; it will not come back to you.")
    except WorkflowError as exc:
        fail(request, exc)
        assignment = Assignment.objects.filter(pk=pk, reviewer=request.user).first()
        if assignment is not None:
            return redirect("review-claim", claim_id=assignment.claim_id)
    return redirect("review-next")


@perm_required(REVIEW_PERM)
def my_work(request: HttpRequest) -> HttpResponse:
    work = selectors.my_work(request.user)
    return render(request, "reviewers/my_work.html", {
        "work": work, "verdict_rows": [verdict_row(v) for v in work.verdicts],
        "round_rows": [round_row(r) for r in work.rounds], "past_rows": [past_row(a) for a in work.past],
    })


# --- the work page: the verdict form ---------------------------------------------------------------

@perm_required(REVIEW_PERM)
def claim_work(request: HttpRequest, claim_id: int) -> HttpResponse:
    """The reviewer's work page: the claim in context and the verdict form."""
    claim = get_object_or_404(Claim.objects.select_related("article", "article__source", "group"), pk=claim_id)
    state = services.edit_state(request.user, claim)
    is_editor = request.user.has_perm(APPROVE_PERM)
    blind = selectors.blind_status(request.user, claim)
    if blind.item is not None and blind.item.rounds_required == 2 and state.verdict is None:
        # blind second review: the page works on the user's own round, never on anyone's verdict
        return _blind_work(request, claim, blind, is_editor)
    own = state.verdict is not None and state.verdict.reviewer_id == request.user.pk
    if not (is_editor or state.lease or own):
        raise Http404("No such claim among your work.")  # don't reveal other reviewers' work
    form = {
        "rating": state.verdict.rating if state.verdict else "",
        "rationale": state.verdict.rationale if state.verdict else "",
        "version": state.verdict.version if state.verdict else "",
        "rows": rows_from_verdict(state.verdict) or [blank_row()],
    }
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "save")
        form = {
            "rating": request.POST.get("rating", ""),
            "rationale": request.POST.get("rationale", ""),
            "version": request.POST.get("version", ""),
            "rows": parse_evidence(request.POST) or [blank_row()],
        }
        if action == "add_row":  # without JavaScript: the same form with one more row
            form["rows"].append(blank_row())
        else:
            saved = None
            try:
                version = form_version(form["version"])
                if action == "submit" and selectors.repeat_submission(
                        request.user, state.verdict, form["rating"], form["rationale"], version):
                    messages.success(request, "Verdict submitted for approval. Thank you!")
                    return redirect("review-next" if not is_editor else "review-approvals")
                saved = services.save_verdict(
                    claim_id=claim.pk, user=request.user, rating=form["rating"], rationale=form["rationale"],
                    evidence=form["rows"], expected_version=version,
                )
                form["version"] = saved.version
                if selectors.awaiting_approval(saved):  # an editor's change to a submitted verdict
                    messages.success(request, "Changes saved; the verdict is still waiting for approval.")
                    return redirect("review-verdict", pk=saved.pk)
                if action == "submit":
                    services.submit_verdict(saved.pk, request.user, saved.version)
                    messages.success(request, "Verdict submitted for approval. Thank you!")
                    return redirect("review-next" if not is_editor else "review-approvals")
                messages.success(request, "Draft saved.")
                return redirect("review-claim", claim_id=claim.pk)
            except WorkflowError as exc:
                status = show_problems(request, exc, action, form, draft_saved=saved is not None)
                if isinstance(exc, services.ConflictError):
                    form["conflict"] = True
            state = services.edit_state(request.user, claim)
    mark_errors(form)
    ctx = {
        "claim": review_state.shown(claim, leased=True if state.lease else None),
        "context": claim_in_context(claim),
        "state": state,
        "verdict": state.verdict,
        "awaiting_approval": selectors.awaiting_approval(state.verdict),
        "form": form,
        "ratings": services.rating_choices_for_form(),
        "rating_definitions": [(label, settings.VERDICT_RATING_DEFINITIONS.get(value, ""))
                               for value, label in services.rating_choices_for_form()],
        "stances": EvidenceLink.Stance.choices,
        "linked": selectors.linked_claims(claim),
        "is_editor": is_editor,
        "findings": claim_findings(claim),
        "previous": previous_checks(claim),
    }
    return render(request, "reviewers/claim_work.html", ctx, status=status)


def _blind_work(request: HttpRequest, claim: Claim, blind: selectors.BlindStatus, is_editor: bool) -> HttpResponse:
    """The review page of a claim in blind second review: the lease holder writes their own round
    (services.blind); everyone else sees only what ``hidden_by_blind_review`` leaves them: their
    own round, and for editors that the claim is in blind review (and, once both rounds are in and
    differ, the way to adjudication)."""
    mine = blind.mine
    lease = None
    if blind.holds_round:
        lease = Assignment.objects.filter(queue_item=blind.item, reviewer=request.user,
                                          outcome=Assignment.Outcome.ACTIVE).first()
    if not (is_editor or lease or mine):
        raise Http404("No such claim among your work.")
    can_edit = lease is not None and (mine is None or mine.status == "draft")
    if lease is not None and mine is not None and mine.round != blind.round:
        mine = None
    form = {"rating": mine.rating if mine else "", "rationale": mine.rationale if mine else "",
            "version": mine.version if mine else "", "rows": rows_from_round(mine) or [blank_row()]}
    status = 200
    if request.method == "POST" and can_edit:
        action = request.POST.get("action", "save")
        form = {"rating": request.POST.get("rating", ""), "rationale": request.POST.get("rationale", ""),
                "version": request.POST.get("version", ""), "rows": parse_evidence(request.POST) or [blank_row()]}
        if action == "add_row":
            form["rows"].append(blank_row())
        else:
            saved = None
            try:
                version = form_version(form["version"])
                saved = services.save_round(claim_id=claim.pk, user=request.user, rating=form["rating"],
                                            rationale=form["rationale"], evidence=form["rows"],
                                            expected_version=version)
                form["version"] = saved.version
                if action == "submit":
                    services.submit_round(claim.pk, request.user, saved.version)
                    messages.success(request, "Your review is in. Nobody sees it until the other independent "
                                              "review is in too.")
                    return redirect("review-next")
                messages.success(request, "Draft saved.")
                return redirect("review-claim", claim_id=claim.pk)
            except WorkflowError as exc:
                status = show_problems(request, exc, action, form, draft_saved=saved is not None)
    elif request.method == "POST":
        messages.error(request, "You can only write the review of a claim assigned to you.")
        status = 403
    mark_errors(form)
    if can_edit:
        reason = ""
    elif mine is not None and mine.status == "submitted":
        reason = "Your review is submitted." + (" The other independent review is not in yet." if blind.blind else "")
    else:
        reason = "This claim is in blind second review; the reviews are hidden until both are in."
    ctx = {
        "claim": claim, "context": claim_in_context(claim),
        "state": selectors.EditState(None, lease, can_edit, reason), "verdict": None,
        "blind": blind, "own_round": mine,
        "needs_adjudication": blind.item.needs_adjudication and is_editor,
        "form": form, "ratings": services.rating_choices_for_form(),
        "rating_definitions": [(label, settings.VERDICT_RATING_DEFINITIONS.get(value, ""))
                               for value, label in services.rating_choices_for_form()],
        "stances": EvidenceLink.Stance.choices, "linked": selectors.linked_claims(claim), "is_editor": is_editor,
        "findings": claim_findings(claim), "previous": previous_checks(claim),
    }
    return render(request, "reviewers/claim_work.html", ctx, status=status)


@require_GET
@perm_required(REVIEW_PERM)
def evidence_row(request: HttpRequest) -> HttpResponse:
    """One blank evidence row (htmx appends it to the form)."""
    n = request.GET.get("n", "")
    n = parse_int(n, max_value=9999) or 0
    return render(request, "reviewers/_evidence_row.html",
                  {"row": blank_row(), "n": n, "stances": EvidenceLink.Stance.choices, "focus": True})
