"""The dashboard in headless chromium: every chart drawn by the vendored Chart.js (nothing from
another host), a table under each, no axe-core violations."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from desk import selectors, services
from reviewers.models import IndependentReview
from tests.factories import ArticleFactory, ClaimFactory, QueueItemFactory, decided_verdict
from tests.ui.conftest import assert_no_axe_violations, login, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_dashboard_charts_tables_and_axe(live_server, page, offsite, editor, reviewer, reviewer2):
    now = timezone.now()
    for priority in (900, 600, 100):
        QueueItemFactory(priority=priority)
    for rating in ("false", "true", "half-true"):
        decided_verdict("published", rating=rating, reviewer=reviewer, when=now - dt.timedelta(days=2))
    ArticleFactory(status="failed", extraction_error="parser crashed")
    for a, b in (("true", "true"), ("false", "true"), ("false", "false")):
        claim = ClaimFactory()
        IndependentReview.objects.create(claim=claim, reviewer=reviewer, round=1, rating=a, status="submitted",
                                         submitted_at=now)
        IndependentReview.objects.create(claim=claim, reviewer=reviewer2, round=2, rating=b, status="submitted",
                                         submitted_at=now)
    services.refresh_dashboard()

    login(page, live_server.url, editor.username)
    resp = page.goto(live_server.url + "/desk/dashboard/")
    assert resp.status == 200
    page.wait_for_function("() => typeof Chart !== 'undefined'")
    drawn = page.evaluate("() => [...document.querySelectorAll('canvas[data-chart]')]"
                          ".map(c => [c.id, !!Chart.getChart(c)])")
    assert len(drawn) == len(selectors.FIGURES)
    assert all(ok for _id, ok in drawn), drawn
    assert page.locator("section.figure table").count() >= len(selectors.FIGURES)
    assert_no_axe_violations(page, "editor dashboard")
    shot(page, "desk-dashboard")
    assert offsite == []
