"""Learned check-worthiness scorer: hashed TF-IDF n-grams of delexicalised text with logistic regression.

Pure Python (numpy, scipy, scikit-learn); importable without Django settings.

Why this design (measured in ``bench/compare_checkworthy_designs.py``, bench/README.md "fifth pass"): the training
debates are from 1960-2016 and new text is later, so the shipped blocks see the sentence through ``delex_v1``
(names and other capitalised runs, numbers, years, money and percentages become shape tokens: word 1-3 and
char_wb 2-5 n-grams of that), the LR is class-balanced (C=3), and the threshold is set on dev where the miss rate
equals the false-alarm rate, a point that does not move with the share of positives (dev 23%, 2020 debates 34%).
It runs at a few thousand sentences per CPU-second and needs no torch or spaCy at run time.

The shipped model is stored without pickle: the vectorizer parameters live in a JSON metadata file and
the learned arrays (for each n-gram block: the kept hash buckets, their IDF and LR weights) in an .npz.
``HashingVectorizer`` is stateless (murmurhash3 of the n-gram), so the model is rebuilt from those
parameters on any scikit-learn version whose hashing and analyzers are unchanged. Buckets seen in fewer than
``min_df`` training sentences are dropped (IDF 0) both at training and at scoring, which keeps the file small
and the two code paths identical.

Scores are Platt-calibrated on out-of-fold margins of the training set. Known limits (see the comparisons): dev
flatters the model (dev-test F1 about 0.80 at the dev-set threshold), and on news the score is high for most
full sentences that report an event, including some captions.
"""

from __future__ import annotations

import csv
import datetime as _dt
import functools
import hashlib
import json
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp
from scipy.special import expit
from sklearn.feature_extraction.text import HashingVectorizer

from .delex import PREPROCESSORS, delex_v1  # noqa: F401 (delex_v1: scorer.delex_v1 for callers)
from .thresholds import (  # noqa: F401 (re-exported: scorer.best_threshold ... for callers)
    THRESHOLD_GRID,
    THRESHOLD_RULES,
    _auc,
    best_threshold,
    eer_threshold,
    f1_at,
    plateau_threshold,
)

MODEL_DIR = Path(__file__).resolve().parent / "models"
MODEL_STEM = "checkworthy"
#: 2: a block may name a ``preprocess`` (``delex-v1``); format-1 models (no preprocessing) still load.
FORMAT_VERSION = 2
READABLE_FORMATS = (1, 2)
BATCH_SIZE = 4096

#: The word + char blocks shipped until 2026-12-07 (raw text; bench/compare_scorers.py).
RAW_BLOCKS: tuple[dict[str, Any], ...] = (
    {"name": "word", "analyzer": "word", "ngram_range": [1, 2], "n_features": 2**20, "min_df": 2,
     "token_pattern": r"(?u)\b\w+\b"},
    {"name": "char", "analyzer": "char_wb", "ngram_range": [2, 5], "n_features": 2**20, "min_df": 3},
)
#: Default design since 2026-12-07 (design D5 of bench/compare_checkworthy_designs.py): word 1-3 and char_wb 2-5
#: n-grams of the delexicalised text only (``delex_v1``: names, numbers, years, money, percentages become shape
#: tokens), so the names and topics of the 1960-2016 training debates cannot be learnt.
DEFAULT_BLOCKS: tuple[dict[str, Any], ...] = (
    {"name": "delex", "analyzer": "word", "ngram_range": [1, 3], "n_features": 2**20, "min_df": 2,
     "token_pattern": r"(?u)\b\w+\b", "preprocess": "delex-v1"},
    {"name": "dchar", "analyzer": "char_wb", "ngram_range": [2, 5], "n_features": 2**20, "min_df": 3,
     "preprocess": "delex-v1"},
)
DEFAULT_C = 3.0
DEFAULT_CLASS_WEIGHT: str | None = "balanced"
#: How the threshold is set on dev: "eer" (miss rate = false-alarm rate; survives a change of prior), "argmax"
#: (best dev F1, the rule until 2026-12-07) or "plateau" (middle of the thresholds within 0.005 of the best).
DEFAULT_THRESHOLD_RULE = "eer"


def _meta_path(model_dir: Path) -> Path:
    return model_dir / f"{MODEL_STEM}.json"


def _arrays_path(model_dir: Path) -> Path:
    return model_dir / f"{MODEL_STEM}.npz"


