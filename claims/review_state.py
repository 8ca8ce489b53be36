"""A claim's review state: one source of truth for each fact, and the one place that combines them.

Decision (issue 12, item 7). Three records could say where a claim stands:

- the queue item (``reviewers.QueueItem``): queued, assigned to a reviewer with a lease, done, removed;
- the verdict (``reviewers.Verdict``): draft, submitted, approved, returned, published;
- ``Claim.status``: extracted, queued, in review, submitted, approved, published, dismissed.

Claim-next has to write the queue item anyway (``FOR UPDATE SKIP LOCKED`` hands out queue rows),
so the queue item cannot go; making ``Claim.status`` the only copy would move the hand-out onto
the claims table. The lease is therefore kept ONLY on the queue item: claim-next, reassignment,
release, skip and lease expiry never write ``Claim.status`` or a claim history row. "In review"
while a reviewer holds a lease is read from the queue item here. Measured with
``bench/bench_claim_next.py`` (50 reviewers, 4 interleaved runs of each, 2026-12-06, bench/README.md):
PostgreSQL CPU per hand-out 1.52-1.57 ms with the claim status and its history row, 1.41-1.49 ms
with the status alone (the "status is the only copy" half-way), 1.35-1.42 ms with neither (this
design); throughput 843-915 -> 854-944 claims/s, ratio to the bare loop 0.54-0.59x -> 0.57-0.60x.
A smaller gain than the quarter the issue estimated, but the hand-out now writes only the rows it
must (the queue item and the lease), and the claim row stays untouched (no HOT update, no history).

``Claim.status`` is written only by the rare transitions, each once: queueing and removal
(``queued``, ``dismissed``), corrections (``dismissed``), and the verdict's transitions for the
whole claim group (``submitted``, ``approved``, ``published``, and ``in_review`` when an editor
returns the verdict to its reviewer: the queue item is done by then, so the stored value is what
says it). The stored value ``queued`` therefore means "in the queue", held or not.

The state shown everywhere (claim, article and search pages, the colour key's classes, the API's
``status`` and ``?status=`` filter, the article list's queued count) is ``review_state``:

    stored "queued" and the queue item "assigned"  ->  "in_review"
    otherwise                                       ->  the stored status

A lease past its expiry counts as held until it is expired (the sweeper each minute, or the next
claim-next does it first): until then its holder may still save, and the queue page shows the item
as assigned with a "past expiry" warning, so both pages agree.

This module reads the queue item through the claim's reverse relation (``queue_item``) by name, so
``claims`` imports nothing from ``reviewers``. The history a person reads (claim history merged with
the lease records) is ``reviewers.history.claim_history``.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Case, CharField, F, Q, QuerySet, Value, When

from factcheck.db import in_few

from .models import Claim

QUEUED = Claim.Status.QUEUED
IN_REVIEW = Claim.Status.IN_REVIEW
#: The queue item status that means a reviewer holds the claim (reviewers.QueueItem.Status.ASSIGNED).
LEASED = "assigned"
#: The annotation ``with_review_state`` adds.
ANNOTATION = "review_state"


def _leased(prefix: str = "") -> Q:
    return Q(**{f"{prefix}status": QUEUED, f"{prefix}queue_item__status": LEASED})


def _held(prefix: str = "") -> Q:
    """Claims held by a reviewer, as a filter: stored ``queued`` and among the claims of the leased
    queue items, read first (at most one per reviewer: one active assignment each) and matched by
    the claim's primary key (factcheck.db.in_few), never a join of the queue."""
    queue_item = Claim._meta.get_field("queue_item").related_model
    leased = queue_item.objects.filter(status=LEASED).values("claim_id")
    return Q(**{f"{prefix}status": QUEUED}) & in_few(f"{prefix}pk", leased)


def state_q(state: str, prefix: str = "") -> Q:
    """Claims (``prefix``: the path to the claim, e.g. ``"claim__"``) whose review state is ``state``.

    "In review" is the stored ``in_review`` (claim_status_idx) or a held claim (the few leased
    queue items' claims by primary key): on PostgreSQL a BitmapOr of the two indexes, also next to
    the text index of a search. Written as the join of the queue item, the OR could use neither
    index and tested every claim the other filters left (0.45-0.8 s with a common word at 1M
    claims). "Queued" is the stored ``queued`` without those few claims."""
    if state == IN_REVIEW:
        return Q(**{f"{prefix}status": IN_REVIEW}) | _held(prefix)
    if state == QUEUED:
        return Q(**{f"{prefix}status": QUEUED}) & ~_held(prefix)
    return Q(**{f"{prefix}status": state})


def state_arms(state: str) -> tuple[Q, ...] | None:
    """``state_q(state)`` as disjoint halves whose OR it is, when it is an OR: "in review" is the
    stored ``in_review`` (claim_in_review_pos_idx holds them in the claims admin's order) and the
    held claims (a few, by key). A list ordered by something no index serves together with the OR
    takes the first rows of each half instead (factcheck.pagination.first_of_arms). None otherwise."""
    if state == IN_REVIEW:
        return Q(status=IN_REVIEW), _held()
    return None


def filter_state(qs: QuerySet[Claim], state: str) -> QuerySet[Claim]:
    """``qs`` narrowed to claims whose review state is ``state`` (one of ``Claim.Status``)."""
    return qs.filter(state_q(state))


def state_expression() -> Case:
    """The review state as an SQL expression over a claim row (joins its queue item)."""
    return Case(When(_leased(), then=Value(IN_REVIEW)), default=F("status"), output_field=CharField())


def with_review_state(qs: QuerySet[Claim]) -> QuerySet[Claim]:
    """``qs`` with ``review_state`` on every row, computed by the database."""
    return qs.annotate(**{ANNOTATION: state_expression()})


def state_of(claim: Claim, *, leased: bool | None = None) -> str:
    """The review state of one loaded claim. Uses, in order: the ``review_state`` annotation, what
    the caller knows (``leased``: the claim-next response knows it just leased it), the queue item
    when loaded with the claim (select_related, or reached from the item), else one query."""
    annotated = claim.__dict__.get(ANNOTATION)
    if annotated is not None:
        return annotated
    if claim.status != QUEUED:
        return claim.status
    if leased is None:
        try:
            item: Any = claim.queue_item  # type: ignore[attr-defined]
        except ObjectDoesNotExist:
            return QUEUED
        leased = item.status == LEASED
    return IN_REVIEW if leased else QUEUED


def label(state: str) -> str:
    """The words for a state ("In review")."""
    return str(Claim.Status(state).label) if state in Claim.Status.values else state


def shown(claim: Claim, **kwargs: Any) -> Claim:
    """Set ``state`` and ``state_label`` on ``claim`` for a template; returns it."""
    claim.state = state_of(claim, **kwargs)  # type: ignore[attr-defined]
    claim.state_label = label(claim.state)  # type: ignore[attr-defined]
    return claim
