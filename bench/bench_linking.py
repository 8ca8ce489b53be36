"""Cross-article linking at corpus scale on PostgreSQL: per-claim cost must not grow with the corpus.

    .venv/bin/python bench/bench_linking.py [--sizes 200000 1000000] [--batch 1000] [--procs 2]
        [--pg postgres://postgres@127.0.0.1:5432] [--db factcheck_bench_linking] [--fresh]

Uses its own database (created and migrated here), never dev or test data. For each size the
corpus is grown to that many synthetic claims (articles, claims and their LSH signatures written
with COPY; signatures computed by ``claims.linking.band_buckets`` in worker processes), then a
batch of new claims (half restatements of random corpus claims, half fresh) is linked with
``claims.linking.link_new_claims`` exactly as the Celery task does. Printed per size: wall time for
the batch, per-claim time, candidate rows read and distinct candidates per claim (mean / p95 /
max), recall of the restatements, and the plan of one bucket lookup. The batch is deleted again
so the next size starts from the same kind of corpus. Asserts nothing about timing.

Synthetic text: Zipf-like words from a 40,000-word vocabulary, p(rank r) ~ 1/(r + 10) (so some words
and hence some buckets are hot), 6-12 words, news-generic tokens and a figure in
some claims; 3% of corpus claims restate an earlier one (news repeats itself).
"""

from __future__ import annotations

import argparse
import io
import json
import multiprocessing as mp
import os
import statistics
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

VOCAB_SIZE = 40_000
_LETTERS = "bcdfghjklmnpqrtvwxz"
GENERIC = ["Russia", "Syria", "Moscow", "military", "government", "president", "officials", "troops"]
PER_ARTICLE = 10


def _word(i: int) -> str:
    out = ""
    for _ in range(4):
        i, r = divmod(i, len(_LETTERS))
        out += _LETTERS[r]
    return f"q{out}k"


VOCAB = [_word(i) for i in range(VOCAB_SIZE)]
# p(rank r) ~ 1 / (r + 10): the commonest content word is ~1.2% of words (in ~10% of claims),
# after stopwords and the generic news words, which are drawn separately below.
WORD_P = 1.0 / (np.arange(VOCAB_SIZE) + 10.0)
WORD_CDF = np.cumsum(WORD_P / WORD_P.sum())


def synth_texts(n: int, seed: int) -> list[str]:
    rng = np.random.default_rng(seed)
    out: list[str] = []
    for _ in range(n):
        if out and rng.random() < 0.03:
            words = out[int(rng.integers(len(out)))].rstrip(".").split()
            rng.shuffle(words)
            out.append(" ".join(words) + ".")
            continue
        k = int(rng.integers(6, 13))
        idx = np.minimum(np.searchsorted(WORD_CDF, rng.random(k)), VOCAB_SIZE - 1)
        words = [VOCAB[int(i)] for i in idx]
        words += [GENERIC[int(i)] for i in rng.choice(len(GENERIC), size=int(rng.integers(1, 3)), replace=False)]
        if rng.random() < 0.3:
            words.append(f"{int(rng.integers(2, 100_000)):,}")
        rng.shuffle(words)
        out.append(" ".join(words) + ".")
    return out


def _sign(args: tuple[int, list[str]]) -> bytes:
    from claims.linking import band_buckets, content_tokens

    first_id, texts = args
    buf = io.StringIO()
    for offset, text in enumerate(texts):
        for band, bucket in band_buckets(content_tokens(text)):
            buf.write(f"{first_id + offset}\t{band}\t{bucket}\n")
    return buf.getvalue().encode()


