"""factcheck.fast_lists: a list serialised by FastListSerializer is exactly DRF's serialisation of
each row (issue 15), for every API list serializer and for the corner cases of DRF's field access."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from claims import serializers as cs
from claims.models import Article, ClaimGroup, Source
from factcheck.fast_lists import FastListSerializer
from reviewers import serializers as rs
from reviewers.models import Assignment, QueueItem, Verdict
from tests.scale.test_query_counts import add_rows

pytestmark = pytest.mark.django_db


def _context(user) -> dict:
    request = Request(APIRequestFactory().get("/api/x/"))
    request.user = user
    return {"request": request, "omit_body": True}


def _same(serializer_class, objects, context) -> list:
    fast = serializer_class(objects, many=True, context=context)
    assert isinstance(fast, FastListSerializer)
    drf = [serializer_class(o, context=context).data for o in objects]  # DRF's Serializer.to_representation
    data = fast.data
    assert [dict(row) for row in data] == [dict(row) for row in drf]
    return data


@pytest.mark.parametrize("zone", ["UTC", "Europe/Berlin"])
def test_every_api_list_serializer_matches_drf(reviewer, editor, zone):
    add_rows(3, reviewer, editor)
    group = ClaimGroup.objects.create(label="g")
    Verdict.objects.first().claim.__class__.objects.filter(pk__in=list(
        Verdict.objects.values_list("claim_id", flat=True)[:2])).update(group=group)
    from reviewers.claim_api import ClaimViewSet

    with timezone.override(zone):
        for user in (reviewer, editor):
            ctx = _context(user)
            claims = list(ClaimViewSet(request=ctx["request"], action="list").get_queryset())
            rows = _same(rs.ClaimSerializer, claims, ctx)
            assert {r["group"] for r in rows} >= {None, group.pk}
            assert any(r["verdict"] for r in rows) and any(r["verdict"] is None for r in rows)
            verdicts = list(Verdict.objects.select_related("reviewer", "editor").prefetch_related("evidence"))
            rows = _same(rs.VerdictSerializer, verdicts, ctx)
            assert any(r["editor"] is None for r in rows) and any(r["evidence"] for r in rows)
            assert any(r["rating_label"] for r in rows)
            _same(rs.QueueItemSerializer, list(QueueItem.objects.select_related("claim", "assigned_to")), ctx)
            _same(rs.AssignmentSerializer, list(Assignment.objects.select_related("claim", "reviewer")), ctx)
            _same(cs.ArticleSerializer, list(Article.objects.select_related("source").defer("body")), ctx)
            _same(cs.SourceSerializer, list(Source.objects.all()), ctx)
            _same(cs.ClaimGroupSerializer, list(ClaimGroup.objects.prefetch_related("claims")), ctx)
            if zone != "UTC":
                assert "+01:00" in rows[0]["created_at"] or "+02:00" in rows[0]["created_at"]


class Thing:
    def __init__(self, **kw):
        self.__dict__.update(kw)

    def label(self) -> str:
        return f"label of {self.name}"

    def needs_arg(self, x) -> str:  # not a simple callable: DRF outputs the bound method's str
        return x

    def get_owner(self):  # a callable in the middle of a source
        return self.owner


class _Odd(serializers.Serializer):
    name = serializers.CharField()
    label = serializers.CharField()
    owner = serializers.CharField(source="owner.name", default=None)
    missing = serializers.CharField(required=False)  # absent: DRF skips the key
    fallback = serializers.IntegerField(source="nothing", default=7)
    when = serializers.DateTimeField()
    day = serializers.DateField(allow_null=True)
    naive = serializers.DateTimeField()
    ratio = serializers.FloatField()
    data = serializers.JSONField()
    kind = serializers.ChoiceField(choices=[("a", "A"), ("b", "B")])
    boss = serializers.CharField(source="get_owner.name", default=None)
    raw = serializers.CharField(source="needs_arg")

    class Meta:
        list_serializer_class = FastListSerializer


def test_field_access_corner_cases_match_drf(settings):
    settings.TIME_ZONE = "UTC"
    now = timezone.now()
    items = [
        Thing(name="one", owner=Thing(name="boss"), when=now, day=dt.date(2026, 1, 2),
              naive=dt.datetime(2026, 5, 6, 7, 8, 9), ratio=1, data={"k": [1, 2]}, kind="a"),
        Thing(name="two", owner=None, when=now.replace(microsecond=0), day=None,
              naive=dt.datetime(2026, 5, 6), ratio=0.25, data=None, kind="b"),
        Thing(name=3, owner=Thing(name=None), when=now.astimezone(dt.timezone(dt.timedelta(hours=5))),
              day=dt.date(2020, 2, 29), naive=now, ratio="2.5", data=[], kind="zz", missing="here"),
    ]
    fast = _Odd(items, many=True).data
    drf = [_Odd(i).data for i in items]
    assert [dict(r) for r in fast] == [dict(r) for r in drf]
    assert "missing" not in fast[0] and fast[2]["missing"] == "here"
    assert fast[0]["fallback"] == 7 and fast[1]["owner"] is None and fast[0]["label"] == "label of one"
    assert fast[0]["boss"] == "boss" and fast[1]["boss"] is None and "bound method" in fast[0]["raw"]


def test_mapping_and_none_rows_match_drf(settings):
    """Rows that are mappings (read by key) or objects, mixed in one list: each row takes DRF's path."""
    settings.TIME_ZONE = "UTC"
    now = timezone.now()

    class Plain(serializers.Serializer):
        name = serializers.CharField()
        owner = serializers.CharField(source="owner.name", default=None)
        fallback = serializers.IntegerField(source="nothing", default=7)
        when = serializers.DateTimeField()
        whole = serializers.SerializerMethodField()

        class Meta:
            list_serializer_class = FastListSerializer

        def get_whole(self, obj) -> str:
            return type(obj).__name__

    items = [
        {"name": "dict", "owner": {"name": "boss"}, "when": now},
        Thing(name="thing", owner=Thing(name="b2"), when=now),
        {"name": "bare", "when": now, "nothing": 3},
    ]
    fast = Plain(items, many=True).data
    assert [dict(r) for r in fast] == [dict(Plain(i).data) for i in items]
    assert fast[0]["owner"] == "boss" and fast[2]["fallback"] == 3 and fast[1]["whole"] == "Thing"
