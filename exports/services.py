"""Writes for exports: creating export jobs and running them (called by the Celery task)."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from .models import ExportJob
from .selectors import ExportFilters, exportable_verdicts
from .writers import EXTENSIONS, claimreview_verdicts, stream

log = logging.getLogger(__name__)
PROGRESS_EVERY_BYTES = 1024 * 1024


def export_dir() -> Path:
    return Path(settings.MEDIA_ROOT) / getattr(settings, "EXPORT_SUBDIR", "exports")


@transaction.atomic
def create_export_job(*, user: Any, fmt: str, filters: ExportFilters) -> ExportJob:
    """Record the job and queue it once the transaction commits."""
    if fmt not in EXTENSIONS:
        raise ValueError(f"unknown export format {fmt!r}")
    job = ExportJob.objects.create(format=fmt, filters=filters.to_json(), requested_by=user)
    from .tasks import run_export

    run_export.delay_on_commit(job.pk)
    return job


def _count(fmt: str, filters: ExportFilters) -> int:
    if fmt == "claimreview":
        return claimreview_verdicts(filters).count()
    return exportable_verdicts(filters).count()


def run_export_job(job_id: int) -> ExportJob:
    """Write the export file. Idempotent: a finished job is left alone; a job interrupted mid-way
    (worker lost) is written again from the start into a temporary file renamed at the end.
    A failure is recorded on the job (status ``failed`` with the error), not raised."""
    with transaction.atomic():
        job = ExportJob.objects.select_for_update().get(pk=job_id)
        if job.status == ExportJob.Status.DONE and job.file and (Path(settings.MEDIA_ROOT) / job.file).exists():
            return job
        job.status = ExportJob.Status.RUNNING
        job.started_at = timezone.now()
        job.progress = 0
        job.error = ""
        job.save(update_fields=["status", "started_at", "progress", "error"])
    filters = ExportFilters.from_json(job.filters)
    folder = export_dir()
    folder.mkdir(parents=True, exist_ok=True)
    final = folder / job.filename
    partial = folder / f".{job.filename}.{os.getpid()}.part"
    try:
        total = _count(job.format, filters)
        ExportJob.objects.filter(pk=job_id).update(total=total)
        rows = 0
        since_update = 0
        with open(partial, "wb") as out:
            for i, block in enumerate(stream(job.format, filters)):
                out.write(block)
                rows += _rows_in(job.format, block, i)
                since_update += len(block)
                if since_update >= PROGRESS_EVERY_BYTES:
                    ExportJob.objects.filter(pk=job_id).update(progress=min(rows, total))
                    since_update = 0
        os.replace(partial, final)
        ExportJob.objects.filter(pk=job_id).update(
            status=ExportJob.Status.DONE, progress=total, file=str(final.relative_to(settings.MEDIA_ROOT)),
            finished_at=timezone.now(),
        )
    except Exception as exc:
        log.exception("export job %s failed", job_id)
        partial.unlink(missing_ok=True)
        if connection.in_atomic_block is False:
            connection.close_if_unusable_or_obsolete()
        ExportJob.objects.filter(pk=job_id).update(
            status=ExportJob.Status.FAILED, error=str(exc)[:2000], finished_at=timezone.now()
        )
    return ExportJob.objects.get(pk=job_id)


def _rows_in(fmt: str, block: bytes, index: int) -> int:
    """Progress estimate: lines written (CSV: minus the header; quoted newlines count too, the final
    update sets the exact total)."""
    if fmt == "csv":
        return block.count(b"\n") - (1 if index == 0 else 0)
    if fmt == "jsonl":
        return block.count(b"\n")
    return block.count(b'"verdict_id"') if fmt == "json" else block.count(b'"ClaimReview"')
