"""Writes for exports: creating export jobs and running them (called by the Celery task)."""

from __future__ import annotations

import logging
import os
import threading
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import DatabaseError, DataError, IntegrityError, ProgrammingError, connection, transaction
from django.utils import timezone

from .models import ExportJob
from .selectors import ExportFilters, exportable_verdicts
from .writers import EXTENSIONS, claimreview_verdicts, stream

log = logging.getLogger(__name__)


def export_dir() -> Path:
    return Path(settings.MEDIA_ROOT) / getattr(settings, "EXPORT_SUBDIR", "exports")


@transaction.atomic
def create_export_job(*, user: Any, fmt: str, filters: ExportFilters) -> ExportJob:
    """Record the job and queue it once the transaction commits."""
    if fmt not in EXTENSIONS:
        raise ValueError(f"unknown export format {fmt!r}")
    job = ExportJob.objects.create(format=fmt, filters=filters.to_json(), requested_by=user)
    from factcheck.resilience import send_on_commit

    from .tasks import run_export

    send_on_commit(run_export, job.pk)  # broker down: the job stays queued and the sweeper sends it
    return job


def _count(fmt: str, filters: ExportFilters) -> int:
    if fmt == "claimreview":
        return claimreview_verdicts(filters).count()
    return exportable_verdicts(filters).count()


def partial_files(job: ExportJob) -> list[Path]:
    """Temporary files a run of this job may have left (one per worker process that ran it)."""
    return sorted(export_dir().glob(f".{job.filename}.*.part"))


def remove_partial_files(job: ExportJob) -> int:
    removed = 0
    for path in partial_files(job):
        path.unlink(missing_ok=True)
        removed += 1
    return removed


class _Progress:
    """Progress and heartbeat of a running job.

    On PostgreSQL the CSV rows come from a ``COPY ... TO STDOUT`` that keeps the request's connection
    busy until the last row: no other statement may run on it meanwhile ("another command is already
    in progress"). So a small thread writes ``progress`` and ``heartbeat_at`` every
    ``EXPORT_HEARTBEAT_SECONDS`` from its own connection (Django connections are per thread), which
    also keeps the heartbeat going while the server sorts before the first row. Elsewhere (SQLite,
    one writer at a time) the writes happen inline, between blocks.
    """

    def __init__(self, job_id: int, threaded: bool) -> None:
        self.job_id = job_id
        self.rows = 0
        self.writes = 0
        self.interval = float(getattr(settings, "EXPORT_HEARTBEAT_SECONDS", 5.0))
        self._threaded = threaded
        self._last = time.monotonic()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def __enter__(self) -> _Progress:
        if self._threaded:
            self._thread = threading.Thread(target=self._beat, name=f"export-{self.job_id}-heartbeat", daemon=True)
            self._thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        if self._thread is not None:
            self._stop.set()
            self._thread.join(timeout=30)

    def advance(self, rows: int) -> None:
        self.rows = rows
        if not self._threaded and time.monotonic() - self._last >= self.interval:
            self._write()

    def _write(self) -> None:
        ExportJob.objects.filter(pk=self.job_id, status=ExportJob.Status.RUNNING).update(
            progress=self.rows, heartbeat_at=timezone.now()
        )
        self.writes += 1
        self._last = time.monotonic()

    def _beat(self) -> None:
        from django.db import connection as thread_connection

        try:
            while not self._stop.wait(self.interval):
                try:
                    self._write()
                except Exception:  # a missed beat is not fatal; the next one tries again
                    log.warning("export job %s: heartbeat failed", self.job_id, exc_info=True)
                    thread_connection.close()
        finally:
            thread_connection.close()


def run_export_job(job_id: int) -> ExportJob:
    """Write the export file. Idempotent: a finished job is left alone; a job interrupted mid-way
    (worker lost) is written again from the start into a temporary file renamed at the end.
    A failure is recorded on the job (status ``failed`` with the error), not raised; database errors
    are raised so that the task retries (the job stays ``running`` and the sweeper covers it)."""
    with transaction.atomic():
        job = ExportJob.objects.select_for_update().get(pk=job_id)
        if job.status == ExportJob.Status.DONE and job.file and (Path(settings.MEDIA_ROOT) / job.file).exists():
            return job
        now = timezone.now()
        job.status = ExportJob.Status.RUNNING
        job.started_at = now
        job.heartbeat_at = now
        job.finished_at = None
        job.progress = 0
        job.error = ""
        job.attempts += 1
        job.save(update_fields=["status", "started_at", "heartbeat_at", "finished_at", "progress", "error",
                                "attempts"])
    filters = ExportFilters.from_json(job.filters)
    folder = export_dir()
    folder.mkdir(parents=True, exist_ok=True)
    remove_partial_files(job)  # left by an earlier run whose worker died
    final = folder / job.filename
    partial = folder / f".{job.filename}.{os.getpid()}.part"
    try:
        total = _count(job.format, filters)
        ExportJob.objects.filter(pk=job_id).update(total=total)
        rows = 0
        with open(partial, "wb") as out, _Progress(job_id, threaded=connection.vendor == "postgresql") as progress:
            for i, block in enumerate(stream(job.format, filters)):
                out.write(block)
                rows += _rows_in(job.format, block, i)
                progress.advance(min(rows, total))
        os.replace(partial, final)
        ExportJob.objects.filter(pk=job_id).update(
            status=ExportJob.Status.DONE, progress=total, file=str(final.relative_to(settings.MEDIA_ROOT)),
            finished_at=timezone.now(), heartbeat_at=timezone.now(),
        )
    except Exception as exc:
        log.exception("export job %s failed", job_id)
        partial.unlink(missing_ok=True)
        if connection.in_atomic_block is False:
            connection.close_if_unusable_or_obsolete()
        if isinstance(exc, DatabaseError) and not isinstance(exc, ProgrammingError | DataError | IntegrityError):
            raise  # transient (connection lost, server gone): the task retries
        ExportJob.objects.filter(pk=job_id).update(
            status=ExportJob.Status.FAILED, error=str(exc)[:2000], finished_at=timezone.now()
        )
    return ExportJob.objects.get(pk=job_id)


@transaction.atomic
def retry_export_job(job: ExportJob) -> ExportJob:
    """Queue a failed job again (the user's "retry"); a queued, running or finished job is left alone."""
    changed = ExportJob.objects.filter(pk=job.pk, status=ExportJob.Status.FAILED).update(
        status=ExportJob.Status.QUEUED, error="", progress=0, finished_at=None, attempts=0
    )
    if changed:
        from factcheck.resilience import send_on_commit

        from .tasks import run_export

        send_on_commit(run_export, job.pk)
    return ExportJob.objects.get(pk=job.pk)


def _rows_in(fmt: str, block: bytes, index: int) -> int:
    """Progress estimate: lines written (CSV: minus the header; quoted newlines count too, the final
    update sets the exact total)."""
    if fmt == "csv":
        return block.count(b"\n") - (1 if index == 0 else 0)
    if fmt == "jsonl":
        return block.count(b"\n")
    return block.count(b'"verdict_id"') if fmt == "json" else block.count(b'"ClaimReview"')
