"""Extraction quality on public news (../shared/eval), split into a held-back part and the rest.

    .venv/bin/python bench/bench_extraction_quality.py [--sets a,b] [--limit N] [--jobs 1] [--part held|rest|both]

Runs ``../shared/eval/news_eval.py`` (which calls ``manage.py extract`` once per document) on the three
development sets and prints the issue 13 table for each part:

- **held-back**: every fifth document of each set (positions 4, 9, 14, ... in gold.json's order). Nothing is
  tuned on it: no rule, threshold or weight was written while reading its output. Its figures are the ones
  quoted.
- **rest**: the other four fifths, used to develop and tune.

The split is made by writing a filtered copy of each set's gold.json into a temporary directory (the documents
are linked, not copied) and passing it to news_eval with ``--data``. When ``../shared`` is absent (a clean
clone, CI) the bench prints a message and exits 0.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
#: ../shared beside the project (a checkout next to it) or two levels up (a worktree under /work/wt/NAME).
SHARED = next((p / "shared" for p in (REPO.parent, REPO.parent.parent) if (p / "shared").is_dir()),
              REPO.parent / "shared")
EVAL = SHARED / "eval"
SETS = ("polnear_attrib", "te3_timex", "inobo_claims")
HOLD_EVERY = 5

#: Issue 13's baselines (dev sets, first 40 docs, commit 8658386) and targets.
BASELINE = {"speaker_acc": "0.43", "speaker_cov": "-", "date_acc": "0.67", "claims_median": "29-40",
            "claim_recall": "-", "claim_hit3": "0.225", "claim_hit1": "-"}
TARGET = {"speaker_acc": ">= 0.85", "speaker_cov": ">= 0.70", "date_acc": ">= 0.85", "claims_median": "<= 12",
          "claim_recall": ">= 0.95", "claim_hit3": ">= 0.85", "claim_hit1": ">= 0.60"}
LABEL = {"speaker_acc": "speaker names the gold source (PolNeAR)", "speaker_cov": "attributed-statement coverage",
         "date_acc": "dates resolved to the gold value (TE3)", "date_cov": "date coverage (TE3)",
         "claims_median": "claims per article, median (iNoBo)", "claim_recall": "main-claim recall (iNoBo)",
         "claim_hit3": "main claim in top 3 (iNoBo)", "claim_hit1": "main claim top 1 (iNoBo)"}


def held_back(index: int) -> bool:
    """The held-back part: every fifth document (0-based positions 4, 9, 14, ...)."""
    return index % HOLD_EVERY == HOLD_EVERY - 1


def make_split(tmp: Path, part: str, sets: list[str], limit: int) -> None:
    for name in sets:
        src = EVAL / "news" / name
        gold = json.loads((src / "gold.json").read_text(encoding="utf-8"))
        docs = [d for i, d in enumerate(gold["docs"]) if held_back(i) == (part == "held")]
        if limit:
            docs = docs[:limit]
        out = tmp / name
        out.mkdir(parents=True)
        (out / "docs").symlink_to(src / "docs", target_is_directory=True)
        gold["docs"] = docs
        (out / "gold.json").write_text(json.dumps(gold), encoding="utf-8")


_NUM = r"([0-9.]+)"


def parse_output(out: str) -> dict[str, float]:
    """The figures news_eval prints (one line per set, then a summary)."""
    got: dict[str, float] = {}
    pats = {
        "speaker_cov": rf"polnear_attrib:.*covered by a claim {_NUM}",
        "speaker_acc": rf"speaker accuracy {_NUM}",
        "claim_recall": rf"inobo_claims:.*recall {_NUM}",
        "claim_hit1": rf"hit@1 {_NUM}",
        "claim_hit3": rf"hit@3 {_NUM}",
        "date_cov": rf"te3_timex:.*?inside a claim {_NUM}",
        "date_acc": rf"te3_timex:.*?resolved correctly {_NUM}",
        "docs_per_s": rf"{_NUM} docs/s",
    }
    for key, pat in pats.items():
        m = re.search(pat, out)
        if m:
            got[key] = float(m.group(1).rstrip("."))
    return got


def run_part(part: str, args: argparse.Namespace) -> tuple[dict[str, float], str]:
    """news_eval once per set (so its summary median is that set's), on the given part."""
    figures: dict[str, float] = {}
    outs: list[str] = []
    with tempfile.TemporaryDirectory(prefix="bench_eq_") as tmp:
        make_split(Path(tmp), part, args.sets, args.limit)
        for name in args.sets:
            cmd = [sys.executable, str(EVAL / "news_eval.py"), str(REPO / ".venv" / "bin" / "python"),
                   "--project", str(REPO), "--data", tmp, "--sets", name, "--jobs", str(args.jobs)]
            if args.verbose:
                cmd.append("--verbose")
            res = subprocess.run(cmd, capture_output=True, text=True, cwd=REPO)
            out = res.stdout + res.stderr
            outs.append(out)
            got = parse_output(out)
            m = re.search(r"median ([0-9.]+) claims/doc", out)
            if m and name == "inobo_claims":
                got["claims_median"] = float(m.group(1))
            if m:
                got[f"median_{name}"] = float(m.group(1))
            if "docs_per_s" in got:
                got[f"docs_per_s_{name}"] = got.pop("docs_per_s")
            figures.update(got)
    return figures, "\n".join(outs)


def fmt(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.3f}"


def table(results: dict[str, dict[str, float]]) -> list[str]:
    parts = list(results)
    head = f"| measure | baseline (8658386) | {' | '.join(parts)} | target |"
    lines = [head, "|---|---|" + "---|" * len(parts) + "---|"]
    for key in ("speaker_acc", "speaker_cov", "date_acc", "date_cov", "claims_median", "claim_recall",
                "claim_hit3", "claim_hit1"):
        cells = [fmt(results[p].get(key)) if key != "claims_median" or results[p].get(key) is None
                 else f"{results[p][key]:.1f}" for p in parts]
        lines.append(f"| {LABEL[key]} | {BASELINE.get(key, '-')} | {' | '.join(cells)} | {TARGET.get(key, '')} |")
    return lines


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sets", default=",".join(SETS))
    ap.add_argument("--limit", type=int, default=0, help="documents per set and part (0 = all)")
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--part", choices=["held", "rest", "both"], default="both")
    ap.add_argument("--verbose", action="store_true", help="print news_eval's output")
    args = ap.parse_args()
    args.sets = [s for s in args.sets.split(",") if s]
    if not (EVAL / "news_eval.py").exists():
        print(f"skipped: {EVAL} is absent (a clean clone has no ../shared); nothing measured")
        return 0
    parts = ["held", "rest"] if args.part == "both" else [args.part]
    results: dict[str, dict[str, float]] = {}
    for part in parts:
        figures, out = run_part(part, args)
        if args.verbose:
            print(out)
        else:
            print("\n".join(line for line in out.splitlines() if re.match(r"^\w+: |^summary|^  \w", line)))
        results["held-back (every 5th)" if part == "held" else "rest (tuned on)"] = figures
    print()
    print("\n".join(table(results)))
    for name, fig in results.items():
        meds = ", ".join(f"{s} {fig[f'median_{s}']:g}" for s in args.sets if f"median_{s}" in fig)
        speed = ", ".join(f"{s} {fig[f'docs_per_s_{s}']:.2f}" for s in args.sets if f"docs_per_s_{s}" in fig)
        print(f"{name}: median claims/doc {meds}; documents/s through manage.py extract (process start "
              f"included, --jobs {args.jobs}): {speed}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
