"""The desk dashboard at the size of bench_scale's databases (1M claims by default).

    .venv/bin/python bench/bench_dashboard.py --claims 1000000      # copy the bench_scale DB, time
    .venv/bin/python bench/bench_dashboard.py --claims 100000 --keep

Database. bench_scale's ``factcheck_bench_scale_<claims>`` (filled by it first when missing) is
copied to ``factcheck_bench_dashboard_<claims>`` (``CREATE DATABASE ... TEMPLATE``: the copy has the
planner statistics too), so the colleague's database is only read, never migrated. The copy is
migrated (the dashboard's summary table) and gets blind second reviews for ``--independent``
claims that have a verdict (two submitted ratings each, agreeing about 70% of the time), which the
fill does not make. Dropped at the end unless ``--keep``.

Measured, in this process on that database:
- each figure's selector (what the beat task runs every DASHBOARD_REFRESH_SECONDS): median of 3;
- the page, a figure's CSV and ``/api/dashboard/agreement/`` through Django's test client as an
  editor (session), median and p95 of 15 after one warm-up, with queries per request;
- the reference in the same run: ``/favicon.ico`` (a redirect, no database) through the same client,
  and "the page computed per view" = the sum of the selectors, what the page would cost without the
  summary table.
"""

from __future__ import annotations

import argparse
import logging
import os
import random
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))
SERVER = "postgresql://postgres@127.0.0.1:5432"


def _p95(values: list[float]) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(0.95 * (len(values) - 1))))]


def copy_database(claims: int, keep: bool) -> str:
    import bench_scale
    import psycopg

    source, target = bench_scale.db_name(claims), f"factcheck_bench_dashboard_{claims}"
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [source]).fetchone():
            bench_scale.ensure_filled(claims, refill=False)
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [target]).fetchone()
        if exists and keep:
            print(f"{target}: reused", flush=True)
            return target
        if exists:
            conn.execute(f'DROP DATABASE "{target}" WITH (FORCE)')
        busy = conn.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = %s", [source]).fetchone()[0]
        if busy:
            raise SystemExit(f"{source} has {busy} open connection(s) (a colleague's bench?); try again later")
        t0 = time.perf_counter()
        conn.execute(f'CREATE DATABASE "{target}" TEMPLATE "{source}"')
        print(f"{target}: copied from {source} in {time.perf_counter() - t0:.0f} s", flush=True)
    return target


def add_independent_reviews(n_claims: int, seed: int = 17) -> int:
    """Two submitted blind ratings for ``n_claims`` claims that have a verdict (none exist in the fill)."""
    from django.db import connection, transaction
    from django.utils import timezone

    from reviewers.models import IndependentReview, Verdict

    if IndependentReview.objects.exists():
        return IndependentReview.objects.count() // 2
    rng = random.Random(seed)
    ratings = ["true", "mostly-true", "half-true", "mostly-false", "false", "misleading", "unverifiable"]
    rows = list(Verdict.objects.exclude(submitted_at=None).order_by("id")
                .values_list("claim_id", "reviewer_id", "submitted_at")[:n_claims])
    from django.contrib.auth import get_user_model

    reviewers = list(get_user_model().objects.filter(username__startswith="bench_reviewer")
                     .values_list("pk", flat=True))
    now = timezone.now()
    objs = []
    for claim_id, first, submitted in rows:
        second = rng.choice([r for r in reviewers if r != first])
        a = rng.choice(ratings)
        b = a if rng.random() < 0.7 else rng.choice(ratings)
        when = min(now, submitted or now)
        objs += [IndependentReview(claim_id=claim_id, reviewer_id=first, round=1, rating=a, status="submitted",
                                   submitted_at=when),
                 IndependentReview(claim_id=claim_id, reviewer_id=second, round=2, rating=b, status="submitted",
                                   submitted_at=when)]
    with transaction.atomic():
        IndependentReview.objects.bulk_create(objs, batch_size=5000)
    with connection.cursor() as cur:
        cur.execute("ANALYZE reviewers_independentreview")
    return len(rows)


def time_selectors(runs: int = 3) -> dict[str, float]:
    from desk import selectors

    out = {}
    for key, fn in selectors.FIGURES.items():
        times = []
        for _ in range(runs):
            t0 = time.perf_counter()
            fn()
            times.append((time.perf_counter() - t0) * 1000)
        out[key] = statistics.median(times)
    return out


def time_urls(n: int = 15) -> list[tuple[str, float, float, int, int]]:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client

    logging.getLogger("django.request").setLevel(logging.ERROR)
    client = Client()
    client.force_login(get_user_model().objects.get(username="bench_editor0"))
    rows = []
    for url in ("/favicon.ico", "/desk/dashboard/", "/desk/dashboard/throughput.csv", "/api/dashboard/agreement/"):
        client.get(url)  # warm-up
        seen: list[str] = []

        def count(execute, sql, params, many, context, seen=seen):
            seen.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            status = client.get(url).status_code
        times = []
        for _ in range(n):
            t0 = time.perf_counter()
            client.get(url)
            times.append((time.perf_counter() - t0) * 1000)
        rows.append((url, statistics.median(times), _p95(times), len(seen), status))
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--claims", type=int, default=1_000_000)
    ap.add_argument("--independent", type=int, default=5000, help="claims given two blind ratings")
    ap.add_argument("--keep", action="store_true", help="keep (and reuse) the copied database")
    args = ap.parse_args()

    name = copy_database(args.claims, args.keep)
    os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{name}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "factcheck.settings"
    os.environ["ALLOWED_HOSTS"] = "testserver,localhost,127.0.0.1"
    for var in ("REDIS_URL", "CELERY_BROKER_URL"):
        os.environ.pop(var, None)
    import django

    django.setup()
    from django.core.management import call_command

    t0 = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"migrate: {time.perf_counter() - t0:.1f} s", flush=True)
    from claims.models import Claim

    print(f"claims: {Claim.objects.count():,}; blind second reviews on "
          f"{add_independent_reviews(args.independent):,} claims", flush=True)
    from desk import services

    services.refresh_dashboard()  # the beat task's first run; the page reads it
    sel = time_selectors()
    print(f"\nselectors (the beat task's work), median of 3, ms, {args.claims:,} claims:")
    for key, ms in sel.items():
        print(f"  {key:<22} {ms:>9,.0f}")
    print(f"  {'all (one refresh)':<22} {sum(sel.values()):>9,.0f}   <- what every page view would cost "
          "without the summary table")
    print("\nrequests through Django's test client (editor session), n=15, ms:")
    print(f"  {'url':<34} {'p50':>8} {'p95':>8} {'queries':>8} {'status':>7}")
    for url, p50, p95, q, status in time_urls():
        label = url + ("   (reference: no database)" if url == "/favicon.ico" else "")
        print(f"  {label:<34} {p50:>8.1f} {p95:>8.1f} {q:>8} {status:>7}")
    if not args.keep:
        from django.db import connections

        connections.close_all()
        import psycopg

        with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main()
