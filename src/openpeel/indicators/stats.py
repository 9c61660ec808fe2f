"""Intervals for the figures openpeel publishes. SciPy does the distributions."""

from __future__ import annotations

import numpy as np
from scipy.stats import chi2

SUPPRESS_BELOW = 10  # counts under 10 are not published (disclosure and instability)


def poisson_interval(count, confidence: float = 0.95):
    """Exact (Garwood) interval for Poisson counts; takes a number or an array of them."""
    n = np.asarray(count, dtype=float)
    alpha = 1 - confidence
    low = np.where(n == 0, 0.0, chi2.ppf(alpha / 2, 2 * np.maximum(n, 1)) / 2)
    high = chi2.ppf(1 - alpha / 2, 2 * (n + 1)) / 2
    return low, high
