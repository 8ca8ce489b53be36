"""Concurrent group merges on PostgreSQL: every claim ends in one group, no group is lost or doubled."""

from __future__ import annotations

import random
import threading

import pytest
from django.db import connection

from claims import linking
from claims.models import Claim, ClaimGroup
from tests.factories import claim_with_text

pytestmark = [pytest.mark.postgres, pytest.mark.concurrency]


def test_concurrent_joins_end_in_one_group(transactional_db):
    claims = [claim_with_text(f"Officials said {n} bridges were repaired in the province.") for n in range(24)]
    ids = [c.pk for c in claims]
    # A spanning set of pairs, shuffled and split over 6 threads: merges race with each other.
    pairs = [(ids[i], ids[i + 1]) for i in range(len(ids) - 1)] + [(ids[0], ids[-1]), (ids[5], ids[17])]
    random.Random(4).shuffle(pairs)
    errors: list[BaseException] = []
    barrier = threading.Barrier(6)

    def work(chunk: list[tuple[int, int]]) -> None:
        try:
            barrier.wait()
            for a, b in chunk:
                linking.join_groups(a, b)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(pairs[i::6],)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    groups = set(Claim.objects.filter(pk__in=ids).values_list("group_id", flat=True))
    assert len(groups) == 1 and None not in groups
    assert ClaimGroup.objects.count() == 1
