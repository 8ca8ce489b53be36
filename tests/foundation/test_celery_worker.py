"""A real Celery worker process takes a task from Redis and writes to PostgreSQL."""

import time

import pytest

from claims.models import Article, Claim
from claims.services import ingest_article
from tests.conftest import REPO

pytestmark = [pytest.mark.celery, pytest.mark.postgres, pytest.mark.slow]


def _wait_for(predicate, timeout: float = 60.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def test_worker_extracts_an_ingested_article_into_postgres(celery_worker_process, client):
    body = (REPO / "seeds" / "syria-shaaban-russian-withdrawal.txt").read_text(encoding="utf-8")
    result = ingest_article(title="Shaaban", body=body, source="Press TV")  # commits: no outer transaction
    article_id = result.article.pk
    assert _wait_for(lambda: Article.objects.get(pk=article_id).status == Article.Status.EXTRACTED), (
        "the worker did not extract the article; see test-artifacts/celery-worker.log"
    )
    assert Claim.objects.filter(article_id=article_id).count() > 0
    # /health/ pings with a 1 s timeout; on a loaded machine one ping can miss a worker that is busy
    # finishing the article's follow-up tasks, so the test asks again until it answers (or 60 s pass).
    seen: dict = {}

    def worker_answers() -> bool:
        seen.update(client.get("/health/").json())
        return seen["workers"]["count"] >= 1

    assert _wait_for(worker_answers), f"/health/ never saw the worker: {seen}"
    assert seen["broker"]["ok"] is True
