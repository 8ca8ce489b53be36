"""A short run of bench/soak.py (the full one is 50 reviewers for 10 minutes): reviewers, editors and
ingestion at once through gunicorn and a Celery worker; the database must show no lost or doubled work."""

from __future__ import annotations

import json
import subprocess
import sys

import psycopg
import pytest
from django.db import connection

from tests.conftest import REPO, TEST_REDIS_URL

pytestmark = [pytest.mark.fault, pytest.mark.slow, pytest.mark.celery, pytest.mark.postgres]


def test_short_soak_loses_and_doubles_nothing():
    db = f"factcheck_bench_soak_{connection.settings_dict['NAME']}"[:63]
    cmd = [sys.executable, str(REPO / "bench" / "soak.py"), "--seconds", "12", "--reviewers", "8", "--editors", "2",
           "--claims", "400", "--ingest-every", "2", "--reference-seconds", "1", "--workers", "1", "--threads", "8",
           "--db", db, "--redis", TEST_REDIS_URL, "--json"]
    try:
        proc = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, timeout=400)
    finally:
        with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
    assert proc.returncode in (0, 1), proc.stderr[-3000:]
    figures = json.loads(proc.stdout.strip().splitlines()[-1])
    assert figures["checks"] and not any(figures["checks"].values()), proc.stdout
    assert proc.returncode == 0
    ops = figures["operations"]
    assert ops["submit"]["codes"].get("200", 0) > 0 and figures["published"] > 0, proc.stdout
    assert figures["ingested"] > 0
