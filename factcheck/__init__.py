"""Project wiring (settings, URLs, Celery, WSGI).

The Celery app is loaded by ``FactcheckConfig.ready`` (``factcheck/apps.py``) rather than here, so
that importing a plain module under this package (``factcheck.errors``, which the Django-free
extraction package shares) does not pull in Celery and Django's settings.

One BLAS thread a process: every entry point (manage.py, Celery, gunicorn, the extraction package via
``factcheck.errors``) imports this package before numpy, and OpenBLAS reads the variable when numpy loads it.
A worker is one process a core; with OpenBLAS's default (a thread a core) each small matmul (the band
signature, the scorer) woke a helper thread that then busy-waited on the other core, charged to the process:
bench_extraction.py on PolNeAR 5.6-5.7 -> 9.4 articles per CPU-second for the extraction alone, the
encoding 6.9 -> 4.3 ms a claim (bench/README, 2026-12-07, "a spinning BLAS thread"). Set the variable to override.
"""

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
