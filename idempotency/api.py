"""The ``@idempotent`` decorator for DRF view methods (and actions) that clients retry.

    @idempotent
    def create(self, request, *args, **kwargs): ...

Without an ``Idempotency-Key`` header the view runs as before. With one (per user): the first
response is stored and replayed to retries (header ``Idempotent-Replayed: true``); the same key
with another method, path or body is 422; while the first request runs, 409.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Callable
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.core.serializers.json import DjangoJSONEncoder
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, status
from rest_framework.request import Request
from rest_framework.response import Response

from . import services

HEADER = "Idempotency-Key"
KEPT_HEADERS = ("Location", "Content-Location")


class KeyReused(exceptions.APIException):
    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_detail = "This Idempotency-Key was used with a different request; use a new key."
    default_code = "idempotency_key_reused"


class KeyInFlight(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "A request with this Idempotency-Key is still being processed; retry in a moment."
    default_code = "idempotency_key_in_flight"


# The header as the OpenAPI schema documents it on every @idempotent operation.
IDEMPOTENCY_PARAMETER = OpenApiParameter(
    name=HEADER,
    type=OpenApiTypes.STR,
    location=OpenApiParameter.HEADER,
    required=False,
    description=(
        "A key of your choosing (1-255 printable characters, unique per request you mean) that makes a retry "
        "safe: a retry with the same key and the same body gets the first response again (header "
        "`Idempotent-Replayed: true`) instead of repeating the write; the same key with a different "
        "method, path or body is 422; while the first request is still running, 409. Keys are kept per user "
        "for IDEMPOTENCY_KEY_TTL_HOURS (24 by default)."
    ),
)


def _plain(value: Any) -> Any:
    if isinstance(value, UploadedFile):
        digest = hashlib.sha256()
        for chunk in value.chunks():
            digest.update(chunk)
        value.seek(0)
        return {"file": value.name, "sha256": digest.hexdigest()}
    if hasattr(value, "lists"):  # QueryDict: keep every value of repeated keys
        return {k: [_plain(v) for v in vs] for k, vs in value.lists()}
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def request_fingerprint(request: Request) -> str:
    body = _plain(request.data)
    if getattr(request, "FILES", None):
        body = {"data": body, "files": _plain(request.FILES)}
    return services.fingerprint(request.method, request.path, body)


def idempotent(view_method: Callable[..., Response]) -> Callable[..., Response]:
    @functools.wraps(view_method)
    def wrapper(self: Any, request: Request, *args: Any, **kwargs: Any) -> Response:
        key = request.headers.get(HEADER)
        if key is None or not request.user.is_authenticated:
            return view_method(self, request, *args, **kwargs)
        try:
            begun = services.begin(request.user, key, request_fingerprint(request))
        except services.KeyInvalid as exc:
            raise exceptions.ValidationError({HEADER: [str(exc)]})
        if begun.outcome == "mismatch":
            raise KeyReused()
        if begun.outcome == "conflict":
            raise KeyInFlight()
        record = begun.record
        assert record is not None
        if begun.outcome == "replay":
            headers = {**(record.response_headers or {}), "Idempotent-Replayed": "true"}
            return Response(record.response_body, status=record.response_status, headers=headers)
        try:
            response = view_method(self, request, *args, **kwargs)
        except BaseException:
            services.abandon(record)  # an error is not a result: the retry runs again
            raise
        body = json.loads(json.dumps(response.data, cls=DjangoJSONEncoder)) if response.data is not None else None
        kept = {h: response[h] for h in KEPT_HEADERS if response.has_header(h)}
        services.finish(record, response.status_code, body, kept)
        return response

    wrapper.idempotent = True  # type: ignore[attr-defined]
    # Documents the header. @action replaces the method's ``kwargs`` (where drf-spectacular keeps a
    # method's schema), so the schema also goes on ``.schema``, which the view's own @extend_schema
    # (above @action) takes as its base: the parameter lists are merged.
    extend_schema(parameters=[IDEMPOTENCY_PARAMETER])(wrapper)
    wrapper.schema = wrapper.kwargs["schema"]  # type: ignore[attr-defined]
    return wrapper
