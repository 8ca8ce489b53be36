"""Contract fuzzing: schemathesis generates requests from our OpenAPI schema and calls the WSGI app
as an editor (token auth). No 500s; documented responses match the schema."""

from __future__ import annotations

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from factcheck.wsgi import application
from tests.factories import (
    ClaimFactory,
    ClaimGroupFactory,
    ExportJobFactory,
    QueueItemFactory,
    decided_verdict,
)

schema = schemathesis.openapi.from_wsgi("/api/schema/", application)
# The "coverage" phase pre-generates every boundary case at collection time, which takes minutes on
# this schema; the fuzzing phase (bounded below) and the explicit examples are what we run.
schema.config.phases.coverage.enabled = False

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


@pytest.fixture
def _keep_test_connection():
    """Calls go through the real WSGI handler, whose request signals close "old" database connections;
    inside the test transaction that would close it (PostgreSQL). Django's test client does the same."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def editor_token(editor, reviewer, _keep_test_connection) -> str:
    # a little of everything, so that generated ids sometimes hit real objects (ids start at 1)
    group = ClaimGroupFactory(label="g")
    ClaimFactory(group=group)
    QueueItemFactory()
    for status in ("draft", "submitted", "approved", "published"):
        decided_verdict(status, reviewer=reviewer)
    ExportJobFactory(requested_by=editor)
    _blind_review_objects(reviewer)
    return Token.objects.get_or_create(user=editor)[0].key


def _blind_review_objects(reviewer) -> None:
    """A second-review rule and a claim whose two blind reviews differ (to adjudicate)."""
    from django.utils import timezone

    from accounts.services import create_user_with_role
    from reviewers.models import IndependentReview, SecondReviewRule

    SecondReviewRule.objects.create(kind="quote", note="quotes twice")
    item = QueueItemFactory(rounds_required=2, review_round=2, status="done", needs_adjudication=True)
    other = create_user_with_role("second_reader", "reviewer")
    for n, (who, rating) in enumerate([(reviewer, "true"), (other, "false")], start=1):
        IndependentReview.objects.create(
            claim=item.claim, reviewer=who, round=n, rating=rating, rationale="why", status="submitted",
            submitted_at=timezone.now(), evidence=[{"url": "https://example.org/a", "title": "", "quote": "",
                                                    "stance": "context", "accessed_at": None}])


@schema.parametrize()
@settings(max_examples=20, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.filter_too_much, HealthCheck.data_too_large])
def test_api_contract(case, editor_token):
    from django.core.cache import cache

    cache.clear()  # throttling is not what this test is about
    if case.media_type == "multipart/form-data" and not isinstance(case.body, dict):
        return  # schemathesis' WSGI transport cannot encode a non-object multipart body (werkzeug crashes)
    response = case.call(headers={"Authorization": f"Token {editor_token}"})
    case.validate_response(
        response, checks=[not_a_server_error, response_schema_conformance, content_type_conformance]
    )
