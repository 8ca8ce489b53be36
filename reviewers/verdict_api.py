"""REST API for verdicts (with nested evidence): save, submit, approve, return, publish, correct or
retract. A reviewer sees their own verdicts and other people's once approved or published; editors
see every verdict.

Views parse, call ``reviewers.services`` and render; the workflow rules live in the services. Objects one
may not see are 404 (``reviewers.visibility``); actions one may not take on visible objects are 403
(from the services).
"""

from __future__ import annotations

from typing import Any

import django_filters
from django.conf import settings
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from claims.filters import IdFilter
from claims.models import Claim
from factcheck.api import ApiViewMixin, Conflict, CreatedCursorPagination
from factcheck.filtersets import FilterSet
from idempotency.api import idempotent

from . import serializers as s
from . import services
from .models import Verdict
from .visibility import visible_verdicts


class VerdictFilter(FilterSet):
    status = django_filters.ChoiceFilter(choices=Verdict.Status.choices)
    rating = django_filters.ChoiceFilter(choices=[(a, b) for a, b, _ in settings.VERDICT_SCALE])
    claim = IdFilter(field_name="claim_id")
    reviewer = IdFilter(field_name="reviewer_id")

    class Meta:
        model = Verdict
        fields = ["status", "rating", "claim", "reviewer"]


