"""Many reviewers pressing "Next claim" at once on PostgreSQL: nobody ever gets a claim
that someone else holds, and every queued claim is handed out exactly once."""

from __future__ import annotations

import threading
from collections import Counter

import pytest
from django.db import connection

from accounts.services import create_user_with_role
from claims.models import Claim, ClaimGroup
from reviewers import services
from reviewers.models import Assignment, QueueItem
from tests.factories import ArticleFactory, ClaimFactory, QueueItemFactory

CLIENTS = 24
ITEMS = 240
GROUPS = 10  # each group has 3 members in different articles: handed out once per group


def _finish(assignment: Assignment) -> None:
    """Stand-in for the verdict: close the lease and mark the item done (conditional)."""
    done = QueueItem.objects.filter(
        pk=assignment.queue_item_id, status=QueueItem.Status.ASSIGNED, assigned_to_id=assignment.reviewer_id
    ).update(status=QueueItem.Status.DONE)
    assert done == 1
    Assignment.objects.filter(pk=assignment.pk, outcome=Assignment.Outcome.ACTIVE).update(
        outcome=Assignment.Outcome.COMPLETED
    )


@pytest.mark.postgres
@pytest.mark.concurrency
@pytest.mark.slow
def test_many_clients_hammering_claim_next_never_double_assign(transactional_db):
    article = ArticleFactory()
    singles = [
        QueueItemFactory(priority=i % 7, claim=ClaimFactory(article=article, status=Claim.Status.QUEUED))
        for i in range(ITEMS)
    ]
    grouped: dict[int, list[int]] = {}
    for g in range(GROUPS):
        group = ClaimGroup.objects.create(label=f"g{g}")
        grouped[group.pk] = [
            QueueItemFactory(priority=3, claim=ClaimFactory(group=group, status=Claim.Status.QUEUED)).pk
            for _ in range(3)
        ]
    people = [create_user_with_role(f"conc{i}", "reviewer") for i in range(CLIENTS)]
    barrier = threading.Barrier(CLIENTS)
    handed: list[list[int]] = [[] for _ in range(CLIENTS)]
    errors: list[BaseException] = []

    def worker(n: int) -> None:
        try:
            barrier.wait(timeout=30)
            while True:
                a = services.claim_next(people[n])
                if a is None:
                    break
                handed[n].append(a.queue_item_id)
                _finish(a)
        except BaseException as exc:  # reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(CLIENTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert not any(t.is_alive() for t in threads)
    assert errors == []

    all_handed = [i for per in handed for i in per]
    counts = Counter(all_handed)
    assert [i for i, c in counts.items() if c > 1] == []  # zero double assignments
    assert {i.pk for i in singles} <= set(counts)  # every single claim handed out
    for members in grouped.values():
        assert len(set(members) & set(counts)) == 1  # each group exactly once
    assert len(all_handed) == ITEMS + GROUPS
    # the database agrees: one assignment per handed item, none left active, queue drained
    per_item = Counter(Assignment.objects.values_list("queue_item_id", flat=True))
    assert set(per_item.values()) == {1}
    assert not Assignment.objects.filter(outcome=Assignment.Outcome.ACTIVE).exists()
    assert QueueItem.objects.filter(status=QueueItem.Status.ASSIGNED).count() == 0
    assert QueueItem.objects.filter(status=QueueItem.Status.QUEUED).count() == GROUPS * 2  # waiting group members
    assert sum(1 for per in handed if per) > 1  # the work really was spread over clients


@pytest.mark.postgres
@pytest.mark.concurrency
def test_one_reviewer_double_clicking_gets_one_lease(transactional_db):
    for _ in range(5):
        QueueItemFactory(claim=ClaimFactory(status=Claim.Status.QUEUED))
    reviewer = create_user_with_role("clicker", "reviewer")
    barrier = threading.Barrier(8)
    got: list[int] = []
    errors: list[BaseException] = []

    def click() -> None:
        try:
            barrier.wait(timeout=30)
            got.append(services.claim_next(reviewer).pk)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=click) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    assert len(set(got)) == 1
    assert Assignment.objects.filter(reviewer=reviewer).count() == 1
