"""Thin Celery wrappers around reviewers.services."""

from celery import shared_task


@shared_task
def expire_leases() -> int:
    from .services import expire_leases as run

    return run()
