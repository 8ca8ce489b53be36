"""The errors a service raises when it refuses a request, in one place for every app.

``WorkflowError`` carries a message meant for the person who made the request, optional
``errors`` by field, and ``status_code``: how an HTTP layer maps it (the REST API's exception
handler in ``factcheck.api`` and the web views read it from here).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied


class WorkflowError(Exception):
    """A request the workflow refuses; ``message`` is meant for the person who made it."""

    status_code = 400

    def __init__(self, message: str, *, errors: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.errors = errors or {}

    def __str__(self) -> str:
        return self.message


class InvalidInput(WorkflowError):
    status_code = 400


class NotAllowed(WorkflowError, PermissionDenied):
    """The user's role or relation to the object does not allow this (HTTP 403)."""

    status_code = 403


class NotFound(WorkflowError):
    status_code = 404


class ConflictError(WorkflowError):
    """Someone else changed the object first (HTTP 409); reload and try again."""

    status_code = 409
