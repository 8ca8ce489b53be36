"""Blind second review: which claims need two independent reviews (SecondReviewRule), the two
rounds, and adjudication when their ratings differ.

How a claim that needs two reviews goes through the desk:

1. When it is queued (``queue.enqueue_top_claims`` / ``enqueue_claim``) an active rule matching
   it sets ``QueueItem.rounds_required = 2``.
2. Round 1: claim-next leases it like any claim; the reviewer writes their review into an
   ``IndependentReview`` (round 1: rating, rationale, evidence) instead of the claim's Verdict
   (``save_round`` / ``submit_round``). No Verdict exists yet, so no page, API, export or search
   can show one.
3. Submitting round 1 puts the item back in the queue at its place for round 2 and records
   ``first_reviewer``: claim-next never hands round 2 to them (a filter in both claim-next paths,
   re-checked on the locked row, and a check constraint in the database) nor to anyone who skipped
   the claim (the existing skip rule, per claim).
4. Submitting round 2 ends the blind phase (the item is done):
   - equal ratings: round 1's review becomes the claim's Verdict (its author, rating, rationale
     and evidence), status submitted; editors approve and publish it as today;
   - different ratings: ``needs_adjudication``; an editor who wrote neither review compares them
     side by side and writes the Verdict (``adjudicate``), status submitted, approved by another
     editor as any editor's own verdict.
   The two IndependentReview rows stay as submitted (their history too): they are what
   ``reviewers.agreement`` computes kappa and alpha from.

Who may see a round (and who worked on a blind claim) is ``reviewers.visibility.hidden_by_blind_review``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from claims.models import Article, Claim, Source
from factcheck.errors import ConflictError, InvalidInput, NotAllowed, NotFound
from reviewers.models import Assignment, IndependentReview, QueueItem, SecondReviewRule, Verdict
from reviewers.permissions import APPROVE_PERM, REVIEW_PERM, RULES_PERM
from reviewers.selectors import group_claim_ids

from .base import _end_assignments, _history, _require, _save, _set_claim_status
from .evidence import EvidenceInput, _replace_evidence, clean_evidence
from .leases import _extend_lease
from .verdicts import MAX_RATIONALE_CHARS, rating_slugs, rationale_too_long, submission_problems

# --- rules -------------------------------------------------------------------------------------


def active_rules() -> list[SecondReviewRule]:
    return list(SecondReviewRule.objects.filter(active=True))


def claims_needing_two(claims: Sequence[Claim], rules: Sequence[SecondReviewRule] | None = None) -> set[int]:
    """The ids of ``claims`` that an active rule says need two independent reviews."""
    rules = active_rules() if rules is None else [r for r in rules if r.active]
    if not rules or not claims:
        return set()
    sources = dict(Article.objects.filter(pk__in={c.article_id for c in claims}).values_list("pk", "source_id"))
    return {c.pk for c in claims
            if any(r.matches(c.pk, sources.get(c.article_id), c.kind, c.score) for r in rules)}


def create_rule(by_user: Any, *, source_id: int | None = None, kind: str = "", min_score: float | None = None,
                claim_id: int | None = None, note: str = "") -> SecondReviewRule:
    """A new rule; it applies to claims queued from now on (a rule naming one claim also to that
    claim if it is waiting for its first review, see ``require_second_review``)."""
    _require(by_user, RULES_PERM, "set second-review rules")
    kind = (kind or "").strip()
    errors: dict[str, str] = {}
    if kind and kind not in Claim.Kind.values:
        errors["kind"] = "Choose a claim kind."
    if min_score is not None:
        try:
            min_score = float(min_score)
        except (TypeError, ValueError):
            errors["min_score"] = "A number between 0 and 1."
        else:
            if not 0.0 <= min_score <= 1.0:
                errors["min_score"] = "A number between 0 and 1."
    if source_id is not None and not Source.objects.filter(pk=source_id).exists():
        errors["source"] = "No such source."
    if claim_id is not None and not Claim.objects.filter(pk=claim_id).exists():
        errors["claim"] = "No such claim."
    if source_id is None and not kind and min_score is None and claim_id is None and not errors:
        errors["source"] = "Set at least one of source, kind, score or claim."
    if errors:
        raise InvalidInput("The rule was not saved: " + " ".join(errors.values()), errors=errors)
    rule = SecondReviewRule(source_id=source_id, kind=kind, min_score=min_score, claim_id=claim_id,
                            note=(note or "").strip()[:500], created_by=by_user)
    with transaction.atomic():
        _save(rule, by_user, "rule created")
        if claim_id is not None:
            _apply_to_waiting_claim(claim_id, by_user)
    return rule


def set_rule_active(rule_id: int, by_user: Any, active: bool) -> SecondReviewRule:
    _require(by_user, RULES_PERM, "change second-review rules")
    with transaction.atomic():
        rule = SecondReviewRule.objects.select_for_update().filter(pk=rule_id).first()
        if rule is None:
            raise NotFound("No such rule.")
        if rule.active != active:
            rule.active = active
            _save(rule, by_user, "rule switched on" if active else "rule switched off", ["active"])
        return rule


def delete_rule(rule_id: int, by_user: Any) -> None:
    _require(by_user, RULES_PERM, "delete second-review rules")
    with transaction.atomic():
        rule = SecondReviewRule.objects.filter(pk=rule_id).first()
        if rule is None:
            raise NotFound("No such rule.")
        rule._history_user = by_user
        rule._change_reason = "rule deleted"
        rule.delete()


def require_second_review(claim_id: int, by_user: Any, note: str = "") -> SecondReviewRule:
    """By hand: this claim needs two independent reviews (a rule naming the claim). Applies at once
    when the claim is waiting for its first review; refused once someone has written a verdict."""
    _require(by_user, RULES_PERM, "require a second review")
    with transaction.atomic():
        claim = Claim.objects.select_for_update().filter(pk=claim_id).first()
        if claim is None:
            raise NotFound("No such claim.")
        if Verdict.objects.filter(claim_id__in=group_claim_ids(claim)).exists():
            raise InvalidInput("This claim already has a verdict; a blind second review is set before the first "
                               "review is written.")
        existing = SecondReviewRule.objects.filter(claim=claim, active=True).first()
        if existing is not None:
            _apply_to_waiting_claim(claim.pk, by_user)
            return existing
        return create_rule(by_user, claim_id=claim.pk, note=note)


def _apply_to_waiting_claim(claim_id: int, by_user: Any) -> None:
    """An open round-1 queue item of a claim with no verdict yet needs two reviews from now on."""
    item = QueueItem.objects.select_for_update().filter(claim_id=claim_id).first()
    if item is None or item.rounds_required == 2 or item.status == QueueItem.Status.DONE:
        return
    if Verdict.objects.filter(claim_id=claim_id).exists():
        return
    item.rounds_required = 2
    _save(item, by_user, "blind second review required", ["rounds_required", "updated_at"])


# --- the rounds --------------------------------------------------------------------------------


def blind_item(claim_id: int, *, lock: bool = False) -> QueueItem | None:
    """The claim's queue item if its blind review is under way (two reviews, the second not in)."""
    qs = QueueItem.objects.select_for_update() if lock else QueueItem.objects
    item = qs.filter(claim_id=claim_id).first()
    if item is None or item.rounds_required != 2 or item.status == QueueItem.Status.DONE:
        return None
    return item


