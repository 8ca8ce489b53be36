"""The queue and verdict endpoints end to end: claim-next, release, skip, verdicts with optimistic
locking, submit / return / approve / publish, nested evidence."""

from __future__ import annotations

import pytest

from claims.models import Claim
from reviewers.models import Assignment, QueueItem, Verdict
from tests.api.conftest import error_of
from tests.factories import ClaimFactory, QueueItemFactory

pytestmark = pytest.mark.django_db

EVIDENCE = [
    {"url": "https://stats.example.org/report", "title": "Report", "quote": "12 people", "stance": "refutes",
     "accessed_at": "2026-01-05"},
]


@pytest.fixture
def queued(db):
    return [QueueItemFactory(priority=p, claim=ClaimFactory(status=Claim.Status.QUEUED)) for p in (100, 900)]


def test_claim_next_gives_the_top_item_then_204_when_empty(reviewer, reviewer2, client_for, queued):
    a = client_for(reviewer).post("/api/queue/next/")
    assert a.status_code == 200, a.content
    assert a.json()["claim"]["id"] == queued[1].claim_id
    assert a.json()["outcome"] == "active"
    b = client_for(reviewer2).post("/api/queue/next/")
    assert b.json()["claim"]["id"] == queued[0].claim_id
    from django.contrib.auth import get_user_model

    from accounts.services import create_user_with_role

    third = create_user_with_role("third_rev", "reviewer", "pw-for-tests-123")
    assert get_user_model().objects.filter(pk=third.pk).exists()
    resp = client_for(third).post("/api/queue/next/")
    assert resp.status_code == 204
    assert resp.content == b""


def test_release_and_skip(reviewer, client_for, queued):
    api = client_for(reviewer)
    first = api.post("/api/queue/next/").json()
    released = api.post(f"/api/assignments/{first['id']}/release/")
    assert released.status_code == 200
    assert released.json()["outcome"] == "released"
    again = api.post("/api/queue/next/").json()
    missing_reason = api.post(f"/api/assignments/{again['id']}/skip/", {}, format="json")
    assert missing_reason.status_code == 400
    assert "reason" in error_of(missing_reason)["fields"]
    skipped = api.post(f"/api/assignments/{again['id']}/skip/", {"reason": "conflict of interest"}, format="json")
    assert skipped.status_code == 200
    assert skipped.json()["outcome"] == "skipped"
    assert Assignment.objects.get(pk=again["id"]).reason == "conflict of interest"
    ended = api.post(f"/api/assignments/{again['id']}/release/")
    assert ended.status_code == 409
    assert error_of(ended)["code"] == "conflict"


def test_someone_elses_assignment_is_404_for_a_reviewer_and_403_for_an_editor(reviewer, reviewer2, editor,
                                                                               client_for, queued):
    mine = client_for(reviewer).post("/api/queue/next/").json()
    assert client_for(reviewer2).post(f"/api/assignments/{mine['id']}/release/").status_code == 404
    assert client_for(reviewer2).get(f"/api/assignments/{mine['id']}/").status_code == 404
    resp = client_for(editor).post(f"/api/assignments/{mine['id']}/release/")
    assert resp.status_code == 403
    assert error_of(resp)["code"] == "not_allowed"
    assert Assignment.objects.get(pk=mine["id"]).outcome == "active"


def _draft(api, claim_id: int) -> dict:
    resp = api.post("/api/verdicts/", {"claim": claim_id, "rating": "false", "rationale": "It was 12.",
                                       "evidence": EVIDENCE}, format="json")
    assert resp.status_code == 201, resp.content
    return resp.json()


def test_verdict_lifecycle_with_versions_and_evidence(reviewer, editor, admin_user, client_for, queued):
    api = client_for(reviewer)
    assignment = api.post("/api/queue/next/").json()
    claim_id = assignment["claim"]["id"]
    draft = _draft(api, claim_id)
    assert draft["status"] == "draft" and draft["version"] == 1
    assert [e["url"] for e in draft["evidence"]] == [EVIDENCE[0]["url"]]
    assert draft["evidence"][0]["accessed_at"] == "2026-01-05"

    updated = api.patch(f"/api/verdicts/{draft['id']}/", {"rationale": "The count was 12.", "version": 1},
                        format="json")
    assert updated.status_code == 200, updated.content
    assert updated.json()["version"] == 2
    assert updated.json()["evidence"][0]["url"] == EVIDENCE[0]["url"]  # kept by PATCH
    stale = api.put(f"/api/verdicts/{draft['id']}/", {"rating": "true", "rationale": "x", "version": 1},
                    format="json")
    assert stale.status_code == 409
    assert error_of(stale)["code"] == "conflict"
    no_version = api.patch(f"/api/verdicts/{draft['id']}/", {"rationale": "y"}, format="json")
    assert no_version.status_code == 400
    assert "version" in error_of(no_version)["fields"]

    submitted = api.post(f"/api/verdicts/{draft['id']}/submit/", {"version": 2}, format="json")
    assert submitted.status_code == 200, submitted.content
    v = submitted.json()
    assert v["status"] == "submitted"

    boss = client_for(editor)
    returned = boss.post(f"/api/verdicts/{draft['id']}/return/", {"version": v["version"], "comment": "Cite it."},
                         format="json")
    assert returned.status_code == 200, returned.content
    assert returned.json()["status"] == "returned"
    v = api.put(f"/api/verdicts/{draft['id']}/", {"rating": "false", "rationale": "Cited.", "evidence": EVIDENCE,
                                                  "version": returned.json()["version"]}, format="json").json()
    v = api.post(f"/api/verdicts/{draft['id']}/submit/", {"version": v["version"]}, format="json").json()
    assert v["status"] == "submitted"
    approved = boss.post(f"/api/verdicts/{draft['id']}/approve/", {"version": v["version"], "comment": "Good."},
                         format="json")
    assert approved.status_code == 200, approved.content
    assert approved.json()["status"] == "approved"
    published = boss.post(f"/api/verdicts/{draft['id']}/publish/", {}, format="json")
    assert published.status_code == 200
    assert published.json()["status"] == "published"
    assert Verdict.objects.get(pk=draft["id"]).published_at is not None


