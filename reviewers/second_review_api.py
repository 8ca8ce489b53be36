"""REST API for blind second review: the rules that ask for two independent reviews, the rounds one
may see (``round_visible_to``), and adjudication of two ratings that differ.

Views parse, call ``reviewers.services`` and render; the workflow rules live in the services. Objects one
may not see are 404 (``reviewers.visibility``); actions one may not take on visible objects are 403
(from the services).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from claims.filters import IdFilter
from factcheck.api import ApiViewMixin
from factcheck.filtersets import FilterSet
from factcheck.pagination import KeysetPagination
from idempotency.api import idempotent

from . import serializers as s
from . import services
from .models import IndependentReview, QueueItem, SecondReviewRule
from .selectors import adjudication_queue
from .visibility import round_visible_to, visible_rounds_qs, visible_verdicts


class IndependentReviewFilter(FilterSet):
    claim = IdFilter(field_name="claim_id")

    class Meta:
        model = IndependentReview
        fields = ["claim"]


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
        services.set_rule_active(rule.pk, request.user, form.validated_data["active"])
        return self._render(rule.pk)

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        rule = self.get_object()
        services.delete_rule(rule.pk, request.user)
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
        review = services.save_round(claim_id=d["claim"], user=request.user, rating=d.get("rating", ""),
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
        services.submit_round(review.claim_id, request.user, form.validated_data["version"])
        return self._render(review.pk)


@extend_schema_view(
    list=extend_schema(summary="Claims whose two independent ratings differ, waiting for an editor"),
    retrieve=extend_schema(summary="One claim to adjudicate, with both reviews (by claim id)"),
)
class AdjudicationViewSet(ApiViewMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = s.AdjudicationSerializer
    pagination_class = KeysetPagination
    keyset_ordering = ("updated_at", "id")  # index queue_adjudication_idx
    # Through the claim's key (claim__pk, the same claim_id column): an id past the integer range
    # is then no match (404), where the foreign key column passed it to the database (500 on SQLite).
    lookup_field = "claim__pk"
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
        verdict = services.adjudicate(item.claim_id, request.user, rating=d["rating"], rationale=d["rationale"],
                                      evidence=s.evidence_dicts(d["evidence"]))
        verdict = visible_verdicts(request.user).get(pk=verdict.pk)
        return Response(s.VerdictSerializer(verdict, context=self.get_serializer_context()).data,
                        status=status.HTTP_201_CREATED)
