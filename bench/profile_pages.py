"""CPU per request of the bench pages, in-process, on a filled bench_scale database (issue 15).

    .venv/bin/python bench/profile_pages.py --claims 1000000 --only '^(my work|approvals)$'
    .venv/bin/python bench/profile_pages.py --only 'claim detail' --profile 20      # cProfile, top 30
    .venv/bin/python bench/profile_pages.py --only '.' --dump /tmp/before           # page bodies, to diff

Each URL through Django's test client (the session of bench_scale's reviewer / editor / admin),
``--warm`` warm-ups, then ``--n`` requests: Python = ``time.process_time()`` of this process per
request (median), PostgreSQL = user + system CPU of this connection's backend, read from
``/proc/<pg_backend_pid()>/stat`` before and after the requests (mean per request; the server must
run on this machine; parallel workers' CPU is not in it), C = the sum; sql = the statements' wall time
(median), wall = the request's wall time (median; includes capturing the queries). CPU time, not
waiting time: on a shared machine it moves much less than latency, but compare before/after
interleaved all the same. ``--dump DIR`` writes each
body with the csrf tokens blanked, to compare two versions with ``diff -r``.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import bench_scale  # noqa: E402

CSRF = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]*(")|(csrftoken["\']?\s*[:=]\s*["\'])[^"\']*', re.I)



def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--claims", type=int, default=1000000)
    ap.add_argument("--only", default=".", help="regex on bench_scale's row names")
    ap.add_argument("--n", type=int, default=20)
    ap.add_argument("--warm", type=int, default=2)
    ap.add_argument("--profile", type=int, default=0, help="cProfile this many requests per URL instead")
    ap.add_argument("--sort", default="cumulative")
    ap.add_argument("--top", type=int, default=30)
    ap.add_argument("--dump", help="write each body (csrf blanked) to this directory")
    args = ap.parse_args()

    bench_scale._django(bench_scale.db_url(args.claims))
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from rest_framework.authtoken.models import Token

    settings.ALLOWED_HOSTS = ["*"]
    User = get_user_model()
    who = {"reviewer": User.objects.get(username="bench_reviewer00"),
           "editor": User.objects.get(username="bench_editor0"),
           "admin": User.objects.get(username="bench_admin")}
    tokens = {role: Token.objects.get(user=u).key for role, u in who.items()}
    todo = [t for t in bench_scale.targets(args.claims) if t.who != "-" and re.search(args.only, t.name)]
    print(f"{'page':<40} {'q':>3} {'py ms':>7} {'pg ms':>7} {'C ms':>7} {'sql ms':>7} {'wall ms':>7}", flush=True)
    for t in todo:
        c = Client()
        if t.path.startswith("/api/"):
            kw = {"HTTP_AUTHORIZATION": f"Token {tokens[t.who]}"}
        else:
            c.force_login(who[t.who])
            kw = {}
        if t.deep:
            t.path = bench_scale.deep_path(t, c, kw)

        def get(c=c, path=t.path, kw=kw):
            resp = c.get(path, **kw)
            if hasattr(resp, "streaming_content"):
                return b"".join(resp.streaming_content)
            return resp.content

        for _ in range(args.warm):
            body = get()
        if args.dump:
            out = Path(args.dump)
            out.mkdir(parents=True, exist_ok=True)
            name = re.sub(r"[^a-z0-9]+", "_", t.name.lower()).strip("_")
            (out / f"{name}.html").write_bytes(CSRF.sub(lambda m: (m.group(1) or m.group(3)) + b"X"
                                                        + (m.group(2) or b""), body))
        with CaptureQueriesContext(connection) as ctx:
            get()
        queries = len(ctx.captured_queries)
        if args.profile:
            prof = cProfile.Profile()
            prof.enable()
            for _ in range(args.profile):
                get()
            prof.disable()
            print(f"== {t.name} ({t.path}), {args.profile} requests, {queries} queries")
            pstats.Stats(prof).sort_stats(args.sort).print_stats(args.top)
            continue
        pid = connection.connection.info.backend_pid
        py: list[float] = []
        wall: list[float] = []
        sql: list[float] = []
        pg0 = bench_scale.backend_cpu(pid)
        for _ in range(args.n):
            with CaptureQueriesContext(connection) as ctx:
                w0, t0 = time.perf_counter(), time.process_time()
                get()
                py.append((time.process_time() - t0) * 1000)
                wall.append((time.perf_counter() - w0) * 1000)
            sql.append(sum(float(q["time"]) for q in ctx.captured_queries) * 1000)
        pg = (bench_scale.backend_cpu(pid) - pg0) * 1000 / args.n
        med = statistics.median(py)
        print(f"{t.name:<40} {queries:>3} {med:>7.1f} {pg:>7.1f} {med + pg:>7.1f} {statistics.median(sql):>7.1f}"
              f" {statistics.median(wall):>7.1f}", flush=True)


if __name__ == "__main__":
    main()
