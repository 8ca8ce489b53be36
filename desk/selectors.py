"""The desk dashboard's figures: one selector each, every one returning a ``Figure`` (a table of
plain values, the chart drawn from it, and the figure's CSV).

The selectors aggregate in the database, bounded by indexed columns where the table is large
(``published_at``, ``created_at``, ``started_at``, the queue's status index); they run in the
periodic task ``desk.tasks.refresh_dashboard``, never per page view. The page reads the stored
results (``stored_figures``).
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Case, Count, IntegerField, Q, Value, When
from django.db.models.functions import TruncDate
from django.utils import timezone

from claims.models import Article, Claim
from reviewers import agreement as agreement_stats
from reviewers.models import Assignment, QueueItem, Verdict

from .models import DashboardFigure

# Backlog: how long a claim has been waiting, and the priority bands (priority is 0..1000 for
# auto-queued claims: check-worthiness x 1000; editors may set any value).
AGE_BUCKETS: list[tuple[str, dt.timedelta | None]] = [
    ("under 1 day", dt.timedelta(days=1)),
    ("1-3 days", dt.timedelta(days=3)),
    ("3-7 days", dt.timedelta(days=7)),
    ("1-4 weeks", dt.timedelta(days=28)),
    ("over 4 weeks", None),
]
PRIORITY_BANDS: list[tuple[str, int | None]] = [("high (800+)", 800), ("medium (500-799)", 500), ("low (<500)", None)]


@dataclass
class Figure:
    """One dashboard figure: ``columns`` (key, heading) and ``rows`` (lists of plain JSON values in
    column order) are the table under the chart and the CSV; ``chart`` is what Chart.js draws."""

    key: str
    title: str
    description: str
    columns: list[tuple[str, str]]
    rows: list[list[Any]]
    chart: dict[str, Any]
    summary: list[tuple[str, Any]] = field(default_factory=list)  # headline numbers shown above the chart
    extra: dict[str, Any] = field(default_factory=dict)  # e.g. the full agreement report for the API

    def as_data(self) -> dict[str, Any]:
        return {"description": self.description, "columns": [list(c) for c in self.columns], "rows": self.rows,
                "chart": self.chart, "summary": [list(s) for s in self.summary], "extra": self.extra}


def _chart(kind: str, labels: list[Any], datasets: dict[str, list[Any]], **options: Any) -> dict[str, Any]:
    return {"type": kind, "labels": [str(x) for x in labels],
            "datasets": [{"label": name, "data": data} for name, data in datasets.items()], **options}


def _days(since: dt.date, until: dt.date) -> list[dt.date]:
    return [since + dt.timedelta(days=i) for i in range((until - since).days + 1)]


def _per_day(qs: Any, date_field: str) -> dict[dt.date, int]:
    rows = qs.annotate(day=TruncDate(date_field)).values("day").annotate(n=Count("pk")).values_list("day", "n")
    return {day: n for day, n in rows if day is not None}


def _window(now: dt.datetime | None, days: int | None) -> tuple[dt.datetime, dt.datetime, int]:
    now = now or timezone.now()
    days = days or settings.DASHBOARD_DAYS
    return now, now - dt.timedelta(days=days), days


def _round(x: float | None, digits: int = 1) -> float | None:
    return None if x is None else round(x, digits)


# --- the figures ---------------------------------------------------------------------------------

def backlog(now: dt.datetime | None = None) -> Figure:
    """Claims waiting for review (queued or under a lease) by how long they have waited and priority band.
    One GROUP BY over the queue's live rows."""
    now = now or timezone.now()
    age = Case(*[When(enqueued_at__gt=now - limit, then=Value(i)) for i, (_n, limit) in enumerate(AGE_BUCKETS)
                 if limit is not None], default=Value(len(AGE_BUCKETS) - 1), output_field=IntegerField())
    band = Case(*[When(priority__gte=low, then=Value(i)) for i, (_n, low) in enumerate(PRIORITY_BANDS)
                  if low is not None], default=Value(len(PRIORITY_BANDS) - 1), output_field=IntegerField())
    counts = {(a, b): n for a, b, n in QueueItem.objects
              .filter(status__in=[QueueItem.Status.QUEUED, QueueItem.Status.ASSIGNED])
              .annotate(age=age, band=band).values("age", "band").annotate(n=Count("pk"))
              .values_list("age", "band", "n")}
    bands = [name for name, _low in PRIORITY_BANDS]
    rows = [[name, *[counts.get((a, b), 0) for b in range(len(bands))],
             sum(counts.get((a, b), 0) for b in range(len(bands)))] for a, (name, _l) in enumerate(AGE_BUCKETS)]
    total = sum(r[-1] for r in rows)
    return Figure(
        "backlog", "Backlog by age and priority",
        "Claims queued or under a lease, by how long ago they entered the queue.",
        [("age", "Waiting"), *[(f"p{b}", name) for b, name in enumerate(bands)], ("total", "Total")], rows,
        _chart("bar", [r[0] for r in rows], {name: [r[1 + b] for r in rows] for b, name in enumerate(bands)},
               stacked=True),
        summary=[("Waiting now", total)],
    )


