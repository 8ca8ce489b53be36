"""Signed webhooks against a local receiver, verified with the ``standardwebhooks`` library."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.utils import timezone
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from integrations import webhooks
from integrations.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint

pytestmark = [pytest.mark.django_db]


def _subscribe(client, url: str, events=("verdict.published",)) -> dict:
    r = client.post("/api/webhooks/", {"url": url, "events": list(events), "description": "CMS"}, format="json")
    assert r.status_code == 201, r.content
    assert r.json()["secret"].startswith("whsec_")
    return r.json()


def _verify(secret: str, req) -> dict:
    return Webhook(secret).verify(req.body, req.headers)


def test_delivery_is_signed_and_verifies_with_the_library(editor, client_for, receiver,
                                                          django_capture_on_commit_callbacks):
    sub = _subscribe(client_for(editor), receiver.url)
    with django_capture_on_commit_callbacks(execute=True):
        event = webhooks.emit("verdict.published", {"verdict": {"id": 7, "rating": "false"}})
    assert event is not None
    (req,) = receiver.requests
    data = _verify(sub["secret"], req)
    assert data["type"] == "verdict.published" and data["data"] == {"verdict": {"id": 7, "rating": "false"}}
    delivery = WebhookDelivery.objects.get(event=event)
    assert req.headers["webhook-id"] == delivery.msg_id
    assert delivery.status == "succeeded" and delivery.last_status_code == 200 and delivery.attempts == 1
    # a tampered body or another secret does not verify
    with pytest.raises(WebhookVerificationError):
        Webhook(webhooks.new_secret()).verify(req.body, req.headers)
    with pytest.raises(WebhookVerificationError):
        Webhook(sub["secret"]).verify(req.body.replace(b"false", b"true"), req.headers)


def test_only_subscribed_active_endpoints_get_the_event(editor, client_for, receiver,
                                                        django_capture_on_commit_callbacks):
    api = client_for(editor)
    _subscribe(api, receiver.url + "/a", events=["claim.queued"])
    off = _subscribe(api, receiver.url + "/b", events=["verdict.published"])
    api.patch(f"/api/webhooks/{off['id']}/", {"is_active": False}, format="json")
    with django_capture_on_commit_callbacks(execute=True):
        assert webhooks.emit("verdict.published", {"x": 1}) is None  # nobody listens: nothing stored
        webhooks.emit("claim.queued", {"claim": {"id": 1}})
    assert [r.path for r in receiver.requests] == ["/hooks/a"]


def test_retried_after_a_500_and_logged(editor, client_for, receiver, django_capture_on_commit_callbacks):
    sub = _subscribe(client_for(editor), receiver.url)
    receiver.statuses = [500, 503]
    with django_capture_on_commit_callbacks(execute=True):
        event = webhooks.emit("verdict.published", {"verdict": {"id": 1}})
    assert len(receiver.requests) == 3
    # every attempt is the same message: same id, body and a valid signature
    assert len({r.headers["webhook-id"] for r in receiver.requests}) == 1
    assert len({r.body for r in receiver.requests}) == 1
    for req in receiver.requests:
        _verify(sub["secret"], req)
    delivery = WebhookDelivery.objects.get(event=event)
    assert delivery.status == "succeeded" and delivery.attempts == 3
    log = list(WebhookAttempt.objects.filter(delivery=delivery).values_list("number", "status_code"))
    assert log == [(1, 500), (2, 503), (3, 200)]
    r = client_for(editor).get(f"/api/webhook-deliveries/{delivery.pk}/")
    assert r.status_code == 200
    assert [a["status_code"] for a in r.json()["attempt_log"]] == [500, 503, 200]


def test_gives_up_after_max_attempts_then_manual_redelivery(editor, client_for, receiver, settings,
                                                            django_capture_on_commit_callbacks):
    settings.WEBHOOK_MAX_ATTEMPTS = 2
    sub = _subscribe(client_for(editor), receiver.url)
    receiver.statuses = [500, 500]
    with django_capture_on_commit_callbacks(execute=True):
        event = webhooks.emit("verdict.published", {"verdict": {"id": 2}})
    delivery = WebhookDelivery.objects.get(event=event)
    assert delivery.status == "failed" and delivery.attempts == 2 and delivery.last_status_code == 500
    assert len(receiver.requests) == 2
    # nothing more happens by itself: the task is idempotent on a finished delivery
    assert webhooks.attempt_delivery(delivery.pk) is None
    with django_capture_on_commit_callbacks(execute=True):
        r = client_for(editor).post(f"/api/webhook-deliveries/{delivery.pk}/redeliver/")
    assert r.status_code == 202, r.content
    delivery.refresh_from_db()
    assert delivery.status == "succeeded" and delivery.attempts == 3
    assert len(receiver.requests) == 3
    assert receiver.requests[-1].headers["webhook-id"] == delivery.msg_id
    _verify(sub["secret"], receiver.requests[-1])
    assert WebhookAttempt.objects.get(delivery=delivery, number=3).manual is True


def test_backoff_is_exponential_and_capped(settings):
    settings.WEBHOOK_RETRY_BASE_SECONDS = 30
    settings.WEBHOOK_RETRY_MAX_SECONDS = 3600
    assert [webhooks.backoff_seconds(n) for n in (1, 2, 3, 4)] == [30, 60, 120, 240]
    assert webhooks.backoff_seconds(20) == 3600


def test_not_due_delivery_is_not_sent_and_the_sweep_finds_due_ones(editor, client_for, receiver, settings,
                                                                   django_capture_on_commit_callbacks):
    settings.WEBHOOK_RETRY_BASE_SECONDS = 300
    _subscribe(client_for(editor), receiver.url)
    receiver.statuses = [500]
    with django_capture_on_commit_callbacks(execute=True):
        event = webhooks.emit("verdict.published", {"v": 1})
    delivery = WebhookDelivery.objects.get(event=event)
    assert delivery.status == "pending" and delivery.attempts == 1
    assert delivery.next_attempt_at > timezone.now() + dt.timedelta(seconds=250)
    assert webhooks.attempt_delivery(delivery.pk) is None  # not due yet
    assert webhooks.due_delivery_ids() == []
    WebhookDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
    assert webhooks.due_delivery_ids() == [delivery.pk]
    from integrations.tasks import retry_due_webhooks

    assert retry_due_webhooks() == 1
    delivery.refresh_from_db()
    assert delivery.status == "succeeded" and len(receiver.requests) == 2


def test_secret_rotation_signs_with_both_during_grace(editor, client_for, receiver,
                                                      django_capture_on_commit_callbacks):
    api = client_for(editor)
    sub = _subscribe(api, receiver.url)
    r = api.post(f"/api/webhooks/{sub['id']}/rotate-secret/", {"grace_hours": 1}, format="json")
    assert r.status_code == 200
    new = r.json()["secret"]
    assert new != sub["secret"]
    with django_capture_on_commit_callbacks(execute=True):
        webhooks.emit("verdict.published", {"n": 1})
    req = receiver.requests[-1]
    assert len(req.headers["webhook-signature"].split(" ")) == 2
    _verify(new, req)
    _verify(sub["secret"], req)  # receivers not yet switched still verify
    # without grace the old secret stops at once
    r = api.post(f"/api/webhooks/{sub['id']}/rotate-secret/", {"grace_hours": 0}, format="json")
    newest = r.json()["secret"]
    with django_capture_on_commit_callbacks(execute=True):
        webhooks.emit("verdict.published", {"n": 2})
    req = receiver.requests[-1]
    _verify(newest, req)
    with pytest.raises(WebhookVerificationError):
        _verify(new, req)


def test_private_addresses_refused_at_subscription_and_on_connect(editor, client_for, receiver, settings,
                                                                  django_capture_on_commit_callbacks):
    settings.EVIDENCE_CHECK_ALLOW_PRIVATE = False
    api = client_for(editor)
    for url in ("http://127.0.0.1:8080/x", "http://10.1.2.3/x", "http://[::1]/x", "http://localhost/x",
                "http://169.254.169.254/latest/meta-data"):
        r = api.post("/api/webhooks/", {"url": url, "events": ["verdict.published"]}, format="json")
        assert r.status_code == 400, url
        assert "private" in r.json()["error"]["message"]
    # a name that resolves to a private address is caught on the connected socket
    endpoint = WebhookEndpoint.objects.create(owner=editor, url=receiver.url.replace("127.0.0.1", "localhost"),
                                              events=["verdict.published"], secret=webhooks.new_secret())
    with django_capture_on_commit_callbacks(execute=True):
        event = webhooks.emit("verdict.published", {"n": 1})
    delivery = WebhookDelivery.objects.get(event=event, endpoint=endpoint)
    assert receiver.requests == []
    assert "private" in delivery.last_error and delivery.last_status_code is None


def test_bad_subscriptions_are_400(editor, client_for):
    api = client_for(editor)
    assert api.post("/api/webhooks/", {"url": "ftp://example.org/x", "events": ["verdict.published"]},
                    format="json").status_code == 400
    r = api.post("/api/webhooks/", {"url": "https://example.org/x", "events": ["verdict.deleted"]}, format="json")
    assert r.status_code == 400 and "events" in r.json()["error"]["fields"]
    assert api.post("/api/webhooks/", {"url": "https://example.org/x", "events": []},
                    format="json").status_code == 400


def test_owner_who_lost_the_role_gets_nothing(editor, client_for, receiver, django_capture_on_commit_callbacks):
    _subscribe(client_for(editor), receiver.url)
    editor.groups.clear()
    from django.contrib.auth import get_user_model

    get_user_model().objects.get(pk=editor.pk)  # fresh permission cache below
    with django_capture_on_commit_callbacks(execute=True):
        event = webhooks.emit("verdict.published", {"n": 1})
    delivery = WebhookDelivery.objects.get(event=event)
    assert receiver.requests == [] and delivery.status == "failed"


def test_payload_is_json_with_standard_envelope(editor, client_for, receiver, django_capture_on_commit_callbacks):
    _subscribe(client_for(editor), receiver.url)
    with django_capture_on_commit_callbacks(execute=True):
        webhooks.emit("verdict.published", {"when": timezone.now()})
    body = json.loads(receiver.requests[0].body)
    assert set(body) == {"type", "timestamp", "data"} and body["timestamp"].endswith("Z")
    assert receiver.requests[0].headers["Content-Type"] == "application/json"
