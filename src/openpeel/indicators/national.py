"""The national overview's indicators, read from the warehouse: each force's figure for an indicator's
headline period (for the map), and each area's strongest and weakest forces on its indicators (from the
warehouse's indicator assessment, ranked over forces with a published figure).

The headline period is the one most forces have figures for (the latest of equals), as on the force pages:
comparing forces means comparing the same month. Suppressed figures (fewer than 10) are never shown or
ranked; the assessment leaves them unranked already."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb

from openpeel.forces import all_forces
from openpeel.indicators.catalogue import Indicator, catalogue


@dataclass(frozen=True)
class Extremes:
    indicator: Indicator
    period: dt.date
    ranked: int  # forces with a published figure, ranked
    suppressed: int  # forces whose figure is suppressed
    strongest: list[tuple[str, float]]  # (force name, value) ranked 1 from best (ties share it)
    weakest: list[tuple[str, float]]  # the last rank from best


def charted_indicators(con: duckdb.DuckDBPyConnection) -> set[str]:
    """The indicators the warehouse holds results for."""
    return {r[0] for r in con.execute("SELECT DISTINCT indicator_id FROM indicator_result").fetchall()}


def headline_period(con: duckdb.DuckDBPyConnection, indicator_id: str) -> dt.date | None:
    row = con.execute(
        "SELECT period FROM indicator_result WHERE indicator_id = ? "
        "GROUP BY period ORDER BY count(*) DESC, period DESC LIMIT 1",
        [indicator_id],
    ).fetchone()
    return row[0] if row else None


def indicator_values(
    con: duckdb.DuckDBPyConnection, indicator: Indicator
) -> tuple[dt.date | None, dict[str, float | None]]:
    """(headline period, force id -> value, or None where suppressed) over the territorial forces."""
    period = headline_period(con, indicator.id)
    territorial = {f.id for f in all_forces() if f.territorial}
    rows = con.execute(
        "SELECT force_id, numerator, value FROM indicator_result WHERE indicator_id = ? AND period = ?",
        [indicator.id, period],
    ).fetchall()
    return period, {f: (None if indicator.suppresses(n) else v) for f, n, v in rows if f in territorial}


def area_extremes(con: duckdb.DuckDBPyConnection, area_ids: list[str]) -> dict[str, list[Extremes]]:
    """Per area, each of its indicators that says which way is better: the forces ranked best and worst."""
    names = {f.id: f.name for f in all_forces()}
    out: dict[str, list[Extremes]] = {}
    for indicator in catalogue().values():
        areas = [a for a in indicator.areas if a in area_ids]
        if not areas or indicator.better == "neither":
            continue
        period = headline_period(con, indicator.id)
        rows = con.execute(
            "SELECT a.force_id, a.suppressed, a.rank_from_best, r.value FROM indicator_assessment a "
            "JOIN indicator_result r USING (indicator_id, force_id, period) WHERE indicator_id = ? AND period = ?",
            [indicator.id, period],
        ).fetchall()
        ranked = [(rank, force, value) for force, suppressed, rank, value in rows if not suppressed and rank]
        if len(ranked) < 2:
            continue  # nothing to compare
        best, worst = min(r for r, _, _ in ranked), max(r for r, _, _ in ranked)
        strongest, weakest = ([(names[f], v) for r, f, v in sorted(ranked) if r == at] for at in (best, worst))
        assert period is not None  # it has rows
        entry = Extremes(indicator, period, len(ranked), sum(1 for r in rows if r[1]), strongest, weakest)
        for area in areas:
            out.setdefault(area, []).append(entry)
    return out