def throughput(now: dt.datetime | None = None, days: int | None = None) -> Figure:
    """Per day: claims extracted, verdicts submitted, verdicts published (by their own timestamps)."""
    now, since, days = _window(now, days)
    extracted = _per_day(Claim.objects.filter(created_at__gte=since), "created_at")
    submitted = _per_day(Verdict.objects.filter(submitted_at__gte=since), "submitted_at")
    published = _per_day(Verdict.objects.filter(published_at__gte=since), "published_at")
    dates = _days(timezone.localdate(since), timezone.localdate(now))
    rows = [[d.isoformat(), extracted.get(d, 0), submitted.get(d, 0), published.get(d, 0)] for d in dates]
    return Figure(
        "throughput", "Throughput per day",
        f"Claims extracted, verdicts submitted and verdicts published per day, last {days} days.",
        [("day", "Day"), ("extracted", "Claims extracted"), ("submitted", "Verdicts submitted"),
         ("published", "Verdicts published")], rows,
        _chart("line", [r[0] for r in rows], {"Submitted": [r[2] for r in rows], "Published": [r[3] for r in rows]}),
        summary=[("Published, last 7 days", sum(r[3] for r in rows[-7:])),
                 ("Published per day (mean)", _round(sum(r[3] for r in rows) / max(1, len(rows))))],
    )


def _quantiles(hours: list[float]) -> tuple[float | None, float | None]:
    if not hours:
        return None, None
    if len(hours) == 1:
        return hours[0], hours[0]
    return statistics.median(hours), statistics.quantiles(hours, n=10, method="inclusive")[-1]


def time_to_publish(now: dt.datetime | None = None, days: int | None = None) -> Figure:
    """Hours from a claim's extraction to its verdict's publication, median and 90th percentile, per
    week of publication (verdicts published in the window: a range of the published_at index)."""
    now, since, days = _window(now, days)
    pairs = (Verdict.objects.filter(published_at__gte=since, published_at__lte=now)
             .values_list("published_at", "claim__created_at"))
    by_week: dict[dt.date, list[float]] = {}
    everything: list[float] = []
    for published_at, extracted_at in pairs:
        hours = max(0.0, (published_at - extracted_at).total_seconds() / 3600)
        day = timezone.localdate(published_at)
        by_week.setdefault(day - dt.timedelta(days=day.weekday()), []).append(hours)
        everything.append(hours)
    rows = []
    for week, hours in sorted(by_week.items()):
        median, p90 = _quantiles(sorted(hours))
        rows.append([week.isoformat(), len(hours), _round(median), _round(p90)])
    median, p90 = _quantiles(sorted(everything))
    return Figure(
        "time_to_publish", "Time from extraction to published verdict",
        f"Hours from the claim's extraction to the publication of its verdict, per week of publication, "
        f"last {days} days.",
        [("week", "Week of"), ("published", "Verdicts published"), ("median_hours", "Median (hours)"),
         ("p90_hours", "90th percentile (hours)")], rows,
        _chart("line", [r[0] for r in rows], {"Median (hours)": [r[2] for r in rows],
                                              "90th percentile (hours)": [r[3] for r in rows]}),
        summary=[("Median (hours)", _round(median)), ("90th percentile (hours)", _round(p90)),
                 ("Verdicts", len(everything))],
    )


