"""CPU per request of the API lists, in-process, on the filled bench database (issue 15).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/factcheck_bench_scale_1000000 \\
        .venv/bin/python bench/profile_api.py [--only REGEX] [--n 20] [--dump DIR] [--profile NAME]

Wall time means little on a shared 2-core machine; CPU time holds up better. For every API row of
``bench_scale.py``'s URL list (same names, same deep cursors; the database must be filled by it, this
script never writes to it) through Django's test client with the bench user's token:

- ``py ms``: median ``time.process_time()`` of this process over ``--n`` requests (after 2 warm-ups);
- ``pg ms``: the connection's PostgreSQL backend user + system CPU (``/proc/<pg_backend_pid>/stat``,
  10 ms ticks, so read over all ``--n`` requests and divided: a mean);
- ``C ms`` = py + pg, the figure the 20-client p95 follows (bench/README.md, fifth round);
- ``q`` and ``sql ms``: statements per request and their time (``CaptureQueriesContext``, a separate
  pass of 3 requests, median), so the capture's own cost is not in the CPU columns.

``--dump DIR`` writes each response body to ``DIR/<name>.json`` (compare two runs with ``cmp`` or
``diff -r``: the JSON must stay byte-identical). ``--profile NAME`` runs cProfile over ``--n``
requests of the first row matching NAME and prints the top functions. The throttle rates are set
as bench_scale's gunicorn sets them; ``--redis URL`` puts the cache (and so the throttles' counters)
in Redis as docker-compose does (default: the local-memory cache, as bench_scale serves it).
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import os
import pstats
import re
import statistics
import sys
import time
from pathlib import Path

# the checkout to measure: the current directory when it is one (to time another commit's code with
# this script), else this script's own
REPO = Path.cwd() if (Path.cwd() / "manage.py").exists() else Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))
sys.path.insert(0, str(REPO))

DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/factcheck_bench_scale_1000000"



def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", default=os.environ.get("DATABASE_URL") or DEFAULT_DB)
    ap.add_argument("--only", help="regex on the row names (default: every API row)")
    ap.add_argument("--n", type=int, default=20, help="timed requests per URL (default 20)")
    ap.add_argument("--dump", help="directory for the response bodies")
    ap.add_argument("--profile", help="cProfile the first row whose name matches this regex")
    ap.add_argument("--redis", help="cache (throttle counters) in this Redis, as docker-compose runs")
    args = ap.parse_args()

    os.environ.setdefault("THROTTLE_USER", "10000000/min")
    os.environ.setdefault("THROTTLE_ANON", "10000000/min")
    import bench_scale

    bench_scale._django(args.db)
    if args.redis:
        from django.conf import settings

        settings.CACHES["default"] = {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                      "LOCATION": args.redis}
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from rest_framework.authtoken.models import Token

    settings.ALLOWED_HOSTS = ["*"]
    User = get_user_model()
    tokens = {role: Token.objects.get(user=User.objects.get(username=name)).key
              for role, name in (("reviewer", "bench_reviewer00"), ("editor", "bench_editor0"))}
    rows = [t for t in bench_scale.targets(0) if t.path.startswith("/api/") and t.who in tokens
            and (not args.only or re.search(args.only, t.name))]
    for t in rows:
        if t.deep:
            t.path = bench_scale.deep_path(t, Client(), {"HTTP_AUTHORIZATION": f"Token {tokens[t.who]}"})
    if args.dump:
        Path(args.dump).mkdir(parents=True, exist_ok=True)

    if args.profile:
        t = next(t for t in rows if re.search(args.profile, t.name))
        c, h = Client(), {"HTTP_AUTHORIZATION": f"Token {tokens[t.who]}"}
        for _ in range(3):
            c.get(t.path, **h)
        prof = cProfile.Profile(time.process_time)
        prof.enable()
        for _ in range(args.n):
            c.get(t.path, **h)
        prof.disable()
        out = io.StringIO()
        st = pstats.Stats(prof, stream=out)
        st.sort_stats("tottime").print_stats(35)
        st.sort_stats("cumulative").print_stats(60)
        print(f"{t.name}: {t.path}\n{out.getvalue()}")
        gc_ms: list[float] = []
        start = [0.0]

        def watch(phase: str, info: dict) -> None:
            if phase == "start":
                start[0] = time.process_time()
            else:
                gc_ms.append((time.process_time() - start[0]) * 1000)

        gc.callbacks.append(watch)
        t0 = time.process_time()
        for _ in range(args.n):
            c.get(t.path, **h)
        total = (time.process_time() - t0) * 1000
        gc.callbacks.remove(watch)
        print(f"garbage collector: {len(gc_ms)} runs, {sum(gc_ms):.1f} of {total:.1f} ms CPU ({args.n} requests)")
        return

    with connection.cursor() as cur:
        cur.execute("SELECT pg_backend_pid()")
        pid = cur.fetchone()[0]
    print(f"load average {os.getloadavg()[0]:.1f}; {args.n} requests a row", file=sys.stderr)
    print(f"{'row':40s} {'q':>3} {'sql ms':>7} {'py ms':>7} {'pg ms':>6} {'C ms':>6}  bytes")
    for t in rows:
        c, h = Client(), {"HTTP_AUTHORIZATION": f"Token {tokens[t.who]}"}
        for _ in range(2):
            resp = c.get(t.path, **h)
        py = []
        pg0 = bench_scale.backend_cpu(pid)
        for _ in range(args.n):
            t0 = time.process_time()
            resp = c.get(t.path, **h)
            py.append((time.process_time() - t0) * 1000)
        pg = (bench_scale.backend_cpu(pid) - pg0) * 1000 / args.n
        sql = []
        for _ in range(3):
            with CaptureQueriesContext(connection) as ctx:
                c.get(t.path, **h)
            sql.append(sum(float(q["time"]) for q in ctx.captured_queries) * 1000)
        body = resp.content
        if args.dump:
            name = re.sub(r"[^a-z0-9]+", "_", t.name.lower()).strip("_")
            Path(args.dump, f"{name}.json").write_bytes(body)
        p = statistics.median(py)
        print(f"{t.name:40s} {len(ctx.captured_queries):>3} {statistics.median(sql):>7.1f} {p:>7.1f} {pg:>6.1f}"
              f" {p + pg:>6.1f}  {len(body):,}{'' if resp.status_code == 200 else f'  HTTP {resp.status_code}'}",
              flush=True)
    print(f"load average {os.getloadavg()[0]:.1f}", file=sys.stderr)


if __name__ == "__main__":
    main()
