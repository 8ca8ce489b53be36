"""claim-next under load on PostgreSQL: ``services.claim_next`` against a bare SQL loop.

    .venv/bin/python bench/bench_claim_next.py [--claims 5000] [--procs 5] [--threads 10]
        [--pg postgres://postgres@127.0.0.1:5432] [--db factcheck_bench] [--rounds 1]

50 concurrent reviewers by default (5 processes x 10 threads, every thread with its own
database connection; processes so the Python side is not one GIL) drain N queued claims:

(a) reference: raw psycopg, autocommit, one statement per claim
    UPDATE reviewers_queueitem SET status='assigned', assigned_to_id=%s, ... WHERE id =
      (SELECT id ... WHERE status='queued' ORDER BY priority DESC, enqueued_at, id
       FOR UPDATE SKIP LOCKED LIMIT 1) RETURNING id
(b) ``reviewers.services.claim_next(user)``: lazy lease expiry, idempotency, skips, groups,
    the lease on the queue item and the Assignment row (the claim row is not written:
    ``claims.review_state``). A reviewer holds one lease
    at a time (claim-next is idempotent), so each client acts for a pool of reviewer
    accounts (--pool, default 40) and takes the next claim as the next account; when the
    pool is used up the client ends those leases with one UPDATE (outside the timings'
    latency, inside the throughput's wall clock) and goes round again. Permissions are
    cached on the user objects beforehand, as the web request's context processor does.

Prints throughput (claims/s), the ratio (b)/(a), p50/p95/p99 latency of each call, and
checks that no claim was handed out twice. Uses its own database (created and migrated
here), never dev or test data. Asserts nothing about timing.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import statistics
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

BARE_SQL = """
UPDATE reviewers_queueitem SET status = 'assigned', assigned_to_id = %s,
       lease_expires_at = now() + interval '30 minutes', updated_at = now()
WHERE id = (SELECT id FROM reviewers_queueitem WHERE status = 'queued'
            ORDER BY priority DESC, enqueued_at, id FOR UPDATE SKIP LOCKED LIMIT 1)
