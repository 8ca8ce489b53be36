"""Concurrent retries with one Idempotency-Key on PostgreSQL: one runs, the others 409 or replay."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from claims.models import Article

pytestmark = [pytest.mark.postgres, pytest.mark.concurrency]


@pytest.mark.django_db(transaction=True)
def test_concurrent_retries_run_the_write_once(editor, monkeypatch):
    import claims.services

    real = claims.services.ingest_article

    def slow_ingest(**kwargs):
        time.sleep(0.5)  # keep the first request in flight while the others arrive
        return real(**kwargs)

    monkeypatch.setattr(claims.services, "ingest_article", slow_ingest)
    token = Token.objects.create(user=editor).key
    body = {"title": "Council homes", "body": "The council said 40 homes were built last year."}
    codes: list[int] = []
    lock = threading.Lock()

    def post() -> None:
        api = APIClient()
        api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
        r = api.post("/api/articles/", body, format="json", HTTP_IDEMPOTENCY_KEY="same-key")
        with lock:
            codes.append(r.status_code)
        connection.close()

    threads = [threading.Thread(target=post) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert Article.objects.count() == 1
    assert codes.count(202) >= 1 and set(codes) <= {202, 409}, codes
    assert 409 in codes  # they overlapped with the first one
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    replay = api.post("/api/articles/", body, format="json", HTTP_IDEMPOTENCY_KEY="same-key")
    assert replay.status_code == 202 and replay["Idempotent-Replayed"] == "true"
