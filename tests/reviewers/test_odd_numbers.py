"""Pages and API lists given a number nobody can store: a non-ASCII digit ("²", which str.isdigit()
accepts and int() refuses) or an id beyond the 64-bit id column. Each answered 500 before
(found walking the product as an editor); now each is a form error, a 404 or an ignored filter."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from reviewers.models import QueueItem
from tests.factories import ClaimFactory, VerdictFactory

pytestmark = pytest.mark.django_db

ODD = ["²", "9" * 20]


@pytest.mark.parametrize("value", ODD)
@pytest.mark.parametrize("param", ["article", "reviewer"])
def test_queue_filter_with_an_odd_id_is_ignored(client, editor, queue, param, value):
    client.force_login(editor)
    resp = client.get(reverse("review-queue"), {param: value})
    assert resp.status_code == 200


@pytest.mark.parametrize("value", ODD)
def test_merge_with_an_odd_id_is_a_form_error(client, editor, value):
    claim = ClaimFactory()
    client.force_login(editor)
    resp = client.post(reverse("claim-merge", args=[claim.pk]), {"other": value})
    assert resp.status_code == 302 and resp["Location"].endswith("#correct")


@pytest.mark.parametrize("value", ODD)
def test_enqueue_an_odd_claim_id_is_404(client, editor, value):
    client.force_login(editor)
    assert client.post(reverse("review-queue-enqueue"), {"claim_id": value}).status_code == 404


def test_second_review_rule_with_an_odd_source(client, editor):
    client.force_login(editor)
    resp = client.post(reverse("review-second-review"), {"source": "²", "kind": "", "min_score": "", "note": ""})
    assert resp.status_code in (200, 302, 400)


def test_approve_with_an_odd_version(client, editor):
    verdict = VerdictFactory(status="submitted")
    client.force_login(editor)
    resp = client.post(reverse("review-verdict-approve", args=[verdict.pk]), {"version": "²"})
    assert resp.status_code == 302


def test_bulk_reassign_with_odd_ids(client, editor, queue):
    client.force_login(editor)
    for data in ({"action": "reassign", "ids": [queue[0].pk], "to_user": "²"},
                 {"action": "priority", "ids": ["²"], "priority": "5"}):
        assert client.post(reverse("review-queue-bulk"), data).status_code == 302
    assert QueueItem.objects.get(pk=queue[0].pk).assigned_to is None


def test_evidence_row_with_an_odd_index(client, reviewer):
    client.force_login(reviewer)
    for n in ODD:
        assert client.get(reverse("review-evidence-row"), {"n": n}).status_code == 200


@pytest.mark.parametrize("value", ODD)
def test_webhook_deliveries_filter_with_an_odd_endpoint(editor, value):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=editor).key}")
    resp = api.get("/api/webhook-deliveries/", {"endpoint": value})
    assert resp.status_code == 400  # a 400 on the parameter since 9819762 (it was ignored), never a 500
    assert list(resp.json()["error"]["fields"]) == ["endpoint"]


@pytest.mark.parametrize("value", ["²", "9" * 30, "0", "-1", ""])
def test_api_page_size_that_is_no_size_gives_the_default_page(editor, value):
    ClaimFactory()
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=editor).key}")
    resp = api.get("/api/claims/", {"page_size": value})
    assert resp.status_code == 200 and len(resp.json()["results"]) == 1
