"""What the web side reads: for one force, each indicator's figure beside its peers and England and Wales,
its series with its XmR limits, the ski-slope of all forces, and the sentences to cite. One small interface,
read from the warehouse tables indicator_result and indicator_assessment (no recomputation per page)."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import duckdb

from openpeel.forces import all_forces, get_force, peer_group
from openpeel.indicators.catalogue import Indicator, catalogue, get_indicator
from openpeel.ingest.returns import SOURCES as RETURN_SOURCES

SYNTHETIC_MARK = "SYNTHETIC%"


@dataclass(frozen=True)
class Point:
    period: date
    numerator: float
    value: float
    low: float | None
    high: float | None
    suppressed: bool
    signals: tuple[str, ...] = ()


@dataclass(frozen=True)
class Bar:
    force: str
    value: float
    low: float | None
    high: float | None
    suppressed: bool
    chosen: bool
    peer: bool


@dataclass
class Panel:
    indicator: Indicator
    period: date
    figure: Point
    assessment: dict[str, Any]
    series: list[Point]
    ski_slope: list[Bar]
    synthetic: bool
    missing: list[str] = field(default_factory=list)  # territorial forces without data for the period

    SHOWN = 24  # periods listed on a page: the limits use them all, the page lists the latest

    @property
    def recent_series(self) -> list[Point]:
        return self.series[-self.SHOWN :]

    @property
    def title(self) -> str:
        """The indicator's title for the panel's period: a rate names the census it divides by."""
        return self.indicator.title_for(self.period)

    @property
    def definition(self) -> str:
        """The definition, with (for a rate) which census each period divides by."""
        return self.indicator.definition_for()

    @property
    def sources(self) -> list[str]:
        """The sources of the series: for a rate, the census of each period shown (both, across April 2021)."""
        periods = [p.period for p in self.series] or [self.period]
        return list(dict.fromkeys(s for period in periods for s in self.indicator.sources_for(period)))


def force_panels(con: duckdb.DuckDBPyConnection, force_id: str) -> list[Panel]:
    """Every indicator with results for the force, in catalogue order.

    Each panel's period is the one of the force's periods that most forces have data for (the latest of
    those). Other forces' results are read for that period only, and the full assessment for it only, so
    the reading grows with the force's own series, not with the whole warehouse (bench/bench_load.py)."""
    force = get_force(force_id)
    names = {f.id: f.name for f in all_forces()}
    territorial = [f.id for f in all_forces() if f.territorial]
    if force.id not in territorial:  # compared with the 43 territorial forces only: no panels to show
        return []
    group = peer_group(force.id)
    peers = set(group.members) if group else set()
    own: dict[str, list[list[Any]]] = {}
    for indicator_id, *row in con.execute(
        "SELECT indicator_id, period, numerator, value, ci_low, ci_high FROM indicator_result WHERE force_id = ? "
        "ORDER BY indicator_id, period",
        [force.id],
    ).fetchall():
        own.setdefault(indicator_id, []).append(row)
    forces_with_data = {
        (i, p): n
        for i, p, n in con.execute(
            "SELECT indicator_id, period, count(*) FROM indicator_result "
            "WHERE force_id IN (SELECT unnest(?)) AND indicator_id IN (SELECT unnest(?)) GROUP BY ALL",
            [territorial, list(own)],
        ).fetchall()
    }
    headline = {
        i: max((p for p, *_ in rows), key=lambda p: (forces_with_data.get((i, p), 0), p)) for i, rows in own.items()
    }
    chosen = "(SELECT unnest(?) AS indicator_id, unnest(?) AS period)"
    pairs = [list(headline), list(headline.values())]
    slopes: dict[str, list[list[Any]]] = {}
    for indicator_id, *row in con.execute(
        f"SELECT indicator_id, force_id, numerator, value, ci_low, ci_high FROM indicator_result "
        f"JOIN {chosen} USING (indicator_id, period) WHERE force_id IN (SELECT unnest(?))",
        [*pairs, territorial],
    ).fetchall():
        slopes.setdefault(indicator_id, []).append(row)
    cursor = con.execute(
        f"SELECT * EXCLUDE (force_id, computed_at) FROM indicator_assessment "
        f"JOIN {chosen} USING (indicator_id, period) WHERE force_id = ?",
        [*pairs, force.id],
    )
    columns = [d[0] for d in cursor.description]
    assessed = {a["indicator_id"]: a for a in (dict(zip(columns, r, strict=True)) for r in cursor.fetchall())}
    signals_of: dict[str, dict[date, tuple[str, ...]]] = {}
    for indicator_id, period, signals in con.execute(
        "SELECT indicator_id, period, spc_signals FROM indicator_assessment WHERE force_id = ?", [force.id]
    ).fetchall():
        signals_of.setdefault(indicator_id, {})[period] = tuple(signals or ())
    synthetic = _synthetic_tables(con, force.id)
    panels = []
    for indicator in catalogue().values():
        if indicator.id not in own:
            continue
        period, signals = headline[indicator.id], signals_of.get(indicator.id, {})
        series = [
            Point(p, n, v, lo, hi, indicator.suppresses(n), signals.get(p, ())) for p, n, v, lo, hi in own[indicator.id]
        ]
        slope = sorted(slopes[indicator.id], key=lambda r: (-r[2], r[0]))
        bars = [
            Bar(names[f], v, lo, hi, indicator.suppresses(n), f == force.id, f in peers) for f, n, v, lo, hi in slope
        ]
        with_data = {r[0] for r in slope}
        panels.append(
            Panel(
                indicator=indicator,
                period=period,
                figure=next(p for p in series if p.period == period),
                assessment=assessed.get(indicator.id, {}),
                series=series,
                ski_slope=bars,
                synthetic=indicator.compute.table in synthetic,
                missing=[names[f] for f in territorial if f not in with_data],
            )
        )
    return panels


