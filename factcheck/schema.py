"""OpenAPI schema additions (drf-spectacular ``POSTPROCESSING_HOOKS``).

Every API error has one body, ``{"error": {"code", "message", "fields"}}`` (``factcheck.api``), but the
schema documented the successful answers only: a client generating code from it had no type for a 400,
401, 403, 404, 405, 409, 413, 415, 422, 429 or 503. Each operation now has a ``default`` response (any
status not listed) with that body, unless it documents its own.
"""

from __future__ import annotations

from typing import Any

ERROR_COMPONENT = "Error"

ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "Every API error: a machine-readable code, a message for a person, and the messages per "
                   "field or query parameter for invalid input.",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message", "fields"],
            "properties": {
                "code": {"type": "string", "description": "e.g. invalid, parse_error, not_authenticated, "
                                                          "permission_denied, not_found, conflict, throttled"},
                "message": {"type": "string"},
                "fields": {"type": "object", "additionalProperties": True,
                           "description": "Field or parameter name -> list of messages (may nest for "
                                          "nested input); empty when the error is not about one field."},
            },
        },
    },
}

_ERROR_RESPONSE = {
    "description": "An error (4xx, or 503 when a service is away): the API's error body.",
    "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{ERROR_COMPONENT}"}}},
}

_METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}


def add_error_responses(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    """POSTPROCESSING_HOOKS entry: the ``Error`` component and a ``default`` response on every operation."""
    result.setdefault("components", {}).setdefault("schemas", {})[ERROR_COMPONENT] = ERROR_SCHEMA
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            if method in _METHODS:
                operation.setdefault("responses", {}).setdefault("default", _ERROR_RESPONSE)
    return result
