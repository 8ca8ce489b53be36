"""Agreement between independent reviewers of the same claims (blind second review).

Cohen's kappa per reviewer pair comes from scikit-learn, Krippendorff's alpha from the
``krippendorff`` package; this module only arranges the ratings for them. Two alphas:

- ordinal, over the true..false scale (``settings.VERDICT_SCALE`` values 5..1); a rating off the
  scale (misleading, unverifiable) is left out of it, so a claim counts only if at least two of its
  ratings are on the scale;
- nominal, over every rating including misleading and unverifiable.

Every figure comes with ``n``: the number of claims (units) behind it. A figure that cannot be
computed (fewer than two claims, or one rating value only, where chance agreement is everything)
is None, not 0 or 1.
"""

from __future__ import annotations

import datetime as dt
import math
import warnings
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

import krippendorff
import numpy as np
from django.conf import settings
from django.contrib.auth import get_user_model

from .models import IndependentReview

# one rating: (unit, i.e. claim id; rater, i.e. reviewer id; rating slug)
Rating = tuple[int, int, str]


def scale_values() -> dict[str, int]:
    """Slug -> position on the ordinal true..false scale (only the ratings that are on it)."""
    return {slug: value for slug, _label, value in settings.VERDICT_SCALE if value is not None}


def nominal_codes() -> dict[str, int]:
    return {slug: i for i, (slug, _label, _value) in enumerate(settings.VERDICT_SCALE)}


@dataclass(frozen=True)
class Figure:
    value: float | None
    n: int  # claims behind the figure

    def as_dict(self) -> dict[str, Any]:
        return {"value": None if self.value is None else round(self.value, 4), "n": self.n}


def _finite(x: float) -> float | None:
    return None if x is None or math.isnan(x) or math.isinf(x) else float(x)


def cohen_kappa(pairs: Sequence[tuple[str, str]]) -> Figure:
    """Kappa of two raters over the claims both rated (nominal, every rating a category)."""
    if len(pairs) < 2:
        return Figure(None, len(pairs))
    a, b = zip(*pairs, strict=True)
    if len(set(a) | set(b)) < 2:
        return Figure(None, len(pairs))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        from sklearn.metrics import cohen_kappa_score  # scipy and sklearn (~0.7 s): not at every process start

        value = cohen_kappa_score(list(a), list(b), labels=list(nominal_codes()))
    return Figure(_finite(value), len(pairs))


def krippendorff_alpha(ratings: Iterable[Rating], level: str) -> Figure:
    """Alpha over all raters and units; ``level`` is "ordinal" or "nominal"."""
    codes = scale_values() if level == "ordinal" else nominal_codes()
    by_unit: dict[int, dict[int, int]] = defaultdict(dict)
    for unit, rater, rating in ratings:
        if rating in codes:
            by_unit[unit][rater] = codes[rating]
    units = [u for u, r in by_unit.items() if len(r) >= 2]  # only pairable units carry information
    if len(units) < 2:
        return Figure(None, len(units))
    raters = sorted({r for u in units for r in by_unit[u]})
    col = {u: j for j, u in enumerate(units)}
    row = {r: i for i, r in enumerate(raters)}
    data = np.full((len(raters), len(units)), np.nan)
    for u in units:
        for r, v in by_unit[u].items():
            data[row[r], col[u]] = v
    if len(np.unique(data[~np.isnan(data)])) < 2:
        return Figure(None, len(units))
    value = krippendorff.alpha(reliability_data=data, level_of_measurement=level,
                               value_domain=sorted(set(codes.values())))
    return Figure(_finite(value), len(units))


@dataclass
class AlphaPair:
    ordinal: Figure
    nominal: Figure

    def as_dict(self) -> dict[str, Any]:
        return {"ordinal": self.ordinal.as_dict(), "nominal": self.nominal.as_dict()}


def alphas(ratings: Sequence[Rating]) -> AlphaPair:
    return AlphaPair(krippendorff_alpha(ratings, "ordinal"), krippendorff_alpha(ratings, "nominal"))


