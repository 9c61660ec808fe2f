"""Funnel plots with overdispersion (Spiegelhalter 2005) on a small worked table, every number worked out here
with the formulas written out, independently of openpeel.indicators.funnel."""

from __future__ import annotations

import math

import pytest
from scipy.stats import binomtest

from openpeel.indicators import funnel
from openpeel.indicators.comparison import compare

# Ten forces, x of n: a pooled proportion of exactly 4,820 / 24,100 = 0.2
TABLE = {
    "a": (10, 100),
    "b": (50, 200),
    "c": (60, 400),
    "d": (200, 800),
    "e": (150, 1000),
    "f": (400, 1600),
    "g": (300, 2000),
    "h": (600, 3000),
    "i": (750, 5000),
    "j": (2300, 10000),  # the largest force, 23%
}
Z95 = 1.959963984540054


def by_hand():
    """Spiegelhalter's steps with plain arithmetic. z-scores: a -2.5, b 1.768, c -2.5, d 3.536, e -3.953, f 5,
    g -5.590, h 0, i -8.839, j 7.5; winsorised at 10% a tail (one of ten), i becomes g's -5.590 and j becomes f's
    5; the squares sum to 156.25, so phi = 15.625. Weights n/0.16 sum to 150,625, their squares to
    142,410,000/0.0256; tau^2 = (10 x 15.625 - 9) / (150,625 - 5,562,890,625/150,625) = 147.25 / 113,692.95."""
    x = sum(v[0] for v in TABLE.values())
    n = sum(v[1] for v in TABLE.values())
    target = x / n
    z = sorted((k / m - target) / math.sqrt(target * (1 - target) / m) for k, m in TABLE.values())
    z[0], z[-1] = z[1], z[-2]  # winsorise one value in each tail
    phi = sum(v * v for v in z) / len(z)
    w = [m / (target * (1 - target)) for _, m in TABLE.values()]
    tau2 = (len(z) * phi - (len(z) - 1)) / (sum(w) - sum(v * v for v in w) / sum(w))
    return target, phi, tau2


def test_the_worked_table_gives_phi_15_625_and_tau_squared_147_25_over_113_693():
    target, phi, tau2 = by_hand()
    assert target == 0.2 and phi == pytest.approx(15.625)
    assert tau2 == pytest.approx(147.25 / 113_692.946, rel=1e-6)
    od = funnel.estimate([v[0] for v in TABLE.values()], [v[1] for v in TABLE.values()], "proportion")
    assert (od.target, od.forces) == (pytest.approx(0.2), 10)
    assert od.phi == pytest.approx(phi) and od.tau2 == pytest.approx(tau2)


def test_funnel_limits_at_ten_thousand_are_0_129_to_0_271_with_random_effects_and_0_192_to_0_208_without():
    target, _, tau2 = by_hand()
    # sqrt(0.16 / 10,000 + 0.0012952) = 0.036210; x 1.96 = 0.070971
    low, high = funnel.limits(target, 10_000, "proportion", tau2)
    assert (low, high) == (pytest.approx(0.12903, abs=5e-5), pytest.approx(0.27097, abs=5e-5))
    assert (low, high) == (
        pytest.approx(0.2 - Z95 * math.sqrt(0.16 / 10_000 + tau2)),
        pytest.approx(0.2 + Z95 * math.sqrt(0.16 / 10_000 + tau2)),
    )
    plain = funnel.limits(target, 10_000, "proportion")  # 0.2 +/- 1.96 x 0.004
    assert plain == (pytest.approx(0.2 - Z95 * 0.004), pytest.approx(0.2 + Z95 * 0.004))
    # at n = 100 the limits are wider: sqrt(0.0016 + 0.0012952) = 0.053806
    low100, high100 = funnel.limits(target, 100, "proportion", tau2)
    assert high100 - low100 == pytest.approx(2 * Z95 * math.sqrt(0.0016 + tau2))


def test_a_large_force_a_plain_binomial_test_calls_different_is_not_once_variation_between_forces_is_allowed():
    x, n = TABLE["j"]
    assert binomtest(x, n, 0.2).pvalue < 0.001  # 2,300 of 10,000 against 20%: "significantly higher" plainly
    c = compare([(f, *v) for f, v in TABLE.items()], "j", {}, "proportion", per=100)
    assert c.vs_national.verdict == "not significantly different"
    _, _, tau2 = by_hand()
    z = (0.23 - 0.2) / math.sqrt(0.16 / 10_000 + tau2)  # 0.03 / 0.036210 = 0.83
    assert c.vs_national.p_value == pytest.approx(math.erfc(z / math.sqrt(2)))
    assert (
        "additive random effects (Spiegelhalter 2005)" in c.vs_national.test and "from 10 forces" in c.vs_national.test
    )


def test_no_verdict_from_fewer_than_ten_forces():
    nine = [(f, *v) for f, v in TABLE.items() if f != "h"]
    assert compare(nine, "j", {}, "proportion", per=100).vs_national is None


def test_the_funnel_plot_draws_the_worked_limits_and_names_the_forces_outside():
    from openpeel.publishing.charts import funnel_chart

    od = funnel.estimate([v[0] for v in TABLE.values()], [v[1] for v in TABLE.values()], "proportion")
    chart = funnel_chart("Share", "%", 100, [(f, *v) for f, v in TABLE.items()], od, "proportion", "j")
    _, _, tau2 = by_hand()
    limits_layer = chart.spec["layer"][0]["data"]["values"]
    at_largest = {r["side"]: r["y"] for r in limits_layer if r["n"] == pytest.approx(10_000)}
    assert at_largest["high"] == pytest.approx(100 * (0.2 + Z95 * math.sqrt(0.16 / 10_000 + tau2)))
    assert at_largest["plain_high"] == pytest.approx(100 * (0.2 + Z95 * 0.004))
    assert "Every force is within the limits." in chart.description  # by hand: all ten inside
    assert "additive random effects" in chart.description
    assert [r[3] for r in chart.table.rows] == ["within"] * 10
