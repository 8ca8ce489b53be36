"""Check-worthiness designs of the fifth pass (plan in bench/README.md), each next to the shipped recipe, one run.

    nice -n 5 .venv/bin/python bench/compare_checkworthy_designs.py [--data ../shared/training] [--only D1,D3]

Every model is fitted on train (hashed TF-IDF blocks + liblinear LR, Platt on 5-fold out-of-fold train margins,
seed 0, C=3); its threshold is set on dev by the design's rule; dev-test and the hand-labelled news sentences
(tests/data/news_checkworthy.tsv) are only scored. For each design: threshold, dev F1 / AUC, dev-test F1 / AUC,
news F1 / AUC, and single-thread scoring speed on the dev sentences in sentences per CPU-second (for the spaCy
design, the tagger + NER time included). Designs that share features and class weighting share one fitted model.
"""

from __future__ import annotations

import argparse
import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import sys  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import numpy as np  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from claims.extraction import scorer as S  # noqa: E402

F0 = [dict(b) for b in S.RAW_BLOCKS]
DELEX_WORD = {"name": "delex", "analyzer": "word", "ngram_range": [1, 3], "n_features": 2**20, "min_df": 2,
              "token_pattern": r"(?u)\b\w+\b", "preprocess": "delex-v1"}
DELEX_CHAR = {"name": "dchar", "analyzer": "char_wb", "ngram_range": [2, 5], "n_features": 2**20, "min_df": 3,
              "preprocess": "delex-v1"}
SPACY_WORD = {"name": "sent", "analyzer": "word", "ngram_range": [1, 3], "n_features": 2**20, "min_df": 2,
              "token_pattern": r"\S+", "preprocess": "spacy-ents"}
SPACY_TAG = {"name": "stag", "analyzer": "word", "ngram_range": [1, 3], "n_features": 2**18, "min_df": 2,
             "token_pattern": r"\S+", "preprocess": "spacy-tags"}
FEATURES: dict[str, list[dict[str, Any]]] = {
    "F0": F0, "F1": F0 + [DELEX_WORD], "F2": [DELEX_WORD, DELEX_CHAR], "F3": F0 + [SPACY_WORD, SPACY_TAG]}
C = 3.0
# (name, features, class weight, threshold rule)
DESIGNS = [
    ("shipped", "F0", None, "argmax"),
    ("D1", "F0", None, "plateau"),
    ("D2", "F0", None, "eer"),
    ("D3", "F1", "balanced", "plateau"),
    ("D4", "F1", "balanced", "eer"),
    ("D5", "F2", "balanced", "eer"),
    ("D6", "F3", "balanced", "eer"),
]

_SPACY: dict[str, tuple[str, str]] = {}


def _spacy_nlp() -> Any:
    import spacy

    from claims.extraction.nlp import MODEL

    return spacy.load(MODEL, exclude=["parser", "lemmatizer", "senter"])


def _spacy_strings(doc: Any) -> tuple[str, str]:
    words: list[str] = []
    for tok in doc:
        if tok.ent_type_:
            if tok.ent_iob_ == "B":
                words.append(tok.ent_type_)
        elif tok.like_num:
            words.append("NUM")
        elif not tok.is_space:
            words.append(tok.lower_)
    return " ".join(words), " ".join(t.tag_ for t in doc if not t.is_space)


def spacy_cache(texts: list[str]) -> None:
    todo = sorted({t for t in texts if t not in _SPACY})
    nlp = _spacy_nlp()
    for text, doc in zip(todo, nlp.pipe(todo, batch_size=256), strict=True):
        _SPACY[text] = _spacy_strings(doc)
    S.PREPROCESSORS["spacy-ents"] = lambda t: _SPACY[t][0]
    S.PREPROCESSORS["spacy-tags"] = lambda t: _SPACY[t][1]


def speed(fn: Callable[[list[str]], Any], texts: list[str]) -> float:
    fn(texts[:64])  # warm-up
    c = time.process_time()
    fn(texts)
    return len(texts) / max(1e-9, time.process_time() - c)


def main() -> None:
    ap = argparse.ArgumentParser()
    here = [p / "shared" / "training" for p in (REPO.parent, REPO.parent.parent)]  # main checkout or a worktree
    ap.add_argument("--data", type=Path, default=next((p for p in here if p.is_dir()), here[0]))
    ap.add_argument("--only", default="", help="comma-separated design names (default: all)")
    args = ap.parse_args()
    data = {k: S.read_tsv(args.data / f"ct24_checkworthy_english_{k}.tsv") for k in ("train", "dev", "devtest")}
    data["news"] = S.read_tsv(REPO / "tests" / "data" / "news_checkworthy.tsv")
    y = {k: np.asarray(v[1]) for k, v in data.items()}
    only = {x for x in args.only.split(",") if x}
    designs = [d for d in DESIGNS if not only or d[0] in only or d[0] == "shipped"]
    if any(d[1] == "F3" for d in designs):
        c = time.process_time()
        spacy_cache([t for v in data.values() for t in v[0]])
        print(f"spaCy tagger+NER: {len(_SPACY)} sentences in {time.process_time() - c:.0f} CPU-s", flush=True)
    print("| design | features | class weight | rule | threshold | dev F1 | dev AUC | dev-test F1 | dev-test AUC "
          "| news F1 | news AUC | sentences/CPU-s | fit CPU-s |")
    print("|---|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|", flush=True)
    fitted: dict[tuple[str, str | None], tuple[S.Scorer, dict[str, np.ndarray], float, float]] = {}
    for name, feats, cw, rule in designs:
        key = (feats, cw)
        if key not in fitted:
            c = time.process_time()
            model = S.fit(data["train"][0], data["train"][1], blocks=FEATURES[feats], C=C, seed=0, class_weight=cw)
            fit_s = time.process_time() - c
            scores = {k: np.asarray(model.score(data[k][0])) for k in ("dev", "devtest", "news")}
            dev_texts = data["dev"][0]
            if feats == "F3":
                nlp = _spacy_nlp()

                def run(texts: list[str], model: S.Scorer = model, nlp: Any = nlp) -> Any:
                    for text, doc in zip(texts, nlp.pipe(texts, batch_size=256), strict=True):
                        _SPACY[text] = _spacy_strings(doc)
                    return model.score(texts)

                sps = speed(run, dev_texts)
            else:
                sps = speed(model.score, dev_texts)
            fitted[key] = (model, scores, sps, fit_s)
        model, scores, sps, fit_s = fitted[key]
        thr, dev_f1 = S.THRESHOLD_RULES[rule](y["dev"], scores["dev"])
        f1 = {k: S.f1_at(y[k], scores[k], thr) for k in ("dev", "devtest", "news")}
        auc = {k: S._auc(y[k], scores[k]) for k in ("dev", "devtest", "news")}
        print(f"| {name} | {feats} | {cw or 'none'} | {rule} | {thr:.2f} | {f1['dev']:.3f} | {auc['dev']:.3f} "
              f"| {f1['devtest']:.3f} | {auc['devtest']:.3f} | {f1['news']:.3f} | {auc['news']:.3f} "
              f"| {sps:,.0f} | {fit_s:.0f} |", flush=True)


if __name__ == "__main__":
    main()
