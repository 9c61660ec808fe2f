"""A force beside its peers and England and Wales, on small hand-worked data."""

from __future__ import annotations

import math

import pytest

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


# rate per 1,000 for twelve forces (a rank needs at least ten): k1 2.0, k2 and k3 1.5 (tied), k4 1.0, ... k12
TWELVE = [("k1", 200, 100_000), ("k2", 150, 100_000), ("k3", 120, 80_000), ("k4", 100, 100_000)]
TWELVE += [(f"k{i}", 110 + i, 100_000) for i in range(5, 13)]  # 1.15 to 1.22 per 1,000


def twelve(force="k1", **kw):
    return compare(TWELVE, force, {}, "rate", per=1000, period="January 2019", **kw)


def test_rank_among_published_values_with_ties():
    a, b, c = twelve("k1").rank, twelve("k2").rank, twelve("k4", better="lower").rank
    assert (a.position, a.of, a.joint, a.lowest_position) == (1, 12, False, 12)
    assert a.from_best is None  # better is "neither"
    assert (b.position, b.joint, b.tied_with) == (2, True, ("k3",))  # 150/100k and 120/80k are both 1.5
    assert (c.position, c.lowest_position, c.from_best) == (12, 1, 1)
    assert twelve("k1", better="higher").rank.from_best == 1
    assert twelve("k1", better="lower").rank.from_best == 12


def test_no_rank_among_fewer_than_ten_forces():
    assert rate("a").force.value == pytest.approx(2.0) and rate("a").rank is None  # 4 forces with published figures
    assert compare(TWELVE[:9], "k1", {}, "rate", per=1000).rank is None
    assert compare(TWELVE[:10], "k1", {}, "rate", per=1000).rank.of == 10


def test_no_pooled_figure_from_one_force():
    c = compare([("x", 30, 100), ("y", 12, 60)], "x", {"x": ["y"]}, "proportion", per=100)
    assert c.national.estimate is not None and c.national.counted == ("x", "y")
    assert c.peer_group.estimate is None and c.peer_group.counted == ("y",)  # one peer: no "pooled" peer figure
    alone = compare([("x", 30, 100)], "x", {}, "proportion", per=100)
    assert alone.national.estimate is None and alone.national.counted == ("x",)


def test_significance_is_outside_the_overdispersed_funnel_around_each_group():
    c = twelve("k1", forces=[f for f, _, _ in TWELVE])
    nat = c.vs_national
    assert nat.reference.counted == tuple(f for f, _, _ in TWELVE)  # England and Wales: every force, k1 included
    total = sum(n for _, n, _ in TWELVE) / sum(d for _, _, d in TWELVE)
    assert nat.reference.estimate.value == pytest.approx(total * 1000)
    assert "additive random effects" in nat.test
    # k1 at 2.0 per 1,000 against about 1.3: far outside even the widened funnel
    assert nat.verdict == "significantly higher" and nat.p_value < 0.05
    # a force near the centre is not different, whatever its size
    assert twelve("k8").vs_national.verdict == "not significantly different"
    assert twelve("k1").vs_peers is None  # no peers given


def test_fewer_than_ten_forces_give_no_verdict():
    """Between-force variation cannot be estimated from a handful of forces, so no force is called different."""
    assert rate("a").vs_national is None and rate("a").vs_peers is None
    rows = [("x", 30, 100), ("y", 12, 60), ("z", 8, 40)]
    assert compare(rows, "x", {"x": ["y", "z"]}, "proportion", per=100).vs_national is None


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
