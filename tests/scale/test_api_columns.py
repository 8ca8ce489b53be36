"""CPU per request of the API lists (issue 15, seventh round): the lists leave out the columns their
serializers never read, build a model serializer's fields and a filter set's form class once per
class, and give the same JSON as before."""

from __future__ import annotations

import django_filters
import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import QuerySet
from django.test.utils import CaptureQueriesContext
from rest_framework import serializers
from rest_framework.authtoken.models import Token

from claims import serializers as cs
from claims.filters import ArticleFilter
from claims.models import Article
from factcheck.filtersets import FilterSet
from reviewers import serializers as rs
from reviewers.filters import ClaimFilter
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


SERIALIZERS = [cs.SourceSerializer, cs.ArticleSerializer, cs.ClaimSerializer, cs.ClaimGroupSerializer,
               rs.ClaimSerializer, rs.EvidenceSerializer, rs.VerdictSerializer, rs.QueueItemSerializer,
               rs.AssignmentSerializer]


@pytest.mark.parametrize("serializer_class", SERIALIZERS, ids=lambda c: f"{c.__module__}.{c.__name__}")
def test_model_fields_built_once_are_drfs(serializer_class):
    fresh = serializers.ModelSerializer.get_fields(serializer_class())  # DRF's build, no cache
    first, second = serializer_class().fields, serializer_class().fields
    assert repr(dict(first)) == repr(dict(second)) == repr(fresh)
    for name in first:  # each instance has its own field objects, bound to it
        assert first[name] is not second[name]
        assert first[name].parent is not second[name].parent


def test_article_fields_still_follow_the_context():
    assert "body" not in cs.ArticleSerializer(context={"omit_body": True}).fields
    assert "body" in cs.ArticleSerializer(context={}).fields
    assert "body" not in cs.ArticleSerializer(context={"omit_body": True}).fields


def test_filter_set_form_class_built_once(editor):
    a = ClaimFilter({"kind": "causal"}, queryset=ClaimFilter._meta.model.objects.all())
    b = ClaimFilter({"kind": "nonsense", "speaker": "x"}, queryset=ClaimFilter._meta.model.objects.all())
    assert type(a.form) is type(b.form)
    assert a.form is not b.form and a.form.fields["kind"] is not b.form.fields["kind"]
    assert a.is_valid() and not b.is_valid() and "kind" in b.errors
    assert a.form.cleaned_data["kind"] == "causal" and a.form.cleaned_data["speaker"] == ""
    # a subclass has its own form (reviewers' claim filter adds the rating)
    assert "rating" in ClaimFilter().form.fields
    assert "rating" not in type(ArticleFilter().form).base_fields
    assert ArticleFilter({"status": "extracted"}, queryset=Article.objects.all()).is_valid()


def test_filter_set_reading_the_request_builds_its_form_each_time(editor):
    seen = []

    def users(request):
        seen.append(request)
        return get_user_model().objects.all()

    class ByUser(FilterSet):
        user = django_filters.ModelChoiceFilter(queryset=users, field_name="id")

        class Meta:
            model = get_user_model()
            fields = ["user"]

    one = ByUser({"user": editor.pk}, queryset=get_user_model().objects.all(), request="r1")
    two = ByUser({"user": editor.pk}, queryset=get_user_model().objects.all(), request="r2")
    assert one.is_valid() and two.is_valid()
    assert type(one.form) is not type(two.form) and seen == ["r1", "r2"]
