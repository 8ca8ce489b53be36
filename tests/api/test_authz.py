"""Per endpoint family: the role that may, a colleague in another role, an outsider, anonymous."""

from __future__ import annotations

import pytest

from claims.models import Claim
from tests.factories import ArticleFactory, ClaimFactory, ClaimGroupFactory, QueueItemFactory, decided_verdict

pytestmark = [pytest.mark.django_db, pytest.mark.authz]


def _status(client, method: str, url: str, data=None) -> int:
    return getattr(client, method)(url, data, format="json").status_code


@pytest.fixture
def objects(db):
    claim = ClaimFactory()
    group = ClaimGroupFactory(label="g")
    claim.group = group
    claim.save()
    return {"article": claim.article, "claim": claim, "group": group, "source": claim.article.source}


@pytest.mark.parametrize("path", ["sources", "articles", "claims", "claim-groups"])
def test_reading_claims_data(path, objects, reviewer, editor, outsider, client_for):
    key = {"sources": "source", "articles": "article", "claims": "claim", "claim-groups": "group"}[path]
    detail = f"/api/{path}/{objects[key].pk}/"
    for user in (reviewer, editor):
        assert _status(client_for(user), "get", f"/api/{path}/") == 200
        assert _status(client_for(user), "get", detail) == 200
    assert _status(client_for(outsider), "get", f"/api/{path}/") == 403
    assert _status(client_for(outsider), "get", detail) == 403
    assert _status(client_for(None), "get", f"/api/{path}/") == 401


def test_posting_articles(editor, reviewer, outsider, client_for):
    payload = {"title": "t", "body": "The council said 40 homes were built."}
    assert _status(client_for(reviewer), "post", "/api/articles/", payload) == 403
    assert _status(client_for(outsider), "post", "/api/articles/", payload) == 403
    assert _status(client_for(None), "post", "/api/articles/", payload) == 401
    assert _status(client_for(editor), "post", "/api/articles/", payload) == 202


def test_queue_actions(reviewer, editor, outsider, client_for):
    item = QueueItemFactory(claim=ClaimFactory(status=Claim.Status.QUEUED))
    other = ClaimFactory()
    # may: a reviewer takes work; an editor manages the queue
    assert _status(client_for(reviewer), "get", "/api/queue/") == 200
    assert _status(client_for(editor), "post", f"/api/queue/{item.pk}/priority/", {"priority": 3}) == 200
    assert _status(client_for(editor), "post", "/api/queue/", {"claim": other.pk}) == 201
    # colleague in another role: a reviewer cannot manage the queue
    assert _status(client_for(reviewer), "post", f"/api/queue/{item.pk}/priority/", {"priority": 3}) == 403
    assert _status(client_for(reviewer), "post", f"/api/queue/{item.pk}/reassign/", {"to_user": reviewer.pk}) == 403
    # outsider and anonymous
    for action in ("next", f"{item.pk}/priority", f"{item.pk}/remove"):
        assert _status(client_for(outsider), "post", f"/api/queue/{action}/", {"priority": 1}) == 403
        assert _status(client_for(None), "post", f"/api/queue/{action}/", {"priority": 1}) == 401
    assert _status(client_for(outsider), "get", "/api/queue/") == 403
    assert _status(client_for(reviewer), "post", "/api/queue/next/") == 200


def test_assignments(reviewer, reviewer2, editor, outsider, client_for):
    QueueItemFactory(claim=ClaimFactory(status=Claim.Status.QUEUED))
    mine = client_for(reviewer).post("/api/queue/next/").json()
    url = f"/api/assignments/{mine['id']}/"
    assert _status(client_for(reviewer), "get", url) == 200
    assert _status(client_for(editor), "get", url) == 200  # editors see every assignment
    assert _status(client_for(reviewer2), "get", url) == 404
    assert _status(client_for(reviewer2), "post", url + "skip/", {"reason": "r"}) == 404
    assert _status(client_for(editor), "post", url + "skip/", {"reason": "r"}) == 403
    assert _status(client_for(outsider), "get", url) == 403
    assert _status(client_for(None), "post", url + "release/") == 401
    assert [a["id"] for a in client_for(reviewer2).get("/api/assignments/").json()["results"]] == []


