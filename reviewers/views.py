"""Reviewer and editor pages. Views parse input, call services/selectors and render;
every view checks the role (perm_required) and the object-level rule (a reviewer sees
only their own leases and drafts; editors see everything)."""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from accounts.decorators import perm_required
from claims import review_state
from claims.findings import claim_findings
from claims.models import Claim
from claims.selectors import claim_in_context
from factcheck.pagination import web_page

from . import bulk, selectors, services
from .findings import previous_checks
from .models import Assignment, EvidenceLink, QueueItem, Verdict
from .permissions import RULES_PERM
from .services import APPROVE_PERM, MANAGE_PERM, REVIEW_PERM, WorkflowError

_ROW_KEY = re.compile(r"^evidence-(\d{1,4})-url$")


def _fail(request: HttpRequest, exc: WorkflowError) -> None:
    messages.error(request, exc.message)


def _back(request: HttpRequest, default: str) -> HttpResponse:
    """Redirect to the page the form came from when it is one of ours, else ``default``."""
    nxt = request.POST.get("next") or ""
    if nxt.startswith("/") and not nxt.startswith("//"):
        return redirect(nxt)
    return redirect(default)


# --- reviewer: next claim, release, skip -------------------------------------------------------

@perm_required(REVIEW_PERM)
def next_claim(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        try:
            assignment = services.claim_next(request.user)
        except WorkflowError as exc:
            _fail(request, exc)
            return redirect("review-next")
        if assignment is None:
            messages.info(request, "The queue is empty for you right now. Try again in a little while.")
            return redirect("review-next")
        return redirect("review-claim", claim_id=assignment.claim_id)
    work = selectors.my_work(request.user)
    return render(request, "reviewers/next.html", {"current": work.current, "returned": work.returned})


@require_POST
@perm_required(REVIEW_PERM)
def release(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        services.release(pk, request.user)
        messages.success(request, "Claim released back to the queue.")
    except WorkflowError as exc:
        _fail(request, exc)
    return redirect("review-next")


@require_POST
@perm_required(REVIEW_PERM)
def skip(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        services.skip(pk, request.user, request.POST.get("reason", ""))
        messages.success(request, "Claim skipped; it will not come back to you.")
    except WorkflowError as exc:
        _fail(request, exc)
        assignment = Assignment.objects.filter(pk=pk, reviewer=request.user).first()
        if assignment is not None:
            return redirect("review-claim", claim_id=assignment.claim_id)
    return redirect("review-next")


@perm_required(REVIEW_PERM)
def my_work(request: HttpRequest) -> HttpResponse:
    return render(request, "reviewers/my_work.html", {"work": selectors.my_work(request.user)})


# --- verdict form --------------------------------------------------------------------------------

def parse_evidence(post: Any) -> list[dict]:
    """evidence-<n>-url/title/quote/stance/accessed_at fields, in row order."""
    indices = sorted({int(m.group(1)) for key in post for m in [_ROW_KEY.match(key)] if m})
    return [
        {f: post.get(f"evidence-{n}-{f}", "") for f in ("url", "title", "quote", "stance", "accessed_at")}
        for n in indices
    ]


def _rows_from_verdict(verdict: Verdict | None) -> list[dict]:
    if verdict is None:
        return []
    return [
        {"url": e.url, "title": e.title, "quote": e.quote, "stance": e.stance,
         "accessed_at": e.accessed_at.isoformat() if e.accessed_at else "", "link": e}
        for e in verdict.evidence.all()
    ]


def _blank_row() -> dict:
    return {"url": "", "title": "", "quote": "", "stance": EvidenceLink.Stance.CONTEXT, "accessed_at": ""}


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
        "rows": _rows_from_verdict(state.verdict) or [_blank_row()],
    }
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "save")
        form = {
            "rating": request.POST.get("rating", ""),
            "rationale": request.POST.get("rationale", ""),
            "version": request.POST.get("version", ""),
            "rows": parse_evidence(request.POST) or [_blank_row()],
        }
        if action == "add_row":  # without JavaScript: the same form with one more row
            form["rows"].append(_blank_row())
        else:
            version = int(form["version"]) if str(form["version"]).isdigit() else None
            saved = None
            try:
                saved = services.save_verdict(
                    claim_id=claim.pk, user=request.user, rating=form["rating"], rationale=form["rationale"],
                    evidence=form["rows"], expected_version=version,
                )
                form["version"] = saved.version
                if action == "submit":
                    services.submit_verdict(saved.pk, request.user, saved.version)
                    messages.success(request, "Verdict submitted for approval. Thank you!")
                    return redirect("review-next" if not is_editor else "review-approvals")
                messages.success(request, "Draft saved.")
                return redirect("review-claim", claim_id=claim.pk)
            except WorkflowError as exc:
                errors = dict(exc.errors)
                if action == "submit" and isinstance(exc, services.InvalidInput):
                    # every problem at once: what the rows lack and what submitting needs
                    has_rows = any((r.get("url") or "").strip() for r in form["rows"])
                    for key, msg in services.submission_problems(form["rating"], form["rationale"],
                                                                 has_rows).items():
                        errors.setdefault(key, msg)
                form["errors"] = errors
                status = exc.status_code
                if saved is not None:
                    messages.warning(request, "Saved as draft, not submitted: fix the problems listed below.")
                else:
                    _fail(request, exc)
                if isinstance(exc, services.ConflictError):
                    form["conflict"] = True
            state = services.edit_state(request.user, claim)
    form["error_list"] = _error_list(form.get("errors") or {}, form["rows"])
    for n, row in enumerate(form["rows"]):
        row["error"] = (form.get("errors") or {}).get(f"evidence-{n + 1}", "")
    ctx = {
        "claim": review_state.shown(claim, leased=True if state.lease else None),
        "context": claim_in_context(claim),
        "state": state,
        "verdict": state.verdict,
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


def _rows_from_round(review: Any) -> list[dict]:
    if review is None:
        return []
    return [{"url": e.get("url", ""), "title": e.get("title", ""), "quote": e.get("quote", ""),
             "stance": e.get("stance", EvidenceLink.Stance.CONTEXT), "accessed_at": e.get("accessed_at") or ""}
            for e in review.evidence]


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
            "version": mine.version if mine else "", "rows": _rows_from_round(mine) or [_blank_row()]}
    status = 200
    if request.method == "POST" and can_edit:
        action = request.POST.get("action", "save")
        form = {"rating": request.POST.get("rating", ""), "rationale": request.POST.get("rationale", ""),
                "version": request.POST.get("version", ""), "rows": parse_evidence(request.POST) or [_blank_row()]}
        if action == "add_row":
            form["rows"].append(_blank_row())
        else:
            version = int(form["version"]) if str(form["version"]).isdigit() else None
            saved = None
            try:
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
                errors = dict(exc.errors)
                if action == "submit" and isinstance(exc, services.InvalidInput):
                    has_rows = any((r.get("url") or "").strip() for r in form["rows"])
                    for key, msg in services.submission_problems(form["rating"], form["rationale"],
                                                                 has_rows).items():
                        errors.setdefault(key, msg)
                form["errors"] = errors
                status = exc.status_code
                if saved is not None:
                    messages.warning(request, "Saved as draft, not submitted: fix the problems listed below.")
                else:
                    _fail(request, exc)
    elif request.method == "POST":
        messages.error(request, "You can only write the review of a claim assigned to you.")
        status = 403
    form["error_list"] = _error_list(form.get("errors") or {}, form["rows"])
    for n, row in enumerate(form["rows"]):
        row["error"] = (form.get("errors") or {}).get(f"evidence-{n + 1}", "")
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


_FIELD_ORDER = {"rating": 0, "rationale": 1, "evidence": 2}


def _error_list(errors: dict[str, str], rows: list[dict]) -> list[dict[str, str]]:
    """The form's errors in page order, each with the id of the field it belongs to."""
    out = []
    for key, msg in errors.items():
        if key.startswith("evidence-") and key[9:].isdigit():
            n = int(key[9:])  # the services number rows from 1; the form's field ids from 0
            out.append({"order": (3, n), "field": f"evidence-{n - 1}-url", "text": f"Evidence link {n}: {msg}"})
        elif key == "evidence":
            out.append({"order": (2, 0), "field": "evidence-0-url", "text": msg})
        elif key in _FIELD_ORDER:
            out.append({"order": (_FIELD_ORDER[key], 0), "field": key, "text": msg})
    return sorted(out, key=lambda e: e["order"])


@require_GET
@perm_required(REVIEW_PERM)
def evidence_row(request: HttpRequest) -> HttpResponse:
    """One blank evidence row (htmx appends it to the form)."""
    n = request.GET.get("n", "")
    n = int(n) if n.isdigit() and int(n) < 10000 else 0
    return render(request, "reviewers/_evidence_row.html",
                  {"row": _blank_row(), "n": n, "stances": EvidenceLink.Stance.choices, "focus": True})


# --- editor: queue --------------------------------------------------------------------------------

@perm_required(MANAGE_PERM)
def queue(request: HttpRequest) -> HttpResponse:
    overview = selectors.queue_overview(request.GET, request.user)
    page = web_page(request.GET, overview.items, selectors.QUEUE_ORDER, size=selectors.QUEUE_PAGE_SIZE)
    for item in page.object_list:
        item.shown_assignee = selectors.shown_assignee(request.user, item)
    return render(request, "reviewers/queue.html", {
        "overview": overview, "page": page,
        "status_counts": [(v, label, overview.counts.get(v, 0)) for v, label in QueueItem.Status.choices],
        "statuses": QueueItem.Status.choices, "kinds": Claim.Kind.choices, "ages": list(selectors.AGE_CHOICES),
    })


def _reviewer_choice(value: str) -> Any:
    """The reviewer picked in a form (an id), or None when none was picked."""
    value = (value or "").strip()
    if not value.isdigit() or len(value) > 18:
        return None
    return get_user_model().objects.filter(pk=int(value)).first()


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
              "to_user": _reviewer_choice(request.POST.get("to_user", "")),
              "reason": request.POST.get("reason", "")[:2000]}
    confirmed = request.POST.get("confirm") == "yes"
    try:
        result = bulk.apply(request.user, action, request.POST.getlist("ids"), dry_run=not confirmed, **params)
    except WorkflowError as exc:
        _fail(request, exc)
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
        _fail(request, exc)
    return _back(request, reverse("review-queue"))


