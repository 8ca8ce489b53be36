"""The plumbing every app's REST API shares: the error format, size-limited parsers,
pagination and permission-by-action. (Token authentication with the permissions read in the same
statement is ``accounts.backends.TokenWithPermsAuthentication``; raw SQL helpers are ``factcheck.db``.)

Error bodies are always ``{"error": {"code": ..., "message": ..., "fields": {...}}}``; bad input is
a 4xx (oversize bodies 413), never a 500.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, RequestDataTooBig, SuspiciousOperation
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, parsers, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from factcheck.errors import ServiceError
from factcheck.pagination import KeysetPagination

# --- errors -------------------------------------------------------------------------------


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "The request body is too large."
    default_code = "request_too_large"


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "The object was changed by someone else; reload it and try again."
    default_code = "conflict"


def _service_exception(exc: ServiceError) -> exceptions.APIException:
    """A refused request (``factcheck.errors.ServiceError``) as the DRF exception of its status:
    409 conflict, 403 not allowed, 404 not found, 400 invalid input with the ``errors`` by field."""
    message = str(exc) or "The request was refused."
    code = exc.status_code
    api_exc: exceptions.APIException
    if code == 409:
        api_exc = Conflict(message, code="conflict")
    elif code == 403:
        api_exc = exceptions.PermissionDenied(message, code="not_allowed")
    elif code == 404:
        api_exc = exceptions.NotFound(message, code="not_found")
    elif code == 400:
        fields = {str(k): v if isinstance(v, list) else [str(v)] for k, v in exc.errors.items()}
        api_exc = exceptions.ValidationError(fields or [message], code="invalid_input")
    else:
        api_exc = exceptions.APIException(message, code="error")
        api_exc.status_code = code
    api_exc.error_message = message  # type: ignore[attr-defined]
    return api_exc


def _translate(exc: BaseException) -> BaseException:
    if isinstance(exc, exceptions.APIException):
        return exc
    if isinstance(exc, ServiceError):
        return _service_exception(exc)
    if isinstance(exc, Http404):
        return exceptions.NotFound()
    if isinstance(exc, DjangoPermissionDenied):
        return exceptions.PermissionDenied(str(exc) or None)
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            return exceptions.ValidationError(exc.message_dict)
        return exceptions.ValidationError(exc.messages)
    if isinstance(exc, RequestDataTooBig):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        return PayloadTooLarge(f"The request body is larger than {limit:,} bytes.")
    if isinstance(exc, SuspiciousOperation):
        return exceptions.ParseError(str(exc) or "Malformed request.")
    if isinstance(exc, ObjectDoesNotExist):
        return exceptions.NotFound()
    if isinstance(exc, UnicodeError):
        return exceptions.ParseError("The request is not valid UTF-8.")
    return exc


def _flatten(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _flatten(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        if all(not isinstance(v, dict | list) for v in value):
            return [str(v) for v in value]
        return [_flatten(v) for v in value]
    return [str(value)]


def _first_message(value: Any) -> str | None:
    if isinstance(value, dict):
        for v in value.values():
            found = _first_message(v)
            if found:
                return found
        return None
    if isinstance(value, list | tuple):
        for v in value:
            found = _first_message(v)
            if found:
                return found
        return None
    return str(value)


def error_body(code: str, message: str, fields: dict | None = None) -> dict:
    return {"error": {"code": code, "message": message, "fields": fields or {}}}


def api_exception_handler(exc: Exception, context: dict) -> Response | None:
    """REST_FRAMEWORK["EXCEPTION_HANDLER"]: one error shape for every API error."""
    exc = _translate(exc)  # type: ignore[assignment]
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    detail = getattr(exc, "detail", None)
    fields: dict = {}
    if isinstance(exc, exceptions.ValidationError):
        if isinstance(detail, dict):
            fields = {str(k): _flatten(v) for k, v in detail.items()}
            if "non_field_errors" in fields:
                message = _first_message(detail["non_field_errors"]) or "Invalid input."
            elif len(fields) == 1:
                key = next(iter(fields))
                message = f"{key}: {_first_message(detail)}"
            else:
                message = "Invalid input in " + ", ".join(fields) + "."
        else:
            message = " ".join(_flatten(detail)) if detail else "Invalid input."
        code = _first_message(exc.get_codes()) or "invalid"
        if code != "invalid_input":
            code = "invalid"
    else:
        message = _first_message(detail) if detail is not None else str(exc)
        codes = exc.get_codes() if isinstance(exc, exceptions.APIException) else "not_found"
        code = codes if isinstance(codes, str) else getattr(exc, "default_code", "error")
    message = getattr(exc, "error_message", None) or message
    response.data = error_body(str(code), message or "Error.", fields)
    return response


# --- parsers: a clear 413 for oversize bodies ---------------------------------------------------


def _check_size(parser_context: dict | None) -> None:
    request = (parser_context or {}).get("request")
    meta = getattr(request, "META", {}) if request is not None else {}
    try:
        length = int(meta.get("CONTENT_LENGTH") or 0)
    except (TypeError, ValueError):
        length = 0
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    if limit is not None and length > limit:
        raise RequestDataTooBig("Request body exceeded settings.DATA_UPLOAD_MAX_MEMORY_SIZE.")


class LimitedJSONParser(parsers.JSONParser):
    def parse(self, stream: Any, media_type: str | None = None, parser_context: dict | None = None) -> Any:
        _check_size(parser_context)
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:  # e.g. [[[[...]]]] 10,000 deep: the decoder gives up, the request is bad
            raise exceptions.ParseError("JSON parse error - the document is nested too deeply.")


class LimitedMultiPartParser(parsers.MultiPartParser):
    def parse(self, stream: Any, media_type: str | None = None, parser_context: dict | None = None) -> Any:
        _check_size(parser_context)
        return super().parse(stream, media_type, parser_context)


# REST_FRAMEWORK's DEFAULT_PARSER_CLASSES is [LimitedJSONParser]; endpoints taking uploads add
# LimitedMultiPartParser. Authentication: accounts.backends.TokenWithPermsAuthentication, then sessions.

# --- pagination ------------------------------------------------------------------------------


class PagePagination(PageNumberPagination):
    """Page numbers with a total count: only for lists that stay small (sources, integrations);
    the big ones are keyset pages (factcheck.pagination.KeysetPagination)."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    invalid_page_message = "{message}."  # Django's: "That page number is not an integer", ...

    def paginate_queryset(self, queryset: Any, request: Request, view: Any = None) -> list[Any] | None:
        """A bad ``?page=`` is a 400 on the parameter, as a bad cursor (DRF says 404 "Invalid page.", as
        if the list were gone)."""
        try:
            return super().paginate_queryset(queryset, request, view)
        except exceptions.NotFound as exc:
            raise exceptions.ValidationError({self.page_query_param: [str(exc.detail)]})


class CreatedCursorPagination(KeysetPagination):
    """Lists ordered by time, newest first: a keyset on (created_at, id), stable under inserts
    (no skipped or repeated rows between pages) and as fast deep as on page 1 given an index
    on ``(-created_at, -id)``."""

    ordering = ("-created_at", "-id")


# --- permissions -----------------------------------------------------------------------------


class HasPerms(BasePermission):
    """The user holds every one of these model permissions (roles are groups of permissions)."""

    def __init__(self, perms: Iterable[str]) -> None:
        self.perms = tuple(perms)

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and user.has_perms(self.perms))


class ApiViewMixin:
    """Per-action permissions (``action_perms``; key ``"*"`` is the default). Authentication and
    parsers are REST_FRAMEWORK's defaults (settings)."""

    action_perms: dict[str, tuple[str, ...]] = {}
    lookup_value_regex = r"[0-9]+"

    def get_permissions(self) -> list[BasePermission]:
        action = getattr(self, "action", None) or ""
        perms = self.action_perms.get(action, self.action_perms.get("*", ()))
        return [HasPerms(perms)]


