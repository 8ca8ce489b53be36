"""Thin Celery wrappers: ids in, service call, idempotent; retried with backoff on outages."""

from celery import Task, shared_task

from factcheck.resilience import RETRY_OPTIONS


class ExtractionTask(Task):
    def on_failure(self, exc, task_id, args, kwargs, einfo) -> None:
        """Retries used up (or a non-transient error): say so on the article. If the database is what
        is down this cannot be written; the article then stays pending/extracting and the sweeper
        queues it again."""
        from .services import mark_extraction_failed

        try:
            mark_extraction_failed(int(args[0]), f"{type(exc).__name__}: {exc}")
        except Exception:  # noqa: BLE001 - best effort, see docstring
            pass


@shared_task(base=ExtractionTask, acks_late=True, **RETRY_OPTIONS)
def extract_article(article_id: int) -> dict:
    from .services import run_extraction

    stats = run_extraction(article_id)
    return {"article_id": article_id, "created": stats.created, "updated": stats.updated, "queued": stats.queued}


@shared_task(acks_late=True, **RETRY_OPTIONS)
def link_claims(claim_ids: list[int]) -> int:
    """Find near-duplicates of these claims in other articles (see claims.linking)."""
    from .linking import link_new_claims

    return link_new_claims(claim_ids)
