"""The desk dashboard: each figure's selector against hand-counted data, the summary table the beat
task fills, the page and CSV reading only that table, and who may see it."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from claims.models import Article, Claim
from desk import selectors, services
from desk.models import DashboardFigure
from reviewers.models import Assignment, IndependentReview, QueueItem, Verdict
from tests.factories import ArticleFactory, ClaimFactory, QueueItemFactory, decided_verdict

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 3, 10, 12, 0, tzinfo=dt.UTC)


def _queued(priority: int, waited: dt.timedelta, status: str = QueueItem.Status.QUEUED) -> QueueItem:
    item = QueueItemFactory(priority=priority, status=status)
    QueueItem.objects.filter(pk=item.pk).update(enqueued_at=NOW - waited)
    return item


def test_backlog_by_age_and_priority():
    _queued(900, dt.timedelta(hours=2))
    _queued(900, dt.timedelta(hours=5), status=QueueItem.Status.ASSIGNED)
    _queued(600, dt.timedelta(days=2))
    _queued(100, dt.timedelta(days=10))
    _queued(100, dt.timedelta(days=40))
    _queued(950, dt.timedelta(days=40), status=QueueItem.Status.DONE)  # finished: not backlog
    fig = selectors.backlog(now=NOW)
    rows = {r[0]: r[1:] for r in fig.rows}  # high, medium, low, total
    assert rows["under 1 day"] == [2, 0, 0, 2]
    assert rows["1-3 days"] == [0, 1, 0, 1]
    assert rows["3-7 days"] == [0, 0, 0, 0]
    assert rows["1-4 weeks"] == [0, 0, 1, 1]
    assert rows["over 4 weeks"] == [0, 0, 1, 1]
    assert dict(fig.summary)["Waiting now"] == 5
    assert fig.chart["datasets"][0]["data"] == [2, 0, 0, 0, 0]  # the high band per age bucket


def test_throughput_time_to_publish_and_ratings(reviewer):
    day = dt.timedelta(days=1)
    # extraction -> publication: 10 h, 20 h, 30 h, 100 h; one published long before the window
    for hours, rating in ((10, "false"), (20, "false"), (30, "true"), (100, "half-true")):
        claim = ClaimFactory()
        Claim.objects.filter(pk=claim.pk).update(created_at=NOW - 2 * day - dt.timedelta(hours=hours))
        decided_verdict("published", claim=claim, rating=rating, when=NOW - 2 * day)
    old = decided_verdict("published", rating="true", when=NOW - 400 * day)
    decided_verdict("submitted", rating="false", when=NOW - day)  # submitted_at = NOW - 1 day - 2 h
    Verdict.objects.filter(pk=old.pk).update(submitted_at=NOW - 401 * day)

    through = selectors.throughput(now=NOW, days=30)
    by_day = {r[0]: r for r in through.rows}
    assert len(through.rows) == 31  # every day of the window, zero days included
    published_day = (NOW - 2 * day).date().isoformat()
    assert by_day[published_day][3] == 4  # published that day
    # submitted 2 h before approval-1 h: the same day for the four, the day before NOW for the fifth
    assert by_day[published_day][2] == 4 and by_day[(NOW - day).date().isoformat()][2] == 1
    assert sum(r[3] for r in through.rows) == 4  # the old one is outside the window

    ttp = selectors.time_to_publish(now=NOW, days=30)
    summary = dict(ttp.summary)
    assert summary["Verdicts"] == 4
    # median of 10, 20, 30, 100 = 25; p90 (inclusive) = 30 + 0.7 * (100 - 30) = 79
    assert summary["Median (hours)"] == pytest.approx(25.0)
    assert summary["90th percentile (hours)"] == pytest.approx(79.0)
    (week,) = ttp.rows
    assert week[1:] == [4, 25.0, 79.0]

    ratings = {r[0]: r[2:] for r in selectors.rating_distribution(now=NOW, days=30).rows}
    assert ratings["false"] == [2, 2] and ratings["true"] == [2, 1] and ratings["half-true"] == [1, 1]
    assert ratings["misleading"] == [0, 0]


def test_workload_per_reviewer(reviewer, reviewer2):
    items = [QueueItemFactory() for _ in range(4)]

    def lease(item, who, outcome, days_ago=1):
        a = Assignment.objects.create(queue_item=item, claim=item.claim, reviewer=who, outcome=outcome,
                                      lease_expires_at=NOW)
        Assignment.objects.filter(pk=a.pk).update(started_at=NOW - dt.timedelta(days=days_ago))

    lease(items[0], reviewer, Assignment.Outcome.COMPLETED)
    lease(items[1], reviewer, Assignment.Outcome.SKIPPED)
    lease(items[2], reviewer, Assignment.Outcome.ACTIVE)
    lease(items[3], reviewer2, Assignment.Outcome.RELEASED, days_ago=200)  # outside the window
    decided_verdict("draft", reviewer=reviewer2)
    decided_verdict("submitted", reviewer=reviewer, when=NOW - dt.timedelta(days=1))
    rows = {r[0]: r[1:] for r in selectors.workload(now=NOW, days=30).rows}
    # leases now, drafts, taken, completed, skipped/released, submitted
    assert rows[reviewer.username] == [1, 0, 3, 1, 1, 1]
    assert rows[reviewer2.username] == [0, 1, 0, 0, 0, 0]


def test_extraction_failures():
    for status, days_ago, error in ((Article.Status.FAILED, 1, "parser crashed\ntraceback"),
                                    (Article.Status.FAILED, 1, "parser crashed\nother"),
                                    (Article.Status.EXTRACTED, 1, ""), (Article.Status.FAILED, 3, ""),
                                    (Article.Status.FAILED, 300, "timeout")):
        a = ArticleFactory(status=status, extraction_error=error)
        Article.objects.filter(pk=a.pk).update(created_at=NOW - dt.timedelta(days=days_ago))
    fig = selectors.extraction_failures(now=NOW, days=30)
    by_day = {r[0]: r[1:] for r in fig.rows}
    assert by_day[(NOW - dt.timedelta(days=1)).date().isoformat()] == [3, 2]
    assert by_day[(NOW - dt.timedelta(days=3)).date().isoformat()] == [1, 1]
    assert dict(fig.summary) == {"Failed now (all time)": 4, "Failed, last 30 days": 3}
    assert fig.extra["reasons"][0] == ["parser crashed", 2]
    assert ["(no reason recorded)", 1] in fig.extra["reasons"]


def _independent(claim, who, rating, when, round_):
    IndependentReview.objects.create(claim=claim, reviewer=who, round=round_, rating=rating,
                                     status="submitted", submitted_at=when)


def test_agreement_figure_per_month(reviewer, reviewer2):
    jan = dt.datetime(2026, 1, 15, tzinfo=dt.UTC)
    # the ten kappa pairs of tests/agreement: nominal alpha 14/33, kappa 0.4
    pairs = [("true", "true")] * 4 + [("false", "false")] * 3 + [("true", "false")] * 2 + [("false", "true")]
    for a, b in pairs:
        claim = ClaimFactory()
        _independent(claim, reviewer, a, jan, 1)
        _independent(claim, reviewer2, b, jan, 2)
    fig = selectors.agreement_over_time()
    (row,) = fig.rows
    assert row[0] == "2026-01" and row[3] == pytest.approx(14 / 33, abs=1e-4) and row[4] == 10
    (pair,) = fig.extra["agreement"]["pairs"]
    assert pair["kappa"] == {"value": pytest.approx(0.4), "n": 10}


def test_refresh_stores_every_figure_and_is_idempotent():
    QueueItemFactory()
    timings = services.refresh_dashboard()
    assert set(timings) == set(selectors.FIGURES)
    assert DashboardFigure.objects.count() == len(selectors.FIGURES)
    first = DashboardFigure.objects.get(key="backlog").data
    services.refresh_dashboard()
    assert DashboardFigure.objects.count() == len(selectors.FIGURES)
    assert DashboardFigure.objects.get(key="backlog").data == first


def test_beat_runs_the_refresh(settings):
    from desk.tasks import refresh_dashboard

    entry = settings.CELERY_BEAT_SCHEDULE["refresh-dashboard"]
    assert entry["task"] == refresh_dashboard.name
    refresh_dashboard.delay()  # eager here: the task body is the service
    assert DashboardFigure.objects.filter(key="workload").exists()


def test_page_reads_only_the_summary_table(client, editor):
    """Not a scan per page view: the page touches no claim, queue, verdict or article table."""
    for _ in range(3):
        QueueItemFactory()
    services.refresh_dashboard()
    client.force_login(editor)
    with CaptureQueriesContext(connection) as ctx:
        resp = client.get("/desk/dashboard/")
    assert resp.status_code == 200
    sql = " ".join(q["sql"] for q in ctx.captured_queries).lower()
    for table in ("claims_claim", "claims_article", "reviewers_queueitem", "reviewers_verdict",
                  "reviewers_assignment", "reviewers_independentreview"):
        assert table not in sql, table
    assert "desk_dashboardfigure" in sql
    html = resp.content.decode()
    for title in ("Backlog by age and priority", "Throughput per day", "Time from extraction to published verdict",
                  "Rating distribution", "Agreement between independent reviewers", "Workload per reviewer",
                  "Extraction failures"):
        assert title in html
    assert "/static/vendor/chartjs/chart.umd.min.js" in html and "cdn" not in html.lower()
    assert 'id="chart-data-backlog"' in html and "<table" in html  # the chart's data and its table
    more = len(ctx.captured_queries)
    for _ in range(20):
        QueueItemFactory()
    with CaptureQueriesContext(connection) as ctx2:
        client.get("/desk/dashboard/")
    assert len(ctx2.captured_queries) == more  # independent of the data size


def test_first_view_computes_missing_figures(client, editor):
    client.force_login(editor)
    assert DashboardFigure.objects.count() == 0
    resp = client.get("/desk/dashboard/")
    assert resp.status_code == 200
    assert DashboardFigure.objects.count() == len(selectors.FIGURES)  # eager Celery ran the refresh


def test_csv_is_the_table(client, editor):
    _queued(900, dt.timedelta(hours=1))
    services.refresh_dashboard()
    client.force_login(editor)
    resp = client.get("/desk/dashboard/backlog.csv")
    assert resp.status_code == 200 and resp["Content-Type"].startswith("text/csv")
    assert "attachment" in resp["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(resp.content.decode())))
    assert rows[0] == ["age", "p0", "p1", "p2", "total"]
    stored = DashboardFigure.objects.get(key="backlog").data["rows"]
    assert rows[1:] == [[str(v) for v in r] for r in stored]
    assert client.get("/desk/dashboard/nope.csv").status_code == 404


def test_agreement_api_matches_the_report(reviewer, reviewer2, editor):
    now = timezone.now()
    for a, b in [("true", "true"), ("true", "false"), ("false", "false"), ("false", "false")]:
        claim = ClaimFactory()
        _independent(claim, reviewer, a, now, 1)
        _independent(claim, reviewer2, b, now, 2)
    api = APIClient()
    api.force_authenticate(editor)
    body = api.get("/api/dashboard/agreement/").json()
    from reviewers.agreement import agreement

    expected = agreement().as_dict()
    assert body["overall"] == expected["overall"] and body["pairs"] == expected["pairs"]
    assert body["periods"] == expected["periods"] and body["overall"]["nominal"]["n"] == 4
    assert body["computed_at"]


# --- who may ---------------------------------------------------------------------------------

@pytest.mark.authz
def test_dashboard_pages_editor_may_reviewer_and_outsider_may_not(client, editor, reviewer, outsider):
    services.refresh_dashboard()
    urls = ["/desk/dashboard/", "/desk/dashboard/backlog.csv"]
    client.force_login(editor)
    for url in urls:
        assert client.get(url).status_code == 200, url
    assert client.post("/desk/dashboard/refresh/").status_code == 302
    for user in (reviewer, outsider):
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code == 403, (user.username, url)
        assert client.post("/desk/dashboard/refresh/").status_code == 403
    client.logout()
    for url in urls:
        resp = client.get(url)
        assert resp.status_code == 302 and "/accounts/login/" in resp["Location"]
    assert client.post("/desk/dashboard/refresh/").status_code == 302


@pytest.mark.authz
def test_nav_link_only_for_those_who_may(client, editor, reviewer):
    client.force_login(editor)
    assert 'href="/desk/dashboard/"' in client.get("/articles/").content.decode()
    client.force_login(reviewer)
    assert 'href="/desk/dashboard/"' not in client.get("/articles/").content.decode()


@pytest.mark.authz
def test_agreement_api_editor_may_reviewer_and_outsider_may_not(editor, reviewer, outsider):
    api = APIClient()
    api.force_authenticate(editor)
    assert api.get("/api/dashboard/agreement/").status_code == 200
    for user in (reviewer, outsider):
        api.force_authenticate(user)
        assert api.get("/api/dashboard/agreement/").status_code == 403
    api.force_authenticate(None)
    assert APIClient().get("/api/dashboard/agreement/").status_code in (401, 403)
