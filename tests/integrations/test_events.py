"""Events come from where the owning app does the thing (its signals), in the same transaction."""

from __future__ import annotations

import pytest
from standardwebhooks.webhooks import Webhook

from claims.models import Claim
from claims.services import ingest_article
from integrations import webhooks
from integrations.models import ClaimEmbedding, WebhookEvent
from reviewers import services as review
from tests.factories import ClaimFactory, decided_verdict

pytestmark = pytest.mark.django_db

TEXT = ("The ministry said 470,000 people have been killed since 2011. "
        "President Putin said on Monday that Russia will begin withdrawing its forces from Syria.")


def _endpoint(owner, receiver, *events):
    return webhooks.create_endpoint(owner=owner, url=receiver.url, events=list(events))


def test_article_extracted_and_claims_queued(editor, receiver, django_capture_on_commit_callbacks):
    ep = _endpoint(editor, receiver, "article.extracted", "claim.queued")
    with django_capture_on_commit_callbacks(execute=True):
        article = ingest_article(title="Syria", body=TEXT, user=editor).article
    article.refresh_from_db()
    assert article.status == "extracted"
    bodies = [Webhook(ep.secret).verify(r.body, r.headers) for r in receiver.requests]
    types = [b["type"] for b in bodies]
    assert types[0] == "article.extracted"
    extracted = bodies[0]["data"]
    assert extracted["article"]["id"] == article.pk
    assert sorted(extracted["claim_ids"]) == sorted(article.claims.values_list("pk", flat=True))
    queued = sorted(b["data"]["claim"]["id"] for b in bodies if b["type"] == "claim.queued")
    assert queued and queued == sorted(article.claims.filter(queue_item__isnull=False).values_list("pk", flat=True))


def test_manual_enqueue_sends_claim_queued(editor, receiver, django_capture_on_commit_callbacks):
    ep = _endpoint(editor, receiver, "claim.queued")
    claim = ClaimFactory()
    with django_capture_on_commit_callbacks(execute=True):
        review.enqueue_claim(claim.pk, editor)
    (req,) = receiver.requests
    assert Webhook(ep.secret).verify(req.body, req.headers)["data"]["claim"]["id"] == claim.pk


def test_verdict_published_is_sent_and_indexed_for_lookup(editor, make_user, receiver,
                                                          django_capture_on_commit_callbacks):
    from integrations import embeddings

    ep = _endpoint(editor, receiver, "verdict.published")
    verdict = decided_verdict("approved", claim=ClaimFactory(text="Moscow is preparing to withdraw its troops"))
    with django_capture_on_commit_callbacks(execute=True):
        review.publish_verdict(verdict.pk, editor)
    (req,) = receiver.requests
    data = Webhook(ep.secret).verify(req.body, req.headers)["data"]
    assert data["verdict"]["id"] == verdict.pk and data["verdict"]["rating"] == verdict.rating
    assert data["claim"]["id"] == verdict.claim_id and data["verdict"]["api_url"].endswith(f"/{verdict.pk}/")
    if embeddings.available():
        assert ClaimEmbedding.objects.filter(claim_id=verdict.claim_id).exists()


def test_no_event_when_the_change_rolls_back(editor, receiver, django_capture_on_commit_callbacks):
    from django.db import transaction

    _endpoint(editor, receiver, "claim.queued")
    claim = ClaimFactory()
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            review.enqueue_claim(claim.pk, editor)
            raise RuntimeError("rolled back")
    assert WebhookEvent.objects.count() == 0 and receiver.requests == []
    assert Claim.objects.get(pk=claim.pk).status != "queued"


def test_verdict_corrected_is_sent_with_what_changed(editor, receiver, django_capture_on_commit_callbacks):
    """A correction through the API: one signed verdict.corrected event with the note, before/after."""
    from rest_framework.test import APIClient

    ep = _endpoint(editor, receiver, "verdict.corrected")
    verdict = decided_verdict("published", rating="false", claim=ClaimFactory(text="Buses number 28"))
    api = APIClient()
    api.force_authenticate(editor)
    with django_capture_on_commit_callbacks(execute=True):
        r = api.post(f"/api/verdicts/{verdict.pk}/correct/",
                     {"note": "The register lists 31 buses.", "rating": "half-true"}, format="json")
    assert r.status_code == 200, r.content
    (req,) = receiver.requests
    body = Webhook(ep.secret).verify(req.body, req.headers)
    assert body["type"] == "verdict.corrected"
    data = body["data"]
    assert data["verdict"]["id"] == verdict.pk and data["verdict"]["rating"] == "half-true"
    assert data["verdict"]["retracted_at"] is None and data["claim"]["id"] == verdict.claim_id
    corr = data["correction"]
    assert corr["kind"] == "correction" and corr["note"] == "The register lists 31 buses."
    assert corr["changes"] == {"rating": {"before": "false", "after": "half-true"}}
    assert "editor" not in corr  # who corrected is not published to consumers


def test_verdict_retracted_is_sent_as_corrected(editor, receiver, django_capture_on_commit_callbacks):
    from reviewers.publication import retract_verdict

    ep = _endpoint(editor, receiver, "verdict.corrected", "verdict.published")
    verdict = decided_verdict("published")
    with django_capture_on_commit_callbacks(execute=True):
        retract_verdict(verdict.pk, editor, "Misattributed; we withdraw this check.")
    (req,) = receiver.requests
    body = Webhook(ep.secret).verify(req.body, req.headers)
    assert body["type"] == "verdict.corrected"
    corr = body["data"]["correction"]
    assert corr["kind"] == "retraction" and corr["changes"] == {}
    assert corr["retracted_at"] and body["data"]["verdict"]["retracted_at"] == corr["retracted_at"]


def test_no_corrected_event_when_the_correction_is_refused(editor, reviewer, receiver,
                                                           django_capture_on_commit_callbacks):
    from reviewers.publication import correct_verdict
    from reviewers.services import InvalidInput, NotAllowed

    _endpoint(editor, receiver, "verdict.corrected")
    approved = decided_verdict("approved")
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(InvalidInput):
            correct_verdict(approved.pk, editor, "Not yet published.")
        with pytest.raises(NotAllowed):
            correct_verdict(decided_verdict("published").pk, reviewer, "A reviewer may not.")
    assert WebhookEvent.objects.filter(type="verdict.corrected").count() == 0 and receiver.requests == []
