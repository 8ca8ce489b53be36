"""The errors a service raises when it refuses a request, in one place for every app.

``ServiceError`` is the base: a message meant for the person who made the request, optional
``errors`` by field, and ``status_code``, how an HTTP layer maps it. The REST API's exception
handler (``factcheck.api``) turns any of them into the API's error body with that status; the
web views show the message.

- ``WorkflowError`` and its subclasses: the review workflow (``reviewers.services``);
- ``LinkAlreadyDecided``: a claim link decided by someone else first (``claims.linking``);
- ``ExtractionInputError``: an upload that cannot be read as article text (``claims.extraction``);
- ``CorrectionError``: a claim correction refused (``claims.corrections``).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied


class ServiceError(Exception):
    """A request a service refuses; ``message`` is for the person who made it."""

    status_code = 400

    def __init__(self, message: str = "", *, errors: dict[str, str] | None = None,
                 status_code: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.errors = errors or {}
        if status_code is not None:
            self.status_code = status_code

    def __str__(self) -> str:
        return self.message


class WorkflowError(ServiceError):
    """A request the review workflow refuses."""


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


class LinkAlreadyDecided(ServiceError):
    """The link was confirmed or rejected by someone else first (HTTP 409)."""

    status_code = 409


class ExtractionInputError(ServiceError, ValueError):
    """The input cannot be read as article text (binary, invalid UTF-8, ...). The message says why."""

    status_code = 400


class CorrectionError(ServiceError):
    """A correction refused; ``errors`` per form field."""

    def __init__(self, message: str, errors: dict[str, str] | None = None, status_code: int = 400) -> None:
        super().__init__(message, errors=errors, status_code=status_code)
