"""Idempotency-Key on the writes clients retry: article POST, verdict create, submit, publish."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from claims.models import Article, Claim
from idempotency import services
from idempotency.models import IdempotencyRecord
from reviewers.models import Verdict
from tests.factories import ClaimFactory, QueueItemFactory, decided_verdict

pytestmark = pytest.mark.django_db

EVIDENCE = [{"url": "https://stats.example.org/report", "title": "Report", "quote": "12 people",
             "stance": "refutes", "accessed_at": "2026-01-05"}]
ARTICLE = {"title": "Council homes", "body": "The council said 40 homes were built last year."}


def _post(api, url, data, key):
    return api.post(url, data, format="json", HTTP_IDEMPOTENCY_KEY=key)


def test_article_post_retry_returns_the_first_response(editor, client_for):
    api = client_for(editor)
    first = _post(api, "/api/articles/", ARTICLE, "k-1")
    assert first.status_code == 202
    Article.objects.filter(pk=first.json()["id"]).update(title="changed meanwhile")
    again = _post(api, "/api/articles/", ARTICLE, "k-1")
    assert again.status_code == 202  # not the 200 "already stored" a plain re-post gives
    assert again.json() == first.json() and again["Idempotent-Replayed"] == "true"
    assert again["Location"] == first["Location"]
    assert Article.objects.count() == 1
    plain = api.post("/api/articles/", ARTICLE, format="json")
    assert plain.status_code == 200 and not plain.has_header("Idempotent-Replayed")


def test_same_key_other_body_is_422_and_keys_are_per_user(editor, make_user, client_for):
    api = client_for(editor)
    assert _post(api, "/api/articles/", ARTICLE, "k-2").status_code == 202
    other = _post(api, "/api/articles/", {**ARTICLE, "body": "Another text altogether, 12 schools."}, "k-2")
    assert other.status_code == 422
    assert other.json()["error"]["code"] == "idempotency_key_reused"
    colleague = make_user("erin_editor", "editor")
    theirs = _post(client_for(colleague), "/api/articles/", {**ARTICLE, "body": "Their text, 7 bridges."}, "k-2")
    assert theirs.status_code == 202


def test_while_the_first_is_in_flight_409(editor, client_for):
    api = client_for(editor)
    from idempotency.api import request_fingerprint  # noqa: F401  (the same fingerprint the view computes)

    fp = services.fingerprint("POST", "/api/articles/", ARTICLE)
    begun = services.begin(editor, "k-3", fp)
    assert begun.outcome == "run"
    r = _post(api, "/api/articles/", ARTICLE, "k-3")
    assert r.status_code == 409 and r.json()["error"]["code"] == "idempotency_key_in_flight"
    assert Article.objects.count() == 0
    services.finish(begun.record, 202, {"id": 99})
    r = _post(api, "/api/articles/", ARTICLE, "k-3")
    assert r.status_code == 202 and r.json() == {"id": 99}


def test_a_dead_first_request_is_taken_over_after_the_in_flight_timeout(editor, client_for, settings):
    settings.IDEMPOTENCY_IN_FLIGHT_SECONDS = 60
    fp = services.fingerprint("POST", "/api/articles/", ARTICLE)
    services.begin(editor, "k-4", fp, now=timezone.now() - dt.timedelta(minutes=5))
    r = _post(client_for(editor), "/api/articles/", ARTICLE, "k-4")
    assert r.status_code == 202 and Article.objects.count() == 1


def test_expired_keys_run_again_and_are_purged(editor, client_for):
    api = client_for(editor)
    assert _post(api, "/api/articles/", ARTICLE, "k-5").status_code == 202
    IdempotencyRecord.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    r = _post(api, "/api/articles/", {**ARTICLE, "body": "A new body under an expired key, 3 parks."}, "k-5")
    assert r.status_code == 202
    IdempotencyRecord.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert services.purge_expired() == 1 and IdempotencyRecord.objects.count() == 0


def test_errors_are_not_stored_a_retry_runs_again(editor, client_for):
    api = client_for(editor)
    bad = {"title": "t", "body": ""}
    assert _post(api, "/api/articles/", bad, "k-6").status_code == 400
    assert not IdempotencyRecord.objects.filter(key="k-6").exists()
    assert _post(api, "/api/articles/", bad, "k-6").status_code == 400


def test_bad_key_is_400(editor, client_for):
    r = _post(client_for(editor), "/api/articles/", ARTICLE, "x" * 300)
    assert r.status_code == 400 and "Idempotency-Key" in r.json()["error"]["fields"]


def test_verdict_create_and_submit_retries(reviewer, client_for):
    item = QueueItemFactory(claim=ClaimFactory(status=Claim.Status.QUEUED))
    api = client_for(reviewer)
    assert api.post("/api/queue/next/").status_code == 200
    body = {"claim": item.claim_id, "rating": "false", "rationale": "Records show 12.", "evidence": EVIDENCE}
    first = _post(api, "/api/verdicts/", body, "v-1")
    assert first.status_code == 201, first.content
    again = _post(api, "/api/verdicts/", body, "v-1")
    assert again.status_code == 201 and again.json() == first.json()
    assert Verdict.objects.count() == 1
    vid, version = first.json()["id"], first.json()["version"]
    sub = _post(api, f"/api/verdicts/{vid}/submit/", {"version": version}, "v-2")
    assert sub.status_code == 200, sub.content
    # without the key the retry would be refused (no longer a draft; a new version): with it, the first answer
    retry = _post(api, f"/api/verdicts/{vid}/submit/", {"version": version}, "v-2")
    assert retry.status_code == 200 and retry.json() == sub.json()
    assert api.post(f"/api/verdicts/{vid}/submit/", {"version": version}, format="json").status_code in (400, 403, 409)
    assert Verdict.objects.get(pk=vid).status == "submitted"


def test_publish_retry(editor, client_for):
    verdict = decided_verdict("approved")
    api = client_for(editor)
    first = _post(api, f"/api/verdicts/{verdict.pk}/publish/", {}, "p-1")
    assert first.status_code == 200, first.content
    again = _post(api, f"/api/verdicts/{verdict.pk}/publish/", {}, "p-1")
    assert again.status_code == 200 and again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert Verdict.objects.get(pk=verdict.pk).status == "published"
