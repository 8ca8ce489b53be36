"""'Has this been checked?': paraphrase precision/recall, and lookup latency at corpus scale.

    .venv/bin/python bench/bench_lookup.py [--pairs-only] [--sizes 100000 1000000] [--queries 200]
        [--pg postgres://postgres@127.0.0.1:5432] [--db factcheck_bench_integ_lookup] [--fresh]
        [--legacy] [--cap N] [--flips N] [--verify N]

Part 1 (no database): bench/data/paraphrases.tsv, pairs written for this project: label 1 = the same
claim said differently, 0 = shares words but not the claim. For each pair the lexical score
(claims.linking) and the cosine of the sentence embeddings; precision and recall of the shipped rule
(cosine >= COSINE_THRESHOLD or lexical >= LEXICAL_THRESHOLD) and of each signal alone, plus a sweep.
The thresholds were chosen looking at this same set: the figures flatter the rule.

Part 2 (PostgreSQL, its own database): the embedding index grown to each size with synthetic
vectors that live where real ones do (normalised mixtures of two real sentence embeddings plus
noise), written with COPY. Every claim is in the band index and a ``--published`` fraction of them
is flagged published (what the lookup reads): synthetic band rows, no sentence is encoded for them.
``--queries`` planted pairs (a query vector and a corpus vector at cosine ~0.8, about a close
paraphrase; the planted ones flagged published). Printed per size: the index's candidate query and
the full semantic lookup (candidates + vectors + cosine) p50/p95 in ms, the linking's candidate
query over all claims, the recall of the planted matches through the LSH bands, candidates per
query, next to a bare reference measured in the same run (one bucket of one band read through the
same index). Also the whole ``lookup()`` for text (encoding included) and EXPLAIN (ANALYZE, BUFFERS)
of one candidate query. ``--legacy`` also times the candidate query shipped before the bucket cap (a
bitmap heap scan) in the same run; ``--cap``, ``--flips`` and ``--verify`` try other settings of the
candidate query. Asserts nothing about timing.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def pairs() -> list[tuple[int, str, str]]:
    rows = []
    for line in (REPO / "bench" / "data" / "paraphrases.tsv").read_text().splitlines():
        if line.startswith("#") or not line.strip():
            continue
        label, a, b = line.split("\t")
        rows.append((int(label), a, b))
    return rows


def pr(pred: list[bool], gold: list[int]) -> tuple[float, float, int, int, int]:
    tp = sum(1 for p, g in zip(pred, gold, strict=True) if p and g)
    fp = sum(1 for p, g in zip(pred, gold, strict=True) if p and not g)
    fn = sum(1 for p, g in zip(pred, gold, strict=True) if not p and g)
    return (tp / (tp + fp) if tp + fp else 0.0), (tp / (tp + fn) if tp + fn else 0.0), tp, fp, fn


def part1() -> None:
    from claims.linking import content_tokens, score_pair
    from integrations import embeddings as emb
    from integrations.lookup import COSINE_THRESHOLD, LEXICAL_THRESHOLD

    rows = pairs()
    gold = [r[0] for r in rows]
    lex = [score_pair(content_tokens(a), content_tokens(b))[0] for _, a, b in rows]
    print(f"paraphrase set: {sum(gold)} same-claim pairs, {len(gold) - sum(gold)} word-sharing different-claim pairs")
    if not emb.available():
        print("!! no embedding model (bash scripts/build_embedding_model.sh): lexical only")
        cos = [None] * len(rows)
    else:
        t0 = time.perf_counter()
        va = emb.encode([r[1] for r in rows])
        vb = emb.encode([r[2] for r in rows])
        dt = time.perf_counter() - t0
        print(f"encoded {2 * len(rows)} sentences in {dt:.2f} s ({2 * len(rows) / dt:.0f}/s, one thread)")
        cos = [float(x) for x in (va * vb).sum(axis=1)]
        stored = [float(emb.from_bytes(emb.to_bytes(x)) @ y) for x, y in zip(va, vb, strict=True)]
        print(f"stored form ({len(emb.to_bytes(va[0]))} bytes a vector): largest cosine change "
              f"{max(abs(a - b) for a, b in zip(cos, stored, strict=True)):.5f}; same decisions at the threshold: "
              f"{all((a >= COSINE_THRESHOLD) == (b >= COSINE_THRESHOLD) for a, b in zip(cos, stored, strict=True))}")
    seed = rows[0]
    print(f"seed pair: lexical {lex[0]:.2f}, cosine {cos[0] if cos[0] is not None else float('nan'):.3f}"
          f"  ({seed[1]!r} / {seed[2]!r})")

    def show(name: str, pred: list[bool]) -> None:
        p, r, tp, fp, fn = pr(pred, gold)
        print(f"  {name:46s} precision {p:.2f}  recall {r:.2f}  (tp {tp}, fp {fp}, fn {fn})")

    print("at the shipped thresholds:")
    if cos[0] is not None:
        show(f"shipped: cosine>={COSINE_THRESHOLD} or lexical>={LEXICAL_THRESHOLD}",
             [c >= COSINE_THRESHOLD or x >= LEXICAL_THRESHOLD for c, x in zip(cos, lex, strict=True)])
        show(f"cosine >= {COSINE_THRESHOLD} alone", [c >= COSINE_THRESHOLD for c in cos])
    show(f"lexical >= {LEXICAL_THRESHOLD} alone (the linking score)", [x >= LEXICAL_THRESHOLD for x in lex])
    if cos[0] is not None:
        print("sweep (cosine alone):")
        for t in (0.6, 0.65, 0.7, 0.75, 0.8, 0.85):
            show(f"cosine >= {t}", [c >= t for c in cos])
    print("sweep (lexical alone):")
    for t in (0.3, 0.45, 0.6, 0.8):
        show(f"lexical >= {t}", [x >= t for x in lex])


# --- part 2 ---------------------------------------------------------------------------------------

def setup_django(pg: str, db: str, fresh: bool) -> None:
    import psycopg

    with psycopg.connect(f"{pg}/postgres", autocommit=True) as conn:
        if fresh:
            conn.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db]).fetchone():
            conn.execute(f'CREATE DATABASE "{db}"')
    os.environ["DATABASE_URL"] = f"{pg}/{db}"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def base_vectors() -> np.ndarray:
    from integrations import embeddings as emb

    texts = [t for _, a, b in pairs() for t in (a, b)]
    for path in sorted((REPO / "seeds").glob("*.txt")) + sorted((REPO / "tests" / "data" / "articles").glob("*.txt")):
        texts += [s.strip() for s in path.read_text().replace("\n", " ").split(". ") if len(s.split()) > 5]
    return emb.encode(texts)


def synth(base: np.ndarray, n: int, rng: np.random.Generator) -> np.ndarray:
    i = rng.integers(len(base), size=n)
    j = rng.integers(len(base), size=n)
    w = rng.random((n, 1)).astype(np.float32)
    v = w * base[i] + (1 - w) * base[j] + rng.standard_normal((n, base.shape[1])).astype(np.float32) * 0.06
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def near(q: np.ndarray, cos: float, rng: np.random.Generator) -> np.ndarray:
    """A unit vector at cosine ``cos`` to each unit row of q."""
    r = rng.standard_normal(q.shape).astype(np.float32)
    r -= (r * q).sum(axis=1, keepdims=True) * q
    r /= np.linalg.norm(r, axis=1, keepdims=True)
    return cos * q + np.sqrt(1 - cos**2) * r


def grow(target: int, base: np.ndarray, seed: int, published: float = 1.0) -> None:
    from django.db import connection

    from integrations import embeddings as emb

    with connection.cursor() as cur:
        cur.execute("SELECT COUNT(*) FROM integrations_claimembedding")
        have = cur.fetchone()[0]
    need = target - have
    if need <= 0:
        print(f"index already holds {have:,} vectors")
        return
    t0 = time.perf_counter()
    rng = np.random.default_rng(seed + have)
    with connection.cursor() as cur:
        cur.execute("SELECT COALESCE(MAX(id), 0) FROM claims_claim")
        first = cur.fetchone()[0] + 1
    pg = connection.connection
    chunk = 20_000
    with pg.cursor() as cur:
        for start in range(0, need, chunk):
            n = min(chunk, need - start)
            vecs = synth(base, n, rng)
            buckets = emb.band_buckets(vecs)
            ids = range(first + start, first + start + n)
            with cur.copy("COPY claims_article (id, title, body, url, author, content_hash, language, status, "
                          "extraction_error, extractor_version, created_at, updated_at) FROM STDIN") as copy:
                for cid in ids:
                    copy.write_row((cid, "b", "b.", "", "", f"l{cid:063d}", "en", "extracted", "", "b", "now", "now"))
            with cur.copy('COPY claims_claim (id, article_id, start, "end", sentence_start, sentence_end, text, '
                          "sentence, kind, speaker, quantities, dates, score, reasons, status, fingerprint, "
                          "extractor_version, span_missing, corrected_fields, not_a_claim_reason, created_at, "
                          "updated_at) FROM STDIN") as copy:
                for cid in ids:
                    copy.write_row((cid, cid, 0, 2, 0, 2, "b.", "b.", "event", "", "[]", "[]", 0.5, "[]",
                                    "published", f"l{cid}", "b", False, "[]", "", "now", "now"))
            with cur.copy("COPY integrations_claimembedding (claim_id, model, text_hash, vector, created_at) "
                          "FROM STDIN") as copy:
                for cid, v in zip(ids, vecs, strict=True):
                    copy.write_row((cid, "bench", "", emb.to_bytes(v), "now"))
            flags = (rng.random(n) < published).tolist()
            with cur.copy("COPY integrations_claimembeddingband (claim_id, band, bucket, published) "
                          "FROM STDIN") as copy:
                for cid, row, flag in zip(ids, buckets.tolist(), flags, strict=True):
                    for b, h in enumerate(row):
                        copy.write_row((cid, b, h, flag))
            pg.commit()
        for table in ("claims_article", "claims_claim", "integrations_claimembeddingband"):
            cur.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))")
    pg.commit()
    with connection.cursor() as cur:  # VACUUM sets the visibility map (index-only scans), as autovacuum would
        cur.execute("VACUUM (ANALYZE) claims_claim")
        cur.execute("VACUUM (ANALYZE) integrations_claimembedding")
        cur.execute("VACUUM (ANALYZE) integrations_claimembeddingband")
    print(f"grew the index by {need:,} vectors to {target:,} in {time.perf_counter() - t0:.0f} s")


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def measure(size: int, queries: int, base: np.ndarray, seed: int, legacy: bool = False, cap: int = 0,
            flips: int = -1, verify: int = 0) -> None:
    from django.db import connection, transaction

    from integrations import embeddings as emb
    from integrations import lookup as lk
    from integrations.models import ClaimEmbedding

    flips = emb.PROBE_FLIPS if flips < 0 else flips
    verify = verify or lk.MAX_VERIFY
    rng = np.random.default_rng(seed)
    q = synth(base, queries, rng)
    planted = near(q, 0.8, rng)
    with transaction.atomic():
        # planted matches: the vectors of randomly chosen indexed claims replaced (rolled back
        # afterwards), so they sit anywhere in their buckets, not only among the newest members
        # that a bucket cap keeps
        with connection.cursor() as cur:
            cur.execute("SELECT MIN(claim_id), MAX(claim_id) FROM integrations_claimembedding")
            lo, hi = cur.fetchone()
        ids: list[int] = []
        while len(ids) < queries:
            pick = sorted({int(x) for x in rng.integers(lo, hi + 1, size=queries * 2)} - set(ids))
            have = set(ClaimEmbedding.objects.filter(claim_id__in=pick).values_list("claim_id", flat=True))
            ids += [i for i in pick if i in have][: queries - len(ids)]
        rng.shuffle(ids)
        lk.write_index(ids, [""] * queries, planted, emb.band_buckets(planted), published=set(ids))
        with connection.cursor() as cur:  # what one candidate query reads
            cur.execute("SET LOCAL max_parallel_workers_per_gather = 0")
        explain = explain_candidates(q[0], cap=cap or lk.BUCKET_CAP, flips=flips, limit=verify)
        bare, cand_ms, full_ms, found, ncand, found_top100 = [], [], [], 0, [], 0
        old_ms: list[float] = []
        old_found = 0
        all_ms: list[float] = []
        all_found = 0
        for k in range(queries):
            t0 = time.perf_counter()
            with connection.cursor() as cur:  # bare reference: one bucket of one band through the same index
                cur.execute("SELECT claim_id FROM integrations_claimembeddingband WHERE band = 0 AND bucket = %s "
                            "LIMIT 200", [int(emb.band_buckets(q[k])[0][0])])
                cur.fetchall()
            bare.append((time.perf_counter() - t0) * 1000)
            if legacy:
                t0 = time.perf_counter()
                old = legacy_candidates(q[k])
                old_ms.append((time.perf_counter() - t0) * 1000)
                old_found += ids[k] in {c for c, _ in old}
            t0 = time.perf_counter()
            cands = lk.embedding_candidates(q[k], cap=cap or lk.BUCKET_CAP, flips=flips, limit=verify)
            cand_ms.append((time.perf_counter() - t0) * 1000)
            t1 = time.perf_counter()  # the linking's query: the same over every claim's band rows
            every = lk.embedding_candidates(q[k], cap=cap or lk.BUCKET_CAP, flips=flips, limit=verify,
                                            published_only=False)
            all_ms.append((time.perf_counter() - t1) * 1000)
            all_found += ids[k] in {c for c, _ in every}
            t0 += time.perf_counter() - t1
            vecs = dict(ClaimEmbedding.objects.filter(claim_id__in=[c for c, _ in cands])
                        .values_list("claim_id", "vector"))
            hits = [cid for cid, raw in vecs.items() if float(emb.from_bytes(raw) @ q[k]) >= lk.COSINE_THRESHOLD]
            full_ms.append((time.perf_counter() - t0) * 1000)
            ncand.append(len(cands))
            found += ids[k] in hits
            rank = [c for c, _ in cands].index(ids[k]) if ids[k] in [c for c, _ in cands] else None
            found_top100 += rank is not None and rank < 100 and ids[k] in hits
        text_ms, enc_ms = [], []
        for _, a, _b in pairs()[:50]:
            t0 = time.perf_counter()
            emb.encode([a])  # the encoder alone, same sentence (what lookup() spends before any query)
            enc_ms.append((time.perf_counter() - t0) * 1000)
            t0 = time.perf_counter()
            lk.lookup(a)
            text_ms.append((time.perf_counter() - t0) * 1000)
        transaction.set_rollback(True)
    print(f"size {size:,}, cap {cap or lk.BUCKET_CAP} per probed bucket, {flips} probed neighbours a band, "
          f"{verify} verified: "
          f"bare one-bucket index read p50 {pct(bare, 50):.2f} ms p95 {pct(bare, 95):.2f} | "
          f"band candidates p50 {pct(cand_ms, 50):.1f} ms p95 {pct(cand_ms, 95):.1f} | "
          f"semantic lookup (candidates+vectors+cosine) p50 {pct(full_ms, 50):.1f} ms p95 {pct(full_ms, 95):.1f} | "
          f"planted cos-0.8 matches found {found}/{queries} ({found_top100} among the top 100 candidates) | "
          f"candidates/query mean {statistics.mean(ncand):.0f} "
          f"max {max(ncand)} | lookup() of text (encode+lexical+semantic) p50 {pct(text_ms, 50):.1f} ms "
          f"p95 {pct(text_ms, 95):.1f} (of which encoding one sentence alone p50 {pct(enc_ms, 50):.1f} "
          f"p95 {pct(enc_ms, 95):.1f})")
    print(f"  the linking's candidates among all claims (published_only=False, same run): p50 "
          f"{pct(all_ms, 50):.1f} ms p95 {pct(all_ms, 95):.1f}; planted among them {all_found}/{queries}")
    if legacy:
        print(f"  before the bucket cap (same run): band candidates p50 {pct(old_ms, 50):.1f} ms "
              f"p95 {pct(old_ms, 95):.1f}; planted matches among its candidates {old_found}/{queries}")
    print("EXPLAIN (ANALYZE, BUFFERS) of one candidate query:\n  " + "\n  ".join(explain))


def legacy_candidates(vector: np.ndarray, limit: int = 200) -> list[tuple[int, int]]:
    """The candidate query as shipped before the bucket cap (every member of every probed bucket,
    one OR of IN lists: a bitmap heap scan), timed beside the shipped one under the same load."""
    from django.db import connection

    from integrations import embeddings as emb

    where, params = [], []
    for band, probes in enumerate(emb.query_buckets(vector)):
        where.append(f"(band = %s AND bucket IN ({', '.join(['%s'] * len(probes))}))")
        params += [band, *probes]
    with connection.cursor() as cur:
        cur.execute("SELECT claim_id, COUNT(*) AS hits FROM integrations_claimembeddingband "
                    f"WHERE {' OR '.join(where)} GROUP BY claim_id ORDER BY hits DESC, claim_id DESC LIMIT %s",
                    [*params, limit])
        return [(int(c), int(h)) for c, h in cur.fetchall()]


def explain_candidates(vector: np.ndarray, **kwargs: int) -> list[str]:
    """The plan of ``embedding_candidates`` for one vector: the statement it runs, explained."""
    from django.db import connection

    from integrations import lookup as lk

    seen: list[tuple[str, object]] = []

    def capture(execute, sql, params, many, context):
        seen.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(capture):
        lk.embedding_candidates(vector, **kwargs)
    sql, params = seen[-1]
    with connection.cursor() as cur:
        cur.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
        return [r[0] for r in cur.fetchall()]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pairs-only", action="store_true")
    ap.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432")
    ap.add_argument("--db", default="factcheck_bench_integ_lookup")
    ap.add_argument("--fresh", action="store_true")
    ap.add_argument("--cap", type=int, default=0, help="members read per probed bucket (default BUCKET_CAP)")
    ap.add_argument("--flips", type=int, default=-1, help="probed neighbours per band (default PROBE_FLIPS)")
    ap.add_argument("--verify", type=int, default=0, help="candidates verified by cosine (default MAX_VERIFY)")
    ap.add_argument("--legacy", action="store_true", help="also time the candidate query shipped before the cap")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--published", type=float, default=0.05,
                    help="fraction of the synthetic claims flagged published when the index grows (every "
                         "claim is in the band index; the lookup reads the published ones)")
    args = ap.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
    if args.pairs_only:
        import django

        django.setup()
        part1()
        return
    setup_django(args.pg, args.db, args.fresh)
    part1()
    base = base_vectors()
    print(f"{len(base)} real sentence embeddings as the basis of the synthetic corpus")
    for size in args.sizes:
        grow(size, base, args.seed, args.published)
        measure(size, args.queries, base, args.seed + size, args.legacy, args.cap, args.flips,
                args.verify)


if __name__ == "__main__":
    main()
