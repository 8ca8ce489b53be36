"""Request hygiene that must run before Django's own middleware."""

from __future__ import annotations

import re
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

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
