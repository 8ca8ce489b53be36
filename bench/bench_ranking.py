"""Main-claim ranking on the iNoBo dev set (../shared/eval/news/inobo_claims), held-back part vs the rest.

    .venv/bin/python bench/bench_ranking.py [--grid] [--limit N] [--fit [--write]] [--rest-only]

Runs ``extract_claims`` in-process on every document (no title, as news_eval.py does), then scores the candidate
claims several ways and prints main-claim recall, hit@1, hit@3 and MRR on the HELD-BACK documents (every fifth:
index % 5 == 4 in gold.json) and on the rest, with the same covering rule as ../shared/eval/news_eval.py:

- ``lead``: document order (the first claims first): the trivial baseline;
- ``model only``: the check-worthiness probability alone;
- ``shipped``: ``ranking.rank`` with ``DEFAULT_PARAMS`` (what ``manage.py extract`` outputs);
- ``--grid``: the small grid (position decay and weight, model, cue, centrality) rank-3's values were chosen from,
  judged on the rest only; the held-back figure of the best is printed beside it, never used to choose.
- ``--fit``: the recipe of ``claims/extraction/models/ranker.json`` (rank-4). The rank-3 form is kept as an offset
  and the correction weights (``CORRECTIONS``) are fitted by a listwise logistic regression (softmax over the
  candidates of each article; the candidates covering the gold main claim are the positives) on the REST documents
  only. The L2 strength is chosen by 5-fold cross-validation over the rest documents (by document); the
  cross-validated figures are printed, then the weights fitted on all of the rest, and the held-back figures of the
  result (reported, never used to choose). ``--write`` stores the weights in ranker.json. ``--refit`` also prints
  the cross-validated figures of a full refit of every weight from zero (worse; kept for the record).

- ``--rest-only``: the held-back documents are neither extracted nor scored (their columns read "not run"), so
  the recipe (``--fit --write``) can be rerun mid-stop without seeing the held-back figures (rank-6 did so).

The held-back documents are never fitted on. Skips with a message when ../shared is absent (a clean clone).
"""

from __future__ import annotations

import argparse
import dataclasses
import itertools
import json
import os
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from claims.extraction import extract_claims, pipeline, ranking, scoring  # noqa: E402

SHARED = next((p / "shared" for p in (REPO.parent, REPO.parent.parent) if (p / "shared").is_dir()),
              REPO.parent / "shared")
DATA = SHARED / "eval" / "news" / "inobo_claims"


def covers(claim: tuple[int, int], gold: tuple[int, int]) -> bool:
    """news_eval.py's rule: overlap >= half the shorter span and >= a fifth of the claim."""
    o = max(0, min(claim[1], gold[1]) - max(claim[0], gold[0]))
    lc, lg = claim[1] - claim[0], gold[1] - gold[0]
    return o > 0 and o >= 0.5 * min(lc, lg) and o >= 0.2 * lc


def held_back(index: int) -> bool:
    return index % 5 == 4


def measure(docs: Sequence[dict[str, Any]], scores: Callable[[dict[str, Any]], Sequence[float]], part: str
            ) -> dict[str, float]:
    n = found = h1 = h3 = 0
    rr = 0.0
    for d in docs:
        if (part == "held") != held_back(d["index"]):
            continue
        n += 1
        claims = d["claims"]
        if not claims:
            continue
        sc = scores(d)
        order = sorted(range(len(claims)), key=lambda k: (-sc[k], k))
        pos = [r for r, k in enumerate(order, 1)
               if sc[k] != float("-inf") and covers((claims[k].start, claims[k].end), d["gold"])]
        if pos:
            found += 1
            rr += 1 / pos[0]
            h1 += pos[0] <= 1
            h3 += pos[0] <= 3
    m = max(1, n)
    return {"n": n, "recall": found / m, "hit1": h1 / m, "hit3": h3 / m, "mrr": rr / m}


def _capped(d: dict[str, Any]) -> list[float]:
    """The shipped scores; a claim the pipeline's cap drops (``extract_claims`` with its default cap) never counts
    as found."""
    return [c.score if (c.start, c.text) in d["kept"] else float("-inf") for c in d["claims"]]


def load(limit: int | None, rest_only: bool = False) -> list[dict[str, Any]]:
    gold = json.loads((DATA / "gold.json").read_text(encoding="utf-8"))
    docs = []
    for i, d in enumerate(gold["docs"][:limit] if limit else gold["docs"]):
        if rest_only and held_back(i):
            continue  # not even read
        text = (DATA / d["file"]).read_text(encoding="utf-8")
        main = next(x for x in d["items"] if x["type"] == "main_claim")
        docs.append({"index": i, "id": d["id"], "text": text, "gold": (main["start"], main["end"])})
    return docs


