"""Who may see what, the one place for each rule: a verdict (``verdict_visible_to`` and its queryset
form ``visible_verdict_q``), an assignment, and the work on a claim in blind second review
(``hidden_by_blind_review`` and its filter ``blind_q``; a round: ``round_visible_to``). Pages,
serializers, filters and the history read these; ``reviewers.selectors`` re-exports them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from claims.models import Claim
from factcheck.db import in_hashed

from .models import Assignment, IndependentReview, QueueItem, Verdict
from .permissions import APPROVE_PERM

# --- who may see a verdict: the one rule -----------------------------------------------------------

#: Verdicts every reviewer may read; drafts and submitted/returned ones only their author and editors.
VISIBLE_TO_ALL = (Verdict.Status.APPROVED, Verdict.Status.PUBLISHED)


def verdict_visible_to(user: Any, verdict: Verdict | None) -> bool:
    """Who may see this verdict (every page, serializer and filter that shows one asks this or its
    queryset form ``visible_verdict_q``): editors (may approve) every verdict; anyone else its
    author's own, at any status, and other people's once approved or published."""
    if verdict is None:
        return False
    if verdict.status in VISIBLE_TO_ALL:
        return True
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return verdict.reviewer_id == user.pk or user.has_perm(APPROVE_PERM)


def visible_verdict_q(user: Any) -> Q:
    """``verdict_visible_to`` as a filter on Verdict."""
    if user is not None and getattr(user, "is_authenticated", False):
        if user.has_perm(APPROVE_PERM):
            return Q()
        return Q(status__in=VISIBLE_TO_ALL) | Q(reviewer_id=user.pk)
    return Q(status__in=VISIBLE_TO_ALL)


def visible_verdicts(user: Any) -> QuerySet[Verdict]:
    """The verdict API's list: the verdicts ``user`` may see, for people whose role reads verdicts
    (``reviewers.view_verdict``; editors always)."""
    qs = Verdict.objects.select_related("reviewer", "editor").prefetch_related("evidence")
    if not (user.has_perm("reviewers.view_verdict") or user.has_perm(APPROVE_PERM)):
        return qs.none()
    return qs.filter(visible_verdict_q(user))


def rated_claims(qs: QuerySet[Claim], rating: str, user: Any) -> QuerySet[Claim]:
    """Claims of ``qs`` whose verdict has ``rating`` and may be seen by ``user``. The rating's
    verdicts (index verdict_rating_idx, read alone: it covers the visibility columns) are hashed
    once and the list walks its own order testing each claim against the hash (factcheck.db.in_hashed),
    instead of probing each walked claim's verdict: /api/claims/?rating= at 1M claims 40-50 -> 8 ms."""
    verdicts = Verdict.objects.filter(visible_verdict_q(user), rating=rating)
    return qs.filter(in_hashed("pk", verdicts.values("claim_id")))


def shown_verdict(claim: Claim, user: Any) -> Verdict | None:
    """The claim's own verdict (loaded with ``select_related("verdict")``) if ``user`` may see it."""
    try:
        verdict = claim.verdict
    except Claim.verdict.RelatedObjectDoesNotExist:
        return None
    return verdict if verdict_visible_to(user, verdict) else None


def may_open_verdict_page(user: Any, verdict: Verdict | None) -> bool:
    """The verdict page (with its history) is for editors and the verdict's reviewer."""
    return verdict is not None and bool(getattr(user, "is_authenticated", False)) and (
        user.has_perm(APPROVE_PERM) or verdict.reviewer_id == user.pk)


def visible_assignments(user: Any) -> QuerySet[Assignment]:
    """Editors see every assignment but other people's on a claim in blind review
    (``hidden_by_blind_review``, as a filter); a reviewer only their own."""
    qs = Assignment.objects.select_related("reviewer", "claim", "claim__verdict", "claim__queue_item", "queue_item")
    if user.has_perm("reviewers.view_assignment"):
        return qs.exclude(blind_q("queue_item__") & ~Q(reviewer_id=user.pk))
    return qs.filter(reviewer=user)


# --- blind second review: who may see what ------------------------------------------------------


def is_blind(item: QueueItem | None) -> bool:
    """The claim's blind review is under way: two reviews required and the second not submitted."""
    return item is not None and item.rounds_required == 2 and item.status != QueueItem.Status.DONE


def blind_q(prefix: str = "") -> Q:
    """``is_blind`` as a filter on a queue item reached through ``prefix`` (e.g. "queue_item__")."""
    return Q(**{f"{prefix}rounds_required": 2}) & ~Q(**{f"{prefix}status": QueueItem.Status.DONE})


