"""Writes of the dashboard: recompute the figures into the summary table."""

from __future__ import annotations

import time
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from .models import DashboardFigure
from .selectors import FIGURES

REFRESH_QUEUED_KEY = "desk:refresh-queued"


def refresh_dashboard(keys: list[str] | None = None) -> dict[str, int]:
    """Compute each figure with its selector and store it (one row per figure, replaced).
    Returns how long each took (ms). Idempotent: running it twice stores the same figures."""
    timings: dict[str, int] = {}
    for key in keys or list(FIGURES):
        start = time.perf_counter()
        figure = FIGURES[key]()
        ms = int((time.perf_counter() - start) * 1000)
        with transaction.atomic():
            DashboardFigure.objects.update_or_create(key=key, defaults={
                "title": figure.title, "data": figure.as_data(), "computed_at": timezone.now(), "compute_ms": ms})
        timings[key] = ms
    cache.delete(REFRESH_QUEUED_KEY)
    return timings


def request_refresh(user: Any = None) -> bool:
    """Queue one refresh (after a page found figures missing, or an editor asked). A second request
    while one is queued is dropped. False when the broker could not be reached."""
    from factcheck.resilience import send_task

    from .tasks import refresh_dashboard as task

    try:
        if not cache.add(REFRESH_QUEUED_KEY, 1, timeout=300):
            return True
    except Exception:  # noqa: BLE001 - the cache (Redis) away: queue anyway
        pass
    return send_task(task)


def refresh_interval_seconds() -> int:
    from django.conf import settings

    schedule = settings.CELERY_BEAT_SCHEDULE.get("refresh-dashboard", {}).get("schedule")
    return int(schedule.total_seconds()) if schedule is not None else 0
