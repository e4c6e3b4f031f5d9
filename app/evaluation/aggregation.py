"""Weighted aggregation of jury scores: pure arithmetic, no database, exact fractions.

For one juror and one solution, each criterion contributes
(score − scale_min) / (scale_max − scale_min) × weight; the sum over the criteria,
divided by the sum of the weights, times 100, is the juror's score on a 0–100 scale.
A solution's result is the mean of those over the jurors counted for it, with the
spread (lowest, highest, population standard deviation) so disagreement is visible.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction


@dataclass(frozen=True)
class CriterionSpec:
    """What the arithmetic needs of a criterion."""

    key: Hashable
    weight: int
    scale_min: int
    scale_max: int


@dataclass(frozen=True)
class SolutionAggregate:
    """The aggregated result of one solution; `rank` is None when nobody scored it."""

    key: Hashable
    juror_scores: tuple[Fraction, ...]
    rank: int | None = None
    tied: bool = False

    @property
    def scored(self) -> bool:
        return bool(self.juror_scores)

    @property
    def jurors(self) -> int:
        return len(self.juror_scores)

    @property
    def mean(self) -> Fraction | None:
        return statistics.mean(self.juror_scores) if self.juror_scores else None

    @property
    def minimum(self) -> Fraction | None:
        return min(self.juror_scores) if self.juror_scores else None

    @property
    def maximum(self) -> Fraction | None:
        return max(self.juror_scores) if self.juror_scores else None

    @property
    def std_dev(self) -> float | None:
        """Population standard deviation (0 for a single juror)."""
        if not self.juror_scores:
            return None
        return math.sqrt(statistics.pvariance(self.juror_scores))


def weighted_score(criteria: Sequence[CriterionSpec], scores: Mapping[Hashable, int]) -> Fraction:
    """One juror's complete scores for one solution, normalised to 0–100."""
    total_weight = sum(c.weight for c in criteria)
    if not criteria or total_weight <= 0:
        raise ValueError("criteria with positive weights are required")
    points = sum(
        Fraction(scores[c.key] - c.scale_min, c.scale_max - c.scale_min) * c.weight
        for c in criteria
    )
    return Fraction(points) * 100 / total_weight


def aggregate(criteria: Sequence[CriterionSpec],
              sheets: Mapping[Hashable, Sequence[Mapping[Hashable, int]]]
              ) -> list[SolutionAggregate]:
    """Aggregate each solution's score sheets (one complete sheet per counted juror).

    The result is ranked by mean, best first; equal means share a rank (1, 2, 2, 4) and
    are marked as tied; solutions without any sheet come last, unranked ("not scored").
    """
    unranked = [SolutionAggregate(key, tuple(weighted_score(criteria, s) for s in sheet))
                for key, sheet in sheets.items()]
    means = [a.mean for a in unranked if a.scored]
    ranked = []
    for item in unranked:
        if not item.scored:
            ranked.append(item)
            continue
        rank = 1 + sum(1 for m in means if m > item.mean)
        tied = sum(1 for m in means if m == item.mean) > 1
        ranked.append(SolutionAggregate(item.key, item.juror_scores, rank, tied))
    return sorted(ranked, key=lambda a: (a.rank is None, a.rank or 0))


def as_points(value: Fraction | float | None, digits: int = 1) -> float | None:
    """A score rounded for display (half away from zero)."""
    if value is None:
        return None
    scaled = Fraction(value) * 10**digits
    rounded = math.floor(scaled + Fraction(1, 2))
    return rounded / 10**digits