RETURNING id
"""


def _django(db_url: str) -> None:
    os.environ["DATABASE_URL"] = db_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
    os.environ.pop("REDIS_URL", None)
    import django

    django.setup()


def _cpu(proc: Any) -> float:
    t = proc.cpu_times()
    return t.user + t.system


def _percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


# --- children --------------------------------------------------------------------------------

def _child(kind: str, db_url: str, user_ids: list, ready: mp.Queue, go: mp.Event, out: mp.Queue) -> None:
    import psutil

    results: list[tuple] = [None] * len(user_ids)  # type: ignore[list-item]

    if kind == "bare":
        import psycopg

        def run(slot: int, uid: int) -> None:
            conn = psycopg.connect(db_url, autocommit=True)
            cur = conn.cursor()
            backend = psutil.Process(conn.info.backend_pid)
            ready.put(1)
            go.wait()
            cpu0 = _cpu(backend)
            got, lat = [], []
            t_start = time.time()
            while True:
                t0 = time.perf_counter()
                cur.execute(BARE_SQL, (uid,))
                row = cur.fetchone()
                lat.append(time.perf_counter() - t0)
                if row is None:
                    break
                got.append(row[0])
            results[slot] = (got, lat[:-1], t_start, time.time(), _cpu(backend) - cpu0)
            conn.close()
    else:
        _django(db_url)
        from django.contrib.auth import get_user_model
        from django.db import connection

        from reviewers import services

        User = get_user_model()

        def run(slot: int, pool_ids: list[int]) -> None:
            pool = list(User.objects.filter(pk__in=pool_ids).order_by("pk"))
            pool[0].has_perm(services.REVIEW_PERM)
            for u in pool[1:]:  # same role: share the permission cache, as a request would have one
                u._perm_cache, u._user_perm_cache, u._group_perm_cache = (
                    pool[0]._perm_cache, pool[0]._user_perm_cache, pool[0]._group_perm_cache)
            connection.ensure_connection()
            backend = psutil.Process(connection.connection.info.backend_pid)
            ready.put(1)
            go.wait()
            cpu0 = _cpu(backend)
            got, lat, open_leases = [], [], []
            t_start = time.time()
            n = 0
            while True:
                if n and n % len(pool) == 0 and open_leases:  # pool used up: those reviewers finish
                    with connection.cursor() as cur:
                        cur.execute("UPDATE reviewers_assignment SET outcome = 'completed', ended_at = now() "
                                    "WHERE id = ANY(%s)", [open_leases])
                    open_leases = []
                user = pool[n % len(pool)]
                n += 1
                t0 = time.perf_counter()
                a = services.claim_next(user)
                lat.append(time.perf_counter() - t0)
                if a is None:
                    break
                got.append(a.queue_item_id)
                open_leases.append(a.pk)
            results[slot] = (got, lat[:-1], t_start, time.time(), _cpu(backend) - cpu0)
            connection.close()

    threads = [threading.Thread(target=run, args=(i, uid)) for i, uid in enumerate(user_ids)]  # type: ignore[arg-type]
    for t in threads:
        t.start()
    go.wait()
    client_cpu0 = time.process_time()
    for t in threads:
        t.join()
    out.put((results, time.process_time() - client_cpu0))


def run_kind(kind: str, db_url: str, user_ids: list, procs: int) -> dict:
    ctx = mp.get_context("spawn")
    ready, out, go = ctx.Queue(), ctx.Queue(), ctx.Event()
    chunks = [user_ids[i::procs] for i in range(procs)]
    children = [ctx.Process(target=_child, args=(kind, db_url, chunk, ready, go, out)) for chunk in chunks]
    for c in children:
        c.start()
    for _ in user_ids:
        ready.get(timeout=120)
    go.set()
    outs = [out.get(timeout=900) for _ in children]
    for c in children:
        c.join()
    results = [r for rs, _cpu_s in outs for r in rs]
    handed = [i for r in results for i in r[0]]
    latencies = [x for r in results for x in r[1]]
    wall = max(r[3] for r in results) - min(r[2] for r in results)
    return {"handed": handed, "lat": latencies, "wall": wall, "rate": len(handed) / wall if wall else 0.0,
            "pg_cpu": sum(r[4] for r in results), "client_cpu": sum(c for _rs, c in outs)}


# --- setup -------------------------------------------------------------------------------------

def prepare(pg: str, db: str, claims: int, clients: int, pool: int) -> tuple[list[int], list[list[int]]]:
    import psycopg

    with psycopg.connect(f"{pg}/postgres", autocommit=True) as admin:
        if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", (db,)).fetchone():
            admin.execute(f'CREATE DATABASE "{db}"')
    _django(f"{pg}/{db}")
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from accounts.services import create_user_with_role
    from claims.models import Article, Claim
    from reviewers.models import QueueItem

    users = [create_user_with_role(f"bench{i:02d}", "reviewer").pk for i in range(clients)]
    User = get_user_model()
    want = [f"bench{i:02d}_{k:03d}" for i in range(clients) for k in range(pool)]
    have_names = set(User.objects.filter(username__in=want).values_list("username", flat=True))
    new_users = User.objects.bulk_create([User(username=n, password="!") for n in want if n not in have_names])
    group = Group.objects.get(name="reviewer")
    User.groups.through.objects.bulk_create(
        [User.groups.through(user_id=u.pk, group_id=group.pk) for u in new_users], ignore_conflicts=True
    )
    ids = dict(User.objects.filter(username__in=want).values_list("username", "pk"))
    pools = [[ids[f"bench{i:02d}_{k:03d}"] for k in range(pool)] for i in range(clients)]
    body = "Officials said 12 people were hurt on Monday. " * 4
    article, _ = Article.objects.get_or_create(
        title="claim-next bench", defaults={"body": body, "status": Article.Status.EXTRACTED}
    )
    have = QueueItem.objects.filter(claim__article=article).count()
    if have < claims:
        made = Claim.objects.bulk_create([
            Claim(article=article, start=0, end=45, sentence_start=0, sentence_end=45, text=body[:45],
                  sentence=body[:45], kind=Claim.Kind.STATISTIC, score=0.9, fingerprint=f"bench{n}",
                  status=Claim.Status.QUEUED)
            for n in range(have, claims)
        ], batch_size=1000)
        QueueItem.objects.bulk_create(
            [QueueItem(claim=c, priority=(c.pk * 7919) % 1000) for c in made], batch_size=1000
        )
    return users, pools


def reset(pg: str, db: str, claims: int) -> None:
    import psycopg

    with psycopg.connect(f"{pg}/{db}", autocommit=True) as conn:
        conn.execute("TRUNCATE reviewers_assignment, reviewers_historicalassignment, "
                     "reviewers_historicalqueueitem, claims_historicalclaim RESTART IDENTITY")
        conn.execute("DELETE FROM reviewers_queueitem WHERE status <> 'queued' AND claim_id NOT IN "
                     "(SELECT id FROM claims_claim WHERE fingerprint LIKE 'bench%%')")
        conn.execute("UPDATE reviewers_queueitem SET status = 'queued', assigned_to_id = NULL, "
                     "lease_expires_at = NULL")
        conn.execute("UPDATE claims_claim SET status = 'queued'")
        count = conn.execute("SELECT count(*) FROM reviewers_queueitem WHERE status = 'queued'").fetchone()[0]
        conn.execute("VACUUM ANALYZE reviewers_queueitem")
        conn.execute("VACUUM ANALYZE reviewers_assignment")
        conn.execute("VACUUM ANALYZE claims_claim")
        if count != claims:
            print(f"note: {count} queued items (asked for {claims})")


def report(name: str, r: dict, expected: int) -> None:
    counts = Counter(r["handed"])
    doubles = sum(1 for c in counts.values() if c > 1)
    ms = [x * 1000 for x in r["lat"]]
    print(f"{name:<28} {len(r['handed']):>6} claims in {r['wall']:6.2f} s = {r['rate']:8.0f} claims/s   "
          f"p50 {_percentile(ms, 50):6.2f} ms  p95 {_percentile(ms, 95):6.2f} ms  p99 {_percentile(ms, 99):6.2f} ms  "
          f"mean {statistics.fmean(ms) if ms else float('nan'):6.2f} ms   doubles {doubles}   "
          f"all handed {len(counts) == expected}")
    n = max(1, len(r["handed"]))
    print(f"{'':<28} CPU per claim: PostgreSQL backends {r['pg_cpu'] / n * 1000:.2f} ms, "
          f"clients {r['client_cpu'] / n * 1000:.2f} ms")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--claims", type=int, default=5000)
    ap.add_argument("--procs", type=int, default=5)
    ap.add_argument("--threads", type=int, default=10, help="clients per process")
    ap.add_argument("--pg", default=os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432"))
    ap.add_argument("--db", default="factcheck_bench")
    ap.add_argument("--rounds", type=int, default=1)
    ap.add_argument("--pool", type=int, default=40, help="reviewer accounts per client for (b)")
    args = ap.parse_args()
    clients = args.procs * args.threads
    db_url = f"{args.pg}/{args.db}"
    users, pools = prepare(args.pg, args.db, args.claims, clients, args.pool)
    print(f"claim-next bench: {args.claims} queued claims, {clients} concurrent reviewers "
          f"({args.procs} processes x {args.threads} threads), PostgreSQL {args.db}, {os.cpu_count()} CPUs")
    for rnd in range(args.rounds):
        reset(args.pg, args.db, args.claims)
        bare = run_kind("bare", db_url, users, args.procs)
        report("(a) bare SQL loop", bare, args.claims)
        reset(args.pg, args.db, args.claims)
        svc = run_kind("service", db_url, pools, args.procs)
        report("(b) services.claim_next", svc, args.claims)
        import psycopg

        with psycopg.connect(db_url) as conn:
            per_item = conn.execute("SELECT count(*) FROM (SELECT queue_item_id FROM reviewers_assignment "
                                    "GROUP BY queue_item_id HAVING count(*) > 1) x").fetchone()[0]
            hist = conn.execute("SELECT count(*) FROM reviewers_historicalassignment").fetchone()[0]
        print(f"round {rnd + 1}: ratio (b)/(a) = {svc['rate'] / bare['rate']:.2f}x   "
              f"items with >1 assignment in the database: {per_item}   assignment history rows: {hist}")


if __name__ == "__main__":
    main()