def _synthetic_tables(con: duckdb.DuckDBPyConnection, force_id: str) -> set[str]:
    """Warehouse tables holding synthetic rows for this force (so pages can say so)."""
    sources = {
        s
        for (s,) in con.execute(
            "SELECT DISTINCT source FROM source_file WHERE force_id = ? AND note LIKE ?", [force_id, SYNTHETIC_MARK]
        ).fetchall()
    }
    return {s.table for s in RETURN_SOURCES.values() if s.name in sources}


@dataclass(frozen=True)
class SignalRun:
    """An SPC signal as the assessment stored it: one rule and direction over consecutive periods of one
    force's series ("run: deterioration" from March to December 2019)."""

    force_id: str
    indicator_id: str
    rule: str
    direction: str  # improvement or deterioration, or higher or lower where neither is better
    periods: tuple[date, ...]
    latest_period: date  # the series' latest period
    provisional: bool = False  # limits from fewer points than the full baseline (assess.py's caveat)

    @property
    def start(self) -> date:
        return self.periods[0]

    @property
    def end(self) -> date:
        return self.periods[-1]

    @property
    def current(self) -> bool:
        """Whether the signal reaches the latest figure (an old signal may have passed)."""
        return self.end == self.latest_period


def signal_runs(
    con: duckdb.DuckDBPyConnection, force_ids: list[str] | None = None, indicator_ids: list[str] | None = None
) -> list[SignalRun]:
    """Every signal in indicator_assessment (for the forces and indicators given, or all), a run of
    consecutive periods of the force's series marked with the same rule and direction making one signal."""
    where, params = [], []
    for column, values in (("force_id", force_ids), ("indicator_id", indicator_ids)):
        if values is not None:
            where.append(f"{column} IN (SELECT unnest(?))")
            params.append(list(values))
    rows = con.execute(
        "SELECT force_id, indicator_id, period, spc_signals FROM indicator_assessment"
        + (" WHERE " + " AND ".join(where) if where else "")
        + " ORDER BY force_id, indicator_id, period",
        params,
    ).fetchall()
    series: dict[tuple[str, str], list[tuple[date, tuple[str, ...]]]] = {}
    for force, indicator, period, signals in rows:
        series.setdefault((force, indicator), []).append((period, tuple(signals or ())))
    runs = []
    for (force, indicator), points in series.items():
        latest = points[-1][0]
        for label in sorted({s for _, signals in points for s in signals}):
            rule, _, direction = label.partition(": ")
            # "improvement (provisional limits, 5 points)": the direction is the word; the caveat is a flag.
            direction, caveat, _ = direction.partition(" (")
            run: list[date] = []
            for period, signals in [*points, (None, ())]:  # a sentinel closes the last run
                if label in signals:
                    run.append(period)  # type: ignore[arg-type]  # the sentinel's signals are empty
                elif run:
                    runs.append(SignalRun(force, indicator, rule, direction, tuple(run), latest, bool(caveat)))
                    run = []
    return sorted(runs, key=lambda r: (r.force_id, r.indicator_id, r.start, r.rule))


