"""Thin Celery wrappers: ids in, service call, idempotent; retried with backoff on outages."""

from celery import shared_task

from factcheck.resilience import RETRY_OPTIONS


@shared_task(acks_late=True, **RETRY_OPTIONS)
def run_export(job_id: int) -> dict:
    from .services import run_export_job

    job = run_export_job(job_id)
    return {"job_id": job_id, "status": job.status, "rows": job.progress}
