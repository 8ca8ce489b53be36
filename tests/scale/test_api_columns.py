"""CPU per request of the API lists (issue 15, seventh round): the lists leave out the columns their
serializers never read and give the same JSON as before."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.models import QuerySet
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token

from tests.scale.test_query_counts import add_rows

pytestmark = pytest.mark.django_db

LISTS = {  # path -> columns its statements must not read
    "/api/claims/": ["search_vector", "corrected_fields", "rationale"],
    "/api/claims/?status=queued": ["search_vector", "corrected_fields", "rationale"],
    "/api/queue/": ["search_vector", "corrected_fields", "rationale", "password"],
    "/api/assignments/": ["search_vector", "corrected_fields", "rationale", "password"],
    "/api/verdicts/": ["password", "search_vector"],
}


def _get(client, token: str, path: str):
    with CaptureQueriesContext(connection) as ctx:
        resp = client.get(path, HTTP_AUTHORIZATION=f"Token {token}")
    assert resp.status_code == 200, (path, resp.status_code)
    # the list's own statements (not the token's: the user it authenticates is read whole)
    return resp.json(), " ".join(q["sql"] for q in ctx.captured_queries if "authtoken_token" not in q["sql"])


def test_lists_leave_out_unread_columns_and_show_the_same(client, reviewer, editor, monkeypatch):
    add_rows(3, reviewer, editor)
    token = Token.objects.create(user=editor).key
    shown = {}
    for path, unread in LISTS.items():
        body, sql = _get(client, token, path)
        assert body["results"], path
        for column in unread:
            assert f'"{column}"' not in sql, (path, column)
        shown[path] = body
    # the same JSON with every column read (no QuerySet.defer anywhere): nothing left out was shown
    monkeypatch.setattr(QuerySet, "defer", lambda self, *fields: self)
    for path in LISTS:
        body, sql = _get(client, token, path)
        assert body == shown[path], path
    assert '"search_vector"' in _get(client, token, "/api/queue/")[1]  # the patch did reach the lists