def _read_shipped_meta() -> dict[str, Any]:
    try:
        return json.loads(_meta_path(MODEL_DIR).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


_SHIPPED_META = _read_shipped_meta()
#: Decision threshold of the shipped model (maximises positive-class F1 on dev); 0.5 if no model is shipped.
SCORER_THRESHOLD: float = float(_SHIPPED_META.get("threshold", 0.5))
#: Version string of the shipped model ("" if none is shipped).
MODEL_VERSION: str = str(_SHIPPED_META.get("model_version", ""))


# --- feature extraction (shared by training and scoring) ------------------------------------------

def _hashing_vectorizer(block: dict[str, Any]) -> HashingVectorizer:
    kwargs: dict[str, Any] = {
        "analyzer": block["analyzer"],
        "ngram_range": tuple(block["ngram_range"]),
        "n_features": int(block["n_features"]),
        "lowercase": True,
        "alternate_sign": False,
        "norm": None,
        "dtype": np.float32,
    }
    if block.get("token_pattern"):
        kwargs["token_pattern"] = block["token_pattern"]
    if block.get("preprocess"):
        # the text is preprocessed (and lower-cased) once per batch for every block that shares the step
        # (_preprocessed), so the vectorizer takes it as it comes
        kwargs["preprocessor"] = _as_is
    return HashingVectorizer(**kwargs)


def _as_is(text: str) -> str:
    return text


def _preprocessed(specs: Iterable[dict[str, Any]], texts: Sequence[str]) -> dict[str | None, Sequence[str]]:
    """The texts each block reads, keyed by its ``preprocess`` step (None: the raw text), each step run once."""
    out: dict[str | None, Sequence[str]] = {None: texts}
    for spec in specs:
        step = spec.get("preprocess")
        if step not in out:
            fn = PREPROCESSORS[step]
            out[step] = [fn(t) for t in texts]
    return out


def _weight(counts: sp.csr_matrix, idf: np.ndarray) -> sp.csr_matrix:
    """Sublinear TF times IDF, then L2-normalise each row (buckets with IDF 0 are dropped first)."""
    x = counts.tocsr(copy=True)
    x.data = (np.log1p(x.data) * idf[x.indices]).astype(np.float32)
    x.eliminate_zeros()
    sq = np.asarray(x.multiply(x).sum(axis=1)).ravel()
    norms = np.sqrt(sq, dtype=np.float64)
    norms[norms == 0] = 1.0
    inv = (1.0 / norms).astype(np.float32)
    x.data *= np.repeat(inv, np.diff(x.indptr))
    return x


@dataclass
class _Block:
    spec: dict[str, Any]
    vectorizer: HashingVectorizer
    idf: np.ndarray  # dense float32 [n_features], 0 where the bucket is not kept
    coef: np.ndarray  # dense float32 [n_features]

    def margin(self, texts: Sequence[str]) -> np.ndarray:
        x = _weight(self.vectorizer.transform(texts), self.idf)
        return np.asarray(x @ self.coef, dtype=np.float64).ravel()


@dataclass
class Scorer:
    """A loaded model: ``score(sentences)`` gives calibrated probabilities of check-worthiness."""

    blocks: list[_Block]
    intercept: float
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def threshold(self) -> float:
        return float(self.meta.get("threshold", 0.5))

    @property
    def version(self) -> str:
        return str(self.meta.get("model_version", ""))

    def margins(self, texts: Sequence[str]) -> np.ndarray:
        """Raw logistic-regression margins (before calibration)."""
        z = np.full(len(texts), self.intercept, dtype=np.float64)
        views = _preprocessed((b.spec for b in self.blocks), texts)
        for block in self.blocks:
            z += block.margin(views[block.spec.get("preprocess")])
        return z

    def _score_batch(self, texts: Sequence[str]) -> np.ndarray:
        cal = self.meta.get("calibration") or {"a": 1.0, "b": 0.0}
        z = float(cal["a"]) * self.margins(texts) + float(cal["b"])
        probs = expit(z)
        # Nothing to check in an empty line: score it 0 rather than the model's prior.
        empty = np.fromiter((not t.strip() for t in texts), dtype=bool, count=len(texts))
        probs[empty] = 0.0
        return probs

    def score(self, sentences: Sequence[str], batch_size: int = BATCH_SIZE) -> list[float]:
        out: list[float] = []
        for start in range(0, len(sentences), batch_size):
            out.extend(self._score_batch(list(sentences[start:start + batch_size])).tolist())
        return out


def _check_format(meta: dict[str, Any], where: Path) -> None:
    if meta.get("format_version") not in READABLE_FORMATS:
        raise ValueError(f"{where}: unsupported model format {meta.get('format_version')!r}, want one of "
                         f"{READABLE_FORMATS}")
    unknown = {b.get("preprocess") for b in meta.get("blocks", [])} - set(PREPROCESSORS) - {None}
    if unknown:
        raise ValueError(f"{where}: unknown preprocessing {sorted(unknown)!r}")


def _load(model_dir: Path) -> Scorer:
    meta = json.loads(_meta_path(model_dir).read_text(encoding="utf-8"))
    _check_format(meta, model_dir)
    blocks: list[_Block] = []
    with np.load(_arrays_path(model_dir), allow_pickle=False) as arrays:
        for spec in meta["blocks"]:
            n = int(spec["n_features"])
            idx = arrays[f"{spec['name']}_index"].astype(np.int64)
            idf = np.zeros(n, dtype=np.float32)
            coef = np.zeros(n, dtype=np.float32)
            idf[idx] = arrays[f"{spec['name']}_idf"]
            coef[idx] = arrays[f"{spec['name']}_coef"]
            blocks.append(_Block(spec, _hashing_vectorizer(spec), idf, coef))
        intercept = float(arrays["intercept"][0])
    return Scorer(blocks, intercept, meta)


@functools.lru_cache(maxsize=4)
def _load_cached(model_dir: str) -> Scorer:
    return _load(Path(model_dir))


def load_scorer(path: str | Path | None = None) -> Scorer:
    """Load (once per process and path) the model in directory ``path``; default: the shipped model."""
    model_dir = Path(path) if path is not None else MODEL_DIR
    if model_dir.suffix in {".json", ".npz"}:
        model_dir = model_dir.parent
    return _load_cached(str(model_dir.resolve()))


def score_sentences(sentences: Sequence[str], path: str | Path | None = None) -> list[float]:
    """Probability in [0, 1] that each sentence is a check-worthy factual claim (batched)."""
    if not sentences:
        return []
    return load_scorer(path).score(sentences)


def threshold(path: str | Path | None = None) -> float:
    """Decision threshold stored with the model: score >= threshold means check-worthy."""
    return load_scorer(path).threshold


# --- training ---------------------------------------------------------------------------------------

def read_tsv(path: str | Path) -> tuple[list[str], list[int], list[str]]:
    """Read an ``id<TAB>text<TAB>label`` file with a header line; returns (texts, labels, ids)."""
    texts: list[str] = []
    labels: list[int] = []
    ids: list[str] = []
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(reader, None)
        if header is None or [h.strip().lower() for h in header[:3]] != ["id", "text", "label"]:
            raise ValueError(f"{path}: expected a header line 'id<TAB>text<TAB>label', got {header!r}")
        for lineno, row in enumerate(reader, start=2):
            if not row:
                continue
            if len(row) < 3 or row[2].strip() not in {"0", "1"}:
                raise ValueError(f"{path}:{lineno}: expected id<TAB>text<TAB>label with label 0/1, got {row!r}")
            ids.append(row[0])
            texts.append(row[1])
            labels.append(int(row[2]))
    return texts, labels, ids


def _fit_block(spec: dict[str, Any], texts: Sequence[str]) -> tuple[HashingVectorizer, np.ndarray, sp.csr_matrix]:
    vec = _hashing_vectorizer(spec)
    counts = vec.transform(texts)
    n_docs = counts.shape[0]
    df = np.bincount(counts.indices, minlength=int(spec["n_features"]))
    idf = (np.log((1.0 + n_docs) / (1.0 + df)) + 1.0).astype(np.float32)
    idf[df < int(spec.get("min_df", 1))] = 0.0
    return vec, idf, _weight(counts, idf)


def _platt_oof(
    texts: Sequence[str], labels: Sequence[int], blocks: Sequence[dict[str, Any]], C: float, seed: int, folds: int = 5,
    class_weight: str | None = None,
) -> dict[str, Any] | None:
    """Platt scaling fitted on out-of-fold margins of the training set.

    A regularised LR on L2-normalised TF-IDF is under-confident; recalibrating on held-out folds of *train* (not on
    dev, which is kept for the threshold) makes the score an estimate of P(check-worthy) on the training
    distribution, so the dev-chosen threshold reads as a probability. None when a class has fewer than ``folds`` rows.
    """
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold

    y = np.asarray(labels, dtype=np.int64)
    if min(int(y.sum()), int(len(y) - y.sum())) < folds:
        return None
    z = np.zeros(len(y), dtype=np.float64)
    for tr, te in StratifiedKFold(folds, shuffle=True, random_state=seed).split(np.zeros(len(y)), y):
        model = fit([texts[i] for i in tr], y[tr].tolist(), blocks=blocks, C=C, seed=seed, calibrate=False,
                    class_weight=class_weight)
        z[te] = model.margins([texts[i] for i in te])
    platt = LogisticRegression(C=1e4, max_iter=1000).fit(z.reshape(-1, 1), y)
    return {"method": f"platt-oof-{folds}fold", "a": float(platt.coef_[0, 0]), "b": float(platt.intercept_[0])}


def fit(
    texts: Sequence[str],
    labels: Sequence[int],
    blocks: Sequence[dict[str, Any]] = DEFAULT_BLOCKS,
    C: float = DEFAULT_C,
    seed: int = 0,
    calibrate: bool = True,
    class_weight: str | None = DEFAULT_CLASS_WEIGHT,
) -> Scorer:
    """Fit the blocks' IDF and a logistic regression (+ Platt calibration); deterministic for fixed inputs/seed."""
    from sklearn.linear_model import LogisticRegression

    views = _preprocessed(blocks, texts)
    fitted = [_fit_block(dict(spec), views[spec.get("preprocess")]) for spec in blocks]
    # fit on the kept buckets only: same solution (empty columns get weight 0), far fewer columns for liblinear
    kept = np.flatnonzero(np.concatenate([f[1] for f in fitted]))
    x = sp.hstack([f[2] for f in fitted], format="csc")[:, kept].tocsr()
    clf = LogisticRegression(C=C, solver="liblinear", max_iter=1000, random_state=seed, class_weight=class_weight)
    clf.fit(x, np.asarray(labels, dtype=np.int64))
    coef = np.zeros(sum(int(spec["n_features"]) for spec in blocks), dtype=np.float32)
    coef[kept] = clf.coef_.ravel()
    out: list[_Block] = []
    offset = 0
    for spec, (vec, idf, _) in zip(blocks, fitted, strict=True):
        n = int(spec["n_features"])
        block_coef = coef[offset:offset + n].copy()
        block_coef[idf == 0] = 0.0
        out.append(_Block(dict(spec), vec, idf, block_coef))
        offset += n
    meta: dict[str, Any] = {"threshold": 0.5, "C": C, "seed": seed, "calibration": None}
    if class_weight:
        meta["class_weight"] = class_weight
    if calibrate:
        meta["calibration"] = _platt_oof(texts, labels, blocks, C, seed, class_weight=class_weight)
    return Scorer(out, float(clf.intercept_[0]), meta)


def save(scorer: Scorer, out_dir: str | Path) -> tuple[Path, Path]:
    """Write ``checkworthy.npz`` (kept buckets, IDF, weights) and ``checkworthy.json`` (everything else)."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    arrays: dict[str, np.ndarray] = {"intercept": np.asarray([scorer.intercept], dtype=np.float64)}
    for block in scorer.blocks:
        idx = np.flatnonzero(block.idf).astype(np.int32)
        name = block.spec["name"]
        arrays[f"{name}_index"] = idx
        arrays[f"{name}_idf"] = block.idf[idx]
        arrays[f"{name}_coef"] = block.coef[idx]
    npz = _arrays_path(out)
    tmp = npz.with_name(npz.name + ".tmp.npz")
    np.savez_compressed(tmp, **arrays)
    tmp.replace(npz)
    # hash the array contents, not the .npz bytes (zip entries carry a timestamp)
    h = hashlib.sha256()
    for key in sorted(arrays):
        h.update(key.encode())
        h.update(np.ascontiguousarray(arrays[key]).tobytes())
    h.update(json.dumps([scorer.meta.get("calibration"), [b.spec for b in scorer.blocks]], sort_keys=True).encode())
    digest = h.hexdigest()
    meta = dict(scorer.meta)
    design = "delex" if any(b.spec.get("preprocess") for b in scorer.blocks) else "hashtfidf"
    meta.update(
        format_version=FORMAT_VERSION,
        blocks=[b.spec for b in scorer.blocks],
        content_sha256=digest,
        model_version=f"checkworthy-{design}-lr-{meta.get('trained_on', 'na')}-{digest[:8]}",
    )
    scorer.meta = meta
    meta_file = _meta_path(out)
    meta_file.write_text(json.dumps(meta, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    _load_cached.cache_clear()
    return meta_file, npz


def _subsample(n: int, limit: int | None, seed: int) -> np.ndarray:
    idx = np.arange(n)
    if limit is not None and 0 < limit < n:
        idx = np.sort(np.random.default_rng(seed).choice(n, size=limit, replace=False))
    return idx


def train(
    train_path: str | Path,
    dev_path: str | Path,
    out_path: str | Path,
    seed: int = 0,
    limit: int | None = None,
    C: float = DEFAULT_C,
    devtest_path: str | Path | None = None,
    extra: list[tuple[str, int]] | None = None,
    class_weight: str | None = DEFAULT_CLASS_WEIGHT,
    threshold_rule: str = DEFAULT_THRESHOLD_RULE,
    blocks: Sequence[dict[str, Any]] = DEFAULT_BLOCKS,
) -> dict[str, Any]:
    """Train on ``train_path``, set the threshold on ``dev_path`` by ``threshold_rule``, write to ``out_path``.

    ``limit`` keeps a seeded random sample of that many training rows. ``devtest_path`` (optional) is only
    scored, at the dev-chosen threshold, and its F1 recorded: it never chooses anything. ``extra`` are
    (text, label) rows added to the training rows after the sample (the desk's claim corrections,
    ``claims.corrections.scorer_rows``); dev never sees them. Returns the metadata.
    """
    import sklearn

    texts, labels, _ = read_tsv(train_path)
    dev_texts, dev_labels, _ = read_tsv(dev_path)
    if not texts or not dev_texts:
        raise ValueError("training and dev files must both hold at least one row")
    keep = _subsample(len(texts), limit, seed)
    texts = [texts[i] for i in keep]
    labels = [labels[i] for i in keep]
    extra = [(t, int(label)) for t, label in (extra or []) if t.strip() and int(label) in (0, 1)]
    texts += [t for t, _ in extra]
    labels += [label for _, label in extra]
    if len(set(labels)) < 2:
        raise ValueError("the training rows must hold both labels 0 and 1")

    if threshold_rule not in THRESHOLD_RULES:
        raise ValueError(f"unknown threshold rule {threshold_rule!r} (one of {sorted(THRESHOLD_RULES)})")
    scorer = fit(texts, labels, blocks=blocks, C=C, seed=seed, class_weight=class_weight)
    dev_scores = scorer.score(dev_texts)
    thr, dev_f1 = THRESHOLD_RULES[threshold_rule](dev_labels, dev_scores)
    scorer.meta.update(
        threshold=thr,
        threshold_rule=threshold_rule,
        dev_f1=round(dev_f1, 4),
        dev_f1_best=round(best_threshold(dev_labels, dev_scores)[1], 4),
        dev_f1_at_0_5=round(f1_at(dev_labels, dev_scores, 0.5), 4),
        dev_auc=round(_auc(dev_labels, dev_scores), 4),
        dev_size=len(dev_texts),
        dev_positives=int(sum(dev_labels)),
        train_size=len(texts),
        train_positives=int(sum(labels)),
        extra_rows=len(extra),
        extra_positives=sum(label for _, label in extra),
        train_file=Path(train_path).name,
        dev_file=Path(dev_path).name,
        limit=limit,
        seed=seed,
        C=C,
        sklearn_version=sklearn.__version__,
        numpy_version=np.__version__,
        python_version=sys.version.split()[0],
        trained_on=_dt.date.today().isoformat(),
    )
    if devtest_path is not None:
        dt_texts, dt_labels, _ = read_tsv(devtest_path)
        dt_scores = scorer.score(dt_texts)
        scorer.meta.update(devtest_file=Path(devtest_path).name, devtest_size=len(dt_texts),
                           devtest_f1=round(f1_at(dt_labels, dt_scores, thr), 4),
                           devtest_auc=round(_auc(dt_labels, dt_scores), 4))
    scorer.meta["retrain"] = (f"manage.py train_scorer --C {C} --seed {seed}"
                              + f" --class-weight {class_weight or 'none'} --threshold-rule {threshold_rule}"
                              + (f" --limit {limit}" if limit else "")
                              + (" --corrections" if extra else "")
                              + " (data: ../shared/training, CLEF CheckThat! 2024 English train/dev/dev-test)")
    meta_file, npz = save(scorer, out_path)
    return {**scorer.meta, "meta_path": str(meta_file), "model_path": str(npz),
            "model_bytes": npz.stat().st_size}


def iter_batches(lines: Iterable[str], size: int = BATCH_SIZE) -> Iterable[list[str]]:
    """Group an iterable of lines into lists of at most ``size`` (for streaming scoring)."""
    batch: list[str] = []
    for line in lines:
        batch.append(line)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
