"""Throughput and memory of the shipped check-worthiness scorer.

    .venv/bin/python bench/bench_score_sentences.py [--n 50000] [--no-command]

Builds N sentences (the CheckThat! dev sentences from ../shared/training if present, else the test sample,
repeated and shuffled with a fixed seed), pins this process to one CPU, and reports for

1. in-process ``score_sentences`` in batches of 4096, and
2. ``manage.py score_sentences FILE > /dev/null`` as a child process (streaming path, end to end),

sentences per CPU-second (= per core), sentences per wall-second and peak RSS. Target: >= 1,000 sentences/s
per core.
"""

from __future__ import annotations

import argparse
import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import random  # noqa: E402
import resource  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from claims.extraction import scorer  # noqa: E402

TARGET = 1000.0


def sentences(n: int) -> tuple[list[str], str]:
    dev = REPO.parent / "shared" / "training" / "ct24_checkworthy_english_dev.tsv"
    source = dev if dev.is_file() else REPO / "tests" / "data" / "checkworthy_sample.tsv"
    texts, _, _ = scorer.read_tsv(source)
    rng = random.Random(0)
    out: list[str] = []
    while len(out) < n:
        chunk = texts[:]
        rng.shuffle(chunk)
        out.extend(chunk)
    return out[:n], source.name


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=50_000, help="number of sentences (default 50,000)")
    ap.add_argument("--no-command", action="store_true", help="skip the manage.py score_sentences run")
    args = ap.parse_args()
    n = max(args.n, 20_000)

    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    texts, source = sentences(n)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    scorer._load_cached.cache_clear()  # the claims.extraction package may already have loaded it on import
    t_load = time.perf_counter()
    model = scorer.load_scorer()
    load_s = time.perf_counter() - t_load
    model.score(texts[:100])  # warm-up

    wall0, cpu0 = time.perf_counter(), time.process_time()
    scores = model.score(texts)
    wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
    assert len(scores) == n
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    above = sum(s >= model.threshold for s in scores) / n

    print(f"model {model.version} (threshold {model.threshold:.2f}); {n} sentences from {source} "
          f"(mean {sum(map(len, texts)) / n:.0f} chars); one CPU")
    print(f"load:        {load_s * 1000:.0f} ms")
    print(f"in-process:  {n / cpu:,.0f} sentences/s per core (CPU {cpu:.2f} s), {n / wall:,.0f} sentences/s wall; "
          f"peak RSS {peak:.0f} MB (before loading {rss_before:.0f} MB); {above:.1%} above threshold")
    ok = n / cpu >= TARGET

    if not args.no_command:
        with tempfile.NamedTemporaryFile("w", suffix=".txt", encoding="utf-8", delete=False) as fh:
            fh.write("\n".join(texts) + "\n")
            path = fh.name
        try:
            env = {**os.environ, "DJANGO_SETTINGS_MODULE": "factcheck.settings"}
            wall0 = time.perf_counter()
            with open(os.devnull, "w") as devnull:
                subprocess.run([sys.executable, str(REPO / "manage.py"), "score_sentences", path],
                               cwd=REPO, env=env, stdout=devnull, check=True)
            wall = time.perf_counter() - wall0
            child = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu = child.ru_utime + child.ru_stime
            print(f"command:     {n / cpu:,.0f} sentences/s per core incl. Django start-up (CPU {cpu:.2f} s), "
                  f"{n / wall:,.0f} sentences/s wall; peak RSS {child.ru_maxrss / 1024:.0f} MB")
            ok = ok and n / cpu >= TARGET
        finally:
            os.unlink(path)
    print(f"target >= {TARGET:,.0f} sentences/s per core: {'met' if ok else 'NOT met'}")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
