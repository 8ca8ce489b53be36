"""The claim-next response is built without a ModelSerializer; it must equal AssignmentSerializer's output
(keys, order, formats), and the request must stay within its query budget."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIRequestFactory

from claims.models import Claim
from reviewers import serializers as s
from reviewers.models import Assignment, Verdict
from tests.factories import ClaimFactory, QueueItemFactory, VerdictFactory

pytestmark = pytest.mark.django_db


def _serializer_data(assignment_id: int, user) -> dict:
    request = APIRequestFactory().post("/api/queue/next/")
    request.user = user
    a = Assignment.objects.select_related("reviewer", "claim", "claim__verdict").get(pk=assignment_id)
    return dict(s.AssignmentSerializer(a, context={"request": request}).data)


@pytest.mark.parametrize("verdict_status", [None, Verdict.Status.DRAFT, Verdict.Status.PUBLISHED])
def test_claim_next_body_equals_the_assignment_serializer(reviewer, editor, client_for, verdict_status):
    claim = ClaimFactory(status=Claim.Status.QUEUED, quantities=[{"value": 12}], speaker="Officials")
    QueueItemFactory(claim=claim, priority=900)
    if verdict_status is not None:
        VerdictFactory(claim=claim, reviewer=editor, status=verdict_status)
    resp = client_for(reviewer).post("/api/queue/next/")
    assert resp.status_code == 200, resp.content
    body = resp.json()
    expected = _serializer_data(body["id"], reviewer)
    assert list(body) == list(expected)
    assert list(body["claim"]) == list(expected["claim"])
    import json

    from rest_framework.renderers import JSONRenderer

    assert body == json.loads(JSONRenderer().render(expected))
    # the same reviewer asking again gets the same assignment back, same body
    again = client_for(reviewer).post("/api/queue/next/")
    assert again.json() == body


def test_claim_next_query_budget(reviewer, client_for):
    QueueItemFactory(claim=ClaimFactory(status=Claim.Status.QUEUED), priority=900)
    api = client_for(reviewer)
    with CaptureQueriesContext(connection) as queries:
        resp = api.post("/api/queue/next/")
    assert resp.status_code == 200, resp.content
    sql = [q["sql"] for q in queries.captured_queries if "SAVEPOINT" not in q["sql"]]
    # token+user+permissions in one statement; no separate permission queries, no assignment re-read
    # (on PostgreSQL the token, claim-next and claim statements are prepared: the capture does not see them)
    assert not [q for q in sql if "auth_permission" in q and "authtoken_token" not in q], sql
    if connection.vendor == "postgresql":  # (SQLite takes the service's general, multi-query path)
        assert sql == [], sql  # in particular the assignment is not read back
