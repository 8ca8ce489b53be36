"""REST API for exports (editors, permission ``reviewers.export_verdicts``): streaming downloads in
every format, one ClaimReview per decided verdict, and background export jobs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.http import FileResponse, StreamingHttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from factcheck.api import ApiViewMixin, CreatedCursorPagination, HasPerms

from . import selectors, services, writers
from .models import ExportJob
from .serializers import ExportJobCreateSerializer, ExportJobSerializer, ExportRowSerializer, QueryFilterSerializer

EXPORT_PERM = ("reviewers.export_verdicts",)


class AnyAcceptMixin:
    """Downloads answer in their own media type whatever ``Accept`` says (errors are JSON)."""

    def perform_content_negotiation(self, request: Request, force: bool = False) -> Any:
        return super().perform_content_negotiation(request, force=True)  # type: ignore[misc]


class _ExportStreamView(AnyAcceptMixin, ApiViewMixin, APIView):
    """Streams approved/published verdicts in ``fmt`` (constant memory)."""

    action_perms = {"*": EXPORT_PERM}
    fmt = "csv"

    def stream(self, request: Request) -> StreamingHttpResponse:
        form = QueryFilterSerializer(data=request.query_params)
        form.is_valid(raise_exception=True)
        response = StreamingHttpResponse(writers.stream(self.fmt, form.to_filters()),
                                         content_type=writers.CONTENT_TYPES[self.fmt])
        response["Content-Disposition"] = writers.content_disposition(self.fmt)
        return response


_FILTER_DOC = "Only approved and published verdicts; filters: date range (decision date), rating, article, " \
    "source, reviewer, status."


class ExportCsvView(_ExportStreamView):
    fmt = "csv"

    @extend_schema(summary="Export as CSV (streamed; COPY on PostgreSQL)", description=_FILTER_DOC,
                   operation_id="exports_csv", parameters=[QueryFilterSerializer],
                   responses={(200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description="CSV, header line")})
    def get(self, request: Request) -> StreamingHttpResponse:
        return self.stream(request)


class ExportJsonView(_ExportStreamView):
    fmt = "json"

    @extend_schema(summary="Export as a JSON array (streamed)", description=_FILTER_DOC, operation_id="exports_json",
                   parameters=[QueryFilterSerializer], responses={200: ExportRowSerializer(many=True)})
    def get(self, request: Request) -> StreamingHttpResponse:
        return self.stream(request)


class ExportJsonLinesView(_ExportStreamView):
    fmt = "jsonl"

    @extend_schema(summary="Export as JSON Lines (streamed; one ExportRow object per line)",
                   description=_FILTER_DOC, operation_id="exports_jsonl", parameters=[QueryFilterSerializer],
                   responses={(200, "application/x-ndjson"): OpenApiResponse(OpenApiTypes.STR)})
    def get(self, request: Request) -> StreamingHttpResponse:
        return self.stream(request)


class ExportClaimReviewFeedView(_ExportStreamView):
    fmt = "claimreview"

    @extend_schema(summary="schema.org ClaimReview feed (JSON-LD: @context + @graph of ClaimReview)",
                   description=_FILTER_DOC, operation_id="exports_claimreview_feed",
                   parameters=[QueryFilterSerializer],
                   responses={(200, "application/ld+json"): OpenApiResponse(OpenApiTypes.OBJECT)})
    def get(self, request: Request) -> StreamingHttpResponse:
        return self.stream(request)


class ClaimReviewView(AnyAcceptMixin, ApiViewMixin, APIView):
    action_perms = {"*": EXPORT_PERM}

    @extend_schema(
        summary="schema.org ClaimReview (JSON-LD) of one approved or published verdict",
        operation_id="exports_claimreview",
        responses={(200, "application/ld+json"): OpenApiTypes.OBJECT},
    )
    def get(self, request: Request, pk: int) -> Response:
        verdict = selectors.claimreview_verdict(int(pk))
        if verdict is None:
            raise NotFound("No approved or published verdict with this id.")
        return Response(writers.claimreview(verdict), content_type="application/ld+json")


@extend_schema_view(
    list=extend_schema(summary="Your export jobs (newest first)"),
    retrieve=extend_schema(summary="One export job: poll `status` and `progress`"),
)
class ExportJobViewSet(ApiViewMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    queryset = ExportJob.objects.none()  # for the schema; the real one depends on the user
    serializer_class = ExportJobSerializer
    pagination_class = CreatedCursorPagination
    action_perms = {"*": EXPORT_PERM}
    filterset_fields: list[str] = []

    def get_queryset(self) -> Any:
        return selectors.jobs_for_user(self.request.user)

    @extend_schema(summary="Start a background export (for very large exports)", request=ExportJobCreateSerializer,
                   responses={202: ExportJobSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        from .serializers import ExportFilterSerializer

        form = ExportJobCreateSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        filters_form = ExportFilterSerializer(data=request.data.get("filters") or {})
        filters_form.is_valid(raise_exception=True)
        job = services.create_export_job(user=request.user, fmt=form.validated_data["format"],
                                         filters=filters_form.to_filters())
        job.refresh_from_db()
        data = ExportJobSerializer(job, context=self.get_serializer_context()).data
        location = request.build_absolute_uri(f"/api/export-jobs/{job.pk}/")
        return Response(data, status=status.HTTP_202_ACCEPTED, headers={"Location": location})

    @extend_schema(
        summary="Download the file of a finished export job",
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY,
                   409: OpenApiResponse(description="The job has not finished.")},
    )
    @action(detail=True, methods=["get"])
    def download(self, request: Request, pk: str) -> FileResponse:
        job = self.get_object()
        return job_file_response(job)

    @extend_schema(summary="Run a failed export job again", request=None,
                   responses={202: ExportJobSerializer, 409: OpenApiResponse(description="The job has not failed.")})
    @action(detail=True, methods=["post"])
    def retry(self, request: Request, pk: str) -> Response:
        from factcheck.api import Conflict

        job = self.get_object()
        if job.status != ExportJob.Status.FAILED:
            raise Conflict(f"Export job {job.pk} is {job.status}; only a failed job can be retried.", code="not_failed")
        job = services.retry_export_job(job)
        return Response(ExportJobSerializer(job, context=self.get_serializer_context()).data,
                        status=status.HTTP_202_ACCEPTED)


def job_file_response(job: ExportJob) -> FileResponse:
    from factcheck.api import Conflict

    if job.status != ExportJob.Status.DONE or not job.file:
        raise Conflict(f"Export job {job.pk} is {job.status}, not done.", code="not_ready")
    path = Path(settings.MEDIA_ROOT) / job.file
    if not path.exists():
        raise NotFound("The export file is gone; start the export again.")
    return FileResponse(open(path, "rb"), as_attachment=True, filename=job.filename,
                        content_type=writers.CONTENT_TYPES[job.format])


__all__ = ["ClaimReviewView", "ExportClaimReviewFeedView", "ExportCsvView", "ExportJobViewSet", "ExportJsonLinesView",
           "ExportJsonView", "HasPerms"]
