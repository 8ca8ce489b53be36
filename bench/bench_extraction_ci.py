"""Extraction quality on public news with 95% intervals: how much a figure of a small part can move.

    .venv/bin/python bench/bench_extraction_ci.py [--part held|rest] [--sets a,b] [--resamples 2000] [--seed 7]

The held-back part of ../shared/eval is small (16 PolNeAR, 20 iNoBo and 51 TempEval-3 documents), so one document
moves a figure by several points. This bench scores the same split as ``bench_extraction_quality.py`` (every fifth
document held back) with news_eval.py's own scoring functions, in-process (``extract_claims`` with the command's
arguments: the figures equal the command's), keeps each document's counts, and resamples DOCUMENTS with
replacement (a percentile bootstrap of the ratio of sums) to print each figure with its 95% interval. The
statements of one article share its style, so resampling statements instead would understate the spread.

Skips with a message when ../shared is absent (a clean clone, CI).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import random
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from bench_extraction_quality import EVAL, SETS, make_split  # noqa: E402

#: per set: the figures, each as (numerator key, denominator key) of a document's counts
FIGURES: dict[str, dict[str, tuple[str, str]]] = {
    "polnear_attrib": {"speaker_acc": ("ok", "covered"), "speaker_cov": ("covered", "eligible")},
    "te3_timex": {"date_acc": ("ok", "inside"), "date_cov": ("inside", "gold")},
    "inobo_claims": {"claim_recall": ("found", "n"), "claim_hit3": ("hit3", "n"), "claim_hit1": ("hit1", "n")},
}


def doc_counts(ne, name: str, one: tuple) -> dict[str, float]:
    """One document's counts, read back from news_eval's own scoring function run on that document alone."""
    res: dict = {"claims_per_doc": 0.0}
    with contextlib.redirect_stdout(io.StringIO()):
        ne.SCORE[name]([one], res)
    if name == "polnear_attrib":
        return {"ok": round(res["speaker_acc"] * res["n"]), "covered": res["n"], "eligible": res["eligible"]}
    if name == "te3_timex":
        return {"ok": round(res["date_acc"] * res["n"]), "inside": res["n"], "gold": res["gold"]}
    n = res["n"]
    return {"found": round(res["claim_recall"] * n), "hit3": round(res["claim_hit3"] * n),
            "hit1": round(res["claim_hit1"] * n), "n": n}


def ratio(rows: list[dict[str, float]], num: str, den: str) -> float:
    d = sum(r[den] for r in rows)
    return sum(r[num] for r in rows) / d if d else float("nan")


def interval(rows: list[dict[str, float]], num: str, den: str, resamples: int, rng: random.Random
             ) -> tuple[float, float, float]:
    point = ratio(rows, num, den)
    draws = sorted(ratio([rng.choice(rows) for _ in rows], num, den) for _ in range(resamples))
    draws = [x for x in draws if x == x]  # a resample with an empty denominator has no ratio
    lo, hi = draws[int(0.025 * len(draws))], draws[min(len(draws) - 1, int(0.975 * len(draws)))]
    return point, lo, hi


def score_part(part: str, sets: list[str], extract: Callable[[str, str], list[dict]]) -> dict[str, list[dict]]:
    """Every document's counts for each set of the part."""
    out: dict[str, list[dict]] = {}
    with tempfile.TemporaryDirectory(prefix="bench_ci_") as tmp:
        make_split(Path(tmp), part, sets, 0)
        sys.argv = ["news_eval.py", sys.executable, "--project", str(REPO), "--data", tmp]
        sys.path.insert(0, str(EVAL))
        import news_eval as ne

        ne.args = ne.ap.parse_args()
        for name in sets:
            gold = json.loads((Path(tmp) / name / "gold.json").read_text(encoding="utf-8"))
            rows = []
            for d in gold["docs"]:
                text = (Path(tmp) / name / d["file"]).read_text(encoding="utf-8")
                claims = extract(str(Path(tmp) / name / d["file"]), d.get("published") or ne.PLACEHOLDER_DATE)
                rows.append(doc_counts(ne, name, (d, text, ne.claims_of(claims, text))))
            out[name] = rows
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--part", choices=["held", "rest"], default="held")
    ap.add_argument("--sets", default=",".join(SETS))
    ap.add_argument("--resamples", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    if not (EVAL / "news_eval.py").is_file():
        print(f"skipped: {EVAL} is absent (the public eval sets live beside the project, not in it)")
        return 0
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
    import django

    django.setup()
    from claims.extraction import extract_claims
    from claims.management.files import parse_date, read_text_file

    def extract(path: str, published: str) -> list[dict]:
        text = read_text_file(Path(path), keep_bom=True, html=False)
        return [c.to_dict() for c in extract_claims(text, published=parse_date(published))]

    sets = [s for s in args.sets.split(",") if s]
    per_set = score_part(args.part, sets, extract)
    rng = random.Random(args.seed)
    print(f"part {args.part}; 95% percentile bootstrap over documents, {args.resamples} resamples, seed {args.seed}")
    print("| measure | figure | 95% interval | counts | documents |")
    print("|---|---:|---|---:|---:|")
    for name in sets:
        rows = per_set[name]
        for key, (num, den) in FIGURES[name].items():
            point, lo, hi = interval(rows, num, den, args.resamples, rng)
            counts = f"{sum(r[num] for r in rows):g}/{sum(r[den] for r in rows):g}"
            print(f"| {key} | {point:.3f} | {lo:.3f} - {hi:.3f} | {counts} | {len(rows)} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
