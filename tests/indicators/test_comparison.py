"""A force beside its peers and England and Wales, on small hand-worked data."""

from __future__ import annotations

import math

import pytest
from scipy.stats import binom

from openpeel.indicators.comparison import compare, estimate, poisson_rate_test, two_proportion_z_test

# rate per 1,000: a 2.0, b 1.5, c 1.0, d suppressed (5 < 10), e 1.5; f has a row without data; g has no row
ROWS = [
    ("a", 200, 100_000),
    ("b", 150, 100_000),
    ("c", 100, 100_000),
    ("d", 5, 50_000),
    ("e", 120, 80_000),
    ("f", None, None),
]
FORCES = ["a", "b", "c", "d", "e", "f", "g"]
PEERS = {"a": ["b", "d", "f"], "c": ["e", "b"]}


def rate(force="a", **kw):
    return compare(ROWS, force, PEERS, "rate", per=1000, forces=FORCES, period="January 2019", **kw)


def test_poisson_rate_test_by_hand():
    # equal exposures: 10 v 0 is Binomial(10, 1/2) at its extreme, p = 2 × (1/2)^10
    assert poisson_rate_test(10, 1, 0, 1) == pytest.approx(2 / 1024)
    # 7 v 3: P(X >= 7) + P(X <= 3) = 2 × (120 + 45 + 10 + 1) / 1024
    assert poisson_rate_test(7, 1, 3, 1) == pytest.approx(352 / 1024)
    # exposure 1 v 2: 4 of 6 at p = 1/3; pmf × 729 is 64, 192, 240, 160, 60, 12, 1; those <= 60 sum to 73
    assert poisson_rate_test(4, 1, 2, 2) == pytest.approx(73 / 729)
    assert poisson_rate_test(5, 1, 5, 1) == pytest.approx(1.0)
    assert poisson_rate_test(0, 1, 0, 1) == 1.0


def test_two_proportion_z_test_by_hand():
    # 30/100 v 20/100: pooled 0.25, se = sqrt(0.25 × 0.75 × 0.02) = 0.061237, z = 1.63299
    z = 0.1 / math.sqrt(0.25 * 0.75 * 0.02)
    assert z == pytest.approx(1.63299, abs=1e-5)
    assert two_proportion_z_test(30, 100, 20, 100) == pytest.approx(0.10247, abs=1e-5)
    assert two_proportion_z_test(0, 50, 0, 80) == 1.0


def test_two_proportion_z_test_agrees_with_statsmodels():
    proportion = pytest.importorskip("statsmodels.stats.proportion")
    for x1, n1, x2, n2 in [(30, 100, 20, 100), (81, 263, 1200, 5000), (5, 40, 300, 900)]:
        _, p = proportion.proportions_ztest([x1, x2], [n1, n2])
        assert two_proportion_z_test(x1, n1, x2, n2) == pytest.approx(p, rel=1e-9)


def test_estimate_is_suppressed_below_ten():
    e = estimate(9, 1000, "rate", per=1000)
    assert e.suppressed and e.value is None and e.low is None and e.high is None
    e = estimate(10, 20_000, "rate", per=1000)
    assert e.value == pytest.approx(0.5)
    assert e.low == pytest.approx(4.7954 / 20, abs=1e-4) and e.high == pytest.approx(18.3904 / 20, abs=1e-4)


def test_proportion_estimate_uses_wilson_scaled_by_per():
    e = estimate(81, 263, "proportion", per=100)
    assert e.value == pytest.approx(100 * 81 / 263)
    assert e.low == pytest.approx(25.53, abs=5e-3) and e.high == pytest.approx(36.62, abs=5e-3)


