"""The plumbing every app's REST API shares: the error format, size-limited parsers,
pagination, token authentication with permissions in one statement, and permission-by-action.

Error bodies are always ``{"error": {"code": ..., "message": ..., "fields": {...}}}``; bad input is
a 4xx (oversize bodies 413), never a 500.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, RequestDataTooBig, SuspiciousOperation
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import InterfaceError as DjangoInterfaceError
from django.db import OperationalError as DjangoOperationalError
from django.db import connection
from django.db.models.expressions import RawSQL
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, parsers, status
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
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


class LimitedFormParser(parsers.FormParser):
    def parse(self, stream: Any, media_type: str | None = None, parser_context: dict | None = None) -> Any:
        _check_size(parser_context)
        return super().parse(stream, media_type, parser_context)


class LimitedMultiPartParser(parsers.MultiPartParser):
    def parse(self, stream: Any, media_type: str | None = None, parser_context: dict | None = None) -> Any:
        _check_size(parser_context)
        return super().parse(stream, media_type, parser_context)


API_PARSERS = [LimitedJSONParser]  # JSON bodies; endpoints taking uploads add LimitedMultiPartParser

# --- pagination ------------------------------------------------------------------------------


class PagePagination(PageNumberPagination):
    """Page numbers with a total count: only for lists that stay small (sources, integrations);
    the big ones are keyset pages (factcheck.pagination.KeysetPagination)."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


class CreatedCursorPagination(KeysetPagination):
    """Lists ordered by time, newest first: a keyset on (created_at, id), stable under inserts
    (no skipped or repeated rows between pages) and as fast deep as on page 1 given an index
    on ``(-created_at, -id)``."""

    ordering = ("-created_at", "-id")


# --- authentication --------------------------------------------------------------------------


def fetch_one_prepared(sql: str, params: list[Any]) -> tuple | None:
    """One row from a hot, fixed, read-only statement on PostgreSQL, as a server-side prepared
    statement (planned once per connection; no ORM compilation). Values come back as the database
    driver gives them: run them through ``from_db_values``. Set ``API_PREPARED_STATEMENTS = False``
    behind a transaction-pooling proxy (pgbouncer) that cannot keep prepared statements.

    ``CONN_HEALTH_CHECKS``: instead of Django's ``SELECT 1`` round trip before the request's first
    query, the statement itself is the check: if a persistent connection turns out to be dead (and
    we are not inside a transaction), reconnect and run it again (it only reads).
    """
    health_check = (connection.health_check_enabled and not connection.health_check_done
                    and connection.connection is not None and not connection.in_atomic_block)
    try:
        return _fetch_one(sql, params)
    except (DjangoInterfaceError, DjangoOperationalError):
        if not health_check:
            raise
        connection.close()
        return _fetch_one(sql, params)
    finally:
        if health_check:
            connection.health_check_done = True


def _fetch_one(sql: str, params: list[Any]) -> tuple | None:
    import psycopg

    prepare = bool(getattr(settings, "API_PREPARED_STATEMENTS", getattr(settings, "CLAIM_NEXT_PREPARED", True)))
    connection.ensure_connection()
    raw = connection.connection
    if prepare and raw.prepare_threshold is None:
        # Django turns automatic preparing off (None), which also ignores prepare=True. A huge
        # threshold keeps Django's own (client-side bound) queries unprepared as before.
        raw.prepare_threshold = 2**31 - 1
    with connection.wrap_database_errors, psycopg.Cursor(raw) as cur:
        cur.execute(sql, params, prepare=prepare)
        return cur.fetchone()


def model_columns(model: Any, alias: str) -> tuple[list[Any], str]:
    """The concrete fields of ``model`` and the SQL list selecting them from ``alias``."""
    fields = list(model._meta.concrete_fields)
    qn = connection.ops.quote_name
    return fields, ", ".join(f"{alias}.{qn(f.column)}" for f in fields)


def from_db_values(model: Any, fields: list[Any], values: Any) -> Any:
    """A model instance from raw driver values, with the fields' database converters applied
    (e.g. JSONField decoding), as the ORM would build it."""
    converted = []
    for field, value in zip(fields, values, strict=True):
        if value is not None and hasattr(field, "from_db_value"):
            value = field.from_db_value(value, None, connection)
        converted.append(value)
    return model.from_db(connection.alias, [f.attname for f in fields], converted)