def _round_lease(item: QueueItem, user: Any) -> Assignment:
    """The user's active lease on this blind item; only its holder writes the round."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.has_perm(REVIEW_PERM):
        raise NotAllowed("You are not allowed to write reviews.")
    lease = Assignment.objects.filter(queue_item=item, reviewer_id=user.pk, outcome=Assignment.Outcome.ACTIVE).first()
    if lease is None:
        raise NotAllowed("You can only write the review of a claim assigned to you.")
    return lease


def _evidence_json(rows: Iterable[EvidenceInput]) -> list[dict[str, Any]]:
    return [{"url": r.url, "title": r.title, "quote": r.quote, "stance": r.stance,
             "accessed_at": r.accessed_at.isoformat() if r.accessed_at else None} for r in rows]


def my_round(claim_id: int, user: Any) -> IndependentReview | None:
    """The round the user is writing (or wrote) on this claim, if any."""
    return IndependentReview.objects.filter(claim_id=claim_id, reviewer_id=getattr(user, "pk", None)).first()


def save_round(*, claim_id: int, user: Any, rating: str, rationale: str, evidence: list[dict],
               expected_version: int | None) -> IndependentReview:
    """Create or update the lease holder's review for the current round (a draft). A round left
    by a colleague (released, skipped, expired) starts again blank for the new holder: their
    draft is not shown to anyone else (its history keeps it)."""
    rating = (rating or "").strip()
    rationale = (rationale or "").strip()
    if rating and rating not in rating_slugs():
        raise InvalidInput(f"Unknown rating {rating!r}.", errors={"rating": "Choose a rating from the scale."})
    if len(rationale) > MAX_RATIONALE_CHARS:
        raise InvalidInput(rationale_too_long(rationale), errors={"rationale": rationale_too_long(rationale)})
    rows = _evidence_json(clean_evidence(evidence or []))
    with transaction.atomic():
        item = blind_item(claim_id, lock=True)
        if item is None:
            raise NotFound("This claim is not in blind second review.")
        lease = _round_lease(item, user)
        review = (IndependentReview.objects.select_for_update()
                  .filter(claim_id=claim_id, round=item.review_round).first())
        if review is not None and review.status == IndependentReview.Status.SUBMITTED:
            raise InvalidInput("This review is submitted and can no longer be edited.")
        if review is None:
            review = IndependentReview(claim_id=claim_id, reviewer=user, round=item.review_round, rating=rating,
                                       rationale=rationale, evidence=rows)
            try:
                with transaction.atomic():
                    _save(review, user, f"round {item.review_round} draft created")
            except IntegrityError:  # cannot happen past the constraint on the lease; refuse plainly
                raise ConflictError("You have already reviewed this claim; the second review is someone else's.")
        elif review.reviewer_id != user.pk:
            review.reviewer, review.rating, review.rationale, review.evidence = user, rating, rationale, rows
            review.version += 1
            try:
                with transaction.atomic():
                    _save(review, user, f"round {item.review_round} taken over")
            except IntegrityError:
                raise ConflictError("You have already reviewed this claim; the second review is someone else's.")
        else:
            if expected_version is not None and expected_version != review.version:
                raise ConflictError("You saved this review elsewhere in the meantime; reload it.")
            changed = IndependentReview.objects.filter(pk=review.pk, version=review.version).update(
                rating=rating, rationale=rationale, evidence=rows, version=F("version") + 1)
            if changed != 1:
                raise ConflictError("You saved this review elsewhere in the meantime; reload it.")
            review.refresh_from_db()
            _history(IndependentReview, [review], user, "edited")
        _extend_lease(lease, user)
        return review


def submit_round(claim_id: int, user: Any, expected_version: int | None = None) -> IndependentReview:
    """Submit the lease holder's round. Round 1 sends the claim back to the queue for round 2;
    round 2 ends the blind phase (``_resolve``)."""
    with transaction.atomic():
        item = blind_item(claim_id, lock=True)
        if item is None:
            raise NotFound("This claim is not in blind second review.")
        _round_lease(item, user)
        review = IndependentReview.objects.select_for_update().filter(
            claim_id=claim_id, round=item.review_round, reviewer_id=user.pk).first()
        if review is None:
            raise InvalidInput("Before submitting: Choose a rating. Write a rationale. Add at least one evidence link.",
                               errors=submission_problems("", "", False))
        if expected_version is not None and expected_version != review.version:
            raise ConflictError("You saved this review elsewhere in the meantime; reload it.")
        missing = submission_problems(review.rating, review.rationale, bool(review.evidence))
        if missing:
            raise InvalidInput("Before submitting: " + " ".join(missing.values()), errors=missing)
        now = timezone.now()
        review.status, review.submitted_at = IndependentReview.Status.SUBMITTED, now
        review.version += 1
        _save(review, user, f"round {review.round} submitted", ["status", "submitted_at", "version"])
        _end_assignments(Assignment.objects.filter(queue_item=item), Assignment.Outcome.COMPLETED, user,
                         f"round {review.round} submitted")
        if review.round == 1:
            item.status, item.assigned_to, item.lease_expires_at = QueueItem.Status.QUEUED, None, None
            item.review_round, item.first_reviewer = 2, user
            _save(item, user, "round 1 submitted: waiting for the blind second review",
                  ["status", "assigned_to", "lease_expires_at", "review_round", "first_reviewer", "updated_at"])
            _set_claim_status([claim_id], Claim.Status.QUEUED, user, "round 1 submitted",
                              only_from=[Claim.Status.IN_REVIEW])
        else:
            _resolve(item, user)
        return review


def _resolve(item: QueueItem, user: Any) -> None:
    """Both rounds are in: equal ratings make round 1 the claim's Verdict; different ones wait for
    an editor (``needs_adjudication``)."""
    first, second = list(IndependentReview.objects.filter(claim_id=item.claim_id).order_by("round"))
    claim = Claim.objects.get(pk=item.claim_id)
    claim_ids = group_claim_ids(claim)
    agreed = first.rating == second.rating
    item.status, item.assigned_to, item.lease_expires_at = QueueItem.Status.DONE, None, None
    item.needs_adjudication = not agreed
    _save(item, user, "both reviews agree" if agreed else "the reviews differ: waiting for adjudication",
          ["status", "assigned_to", "lease_expires_at", "needs_adjudication", "updated_at"])
    _close_group(item, claim_ids, user)
    if agreed:
        _make_verdict(claim, first.reviewer, first.rating, first.rationale, first.evidence, user,
                      "both independent reviews agree: round 1 becomes the verdict")
    _set_claim_status(claim_ids, Claim.Status.SUBMITTED, user,
                      "blind review agreed" if agreed else "blind review: waiting for adjudication")


def _close_group(item: QueueItem, claim_ids: list[int], user: Any) -> None:
    """The other members of the claim's group share its verdict: their open items are done too."""
    others = list(QueueItem.objects.select_for_update().filter(
        claim_id__in=claim_ids, status__in=[QueueItem.Status.QUEUED, QueueItem.Status.ASSIGNED]).exclude(pk=item.pk))
    if not others:
        return
    _end_assignments(Assignment.objects.filter(queue_item__in=others), Assignment.Outcome.COMPLETED, user,
                     "the group's blind review ended")
    now = timezone.now()
    QueueItem.objects.filter(pk__in=[i.pk for i in others]).update(
        status=QueueItem.Status.DONE, assigned_to=None, lease_expires_at=None, updated_at=now)
    for i in others:
        i.status, i.assigned_to_id, i.lease_expires_at, i.updated_at = QueueItem.Status.DONE, None, None, now
    _history(QueueItem, others, user, "the group's blind review ended")


