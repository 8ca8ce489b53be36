from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .health import health_report


@require_GET
@never_cache
def health(request: HttpRequest) -> JsonResponse:
    """Public liveness/readiness: 200 when database, broker and workers answer, else 503.
    It names no data, only component states, so it needs no login."""
    report = health_report()
    return JsonResponse(report, status=200 if report["ok"] else 503)


@login_required
def home(request: HttpRequest) -> HttpResponse:
    return redirect("article-list")
