"""Verdicts: save (create or edit a draft), submit, approve, return and publish. Who may edit is
``reviewers.selectors.check_may_edit``; state changes are conditional updates checked by row count.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from claims.models import Claim
from factcheck.errors import ConflictError, InvalidInput, NotAllowed, NotFound
from reviewers import signals
from reviewers.models import Assignment, QueueItem, Verdict
from reviewers.permissions import APPROVE_PERM
from reviewers.selectors import (
    EDITOR_EDITABLE,
    REVIEWER_EDITABLE,
    approval_refusal,
    check_may_edit,
    group_claim_ids,
)

from .base import _end_assignments, _history, _require, _save, _set_claim_status
from .evidence import _replace_evidence, clean_evidence
from .leases import _extend_lease

MAX_RATIONALE_CHARS = 20_000


def rating_slugs() -> list[str]:
    return [slug for slug, _label, _value in settings.VERDICT_SCALE]


def rating_choices_for_form() -> list[tuple[str, str]]:
    return [(slug, label) for slug, label, _value in settings.VERDICT_SCALE]


def _conflict(verdict_id: int, user: Any = None) -> ConflictError:
    """The verdict moved on since the version the request started from. Who moved it is the last
    history row's user: "someone else" was also said to a reviewer whose own second tab (or a
    repeated API POST with no ``version``) had saved it."""
    current = Verdict.objects.filter(pk=verdict_id).only("updated_at", "version").first()
    when = timezone.localtime(current.updated_at).strftime("%H:%M") if current else "just now"
    last_by = (Verdict.history.filter(id=verdict_id).order_by("-history_date", "-history_id")
               .values_list("history_user_id", flat=True).first())
    if user is not None and last_by is not None and last_by == user.pk:
        version = f" (now version {current.version})" if current else ""
        err = ConflictError(f"you saved this verdict at {when} in another tab or request{version}; "
                            "reload to see that version")
    else:
        err = ConflictError(f"someone else saved this verdict at {when}; reload to see their changes")
    err.current_version = current.version if current else None  # type: ignore[attr-defined]
    return err


def save_verdict(*, claim_id: int, user: Any, rating: str, rationale: str, evidence: list[dict],
                 expected_version: int | None) -> Verdict:
    """Create or update the verdict (draft, returned, or for editors also submitted).

    ``expected_version`` is the version the user started from (``None`` when creating); if
    someone saved in between, ``ConflictError`` is raised and nothing is written. The
    evidence set is replaced: links whose URL is unchanged keep their check results, new
    URLs are checked in the background after commit. Saving extends the editor's lease.
    """
    rating = (rating or "").strip()
    rationale = (rationale or "").strip()
    if rating and rating not in rating_slugs():
        raise InvalidInput(f"Unknown rating {rating!r}.", errors={"rating": "Choose a rating from the scale."})
    if len(rationale) > MAX_RATIONALE_CHARS:
        raise InvalidInput(rationale_too_long(rationale), errors={"rationale": rationale_too_long(rationale)})
    rows = clean_evidence(evidence or [])
    with transaction.atomic():
        claim = Claim.objects.filter(pk=claim_id).first()
        if claim is None:
            raise NotFound("No such claim.")
        claim_ids = group_claim_ids(claim)
        verdict = Verdict.objects.filter(claim_id__in=claim_ids).order_by("created_at", "id").first()
        if verdict is None and QueueItem.objects.filter(claim_id__in=claim_ids, rounds_required=2).exclude(
                status=QueueItem.Status.DONE).exists():
            raise InvalidInput("This claim needs two independent reviews: write your review as a blind round "
                               "(its review page; API: POST /api/independent-reviews/). Its verdict comes from "
                               "the two reviews.")
        lease = check_may_edit(user, verdict, claim_ids)
        now = timezone.now()
        if verdict is None:
            verdict = Verdict(claim=claim, reviewer=user, rating=rating, rationale=rationale, version=1)
            try:
                with transaction.atomic():
                    _save(verdict, user, "draft created")
            except IntegrityError:
                raise _conflict(Verdict.objects.get(claim_id=claim.pk).pk, user)
        else:
            if expected_version is None:
                raise _conflict(verdict.pk, user)
            editable = EDITOR_EDITABLE if user.has_perm(APPROVE_PERM) else REVIEWER_EDITABLE
            fields: dict[str, Any] = {"rating": rating, "rationale": rationale}
            if lease is not None and not user.has_perm(APPROVE_PERM):
                fields["reviewer_id"] = user.pk  # taking over a colleague's expired draft
            changed = Verdict.objects.filter(pk=verdict.pk, version=expected_version, status__in=editable).update(
                version=F("version") + 1, updated_at=now, **fields
            )
            if changed != 1:
                current = Verdict.objects.get(pk=verdict.pk)
                if current.version != expected_version:
                    raise _conflict(verdict.pk, user)
                raise InvalidInput(
                    f"This verdict is {current.get_status_display().lower()} and can no longer be edited."
                )
            verdict = Verdict.objects.get(pk=verdict.pk)
            _history(Verdict, [verdict], user, "edited")
        new_links = _replace_evidence(verdict, rows, user)
        if lease is not None:
            _extend_lease(lease, user)
    from factcheck.resilience import send_on_commit
    from reviewers.tasks import check_evidence_link

    for link_id in new_links:
        send_on_commit(check_evidence_link, link_id)  # broker down: the sweeper checks it later
    return verdict


def _get_verdict(verdict_id: int) -> Verdict:
    verdict = Verdict.objects.select_related("claim").filter(pk=verdict_id).first()
    if verdict is None:
        raise NotFound("No such verdict.")
    return verdict


_STATUS_WORDS = {
    Verdict.Status.SUBMITTED: "submitted",
    Verdict.Status.APPROVED: "approved",
    Verdict.Status.RETURNED: "returned",
    Verdict.Status.PUBLISHED: "published",
}


_CLAIM_STATUS_FOR = {
    Verdict.Status.SUBMITTED: Claim.Status.SUBMITTED,
    Verdict.Status.APPROVED: Claim.Status.APPROVED,
    Verdict.Status.RETURNED: Claim.Status.IN_REVIEW,
    Verdict.Status.PUBLISHED: Claim.Status.PUBLISHED,
}


def _transition(verdict: Verdict, user: Any, *, from_statuses: Sequence[str], to: str,
                expected_version: int | None, **fields: Any) -> Verdict:
    """Conditional update of status (and fields), checked by row count; then history, and the
    claim statuses of the whole group follow."""
    qs = Verdict.objects.filter(pk=verdict.pk, status__in=list(from_statuses))
    if expected_version is not None:
        qs = qs.filter(version=expected_version)
    now = timezone.now()
    changed = qs.update(status=to, version=F("version") + 1, updated_at=now, **fields)
    if changed != 1:
        current = Verdict.objects.get(pk=verdict.pk)
        if expected_version is not None and current.version != expected_version:
            raise _conflict(verdict.pk, user)
        allowed = " or ".join(Verdict.Status(s).label.lower() for s in from_statuses)
        raise InvalidInput(f"Only a {allowed} verdict can be {_STATUS_WORDS[to]}; "
                           f"this one is {current.get_status_display().lower()}.")
    verdict = Verdict.objects.select_related("claim").get(pk=verdict.pk)
    _history(Verdict, [verdict], user, _STATUS_WORDS[to])
    _set_claim_status(group_claim_ids(verdict.claim), _CLAIM_STATUS_FOR[to], user, f"verdict {_STATUS_WORDS[to]}")
    return verdict


def rationale_too_long(rationale: str) -> str:
    """What to tell the person whose rationale is over MAX_RATIONALE_CHARS (it said "Too long.")."""
    return f"The rationale is longer than {MAX_RATIONALE_CHARS:,} characters (it has {len(rationale):,})."


def submission_problems(rating: str, rationale: str, has_evidence: bool) -> dict[str, str]:
    """What a verdict lacks before it can be submitted, per field (empty when nothing)."""
    missing = {}
    if not rating:
        missing["rating"] = "Choose a rating."
    if not (rationale or "").strip():
        missing["rationale"] = "Write a rationale."
    if not has_evidence:
        missing["evidence"] = "Add at least one evidence link."
    return missing


def submit_verdict(verdict_id: int, user: Any, expected_version: int | None) -> Verdict:
    """Draft or returned -> submitted. Needs a rating, a rationale and evidence. Completes the
    reviewer's lease and marks the queue items of the claim (and its group) done."""
    with transaction.atomic():
        verdict = _get_verdict(verdict_id)
        claim_ids = group_claim_ids(verdict.claim)
        check_may_edit(user, verdict, claim_ids)
        missing = submission_problems(verdict.rating, verdict.rationale, verdict.evidence.exists())
        if missing:
            raise InvalidInput("Before submitting: " + " ".join(missing.values()), errors=missing)
        verdict = _transition(verdict, user, from_statuses=REVIEWER_EDITABLE, to=Verdict.Status.SUBMITTED,
                              expected_version=expected_version, submitted_at=timezone.now())
        _end_assignments(Assignment.objects.filter(claim_id__in=claim_ids), Assignment.Outcome.COMPLETED, user,
                         "verdict submitted")
        items = list(QueueItem.objects.select_for_update().filter(
            claim_id__in=claim_ids, status__in=[QueueItem.Status.QUEUED, QueueItem.Status.ASSIGNED]))
        if items:
            now = timezone.now()
            QueueItem.objects.filter(pk__in=[i.pk for i in items]).update(
                status=QueueItem.Status.DONE, lease_expires_at=None, updated_at=now)
            for i in items:
                i.status, i.lease_expires_at, i.updated_at = QueueItem.Status.DONE, None, now
            _history(QueueItem, items, user, "verdict submitted")
        return verdict


