"""Queue bulk actions: the service (each row through its single-row service, one transaction, a
dry run that changes nothing), the page with its confirmation step, the API endpoint, and who may
use them (authz: the editor who may, a reviewer, an outsider, anonymous)."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from claims.models import Claim
from reviewers import bulk, services
from reviewers.models import Assignment, QueueItem
from tests.factories import ClaimFactory, QueueItemFactory

pytestmark = pytest.mark.django_db


def _item(priority: int, status: str = QueueItem.Status.QUEUED, **claim_kwargs) -> QueueItem:
    claim_status = {"done": Claim.Status.PUBLISHED, "removed": Claim.Status.DISMISSED}.get(status, Claim.Status.QUEUED)
    return QueueItemFactory(priority=priority, status=status, claim=ClaimFactory(status=claim_status, **claim_kwargs))


@pytest.fixture
def rows(db):
    """Two queued rows and one done row."""
    return [_item(100), _item(200), _item(300, QueueItem.Status.DONE)]


def _state(items) -> list[tuple]:
    return [tuple(QueueItem.objects.filter(pk=i.pk).values_list("priority", "status", "assigned_to_id")[0])
            for i in items]


# --- the service ---------------------------------------------------------------------------------

def test_priority_changes_open_rows_and_reports_the_done_one(editor, rows):
    result = bulk.apply(editor, "priority", [r.pk for r in rows], priority="900")
    assert [r.item_id for r in result.changed] == [rows[0].pk, rows[1].pk]
    assert [(r.item_id, "done" in r.note) for r in result.unchanged] == [(rows[2].pk, True)]
    assert _state(rows) == [(900, "queued", None), (900, "queued", None), (300, "done", None)]
    for item in rows[:2]:  # one history row per change, by the editor
        last = QueueItem.history.filter(id=item.pk).order_by("-history_id").first()
        assert (last.history_user, last.priority, last.history_change_reason) == (editor, 900, "priority changed")
    assert not QueueItem.history.filter(id=rows[2].pk, priority=900).exists()
    assert "Priority changed on 2 rows. 1 left as it was" in bulk.summary(result)


def test_dry_run_predicts_and_changes_nothing(editor, reviewer, rows):
    before = _state(rows)
    history = QueueItem.history.count()
    preview = bulk.apply(editor, "remove", [r.pk for r in rows], dry_run=True)
    assert _state(rows) == before and QueueItem.history.count() == history
    assert Claim.objects.filter(status=Claim.Status.DISMISSED).count() == 0
    done = bulk.apply(editor, "remove", [r.pk for r in rows])
    assert [(r.item_id, r.changed, r.note) for r in preview.rows] == [(r.item_id, r.changed, r.note) for r in done.rows]
    assert [s for _p, s, _a in _state(rows)] == ["removed", "removed", "done"]


def test_reassign_to_one_reviewer_takes_one_row_only(editor, reviewer, rows):
    """A reviewer holds one claim at a time: the preview says so before anything happens."""
    preview = bulk.apply(editor, "reassign", [rows[1].pk, rows[0].pk], to_user=reviewer, dry_run=True)
    assert [r.changed for r in preview.rows] == [True, False]
    assert "working on another claim" in preview.rows[1].note
    assert not Assignment.objects.exists()
    result = bulk.apply(editor, "reassign", [rows[0].pk, rows[1].pk], to_user=reviewer, reason="expert")
    assert [r.changed for r in result.rows] == [True, False]
    assert _state(rows[:2]) == [(100, "assigned", reviewer.pk), (200, "queued", None)]
    assignment = Assignment.objects.get()
    assert (assignment.reviewer, assignment.reason, assignment.outcome) == (reviewer, "expert", "active")
    again = bulk.apply(editor, "reassign", [rows[0].pk], to_user=reviewer)
    assert (again.rows[0].changed, again.rows[0].note) == (False, f"Already assigned to {reviewer.username}.")


def test_remove_ends_a_live_lease(editor, reviewer, rows):
    lease = services.claim_next(reviewer)  # takes the higher priority open row
    assert lease.queue_item_id == rows[1].pk
    result = bulk.apply(editor, "remove", [rows[1].pk])
    assert result.rows[0].note == f"Removed; {reviewer.username}'s lease ends."
    lease.refresh_from_db()
    assert lease.outcome == Assignment.Outcome.REMOVED
    assert Claim.objects.get(pk=rows[1].claim_id).status == Claim.Status.DISMISSED


def test_unknown_rows_are_reported_not_fatal(editor, rows):
    result = bulk.apply(editor, "priority", [rows[0].pk, 999_999], priority=5)
    assert [(r.item_id, r.changed, r.note) for r in result.rows][1] == (999_999, False, "No such queue item.")
    assert _state(rows[:1]) == [(5, "queued", None)]


@pytest.mark.parametrize("action, ids, kwargs, field", [
    ("priority", [], {"priority": 1}, "ids"),
    ("priority", ["x"], {"priority": 1}, "ids"),
    ("priority", None, {"priority": ""}, "priority"),
    ("priority", None, {"priority": "ten"}, "priority"),
    ("priority", None, {"priority": 10**9}, "priority"),
    ("reassign", None, {"to_user": None}, "to_user"),
    ("archive", None, {}, "action"),
])
def test_a_wrong_request_changes_nothing(editor, rows, action, ids, kwargs, field):
    with pytest.raises(services.InvalidInput) as exc:
        bulk.apply(editor, action, [r.pk for r in rows] if ids is None else ids, **kwargs)
    assert field in exc.value.errors
    assert _state(rows) == [(100, "queued", None), (200, "queued", None), (300, "done", None)]


def test_too_many_rows(editor):
    with pytest.raises(services.InvalidInput):
        bulk.apply(editor, "remove", list(range(1, bulk.MAX_ROWS + 2)))


@pytest.mark.authz
def test_service_refuses_without_manage_queue(reviewer, outsider, rows):
    for user in (reviewer, outsider, None):
        with pytest.raises(services.NotAllowed):
            bulk.apply(user, "priority", [rows[0].pk], priority=1)
    assert _state(rows[:1]) == [(100, "queued", None)]


# --- the page ---------------------------------------------------------------------------------------

def test_queue_page_has_no_row_forms_and_done_rows_are_read_only(client, editor, reviewer, rows):
    client.force_login(editor)
    html = client.get(reverse("review-queue"), {"status": "all"}).content.decode()
    assert html.count("<form") == 3  # logout, filters, the one bulk form
    boxes = re.findall(r'name="ids" value="(\d+)"', html)
    assert sorted(map(int, boxes)) == sorted([rows[0].pk, rows[1].pk])  # nothing to tick on the done row
    done_row = re.search(rf'<tr id="item-{rows[2].pk}".*?</tr>', html, re.S).group(0)
    assert "readonly" in done_row and "Read-only" in done_row
    # no assignee chosen for the editor: the empty choice is the selected one
    select = re.search(r'<select id="bulk-to".*?</select>', html, re.S).group(0)
    assert re.search(r'<option value="" selected>', select) and select.count("selected") == 1
    row = re.search(rf'<tr id="item-{rows[0].pk}".*?</tr>', html, re.S).group(0)
    assert f'<td class="num">{rows[0].claim.score:.2f}</td>' in row  # the score
    assert "<time datetime=" in row  # the age


def test_bulk_post_asks_to_confirm_then_acts(client, editor, rows):
    client.force_login(editor)
    url = reverse("review-queue-bulk")
    data = {"ids": [rows[0].pk, rows[2].pk], "action": "priority", "priority": "750", "to_user": "",
            "next": "/review/queue/?status=all"}
    resp = client.post(url, data)
    assert resp.status_code == 200
    html = resp.content.decode()
    assert "1 of 2 selected rows will change; 1 will be left as it is. Nothing has changed yet." in html
    assert "Priority 100 → 750." in html
    assert _state(rows) == [(100, "queued", None), (200, "queued", None), (300, "done", None)]
    resp = client.post(url, {**data, "confirm": "yes"}, follow=True)
    assert resp.redirect_chain[-1][0] == "/review/queue/?status=all"
    assert "Priority changed on 1 row. 1 left as it was" in resp.content.decode()
    assert _state(rows)[0] == (750, "queued", None)


def test_bulk_post_without_selection_or_reviewer_goes_back_with_the_reason(client, editor, rows):
    client.force_login(editor)
    url = reverse("review-queue-bulk")
    resp = client.post(url, {"action": "remove"}, follow=True)
    assert "Select at least one row first." in resp.content.decode()
    resp = client.post(url, {"action": "reassign", "ids": [rows[0].pk], "to_user": ""}, follow=True)
    assert "Choose a reviewer" in resp.content.decode()
    resp = client.post(url, {"action": "remove", "ids": [rows[0].pk], "next": "//evil.example"})
    assert resp.status_code == 200  # the preview; its links lead back to our queue, not elsewhere
    assert "//evil.example" not in resp.content.decode()
    assert _state(rows)[0] == (100, "queued", None)


@pytest.mark.authz
def test_bulk_page_needs_manage_queue(client, editor, reviewer, outsider, rows):
    url = reverse("review-queue-bulk")
    data = {"ids": [rows[0].pk], "action": "remove", "confirm": "yes"}
    for user in (reviewer, outsider):
        client.force_login(user)
        assert client.post(url, data).status_code == 403
    client.logout()
    assert client.post(url, data).status_code == 302  # to the login page
    client.force_login(editor)
    assert client.get(url).status_code == 405
    assert _state(rows)[0] == (100, "queued", None)
    assert client.post(url, data).status_code == 302
    assert _state(rows)[0] == (100, "removed", None)


# --- the API -------------------------------------------------------------------------------------------

def _api(user=None) -> APIClient:
    cache.clear()  # throttle counters
    api = APIClient()
    if user is not None:
        api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return api


def test_api_bulk(editor, reviewer, rows):
    body = {"action": "priority", "ids": [r.pk for r in rows], "priority": 42, "dry_run": True}
    resp = _api(editor).post("/api/queue/bulk/", body, format="json")
    assert resp.status_code == 200, resp.content
    assert [(r["id"], r["changed"]) for r in resp.json()["rows"]] == [(rows[0].pk, True), (rows[1].pk, True),
                                                                      (rows[2].pk, False)]
    assert resp.json()["dry_run"] is True and _state(rows)[0][0] == 100
    resp = _api(editor).post("/api/queue/bulk/", {**body, "dry_run": False}, format="json")
    assert resp.status_code == 200 and _state(rows)[0][0] == 42
    resp = _api(editor).post("/api/queue/bulk/", {"action": "reassign", "ids": [rows[0].pk]}, format="json")
    assert resp.status_code == 400 and "to_user" in resp.json()["error"]["fields"]
    resp = _api(editor).post("/api/queue/bulk/", {"action": "reassign", "ids": [rows[0].pk], "to_user": 10**9},
                             format="json")
    assert resp.status_code == 400
    resp = _api(editor).post("/api/queue/bulk/", {"action": "reassign", "ids": [rows[0].pk],
                                                  "to_user": reviewer.pk}, format="json")
    assert resp.status_code == 200 and _state(rows)[0] == (42, "assigned", reviewer.pk)


@pytest.mark.authz
def test_api_bulk_needs_manage_queue(editor, reviewer, outsider, rows):
    body = {"action": "remove", "ids": [rows[0].pk]}
    assert _api(reviewer).post("/api/queue/bulk/", body, format="json").status_code == 403
    assert _api(outsider).post("/api/queue/bulk/", body, format="json").status_code == 403
    assert _api(None).post("/api/queue/bulk/", body, format="json").status_code == 401
    assert _state(rows)[0] == (100, "queued", None)
    assert _api(editor).post("/api/queue/bulk/", body, format="json").status_code == 200
    assert _state(rows)[0] == (100, "removed", None)