def candidates_of(claims: Sequence[Any]) -> list[ranking.Candidate]:
    return [ranking.Candidate(text=c.text, sentence=c.sentence, start=c.start, sentence_index=c.sentence_start,
                              quantities=c.quantities, speaker=c.speaker, attributed=c.attributed,
                              official="attributed to an official" in c.reasons, kind=c.kind) for c in claims]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--limit", type=int, default=None, help="first N documents only")
    ap.add_argument("--grid", action="store_true", help="also print the hyper-parameter grid (chosen on the rest)")
    ap.add_argument("--fit", action="store_true", help="fit the correction weights on the rest (see the docstring)")
    ap.add_argument("--write", action="store_true", help="with --fit: write claims/extraction/models/ranker.json")
    ap.add_argument("--refit", action="store_true", help="with --fit: also cross-validate a refit of every weight")
    ap.add_argument("--rest-only", action="store_true", help="neither extract nor score the held-back documents")
    args = ap.parse_args()
    if not DATA.is_dir():
        print(f"skipped: {DATA} not found (the eval sets live in ../shared, absent from a clean clone)")
        return
    docs = load(args.limit, rest_only=args.rest_only)
    t0 = time.process_time()
    for d in docs:
        # every candidate (no MAX_CLAIMS cap): the ranking is judged on all of them; the cap is a row below
        d["claims"] = extract_claims(d["text"], max_claims=0)
    cpu = time.process_time() - t0
    for d in docs:
        d["kept"] = {(c.start, c.text) for c in extract_claims(d["text"])}
    for d in docs:
        cands = candidates_of(d["claims"])
        d["feats"] = ranking.features("", d["text"], cands)
        d["model"] = scoring.model_scores([c.text for c in cands]) or [0.5] * len(cands) if cands else []
    print(f"{len(docs)} documents ({sum(held_back(d['index']) for d in docs)} held back), extraction "
          f"{len(docs) / cpu:.1f} docs/CPU-s, median {statistics.median(len(d['claims']) for d in docs)} claims/doc, "
          f"model {scoring.model_version() or 'none'}")
    rows: list[tuple[str, Callable[[dict[str, Any]], Sequence[float]]]] = [
        ("lead (baseline)", lambda d: [-c.start for c in d["claims"]]),
        ("model only", lambda d: d["model"]),
        ("shipped ranker", lambda d: [c.score for c in d["claims"]]),
        (f"shipped, kept by MAX_CLAIMS={pipeline.MAX_CLAIMS}", _capped),
    ]
    print(f"{'ranking':<34}{'held-back: recall hit@1 hit@3  MRR':>38}{'rest: recall hit@1 hit@3  MRR':>34}")
    for name, fn in rows:
        h, r = measure(docs, fn, "held"), measure(docs, fn, "rest")
        held = (f"{h['recall']:.3f}  {h['hit1']:.3f} {h['hit3']:.3f} {h['mrr']:.3f}" if h["n"]
                else f"{'not run':>26}")
        print(f"{name:<34}       {held}        {r['recall']:.3f}  {r['hit1']:.3f} {r['hit3']:.3f} {r['mrr']:.3f}")
    if args.fit:
        import fit_ranker

        fit_ranker.run(docs, measure, held_back, write=args.write, refit=args.refit)
    if args.grid:
        base = ranking.DEFAULT_PARAMS
        results = []
        for tau, wm, wc, wcen, ws, wd in itertools.product((2.0, 3.0, 5.0), (0.0, 0.25), (0.8, 1.5), (2.0, 3.0),
                                                           (0.0, 1.0, 2.0), (0.0, -1.0)):
            p = dataclasses.replace(base, tau=tau, w_model=wm, w_cue=wc, w_centrality=wcen, w_study=ws, w_duplicate=wd)
            fn = lambda d, p=p: ranking.combine(d["feats"], d["model"], p)  # noqa: E731
            r = measure(docs, fn, "rest")
            results.append(((r["hit3"] + r["hit1"], r["mrr"], r["hit3"], r["hit1"]), (tau, wm, wc, wcen, ws, wd), fn))
        results.sort(key=lambda x: x[0], reverse=True)
        print("grid (chosen by rest hit@3 + hit@1, then MRR); tau, w_model, w_cue, w_centrality, w_study, w_duplicate:")
        for key, params, fn in results[:5]:
            h = measure(docs, fn, "held")
            if not h["n"]:
                print(f"  {params!s:<26} rest MRR {key[1]:.3f} hit@3 {key[2]:.3f} hit@1 {key[3]:.3f}")
                continue
            print(f"  {params!s:<26} rest MRR {key[1]:.3f} hit@3 {key[2]:.3f} hit@1 {key[3]:.3f}   "
                  f"held-back MRR {h['mrr']:.3f} hit@3 {h['hit3']:.3f} hit@1 {h['hit1']:.3f}")


if __name__ == "__main__":
    main()
