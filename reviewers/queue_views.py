"""The editor's queue page and its forms: bulk actions, priority, removal, reassignment, queueing a
claim by hand. Views parse input, call services/selectors and render; every view checks the role
(perm_required) and the object-level rule (a reviewer sees only their own leases and drafts; editors
see everything)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts.decorators import perm_required
from claims.models import Claim
from factcheck.pagination import web_page
from factcheck.params import parse_id

from . import bulk, selectors, services
from .forms import back, fail
from .models import QueueItem
from .queue_rows import queue_row
from .services import MANAGE_PERM, WorkflowError

#: What a queue row shows (reviewers.queue_rows) and its blind-review rule reads: not the claim's sentence
#: and JSON columns or the users' other fields (1.1-1.3 ms of a page's CPU at 1M).
QUEUE_ROW = ("id", "claim", "priority", "status", "origin", "enqueued_at", "assigned_to", "lease_expires_at",
             "rounds_required", "review_round", "claim__id", "claim__text", "claim__kind", "claim__score",
             "claim__article", "claim__article__id", "claim__article__title", "assigned_to__id",
             "assigned_to__username")


@perm_required(MANAGE_PERM)
def queue(request: HttpRequest) -> HttpResponse:
    overview = selectors.queue_overview(request.GET, request.user)
    page = web_page(request.GET, overview.items.only(*QUEUE_ROW), selectors.QUEUE_ORDER, size=selectors.QUEUE_PAGE_SIZE)
    for item in page.object_list:
        item.shown_assignee = selectors.shown_assignee(request.user, item)
    return render(request, "reviewers/queue.html", {
        "overview": overview, "page": page, "rows": [queue_row(item) for item in page.object_list],
        "status_counts": [(v, label, overview.counts.get(v, 0)) for v, label in QueueItem.Status.choices],
        "statuses": QueueItem.Status.choices, "kinds": Claim.Kind.choices, "ages": list(selectors.AGE_CHOICES),
    })


@require_POST
@perm_required(MANAGE_PERM)
def queue_bulk(request: HttpRequest) -> HttpResponse:
    """One action on the selected queue rows. The first POST shows what will happen (a dry run of
    the same service) and asks to confirm; the POST with ``confirm`` does it."""
    back = request.POST.get("next") or reverse("review-queue")
    if not (back.startswith("/") and not back.startswith("//")):
        back = reverse("review-queue")
    action = request.POST.get("action", "")
    params = {"priority": request.POST.get("priority", ""),
              "to_user": selectors.user_by_id(request.POST.get("to_user")),
              "reason": request.POST.get("reason", "")[:2000]}
    confirmed = request.POST.get("confirm") == "yes"
    try:
        result = bulk.apply(request.user, action, request.POST.getlist("ids"), dry_run=not confirmed, **params)
    except WorkflowError as exc:
        fail(request, exc)
        return redirect(back)
    if confirmed:
        (messages.success if result.changed else messages.warning)(request, bulk.summary(result))
        return redirect(back)
    for row in result.rows:
        if row.item is not None:
            row.item.shown_assignee = selectors.shown_assignee(request.user, row.item)
    return render(request, "reviewers/queue_confirm.html", {
        "result": result, "action_label": bulk.ACTIONS[action], "back": back,
        "ids": [r.item_id for r in result.rows], "params": params,
    })


@require_POST
@perm_required(MANAGE_PERM)
def queue_priority(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        item = services.set_priority(pk, request.POST.get("priority", ""), request.user)
        messages.success(request, f"Priority set to {item.priority}.")
    except WorkflowError as exc:
        fail(request, exc)
    return back(request, reverse("review-queue"))


@require_POST
@perm_required(MANAGE_PERM)
def queue_remove(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        services.remove_from_queue(pk, request.user)
        messages.success(request, "Removed from the queue.")
    except WorkflowError as exc:
        fail(request, exc)
    return back(request, reverse("review-queue"))


@require_POST
@perm_required(MANAGE_PERM)
def queue_reassign(request: HttpRequest, pk: int) -> HttpResponse:
    to_user = selectors.user_by_id(request.POST.get("to_user"))
    try:
        if to_user is None:
            raise services.InvalidInput("Choose a reviewer.")
        services.reassign(pk, to_user, request.user, request.POST.get("reason", ""))
        messages.success(request, f"Assigned to {to_user.get_username()}.")
    except WorkflowError as exc:
        fail(request, exc)
    return back(request, reverse("review-queue"))


@require_POST
@perm_required("claims.queue_claim")
def queue_enqueue(request: HttpRequest) -> HttpResponse:
    claim_id = parse_id(request.POST.get("claim_id", ""))
    if claim_id is None:
        raise Http404("No such claim.")
    try:
        services.enqueue_claim(claim_id, request.user, request.POST.get("priority") or None)
        messages.success(request, "Claim queued for review.")
    except WorkflowError as exc:
        fail(request, exc)
    return back(request, reverse("claim-detail", args=[claim_id]))
