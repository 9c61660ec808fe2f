"""XmR charts on hand-worked series: limits from the arithmetic in each test, then the planted signals."""

from __future__ import annotations

from datetime import date

import pytest

from openpeel.indicators.spc import MIN_POINTS, PROVISIONAL_FROM, xmr


def months(values, start=(2019, 1)):
    y, m = start
    out = []
    for v in values:
        out.append((date(y, m, 1), v))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


STABLE = [10, 12, 9, 11, 10, 13, 9, 11, 10, 12, 11, 10]


def test_stable_series_limits_by_hand_and_no_signal():
    chart = xmr(months(STABLE))
    # sum 128 over 12 points; moving ranges 2,3,2,1,3,4,2,1,2,1,1 sum to 22 over 11: average 2.0,
    # none above 3.267 × 2.0 = 6.534, so nothing is screened
    assert chart.mean == pytest.approx(128 / 12)
    assert chart.moving_ranges == (2, 3, 2, 1, 3, 4, 2, 1, 2, 1, 1)
    assert chart.screened == ()
    assert chart.average_moving_range == pytest.approx(2.0)
    assert chart.upper_limit == pytest.approx(128 / 12 + 5.32)
    assert chart.lower_limit == pytest.approx(128 / 12 - 5.32)
    assert chart.signals == ()
    assert chart.reason is None and chart.has_limits


def test_spike_beyond_the_upper_limit_and_its_moving_range_screened():
    values = [10, 12, 9, 11, 10, 13, 25, 11, 10, 12, 11, 10]
    chart = xmr(months(values), better="lower")
    # moving ranges 2,3,2,1,3,12,14,1,2,1,1: sum 42, average 42/11 = 3.818; 3.267 × 3.818 = 12.47,
    # so 14 is screened and 12 kept; the recomputed average is 28/10 = 2.8; the mean is 144/12 = 12
    assert chart.screened == (6,)
    assert chart.average_moving_range == pytest.approx(2.8)
    assert chart.mean == pytest.approx(12.0)
    assert chart.upper_limit == pytest.approx(12 + 2.66 * 2.8)  # 19.448
    assert chart.lower_limit == pytest.approx(12 - 2.66 * 2.8)  # 4.552
    assert [(s.rule, s.points) for s in chart.signals] == [("beyond_limit", (6,))]
    spike = chart.signals[0]
    assert spike.side == "higher" and spike.direction == "deterioration"
    assert spike.periods == (date(2019, 7, 1),)


def test_planted_shift_is_a_run_of_seven():
    values = [10, 11, 9, 10, 11, 9, 13, 14, 13, 14, 13, 14, 13]
    chart = xmr(months(values), better="lower")
    # mean 154/13 = 11.85; moving ranges sum to 17 over 12; limits 11.85 ± 2.66 × 1.417
    assert chart.mean == pytest.approx(154 / 13)
    assert chart.upper_limit == pytest.approx(154 / 13 + 2.66 * 17 / 12)
    assert [(s.rule, s.points) for s in chart.signals] == [("run", (6, 7, 8, 9, 10, 11, 12))]
    assert chart.signals[0].direction == "deterioration"


def test_six_on_one_side_is_not_a_run():
    values = [10, 11, 9, 13, 11, 9, 10, 13, 14, 13, 14, 13, 14]  # mean 154/13 = 11.85: six above at the end
    chart = xmr(months(values))
    assert all(s.rule != "run" for s in chart.signals)


def test_a_point_on_the_mean_breaks_a_run():
    # mean is exactly 12 (144 / 12): seven points above it, split 3 + 3 by the 12 in the middle
    values = [11, 10, 10, 10, 11, 13, 14, 13, 12, 13, 14, 13]
    chart = xmr(months(values))
    assert chart.mean == 12
    assert all(s.rule != "run" for s in chart.signals)
    values[8] = 13  # mean 145/12 = 12.08: now seven points in a row above it
    assert [s.points for s in xmr(months(values)).signals if s.rule == "run"] == [(5, 6, 7, 8, 9, 10, 11)]


