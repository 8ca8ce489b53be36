"""One BLAS thread a process (factcheck/__init__.py): a worker is one process a core, and OpenBLAS's helper
threads busy-wait after every small matmul on the other core (bench/README, 2026-12-07, "a spinning BLAS thread")."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
_PROBE = ("import {first}, numpy, threadpoolctl; "
          "print(max(i['num_threads'] for i in threadpoolctl.threadpool_info() if i['user_api'] == 'blas'))")


def _blas_threads(first: str, **env: str) -> int:
    clean = {k: v for k, v in os.environ.items() if k not in {"OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS"}}
    out = subprocess.run([sys.executable, "-c", _PROBE.format(first=first)], cwd=ROOT, env={**clean, **env},
                         capture_output=True, text=True, check=True)
    return int(out.stdout.strip())


@pytest.mark.parametrize("first", ["claims.extraction", "factcheck.celery", "factcheck.wsgi"])
def test_every_entry_point_loads_numpy_with_one_blas_thread(first):
    """The extraction package (bench, worker), the Celery app, gunicorn's WSGI app (Django set up: apps loaded)."""
    pytest.importorskip("threadpoolctl")
    assert _blas_threads(first, DJANGO_SETTINGS_MODULE="factcheck.settings") == 1


def test_an_explicit_setting_wins():
    pytest.importorskip("threadpoolctl")
    assert _blas_threads("claims.extraction", OPENBLAS_NUM_THREADS="2") == 2