def setup_django(pg: str, db: str, fresh: bool) -> None:
    import psycopg

    with psycopg.connect(f"{pg}/postgres", autocommit=True) as conn:
        if fresh:
            conn.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db]).fetchone():
            conn.execute(f'CREATE DATABASE "{db}"')
    os.environ["DATABASE_URL"] = f"{pg}/{db}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def grow_corpus(target: int, procs: int, seed: int) -> None:
    from django.db import connection

    from claims.models import Claim

    have = Claim.objects.count()
    need = target - have
    if need <= 0:
        print(f"corpus already has {have:,} claims")
        return
    t0 = time.perf_counter()
    texts = synth_texts(need, seed=seed + have)
    with connection.cursor() as cur:
        cur.execute("SELECT COALESCE(MAX(id), 0) FROM claims_article")
        next_article = cur.fetchone()[0] + 1
        cur.execute("SELECT COALESCE(MAX(id), 0) FROM claims_claim")
        next_claim = cur.fetchone()[0] + 1
    n_articles = (need + PER_ARTICLE - 1) // PER_ARTICLE
    pg = connection.connection  # the psycopg 3 connection under Django's
    with connection.cursor():
        pass
    with pg.cursor() as cur:
        with cur.copy(
            "COPY claims_article (id, title, body, url, author, content_hash, language, status, extraction_error,"
            " extractor_version, created_at, updated_at) FROM STDIN"
        ) as copy:
            for a in range(n_articles):
                aid = next_article + a
                copy.write_row((aid, f"Synthetic {aid}", f"Synthetic article {aid}.", "", "", f"b{aid:063d}",
                                "en", "extracted", "", "bench", "now", "now"))
        with cur.copy(
            'COPY claims_claim (id, article_id, start, "end", sentence_start, sentence_end, text, sentence, kind,'
            " speaker, quantities, dates, score, reasons, status, fingerprint, extractor_version, span_missing,"
            " created_at, updated_at) FROM STDIN"
        ) as copy:
            for i, text in enumerate(texts):
                cid = next_claim + i
                copy.write_row((cid, next_article + i // PER_ARTICLE, 0, len(text), 0, len(text), text, text, "event",
                                "", "[]", "[]", 0.5, "[]", "extracted", f"b{cid}", "bench", False, "now", "now"))
        t1 = time.perf_counter()
        chunk = 5000
        jobs = [(next_claim + i, texts[i : i + chunk]) for i in range(0, len(texts), chunk)]
        with mp.get_context("fork").Pool(procs) as pool, cur.copy(
            "COPY claims_claimsignature (claim_id, band, bucket) FROM STDIN"
        ) as copy:
            for block in pool.imap(_sign, jobs):
                copy.write(block)
        for table in ("claims_article", "claims_claim"):
            cur.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))")
    pg.commit()
    with connection.cursor() as cur:
        cur.execute("ANALYZE claims_article; ANALYZE claims_claim; ANALYZE claims_claimsignature")
    t2 = time.perf_counter()
    print(f"grew corpus by {need:,} claims to {target:,}: rows {t1 - t0:.0f}s, signatures {t2 - t1:.0f}s")


