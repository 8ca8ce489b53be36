"""Decision thresholds of the check-worthiness scorer and the figures they are judged by (F1, ROC AUC).

Pure numpy/scipy; ``scorer`` re-exports them (``scorer.best_threshold`` ...). The rules are chosen by name in
``train_scorer --threshold-rule`` (``THRESHOLD_RULES``); why the shipped one is "eer" is in scorer.py's docstring.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

THRESHOLD_GRID = np.round(np.arange(0.05, 0.951, 0.01), 2)


def best_threshold(y_true: Sequence[int], scores: Sequence[float]) -> tuple[float, float]:
    """Threshold on a 0.01 grid maximising positive-class F1 (ties: the one nearest 0.5)."""
    y = np.asarray(y_true, dtype=bool)
    s = np.asarray(scores, dtype=np.float64)
    best: tuple[float, float, float] = (-1.0, 0.0, 0.5)  # (f1, -distance to 0.5, t)
    for t in THRESHOLD_GRID:
        f1 = f1_at(y, s, float(t))
        key = (f1, -abs(float(t) - 0.5), float(t))
        if key[:2] > best[:2]:
            best = key
    return best[2], best[0]


def plateau_threshold(y_true: Sequence[int], scores: Sequence[float], tol: float = 0.005) -> tuple[float, float]:
    """Midpoint (0.01 grid) of the lowest and highest thresholds whose F1 is within ``tol`` of the best.

    The argmax of a flat F1 curve is decided by noise; the middle of the plateau is not. Returns (t, F1 at t).
    """
    y = np.asarray(y_true, dtype=bool)
    s = np.asarray(scores, dtype=np.float64)
    f1s = np.asarray([f1_at(y, s, float(t)) for t in THRESHOLD_GRID])
    near = THRESHOLD_GRID[f1s >= f1s.max() - tol]
    t = round(float(near.min() + near.max()) / 2, 2)
    return t, f1_at(y, s, t)


def eer_threshold(y_true: Sequence[int], scores: Sequence[float]) -> tuple[float, float]:
    """Threshold (0.01 grid) where the miss rate and the false-alarm rate are closest (ties: the lower).

    It depends only on each class's score distribution, not on the share of positives, so it survives a change of
    prior between the tuning set and new text (dev 23% positive, later debates 34%). Returns (t, F1 at t).
    """
    y = np.asarray(y_true, dtype=bool)
    s = np.asarray(scores, dtype=np.float64)
    best: tuple[float, float] = (math.inf, 0.5)
    for t in THRESHOLD_GRID:
        pred = s >= float(t)
        miss = float(np.mean(~pred[y])) if y.any() else 0.0
        false_alarm = float(np.mean(pred[~y])) if (~y).any() else 0.0
        gap = abs(miss - false_alarm)
        if gap < best[0] - 1e-12:
            best = (gap, float(t))
    return best[1], f1_at(y, s, best[1])


THRESHOLD_RULES = {"argmax": best_threshold, "plateau": plateau_threshold, "eer": eer_threshold}


def f1_at(y_true: Sequence[int] | np.ndarray, scores: Sequence[float] | np.ndarray, t: float) -> float:
    y = np.asarray(y_true, dtype=bool)
    pred = np.asarray(scores, dtype=np.float64) >= t
    tp = int(np.sum(pred & y))
    fp = int(np.sum(pred & ~y))
    fn = int(np.sum(~pred & y))
    return 0.0 if tp == 0 else 2 * tp / (2 * tp + fp + fn)


def _auc(y_true: Sequence[int], scores: Sequence[float]) -> float:
    """ROC AUC via the rank-sum formula (ties get average ranks); nan if only one class."""
    from scipy.stats import rankdata

    y = np.asarray(y_true, dtype=bool)
    n_pos = int(y.sum())
    n_neg = len(y) - n_pos
    if n_pos == 0 or n_neg == 0:
        return math.nan
    ranks = rankdata(np.asarray(scores, dtype=np.float64))
    return float((ranks[y].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))
