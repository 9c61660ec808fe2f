"""Intervals and suppression for the figures openpeel publishes. SciPy does the distributions.

All interval functions take a number or an array and return a (low, high) pair of arrays.
See docs/statistics.md for the formulas.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.stats import chi2, norm

SUPPRESS_BELOW = 10  # counts under 10 are not published (disclosure and instability)
SUPPRESSED_TEXT = "fewer than 10"  # what is shown instead of a suppressed count; never 0

Interval = tuple[NDArray[np.float64], NDArray[np.float64]]


def poisson_interval(count: ArrayLike, confidence: float = 0.95) -> Interval:
    """Exact (Garwood) interval for Poisson counts; takes a number or an array of them."""
    n = np.asarray(count, dtype=float)
    alpha = 1 - confidence
    low = np.where(n == 0, 0.0, chi2.ppf(alpha / 2, 2 * np.maximum(n, 1)) / 2)
    high = chi2.ppf(1 - alpha / 2, 2 * (n + 1)) / 2
    return low, high


def rate_interval(count: ArrayLike, population: ArrayLike, per: float = 1, confidence: float = 0.95) -> Interval:
    """Exact Poisson interval for count / population × per; NaN where the population is not positive."""
    low, high = poisson_interval(count, confidence)
    pop = np.asarray(population, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        scale = np.where(pop > 0, per / pop, np.nan)
    return low * scale, high * scale


def wilson_interval(successes: ArrayLike, trials: ArrayLike, confidence: float = 0.95) -> Interval:
    """Wilson score interval (no continuity correction) for a proportion; NaN bounds where trials is 0."""
    x = np.asarray(successes, dtype=float)
    n = np.asarray(trials, dtype=float)
    if np.any(x < 0) or np.any(x > n):
        raise ValueError("successes must lie between 0 and trials")
    z = norm.ppf(1 - (1 - confidence) / 2)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = x / n
        denom = 1 + z**2 / n
        centre = (p + z**2 / (2 * n)) / denom
        half = z / denom * np.sqrt(p * (1 - p) / n + z**2 / (4 * n**2))
        # clip only rounding noise: the exact bounds lie in [0, 1] already
        low = np.where(n > 0, np.clip(centre - half, 0.0, 1.0), np.nan)
        high = np.where(n > 0, np.clip(centre + half, 0.0, 1.0), np.nan)
    return low, high


def suppressed(count: float) -> bool:
    """True when a count is too small to publish (under SUPPRESS_BELOW, including 0)."""
    return count < SUPPRESS_BELOW


def publish(value: float, count: float, spec: str = ",.2f") -> str:
    """A figure formatted for publication, or "fewer than 10" when the count behind it is suppressed."""
    return SUPPRESSED_TEXT if suppressed(count) else format(value, spec)


@dataclass(frozen=True)
class Published:
    """A count as it may be published: formats as "fewer than 10" when suppressed, never as the count."""

    count: int

    @property
    def suppressed(self) -> bool:
        return suppressed(self.count)

    @property
    def value(self) -> int | None:
        """The count, or None when it must not be shown."""
        return None if self.suppressed else self.count

    def __format__(self, spec: str) -> str:
        return SUPPRESSED_TEXT if self.suppressed else format(self.count, spec or ",")

    def __str__(self) -> str:
        return format(self, "")