def test_reviewer_may_not_approve_and_may_not_see_a_colleagues_draft(reviewer, reviewer2, editor, client_for,
                                                                     queued):
    api = client_for(reviewer)
    claim_id = api.post("/api/queue/next/").json()["claim"]["id"]
    draft = _draft(api, claim_id)
    assert client_for(reviewer2).get(f"/api/verdicts/{draft['id']}/").status_code == 404
    assert draft["id"] not in [v["id"] for v in client_for(reviewer2).get("/api/verdicts/").json()["results"]]
    assert client_for(reviewer2).patch(f"/api/verdicts/{draft['id']}/", {"rationale": "mine", "version": 1},
                                       format="json").status_code == 404
    assert client_for(editor).get(f"/api/verdicts/{draft['id']}/").status_code == 200
    resp = api.post(f"/api/verdicts/{draft['id']}/approve/", {"version": 1}, format="json")
    assert resp.status_code == 403


def test_verdict_on_a_claim_without_a_lease_is_403_and_bad_input_is_400(reviewer, client_for, queued):
    api = client_for(reviewer)
    resp = api.post("/api/verdicts/", {"claim": queued[0].claim_id, "rating": "false", "rationale": "x"},
                    format="json")
    assert resp.status_code == 403
    assert error_of(resp)["code"] == "not_allowed"
    claim_id = api.post("/api/queue/next/").json()["claim"]["id"]
    for payload, field in [
        ({"claim": claim_id, "rating": "sort-of"}, "rating"),
        ({"claim": claim_id, "evidence": [{"url": "javascript:alert(1)"}]}, "evidence"),
        ({"claim": claim_id, "evidence": "https://x.example"}, "evidence"),
        ({"claim": claim_id, "evidence": [{"url": "https://x.example", "stance": "maybe"}]}, "evidence"),
        ({"claim": claim_id, "evidence": [{"url": "https://x.example", "accessed_at": "yesterday"}]}, "evidence"),
        ({"claim": "abc"}, "claim"),
        ({"claim": 10**30}, "claim"),
        ({"claim": 987654}, "claim"),
        ({"claim": claim_id, "secret": 1}, "secret"),
    ]:
        resp = api.post("/api/verdicts/", payload, format="json")
        assert resp.status_code == 400, (payload, resp.content)
        assert field in error_of(resp)["fields"], (payload, resp.json())


def test_editor_queue_management(editor, reviewer, client_for):
    claim = ClaimFactory()
    boss = client_for(editor)
    resp = boss.post("/api/queue/", {"claim": claim.pk, "priority": 700}, format="json")
    assert resp.status_code == 201, resp.content
    item_id = resp.json()["id"]
    assert resp.json()["priority"] == 700
    assert boss.post(f"/api/queue/{item_id}/priority/", {"priority": 50}, format="json").json()["priority"] == 50
    bad = boss.post(f"/api/queue/{item_id}/priority/", {"priority": "high"}, format="json")
    assert bad.status_code == 400
    moved = boss.post(f"/api/queue/{item_id}/reassign/", {"to_user": reviewer.pk, "reason": "expert"},
                      format="json")
    assert moved.status_code == 200, moved.content
    assert moved.json()["assigned_to"] == reviewer.username
    again = client_for(reviewer).post("/api/queue/next/")
    assert again.json()["claim"]["id"] == claim.pk  # the lease handed over is the reviewer's
    removed = boss.post(f"/api/queue/{item_id}/remove/")
    assert removed.status_code == 200
    assert QueueItem.objects.get(pk=item_id).status == QueueItem.Status.REMOVED
    assert client_for(reviewer).post(f"/api/queue/{item_id}/remove/").status_code == 403
    assert client_for(reviewer).post("/api/queue/", {"claim": claim.pk}, format="json").status_code == 403


def test_reassign_to_an_inactive_or_unknown_user_is_a_400_on_the_field(editor, reviewer2, client_for):
    item = QueueItem.objects.create(claim=ClaimFactory(), priority=100)
    type(reviewer2).objects.filter(pk=reviewer2.pk).update(is_active=False)
    boss = client_for(editor)
    for to_user in (reviewer2.pk, 2**62):
        one = boss.post(f"/api/queue/{item.pk}/reassign/", {"to_user": to_user}, format="json")
        many = boss.post("/api/queue/bulk/", {"action": "reassign", "ids": [item.pk], "to_user": to_user},
                         format="json")
        for resp in (one, many):
            assert resp.status_code == 400, resp.content
            assert "to_user" in error_of(resp)["fields"], resp.json()
    assert QueueItem.objects.get(pk=item.pk).assigned_to is None
