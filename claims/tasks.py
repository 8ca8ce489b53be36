"""Thin Celery wrappers: ids in, service call, idempotent."""

from celery import shared_task


@shared_task(acks_late=True, autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=3)
def extract_article(article_id: int) -> dict:
    from .services import run_extraction

    stats = run_extraction(article_id)
    return {"article_id": article_id, "created": stats.created, "updated": stats.updated, "queued": stats.queued}


@shared_task(acks_late=True)
def link_claims(claim_ids: list[int]) -> int:
    """Find near-duplicates of these claims in other articles (see claims.linking)."""
    try:
        from .linking import link_new_claims
    except ImportError:  # linking not installed in this build
        return 0
    return link_new_claims(claim_ids)


@shared_task(acks_late=True)
def mark_previously_checked(claim_id: int) -> int:
    """After a verdict is published: point matching claims elsewhere at it. Idempotent."""
    from .linking import mark_previously_checked_for

    return mark_previously_checked_for(claim_id)
