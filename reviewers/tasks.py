"""Thin Celery wrappers around reviewers.services: ids in, idempotent."""

from celery import shared_task

from factcheck.resilience import RETRY_OPTIONS


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


# The name it had in claims.tasks, so messages queued before the move still find it.
@shared_task(name="claims.tasks.mark_previously_checked", acks_late=True, **RETRY_OPTIONS)
def mark_previously_checked(claim_id: int) -> int:
    """After a verdict is published: point matching claims elsewhere at it. Idempotent."""
    from .previously_checked import mark_previously_checked_for

    return mark_previously_checked_for(claim_id)
