"""Run the catalogue on an engine (DuckDB by default, Spark for scale) and store the results.

The engine groups and counts; this module turns the counts into figures with their intervals, the same
way whichever engine did the counting, so DuckDB and Spark give identical results.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from scipy.stats import binom

from openpeel.forces.residents import usual_residents
from openpeel.indicators.backends import duckdb_engine
from openpeel.indicators.catalogue import Indicator, catalogue
from openpeel.indicators.compile import compile_scan, counts_of, scans
from openpeel.indicators.stats import rate_interval, wilson_interval
from openpeel.warehouse import transaction

RESULT_COLUMNS = ["indicator_id", "force_id", "period", "numerator", "denominator", "value", "ci_low", "ci_high"]


def figures(indicator: Indicator, grouped: pa.Table) -> list[tuple[Any, ...]]:
    """Counts from the engine to (force, period, numerator, denominator, value, low, high), sorted."""
    if indicator.kind == "quantile":
        return _quantiles(indicator, grouped)
    rows = grouped.to_pylist()
    if indicator.kind == "rate":
        rows = [dict(r, denominator=residents(indicator, r["force_id"], r["period"])) for r in rows]
    rows = [r for r in rows if r["denominator"]]  # nothing to divide by: no figure
    if not rows:
        return []
    num = np.array([r["numerator"] for r in rows], dtype=float)
    den = np.array([r["denominator"] for r in rows], dtype=float)
    value = num * indicator.per / den
    if not indicator.interval:
        low = high = np.full(len(rows), np.nan)
    elif indicator.kind == "rate":
        low, high = rate_interval(num, den, indicator.per)
    else:
        # Published counts can carry negative corrections, so a summed numerator may fall outside 0..denominator:
        # such a figure is stored as published but has no interval (it is not a proportion of anything).
        valid = (num >= 0) & (num <= den)
        low, high = wilson_interval(np.where(valid, num, 0), den)
        low, high = np.where(valid, low * indicator.per, np.nan), np.where(valid, high * indicator.per, np.nan)
    out = [
        (
            r["force_id"],
            r["period"],
            float(r["numerator"]),
            float(r["denominator"]),
            float(v),
            _or_none(lo),
            _or_none(hi),
        )
        for r, v, lo, hi in zip(rows, value, low, high, strict=True)
    ]
    return sorted(out)


def residents(indicator: Indicator, force_id: str, period: date) -> int | None:
    """What a rate of the force and period divides by: the usual residents of the force area at the census the
    indicator names for the period (catalogue.yaml, `residents`); None for a force with no area."""
    census = indicator.census_for(period)
    if census is None:
        raise ValueError(f"{indicator.id} is not a rate: it divides by no residents")
    found = usual_residents(force_id, census)
    return found.value if found else None


def _or_none(x: float) -> float | None:
    return None if np.isnan(x) else float(x)


def _quantiles(indicator: Indicator, counts: pa.Table) -> list[tuple[Any, ...]]:
    """The quantile of each force-period from its value counts (force_id, period, value, n): nearest rank,
    with a distribution-free 95% interval from the binomial order-statistic ranks.

    All force-periods at once: sorted by force, period and value, the running total of n rises through
    every group in turn, so the value at rank r of a group is the first whose running total reaches the
    total before the group plus r."""
    counts = counts.filter(pc.is_valid(counts["value"])).sort_by(
        [("force_id", "ascending"), ("period", "ascending"), ("value", "ascending")]
    )
    if not counts.num_rows:
        return []
    force, period = counts["force_id"], counts["period"]
    first = np.ones(counts.num_rows, dtype=bool)  # the first row of each force-period
    changed = pc.or_(pc.not_equal(force[1:], force[:-1]), pc.not_equal(period[1:], period[:-1]))
    first[1:] = changed.to_numpy()
    starts = np.flatnonzero(first)
    running = np.cumsum(counts["n"].to_numpy())
    before = np.concatenate([[0], running[starts[1:] - 1]])  # the running total before each group
    n = np.diff(np.concatenate([before, running[-1:]]))
    q = indicator.quantile
    values = counts["value"].to_numpy().astype(float) / indicator.scale
    value, low, high = (
        values[np.searchsorted(running, before + np.clip(rank.astype(np.int64), 1, n))]
        for rank in (np.ceil(q * n), binom.ppf(0.025, n, q), binom.ppf(0.975, n, q) + 1)
    )
    groups = counts.take(starts).select(["force_id", "period"]).to_pylist()
    return [
        (g["force_id"], g["period"], float(t), float(t), float(v), float(lo), float(hi))
        for g, t, v, lo, hi in zip(groups, n, value, low, high, strict=True)
    ]


def compute_catalogue(
    engine: Any, indicators: Iterable[Indicator] | None = None, on_indicator: Callable[[str], None] = lambda _: None
) -> dict[str, list[tuple[Any, ...]]]:
    """Every indicator's figures on one engine (an Ibis backend holding the warehouse tables)."""
    chosen = list(indicators or catalogue().values())
    present, results = set(engine.list_tables()), {}
    for scan in scans(chosen):
        spec = scan[0].compute
        if {spec.table, *([spec.lookup.table] if spec.lookup else [])} <= present:
            counts = counts_of(engine.to_pyarrow(compile_scan(engine, scan)), scan)
        else:
            counts = [None] * len(scan)
        for indicator, counted in zip(scan, counts, strict=True):
            results[indicator.id] = [] if counted is None else figures(indicator, counted)
            on_indicator(indicator.id)
    return {i.id: results[i.id] for i in chosen}


def store(
    con: duckdb.DuckDBPyConnection,
    results: dict[str, list[tuple[Any, ...]]],
    replace_only: tuple[Iterable[str] | None, date | None, date | None] = (None, None, None),
) -> None:
    """Write results, replacing what was there for the same indicators (and, when given, only for the
    chosen forces and months: replace_only = (force ids or None, first month or None, last month or None))."""
    forces, first, last = replace_only
    now = datetime.now()
    rows = [(indicator_id, *r) for indicator_id, figures_ in results.items() for r in figures_]
    table = pa.table({name: [r[i] for r in rows] for i, name in enumerate(RESULT_COLUMNS)})
    table = table.append_column("computed_at", pa.array([now] * len(rows), pa.timestamp("us")))
    params: list[Any]  # the ids, then any months
    scope, params = "indicator_id IN (SELECT unnest(?))", [list(results)]
    if forces is not None:
        scope, params = scope + " AND force_id IN (SELECT unnest(?))", [*params, sorted(forces)]
    if first is not None:
        scope, params = scope + " AND period >= ?", [*params, first]
    if last is not None:
        scope, params = scope + " AND period <= ?", [*params, last]
    with transaction(con):
        con.execute(f"DELETE FROM indicator_result WHERE {scope}", params)
        if rows:
            con.register("_results", table)
            con.execute("INSERT INTO indicator_result BY NAME SELECT * FROM _results")
            con.unregister("_results")


def compute_all(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Compute the whole catalogue on DuckDB, store it and assess it: the default path."""
    from openpeel.indicators.assess import assess

    results = compute_catalogue(duckdb_engine(con))
    store(con, results)
    assess(con)
    return {k: len(v) for k, v in results.items()}
