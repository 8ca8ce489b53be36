"""Export jobs: a CSV job over the progress interval finishes on PostgreSQL (progress is written from
another connection while COPY holds the job's one); a job whose worker process is SIGKILLed is re-run
by the sweeper (or failed, then retried by the user) and leaves no partial file."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from claims.models import Article, Claim
from exports.models import ExportJob
from exports.services import export_dir, partial_files, run_export_job
from factcheck.sweeper import sweep
from reviewers.models import Verdict
from tests.conftest import REPO
from tests.factories import UserFactory
from tests.fault.conftest import database_url, wait_for

pytestmark = [pytest.mark.fault, pytest.mark.postgres]


def _published_verdicts(n: int, rationale_chars: int = 300) -> None:
    article = Article.objects.create(title="Export source", body=f"Body for {n} verdicts.")
    claims = Claim.objects.bulk_create(
        Claim(article=article, start=i, end=i + 1, sentence_start=0, sentence_end=n + 1, text=f"Claim {i} said 12.",
              sentence="s", kind="statistic", fingerprint=f"fp{i}", status="published")
        for i in range(n)
    )
    reviewer = UserFactory()
    when = timezone.now() - dt.timedelta(days=1)
    filler = ("Official figures, checked twice; see the ministry report. " * 20)[:rationale_chars]
    Verdict.objects.bulk_create(
        Verdict(claim=c, reviewer=reviewer, rating="false", rationale=f"{c.pk}: {filler}", status="published",
                submitted_at=when, approved_at=when, published_at=when)
        for c in claims
    )


def test_csv_job_over_a_megabyte_finishes_with_heartbeats_during_copy(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.EXPORT_HEARTBEAT_SECONDS = 0.005  # many progress writes while the COPY streams
    _published_verdicts(4000)
    job = ExportJob.objects.create(format="csv", requested_by=UserFactory())
    job = run_export_job(job.pk)
    assert job.status == ExportJob.Status.DONE, job.error
    path = Path(tmp_path) / job.file
    assert path.stat().st_size > 1024 * 1024
    assert (job.progress, job.total) == (4000, 4000)
    assert job.heartbeat_at > job.started_at
    assert not partial_files(job)


def _run_slow_export_in_a_process(job_id: int, media: Path) -> subprocess.Popen:
    """``run_export_job`` in a separate process whose writer is slowed down (the fault injected: a
    long export), so that it can be SIGKILLed halfway."""
    code = f"""
import time, django
django.setup()
from exports import services, writers
real = writers.stream
def slow(fmt, filters=None):
    for block in real(fmt, filters):
        time.sleep(0.5)
        yield block
services.stream = slow
writers.COPY_FLUSH_BYTES = 512
services.run_export_job({job_id})
"""
    env = {**os.environ, "DATABASE_URL": database_url(), "MEDIA_ROOT": str(media), "EXPORT_HEARTBEAT_SECONDS": "0.2",
           "DJANGO_SETTINGS_MODULE": "factcheck.settings"}
    env.pop("REDIS_URL", None)
    return subprocess.Popen([sys.executable, "-c", code], cwd=REPO, env=env)


def _kill_mid_export(job: ExportJob, media: Path) -> None:
    proc = _run_slow_export_in_a_process(job.pk, media)
    try:
        assert wait_for(lambda: bool(partial_files(job)) and ExportJob.objects.get(pk=job.pk).progress > 0, 60,
                        every=0.05), "the export did not start writing"
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)


def test_killed_export_is_rerun_by_the_sweeper_without_partial_files(transactional_db, settings, tmp_path, editor):
    settings.MEDIA_ROOT = tmp_path
    settings.CELERY_TASK_ALWAYS_EAGER = True
    _published_verdicts(300)
    job = ExportJob.objects.create(format="csv", requested_by=editor)
    _kill_mid_export(job, tmp_path)
    job.refresh_from_db()
    assert job.status == ExportJob.Status.RUNNING and partial_files(job)
    assert sweep().exports_requeued == []  # heartbeat still fresh (STUCK_AFTER_SECONDS = 600)

    settings.STUCK_AFTER_SECONDS = 1
    time.sleep(1.5)  # no heartbeat for longer than that: the worker is gone
    report = sweep()  # eager here: the re-queued job runs at once
    assert report.exports_requeued == [job.pk] and report.partial_files_removed == 1
    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE and job.attempts == 2
    assert (job.progress, job.total) == (300, 300)
    assert not list(export_dir().glob("*.part"))


def test_export_killed_too_often_is_failed_and_the_user_retries(transactional_db, settings, tmp_path, editor):
    settings.MEDIA_ROOT = tmp_path
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.EXPORT_MAX_ATTEMPTS = 1
    _published_verdicts(300)
    job = ExportJob.objects.create(format="csv", requested_by=editor)
    _kill_mid_export(job, tmp_path)
    settings.STUCK_AFTER_SECONDS = 1
    time.sleep(1.5)
    report = sweep()
    assert report.exports_failed == [job.pk] and not partial_files(job)
    job.refresh_from_db()
    assert job.status == ExportJob.Status.FAILED and "retry" in job.error

    api = APIClient()
    api.force_authenticate(editor)
    shown = api.get(f"/api/export-jobs/{job.pk}/").json()
    assert shown["status"] == "failed" and shown["attempts"] == 1
    resp = api.post(f"/api/export-jobs/{job.pk}/retry/")
    assert resp.status_code == 202, resp.content
    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE and job.total == 300
    assert api.post(f"/api/export-jobs/{job.pk}/retry/").json()["error"]["code"] == "not_failed"
    assert not list(export_dir().glob("*.part"))
