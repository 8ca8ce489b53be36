"""Benchmark claim extraction end to end on >= 500 generated news-length articles (no network).

    .venv/bin/python bench/bench_extraction.py [--articles 600] [--seed 1] [--json out.json] [--embed]
        [--corpus DIR ...]

Articles are recombined from templated news sentences (statistics, quotes with pronoun follow-ups,
attributions, dates, plans, captions, headlines, boilerplate) with varied names, numbers and dates,
600-800 words each, plus the two seed articles. One process, single-threaded: articles per CPU-second
(time.process_time) is what one core gives. Targets (issue 13, with the spaCy parse): >= 5 articles/s/core,
< 1 GB peak RSS.

``--corpus DIR`` (repeatable): instead of the generated articles, every ``*.txt`` in DIR (e.g. the public news
in ../shared/eval/news/*/docs, when present): real articles have fewer claims per article than the generated
ones, which are dense with attributed statements, so the encoding's share differs.

``--embed``: after each article, also encode its claims with the sentence encoder as the linking does
(integrations.embeddings: one batch per article, MiniLM int8 on onnxruntime, one thread) and compute
their band signatures; the encoding's CPU time is measured apart, in the same run, so the figures give
extraction alone and extraction + encoding per CPU-second (the index's database writes are not in
it: bench_linking_semantic.py --pg times a new claim's whole semantic path). Also timed apart: encoding
only the claims the review queue takes (the ``QUEUE_MAX_PER_ARTICLE`` best of those scoring at least
``QUEUE_SCORE_THRESHOLD``), the cost if the index were limited to queued and published claims.

``--embed-legacy``: also encode each article's claims the way encode() batched them before 2026-12-07
(sorted by characters, runs of 8 padded to the longest), timed apart in the same run: before/after of the
batch planning. ``--embed-model DIR`` (repeatable): also encode with another build of the encoder (e.g.
``python -m integrations.embedding_build DIR --layers 3``), timed apart: each build's cost in the same run.
``--embed-ort-default``: also encode with every onnxruntime graph optimizer on (SkipLayerNormalization fused,
as encode() ran before 2026-12-07's second change), timed apart: the before/after of that session option.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from claims.extraction import extract_claims  # noqa: E402
from claims.extraction.sentences import split_sentences  # noqa: E402

PEOPLE = [("Russian President", "Vladimir Putin", "he"), ("Health Minister", "Ana Ruiz", "she"),
          ("Foreign Minister", "Sergei Lavrov", "he"), ("Governor", "Elvira Nabiullina", "she"),
          ("Prime Minister", "Mark Rutte", "he"), ("Defense Secretary", "Lloyd Austin", "he"),
          ("EU foreign policy chief", "Federica Mogherini", "she"), ("Finance Minister", "Olaf Scholz", "he"),
          ("UN envoy", "Staffan de Mistura", "he"), ("Senator", "Elizabeth Warren", "she")]
ORGS = ["the Syrian Observatory for Human Rights", "the World Health Organization", "Russia's Defense Ministry",
        "the National Statistics Institute", "the International Monetary Fund", "the central bank",
        "the UN refugee agency", "the Interior Ministry"]
PLACES = ["Syria", "Iraq", "Aleppo", "Palmyra", "Damascus", "the Black Sea", "Geneva", "Brussels", "Kiev", "Ankara"]
NOUNS = ["people", "civilians", "soldiers", "refugees", "homes", "jobs", "schools", "troops", "vehicles", "clinics"]
HEDGES = ["over", "more than", "nearly", "about", "at least", "up to", "some", "almost", "", "", ""]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def _num(r: random.Random) -> str:
    kind = r.random()
    if kind < 0.3:
        return f"{r.randint(2, 999):,}"
    if kind < 0.55:
        return f"{r.randint(1000, 999999):,}"
    if kind < 0.8:
        return f"{r.randint(1, 99)}.{r.randint(1, 9)} million"
    return r.choice(["two", "three", "five", "twelve", "twenty", "half of the", "a third of the"])


def _sentences(r: random.Random) -> list[str]:
    title, name, pron = r.choice(PEOPLE)
    org = r.choice(ORGS)
    place, place2 = r.sample(PLACES, 2)
    noun = r.choice(NOUNS)
    hedge = r.choice(HEDGES)
    month, day = r.choice(MONTHS), r.choice(DAYS)
    year = r.randint(2005, 2023)
    surname = name.split()[-1]
    return [
        f"{title} {name} said on {day} that {r.choice(['Moscow', 'the government', 'the coalition'])} would "
        f"{r.choice(['withdraw', 'deploy', 'send', 'cut'])} {hedge} {_num(r)} {noun} in {place} before the end of "
        f"the year.",
        f"\u201cWe have {r.choice(['achieved', 'seen', 'recorded'])} {r.choice(['major', 'real', 'steady'])} progress "
        f"in {place},\u201d {pron} told reporters, adding that talks would resume in {month}.",
        f"According to a {month} report by {org}, the conflict has killed {hedge} {_num(r)} {noun}, injured "
        f"{_num(r)} others, and displaced {r.choice(['nearly half', 'about a third', 'two-thirds'])} of the "
        f"population of about {r.randint(2, 40)} million.",
        f"{surname.capitalize()} also expressed hope that the {r.choice(['ceasefire', 'deal', 'truce'])} in {place2} "
        f"would hold while {r.choice(PEOPLE)[1]} hailed the {r.choice(['agreement', 'result', 'vote'])}.",
        f"The {r.choice(['economy', 'budget', 'deficit', 'trade surplus'])} grew between {r.randint(1, 4)} and "
        f"{r.randint(5, 9)} percent in {year}, while spending rose to ${r.randint(1, 900)}bn.",
        f"{org[0].upper() + org[1:]} announced that {r.randint(2, 60)} {noun} had been "
        f"{r.choice(['evacuated', 'relocated', 'counted', 'registered'])} since {month} {year}.",
        f"{place} has been gripped by {r.choice(['fighting', 'protests', 'unrest', 'drought'])} since {year}.",
        f"Earlier, {r.choice(['Syrian', 'Iraqi', 'Turkish', 'Russian'])} troops backed by air strikes made "
        f"{r.choice(['major', 'limited', 'rapid'])} gains to the west of {place}.",
        f"The {r.choice(['airstrikes', 'sanctions', 'reforms', 'talks'])} have helped "
        f"{r.choice(['prices', 'forces', 'exports', 'talks'])} {r.choice(['advance', 'recover', 'stabilise'])} "
        f"despite {r.choice(['fierce', 'strong', 'growing'])} opposition, officials said on {day}.",
        f"{surname} made the remarks in an interview with {r.choice(['Reuters', 'al-Mayadeen', 'the BBC'])} on "
        f"{day}, a day after {r.choice(PEOPLE)[1]} announced a new {r.choice(['plan', 'package', 'mission'])}.",
        f"Unemployment fell to {r.randint(2, 12)}.{r.randint(0, 9)}% in {month} from {r.randint(3, 14)}% a year "
        f"earlier, the statistics office said.",
        f"\u201c{r.choice(['It is very possible', 'It is time', 'We are ready'])} to "
        f"{r.choice(['close the borders', 'end the war', 'sign the deal'])},\u201d {pron} added.",
        f"Footage of the {r.choice(['convoy', 'jets', 'protest'])} leaving {place} can be seen below:",
        f"{r.choice(['Russian jets fly back home', 'Talks resume in Geneva', 'Markets rally'])}",
        "Read more: what the deal means for the region",
        f"On {month} {r.randint(1, 28)}, {name} met {r.choice(PEOPLE)[1]} in {place2} to discuss "
        f"{r.choice(['security', 'trade', 'refugees', 'energy'])} cooperation.",
        f"Fewer than one in {r.choice(['five', 'four', 'three'])} {noun} {r.choice(['returned', 'voted'])}, down "
        f"from almost half in {year}.",
        f"Is the {r.choice(['truce', 'deal'])} going to last?",
    ]


def generate(n: int, seed: int) -> list[tuple[str, dt.date]]:
    r = random.Random(seed)
    arts: list[tuple[str, dt.date]] = []
    for _ in range(n):
        paras: list[str] = []
        words = 0
        target = r.randint(600, 800)
        while words < target:
            s = r.choice(_sentences(r))
            paras.append(s)
            words += len(s.split())
        arts.append(("\n".join(paras), dt.date(r.randint(2015, 2024), r.randint(1, 12), r.randint(1, 28))))
    return arts


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=600)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--json", help="also write the figures to this file")
    ap.add_argument("--embed", action="store_true", help="also encode each article's claims (the linking's cost)")
    ap.add_argument("--corpus", action="append", default=[], metavar="DIR",
                    help="use every *.txt in DIR as an article instead of generated ones (repeatable)")
    ap.add_argument("--embed-legacy", action="store_true",
                    help="with --embed: also time the batching encode() used before (runs of 8 by characters)")
    ap.add_argument("--embed-ort-default", action="store_true",
                    help="with --embed: also time the encoder with every onnxruntime graph optimizer on (as before "
                         "2026-12-07: SkipLayerNormalization fused)")
    ap.add_argument("--embed-model", action="append", default=[], metavar="DIR", type=Path,
                    help="with --embed: also time this build of the encoder (repeatable)")
    args = ap.parse_args()
    encode = None
    extra: dict[str, Callable[[list[str]], None]] = {}
    if args.embed:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
        import django

        django.setup()
        from integrations import embeddings

        if not embeddings.available():
            sys.exit(f"--embed: no embedding model in {embeddings.model_dir()} (bash scripts/build_embedding_model.sh)")

        def encode(texts: list[str]) -> None:
            embeddings.band_buckets(embeddings.encode(texts))

        encode(["warm-up: loads the encoder once"])
        if args.embed_legacy:
            extra["legacy batching (8 by characters)"] = lambda texts: embeddings.band_buckets(
                _legacy_encode(embeddings, texts))
        if args.embed_ort_default:
            extra["onnxruntime default optimizers"] = lambda texts: embeddings.band_buckets(
                embeddings.encode(texts, disabled=()))
        for d in args.embed_model:
            if not embeddings.available(d):
                sys.exit(f"--embed-model: no model in {d}")
            extra[embeddings._manifest(d)["name"]] = (
                lambda texts, d=d: embeddings.band_buckets(embeddings.encode(texts, directory=d)))
        for fn in extra.values():
            fn(["warm-up: loads the encoder once"])

    meta = json.loads((REPO / "seeds" / "articles.json").read_text(encoding="utf-8"))
    if args.corpus:
        articles = [(p.read_text(encoding="utf-8"), dt.date(2016, 11, 1))
                    for d in args.corpus for p in sorted(Path(d).glob("*.txt"))]
        if not articles:
            sys.exit(f"--corpus: no *.txt in {args.corpus}")
    else:
        articles = generate(args.articles, args.seed)
    for m in meta:
        body = (REPO / "seeds" / m["file"]).read_text(encoding="utf-8")
        articles.append((body, dt.date.fromisoformat(m["published"])))
    words = [len(a.split()) for a, _ in articles]
    sentences = sum(len(split_sentences(a)) for a, _ in articles)

    extract_claims(articles[0][0], articles[0][1], "Bench")  # warm-up: loads the model once
    cpu0, wall0, thread0 = time.process_time(), time.perf_counter(), time.thread_time()
    n_claims = 0
    embed_cpu = queued_cpu = 0.0
    extra_cpu = dict.fromkeys(extra, 0.0)
    n_queued = 0
    for k, (body, published) in enumerate(articles):
        found = extract_claims(body, published=published, outlet="Bench")
        n_claims += len(found)
        if encode is not None and found:
            from django.conf import settings

            texts = [c.text for c in found]
            top = sorted((c for c in found if c.score >= settings.QUEUE_SCORE_THRESHOLD), key=lambda c: -c.score)
            top = top[:settings.QUEUE_MAX_PER_ARTICLE or None]
            n_queued += len(top)
            jobs: list[tuple[str, Callable[[list[str]], None], list[str]]] = [
                ("", encode, texts), ("queued", encode, [c.text for c in top])]
            jobs += [(name, fn, texts) for name, fn in extra.items()]
            # each encoder in turn goes first: the one run right after the extraction reads warmer caches
            for name, fn, these in jobs[k % len(jobs):] + jobs[:k % len(jobs)]:
                e0 = time.process_time()
                if these:
                    fn(these)
                spent = time.process_time() - e0
                if name == "":
                    embed_cpu += spent
                elif name == "queued":
                    queued_cpu += spent
                else:
                    extra_cpu[name] += spent
    # CPU of threads other than this one (a BLAS or tokenizer pool busy-waiting between calls), inside the figures
    helper_cpu = (time.process_time() - cpu0) - (time.thread_time() - thread0)
    cpu = time.process_time() - cpu0 - embed_cpu - queued_cpu - sum(extra_cpu.values())
    wall = time.perf_counter() - wall0
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    n = len(articles)
    figures = {
        "articles": n,
        "words_per_article_mean": round(sum(words) / n, 1),
        "words_per_article_min_max": [min(words), max(words)],
        "cpu_seconds": round(cpu, 3),
        "wall_seconds": round(wall, 3),
        "articles_per_cpu_second": round(n / cpu, 1),
        "articles_per_wall_second": round(n / wall, 1),
        "sentences_per_cpu_second": round(sentences / cpu, 1),
        "claims_per_article": round(n_claims / n, 2),
        "peak_rss_mb": round(rss_mb, 1),
        "other_threads_cpu_seconds": round(helper_cpu, 3),
        "blas_threads": _blas_threads(),
        "cpu_count": os.cpu_count(),
        "targets_met": {"articles_per_cpu_second>=5": n / cpu >= 5, "peak_rss<1GB": rss_mb < 1024},
    }
    if encode is not None:
        figures.update({
            "encode_cpu_seconds": round(embed_cpu, 3),
            "encode_ms_per_claim_cpu": round(1000 * embed_cpu / max(1, n_claims), 2),
            "articles_per_cpu_second_with_encoding": round(n / (cpu + embed_cpu), 1),
            "queued_claims_per_article": round(n_queued / n, 2),
            "articles_per_cpu_second_encoding_queued_only": round(n / (cpu + queued_cpu), 1),
        })
        figures["targets_met"]["with_encoding>=5"] = n / (cpu + embed_cpu) >= 5
        figures["other_encoders"] = {
            name: {"encode_ms_per_claim_cpu": round(1000 * t / max(1, n_claims), 2),
                   "articles_per_cpu_second_with_encoding": round(n / (cpu + t), 1)}
            for name, t in extra_cpu.items()}
    for k, v in figures.items():
        print(f"{k:>28}: {v}")
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2), encoding="utf-8")


def _blas_threads() -> int | None:
    """Threads of the loaded BLAS (factcheck sets OPENBLAS_NUM_THREADS=1 before numpy loads it)."""
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        return None
    return max((i["num_threads"] for i in threadpool_info() if i.get("user_api") == "blas"), default=None)


def _legacy_encode(embeddings: Any, texts: list[str]) -> Any:
    """encode() as shipped before 2026-12-07: sorted by characters, runs of 8 padded to the longest."""
    import numpy as np

    sess, tok = embeddings._session(embeddings.model_dir())
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    out = np.zeros((len(texts), embeddings.DIM), dtype=np.float32)
    for start in range(0, len(order), 8):
        idx = order[start:start + 8]
        encs = tok.encode_batch([texts[i] or "" for i in idx])
        width = max(len(e.ids) for e in encs)
        ids = np.array([e.ids + [0] * (width - len(e.ids)) for e in encs], dtype=np.int64)
        mask = np.array([[1] * len(e.ids) + [0] * (width - len(e.ids)) for e in encs], dtype=np.int64)
        hidden = sess.run(None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)})[0]
        m = mask[:, :, None].astype(np.float32)
        pooled = (hidden * m).sum(axis=1) / np.clip(m.sum(axis=1), 1e-9, None)
        out[idx] = pooled / np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)
    return out


if __name__ == "__main__":
    main()
