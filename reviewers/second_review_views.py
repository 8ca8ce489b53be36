"""Blind second review for editors: the rules that ask for two independent reviews, asking for them by
hand on a claim, and adjudicating two ratings that differ. Views parse input, call
services/selectors and render; every view checks the role (perm_required) and the object-level rule
(a reviewer sees only their own leases and drafts; editors see everything)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from accounts.decorators import perm_required
from claims.models import Claim
from claims.selectors import claim_in_context
from factcheck.pagination import web_page
from factcheck.params import parse_id, parse_int

from . import selectors, services
from .forms import blank_row, fail, mark_errors, parse_evidence, rows_from_round
from .models import EvidenceLink, QueueItem
from .permissions import RULES_PERM
from .services import APPROVE_PERM, WorkflowError


@perm_required(RULES_PERM)
def second_review_rules(request: HttpRequest) -> HttpResponse:
    """The rules that decide which claims need two independent reviews; a new one from the form."""
    from claims.models import Source

    form = {"source": "", "kind": "", "min_score": "", "note": ""}
    status = 200
    if request.method == "POST":
        form = {k: request.POST.get(k, "").strip() for k in form}
        try:
            min_score = float(form["min_score"]) if form["min_score"] else None
        except ValueError:
            min_score = -1.0  # the service says what is wrong with it
        try:
            services.create_rule(request.user, source_id=parse_id(form["source"]),
                                 kind=form["kind"], min_score=min_score, note=form["note"])
            messages.success(request, "Rule saved: claims it matches need two independent reviews from now on.")
            return redirect("review-second-review")
        except WorkflowError as exc:
            fail(request, exc)
            form["errors"] = exc.errors
            status = exc.status_code
    return render(request, "reviewers/second_review_rules.html", {
        "rules": list(selectors.second_review_rules()[:500]), "form": form, "kinds": Claim.Kind.choices,
        "sources": list(Source.objects.order_by("name")[:1000]),
    }, status=status)


@require_POST
@perm_required(RULES_PERM)
def second_review_rule_toggle(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        rule = services.set_rule_active(pk, request.user, request.POST.get("active") == "on")
        messages.success(request, f"Rule {'switched on' if rule.active else 'switched off'}.")
    except WorkflowError as exc:
        fail(request, exc)
    return redirect("review-second-review")


@require_POST
@perm_required(RULES_PERM)
def second_review_rule_delete(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        services.delete_rule(pk, request.user)
        messages.success(request, "Rule deleted.")
    except WorkflowError as exc:
        fail(request, exc)
    return redirect("review-second-review")


@require_POST
@perm_required(RULES_PERM)
def require_second_review(request: HttpRequest, claim_id: int) -> HttpResponse:
    """By hand, on the claim page: this claim needs two independent reviews."""
    try:
        services.require_second_review(claim_id, request.user, note=request.POST.get("note", ""))
        messages.success(request, "This claim needs two independent reviews.")
    except WorkflowError as exc:
        fail(request, exc)
    return redirect("claim-detail", pk=claim_id)


@perm_required(APPROVE_PERM)
def adjudications(request: HttpRequest) -> HttpResponse:
    """Claims whose two independent ratings differ, oldest first."""
    page = web_page(request.GET, selectors.adjudication_queue(), ("updated_at", "id"))
    return render(request, "reviewers/adjudications.html", {"page": page})


@perm_required(APPROVE_PERM)
def adjudication(request: HttpRequest, claim_id: int) -> HttpResponse:
    """Both independent reviews side by side, and the form for the verdict that decides."""
    item = get_object_or_404(QueueItem.objects.select_related("claim", "claim__article"), claim_id=claim_id)
    claim = item.claim
    rounds = selectors.visible_rounds(request.user, claim)
    if not item.needs_adjudication and request.method == "GET":
        verdict = selectors.verdict_for_claim(claim)
        if verdict is not None:
            messages.info(request, "This claim has been adjudicated.")
            return redirect("review-verdict", pk=verdict.pk)
        raise Http404("This claim is not waiting for adjudication.")
    start = {r.round: r for r in rounds}.get(parse_int(request.GET.get("from", "")) or 0)
    form = {"rating": start.rating if start else "", "rationale": start.rationale if start else "",
            "rows": rows_from_round(start) or [blank_row()]}
    status = 200
    if request.method == "POST":
        form = {"rating": request.POST.get("rating", ""), "rationale": request.POST.get("rationale", ""),
                "rows": parse_evidence(request.POST) or [blank_row()]}
        if request.POST.get("action") == "add_row":
            form["rows"].append(blank_row())
        else:
            try:
                verdict = services.adjudicate(claim.pk, request.user, rating=form["rating"],
                                              rationale=form["rationale"], evidence=form["rows"])
                messages.success(request, "Adjudicated: the verdict waits for approval by another editor.")
                return redirect("review-verdict", pk=verdict.pk)
            except WorkflowError as exc:
                fail(request, exc)
                form["errors"] = exc.errors
                status = exc.status_code
    mark_errors(form)
    return render(request, "reviewers/adjudication.html", {
        "item": item, "claim": claim, "context": claim_in_context(claim), "rounds": rounds, "form": form,
        "ratings": services.rating_choices_for_form(), "stances": EvidenceLink.Stance.choices,
    }, status=status)
