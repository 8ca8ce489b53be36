"""Thin Celery tasks: ids in, a service call, idempotent."""

from celery import shared_task


@shared_task(acks_late=True, autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=5)
def deliver_webhook(delivery_id: int) -> dict | None:
    """One attempt of a delivery; on failure the next attempt is scheduled with exponential backoff
    (countdown). Running it twice, or for a delivery not due, does nothing."""
    from .webhooks import attempt_delivery

    outcome = attempt_delivery(delivery_id)
    if outcome is None:
        return None
    if outcome.retry_in is not None:
        deliver_webhook.apply_async((delivery_id,), countdown=outcome.retry_in)
    return {"delivery": delivery_id, "status": outcome.delivery.status, "code": outcome.attempt.status_code}


@shared_task(acks_late=True)
def retry_due_webhooks() -> int:
    """Periodic sweep: re-queue deliveries that are due (a lost task delays a delivery, never drops it)."""
    from .webhooks import due_delivery_ids

    ids = due_delivery_ids()
    for pk in ids:
        deliver_webhook.delay(pk)
    return len(ids)


@shared_task(acks_late=True, autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=3)
def index_claim_embedding(claim_id: int) -> bool:
    """Bring a claim's entry of the embedding index up to date (encoded if missing, flagged published
    or not from its verdict, which is what the lookup reads). Idempotent."""
    from .lookup import index_claims

    return index_claims([claim_id]) > 0
