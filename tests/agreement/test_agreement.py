"""Agreement statistics against values computed by hand (worked out in the comments)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError
from django.utils import timezone

from reviewers.agreement import agreement, agreement_from, cohen_kappa, krippendorff_alpha
from reviewers.models import IndependentReview
from tests.factories import ClaimFactory

# Two raters, ten claims, true/false only. Both "true" on 4, both "false" on 3, A true/B false on 2,
# A false/B true on 1.
KAPPA_PAIRS = [("true", "true")] * 4 + [("false", "false")] * 3 + [("true", "false")] * 2 + [("false", "true")]


def test_cohen_kappa_by_hand():
    # p_o = 7/10; A says true 6/10, B 5/10: p_e = .6*.5 + .4*.5 = .5; kappa = (.7 - .5) / .5 = 0.4
    fig = cohen_kappa(KAPPA_PAIRS)
    assert fig.value == pytest.approx(0.4)
    assert fig.n == 10


def test_cohen_kappa_undefined_cases_are_none():
    assert cohen_kappa([("true", "true")]).value is None  # one item
    assert cohen_kappa([("true", "true")] * 5).value is None  # one category: chance explains all
    assert cohen_kappa([("true", "true")] * 5).n == 5


def _ratings(pairs):
    return [r for u, (a, b) in enumerate(pairs) for r in ((u, 1, a), (u, 2, b))]


def test_krippendorff_nominal_by_hand():
    # Coincidences over the same ten claims: o(t,t) = 8, o(f,f) = 6, o(t,f) = o(f,t) = 3; n = 20,
    # n_t = 11, n_f = 9. D_o = 6/20 = .3; D_e = 2*11*9 / (20*19) = 198/380; alpha = 1 - .3*380/198 = 14/33
    fig = krippendorff_alpha(_ratings(KAPPA_PAIRS), "nominal")
    assert fig.value == pytest.approx(14 / 33)
    assert fig.n == 10


# Four claims on the scale (true=5, mostly-true=4, half-true=3) and one rated "misleading" by both.
ORDINAL_PAIRS = [("true", "true"), ("true", "mostly-true"), ("mostly-true", "half-true"),
                 ("half-true", "half-true"), ("misleading", "misleading")]


def test_krippendorff_ordinal_by_hand_leaves_off_scale_ratings_out():
    # Ordinal: the misleading claim is left out; n = 8 values: n5 = 3, n4 = 2, n3 = 3.
    # delta(c,k) = (sum of n_g for g from c to k - (n_c + n_k)/2)^2:
    #   d(5,4) = (5 - 2.5)^2 = 6.25, d(4,3) = 6.25, d(5,3) = (8 - 3)^2 = 25
    # D_o = (2*6.25 + 2*6.25) / 8 = 3.125
    # D_e = 2*(3*2*6.25 + 2*3*6.25 + 3*3*25) / (8*7) = 600/56
    # alpha = 1 - 3.125*56/600 = 17/24
    fig = krippendorff_alpha(_ratings(ORDINAL_PAIRS), "ordinal")
    assert fig.value == pytest.approx(17 / 24)
    assert fig.n == 4


def test_krippendorff_nominal_includes_misleading():
    # Nominal over all five claims: n = 10 values: n5 = 3, n4 = 2, n3 = 3, n_misleading = 2.
    # disagreeing coincidences: 4 (the two split claims, both orders); D_o = 4/10
    # D_e = (10^2 - (9+4+9+4)) / (10*9) = 74/90; alpha = 1 - .4*90/74 = 1 - 36/74 = 19/37
    fig = krippendorff_alpha(_ratings(ORDINAL_PAIRS), "nominal")
    assert fig.value == pytest.approx(19 / 37)
    assert fig.n == 5


def test_alpha_with_a_missing_rating_and_three_raters():
    # Three raters; claim 0 rated by all three (true,true,false), claim 1 by two (false,false),
    # claim 2 by one only (not pairable: left out). Nominal: pairable values n = 5: n_t = 2, n_f = 3.
    # Claim 0 (m=3) adds 1/(m-1) per ordered pair: o(t,t) = 2*.5 = 1, o(t,f) = o(f,t) = 2*.5 = 1.
    # Claim 1 (m=2): o(f,f) = 2. D_o = 2/5; D_e = 2*2*3 / (5*4) = .6; alpha = 1 - .4/.6 = 1/3
    ratings = [(0, 1, "true"), (0, 2, "true"), (0, 3, "false"), (1, 1, "false"), (1, 2, "false"), (2, 3, "true")]
    fig = krippendorff_alpha(ratings, "nominal")
    assert fig.value == pytest.approx(1 / 3)
    assert fig.n == 2


def test_alpha_undefined_is_none():
    assert krippendorff_alpha([(0, 1, "true"), (0, 2, "true")], "ordinal").value is None  # one claim
    both_true = [(u, r, "true") for u in range(3) for r in (1, 2)]
    assert krippendorff_alpha(both_true, "nominal").value is None  # one value only
    assert krippendorff_alpha(both_true, "nominal").n == 3


def test_report_per_pair_reviewer_and_period():
    # Raters 1 and 2 rate claims 0-9 (the kappa data), in January; raters 1 and 3 claims 10-11 in
    # February, agreeing on one, apart on the other.
    ratings = _ratings(KAPPA_PAIRS) + [(10, 1, "true"), (10, 3, "true"), (11, 1, "false"), (11, 3, "true")]
    jan, feb = dt.datetime(2026, 1, 15, tzinfo=dt.UTC), dt.datetime(2026, 2, 3, tzinfo=dt.UTC)
    completed = {u: jan for u in range(10)} | {10: feb, 11: feb}
    report = agreement_from(ratings, completed, {1: "ann", 2: "bob", 3: "cy"})
    pairs = {(p.reviewer_a, p.reviewer_b): p.kappa for p in report.pairs}
    assert pairs[("ann", "bob")].value == pytest.approx(0.4) and pairs[("ann", "bob")].n == 10
    # ann/cy: p_o = 1/2; ann true 1/2, cy true 2/2: p_e = .5*1 + .5*0 = .5: kappa = 0
    assert pairs[("ann", "cy")].value == pytest.approx(0.0) and pairs[("ann", "cy")].n == 2
    per_reviewer = {r.reviewer: r.alpha for r in report.reviewers}
    assert per_reviewer["bob"].nominal.value == pytest.approx(14 / 33)  # bob's claims are the 10 above
    assert per_reviewer["ann"].nominal.n == 12
    assert report.overall.nominal.n == 12
    periods = {p.period: p.alpha for p in report.periods}
    assert periods[dt.date(2026, 1, 1)].nominal.value == pytest.approx(14 / 33)
    assert periods[dt.date(2026, 2, 1)].nominal.n == 2
    # February: values t,t,f,t: n_t = 3, n_f = 1; D_o = 2/4; D_e = 2*3*1 / (4*3) = .5; alpha = 0
    assert periods[dt.date(2026, 2, 1)].nominal.value == pytest.approx(0.0)
    assert report.as_dict()["overall"]["nominal"]["n"] == 12


@pytest.mark.django_db
def test_agreement_selector_reads_submitted_independent_reviews(reviewer, reviewer2, editor):
    now = timezone.now()
    for a, b in KAPPA_PAIRS:
        claim = ClaimFactory()
        IndependentReview.objects.create(claim=claim, reviewer=reviewer, round=1, rating=a,
                                         status="submitted", submitted_at=now)
        IndependentReview.objects.create(claim=claim, reviewer=reviewer2, round=2, rating=b,
                                         status="submitted", submitted_at=now)
    lone = ClaimFactory()  # only one rating so far: not a unit
    IndependentReview.objects.create(claim=lone, reviewer=reviewer, round=1, rating="true",
                                     status="submitted", submitted_at=now)
    draft = ClaimFactory()  # second rating still a draft: not a unit
    IndependentReview.objects.create(claim=draft, reviewer=reviewer, round=1, rating="true",
                                     status="submitted", submitted_at=now)
    IndependentReview.objects.create(claim=draft, reviewer=reviewer2, round=2, rating="false", status="draft")
    report = agreement()
    assert report.overall.nominal.value == pytest.approx(14 / 33)
    assert report.overall.nominal.n == 10
    (pair,) = report.pairs
    assert {pair.reviewer_a, pair.reviewer_b} == {reviewer.username, reviewer2.username}
    assert pair.kappa.value == pytest.approx(0.4)
    assert agreement(since=now + dt.timedelta(seconds=1)).overall.nominal.n == 0
    with pytest.raises(IntegrityError):  # the two ratings of one claim are by two people
        IndependentReview.objects.create(claim=lone, reviewer=reviewer, round=2, rating="false")