class TokenWithPermsAuthentication(TokenAuthentication):
    """DRF token authentication that reads the user's permission sets in the same statement as the
    token and user (one round trip instead of three: ModelBackend would run two more queries on the
    first ``has_perm``); on PostgreSQL that statement is prepared. The sets are read fresh on every
    request, so a role change or a revoked token takes effect on the next request; nothing is
    cached across requests."""

    def authenticate_credentials(self, key: str) -> tuple[Any, Any]:
        vendor = connection.vendor
        if vendor not in ("postgresql", "sqlite"):
            return super().authenticate_credentials(key)
        if vendor == "postgresql":
            token = self._token_postgresql(key)
        else:
            token = self._token_orm(key)
        if token is None:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        user = token.user
        if not user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        return user, token

    def _token_orm(self, key: str) -> Any:
        from accounts.backends import permission_sql, prime_permissions

        model = self.get_model()
        user_id = f"{connection.ops.quote_name(model._meta.db_table)}.{connection.ops.quote_name('user_id')}"
        user_sql, group_sql = permission_sql(user_id)
        # names are identifiers: no comma inside
        agg_user = f"(SELECT group_concat(x.n, ',') FROM ({user_sql}) x)"
        agg_group = f"(SELECT group_concat(x.n, ',') FROM ({group_sql}) x)"
        token = (model.objects.select_related("user")
                 .annotate(perms_user=RawSQL(agg_user, []), perms_group=RawSQL(agg_group, []))
                 .filter(key=key).first())
        if token is not None:
            prime_permissions(token.user, token.perms_user.split(",") if token.perms_user else [],
                              token.perms_group.split(",") if token.perms_group else [])
        return token

    def _token_postgresql(self, key: str) -> Any:
        from django.contrib.auth import get_user_model

        from accounts.backends import prime_permissions

        sql, t_fields, u_fields = _token_statement(self.get_model(), connection.vendor)
        row = fetch_one_prepared(sql, [key])
        if row is None:
            return None
        nt, nu = len(t_fields), len(u_fields)
        token = from_db_values(self.get_model(), t_fields, row[:nt])
        user = from_db_values(get_user_model(), u_fields, row[nt:nt + nu])
        token.user = user
        prime_permissions(user, row[nt + nu] or [], row[nt + nu + 1] or [])
        return token


@functools.cache
def _token_statement(model: Any, vendor: str) -> tuple[str, list[Any], list[Any]]:
    """PostgreSQL: token, user and the user's direct and group permissions (arrays) by token key."""
    from django.contrib.auth import get_user_model

    from accounts.backends import permission_sql

    User = get_user_model()
    qn = connection.ops.quote_name
    t_fields, t_cols = model_columns(model, "t")
    u_fields, u_cols = model_columns(User, "u")
    user_sql, group_sql = permission_sql("t." + qn("user_id"))
    sql = (f"SELECT {t_cols}, {u_cols}, ARRAY({user_sql}), ARRAY({group_sql}) "
           f"FROM {qn(model._meta.db_table)} t INNER JOIN {qn(User._meta.db_table)} u "
           f"ON u.{qn(User._meta.pk.column)} = t.{qn('user_id')} WHERE t.{qn('key')} = %s")
    return sql, t_fields, u_fields


API_AUTHENTICATION = [TokenWithPermsAuthentication, SessionAuthentication]

# --- permissions -----------------------------------------------------------------------------


class HasPerms(BasePermission):
    """The user holds every one of these model permissions (roles are groups of permissions)."""

    def __init__(self, perms: Iterable[str]) -> None:
        self.perms = tuple(perms)

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and user.has_perms(self.perms))


class ApiViewMixin:
    """Per-action permissions (``action_perms``; key ``"*"`` is the default), token authentication
    that loads the permission set with the token, and our parsers."""

    action_perms: dict[str, tuple[str, ...]] = {}
    authentication_classes = API_AUTHENTICATION
    parser_classes = API_PARSERS
    lookup_value_regex = r"[0-9]+"

    def get_permissions(self) -> list[BasePermission]:
        action = getattr(self, "action", None) or ""
        perms = self.action_perms.get(action, self.action_perms.get("*", ()))
        return [HasPerms(perms)]


