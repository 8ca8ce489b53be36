import logging
import sys

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.template import loader
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from .health import health_report, public_report
from .resilience import TRANSIENT_ERRORS, is_service_error

log = logging.getLogger(__name__)
RETRY_AFTER_SECONDS = 30


@require_safe
@never_cache
def health(request: HttpRequest) -> JsonResponse:
    """Public liveness/readiness: 200 when database, broker and workers answer, else 503.
    It names no data, only component states, so it needs no login. Staff also see why a component is
    down (the driver's error text) and the workers' names; everyone else gets states and counts (the
    raw text named internal hosts and the database user), and the log gets the details."""
    report = health_report()
    for name, part in report.items():
        if isinstance(part, dict) and part.get("error"):
            log.warning("health: %s: %s", name, part["error"])
    shown = report if _is_staff(request) else public_report(report)
    return JsonResponse(shown, status=200 if report["ok"] else 503)


def _is_staff(request: HttpRequest) -> bool:
    """Staff, when that can be read: with the database (or a cache session store) down the session's user
    cannot be loaded, and the public report is given."""
    try:
        user = getattr(request, "user", None)
        return bool(user is not None and user.is_authenticated and user.is_staff)
    except TRANSIENT_ERRORS:
        return False


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Each role starts on its own desk: editors on theirs, reviewers on theirs, others who may read
    articles on the articles; an account in no role is told so."""
    if request.user.has_perm("reviewers.approve_verdict"):
        return redirect("start-editor")
    if request.user.has_perm("reviewers.review_claim"):
        return redirect("start-reviewer")
    if request.user.has_perm("claims.view_article"):
        return redirect("article-list")
    # No role: the article list was a 403 whose "Go to the start page" came back to it.
    html = loader.get_template("_error_page.html").render({
        "error_code": "403", "error_title": "Your account has no role yet",
        "error_text": "You are logged in, but your account is not a reviewer, an editor or an administrator, so "
                      "there is nothing to show you. Ask an administrator to give it a role.",
    }, request)
    return HttpResponse(html, status=403)


def service_unavailable_response(request: HttpRequest) -> HttpResponse:
    """503 with ``Retry-After``: JSON in the API's error shape under /api/, else the styled page.
    Rendered without the request's context processors (they would query the database that is down)."""
    headers = {"Retry-After": str(RETRY_AFTER_SECONDS)}
    if request.path.startswith("/api/"):
        from .api import error_body

        body = error_body("service_unavailable", "A service is temporarily unavailable (database or queue); "
                          f"retry in {RETRY_AFTER_SECONDS} seconds.")
        return JsonResponse(body, status=503, headers=headers)
    html = loader.get_template("503.html").render()
    return HttpResponse(html, status=503, headers=headers)


def server_error(request: HttpRequest, template_name: str = "500.html") -> HttpResponse:
    """handler500: an outage of PostgreSQL or Redis is a 503 (JSON under /api/), not a 500; anything
    else gets the usual 500 page (JSON under /api/ too)."""
    exc = sys.exc_info()[1]
    if exc is not None and is_service_error(exc):
        log.warning("503 for %s: %s", request.path, exc)
        return service_unavailable_response(request)
    if request.path.startswith("/api/"):
        from .api import error_body

        return JsonResponse(error_body("server_error", "The server hit an error; try again later."), status=500)
    return defaults.server_error(request, template_name)


def _api_error(request: HttpRequest, status: int, code: str, message: str) -> JsonResponse | None:
    """The API's error body for a request under /api/ that no API view answered (no such URL, a
    malformed request Django refused first), else None: the page handlers below render HTML."""
    if not request.path.startswith("/api/"):
        return None
    from .api import error_body

    return JsonResponse(error_body(code, message), status=status)


def page_not_found(request: HttpRequest, exception: Exception, template_name: str = "404.html") -> HttpResponse:
    """handler404: under /api/ a JSON error (``/api/claims/abc/`` or a misspelt endpoint was the HTML page)."""
    return (_api_error(request, 404, "not_found", "No API endpoint or object at this URL; the endpoints are "
                       "listed at /api/docs/.") or defaults.page_not_found(request, exception, template_name))


def permission_denied(request: HttpRequest, exception: Exception, template_name: str = "403.html") -> HttpResponse:
    """handler403: under /api/ a JSON error, else the 403 page."""
    return (_api_error(request, 403, "permission_denied", str(exception) or "You do not have permission to do this.")
            or defaults.permission_denied(request, exception, template_name))


def bad_request(request: HttpRequest, exception: Exception, template_name: str = "400.html") -> HttpResponse:
    """handler400. A form whose text is over DATA_UPLOAD_MAX_MEMORY_SIZE (Django raises while the CSRF
    check reads the body, before any view) is a 413 that says so and what to do instead: it was the
    generic "The request could not be understood" page. Anything else: the usual 400 page."""
    if not isinstance(exception, RequestDataTooBig):
        return (_api_error(request, 400, "bad_request", "The request could not be understood.")
                or defaults.bad_request(request, exception, template_name))
    limit = f"{settings.DATA_UPLOAD_MAX_MEMORY_SIZE / 1024 / 1024:.0f} MB"
    if request.path.startswith("/api/"):
        from .api import error_body

        return JsonResponse(error_body("request_too_large", f"The request body is larger than {limit}."), status=413)
    html = loader.get_template("_error_page.html").render({
        "error_code": "413", "error_title": "Too much text to send",
        "error_text": f"The form sent more than {limit} of text, more than one form may carry. To add a long "
                      "article, save it as a .txt or .html file and upload it on the Add an article page "
                      "(up to 10 MB), or go back and send a shorter text.",
    }, request)
    return HttpResponse(html, status=413)