def approve_verdict(verdict_id: int, editor: Any, expected_version: int | None, comment: str = "") -> Verdict:
    """Submitted -> approved, by an editor other than the verdict's author."""
    with transaction.atomic():
        verdict = _get_verdict(verdict_id)
        _require(editor, APPROVE_PERM, "approve verdicts")
        if why := approval_refusal(editor, verdict):
            raise NotAllowed(why)
        return _transition(verdict, editor, from_statuses=[Verdict.Status.SUBMITTED], to=Verdict.Status.APPROVED,
                           expected_version=expected_version, editor_id=editor.pk,
                           editor_comment=(comment or "").strip(), approved_at=timezone.now())


def return_verdict(verdict_id: int, editor: Any, comment: str, expected_version: int | None) -> Verdict:
    """Submitted -> returned to its reviewer with the editor's comment (required)."""
    comment = (comment or "").strip()
    if not comment:
        raise InvalidInput("Say what needs to change before returning the verdict.",
                           errors={"comment": "A comment is required."})
    with transaction.atomic():
        verdict = _get_verdict(verdict_id)
        _require(editor, APPROVE_PERM, "return verdicts")
        return _transition(verdict, editor, from_statuses=[Verdict.Status.SUBMITTED], to=Verdict.Status.RETURNED,
                           expected_version=expected_version, editor_id=editor.pk, editor_comment=comment)


def publish_verdict(verdict_id: int, editor: Any, cms_url: str = "") -> Verdict:
    """Approved -> published. Only an approved verdict can be published. It gets its public address
    (``/checks/<slug>/``, fixed from now on) and, optionally, the URL of the article in the CMS."""
    from reviewers.publication import clean_cms_url, public_slug_for

    cms_url = clean_cms_url(cms_url)
    with transaction.atomic():
        verdict = _get_verdict(verdict_id)
        _require(editor, APPROVE_PERM, "publish verdicts")
        extra = {"cms_url": cms_url} if cms_url else {}
        published = _transition(verdict, editor, from_statuses=[Verdict.Status.APPROVED],
                                to=Verdict.Status.PUBLISHED, expected_version=None, published_at=timezone.now(),
                                public_slug=verdict.public_slug or public_slug_for(verdict), **extra)
        from factcheck.resilience import send_on_commit
        from reviewers.tasks import mark_previously_checked

        # Matching claims in other articles now link to this verdict ("previously checked").
        send_on_commit(mark_previously_checked, published.claim_id)
        signals.verdict_published.send(sender=Verdict, verdict_id=published.pk)
        return published
