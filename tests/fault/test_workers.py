"""Real worker processes killed, messages lost: every article still ends extracted exactly once."""

from __future__ import annotations

import io
import time

import pytest
from django.core.management import call_command

from claims.extraction import extract_claims
from claims.models import Article, Claim
from claims.services import ingest_article
from factcheck.sweeper import sweep
from reviewers.models import QueueItem
from tests.fault.conftest import big_bodies, expected_queue_items, wait_for

pytestmark = [pytest.mark.fault, pytest.mark.celery, pytest.mark.postgres, pytest.mark.slow]


def _clean_counts(bodies: list[str]) -> list[int]:
    """What a clean, fault-free run stores for each body."""
    return [len(extract_claims(body, published=None, outlet=None)) for body in bodies]


def _ingest(bodies: list[str]) -> list[int]:
    ids = []
    for i, body in enumerate(bodies):
        result = ingest_article(title=f"Fault article {i}", body=body)  # commits and publishes
        assert result.created and result.queued
        ids.append(result.article.pk)
    return ids


def _all_extracted(ids: list[int], sweep_every: float | None = None) -> bool:
    last = [time.monotonic()]

    def done() -> bool:
        if sweep_every is not None and time.monotonic() - last[0] >= sweep_every:
            sweep()
            last[0] = time.monotonic()
        return Article.objects.filter(pk__in=ids, status=Article.Status.EXTRACTED).count() == len(ids)

    return wait_for(done, timeout=240, every=0.5)


def _assert_exactly_once(ids: list[int], expected: list[int]) -> None:
    got = [Claim.objects.filter(article_id=pk).count() for pk in ids]
    assert got == expected, "claim counts differ from a clean run (duplicates or losses)"
    for pk in ids:
        assert QueueItem.objects.filter(claim__article_id=pk).count() == expected_queue_items(pk)


def test_pool_child_and_whole_worker_sigkilled_mid_extraction(workers, settings):
    settings.STUCK_AFTER_SECONDS = 4
    bodies = big_bodies(5, repeat=10)
    expected = _clean_counts(bodies)
    worker = workers(concurrency=2)
    ids = _ingest(bodies)

    # 1. one pool process killed while it extracts: its message is rejected back to the queue
    assert wait_for(lambda: Article.objects.filter(pk__in=ids, status=Article.Status.EXTRACTING).exists(), 60,
                    every=0.05)
    worker.kill_child()
    # the worker goes on (a new pool process): more articles get extracted
    assert wait_for(lambda: Article.objects.filter(pk__in=ids, status=Article.Status.EXTRACTED).count() >= 2, 120)
    # 2. the whole worker (main process and pool) killed while extracting: its unacknowledged
    #    messages sit in Redis until the visibility timeout; the sweeper queues the articles again
    assert wait_for(lambda: Article.objects.filter(pk__in=ids, status=Article.Status.EXTRACTING).exists(), 60,
                    every=0.05)
    worker.kill()
    unfinished = Article.objects.filter(pk__in=ids).exclude(status=Article.Status.EXTRACTED).count()
    assert unfinished > 0, "the kill came too late to test anything"
    workers(concurrency=2)
    assert _all_extracted(ids, sweep_every=2.0), list(Article.objects.filter(pk__in=ids).values("pk", "status"))
    _assert_exactly_once(ids, expected)


def test_messages_lost_in_redis_are_recovered_by_the_sweeper(workers, broker, settings):
    import redis

    bodies = big_bodies(3, repeat=2)
    expected = _clean_counts(bodies)
    ids = _ingest(bodies)  # no worker yet: the messages wait in Redis
    redis.Redis.from_url(broker).flushdb()  # ... and are lost (Redis restarted without persistence)
    workers(concurrency=1)
    time.sleep(1.0)
    assert Article.objects.filter(pk__in=ids, status=Article.Status.PENDING).count() == 3

    # not yet past STUCK_AFTER_SECONDS: the sweep leaves them alone
    out = io.StringIO()
    call_command("requeue_stuck", stdout=out)
    assert "articles re-queued: 0" in out.getvalue()

    settings.STUCK_AFTER_SECONDS = 0
    out = io.StringIO()
    call_command("requeue_stuck", stdout=out)
    assert "articles re-queued: 3" in out.getvalue(), out.getvalue()
    assert _all_extracted(ids)
    _assert_exactly_once(ids, expected)
    # sending the same text again once it is extracted queues nothing
    assert ingest_article(title="again", body=bodies[0]).created is False


def test_database_gone_for_seconds_while_a_worker_extracts_tasks_retry_and_finish(workers, settings):
    """PostgreSQL "stopped" for the worker (its connections cut and refused by a proxy we control) while
    it extracts: the writes fail, the tasks retry with backoff and finish once it is back, no sweep."""
    from django.db import connection

    from tests.fault.conftest import TcpProxy

    db = connection.settings_dict
    proxy = TcpProxy(db["HOST"] or "127.0.0.1", int(db["PORT"] or 5432))
    try:
        url = f"postgres://{db['USER'] or 'postgres'}@127.0.0.1:{proxy.port}/{db['NAME']}"
        bodies = big_bodies(3, repeat=8)
        expected = _clean_counts(bodies)
        workers(concurrency=2, db_url=url)
        ids = _ingest(bodies)
        assert wait_for(lambda: Article.objects.filter(pk__in=ids, status=Article.Status.EXTRACTING).exists(), 60,
                        every=0.05)
        proxy.cut()
        time.sleep(8)
        assert Article.objects.filter(pk__in=ids).exclude(status=Article.Status.EXTRACTED).exists()
        proxy.restore()
        assert _all_extracted(ids), list(Article.objects.filter(pk__in=ids).values("pk", "status", "extraction_error"))
        _assert_exactly_once(ids, expected)
    finally:
        proxy.close()