@require_POST
@perm_required(MANAGE_PERM)
def queue_remove(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        services.remove_from_queue(pk, request.user)
        messages.success(request, "Removed from the queue.")
    except WorkflowError as exc:
        _fail(request, exc)
    return _back(request, reverse("review-queue"))


@require_POST
@perm_required(MANAGE_PERM)
def queue_reassign(request: HttpRequest, pk: int) -> HttpResponse:
    to = request.POST.get("to_user", "")
    to_user = get_user_model().objects.filter(pk=int(to)).first() if to.isdigit() else None
    try:
        if to_user is None:
            raise services.InvalidInput("Choose a reviewer.")
        services.reassign(pk, to_user, request.user, request.POST.get("reason", ""))
        messages.success(request, f"Assigned to {to_user.get_username()}.")
    except WorkflowError as exc:
        _fail(request, exc)
    return _back(request, reverse("review-queue"))


@require_POST
@perm_required("claims.queue_claim")
def queue_enqueue(request: HttpRequest) -> HttpResponse:
    claim_id = request.POST.get("claim_id", "")
    if not claim_id.isdigit():
        raise Http404("No such claim.")
    try:
        services.enqueue_claim(int(claim_id), request.user, request.POST.get("priority") or None)
        messages.success(request, "Claim queued for review.")
    except WorkflowError as exc:
        _fail(request, exc)
    return _back(request, reverse("claim-detail", args=[int(claim_id)]))


# --- editor: approvals ----------------------------------------------------------------------------

@perm_required(APPROVE_PERM)
def approvals(request: HttpRequest) -> HttpResponse:
    """Submitted verdicts (oldest first) and approved ones waiting to be published: a keyset page
    of each (``after_submitted`` / ``after_approved``), evidence counted for the rows shown."""
    pages = {}
    for status, ordering in selectors.APPROVAL_ORDERS.items():
        page = web_page(request.GET, selectors.waiting_verdicts(status), ordering, param=f"after_{status}")
        page.object_list = selectors.with_evidence_counts(page.object_list)
        pages[status] = page
    return render(request, "reviewers/approvals.html", {
        "submitted": pages[Verdict.Status.SUBMITTED], "approved": pages[Verdict.Status.APPROVED],
        "counts": selectors.waiting_counts(), "adjudication_count": selectors.adjudication_count(),
    })


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
        "can_publish": is_editor and verdict.status == Verdict.Status.APPROVED,
        "editable": is_editor and verdict.status in selectors.EDITOR_EDITABLE,
        "history": selectors.history_for_verdict(verdict), "context": claim_in_context(verdict.claim),
        "group_claims": selectors.linked_claims(verdict.claim),
        "corrections": list(verdict.corrections.select_related("editor")),
        "can_correct": is_editor and verdict.status == Verdict.Status.PUBLISHED and not verdict.retracted_at,
        "ratings": [(slug, label) for slug, label, _v in settings.VERDICT_SCALE],
    })


