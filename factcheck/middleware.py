"""Request hygiene that must run before Django's own middleware."""

from __future__ import annotations

import re
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.middleware.common import CommonMiddleware as DjangoCommonMiddleware
from django.utils.http import escape_leading_slashes

# Django's session keys are 32 characters of [a-z0-9]; anything else cannot name a session.
_SESSION_KEY = re.compile(r"[a-z0-9]{8,64}")


class DropMalformedSessionCookie:
    """Forget a session cookie that cannot be a session key before SessionMiddleware reads it.

    A cookie carrying a NUL byte would otherwise reach the session query, which PostgreSQL refuses with a
    DataError, turning a plain 404 or 401 into a 500 (found by schemathesis)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        name = settings.SESSION_COOKIE_NAME
        value = request.COOKIES.get(name)
        if value is not None and not _SESSION_KEY.fullmatch(value):
            del request.COOKIES[name]
        return self.get_response(request)


class PermanentRedirectKeepingMethod(HttpResponsePermanentRedirect):
    status_code = 308  # RFC 9110: like 301, but the client must repeat the method and the body


class CommonMiddleware(DjangoCommonMiddleware):
    """Django's CommonMiddleware (APPEND_SLASH), but a POST, PUT, PATCH or DELETE to a URL missing its
    slash is redirected with 308, which keeps the method and body, not 301: clients (curl -L, requests,
    browsers) follow a 301 with a GET, so ``POST /api/articles`` created nothing and answered 200 with
    the article list. (Django raises RuntimeError there in DEBUG instead of redirecting.)"""

    def get_full_path_with_slash(self, request: HttpRequest) -> str:
        return escape_leading_slashes(request.get_full_path(force_append_slash=True))

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        if (response.status_code == 404 and request.method not in ("GET", "HEAD")
                and self.should_redirect_with_slash(request)):
            return PermanentRedirectKeepingMethod(self.get_full_path_with_slash(request))
        return super().process_response(request, response)