@extend_schema_view(
    list=extend_schema(summary="Verdicts you may see (newest first, cursor pagination)"),
    retrieve=extend_schema(summary="One verdict with its evidence"),
)
class VerdictViewSet(ApiViewMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    queryset = Verdict.objects.none()  # for the schema; the real one depends on the user
    serializer_class = s.VerdictSerializer
    pagination_class = CreatedCursorPagination
    filterset_class = VerdictFilter
    action_perms = {
        "*": ("reviewers.view_verdict",),
        "create": ("reviewers.review_claim",),
        "update": ("reviewers.review_claim",),
        "partial_update": ("reviewers.review_claim",),
        "submit": ("reviewers.review_claim",),
        "approve": ("reviewers.approve_verdict",),
        "return_": ("reviewers.approve_verdict",),
        "publish": ("reviewers.approve_verdict",),
        "cms_url": ("reviewers.approve_verdict",),
    }

    def get_queryset(self) -> QuerySet[Verdict]:
        return visible_verdicts(self.request.user).defer(*s.unread("reviewer__", s.USER_UNREAD),
                                                         *s.unread("editor__", s.USER_UNREAD))

    def _render(self, pk: int, code: int = status.HTTP_200_OK) -> Response:
        verdict = visible_verdicts(self.request.user).get(pk=pk)
        return Response(s.VerdictSerializer(verdict, context=self.get_serializer_context()).data, status=code)

    @extend_schema(summary="Write a verdict on a claim you are reviewing", request=s.VerdictWriteSerializer,
                   responses={201: s.VerdictSerializer})
    @idempotent
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        form = s.VerdictWriteSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        d = form.validated_data
        if not d.get("claim"):
            raise ValidationError({"claim": ["This field is required."]})
        if not Claim.objects.filter(pk=d["claim"]).exists():
            raise ValidationError({"claim": ["No claim with this id."]})
        verdict = services.save_verdict(
            claim_id=d["claim"], user=request.user, rating=d.get("rating", ""), rationale=d.get("rationale", ""),
            evidence=s.evidence_dicts(d.get("evidence", [])), expected_version=d.get("version"),
        )
        return self._render(verdict.pk, status.HTTP_201_CREATED)

    def _save(self, request: Request, partial: bool) -> Response:
        verdict = self.get_object()
        form = s.VerdictWriteSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        d = form.validated_data
        if d.get("version") is None:
            raise ValidationError({"version": ["Send the version you read (optimistic locking)."]})
        if d.get("claim") not in (None, verdict.claim_id):
            raise ValidationError({"claim": ["A verdict cannot move to another claim."]})
        if partial:
            rating = d.get("rating", verdict.rating)
            rationale = d.get("rationale", verdict.rationale)
            evidence = (
                s.evidence_dicts(d["evidence"]) if "evidence" in d else [
                    {"url": e.url, "title": e.title, "quote": e.quote, "stance": e.stance,
                     "accessed_at": e.accessed_at} for e in verdict.evidence.all()
                ]
            )
        else:
            rating, rationale = d.get("rating", ""), d.get("rationale", "")
            evidence = s.evidence_dicts(d.get("evidence", []))
        saved = services.save_verdict(
            claim_id=verdict.claim_id, user=request.user, rating=rating, rationale=rationale, evidence=evidence,
            expected_version=d["version"],
        )
        return self._render(saved.pk)

    @extend_schema(summary="Replace a verdict (send `version`; 409 if someone saved in between)",
                   request=s.VerdictWriteSerializer, responses={200: s.VerdictSerializer})
    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._save(request, partial=False)

    @extend_schema(summary="Change some fields of a verdict (send `version`)",
                   request=s.VerdictWriteSerializer, responses={200: s.VerdictSerializer})
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._save(request, partial=True)

    @extend_schema(summary="Submit the verdict to the editors", request=s.VersionSerializer,
                   responses={200: s.VerdictSerializer})
    @action(detail=True, methods=["post"])
    @idempotent
    def submit(self, request: Request, pk: str) -> Response:
        verdict = self.get_object()
        form = s.VersionSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        services.submit_verdict(verdict.pk, request.user, form.validated_data["version"])
        return self._render(verdict.pk)

    @extend_schema(summary="Approve a submitted verdict", request=s.ApproveSerializer,
                   responses={200: s.VerdictSerializer})
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str) -> Response:
        verdict = self.get_object()
        form = s.ApproveSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        services.approve_verdict(verdict.pk, request.user, form.validated_data["version"],
                                 comment=form.validated_data["comment"])
        return self._render(verdict.pk)

    @extend_schema(summary="Return a submitted verdict to its reviewer with a comment", request=s.ReturnSerializer,
                   responses={200: s.VerdictSerializer})
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_(self, request: Request, pk: str) -> Response:
        verdict = self.get_object()
        form = s.ReturnSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        services.return_verdict(verdict.pk, request.user, form.validated_data["comment"],
                                form.validated_data["version"])
        return self._render(verdict.pk)

    @extend_schema(summary="Publish an approved verdict", request=s.PublishSerializer,
                   responses={200: s.VerdictSerializer})
    @action(detail=True, methods=["post"])
    @idempotent
    def publish(self, request: Request, pk: str) -> Response:
        verdict = self.get_object()
        form = s.PublishSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        expected = form.validated_data.get("version")
        if expected is not None and expected != verdict.version:
            raise Conflict(f"The verdict is at version {verdict.version}, not {expected}; reload it.")
        services.publish_verdict(verdict.pk, request.user, cms_url=form.validated_data["cms_url"])
        return self._render(verdict.pk)

    @extend_schema(summary="Set, change or clear the CMS article's address of a published verdict "
                           "(the ClaimReview url; empty: the public page)",
                   request=s.CmsUrlSerializer, responses={200: s.VerdictSerializer})
    @action(detail=True, methods=["post"], url_path="cms-url")
    def cms_url(self, request: Request, pk: str) -> Response:
        from .publication import set_cms_url

        verdict = self.get_object()
        form = s.CmsUrlSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        set_cms_url(verdict.pk, request.user, form.validated_data["cms_url"])
        return self._render(verdict.pk)

    @extend_schema(summary="Correct or retract a published verdict (a note readers see, with its date)",
                   request=s.CorrectSerializer, responses={200: s.VerdictSerializer})
    @action(detail=True, methods=["post"])
    def correct(self, request: Request, pk: str) -> Response:
        from .publication import correct_verdict, retract_verdict

        verdict = self.get_object()
        form = s.CorrectSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        if data["kind"] == "retraction":
            retract_verdict(verdict.pk, request.user, data["note"], expected_version=data.get("version"))
        else:
            correct_verdict(verdict.pk, request.user, data["note"], rating=data.get("rating") or None,
                            rationale=data.get("rationale"), expected_version=data.get("version"))
        return self._render(verdict.pk)