# A Panel carries the peer and national comparison for its headline period only, and no denominator or
# computation time: an inspection's snapshot of one figure reads those from the same tables.


def assessment_row(con: duckdb.DuckDBPyConnection, indicator_id: str, force_id: str, period: dt.date) -> dict[str, Any]:
    """The whole assessment of one force's figure for one period ({} if there is none)."""
    cursor = con.execute(
        "SELECT * EXCLUDE (force_id, computed_at) FROM indicator_assessment "
        "WHERE indicator_id = ? AND force_id = ? AND period = ?",
        [indicator_id, force_id, period],
    )
    row = cursor.fetchone()
    return dict(zip([d[0] for d in cursor.description], row, strict=True)) if row else {}


def result_row(
    con: duckdb.DuckDBPyConnection, indicator_id: str, force_id: str, period: dt.date
) -> tuple[float | None, dt.datetime | None]:
    """One figure's denominator and when it was computed (None, None if there is no figure)."""
    row = con.execute(
        "SELECT denominator, computed_at FROM indicator_result WHERE indicator_id = ? AND force_id = ? AND period = ?",
        [indicator_id, force_id, period],
    ).fetchone()
    if row is None:
        return None, None
    denominator, computed_at = row
    if isinstance(denominator, float) and not math.isfinite(denominator):
        denominator = None
    # The engine stamps results with the machine's local time, without a zone: give it that zone.
    return denominator, computed_at.astimezone() if computed_at else None


@dataclass(frozen=True)
class LatestFigures:
    """One indicator's figures for every force in its latest month with most forces (highest first)."""

    period: date
    national: float | None  # England and Wales pooled
    rows: list[tuple[str, float, float | None, float | None, bool]]  # force name, value, low, high, suppressed


def latest_figures(con: duckdb.DuckDBPyConnection, indicator_id: str) -> LatestFigures | None:
    """The period most territorial forces have figures for (the latest of those), or None without figures."""
    indicator = get_indicator(indicator_id)
    territorial = {f.id: f.name for f in all_forces() if f.territorial}
    found = con.execute(
        "SELECT period FROM indicator_result WHERE indicator_id = ? AND force_id IN (SELECT unnest(?)) "
        "GROUP BY period ORDER BY count(*) DESC, period DESC LIMIT 1",
        [indicator_id, list(territorial)],
    ).fetchone()
    if found is None:
        return None
    (period,) = found
    results = con.execute(
        "SELECT force_id, numerator, value, ci_low, ci_high FROM indicator_result "
        "WHERE indicator_id = ? AND period = ? AND force_id IN (SELECT unnest(?)) ORDER BY value DESC, force_id",
        [indicator_id, period, list(territorial)],
    ).fetchall()
    national = con.execute(
        "SELECT any_value(national_value) FROM indicator_assessment WHERE indicator_id = ? AND period = ?",
        [indicator_id, period],
    ).fetchone()[0]  # type: ignore[index]  # an aggregate always gives one row
    rows = [(territorial[f], v, lo, hi, indicator.suppresses(n)) for f, n, v, lo, hi in results]
    return LatestFigures(period, national, rows)
