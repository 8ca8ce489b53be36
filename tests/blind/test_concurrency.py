"""20 reviewers at once on PostgreSQL, all claims needing a blind second review: the two rounds of
a claim are always two people, nobody who skipped a claim reviews it, and no claim is held twice."""

from __future__ import annotations

import importlib
import threading
from collections import defaultdict

import pytest
from django.db import connection

from accounts.services import create_user_with_role
from claims.models import Claim
from reviewers import services
from reviewers.models import Assignment, IndependentReview, QueueItem, Verdict
from tests.factories import ArticleFactory, ClaimFactory, QueueItemFactory

from .conftest import EVIDENCE

CLIENTS = 20
ITEMS = 40


def _locked_path_only(*args, **kwargs):
    from reviewers.services.claim_next_pg import _NeedsLockedPath

    raise _NeedsLockedPath(stale=False)


@pytest.mark.postgres
@pytest.mark.concurrency
@pytest.mark.slow
@pytest.mark.parametrize("path", ["statement", "locked"])
def test_twenty_clients_never_give_both_rounds_to_one_person(transactional_db, monkeypatch, path):
    """``statement``: claim-next's one-statement PostgreSQL path (claim_next_pg); ``locked``: the
    portable path (claim_next._claim_next_locked), which PostgreSQL also takes for claim groups and
    stale leases, forced here for every call."""
    if path == "locked":
        module = importlib.import_module("reviewers.services.claim_next")  # the package re-exports the function
        monkeypatch.setattr(module, "_claim_next_fast", _locked_path_only)
    article = ArticleFactory()
    items = [QueueItemFactory(priority=i % 5, rounds_required=2,
                              claim=ClaimFactory(article=article, status=Claim.Status.QUEUED))
             for i in range(ITEMS)]
    people = [create_user_with_role(f"blind{i}", "reviewer") for i in range(CLIENTS)]
    barrier = threading.Barrier(CLIENTS)
    skipped: dict[int, set[int]] = defaultdict(set)  # claim -> who skipped it
    holding: dict[int, int] = {}  # claim -> who holds it now (checked under a lock)
    errors: list[BaseException] = []
    lock = threading.Lock()

    def worker(n: int) -> None:
        me = people[n]
        try:
            barrier.wait(timeout=60)
            while True:
                a = services.claim_next(me)
                if a is None:
                    break
                with lock:
                    assert holding.get(a.claim_id) is None, "a claim held by two people at once"
                    holding[a.claim_id] = me.pk
                if (a.claim_id + n) % 9 == 0:  # some reviewers skip some claims
                    with lock:
                        holding.pop(a.claim_id)
                        skipped[a.claim_id].add(me.pk)
                    services.skip(a.pk, me, "conflict of interest")
                    continue
                # the verdict alternates so that both agreement and adjudication happen
                rating = "false" if (a.claim_id + n) % 3 else "true"
                review = services.save_round(claim_id=a.claim_id, user=me, rating=rating, rationale="why",
                                             evidence=EVIDENCE, expected_version=None)
                with lock:
                    holding.pop(a.claim_id)
                services.submit_round(a.claim_id, me, review.version)
        except BaseException as exc:  # reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(CLIENTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=600)
    assert not any(t.is_alive() for t in threads)
    assert errors == []

    rounds: dict[int, dict[int, int]] = defaultdict(dict)
    for claim_id, rnd, who in IndependentReview.objects.values_list("claim_id", "round", "reviewer_id"):
        rounds[claim_id][rnd] = who
    done = {i.claim_id for i in items if QueueItem.objects.get(pk=i.pk).status == QueueItem.Status.DONE}
    assert done == {i.claim_id for i in items}  # every claim got its two rounds (20 people, few skips)
    for claim_id in done:
        assert set(rounds[claim_id]) == {1, 2}
        assert rounds[claim_id][1] != rounds[claim_id][2]  # never one person twice
        assert not set(rounds[claim_id].values()) & skipped[claim_id]  # never a skipper
    # each claim either became a verdict (agreed) or waits for an editor (differed)
    agreed = set(Verdict.objects.values_list("claim_id", flat=True))
    waiting = set(QueueItem.objects.filter(needs_adjudication=True).values_list("claim_id", flat=True))
    assert agreed | waiting == done and not agreed & waiting
    for claim_id in agreed:
        r = IndependentReview.objects.filter(claim_id=claim_id)
        assert len({x.rating for x in r}) == 1
    # the leases in the database say the same: no lease of round 2 to round 1's author
    for claim_id in done:
        completed = list(Assignment.objects.filter(claim_id=claim_id, outcome=Assignment.Outcome.COMPLETED)
                         .values_list("reviewer_id", flat=True))
        assert len(completed) == 2 and completed[0] != completed[1]