def test_group_figures_are_weighted_and_count_suppressed_forces():
    c = rate()
    nat = c.national
    # (200 + 150 + 100 + 5 + 120) / (100k + 100k + 100k + 50k + 80k) × 1,000: d is suppressed but counted
    assert nat.estimate.value == pytest.approx(575 / 430_000 * 1000)
    assert nat.counted == ("a", "b", "c", "d", "e") and nat.missing == ("f", "g")
    peers = c.peer_group  # the force's peers, without the force: b and d; f has no data
    assert peers.estimate.value == pytest.approx(155 / 150_000 * 1000)
    assert peers.counted == ("b", "d") and peers.missing == ("f",)
    assert c.suppressed == ("d",)


def test_force_value_and_interval():
    f = rate().force
    assert f.value == pytest.approx(2.0)
    assert f.low < 2.0 < f.high


def test_rank_among_published_values_with_ties():
    a, b, c = rate("a").rank, rate("b").rank, rate("c", better="lower").rank
    assert (a.position, a.of, a.joint, a.lowest_position) == (1, 4, False, 4)
    assert a.from_best is None  # better is "neither"
    assert (b.position, b.joint, b.tied_with) == (2, True, ("e",))  # b and e are both 1.5
    assert (c.position, c.lowest_position, c.from_best) == (4, 1, 1)
    assert rate("a", better="higher").rank.from_best == 1
    assert rate("a", better="lower").rank.from_best == 4


def test_significance_against_the_rest_of_each_group():
    c = rate("a")
    nat = c.vs_national
    # a against b, c, d, e: 200 of 575 at p0 = 100k / 430k; expected 133.7, so higher
    expected = poisson_rate_test(200, 100_000, 375, 330_000)
    assert nat.p_value == pytest.approx(expected)
    assert nat.p_value < 2 * binom.sf(199, 575, 100 / 430)  # two-sided p is at most twice the upper tail
    assert nat.verdict == "significantly higher"
    assert nat.reference.counted == ("b", "c", "d", "e")
    assert nat.reference.estimate.value == pytest.approx(375 / 330_000 * 1000)
    assert c.vs_peers.verdict == "significantly higher"
    assert c.vs_peers.reference.counted == ("b", "d")
    assert rate("c").vs_national.verdict == "significantly lower"


def test_not_significantly_different():
    rows = [("x", 105, 100_000), ("y", 100, 100_000), ("z", 95, 100_000)]
    c = compare(rows, "x", {}, "rate", per=1000)
    assert c.vs_national.verdict == "not significantly different"
    assert c.vs_national.p_value == pytest.approx(poisson_rate_test(105, 1, 195, 2))
    assert c.vs_peers is None and c.peer_group.estimate is None  # no peers given


def test_proportions_use_the_z_test():
    rows = [("x", 30, 100), ("y", 12, 60), ("z", 8, 40)]
    c = compare(rows, "x", {"x": ["y"]}, "proportion", per=100, better="higher")
    assert c.force.value == pytest.approx(30.0)
    assert c.national.estimate.value == pytest.approx(100 * 50 / 200)
    assert c.vs_national.p_value == pytest.approx(two_proportion_z_test(30, 100, 20, 100))
    assert c.vs_national.verdict == "not significantly different"
    assert c.vs_national.test == "two-proportion z-test"


def test_suppressed_force_gets_no_value_rank_or_test():
    c = rate("d")
    assert c.force.suppressed and c.force.value is None
    assert c.rank is None and c.vs_national is None and c.vs_peers is None


def test_force_without_data():
    c = rate("f")
    assert c.force is None and c.rank is None and c.vs_national is None


def test_ski_slope_sorted_with_flags_and_suppressed_last():
    bars = rate("a").ski_slope
    assert [b.force_id for b in bars] == ["a", "b", "e", "c", "d"]  # ties by id; f and g have no data
    assert [b.chosen for b in bars] == [True, False, False, False, False]
    assert [b.peer for b in bars] == [False, True, False, False, True]
    d = bars[-1]
    assert d.suppressed and d.value is None and d.low is None
    assert all(b.low < b.value < b.high for b in bars[:-1])
