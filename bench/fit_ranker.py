"""Fitting the ranker's correction weights (``claims/extraction/models/ranker.json``); run through
``bench/bench_ranking.py --fit [--write] [--refit]``, which extracts the iNoBo dev documents and calls ``run``.

The model: for the candidates of one article, z_i = offset_i + sum_k w_k * x_ik, where the offset is rank-3's hand-set
logistic form (``ranking.logits`` with the correction weights at 0) and x_k are the correction features
(``CORRECTIONS``). The weights maximise the listwise likelihood of the candidates covering the gold main claim
(softmax over the article's candidates; several covering candidates share the probability) minus L2 / 2 * |w|^2.
Fitted on the rest documents only (index % 5 != 4); L2 chosen by 5-fold cross-validation over those documents
(fold = position % 5 in document order), by hit@3 + hit@1, then MRR, as the rank-3 grid was.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from scipy.optimize import minimize
from scipy.special import logsumexp

from claims.extraction import ranking

#: feature name in ``ranking.features`` -> RankerParams field it sets
CORRECTIONS = {"method": "w_method"}
LAMBDAS = (0.3, 1.0, 3.0)
FOLDS = 5
#: every weight of a full refit from zero (``--refit``): the features of ``ranking.logits``
REFIT = ("position", "model", "cue", "title", "centrality", "number", "entity", "official", "quote", "hook",
         "caption", "study", "duplicate", "question", "method")


def _design(d: dict[str, Any], names: Sequence[str], params: ranking.RankerParams | None) -> tuple[Any, Any]:
    """(X, offset) of one document: the named features, and the logits of ``params`` (zeros when None)."""
    rows = []
    for f in d["feats"]:
        g = dict(f, position=float(np.exp(-f["rank"] / ranking.DEFAULT_PARAMS.tau)))
        rows.append([g.get(n, 0.0) for n in names])
    x = np.array(rows, dtype=float).reshape(len(rows), len(names))
    if names and "model" in names:
        x[:, list(names).index("model")] = [ranking._logit(m) for m in d["model"]]
    off = np.array(ranking.logits(d["feats"], d["model"], params)) if params is not None else np.zeros(len(rows))
    return x, off


def fit(docs: Sequence[dict[str, Any]], names: Sequence[str], params: ranking.RankerParams | None, lam: float,
        positives: Callable[[dict[str, Any]], Any]) -> Any:
    """The weights of ``names`` (numpy array) on ``docs``; documents without a covering candidate are skipped."""
    data = []
    for d in docs:
        y = np.asarray(positives(d), dtype=bool)
        if y.any():
            data.append((*_design(d, names, params), y))

    def loss(w: Any) -> tuple[float, Any]:
        total, grad = 0.0, np.zeros(len(names))
        for x, off, y in data:
            z = x @ w + off
            lz, lp = logsumexp(z), logsumexp(z[y])
            p, q = np.exp(z - lz), np.where(y, np.exp(z - lp), 0.0)
            total -= lp - lz
            grad -= x.T @ (q - p)
        return total + lam * float(w @ w) / 2, grad + lam * w

    return minimize(loss, np.zeros(len(names)), jac=True, method="L-BFGS-B").x


def _scores(d: dict[str, Any], names: Sequence[str], params: ranking.RankerParams | None, w: Any) -> list[float]:
    if not d["claims"]:
        return []
    x, off = _design(d, names, params)
    return [round(float(v), 6) for v in x @ w + off]


def run(docs: list[dict[str, Any]], measure: Callable[..., dict[str, float]], held_back: Callable[[int], bool], *,
        write: bool = False, refit: bool = False) -> None:
    from bench_ranking import covers

    def positives(d: dict[str, Any]) -> list[bool]:
        return [covers((c.start, c.end), d["gold"]) for c in d["claims"]]

    rest = [d for d in docs if not held_back(d["index"])]
    prior = dataclasses.replace(ranking.DEFAULT_PARAMS, **{f: 0.0 for f in CORRECTIONS.values()})
    names = list(CORRECTIONS)
    line = "{:<40} rest CV: hit@1 {hit1:.3f} hit@3 {hit3:.3f} MRR {mrr:.3f}"
    print(line.format("rank-3 form (offset only, in-sample)", **measure(
        docs, lambda d: ranking.combine(d["feats"], d["model"], prior) if d["claims"] else [], "rest")))
    best = None
    for label, nm, par in [(f"correction {names}", names, prior)] + ([("refit all from zero", list(REFIT), None)]
                                                                       if refit else []):
        for lam in LAMBDAS:
            preds: dict[int, list[float]] = {}
            for fold in range(FOLDS):
                train = [d for j, d in enumerate(rest) if j % FOLDS != fold]
                w = fit(train, nm, par, lam, positives)
                preds.update({d["index"]: _scores(d, nm, par, w) for j, d in enumerate(rest) if j % FOLDS == fold})
            r = measure(docs, lambda d, preds=preds: preds[d["index"]], "rest")
            print(line.format(f"{label}, L2 {lam}", **r))
            key = (r["hit3"] + r["hit1"], r["mrr"])
            if par is prior and (best is None or key > best[0]):
                best = (key, lam, r)
    assert best is not None
    _key, lam, cv = best
    w = fit(rest, names, prior, lam, positives)
    weights = {CORRECTIONS[n]: round(float(v), 2) for n, v in zip(names, w, strict=True)}
    params = dataclasses.replace(prior, **weights)
    print(f"chosen L2 {lam}; fitted on all {len(rest)} rest documents: {weights}")
    fn = lambda d: ranking.combine(d["feats"], d["model"], params) if d["claims"] else []  # noqa: E731
    h, r = measure(docs, fn, "held"), measure(docs, fn, "rest")
    held = (f"hit@1 {h['hit1']:.3f} hit@3 {h['hit3']:.3f} MRR {h['mrr']:.3f}" if h["n"] else "not run")
    print(f"  rest (in-sample) hit@1 {r['hit1']:.3f} hit@3 {r['hit3']:.3f} MRR {r['mrr']:.3f}; held-back (report "
          f"only) {held}")
    if write:
        out = {
            "version": ranking.RANKER_VERSION,
            "fitted_on": f"iNoBo dev (news_claim_analysis), the {len(rest)} documents with index % 5 != 4 "
                         "(held-back documents never used); weights only, no text",
            "recipe": "python bench/bench_ranking.py --fit --write (bench/fit_ranker.py)",
            "fitted": sorted(weights), "l2": lam, "date": dt.date.today().isoformat(),
            "cv_rest": {k: round(cv[k], 3) for k in ("hit1", "hit3", "mrr")},
            "weights": {f.name: getattr(params, f.name) for f in dataclasses.fields(params)},
        }
        try:  # the notes on the hand-set weights stay
            out["hand_set"] = json.loads(ranking.PARAMS_FILE.read_text(encoding="utf-8"))["hand_set"]
        except (OSError, ValueError, KeyError):
            pass
        ranking.PARAMS_FILE.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {ranking.PARAMS_FILE}")