def test_planted_trend_of_seven_rising_points():
    values = [11, 9, 12, 10, 8, 9, 10, 11, 12, 13, 14, 11]
    chart = xmr(months(values), better="higher")
    # mean 130/12; moving ranges 2,3,2,2,1,1,1,1,1,1,3 sum to 18 over 11
    assert chart.mean == pytest.approx(130 / 12)
    assert chart.average_moving_range == pytest.approx(18 / 11)
    assert [(s.rule, s.points) for s in chart.signals] == [("trend", (4, 5, 6, 7, 8, 9, 10))]
    assert chart.signals[0].direction == "improvement"


def test_falling_trend_and_six_points_are_not_enough():
    falling = xmr(months([9, 11, 8, 10, 14, 13, 12, 11, 10, 9, 8, 11]))
    assert [(s.rule, s.side) for s in falling.signals] == [("trend", "lower")]
    six = xmr(months([9, 11, 8, 10, 12, 13, 12, 11, 10, 9, 10, 11]))
    assert all(s.rule != "trend" for s in six.signals)


def test_two_of_three_near_the_upper_limit():
    values = [20, 22, 20, 22, 20, 22, 20, 27, 27, 22, 20, 22]
    chart = xmr(months(values))
    # mean 264/12 = 22; moving ranges 2,2,2,2,2,2,7,0,5,2,2 sum to 28 over 11 (none above 3.267 × 2.545);
    # upper limit 22 + 2.66 × 28/11 = 28.77, so 27 is inside it but beyond two-thirds of the way (26.51)
    amr = 28 / 11
    assert chart.mean == pytest.approx(22)
    assert chart.upper_limit == pytest.approx(22 + 2.66 * amr)
    assert 22 + 2 / 3 * 2.66 * amr < 27 < chart.upper_limit
    assert [(s.rule, s.points, s.side) for s in chart.signals] == [("two_of_three", (7, 8), "higher")]
    assert chart.signals[0].direction == "higher"  # better not given


def test_from_five_to_eleven_points_the_limits_are_provisional_and_say_so():
    chart = xmr(months(STABLE[:5]))
    # 10, 12, 9, 11, 10: mean 52/5 = 10.4; moving ranges 2, 3, 2, 1 average 2.0, none above 6.534
    assert (MIN_POINTS, PROVISIONAL_FROM) == (12, 5)
    assert chart.provisional and chart.has_limits and chart.reason is None
    assert chart.mean == pytest.approx(10.4)
    assert (chart.lower_limit, chart.upper_limit) == (pytest.approx(10.4 - 5.32), pytest.approx(10.4 + 5.32))
    assert chart.note == "provisional limits from 5 points, revised with each new point until there are 12"
    firm = xmr(months(STABLE))
    assert not firm.provisional and firm.note is None


def test_provisional_limits_signal_by_the_same_rules():
    chart = xmr(months([10, 11, 10, 11, 10, 11, 16, 17]))
    # mean 96/8 = 12; moving ranges 1,1,1,1,1,5,1 average 11/7 (5 < 3.267 × 11/7 = 5.13, kept);
    # upper limit 12 + 2.66 × 11/7 = 16.18: 17 is beyond it, and 16 and 17 beyond two-thirds of the way (14.79)
    assert chart.provisional and chart.upper_limit == pytest.approx(12 + 2.66 * 11 / 7)
    assert [(s.rule, s.points) for s in chart.signals] == [("two_of_three", (6, 7)), ("beyond_limit", (7,))]


def test_fewer_than_five_points_have_no_limits():
    chart = xmr(months(STABLE[:4]))
    assert not chart.has_limits and chart.mean is None and chart.signals == () and not chart.provisional
    assert chart.reason == chart.note == "needs at least 5 points (has 4)"


def test_minimum_points_are_parameters():
    assert not xmr(months(STABLE[:8]), min_points=8).provisional
    assert xmr(months(STABLE), min_points=15).note == (
        "provisional limits from 12 points, revised with each new point until there are 15"
    )
    assert xmr(months(STABLE[:11]), provisional_from=12).reason == "needs at least 12 points (has 11)"