def _make_verdict(claim: Claim, author: Any, rating: str, rationale: str, evidence: list[dict], user: Any,
                  reason: str) -> Verdict:
    now = timezone.now()
    verdict = Verdict(claim=claim, reviewer=author, rating=rating, rationale=rationale,
                      status=Verdict.Status.SUBMITTED, submitted_at=now, version=1)
    try:
        with transaction.atomic():
            _save(verdict, user, reason)
    except IntegrityError:
        raise ConflictError("This claim got a verdict in the meantime; reload the page.")
    new_links = _replace_evidence(verdict, clean_evidence(evidence), user)
    from factcheck.resilience import send_on_commit
    from reviewers.tasks import check_evidence_link

    for link_id in new_links:
        send_on_commit(check_evidence_link, link_id)
    return verdict


# --- adjudication ------------------------------------------------------------------------------


def adjudicate(claim_id: int, editor: Any, *, rating: str, rationale: str, evidence: list[dict]) -> Verdict:
    """An editor decides a claim whose two independent ratings differ: the verdict they write is
    the claim's Verdict (status submitted; approved and published as any verdict, by an editor
    other than its author). The two rounds stay as they were submitted."""
    _require(editor, APPROVE_PERM, "adjudicate reviews")
    rating = (rating or "").strip()
    rationale = (rationale or "").strip()
    rows = clean_evidence(evidence or [])
    missing = submission_problems(rating, rationale, bool(rows))
    if rating and rating not in rating_slugs():
        missing["rating"] = "Choose a rating from the scale."
    if len(rationale) > MAX_RATIONALE_CHARS:
        missing["rationale"] = rationale_too_long(rationale)
    if missing:
        raise InvalidInput("The adjudication was not saved: " + " ".join(missing.values()), errors=missing)
    with transaction.atomic():
        item = QueueItem.objects.select_for_update().filter(claim_id=claim_id).first()
        if item is None:
            raise NotFound("No such claim.")
        if not item.needs_adjudication:
            raise ConflictError("This claim is not waiting for adjudication (someone may have decided it already).")
        authors = set(IndependentReview.objects.filter(claim_id=claim_id).values_list("reviewer_id", flat=True))
        if editor.pk in authors:
            raise NotAllowed("You wrote one of the two reviews; another editor adjudicates this claim.")
        claim = Claim.objects.get(pk=claim_id)
        verdict = _make_verdict(claim, editor, rating, rationale, _evidence_json(rows), editor, "adjudicated")
        item.needs_adjudication = False
        _save(item, editor, "adjudicated", ["needs_adjudication", "updated_at"])
        return verdict
