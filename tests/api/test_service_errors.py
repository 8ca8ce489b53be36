"""Every refused request from a service (factcheck.errors.ServiceError) becomes the API's error body
with the status the error carries, whichever app raised it."""

from __future__ import annotations

import pytest
from rest_framework.test import APIRequestFactory
from rest_framework.views import APIView

from factcheck import errors
from factcheck.api import api_exception_handler


def _handle(exc: Exception):
    request = APIRequestFactory().get("/api/x/")
    return api_exception_handler(exc, {"view": APIView(), "request": request})


@pytest.mark.parametrize(
    ("exc", "status", "code"),
    [
        (errors.InvalidInput("Choose a rating.", errors={"rating": "Choose a rating."}), 400, "invalid_input"),
        (errors.NotAllowed("You are not allowed to approve verdicts."), 403, "not_allowed"),
        (errors.NotFound("No such verdict."), 404, "not_found"),
        (errors.ConflictError("someone else saved this verdict"), 409, "conflict"),
        (errors.LinkAlreadyDecided("link 3 is already rejected"), 409, "conflict"),
        (errors.ExtractionInputError("the file is not valid UTF-8"), 400, "invalid_input"),
        (errors.CorrectionError("No such claim.", status_code=404), 404, "not_found"),
    ],
)
def test_service_errors_map_to_their_status(exc, status, code):
    response = _handle(exc)
    assert response.status_code == status
    assert response.data["error"]["code"] == code
    assert response.data["error"]["message"] == str(exc)


def test_field_errors_are_kept():
    exc = errors.InvalidInput("Before submitting: Choose a rating.", errors={"rating": "Choose a rating."})
    response = _handle(exc)
    assert response.data["error"]["fields"] == {"rating": ["Choose a rating."]}
    assert response.data["error"]["message"] == "Before submitting: Choose a rating."


def test_matched_by_class_not_by_name():
    class Refused(errors.ServiceError):  # not called WorkflowError: still handled
        status_code = 409

    class WorkflowError(Exception):  # called WorkflowError but not one: not handled
        status_code = 409

    assert _handle(Refused("taken")).status_code == 409
    assert _handle(WorkflowError("x")) is None


def test_every_service_error_derives_from_the_base():
    from claims.corrections import CorrectionError
    from claims.extraction import ExtractionInputError
    from claims.linking import LinkAlreadyDecided
    from reviewers.services import ConflictError, InvalidInput, NotAllowed, NotFound, WorkflowError

    for cls in (CorrectionError, ExtractionInputError, LinkAlreadyDecided, ConflictError, InvalidInput, NotAllowed,
                NotFound, WorkflowError):
        assert issubclass(cls, errors.ServiceError), cls
    assert issubclass(ExtractionInputError, ValueError)  # callers catching ValueError keep working