def rating_distribution(now: dt.datetime | None = None, days: int | None = None) -> Figure:
    """Published verdicts per rating: all time and in the window (one GROUP BY on the status index)."""
    now, since, days = _window(now, days)
    counts = {r: (n, recent) for r, n, recent in Verdict.objects.filter(status=Verdict.Status.PUBLISHED)
              .values("rating").annotate(n=Count("pk"), recent=Count("pk", filter=Q(published_at__gte=since)))
              .values_list("rating", "n", "recent")}
    rows = [[slug, label, *counts.get(slug, (0, 0))] for slug, label, _v in settings.VERDICT_SCALE]
    return Figure(
        "ratings", "Rating distribution",
        f"Published verdicts per rating, all time and in the last {days} days.",
        [("rating", "Rating slug"), ("label", "Rating"), ("all_time", "All time"), ("recent", f"Last {days} days")],
        rows, _chart("bar", [r[1] for r in rows], {"All time": [r[2] for r in rows],
                                                  f"Last {days} days": [r[3] for r in rows]}),
        summary=[("Published, all time", sum(r[2] for r in rows))],
    )


def agreement_over_time() -> Figure:
    """Krippendorff's alpha (ordinal and nominal) per month from the blind second reviews, with the
    number of claims behind each value; the whole report (pairs, reviewers) goes to the API."""
    report = agreement_stats.agreement()
    rows = [[p.period.isoformat()[:7], p.alpha.ordinal.as_dict()["value"], p.alpha.ordinal.n,
             p.alpha.nominal.as_dict()["value"], p.alpha.nominal.n] for p in report.periods]
    overall = report.overall.as_dict()
    return Figure(
        "agreement", "Agreement between independent reviewers",
        "Krippendorff's alpha per month (by the second rating's date), ordinal over the true..false scale "
        "and nominal over every rating, with the number of claims behind each value; empty where it cannot "
        "be computed.",
        [("month", "Month"), ("alpha_ordinal", "Alpha, ordinal"), ("n_ordinal", "Claims (ordinal)"),
         ("alpha_nominal", "Alpha, nominal"), ("n_nominal", "Claims (nominal)")], rows,
        _chart("line", [r[0] for r in rows], {"Alpha, ordinal": [r[1] for r in rows],
                                              "Alpha, nominal": [r[3] for r in rows]}, y_min=-1, y_max=1),
        summary=[("Alpha, ordinal (all)", overall["ordinal"]["value"]), ("Claims", overall["ordinal"]["n"]),
                 ("Alpha, nominal (all)", overall["nominal"]["value"])],
        extra={"agreement": report.as_dict()},
    )


def workload(now: dt.datetime | None = None, days: int | None = None) -> Figure:
    """Per reviewer: leases held now, open drafts, claims taken / completed / skipped or released in
    the window (assignments by the started_at index), verdicts submitted in the window."""
    now, since, days = _window(now, days)
    taken = {(r, o): n for r, o, n in Assignment.objects.filter(started_at__gte=since)
             .values("reviewer", "outcome").annotate(n=Count("pk")).values_list("reviewer", "outcome", "n")}
    active = dict(Assignment.objects.filter(outcome=Assignment.Outcome.ACTIVE).values("reviewer")
                  .annotate(n=Count("pk")).values_list("reviewer", "n"))
    drafts = dict(Verdict.objects.filter(status__in=[Verdict.Status.DRAFT, Verdict.Status.RETURNED])
                  .values("reviewer").annotate(n=Count("pk")).values_list("reviewer", "n"))
    submitted = dict(Verdict.objects.filter(submitted_at__gte=since).values("reviewer")
                     .annotate(n=Count("pk")).values_list("reviewer", "n"))
    ids = {r for r, _o in taken} | set(active) | set(drafts) | set(submitted)
    names = dict(get_user_model().objects.filter(pk__in=ids).values_list("pk", "username"))
    out = Assignment.Outcome
    rows = []
    for pk in sorted(ids, key=lambda i: names.get(i, "")):
        mine = {o: n for (r, o), n in taken.items() if r == pk}
        rows.append([names.get(pk, str(pk)), active.get(pk, 0), drafts.get(pk, 0), sum(mine.values()),
                     mine.get(out.COMPLETED, 0), mine.get(out.SKIPPED, 0) + mine.get(out.RELEASED, 0),
                     submitted.get(pk, 0)])
    return Figure(
        "workload", "Workload per reviewer",
        f"Leases held now, drafts open (including returned verdicts), and over the last {days} days: claims "
        "taken, completed, skipped or released, verdicts submitted.",
        [("reviewer", "Reviewer"), ("leases", "Leases now"), ("drafts", "Open drafts"), ("taken", "Claims taken"),
         ("completed", "Completed"), ("skipped", "Skipped or released"), ("submitted", "Verdicts submitted")],
        rows, _chart("bar", [r[0] for r in rows], {"Completed": [r[4] for r in rows],
                                                  "Skipped or released": [r[5] for r in rows],
                                                  "Open drafts": [r[2] for r in rows]}, stacked=True,
                     horizontal=True),
        summary=[("Reviewers active", len(rows))],
    )


