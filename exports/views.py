"""Export pages for editors (permission ``reviewers.export_verdicts``): parse, call, render."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    JsonResponse,
    StreamingHttpResponse,
)
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from accounts.decorators import perm_required
from claims.models import Article, Source
from factcheck.pagination import count_upto
from publishing.selectors import organisation

from . import selectors, services, writers
from .models import ExportJob
from .serializers import QueryFilterSerializer

EXPORT_PERM = "reviewers.export_verdicts"
REPORT_MAX_VERDICTS = 5000


def _filters(request: HttpRequest, data=None) -> tuple[selectors.ExportFilters | None, dict]:
    form = QueryFilterSerializer(data=data if data is not None else request.GET)
    if not form.is_valid():
        return None, {k: [str(e) for e in v] for k, v in form.errors.items()}
    return form.to_filters(), {}


def _bad_request(errors: dict) -> HttpResponse:
    text = "; ".join(f"{k}: {' '.join(v)}" for k, v in errors.items())
    return HttpResponseBadRequest(f"Invalid export filters: {text}", content_type="text/plain; charset=utf-8")


@require_GET
@perm_required(EXPORT_PERM)
def index(request: HttpRequest) -> HttpResponse:
    filters, errors = _filters(request)
    # bounded: an exact COUNT grows with every verdict ever approved (a join per row with a source filter)
    count, more = (count_upto(selectors.exportable_verdicts(filters), selectors.COUNT_LIMIT)
                   if filters is not None else (0, False))
    article = (Article.objects.filter(pk=filters.article).only("title").first()
               if filters is not None and filters.article else None)
    query = request.GET.urlencode()
    context = {
        "filters": filters,
        "errors": errors,
        "count": count,
        "count_label": f"{count:,}+" if more else f"{count:,}",
        "article": article,
        "query": query,
        "formats": [("csv", "CSV"), ("json", "JSON"), ("jsonl", "JSON Lines"), ("claimreview", "ClaimReview feed")],
        "ratings": [(a, b) for a, b, _ in settings.VERDICT_SCALE],
        "statuses": list(selectors.EXPORTABLE_STATUSES),
        "sources": Source.objects.order_by("name")[:500],
        "reviewers": selectors.reviewers_with_exports()[:500],
        "jobs": selectors.jobs_for_user(request.user)[:20],
        "values": request.GET,
    }
    return render(request, "exports/index.html", context, status=400 if errors else 200)


@require_GET
@perm_required(EXPORT_PERM)
def download(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in writers.FORMATS:
        raise Http404("Unknown export format.")
    filters, errors = _filters(request)
    if filters is None:
        return _bad_request(errors)
    response = StreamingHttpResponse(writers.stream(fmt, filters), content_type=writers.CONTENT_TYPES[fmt])
    response["Content-Disposition"] = writers.content_disposition(fmt)
    return response


@require_GET
@perm_required(EXPORT_PERM)
def claimreview_detail(request: HttpRequest, pk: int) -> HttpResponse:
    verdict = selectors.claimreview_verdict(pk)
    if verdict is None:
        raise Http404("No approved or published verdict with this id.")
    return JsonResponse(writers.claimreview(verdict), content_type="application/ld+json",
                        json_dumps_params={"ensure_ascii": False, "indent": 2})


@require_GET
@perm_required(EXPORT_PERM)
def claimreview_feed(request: HttpRequest) -> HttpResponse:
    filters, errors = _filters(request)
    if filters is None:
        return _bad_request(errors)
    return StreamingHttpResponse(writers.claimreview_feed_stream(filters), content_type="application/ld+json")


@require_GET
@perm_required(EXPORT_PERM)
def corrections_download(request: HttpRequest) -> HttpResponse:
    """Human corrections of extracted claims as labelled data, one JSON object per line."""
    import json

    from claims.corrections import correction_records

    lines = (json.dumps(r, ensure_ascii=False) + "\n" for r in correction_records())
    response = StreamingHttpResponse(lines, content_type="application/x-ndjson")
    response["Content-Disposition"] = 'attachment; filename="claim-corrections.jsonl"'
    return response


@require_GET
@perm_required(EXPORT_PERM)
def report(request: HttpRequest) -> HttpResponse:
    """Printable verdict summary: per article (``?article=ID``) or per date range (``?date_from=&date_to=``)."""
    filters, errors = _filters(request)
    if filters is None:
        return _bad_request(errors)
    verdicts = list(selectors.report_verdicts(filters)[: REPORT_MAX_VERDICTS + 1])
    truncated = len(verdicts) > REPORT_MAX_VERDICTS
    article = Article.objects.defer("body").select_related("source").filter(pk=filters.article).first() \
        if filters.article else None
    context = {
        "verdicts": verdicts[:REPORT_MAX_VERDICTS],
        "truncated": truncated,
        "limit": REPORT_MAX_VERDICTS,
        "filters": filters,
        "article": article,
        "scale": settings.VERDICT_SCALE,
        "org": organisation(),  # the admin's Publishing > Organisation, as on the public pages
        "filter_words": selectors.filter_words(filters),
    }
    return render(request, "exports/report.html", context)


@require_POST
@perm_required(EXPORT_PERM)
def job_create(request: HttpRequest) -> HttpResponse:
    fmt = request.POST.get("fmt", "")
    if fmt not in writers.FORMATS:
        return HttpResponseBadRequest("Choose an export format.", content_type="text/plain; charset=utf-8")
    filters, errors = _filters(request, request.POST)
    if filters is None:
        return _bad_request(errors)
    job = services.create_export_job(user=request.user, fmt=fmt, filters=filters)
    return redirect("exports-job", pk=job.pk)


def _job(request: HttpRequest, pk: int) -> ExportJob:
    job = selectors.job_for_user(pk, request.user)
    if job is None:
        raise Http404("No such export job.")
    return job


@require_GET
@perm_required(EXPORT_PERM)
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "exports/job.html", {"job": _job(request, pk)})


@require_GET
@perm_required(EXPORT_PERM)
def job_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The htmx-polled fragment: it stops polling once the job is done or failed."""
    return render(request, "exports/_job_progress.html", {"job": _job(request, pk)})


@require_POST
@perm_required(EXPORT_PERM)
def job_retry(request: HttpRequest, pk: int) -> HttpResponse:
    """Run a failed job again (its worker was lost for good, or the export itself failed)."""
    job = _job(request, pk)
    if job.status == ExportJob.Status.FAILED:
        services.retry_export_job(job)
    return redirect("exports-job", pk=job.pk)


@require_GET
@perm_required(EXPORT_PERM)
def job_download(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    if job.status != ExportJob.Status.DONE or not job.file:
        return HttpResponse(f"Export {job.pk} is {job.status}.", status=409, content_type="text/plain")
    path = Path(settings.MEDIA_ROOT) / job.file
    if not path.exists():
        raise Http404("The export file is gone; start the export again.")
    return FileResponse(open(path, "rb"), as_attachment=True, filename=job.filename,
                        content_type=writers.CONTENT_TYPES[job.format])