@dataclass
class PairKappa:
    reviewer_a: str
    reviewer_b: str
    kappa: Figure


@dataclass
class ReviewerAgreement:
    reviewer: str
    alpha: AlphaPair  # over the claims this reviewer rated (with their other rater)


@dataclass
class PeriodAgreement:
    period: dt.date  # first day of the month in which the claim's second rating was submitted
    alpha: AlphaPair


@dataclass
class AgreementReport:
    overall: AlphaPair
    pairs: list[PairKappa] = field(default_factory=list)
    reviewers: list[ReviewerAgreement] = field(default_factory=list)
    periods: list[PeriodAgreement] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "overall": self.overall.as_dict(),
            "pairs": [{"reviewer_a": p.reviewer_a, "reviewer_b": p.reviewer_b, "kappa": p.kappa.as_dict()}
                      for p in self.pairs],
            "reviewers": [{"reviewer": r.reviewer, "alpha": r.alpha.as_dict()} for r in self.reviewers],
            "periods": [{"period": p.period.isoformat(), "alpha": p.alpha.as_dict()} for p in self.periods],
        }


def agreement_from(ratings: Sequence[Rating], completed: dict[int, dt.datetime],
                   names: dict[int, str]) -> AgreementReport:
    """The whole report from plain ratings; ``completed`` maps a unit to when its last rating came
    (its period), ``names`` a rater id to the name shown."""
    by_unit: dict[int, dict[int, str]] = defaultdict(dict)
    for unit, rater, rating in ratings:
        by_unit[unit][rater] = rating
    report = AgreementReport(overall=alphas(ratings))

    pair_items: dict[tuple[int, int], list[tuple[str, str]]] = defaultdict(list)
    for per_rater in by_unit.values():
        for a, b in combinations(sorted(per_rater), 2):
            pair_items[(a, b)].append((per_rater[a], per_rater[b]))
    report.pairs = [PairKappa(names.get(a, str(a)), names.get(b, str(b)), cohen_kappa(items))
                    for (a, b), items in sorted(pair_items.items())]

    units_of: dict[int, set[int]] = defaultdict(set)
    for unit, per_rater in by_unit.items():
        for rater in per_rater:
            units_of[rater].add(unit)
    report.reviewers = sorted(
        (ReviewerAgreement(names.get(r, str(r)), alphas([x for x in ratings if x[0] in units]))
         for r, units in units_of.items()),
        key=lambda ra: ra.reviewer,
    )

    units_in: dict[dt.date, set[int]] = defaultdict(set)
    for unit, when in completed.items():
        units_in[when.date().replace(day=1)].add(unit)
    report.periods = [PeriodAgreement(month, alphas([x for x in ratings if x[0] in units]))
                      for month, units in sorted(units_in.items())]
    return report


def agreement(since: dt.datetime | None = None) -> AgreementReport:
    """Agreement over the claims whose two independent ratings are both submitted (since ``since``,
    by the later submission). Reads IndependentReview only: one query of four columns."""
    rows = IndependentReview.objects.filter(status=IndependentReview.Status.SUBMITTED).exclude(rating="")
    ratings: list[Rating] = []
    completed: dict[int, dt.datetime] = {}
    count: dict[int, int] = defaultdict(int)
    for claim_id, reviewer_id, rating, submitted_at in rows.values_list("claim_id", "reviewer_id", "rating",
                                                                        "submitted_at"):
        ratings.append((claim_id, reviewer_id, rating))
        count[claim_id] += 1
        if submitted_at and (claim_id not in completed or submitted_at > completed[claim_id]):
            completed[claim_id] = submitted_at
    done = {u for u, c in count.items() if c >= 2 and (since is None or completed.get(u, since) >= since)}
    ratings = [x for x in ratings if x[0] in done]
    completed = {u: when for u, when in completed.items() if u in done}
    reviewer_ids = {r for _u, r, _x in ratings}
    names = dict(get_user_model().objects.filter(pk__in=reviewer_ids).values_list("pk", "username"))
    return agreement_from(ratings, completed, names)
