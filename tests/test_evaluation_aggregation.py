"""The aggregation arithmetic, checked against examples worked out by hand."""

from __future__ import annotations

from fractions import Fraction

import pytest

from app.evaluation.aggregation import CriterionSpec, aggregate, as_points, weighted_score

# Fit: weight 60 on 0–5; Cost: weight 40 on 1–10.
CRITERIA = [CriterionSpec("fit", 60, 0, 5), CriterionSpec("cost", 40, 1, 10)]


def test_one_jurors_weighted_score_is_normalised_to_0_100():
    # (4−0)/(5−0)·60 + (7−1)/(10−1)·40 = 48 + 26.67 = 74.67
    assert weighted_score(CRITERIA, {"fit": 4, "cost": 7}) == Fraction(224, 3)
    assert as_points(weighted_score(CRITERIA, {"fit": 4, "cost": 7})) == 74.7
    assert weighted_score(CRITERIA, {"fit": 0, "cost": 1}) == 0
    assert weighted_score(CRITERIA, {"fit": 5, "cost": 10}) == 100


def test_weights_not_summing_to_100_are_still_normalised():
    criteria = [CriterionSpec("a", 1, 0, 4), CriterionSpec("b", 3, 0, 4)]
    # (2/4·1 + 4/4·3) / 4 · 100 = 3.5 / 4 · 100 = 87.5
    assert weighted_score(criteria, {"a": 2, "b": 4}) == Fraction(175, 2)


def test_mean_and_spread_over_jurors():
    # Juror 1: 74.67 (above). Juror 2: 2/5·60 + 9/9·40 = 24 + 40 = 64.
    (result,) = aggregate(CRITERIA, {"s1": [{"fit": 4, "cost": 7}, {"fit": 2, "cost": 10}]})
    assert result.jurors == 2
    assert as_points(result.mean) == 69.3          # (74.67 + 64) / 2 = 69.33
    assert as_points(result.minimum) == 64.0
    assert as_points(result.maximum) == 74.7
    assert result.std_dev == pytest.approx(16 / 3)  # population SD: |74.67 − 64| / 2 = 5.33
    assert result.rank == 1 and not result.tied


def test_a_single_juror_has_no_spread():
    (result,) = aggregate(CRITERIA, {"s1": [{"fit": 5, "cost": 1}]})
    assert result.mean == 60 and result.std_dev == 0 and result.jurors == 1


def test_ranking_shares_ranks_between_ties_and_leaves_unscored_last():
    sheets = {
        "low": [{"fit": 1, "cost": 1}],                            # 12
        "tie_a": [{"fit": 5, "cost": 1}],                          # 60
        "nobody": [],                                              # not scored
        "tie_b": [{"fit": 3, "cost": 1}, {"fit": 5, "cost": 4}],   # (36 + 73.33) / 2 ≠ 60
        "top": [{"fit": 5, "cost": 10}],                           # 100
        "tie_c": [{"fit": 5, "cost": 1}, {"fit": 5, "cost": 1}],   # 60
    }
    ranked = {r.key: r for r in aggregate(CRITERIA, sheets)}
    assert [r.key for r in aggregate(CRITERIA, sheets)][0] == "top"
    assert ranked["top"].rank == 1
    assert ranked["tie_a"].rank == ranked["tie_c"].rank == 2
    assert ranked["tie_a"].tied and ranked["tie_c"].tied
    assert as_points(ranked["tie_b"].mean) == 54.7 and ranked["tie_b"].rank == 4
    assert ranked["low"].rank == 5 and not ranked["low"].tied
    assert ranked["nobody"].rank is None and not ranked["nobody"].scored
    assert [r.key for r in aggregate(CRITERIA, sheets)][-1] == "nobody"


def test_rounding_for_display_is_half_up():
    assert as_points(Fraction(1, 20)) == 0.1
    assert as_points(Fraction(2, 3)) == 0.7
    assert as_points(None) is None
