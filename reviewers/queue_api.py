"""REST API for the review queue (list, queue a claim, claim-next, priority, removal, bulk actions) and
assignments (leases: release, skip). A reviewer sees their own assignments; editors see every one but
other people's on a claim in blind review.

Views parse, call ``reviewers.services`` and render; the workflow rules live in the services. Objects one
may not see are 404 (``reviewers.visibility``); actions one may not take on visible objects are 403
(from the services).
"""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from claims.filters import IdFilter
from claims.models import Claim
from factcheck.api import ApiViewMixin
from factcheck.filtersets import FilterSet
from factcheck.pagination import KeysetPagination

from . import serializers as s
from . import services
from .bulk import apply as bulk_apply
from .models import Assignment, QueueItem
from .selectors import claim_with_verdict, user_by_id
from .visibility import visible_assignments


class QueueFilter(FilterSet):
    status = django_filters.ChoiceFilter(choices=QueueItem.Status.choices)
    claim = IdFilter(field_name="claim_id")

    class Meta:
        model = QueueItem
        fields = ["status", "claim"]


class AssignmentFilter(FilterSet):
    outcome = django_filters.ChoiceFilter(choices=Assignment.Outcome.choices)
    reviewer = IdFilter(field_name="reviewer_id", help_text="The reviewer's user id (editors; a reviewer sees "
                                                            "only their own assignments).")
    claim = IdFilter(field_name="claim_id", help_text="Claim id.")

    class Meta:
        model = Assignment
        fields = ["outcome", "reviewer", "claim"]


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
        return QueueItem.objects.select_related("claim", "claim__verdict", "assigned_to").defer(
            *s.claim_unread("claim__"), *s.unread("assigned_to__", s.USER_UNREAD)
        ).order_by("-priority", "enqueued_at", "id")

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
        item = services.enqueue_claim(claim_id, request.user, priority=form.validated_data.get("priority"))
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
        assignment = services.claim_next(request.user)
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
        services.set_priority(item.pk, form.validated_data["priority"], request.user)
        return self._item(item.pk)

    @extend_schema(summary="Take a claim out of the queue", request=None, responses={200: s.QueueItemSerializer})
    @action(detail=True, methods=["post"])
    def remove(self, request: Request, pk: str) -> Response:
        item = self.get_object()
        services.remove_from_queue(item.pk, request.user)
        return self._item(item.pk)

    @extend_schema(summary="Hand a queue item to another reviewer", request=s.ReassignSerializer,
                   responses={200: s.QueueItemSerializer})
    @action(detail=True, methods=["post"])
    def reassign(self, request: Request, pk: str) -> Response:
        item = self.get_object()
        form = s.ReassignSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        to_user = _active_user(form.validated_data["to_user"])
        services.reassign(item.pk, to_user, request.user, reason=form.validated_data["reason"])
        return self._item(item.pk)


    @extend_schema(summary="Change many queue items at once (priority, reassign or remove)",
                   request=s.BulkQueueSerializer, responses={200: s.BulkResultSerializer})
    @action(detail=False, methods=["post"])
    def bulk(self, request: Request) -> Response:
        form = s.BulkQueueSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        to_user = _active_user(data["to_user"]) if data.get("to_user") is not None else None
        result = bulk_apply(request.user, data["action"], data["ids"], priority=data.get("priority"),
                            to_user=to_user, reason=data["reason"], dry_run=data["dry_run"])
        return Response(s.BulkResultSerializer(result).data)


def _active_user(pk: int) -> Any:
    """The active user ``to_user`` names, or a 400 on the field."""
    user = user_by_id(pk)
    if user is None or not user.is_active:
        raise ValidationError({"to_user": ["No active user with this id."]})
    return user


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
        return visible_assignments(self.request.user).defer(
            *s.claim_unread("claim__"), *s.unread("reviewer__", s.USER_UNREAD)
        ).order_by("-started_at", "-id")

    def _render(self, pk: int) -> Response:
        return Response(s.AssignmentSerializer(self.get_queryset().get(pk=pk),
                                               context=self.get_serializer_context()).data)

    @extend_schema(summary="Give the claim back to the queue", request=None, responses={200: s.AssignmentSerializer})
    @action(detail=True, methods=["post"])
    def release(self, request: Request, pk: str) -> Response:
        assignment = self.get_object()
        services.release(assignment.pk, request.user)
        return self._render(assignment.pk)

    @extend_schema(summary="Skip this claim (with a reason); you will not get it again", request=s.SkipSerializer,
                   responses={200: s.AssignmentSerializer})
    @action(detail=True, methods=["post"])
    def skip(self, request: Request, pk: str) -> Response:
        assignment = self.get_object()
        form = s.SkipSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        services.skip(assignment.pk, request.user, form.validated_data["reason"])
        return self._render(assignment.pk)
