"""REST API for sources, articles and claim groups (shared plumbing: factcheck.api). ``/api/claims/``
shows each claim's verdict, so it is the review side's: reviewers.claim_api."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from factcheck.api import (
    ApiViewMixin,
    CreatedCursorPagination,
    LimitedJSONParser,
    LimitedMultiPartParser,
    PagePagination,
)
from idempotency.api import idempotent

from . import selectors
from . import serializers as s
from .filters import ArticleFilter
from .models import Article, ClaimGroup, Source

# --- viewsets --------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary="List news outlets"),
    retrieve=extend_schema(summary="One news outlet"),
)
class SourceViewSet(ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Source.objects.order_by("name", "id")
    serializer_class = s.SourceSerializer
    pagination_class = PagePagination
    action_perms = {"*": ("claims.view_source",)}
    filterset_fields: list[str] = []


@extend_schema_view(
    list=extend_schema(summary="List articles (newest first, cursor pagination)"),
    retrieve=extend_schema(summary="One article with its text; poll `status` after a POST"),
)
class ArticleViewSet(ApiViewMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    parser_classes = [LimitedJSONParser, LimitedMultiPartParser]
    pagination_class = CreatedCursorPagination
    filterset_class = ArticleFilter
    action_perms = {"*": ("claims.view_article",), "create": ("claims.add_article",),
                    "re_extract": ("claims.change_article",)}

    def get_queryset(self) -> QuerySet[Article]:
        qs = Article.objects.select_related("source")
        if self.action == "list":
            qs = qs.defer("body")
        return qs

    def paginate_queryset(self, queryset: QuerySet[Article]) -> list[Article] | None:
        # claim counts for the rows of the page only (one grouped query), never a join over all claims
        page = super().paginate_queryset(queryset)
        return selectors.with_claim_counts(page) if page is not None else None

    def get_object(self) -> Article:
        return selectors.with_claim_counts([super().get_object()])[0]

    serializer_class = s.ArticleSerializer

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "omit_body": self.action != "retrieve"}

    @extend_schema(
        summary="Ingest an article (JSON body or multipart file upload); extraction is queued",
        request={"application/json": s.ArticleCreateSerializer, "multipart/form-data": s.ArticleCreateSerializer},
        responses={
            202: OpenApiResponse(s.ArticleSerializer, description="Stored; poll `job` (also in `Location`)."),
            200: OpenApiResponse(s.ArticleSerializer, description="The same text was stored before: that article."),
        },
    )
    @idempotent
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        from .services import ingest_article

        form = s.ArticleCreateSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        d = form.validated_data
        result = ingest_article(
            title=d["title"], body=d["body"], source=d.get("source", ""), url=d.get("url", ""),
            author=d.get("author", ""), published=d.get("published"), user=request.user,
        )
        article = selectors.with_claim_counts([self.get_queryset().get(pk=result.article.pk)])[0]
        context = {**self.get_serializer_context(), "extraction_queued": result.queued}
        data = s.ArticleSerializer(article, context=context).data
        code = status.HTTP_202_ACCEPTED if result.created or result.requeued else status.HTTP_200_OK
        return Response(data, status=code, headers={"Location": data["job"]})

    @extend_schema(
        summary="Extract the article again (editors): after a failure, a stuck run or an extractor upgrade",
        request=None,
        responses={202: OpenApiResponse(s.ArticleSerializer, description="Queued; poll `job`.")},
    )
    @action(detail=True, methods=["post"], url_path="re-extract")
    def re_extract(self, request: Request, pk: str) -> Response:
        from .services import request_extraction

        article = self.get_object()
        queued = request_extraction(article)
        article = selectors.with_claim_counts([self.get_queryset().get(pk=article.pk)])[0]
        context = {**self.get_serializer_context(), "extraction_queued": queued}
        data = s.ArticleSerializer(article, context=context).data
        return Response(data, status=status.HTTP_202_ACCEPTED, headers={"Location": data["job"]})


@extend_schema_view(
    list=extend_schema(summary="List claim groups (claims in different articles that say the same)"),
    retrieve=extend_schema(summary="One claim group"),
)
class ClaimGroupViewSet(ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = s.ClaimGroupSerializer
    pagination_class = PagePagination
    action_perms = {"*": ("claims.view_claimgroup",)}
    filterset_fields: list[str] = []

    def get_queryset(self) -> QuerySet[ClaimGroup]:
        return ClaimGroup.objects.prefetch_related("claims").order_by("id")
