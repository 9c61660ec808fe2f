"""SPC on a series with a gap: limits, moving ranges and signals within an unbroken run only. The limits are
worked out here by hand (mean ± 2.66 × average moving range), not by openpeel.indicators.spc."""

from __future__ import annotations

from datetime import date

import pytest

from openpeel.indicators.spc import baseline_note, runs, xmr, xmr_runs

# Five months of 2019, then nothing for 58 months, then six months of 2024 (as the bundled stop and search files)
EARLY = [(date(2019, m, 1), v) for m, v in zip(range(1, 6), [10, 12, 11, 13, 12], strict=True)]
LATE = [(date(2024, m, 1), v) for m, v in zip(range(1, 7), [20, 22, 21, 23, 22, 24], strict=True)]


def test_a_missing_month_splits_the_series_into_runs():
    periods = [p for p, _ in EARLY + LATE]
    assert runs(periods) == [range(0, 5), range(5, 11)]
    assert runs([date(2019, 1, 1), date(2019, 2, 1), date(2019, 4, 1)]) == [range(0, 2), range(2, 3)]
    quarters = [date(2017, 4, 1), date(2017, 7, 1), date(2017, 10, 1), date(2018, 1, 1)]
    assert runs(quarters, step_months=3) == [range(0, 4)]  # consecutive quarters are one run


def test_limits_are_worked_within_each_run_and_no_moving_range_spans_the_gap():
    early, late = xmr_runs(EARLY + LATE)
    # 2019: mean (10+12+11+13+12)/5 = 11.6; moving ranges 2, 1, 2, 1, average 1.5; limits 11.6 ± 3.99
    assert early.moving_ranges == (2, 1, 2, 1)
    assert early.mean == pytest.approx(11.6)
    assert (early.lower_limit, early.upper_limit) == (
        pytest.approx(11.6 - 2.66 * 1.5),
        pytest.approx(11.6 + 2.66 * 1.5),
    )
    assert early.provisional  # 5 points: provisional limits, as for any series of 5
    # 2024: mean 132/6 = 22; moving ranges 2, 1, 2, 1, 2, average 1.6; limits 22 ± 4.256
    assert late.moving_ranges == (2, 1, 2, 1, 2)
    assert (late.lower_limit, late.upper_limit) == (pytest.approx(22 - 2.66 * 1.6), pytest.approx(22 + 2.66 * 1.6))
    assert early.signals == () and late.signals == ()


def test_charting_across_the_gap_would_have_invented_signals():
    """The fault the split removes: one chart over both runs puts nine of the eleven points beyond its limits.
    By hand: mean 190/11 = 17.27; moving ranges average 22/10 = 2.2, the 8 above 3.267 x 2.2 screened out, so
    14/9 = 1.556; limits 17.27 +/- 4.14 = 13.14 to 21.41: all five 2019 points below, four 2024 points above."""
    whole = xmr(EARLY + LATE)
    assert 8 in whole.moving_ranges  # |20 - 12| across the 58 missing months
    assert (whole.lower_limit, whole.upper_limit) == (
        pytest.approx(190 / 11 - 2.66 * 14 / 9),
        pytest.approx(190 / 11 + 2.66 * 14 / 9),
    )
    beyond = [s.points[0] for s in whole.signals if s.rule == "beyond_limit"]
    assert beyond == [0, 1, 2, 3, 4, 6, 8, 9, 10]


def test_the_baseline_periods_are_named():
    early, late = xmr_runs(EARLY + LATE)
    assert baseline_note(late, split=True) == (
        "limits from 6 points, January 2024 to June 2024; the series is split at a gap and no limit spans it"
    )
    assert baseline_note(xmr(EARLY[:3])) is None  # 3 points: no limits to name


def test_the_chart_breaks_its_line_at_the_gap_and_draws_limits_over_their_baseline_only():
    from openpeel.indicators.catalogue import get_indicator
    from openpeel.indicators.read import Bar, Panel, Point
    from openpeel.publishing.charts import panel_charts, series_chart

    # as the bundled Cambridgeshire stop and search files: November 2018 to March 2019, then January 2024
    months = [date(2018, 11, 1), date(2018, 12, 1), date(2019, 1, 1), date(2019, 2, 1), date(2019, 3, 1)]
    series = [Point(m, 50, 25.0 + i, None, None, False) for i, m in enumerate([*months, date(2024, 1, 1)])]
    chart = xmr_runs([(p.period, p.value) for p in series])[0]
    assessment = {"spc_mean": chart.mean, "spc_lower": chart.lower_limit, "spc_upper": chart.upper_limit}
    panel = Panel(
        get_indicator("stop-search-outcome-linked-share"),
        date(2019, 1, 1),
        series[2],
        assessment | {"spc_note": baseline_note(chart, split=True)},
        series,
        [Bar("Cambridgeshire Constabulary", 27.0, None, None, False, True, False)],
        False,
    )
    spec = series_chart(panel, "Cambridgeshire Constabulary").spec
    assert [v["run"] for v in spec["data"]["values"]] == [0, 0, 0, 0, 0, 1]
    assert spec["layer"][0]["encoding"]["detail"] == {"field": "run", "type": "nominal"}  # one line per run
    rules = spec["layer"][2]["data"]["values"]
    assert {(r["from"], r["to"]) for r in rules} == {("2018-11", "2019-03")}
    assert [c.id for c in panel_charts(panel, "Cambridgeshire Constabulary")] == [
        "stop-search-outcome-linked-share-series"
    ]  # one force: no "all forces" chart
