"""PostgreSQL: CSV by COPY gives the same rows as the portable (SQLite) path; an export job runs in a
real Celery worker."""

from __future__ import annotations

import csv
import datetime as dt
import io
import time
from pathlib import Path

import pytest
from django.db import connection
from rest_framework.test import APIClient

from exports import writers
from exports.models import ExportJob
from exports.selectors import ExportFilters
from tests.factories import ArticleFactory, ClaimFactory, SourceFactory, decided_verdict

pytestmark = pytest.mark.postgres


def _make_tricky(n: int = 30) -> None:
    source = SourceFactory(name='Outlet, "quoted"\nnewline')
    for i in range(n):
        article = ArticleFactory(source=source if i % 2 else None, title=f'T{i}, "q" é ✓',
                                 body=f"Claim {i}, with \"quotes\"\nand a newline said 12.", url="" if i % 3 else
                                 f"https://x.example/{i}")
        claim = ClaimFactory(article=article, speaker="" if i % 4 == 0 else f"Sp {i}")
        when = dt.datetime(2024, 1, 1, 12, 0, 0, (i * 12345) % 1_000_000, tzinfo=dt.UTC)
        published = {"public_slug": f"t-{i}", "retracted_at": when if i % 3 == 0 else None} if i % 2 else {}
        decided_verdict("published" if i % 2 else "approved", claim=claim,
                        rating=["true", "false", "misleading", "unverifiable"][i % 4],
                        rationale="" if i % 5 == 0 else f"Line one\r\nline, two \"{i}\"", when=when, **published)
    decided_verdict("draft", rationale="MARK-draft")


def _rows(blob: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(blob.decode("utf-8"), newline="")))


@pytest.mark.django_db
def test_copy_gives_the_same_rows_as_the_portable_path():
    assert connection.vendor == "postgresql"
    _make_tricky()
    via_copy = b"".join(writers.csv_stream(use_copy=True))
    portable = b"".join(writers.csv_stream(use_copy=False))
    assert b"MARK-draft" not in via_copy
    rows_copy, rows_portable = _rows(via_copy), _rows(portable)
    assert len(rows_copy) == 31
    assert rows_copy == rows_portable
    filtered = ExportFilters(rating="false", status="approved")
    assert _rows(b"".join(writers.csv_stream(filtered, use_copy=True))) == _rows(
        b"".join(writers.csv_stream(filtered, use_copy=False))
    )


@pytest.mark.django_db
def test_the_view_streams_via_copy_and_an_abandoned_stream_leaves_the_connection_usable(editor, monkeypatch):
    _make_tricky(10)
    calls = []
    real = writers.copy_csv_rows
    monkeypatch.setattr(writers, "copy_csv_rows", lambda f=None: calls.append(f) or real(f))
    api = APIClient()
    api.force_authenticate(editor)
    resp = api.get("/api/exports/csv/")
    assert _rows(b"".join(resp.streaming_content))[1:] == _rows(b"".join(writers.iter_csv_rows()))
    assert calls, "the PostgreSQL view did not use COPY"
    # a client that goes away after the first block: the COPY is cancelled, the connection works
    monkeypatch.setattr(writers, "COPY_FLUSH_BYTES", 10)
    gen = real()
    assert next(gen)
    gen.close()
    assert ExportJob.objects.count() == 0
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)


@pytest.mark.celery
@pytest.mark.slow
def test_export_job_runs_in_a_real_celery_worker(celery_worker_process, editor):
    from django.conf import settings

    _make_tricky(20)
    api = APIClient()
    api.force_authenticate(editor)
    resp = api.post("/api/export-jobs/", {"format": "csv", "filters": {"status": "published"}}, format="json")
    assert resp.status_code == 202, resp.content
    job_id = resp.json()["id"]
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        job = api.get(f"/api/export-jobs/{job_id}/").json()
        if job["status"] in ("done", "failed"):
            break
        time.sleep(0.2)
    assert job["status"] == "done", job
    assert (job["progress"], job["total"]) == (10, 10)
    got = b"".join(api.get(job["download"]).streaming_content)
    assert _rows(got) == _rows(b"".join(writers.csv_stream(ExportFilters(status="published"))))
    (Path(str(settings.MEDIA_ROOT)) / ExportJob.objects.get(pk=job_id).file).unlink()
