"""Thin Celery tasks."""

from celery import shared_task


@shared_task(acks_late=True)
def purge_idempotency_keys() -> int:
    """Periodic: delete expired Idempotency-Key records."""
    from .services import purge_expired

    return purge_expired()
