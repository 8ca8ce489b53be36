"""Fixtures for the review workflow tests."""

from __future__ import annotations

import pytest

from claims.models import Claim, ClaimGroup
from reviewers import services
from reviewers.models import QueueItem
from tests.factories import ArticleFactory, ClaimFactory, QueueItemFactory


@pytest.fixture
def queue(db):
    """Three queued claims: priorities 100, 900, 500 (in creation order)."""

    def make(priority: int, **claim_kwargs) -> QueueItem:
        return QueueItemFactory(priority=priority, claim=ClaimFactory(status=Claim.Status.QUEUED, **claim_kwargs))

    return [make(100), make(900), make(500)]


@pytest.fixture
def make_item(db):
    def make(priority: int = 500, group: ClaimGroup | None = None, **claim_kwargs) -> QueueItem:
        claim = ClaimFactory(status=Claim.Status.QUEUED, group=group, **claim_kwargs)
        return QueueItemFactory(priority=priority, claim=claim)

    return make


@pytest.fixture
def group_of_two(db):
    group = ClaimGroup.objects.create(label="same statistic")
    items = [
        QueueItemFactory(priority=800, claim=ClaimFactory(status=Claim.Status.QUEUED, group=group,
                                                          article=ArticleFactory())),
        QueueItemFactory(priority=700, claim=ClaimFactory(status=Claim.Status.QUEUED, group=group,
                                                          article=ArticleFactory())),
    ]
    return group, items


EVIDENCE = [
    {"url": "https://stats.example.org/report", "title": "Report", "quote": "12 people", "stance": "refutes",
     "accessed_at": "2026-01-05"},
    {"url": "http://news.example.com/a", "title": "", "quote": "", "stance": "context", "accessed_at": ""},
]


@pytest.fixture
def drafted(reviewer, make_item):
    """The reviewer holds a lease and has saved a draft verdict with two evidence links."""
    make_item(600)
    assignment = services.claim_next(reviewer)
    verdict = services.save_verdict(claim_id=assignment.claim_id, user=reviewer, rating="false",
                                    rationale="The official count was 12.", evidence=EVIDENCE, expected_version=None)
    return assignment, verdict
