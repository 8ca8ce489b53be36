"""Thin Celery wrappers around reviewers.services: ids in, idempotent."""

from celery import shared_task


@shared_task
def expire_leases() -> int:
    from .services import expire_leases as run

    return run()


@shared_task(ignore_result=True, acks_late=True)
def check_evidence_link(link_id: int) -> str | None:
    """Fetch an evidence link and record reachability, final URL and page title."""
    from .services import check_evidence_link as run

    link = run(link_id)
    return link.check_status if link is not None else None
