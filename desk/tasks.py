"""Thin Celery task: the periodic refresh of the dashboard's summary table (beat, every
DASHBOARD_REFRESH_SECONDS)."""

from celery import shared_task

from factcheck.resilience import RETRY_OPTIONS


@shared_task(acks_late=True, ignore_result=True, **RETRY_OPTIONS)
def refresh_dashboard() -> dict[str, int]:
    from .services import refresh_dashboard as run

    return run()
