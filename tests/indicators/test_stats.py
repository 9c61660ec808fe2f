"""Intervals and suppression, checked against published tables and hand arithmetic."""

from __future__ import annotations

import math

import numpy as np
import pytest

from openpeel.indicators.stats import (
    SUPPRESS_BELOW,
    Published,
    poisson_interval,
    publish,
    rate_interval,
    suppressed,
    wilson_interval,
)

# Newcombe (1998), Statistics in Medicine 17:857-872: worked examples, Wilson score method without continuity correction
NEWCOMBE = [
    (81, 263, 0.2553, 0.3662),
    (15, 148, 0.0624, 0.1605),
    (0, 20, 0.0000, 0.1611),
    (1, 29, 0.0061, 0.1718),
]


@pytest.mark.parametrize(("x", "n", "low", "high"), NEWCOMBE)
def test_wilson_matches_newcombe_table(x, n, low, high):
    lo, hi = wilson_interval(x, n)
    assert float(lo) == pytest.approx(low, abs=5e-5)
    assert float(hi) == pytest.approx(high, abs=5e-5)


def test_wilson_by_hand_for_81_of_263():
    # centre = (p + z²/2n) / (1 + z²/n); half = z / (1 + z²/n) × sqrt(p(1-p)/n + z²/4n²)
    z, n, p = 1.959963984540054, 263, 81 / 263
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    lo, hi = wilson_interval(81, 263)
    assert float(lo) == pytest.approx(centre - half, rel=1e-12)
    assert float(hi) == pytest.approx(centre + half, rel=1e-12)


def test_wilson_is_vectorised_and_gives_nan_for_no_trials():
    lo, hi = wilson_interval([81, 0, 5], [263, 0, 5])
    assert lo.shape == hi.shape == (3,)
    assert math.isnan(lo[1]) and math.isnan(hi[1])
    assert hi[2] == pytest.approx(1.0) and lo[2] == pytest.approx(0.5655, abs=1e-4)  # 5/5: 5/(5 + z²)


def test_wilson_agrees_with_statsmodels():
    proportion = pytest.importorskip("statsmodels.stats.proportion")
    xs, ns = np.array([0, 1, 7, 81, 500, 999]), np.array([10, 29, 40, 263, 1000, 1000])
    lo, hi = wilson_interval(xs, ns, confidence=0.9)
    ref_lo, ref_hi = proportion.proportion_confint(xs, ns, alpha=0.1, method="wilson")
    np.testing.assert_allclose(lo, ref_lo, atol=1e-12)
    np.testing.assert_allclose(hi, ref_hi, atol=1e-12)


def test_wilson_rejects_impossible_counts():
    with pytest.raises(ValueError):
        wilson_interval(5, 4)


def test_poisson_interval_keeps_its_published_values():
    low, high = poisson_interval([0, 10])
    assert low[0] == 0 and high[0] == pytest.approx(3.689, abs=1e-3)
    assert low[1] == pytest.approx(4.795, abs=1e-3) and high[1] == pytest.approx(18.390, abs=1e-3)


def test_rate_interval_scales_the_count_interval():
    # 10 incidents among 20,000 residents: 0.5 per 1,000, interval 4.795/20 to 18.390/20 per 1,000
    low, high = rate_interval(10, 20_000, per=1000)
    assert float(low) == pytest.approx(4.7954 / 20, abs=1e-4)
    assert float(high) == pytest.approx(18.3904 / 20, abs=1e-4)
    low, high = rate_interval([10, 10], [20_000, 0], per=1000)
    assert math.isnan(low[1]) and math.isnan(high[1])


def test_suppression_threshold_is_ten():
    assert SUPPRESS_BELOW == 10
    assert suppressed(0) and suppressed(9)
    assert not suppressed(10)


def test_published_never_shows_a_small_count_or_zero():
    assert str(Published(0)) == "fewer than 10"
    assert f"{Published(9)}" == "fewer than 10"
    assert Published(9).value is None and Published(9).suppressed
    assert str(Published(12345)) == "12,345"
    assert f"{Published(12345):d}" == "12345"
    assert Published(10).value == 10


def test_publish_formats_a_value_unless_its_count_is_suppressed():
    assert publish(1.6349, 120) == "1.63"
    assert publish(0.0, 0) == "fewer than 10"
    assert publish(0.31, 4, ".1%") == "fewer than 10"
