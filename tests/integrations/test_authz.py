"""Three personas per boundary: webhooks (editor may; a reviewer, an outsider, anonymous may not; another
editor's endpoints do not exist for you) and the lookup (anyone reading claims may)."""

from __future__ import annotations

import pytest

from integrations import webhooks
from integrations.models import WebhookDelivery, WebhookEvent

pytestmark = [pytest.mark.django_db, pytest.mark.authz]

BODY = {"url": "https://hooks.example.org/in", "events": ["verdict.published"]}


def _status(client, method: str, url: str, data=None) -> int:
    return getattr(client, method)(url, data, format="json").status_code


def test_webhook_endpoints(editor, reviewer, outsider, make_user, client_for):
    other_editor = make_user("erin_editor", "editor")
    assert _status(client_for(editor), "post", "/api/webhooks/", BODY) == 201
    mine = client_for(editor).get("/api/webhooks/").json()["results"][0]["id"]
    for user, code in ((reviewer, 403), (outsider, 403), (None, 401)):
        api = client_for(user)
        assert _status(api, "post", "/api/webhooks/", BODY) == code
        assert _status(api, "get", "/api/webhooks/") == code
        assert _status(api, "get", f"/api/webhooks/{mine}/secret/") == code
        assert _status(api, "post", f"/api/webhooks/{mine}/rotate-secret/", {}) == code
        assert _status(api, "delete", f"/api/webhooks/{mine}/") == code
    # a colleague in the same role: the endpoint is not theirs
    api = client_for(other_editor)
    assert api.get("/api/webhooks/").json()["results"] == []
    assert _status(api, "get", f"/api/webhooks/{mine}/secret/") == 404
    assert _status(api, "post", f"/api/webhooks/{mine}/rotate-secret/", {}) == 404
    assert _status(api, "patch", f"/api/webhooks/{mine}/", {"is_active": False}) == 404
    assert _status(api, "delete", f"/api/webhooks/{mine}/") == 404
    # the owner
    api = client_for(editor)
    assert _status(api, "get", f"/api/webhooks/{mine}/secret/") == 200
    assert _status(api, "patch", f"/api/webhooks/{mine}/", {"description": "CMS"}) == 200
    assert _status(api, "delete", f"/api/webhooks/{mine}/") == 204


def test_webhook_deliveries(editor, reviewer, outsider, make_user, client_for):
    other_editor = make_user("erin_editor", "editor")
    endpoint = webhooks.create_endpoint(owner=editor, **BODY)
    event = WebhookEvent.objects.create(type="verdict.published", payload={})
    delivery = WebhookDelivery.objects.create(endpoint=endpoint, event=event, msg_id="msg_x", status="failed")
    assert _status(client_for(editor), "get", f"/api/webhook-deliveries/{delivery.pk}/") == 200
    assert len(client_for(editor).get("/api/webhook-deliveries/").json()["results"]) == 1
    for user, code in ((reviewer, 403), (outsider, 403), (None, 401)):
        assert _status(client_for(user), "get", "/api/webhook-deliveries/") == code
        assert _status(client_for(user), "post", f"/api/webhook-deliveries/{delivery.pk}/redeliver/") == code
    assert _status(client_for(other_editor), "get", f"/api/webhook-deliveries/{delivery.pk}/") == 404
    assert _status(client_for(other_editor), "post", f"/api/webhook-deliveries/{delivery.pk}/redeliver/") == 404
    assert client_for(other_editor).get("/api/webhook-deliveries/").json()["results"] == []


def test_webhook_services_check_the_permission_too(reviewer):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        webhooks.create_endpoint(owner=reviewer, **BODY)


def test_lookup(reviewer, editor, outsider, client_for):
    body = {"statement": "Unemployment fell to 4.1 percent last month"}
    assert _status(client_for(reviewer), "post", "/api/lookup/", body) == 200
    assert _status(client_for(editor), "post", "/api/lookup/", body) == 200
    assert _status(client_for(outsider), "post", "/api/lookup/", body) == 403
    assert _status(client_for(None), "post", "/api/lookup/", body) == 401


def test_delivery_log_filters_and_their_bad_values(editor, make_user, client_for):
    """?endpoint= and ?status= were read by hand and a bad value ignored: the whole log came back as if
    filtered. Now a 400 on the parameter; and a colleague's endpoint id still filters to nothing."""
    other_editor = make_user("erin_editor", "editor")
    mine = webhooks.create_endpoint(owner=editor, **BODY)
    theirs = webhooks.create_endpoint(owner=other_editor, **BODY)
    failed = WebhookDelivery.objects.create(endpoint=mine, msg_id="msg_a", status="failed",
                                            event=WebhookEvent.objects.create(type="verdict.published", payload={}))
    WebhookDelivery.objects.create(endpoint=mine, msg_id="msg_b", status="delivered",
                                   event=WebhookEvent.objects.create(type="verdict.published", payload={}))
    WebhookDelivery.objects.create(endpoint=theirs, msg_id="msg_c", status="failed",
                                   event=WebhookEvent.objects.create(type="verdict.published", payload={}))
    api = client_for(editor)
    assert [d["id"] for d in api.get("/api/webhook-deliveries/?status=failed").json()["results"]] == [failed.pk]
    assert len(api.get(f"/api/webhook-deliveries/?endpoint={mine.pk}").json()["results"]) == 2
    assert api.get(f"/api/webhook-deliveries/?endpoint={theirs.pk}").json()["results"] == []
    for query, param in (("status=nope", "status"), ("endpoint=abc", "endpoint"),
                         ("endpoint=99999999999999999999", "endpoint")):
        resp = api.get(f"/api/webhook-deliveries/?{query}")
        assert resp.status_code == 400, query
        assert list(resp.json()["error"]["fields"]) == [param]
