"""REST API for the review queue, assignments and verdicts (with nested evidence).

Views parse, call ``reviewers.services`` and render; the workflow rules live in the services.
Visibility (per object): a reviewer sees their own assignments and verdicts and other people's
verdicts only once approved or published; editors see everything. Objects one may not see are
404; actions one may not take on visible objects are 403 (from the services).
"""

from __future__ import annotations

from typing import Any

import django_filters
from django.conf import settings
from django.db.models import Prefetch, QuerySet
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from claims.filters import IdFilter
from claims.models import Claim
from factcheck.api import (
    ApiViewMixin,
    Conflict,
    CreatedCursorPagination,
)
from factcheck.pagination import KeysetPagination
from idempotency.api import idempotent

from . import serializers as s
from .bulk import apply as bulk_apply
from .models import Assignment, IndependentReview, QueueItem, SecondReviewRule, Verdict
from .selectors import (
    adjudication_queue,
    claim_with_verdict,
    round_visible_to,
    visible_assignments,
    visible_rounds_qs,
    visible_verdicts,
)


def _services() -> Any:
    from reviewers import services

    return services


class QueueFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=QueueItem.Status.choices)
    claim = IdFilter(field_name="claim_id")

    class Meta:
        model = QueueItem
        fields = ["status", "claim"]


class AssignmentFilter(django_filters.FilterSet):
    outcome = django_filters.ChoiceFilter(choices=Assignment.Outcome.choices)

    class Meta:
        model = Assignment
        fields = ["outcome"]


class VerdictFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=Verdict.Status.choices)
    rating = django_filters.ChoiceFilter(choices=[(a, b) for a, b, _ in settings.VERDICT_SCALE])
    claim = IdFilter(field_name="claim_id")
    reviewer = IdFilter(field_name="reviewer_id")

    class Meta:
        model = Verdict
        fields = ["status", "rating", "claim", "reviewer"]


class IndependentReviewFilter(django_filters.FilterSet):
    claim = IdFilter(field_name="claim_id")

    class Meta:
        model = IndependentReview
        fields = ["claim"]