def blind_claim_ids(claim_ids: Iterable[int]) -> set[int]:
    ids = list(claim_ids)
    if not ids:
        return set()
    return set(QueueItem.objects.filter(blind_q(), claim_id__in=ids).values_list("claim_id", flat=True))


def hidden_by_blind_review(user: Any, author_id: int | None, *, blind: bool) -> bool:
    """THE blind-review rule, asked wherever review work on a claim or who did it shows (a round's
    rating, rationale and evidence; the reviewer of a lease, a queue row or a history row): while
    the claim is ``blind`` only the author sees their own work, nobody else, editors included (an
    editor may well be the second reviewer). Outside blind review it hides nothing and the place's
    usual rule applies. (No Verdict exists while a claim is blind: its verdict is made when both
    reviews are in, so verdict pages, exports, search and the claims API have nothing to show.)"""
    return blind and author_id is not None and author_id != getattr(user, "pk", None)


def round_visible_to(user: Any, review: IndependentReview, *, blind: bool, authors: set[int]) -> bool:
    """A round of a blind review: its author always; once both are in, editors and the other
    round's author (``authors``: the claim's round authors)."""
    if hidden_by_blind_review(user, review.reviewer_id, blind=blind):
        return False
    return (review.reviewer_id == getattr(user, "pk", None) or user.has_perm(APPROVE_PERM)
            or getattr(user, "pk", None) in authors)


def visible_rounds(user: Any, claim: Claim) -> list[IndependentReview]:
    """The rounds of this claim the user may see, round 1 first."""
    rounds = list(IndependentReview.objects.select_related("reviewer").filter(claim=claim).order_by("round"))
    if not rounds:
        return []
    blind = is_blind(QueueItem.objects.filter(claim=claim).first())
    authors = {r.reviewer_id for r in rounds}
    return [r for r in rounds if round_visible_to(user, r, blind=blind, authors=authors)]


def visible_rounds_qs(user: Any) -> QuerySet[IndependentReview]:
    """``round_visible_to`` over all rounds, as a query (the API list)."""
    qs = IndependentReview.objects.select_related("reviewer", "claim")
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    own = Q(reviewer_id=user.pk)
    not_blind = ~Q(claim__in=QueueItem.objects.filter(blind_q()).values("claim_id"))
    if user.has_perm(APPROVE_PERM):
        return qs.filter(own | not_blind)
    co_author = Q(claim__in=IndependentReview.objects.filter(reviewer_id=user.pk).values("claim_id"))
    return qs.filter(own | (not_blind & co_author))


_UNKNOWN = object()


def blind_round_of(assignment: Assignment) -> int | None:
    """The blind-review round an active lease is for (1 or 2), None for a claim that gets one
    review or a lease that has ended. Claim-next's statement says it (``_blind_round``); otherwise
    the queue item (loaded with the assignment, or one query)."""
    known = assignment.__dict__.get("_blind_round", _UNKNOWN)
    if known is not _UNKNOWN:
        return known
    if assignment.outcome != Assignment.Outcome.ACTIVE:
        return None
    item = assignment.queue_item
    return item.review_round if is_blind(item) else None


def shown_assignee(user: Any, item: QueueItem) -> Any:
    """Who a queue row says holds the claim: nobody while its blind review hides them."""
    if item.assigned_to_id is None or hidden_by_blind_review(user, item.assigned_to_id, blind=is_blind(item)):
        return None
    return item.assigned_to


@dataclass
class BlindStatus:
    """What the review page says about a claim's blind review to this user."""

    item: QueueItem | None
    blind: bool
    round: int  # the round under way (1 or 2); 0 when the claim needs one review
    mine: IndependentReview | None  # the user's own round, if any
    holds_round: bool  # the user holds the lease of the current round


def blind_status(user: Any, claim: Claim) -> BlindStatus:
    item = QueueItem.objects.filter(claim=claim).first()
    if item is None or item.rounds_required != 2:
        return BlindStatus(item, False, 0, None, False)
    mine = IndependentReview.objects.filter(claim=claim, reviewer_id=getattr(user, "pk", None)).first()
    holds = is_blind(item) and Assignment.objects.filter(
        queue_item=item, reviewer_id=getattr(user, "pk", None), outcome=Assignment.Outcome.ACTIVE).exists()
    if mine is not None and mine.round != item.review_round and holds:
        mine = None  # a leftover from before (cannot happen: the two rounds are two people)
    return BlindStatus(item, is_blind(item), item.review_round, mine, holds)

