"""A force's figure beside its peer group and England and Wales: the one interface the web reads.

Group figures are weighted (total count over total population), as the inspectorate's dashboards do,
and each carries its exact Poisson interval and which forces it covers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import duckdb

from openpeel.forces import all_forces, get_force, peer_group
from openpeel.indicators.catalogue import Indicator, get_indicator
from openpeel.indicators.stats import SUPPRESS_BELOW, poisson_interval


@dataclass(frozen=True)
class Figure:
    label: str
    period: date
    count: int
    population: float
    per: int

    @property
    def value(self) -> float:
        return self.count * self.per / self.population

    @property
    def interval(self) -> tuple[float, float]:
        low, high = poisson_interval(self.count)
        scale = self.per / self.population
        return float(low) * scale, float(high) * scale

    @property
    def suppressed(self) -> bool:
        return self.count < SUPPRESS_BELOW


@dataclass(frozen=True)
class GroupFigure:
    figure: Figure | None  # None when no member has data for the period
    covered: list[str]  # force names with data
    missing: list[str]  # member forces without data for the period


@dataclass(frozen=True)
class ForceComparison:
    indicator: Indicator
    period: date
    force: Figure
    peers: list[Figure]
    peer_group: GroupFigure
    national: GroupFigure
    series: list[Figure]  # the force's every month, oldest first


def _results(con, indicator_id: str) -> dict[tuple[str, date], tuple[int, float]]:
    rows = con.execute(
        "SELECT force_id, period, numerator, denominator FROM indicator_result WHERE indicator_id = ?",
        [indicator_id],
    ).fetchall()
    return {(f, p): (n, d) for f, p, n, d in rows}


def _group(label: str, members: list, period: date, results, per: int) -> GroupFigure:
    have = [m for m in members if (m.id, period) in results]
    missing = [m.name for m in members if (m.id, period) not in results]
    if not have:
        return GroupFigure(None, [], missing)
    count = sum(results[(m.id, period)][0] for m in have)
    population = sum(results[(m.id, period)][1] for m in have)
    return GroupFigure(Figure(label, period, count, population, per), [m.name for m in have], missing)


def compare_force(
    con: duckdb.DuckDBPyConnection, indicator_id: str, force_id: str, period: date | None = None
) -> ForceComparison | None:
    """The comparison for one force; None when the force has no results for this indicator.

    Without a period, takes the month in which most forces have data (then the latest), so the
    national figure covers as many forces as the data allows.
    """
    indicator, force = get_indicator(indicator_id), get_force(force_id)
    results = _results(con, indicator.id)
    own = sorted(p for f, p in results if f == force.id)
    if not own:
        return None
    if period is None:
        coverage = {p: sum(1 for f, q in results if q == p) for p in own}
        period = max(own, key=lambda p: (coverage[p], p))
    per = indicator.per

    def figure(f, p):
        n, d = results[(f.id, p)]
        return Figure(f.name, p, n, d, per)

    peers = [get_force(i) for i in peer_group(force.id).members]
    territorial = [f for f in all_forces() if f.territorial]
    return ForceComparison(
        indicator=indicator,
        period=period,
        force=figure(force, period),
        peers=[figure(p, period) for p in peers if (p.id, period) in results],
        peer_group=_group("Peer group (derived)", peers, period, results, per),
        national=_group("England and Wales", territorial, period, results, per),
        series=[figure(force, p) for p in own],
    )