# --- queue -------------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary="The review queue"),
    retrieve=extend_schema(summary="One queue item"),
)
class QueueViewSet(ApiViewMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = s.QueueItemSerializer
    pagination_class = KeysetPagination
    keyset_ordering = ("-priority", "enqueued_at", "id")  # index queue_order_idx
    filterset_class = QueueFilter
    action_perms = {
        "*": ("reviewers.view_queueitem",),
        "create": ("claims.queue_claim",),
        "next": ("reviewers.review_claim",),
        "priority": ("reviewers.manage_queue",),
        "remove": ("reviewers.manage_queue",),
        "reassign": ("reviewers.manage_queue",),
        "bulk": ("reviewers.manage_queue",),
    }

    def get_queryset(self) -> QuerySet[QueueItem]:
        return QueueItem.objects.select_related("claim", "claim__verdict", "assigned_to").order_by(
            "-priority", "enqueued_at", "id"
        )

    def _item(self, pk: int) -> Response:
        item = self.get_queryset().get(pk=pk)
        return Response(s.QueueItemSerializer(item, context=self.get_serializer_context()).data)

    @extend_schema(summary="Queue a claim for review", request=s.EnqueueSerializer,
                   responses={201: s.QueueItemSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        form = s.EnqueueSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        claim_id = form.validated_data["claim"]
        if not Claim.objects.filter(pk=claim_id).exists():
            raise ValidationError({"claim": ["No claim with this id."]})
        item = _services().enqueue_claim(claim_id, request.user, priority=form.validated_data.get("priority"))
        response = self._item(item.pk)
        response.status_code = status.HTTP_201_CREATED
        return response

    @extend_schema(
        summary="Take the next claim to review (claim-next)",
        request=None,
        responses={
            200: OpenApiResponse(s.AssignmentSerializer, description="Your new (or current) assignment."),
            204: OpenApiResponse(description="Nothing is waiting in the queue."),
        },
    )
    @action(detail=False, methods=["post"])
    def next(self, request: Request) -> Response:
        assignment = _services().claim_next(request.user)
        if assignment is None:
            return Response(status=status.HTTP_204_NO_CONTENT)
        # The service hands back the assignment it wrote (one's own assignment is always visible):
        # only the claim (with its verdict) is read, and the reviewer is the caller.
        if not (Assignment.claim.is_cached(assignment) and Claim.verdict.is_cached(assignment.claim)):
            assignment.claim = claim_with_verdict(assignment.claim_id)
        if assignment.reviewer_id == request.user.pk:
            assignment.reviewer = request.user
        return Response(s.assignment_payload(assignment, self.get_serializer_context()))

    @extend_schema(summary="Change a queue item's priority", request=s.PrioritySerializer,
                   responses={200: s.QueueItemSerializer})
    @action(detail=True, methods=["post"])
    def priority(self, request: Request, pk: str) -> Response:
        item = self.get_object()
        form = s.PrioritySerializer(data=request.data)
        form.is_valid(raise_exception=True)
        _services().set_priority(item.pk, form.validated_data["priority"], request.user)
        return self._item(item.pk)

    @extend_schema(summary="Take a claim out of the queue", request=None, responses={200: s.QueueItemSerializer})
    @action(detail=True, methods=["post"])
    def remove(self, request: Request, pk: str) -> Response:
        item = self.get_object()
        _services().remove_from_queue(item.pk, request.user)
        return self._item(item.pk)

    @extend_schema(summary="Hand a queue item to another reviewer", request=s.ReassignSerializer,
                   responses={200: s.QueueItemSerializer})
    @action(detail=True, methods=["post"])
    def reassign(self, request: Request, pk: str) -> Response:
        from django.contrib.auth import get_user_model

        item = self.get_object()
        form = s.ReassignSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        to_user = get_user_model().objects.filter(pk=form.validated_data["to_user"], is_active=True).first()
        if to_user is None:
            raise ValidationError({"to_user": ["No active user with this id."]})
        _services().reassign(item.pk, to_user, request.user, reason=form.validated_data["reason"])
        return self._item(item.pk)


    @extend_schema(summary="Change many queue items at once (priority, reassign or remove)",
                   request=s.BulkQueueSerializer, responses={200: s.BulkResultSerializer})
    @action(detail=False, methods=["post"])
    def bulk(self, request: Request) -> Response:
        from django.contrib.auth import get_user_model

        form = s.BulkQueueSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        to_user = None
        if data.get("to_user") is not None:
            to_user = get_user_model().objects.filter(pk=data["to_user"], is_active=True).first()
            if to_user is None:
                raise ValidationError({"to_user": ["No active user with this id."]})
        result = bulk_apply(request.user, data["action"], data["ids"], priority=data.get("priority"),
                            to_user=to_user, reason=data["reason"], dry_run=data["dry_run"])
        return Response(s.BulkResultSerializer(result).data)


# --- assignments ---------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary="Assignments (yours; editors see everyone's)"),
    retrieve=extend_schema(summary="One assignment"),
)
class AssignmentViewSet(ApiViewMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    queryset = Assignment.objects.none()  # for the schema; the real one depends on the user
    serializer_class = s.AssignmentSerializer
    pagination_class = KeysetPagination
    keyset_ordering = ("-started_at", "-id")  # index assignment_started_idx
    filterset_class = AssignmentFilter
    action_perms = {"*": ("reviewers.review_claim",)}

    def get_queryset(self) -> QuerySet[Assignment]:
        return visible_assignments(self.request.user).order_by("-started_at", "-id")

    def _render(self, pk: int) -> Response:
        return Response(s.AssignmentSerializer(self.get_queryset().get(pk=pk),
                                               context=self.get_serializer_context()).data)

    @extend_schema(summary="Give the claim back to the queue", request=None, responses={200: s.AssignmentSerializer})
    @action(detail=True, methods=["post"])
    def release(self, request: Request, pk: str) -> Response:
        assignment = self.get_object()
        _services().release(assignment.pk, request.user)
        return self._render(assignment.pk)

    @extend_schema(summary="Skip this claim (with a reason); you will not get it again", request=s.SkipSerializer,
                   responses={200: s.AssignmentSerializer})
    @action(detail=True, methods=["post"])
    def skip(self, request: Request, pk: str) -> Response:
        assignment = self.get_object()
        form = s.SkipSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        _services().skip(assignment.pk, request.user, form.validated_data["reason"])
        return self._render(assignment.pk)


# --- verdicts --------------------------------------------------------------------------------------


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
        return visible_verdicts(self.request.user)

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
        verdict = _services().save_verdict(
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
        saved = _services().save_verdict(
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
        _services().submit_verdict(verdict.pk, request.user, form.validated_data["version"])
        return self._render(verdict.pk)

    @extend_schema(summary="Approve a submitted verdict", request=s.ApproveSerializer,
                   responses={200: s.VerdictSerializer})
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str) -> Response:
        verdict = self.get_object()
        form = s.ApproveSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        _services().approve_verdict(verdict.pk, request.user, form.validated_data["version"],
                                    comment=form.validated_data["comment"])
        return self._render(verdict.pk)

    @extend_schema(summary="Return a submitted verdict to its reviewer with a comment", request=s.ReturnSerializer,
                   responses={200: s.VerdictSerializer})
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_(self, request: Request, pk: str) -> Response:
        verdict = self.get_object()
        form = s.ReturnSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        _services().return_verdict(verdict.pk, request.user, form.validated_data["comment"],
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
        _services().publish_verdict(verdict.pk, request.user, cms_url=form.validated_data["cms_url"])
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


# --- blind second review -----------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary="Rules deciding which claims need two independent (blind) reviews"),
    retrieve=extend_schema(summary="One second-review rule"),
    destroy=extend_schema(summary="Delete a second-review rule"),
)
class SecondReviewRuleViewSet(ApiViewMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                              mixins.DestroyModelMixin, viewsets.GenericViewSet):
    serializer_class = s.SecondReviewRuleSerializer
    pagination_class = KeysetPagination
    keyset_ordering = ("-id",)
    action_perms = {"*": ("reviewers.manage_second_review",)}
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self) -> QuerySet[SecondReviewRule]:
        return SecondReviewRule.objects.select_related("source", "created_by").order_by("-id")

    def _render(self, pk: int, code: int = status.HTTP_200_OK) -> Response:
        return Response(s.SecondReviewRuleSerializer(self.get_queryset().get(pk=pk)).data, status=code)

    @extend_schema(summary="Add a rule (or require a second review of one claim with `claim`)",
                   request=s.SecondReviewRuleWriteSerializer, responses={201: s.SecondReviewRuleSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        form = s.SecondReviewRuleWriteSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        d = form.validated_data
        services = _services()
        if d.get("claim") and d.get("source") is None and not d.get("kind") and d.get("min_score") is None:
            rule = services.require_second_review(d["claim"], request.user, note=d.get("note", ""))
        else:
            rule = services.create_rule(request.user, source_id=d.get("source"), kind=d.get("kind", ""),
                                        min_score=d.get("min_score"), claim_id=d.get("claim"), note=d.get("note", ""))
        return self._render(rule.pk, status.HTTP_201_CREATED)

    @extend_schema(summary="Switch a rule on or off", request=s.SecondReviewRuleUpdateSerializer,
                   responses={200: s.SecondReviewRuleSerializer})
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        rule = self.get_object()
        form = s.SecondReviewRuleUpdateSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        _services().set_rule_active(rule.pk, request.user, form.validated_data["active"])
        return self._render(rule.pk)

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        rule = self.get_object()
        _services().delete_rule(rule.pk, request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema_view(
    list=extend_schema(summary="Independent (blind) reviews you may see: your own; once both rounds of a claim "
                               "are in, editors and the claim's other reviewer see both"),
    retrieve=extend_schema(summary="One independent review"),
)
class IndependentReviewViewSet(ApiViewMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                               viewsets.GenericViewSet):
    queryset = IndependentReview.objects.none()  # for the schema; the real one depends on the user
    serializer_class = s.IndependentReviewSerializer
    pagination_class = KeysetPagination
    keyset_ordering = ("-id",)
    filterset_class = IndependentReviewFilter
    action_perms = {"*": ("reviewers.review_claim",)}

    def get_queryset(self) -> QuerySet[IndependentReview]:
        return visible_rounds_qs(self.request.user).order_by("-id")

    def _render(self, pk: int, code: int = status.HTTP_200_OK) -> Response:
        return Response(s.IndependentReviewSerializer(self.get_queryset().get(pk=pk)).data, status=code)

    @extend_schema(summary="Write (create or update) your review of the blind claim you hold",
                   request=s.IndependentReviewWriteSerializer, responses={200: s.IndependentReviewSerializer})
    @idempotent
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        form = s.IndependentReviewWriteSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        d = form.validated_data
        review = _services().save_round(claim_id=d["claim"], user=request.user, rating=d.get("rating", ""),
                                        rationale=d.get("rationale", ""),
                                        evidence=s.evidence_dicts(d.get("evidence", [])),
                                        expected_version=d.get("version"))
        return self._render(review.pk)

    @extend_schema(summary="Submit your independent review (round 1 goes back to the queue for round 2)",
                   request=s.VersionSerializer, responses={200: s.IndependentReviewSerializer})
    @action(detail=True, methods=["post"])
    @idempotent
    def submit(self, request: Request, pk: str) -> Response:
        review = self.get_object()
        form = s.VersionSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        if review.reviewer_id != request.user.pk:
            raise NotFound("No such review of yours.")
        _services().submit_round(review.claim_id, request.user, form.validated_data["version"])
        return self._render(review.pk)


@extend_schema_view(
    list=extend_schema(summary="Claims whose two independent ratings differ, waiting for an editor"),
    retrieve=extend_schema(summary="One claim to adjudicate, with both reviews (by claim id)"),
)
class AdjudicationViewSet(ApiViewMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = s.AdjudicationSerializer
    pagination_class = KeysetPagination
    keyset_ordering = ("updated_at", "id")  # index queue_adjudication_idx
    lookup_field = "claim_id"
    lookup_url_kwarg = "claim"
    action_perms = {"*": ("reviewers.approve_verdict",)}

    def get_queryset(self) -> QuerySet[QueueItem]:
        return adjudication_queue().prefetch_related(
            Prefetch("claim__independent_reviews", to_attr="reviews",
                     queryset=IndependentReview.objects.select_related("reviewer").order_by("round")))

    def paginate_queryset(self, queryset: QuerySet[QueueItem]) -> list[QueueItem] | None:
        page = super().paginate_queryset(queryset)
        return [self._with_reviews(i) for i in page] if page is not None else None

    def _with_reviews(self, item: QueueItem) -> QueueItem:
        item.reviews = [r for r in item.claim.reviews if
                        round_visible_to(self.request.user, r, blind=False, authors=set())]
        return item

    def get_object(self) -> QueueItem:
        return self._with_reviews(super().get_object())

    @extend_schema(summary="Decide: the verdict you write becomes the claim's verdict (approved by another editor)",
                   request=s.AdjudicateSerializer, responses={201: s.VerdictSerializer})
    @action(detail=True, methods=["post"])
    @idempotent
    def adjudicate(self, request: Request, claim: str) -> Response:
        item = self.get_object()
        form = s.AdjudicateSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        d = form.validated_data
        verdict = _services().adjudicate(item.claim_id, request.user, rating=d["rating"], rationale=d["rationale"],
                                         evidence=s.evidence_dicts(d["evidence"]))
        verdict = visible_verdicts(request.user).get(pk=verdict.pk)
        return Response(s.VerdictSerializer(verdict, context=self.get_serializer_context()).data,
                        status=status.HTTP_201_CREATED)
