"""Compare fine-tuned MiniLM classifiers (ONNX int8) with the linear model (and their average) on CheckThat! 2024.

Runs in the project's .venv (onnxruntime, tokenizers, scikit-learn); the classifier directory (model.onnx,
tokenizer.json, manifest.json) is built by scripts/build_checkworthy_model.sh (or ``scripts/checkworthy_build.py
export``) and scored here with that script's onnxruntime path (one sentence a run):

    python bench/compare_checkworthy_ft.py [--model DIR [--model DIR2 ...]] [--data ../shared/training] [--average]

(default DIR: var/models/checkworthy-minilm, where the build script writes). For each variant: the threshold (and,
for the average, the weight of the classifier) that maximise
positive-class F1 on dev, F1 and AUC on dev, then F1 at that threshold and AUC on dev-test (never used to
choose), F1 / AUC on the hand-labelled news sentences (tests/data/news_checkworthy.tsv), and single-thread
scoring speed in sentences per CPU-second on the dev sentences.
"""

from __future__ import annotations

import argparse
import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import json  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

sys.path.insert(0, str(REPO / "scripts"))

import checkworthy_build as B  # noqa: E402

from claims.extraction import scorer as S  # noqa: E402


class Classifier:
    """A built classifier scored with onnxruntime (one thread, one sentence a run, as the export scores it)."""

    def __init__(self, model_dir: Path) -> None:
        import onnxruntime as ort

        self.meta = json.loads((model_dir / "manifest.json").read_text())
        self.version = self.meta["model_version"]
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = opts.inter_op_num_threads = 1
        self.sess = ort.InferenceSession(str(model_dir / "model.onnx"), opts, providers=["CPUExecutionProvider"])
        self.tok = B.tokenizer(model_dir / "tokenizer.json")

    def score(self, texts: list[str]) -> list[float]:
        logits = np.zeros(len(texts))
        for i, text in enumerate(texts):  # one a run: int8 activations are quantised per run (B.predict_onnx)
            ids, mask = B.encode(self.tok, [text])
            logits[i] = self.sess.run(None, {"input_ids": ids, "attention_mask": mask})[0][0]
        probs = 1.0 / (1.0 + np.exp(-logits))
        return [0.0 if not t.strip() else float(p) for t, p in zip(texts, probs, strict=True)]


def speed(fn, texts: list[str]) -> float:  # type: ignore[no-untyped-def]
    fn(texts[:64])  # warm-up
    c = time.process_time()
    fn(texts)
    return len(texts) / max(1e-9, time.process_time() - c)


def row(name: str, y: dict, s: dict, thr: float) -> str:
    f1 = {k: S.f1_at(y[k], s[k], thr) for k in y}
    au = {k: S._auc(y[k], s[k]) for k in y}
    return (f"| {name} (t={thr:.2f}) | {f1['dev']:.3f} | {au['dev']:.3f} | {f1['devtest']:.3f} | {au['devtest']:.3f} "
            f"| {f1['news']:.3f} | {au['news']:.3f} |")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", type=Path, action="append",
                    help="a classifier directory; repeat to compare several")
    ap.add_argument("--data", type=Path, default=REPO.parent / "shared" / "training")
    ap.add_argument("--average", action="store_true",
                    help="also the average of the first classifier and the linear model (weight chosen on dev)")
    args = ap.parse_args()
    models = args.model or [REPO / "var" / "models" / "checkworthy-minilm"]
    data = {k: S.read_tsv(args.data / f"ct24_checkworthy_english_{k}.tsv") for k in ("dev", "devtest")}
    data["news"] = S.read_tsv(REPO / "tests" / "data" / "news_checkworthy.tsv")
    y = {k: np.asarray(v[1]) for k, v in data.items()}
    linear = S.load_scorer()
    lin = {k: np.asarray(linear.score(v[0])) for k, v in data.items()}
    texts = data["dev"][0]
    print("| variant | dev F1 | dev AUC | dev-test F1 | dev-test AUC | news F1 | news AUC | sentences/CPU-s |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    print(row("linear, shipped", y, lin, linear.threshold) + f" {speed(linear.score, texts):,.0f} |", flush=True)
    first: dict | None = None
    for model_dir in models:
        ft = Classifier(model_dir)
        fts = {k: np.asarray(ft.score(v[0])) for k, v in data.items()}
        first = first or fts
        print(row(f"{model_dir.name}: {ft.version}", y, fts, S.best_threshold(y["dev"], fts["dev"])[0])
              + f" {speed(ft.score, texts):,.0f} |", flush=True)
    if args.average and first is not None:
        best = (-1.0, 0.0, 0.5)
        for w in np.round(np.arange(0.0, 1.01, 0.1), 1):
            thr, f1 = S.best_threshold(y["dev"], w * first["dev"] + (1 - w) * lin["dev"])
            print(f"  average w={w:.1f}: dev F1 {f1:.4f} at {thr:.2f}")
            if f1 > best[0]:
                best = (f1, float(w), thr)
        w = best[1]
        avg = {k: w * first[k] + (1 - w) * lin[k] for k in y}
        print(row(f"average, classifier weight {w:.1f} (chosen on dev)", y, avg, best[2]) + " |")


if __name__ == "__main__":
    main()
