"""Bad list parameters are a 400 naming the parameter: a tampered cursor (DRF's pagination said 404,
as if the list were gone) on every keyset list, and the assignments list's reviewer filter."""

from __future__ import annotations

import base64
import datetime as dt
import json

import pytest
from django.utils import timezone

from reviewers.models import Assignment, QueueItem
from tests.api.conftest import error_of
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db


def _token(payload: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(payload).encode()).decode().rstrip("=")


TAMPERED = [
    "xyz",  # not base64 JSON
    _token({"k": ["a", "b", "c", "d", "e"]}),  # the wrong number of keys
    _token({"k": [None, None, None]}),  # a key that may not be null
    _token(["not", "an", "object"]),
    "A" * 1001,  # longer than any token we write
]


@pytest.mark.parametrize("url", ["/api/claims/", "/api/articles/", "/api/queue/", "/api/assignments/",
                                 "/api/verdicts/"])
@pytest.mark.parametrize("cursor", TAMPERED)
def test_a_tampered_cursor_is_a_400_on_the_cursor_parameter(editor, client_for, url, cursor):
    ClaimFactory()
    resp = client_for(editor).get(url, {"cursor": cursor})
    assert resp.status_code == 400, resp.content
    assert resp["Content-Type"] == "application/json"
    err = error_of(resp)
    assert err["code"] == "invalid"
    assert list(err["fields"]) == ["cursor"]
    assert err["message"].startswith("cursor: Invalid cursor")


def test_a_good_cursor_still_pages(editor, client_for):
    for _ in range(3):
        ClaimFactory()
    api = client_for(editor)
    first = api.get("/api/claims/?page_size=2").json()
    second = api.get(first["next"])
    assert second.status_code == 200
    assert len(second.json()["results"]) == 1


def _lease(claim, reviewer) -> Assignment:
    item = QueueItem.objects.create(claim=claim)
    return Assignment.objects.create(queue_item=item, claim=claim, reviewer=reviewer,
                                     lease_expires_at=timezone.now() + dt.timedelta(minutes=30))


def test_assignments_filter_by_reviewer_and_claim(editor, reviewer, reviewer2, client_for):
    mine, theirs = _lease(ClaimFactory(), reviewer), _lease(ClaimFactory(), reviewer2)
    api = client_for(editor)
    got = api.get(f"/api/assignments/?reviewer={reviewer2.pk}")
    assert got.status_code == 200
    assert [a["id"] for a in got.json()["results"]] == [theirs.pk]
    got = api.get(f"/api/assignments/?claim={mine.claim_id}")
    assert [a["id"] for a in got.json()["results"]] == [mine.pk]
    # a reviewer sees only their own, whatever the filter asks for
    assert client_for(reviewer).get(f"/api/assignments/?reviewer={reviewer2.pk}").json()["results"] == []


@pytest.mark.parametrize("value", ["99999999999999999999", "abc", "-1", "0", "1.5"])
@pytest.mark.parametrize("param", ["reviewer", "claim"])
def test_assignments_bad_id_filters_are_a_400(editor, client_for, param, value):
    resp = client_for(editor).get(f"/api/assignments/?{param}={value}")
    assert resp.status_code == 400, resp.content
    assert list(error_of(resp)["fields"]) == [param]


@pytest.mark.parametrize("page, why", [("abc", "not an integer"), ("0", "less than 1"), ("999", "no results")])
@pytest.mark.parametrize("url", ["/api/sources/", "/api/claim-groups/", "/api/webhooks/", "/api/webhook-deliveries/"])
def test_a_bad_page_number_is_a_400_on_the_page_parameter(editor, client_for, url, page, why):
    resp = client_for(editor).get(url, {"page": page})
    assert resp.status_code == 400, resp.content
    err = error_of(resp)
    assert list(err["fields"]) == ["page"] and why in err["message"]


def test_page_one_of_an_empty_small_list_is_still_a_page(editor, client_for):
    resp = client_for(editor).get("/api/sources/?page=1")
    assert resp.status_code == 200 and resp.json()["results"] == []