def extraction_failures(now: dt.datetime | None = None, days: int | None = None) -> Figure:
    """Per day of ingestion: articles ingested and those whose extraction failed (now), by the
    created_at index; the most frequent failure reasons below."""
    now, since, days = _window(now, days)
    recent = Article.objects.filter(created_at__gte=since)
    per_day = {d: (n, failed) for d, n, failed in recent.annotate(day=TruncDate("created_at")).values("day")
               .annotate(n=Count("pk"), failed=Count("pk", filter=Q(status=Article.Status.FAILED)))
               .values_list("day", "n", "failed")}
    dates = _days(timezone.localdate(since), timezone.localdate(now))
    rows = [[d.isoformat(), *per_day.get(d, (0, 0))] for d in dates]
    failed_now = Article.objects.filter(status=Article.Status.FAILED)
    by_reason: dict[str, int] = {}
    for error, n in failed_now.values("extraction_error").annotate(n=Count("pk")).values_list("extraction_error", "n"):
        reason = error.strip().splitlines()[0][:200] if error.strip() else "(no reason recorded)"
        by_reason[reason] = by_reason.get(reason, 0) + n
    reasons = [[r, n] for r, n in sorted(by_reason.items(), key=lambda x: (-x[1], x[0]))[:10]]
    return Figure(
        "extraction_failures", "Extraction failures",
        f"Articles ingested per day and those of them whose extraction has failed, last {days} days.",
        [("day", "Day ingested"), ("ingested", "Articles ingested"), ("failed", "Extraction failed")], rows,
        _chart("bar", [r[0] for r in rows], {"Ingested": [r[1] for r in rows], "Failed": [r[2] for r in rows]}),
        summary=[("Failed now (all time)", failed_now.count()),
                 (f"Failed, last {days} days", sum(r[2] for r in rows))],
        extra={"reasons": reasons},
    )


FIGURES: dict[str, Callable[[], Figure]] = {
    "backlog": backlog,
    "throughput": throughput,
    "time_to_publish": time_to_publish,
    "ratings": rating_distribution,
    "agreement": agreement_over_time,
    "workload": workload,
    "extraction_failures": extraction_failures,
}


# --- reading the stored figures --------------------------------------------------------------

@dataclass
class StoredFigure:
    key: str
    title: str
    computed_at: dt.datetime
    compute_ms: int
    data: dict[str, Any]

    @property
    def columns(self) -> list[list[str]]:
        return self.data.get("columns", [])

    @property
    def rows(self) -> list[list[Any]]:
        return self.data.get("rows", [])

    @property
    def chart_id(self) -> str:
        return f"chart-data-{self.key}"


def stored_figures() -> list[StoredFigure]:
    """The dashboard as last computed, in display order (one query of at most len(FIGURES) rows)."""
    found = {f.key: f for f in DashboardFigure.objects.filter(key__in=list(FIGURES))}
    return [StoredFigure(f.key, f.title, f.computed_at, f.compute_ms, f.data)
            for key in FIGURES if (f := found.get(key)) is not None]


def stored_figure(key: str) -> StoredFigure | None:
    f = DashboardFigure.objects.filter(key=key).first() if key in FIGURES else None
    return StoredFigure(f.key, f.title, f.computed_at, f.compute_ms, f.data) if f else None
