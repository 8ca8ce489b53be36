"""A real Celery worker process on Redis delivers, backs off after a 500 and retries."""

from __future__ import annotations

import time

import pytest
from django.db import transaction
from standardwebhooks.webhooks import Webhook

from integrations import webhooks
from integrations.models import WebhookAttempt, WebhookDelivery

pytestmark = [pytest.mark.postgres, pytest.mark.celery, pytest.mark.slow]


@pytest.fixture
def worker_env(monkeypatch) -> None:
    """Read by the worker process started next (its settings come from the environment)."""
    monkeypatch.setenv("EVIDENCE_CHECK_ALLOW_PRIVATE", "true")
    monkeypatch.setenv("WEBHOOK_RETRY_BASE_SECONDS", "1")
    monkeypatch.setenv("WEBHOOK_TIMEOUT", "3")


def test_worker_retries_after_500_with_backoff(worker_env, receiver, celery_worker_process, editor):
    endpoint = webhooks.create_endpoint(owner=editor, url=receiver.url, events=["verdict.published"])
    receiver.statuses = [500, 500]
    with transaction.atomic():
        event = webhooks.emit("verdict.published", {"verdict": {"id": 3}})
    reqs = receiver.wait_for(3, timeout=30)
    assert len(reqs) == 3
    for r in reqs:
        Webhook(endpoint.secret).verify(r.body, r.headers)
    deadline = time.monotonic() + 10
    delivery = WebhookDelivery.objects.get(event=event)
    while delivery.status != "succeeded" and time.monotonic() < deadline:
        time.sleep(0.1)
        delivery.refresh_from_db()
    assert delivery.status == "succeeded" and delivery.attempts == 3
    log = list(WebhookAttempt.objects.filter(delivery=delivery).order_by("number"))
    assert [a.status_code for a in log] == [500, 500, 200]
    # exponential backoff: ~1 s then ~2 s between the attempts
    gaps = [(b.started_at - a.started_at).total_seconds() for a, b in zip(log, log[1:], strict=False)]
    assert gaps[0] >= 0.9 and gaps[1] >= 1.9 and gaps[1] > gaps[0]