def test_verdicts(reviewer, reviewer2, editor, outsider, client_for):
    draft = decided_verdict("draft", reviewer=reviewer)
    submitted = decided_verdict("submitted", reviewer=reviewer)
    published = decided_verdict("published", reviewer=reviewer)
    for v in (draft, submitted):
        assert _status(client_for(reviewer), "get", f"/api/verdicts/{v.pk}/") == 200
        assert _status(client_for(editor), "get", f"/api/verdicts/{v.pk}/") == 200
        assert _status(client_for(reviewer2), "get", f"/api/verdicts/{v.pk}/") == 404
    assert _status(client_for(reviewer2), "get", f"/api/verdicts/{published.pk}/") == 200
    listed = {v["id"] for v in client_for(reviewer2).get("/api/verdicts/").json()["results"]}
    assert listed == {published.pk}
    # approving is the editor's: reviewers lack the permission (403 before any object lookup)
    assert _status(client_for(reviewer), "post", f"/api/verdicts/{submitted.pk}/approve/", {"version": 1}) == 403
    assert _status(client_for(reviewer2), "post", f"/api/verdicts/{submitted.pk}/approve/", {"version": 1}) == 403
    # writing is a reviewer's action, but a colleague's draft is invisible: 404
    assert _status(client_for(reviewer2), "post", f"/api/verdicts/{draft.pk}/submit/", {"version": 1}) == 404
    assert _status(client_for(editor), "post", f"/api/verdicts/{submitted.pk}/approve/",
                   {"version": submitted.version}) == 200
    assert _status(client_for(outsider), "get", "/api/verdicts/") == 403
    assert _status(client_for(None), "get", "/api/verdicts/") == 401


@pytest.mark.parametrize("url", ["/api/exports/csv/", "/api/exports/json/", "/api/exports/jsonl/",
                                 "/api/exports/claimreview/", "/api/export-jobs/"])
def test_api_exports(url, editor, reviewer, outsider, client_for):
    assert client_for(editor).get(url).status_code == 200
    assert client_for(reviewer).get(url).status_code == 403
    assert client_for(outsider).get(url).status_code == 403
    assert client_for(None).get(url).status_code == 401


def test_api_claimreview_and_job_download(editor, reviewer, outsider, admin_user, client_for, make_user):
    from tests.factories import ExportJobFactory

    verdict = decided_verdict("published")
    url = f"/api/exports/claimreview/{verdict.pk}/"
    assert client_for(editor).get(url).status_code == 200
    assert client_for(reviewer).get(url).status_code == 403
    assert client_for(None).get(url).status_code == 401
    job = ExportJobFactory(requested_by=editor)
    other_editor = make_user("erin_editor", "editor")
    assert client_for(editor).get(f"/api/export-jobs/{job.pk}/").status_code == 200
    assert client_for(admin_user).get(f"/api/export-jobs/{job.pk}/").status_code == 200
    assert client_for(other_editor).get(f"/api/export-jobs/{job.pk}/").status_code == 404
    assert client_for(outsider).get(f"/api/export-jobs/{job.pk}/download/").status_code == 403


@pytest.mark.parametrize("path", ["/exports/", "/exports/download/csv/", "/exports/claimreview/feed.jsonld",
                                  "/exports/report/"])
def test_web_export_pages(path, editor, reviewer, outsider, client):
    ArticleFactory()
    client.force_login(editor)
    assert client.get(path).status_code == 200
    client.force_login(reviewer)
    assert client.get(path).status_code == 403
    client.force_login(outsider)
    assert client.get(path).status_code == 403
    client.logout()
    resp = client.get(path)
    assert resp.status_code == 302 and "/accounts/login/" in resp["Location"]
