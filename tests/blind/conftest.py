"""Fixtures for blind second review: a claim that needs two reviews and the people around it."""

from __future__ import annotations

import pytest

from claims.models import Claim
from reviewers import services
from reviewers.models import QueueItem
from tests.factories import ClaimFactory, QueueItemFactory

EVIDENCE = [{"url": "https://stats.example.org/report", "title": "Report", "quote": "12 people",
             "stance": "refutes", "accessed_at": "2026-01-05"}]


@pytest.fixture
def editor2(make_user):
    return make_user("edna_editor", "editor")


@pytest.fixture
def reviewer3(make_user):
    return make_user("rosa_reviewer", "reviewer")


@pytest.fixture
def blind_item(db):
    """A queued claim that needs two independent reviews (as a rule would set it)."""
    return QueueItemFactory(priority=900, rounds_required=2, claim=ClaimFactory(status=Claim.Status.QUEUED))


def write_round(user, claim_id, rating, rationale="Because the report says so.", submit=True):
    review = services.save_round(claim_id=claim_id, user=user, rating=rating, rationale=rationale,
                                 evidence=EVIDENCE, expected_version=None)
    if submit:
        review = services.submit_round(claim_id, user, review.version)
    return review


@pytest.fixture
def round_one_done(blind_item, reviewer):
    """``reviewer`` took round 1 and submitted "false"."""
    a = services.claim_next(reviewer)
    assert a.queue_item_id == blind_item.pk
    write_round(reviewer, blind_item.claim_id, "false")
    blind_item.refresh_from_db()
    assert blind_item.status == QueueItem.Status.QUEUED and blind_item.review_round == 2
    return blind_item


@pytest.fixture
def make_item(db):
    def make(priority: int = 500, **claim_kwargs) -> QueueItem:
        return QueueItemFactory(priority=priority, claim=ClaimFactory(status=Claim.Status.QUEUED, **claim_kwargs))

    return make