def run_batch(batch: int, seed: int) -> dict:
    from django.db import connection

    from claims import linking
    from claims.models import Article, Claim, ClaimLink

    rng = np.random.default_rng(seed)
    max_id = Claim.objects.order_by("-pk").values_list("pk", flat=True).first()
    sources: list[int] = []
    while len(sources) < batch // 2:
        found = set(Claim.objects.filter(pk__in=rng.integers(1, max_id + 1, size=batch).tolist())
                    .values_list("pk", flat=True))
        sources += sorted(found)[: batch // 2 - len(sources)]
    src_text = dict(Claim.objects.filter(pk__in=sources).values_list("pk", "text"))
    texts: list[tuple[str, int | None]] = []
    for pk in sources:
        words = src_text[pk].rstrip(".").split()
        rng.shuffle(words)
        texts.append((" ".join(words) + ".", pk))
    texts += [(t, None) for t in synth_texts(batch - len(texts), seed=seed + 99)]
    articles = Article.objects.bulk_create(
        [Article(title=f"Batch {seed}-{i}", body=f"Batch article {seed}-{i}.", content_hash=f"batch-{seed}-{i}")
         for i in range(batch // PER_ARTICLE)]
    )
    claims = Claim.objects.bulk_create([
        Claim(article=articles[i // PER_ARTICLE], start=0, end=len(t), sentence_start=0, sentence_end=len(t),
              text=t, sentence=t, kind="event", fingerprint=f"batch{i}")
        for i, (t, _src) in enumerate(texts)
    ])
    ids = [c.pk for c in claims]

    t0 = time.perf_counter()
    created = linking.link_new_claims(ids)
    wall = time.perf_counter() - t0

    rows, distinct = [], []
    for pk in ids:
        counts = linking.candidate_ids(pk)
        rows.append(sum(counts.values()))
        distinct.append(len(counts))
    found = 0
    for claim, (_t, src) in zip(claims, texts, strict=True):
        if src is not None:
            lo, hi = sorted([claim.pk, src])
            found += ClaimLink.objects.filter(claim_id=lo, other_id=hi).exists()
    sig = claims[0].signatures.order_by("band").first()
    with connection.cursor() as cur:
        cur.execute(
            "EXPLAIN (ANALYZE, BUFFERS) SELECT claim_id FROM claims_claimsignature WHERE band = %s AND bucket = %s"
            " AND claim_id <> %s ORDER BY claim_id DESC LIMIT %s",
            [sig.band, sig.bucket, claims[0].pk, linking.BUCKET_CAP],
        )
        plan = "\n".join(r[0] for r in cur.fetchall())
    Article.objects.filter(pk__in=[a.pk for a in articles]).delete()  # cascades to claims, signatures, links

    def p95(xs: list[int]) -> int:
        return sorted(xs)[int(0.95 * (len(xs) - 1))]

    return {
        "batch": batch,
        "links_created": created,
        "wall_s": round(wall, 2),
        "ms_per_claim": round(1000 * wall / batch, 2),
        "rows_read_per_claim": {"mean": round(statistics.mean(rows), 1), "p95": p95(rows), "max": max(rows)},
        "candidates_per_claim": {"mean": round(statistics.mean(distinct), 1), "p95": p95(distinct),
                                 "max": max(distinct)},
        "restatement_recall": round(found / len(sources), 3),
        "plan": plan,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[200_000, 1_000_000])
    parser.add_argument("--batch", type=int, default=1000)
    parser.add_argument("--procs", type=int, default=2)
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--db", default="factcheck_bench_linking")
    parser.add_argument("--fresh", action="store_true", help="drop and recreate the bench database first")
    parser.add_argument("--json", help="also write the results here")
    args = parser.parse_args()
    setup_django(args.pg, args.db, args.fresh)
    from claims import linking

    print(f"LSH: {linking.NUM_PERM} permutations, {linking.BANDS} bands x {linking.ROWS} rows, "
          f"bucket cap {linking.BUCKET_CAP}, verify <= {linking.MAX_VERIFY}; "
          f"thresholds suggest {linking.SUGGEST_THRESHOLD} / auto {linking.AUTO_THRESHOLD}")
    results = []
    for size in sorted(args.sizes):
        grow_corpus(size, args.procs, seed=1)
        result = {"corpus_claims": size, **run_batch(args.batch, seed=size)}
        results.append(result)
        plan = result.pop("plan")
        print(json.dumps(result))
        print("  one bucket lookup:\n    " + "\n    ".join(plan.splitlines()))
    if len(results) > 1:
        a, b = results[0], results[-1]
        print(f"corpus x{b['corpus_claims'] / a['corpus_claims']:.1f}: per-claim time x"
              f"{b['ms_per_claim'] / a['ms_per_claim']:.2f}, candidates per claim x"
              f"{b['candidates_per_claim']['mean'] / max(a['candidates_per_claim']['mean'], 0.1):.2f}")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
