"""XmR (individuals and moving range) chart with the NHS "Making Data Count" rules.

Pure functions over a series of (period, value) pairs, oldest first. See docs/statistics.md.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

MIN_POINTS = 12  # firm limits; more points give steadier ones
# From 5 points, provisional ("trial") limits, revised with each new point: Wheeler, Understanding Variation
# (p. 60), "useful limits may be constructed with as few as five or six values"; NHS-R's NHSRplotthedots,
# which implements Making Data Count, calls limits from fewer than 12 points trial limits.
PROVISIONAL_FROM = 5
LIMIT_FACTOR = 2.66  # 3 / d2, with d2 = 1.128 for moving ranges of two points
SCREEN_FACTOR = 3.267  # D4 for n = 2: moving ranges above 3.267 × average are special causes themselves
RUN_LENGTH = 7
TREND_LENGTH = 7

Rule = Literal["beyond_limit", "run", "trend", "two_of_three"]
Side = Literal["higher", "lower"]
Better = Literal["higher", "lower", "neither"]


@dataclass(frozen=True)
class Signal:
    rule: Rule
    points: tuple[int, ...]  # indices into the series, oldest first
    periods: tuple[object, ...]
    side: Side  # which way the points moved
    direction: str  # "improvement"/"deterioration" when better is known, else the side


@dataclass(frozen=True)
class XmRChart:
    periods: tuple[object, ...]
    values: tuple[float, ...]
    better: Better
    mean: float | None
    moving_ranges: tuple[float, ...]  # |x_i - x_(i-1)|, one fewer than values
    screened: tuple[int, ...]  # indices into moving_ranges left out of the average
    average_moving_range: float | None
    upper_limit: float | None
    lower_limit: float | None
    signals: tuple[Signal, ...]
    reason: str | None  # why there are no limits, when there are none
    provisional: bool = False  # limits from fewer than min_points points: revised with each new point
    min_points: int = MIN_POINTS  # the points firm limits need

    @property
    def has_limits(self) -> bool:
        return self.upper_limit is not None

    @property
    def note(self) -> str | None:
        """What a reader of the limits must know: why there are none, or that they are provisional."""
        if self.provisional:
            return (
                f"provisional limits from {len(self.values)} points, revised with each new point "
                f"until there are {self.min_points}"
            )
        return self.reason


def _direction(side: Side, better: Better) -> str:
    if better == "neither":
        return side
    return "improvement" if side == better else "deterioration"


def _streaks(flags: Sequence[int], length: int) -> list[tuple[int, int, int]]:
    """Maximal streaks of equal non-zero flags at least `length` long, as (start, end, flag)."""
    out, start = [], 0
    for i in range(1, len(flags) + 1):
        if i == len(flags) or flags[i] != flags[start]:
            if flags[start] != 0 and i - start >= length:
                out.append((start, i - 1, flags[start]))
            start = i
    return out


def _two_of_three(near: Sequence[int]) -> list[tuple[tuple[int, ...], int]]:
    """Windows of 3 with 2+ points in the outer third on one side; overlapping windows merged into one signal."""
    out: list[tuple[tuple[int, ...], int]] = []
    for side in (1, -1):
        merged: list[set[int]] = []
        last_start = None
        for i in range(len(near) - 2):
            hits = {j for j in range(i, i + 3) if near[j] == side}
            if len(hits) < 2:
                continue
            if merged and last_start is not None and i <= last_start + 2:
                merged[-1] |= hits
            else:
                merged.append(hits)
            last_start = i
        out += [(tuple(sorted(m)), side) for m in merged]
    return out


def xmr(
    series: Iterable[tuple[object, float]],
    better: Better = "neither",
    min_points: int = MIN_POINTS,
    provisional_from: int = PROVISIONAL_FROM,
) -> XmRChart:
    """XmR chart and its signals: firm limits from min_points points, provisional ones from provisional_from
    (pass provisional_from=min_points for none); with fewer points, no limits and no signals."""
    series = list(series)
    periods = tuple(p for p, _ in series)
    x = tuple(float(v) for _, v in series)
    mrs = tuple(abs(x[i] - x[i - 1]) for i in range(1, len(x)))
    least = max(min(provisional_from, min_points), 2)
    if len(x) < least:
        reason = f"needs at least {least} points (has {len(x)})"
        return XmRChart(periods, x, better, None, mrs, (), None, None, None, (), reason, min_points=min_points)

    mean = sum(x) / len(x)
    initial = sum(mrs) / len(mrs)
    screened = tuple(i for i, r in enumerate(mrs) if r > SCREEN_FACTOR * initial)
    kept = [r for i, r in enumerate(mrs) if i not in screened]
    amr = sum(kept) / len(kept)  # recomputed once, as Making Data Count does; never empty (some r <= mean)
    upper, lower = mean + LIMIT_FACTOR * amr, mean - LIMIT_FACTOR * amr
    near_up, near_low = mean + 2 / 3 * (upper - mean), mean - 2 / 3 * (mean - lower)

    found: list[tuple[Rule, tuple[int, ...], int]] = []
    for i, v in enumerate(x):
        if v > upper or v < lower:
            found.append(("beyond_limit", (i,), 1 if v > upper else -1))
    # a point exactly on the mean breaks a run: the conservative reading
    sides = [(v > mean) - (v < mean) for v in x]
    for s, e, f in _streaks(sides, RUN_LENGTH):
        found.append(("run", tuple(range(s, e + 1)), f))
    # steps[i] compares x[i] with x[i-1]; 7 points rising is 6 steps up; equal values break the trend
    steps = [0] + [(x[i] > x[i - 1]) - (x[i] < x[i - 1]) for i in range(1, len(x))]
    for s, e, f in _streaks(steps[1:], TREND_LENGTH - 1):
        found.append(("trend", tuple(range(s, e + 2)), f))
    near = [(v > near_up) - (v < near_low) for v in x]
    for pts, f in _two_of_three(near):
        found.append(("two_of_three", pts, f))

    signals = []
    for rule, pts, f in sorted(found, key=lambda t: (t[1][0], t[0])):
        side: Side = "higher" if f > 0 else "lower"
        signals.append(Signal(rule, pts, tuple(periods[i] for i in pts), side, _direction(side, better)))
    provisional = len(x) < min_points
    return XmRChart(
        periods, x, better, mean, mrs, screened, amr, upper, lower, tuple(signals), None, provisional, min_points
    )


# --- Series with gaps: one chart per unbroken run ------------------------------------------------------------


def _months_apart(a: date, b: date) -> int:
    return (b.year - a.year) * 12 + b.month - a.month


def runs(periods: Sequence[object], step_months: int = 1, breaks: Sequence[date] = ()) -> list[range]:
    """The unbroken runs of a series, as index ranges: a new run starts wherever a period is more than
    step_months after the one before (a missing month, or quarter with step_months=3), and at each of `breaks`
    (the first period after a change of definition, such as a rate's change of census). Periods that are not
    dates form one run."""
    if not periods:
        return []
    if not all(isinstance(p, date) for p in periods):
        return [range(len(periods))]
    out, start = [], 0
    for i in range(1, len(periods)):
        before, now = periods[i - 1], periods[i]
        gap = _months_apart(before, now) != step_months  # type: ignore[arg-type]  # dates: checked above
        if gap or any(before < b <= now for b in breaks):  # type: ignore[operator]  # dates: checked above
            out.append(range(start, i))
            start = i
    return out + [range(start, len(periods))]


def breaks_within(periods: Sequence[object], breaks: Sequence[date]) -> list[date]:
    """The breaks that fall inside the series (after its first period, not after its last)."""
    dated = [p for p in periods if isinstance(p, date)]
    return [b for b in breaks if dated and dated[0] < b <= dated[-1]]


def xmr_runs(
    series: Iterable[tuple[object, float]],
    better: Better = "neither",
    step_months: int = 1,
    min_points: int = MIN_POINTS,
    provisional_from: int = PROVISIONAL_FROM,
    breaks: Sequence[date] = (),
) -> tuple[XmRChart, ...]:
    """An XmR chart for each unbroken run of the series, oldest first: limits, moving ranges and signals are
    computed within a run only, never across a missing period or a break (the same point-count rules apply to
    each)."""
    series = list(series)
    return tuple(
        xmr([series[i] for i in run], better, min_points, provisional_from)
        for run in runs([p for p, _ in series], step_months, breaks)
    )


def baseline_note(chart: XmRChart, split: bool = False, census_splits: Sequence[date] = ()) -> str | None:
    """The periods the limits were computed from ("limits from 6 points, January 2024 to June 2024"), and, when
    the series has gaps, that no limit spans one; likewise where a rate's residents change census."""

    def label(p: object) -> str:
        return p.strftime("%B %Y") if isinstance(p, date) else str(p)

    parts = []
    if chart.has_limits:
        parts.append(f"limits from {len(chart.values)} points, {label(chart.periods[0])} to {label(chart.periods[-1])}")
    if split:
        parts.append("the series is split at a gap and no limit spans it")
    for when in census_splits:
        parts.append(f"the series is split at {label(when)}, where its residents change census, and no limit spans it")
    return "; ".join(parts) or None