def _editor_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    version_raw = request.POST.get("version", "")
    version = int(version_raw) if version_raw.isdigit() else None
    comment = request.POST.get("comment", "")
    try:
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
        _fail(request, exc)
        return _back(request, reverse("review-verdict", args=[pk]))
    return _back(request, reverse("review-approvals"))


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

    version_raw = request.POST.get("version", "")
    version = int(version_raw) if version_raw.isdigit() else None
    note = request.POST.get("note", "")
    try:
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
        _fail(request, exc)
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
        _fail(request, exc)
    return redirect(reverse("review-verdict", args=[pk]))


# --- editor: blind second review (rules, adjudication) ---------------------------------------------

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
            services.create_rule(request.user, source_id=int(form["source"]) if form["source"].isdigit() else None,
                                 kind=form["kind"], min_score=min_score, note=form["note"])
            messages.success(request, "Rule saved: claims it matches need two independent reviews from now on.")
            return redirect("review-second-review")
        except WorkflowError as exc:
            _fail(request, exc)
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
        _fail(request, exc)
    return redirect("review-second-review")


@require_POST
@perm_required(RULES_PERM)
def second_review_rule_delete(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        services.delete_rule(pk, request.user)
        messages.success(request, "Rule deleted.")
    except WorkflowError as exc:
        _fail(request, exc)
    return redirect("review-second-review")


@require_POST
@perm_required(RULES_PERM)
def require_second_review(request: HttpRequest, claim_id: int) -> HttpResponse:
    """By hand, on the claim page: this claim needs two independent reviews."""
    try:
        services.require_second_review(claim_id, request.user, note=request.POST.get("note", ""))
        messages.success(request, "This claim needs two independent reviews.")
    except WorkflowError as exc:
        _fail(request, exc)
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
    start = {r.round: r for r in rounds}.get(int(request.GET.get("from", "0") or 0)
                                              if request.GET.get("from", "").isdigit() else 0)
    form = {"rating": start.rating if start else "", "rationale": start.rationale if start else "",
            "rows": _rows_from_round(start) or [_blank_row()]}
    status = 200
    if request.method == "POST":
        form = {"rating": request.POST.get("rating", ""), "rationale": request.POST.get("rationale", ""),
                "rows": parse_evidence(request.POST) or [_blank_row()]}
        if request.POST.get("action") == "add_row":
            form["rows"].append(_blank_row())
        else:
            try:
                verdict = services.adjudicate(claim.pk, request.user, rating=form["rating"],
                                              rationale=form["rationale"], evidence=form["rows"])
                messages.success(request, "Adjudicated: the verdict waits for approval by another editor.")
                return redirect("review-verdict", pk=verdict.pk)
            except WorkflowError as exc:
                _fail(request, exc)
                form["errors"] = exc.errors
                status = exc.status_code
    form["error_list"] = _error_list(form.get("errors") or {}, form["rows"])
    for n, row in enumerate(form["rows"]):
        row["error"] = (form.get("errors") or {}).get(f"evidence-{n + 1}", "")
    return render(request, "reviewers/adjudication.html", {
        "item": item, "claim": claim, "context": claim_in_context(claim), "rounds": rounds, "form": form,
        "ratings": services.rating_choices_for_form(), "stances": EvidenceLink.Stance.choices,
    }, status=status)
