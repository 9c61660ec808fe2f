"""Searches per 1,000 residents by ethnic group, and how many times the White rate each group's rate is.

The numerator is police.uk searches by self-defined ethnicity (officer-defined beside it); the denominator is
the force area's residents of that group at the census the Home Office uses for the period: 2011 before April
2021, 2021 from then on (census2021.py). Searches with no ethnicity (not stated, blank, vehicle-only) are a row
of their own, never dropped. Periods are months and years ending March (the Home Office's year). The force is
shown beside its peer group (pooled, the force left out) and England and Wales (pooled), each over the forces
with data for every month of the period, and only when at least two forces are pooled: a "pooled" figure of
one force is that force's own. Rates have exact Poisson intervals; ratios the score interval for a ratio of two
Poisson rates.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

import duckdb
from statsmodels.stats.rates import confint_poisson_2indep

from openpeel.forces import all_forces, get_force, peer_group
from openpeel.indicators.stats import rate_interval, suppressed
from openpeel.stopsearch import completeness as comp
from openpeel.stopsearch.census2021 import census_for
from openpeel.stopsearch.population import GROUPS, MISSING, REFERENCE, group_sql

MIN_POOLED = 2  # a pooled figure needs at least two forces; of one force it would be that force's own

PER = 1000
OFFICER_GROUPS = ("White", "Black", "Asian")  # officer-defined groups with a census group to divide by


@dataclass(frozen=True)
class GroupFigure:
    group: str
    searches: int
    residents: int | None  # None: no census group to divide by (missing ethnicity, officer-defined "Other")
    rate: float | None = None  # per 1,000 residents
    low: float | None = None
    high: float | None = None
    ratio: float | None = None  # the group's rate / the White rate
    ratio_low: float | None = None
    ratio_high: float | None = None

    @property
    def suppressed(self) -> bool:
        return suppressed(self.searches)


@dataclass(frozen=True)
class Disproportionality:
    area: str  # the force's name, or the pooled group in words with the number of forces pooled
    period: str  # "2019-01", or "year ending March 2019 (5 of 12 months with data)"
    forces: tuple[str, ...]  # counted
    missing: tuple[str, ...]  # expected, without data for every month of the period
    self_defined: tuple[GroupFigure, ...]
    officer_defined: tuple[GroupFigure, ...]
    completeness: comp.Completeness
    census: str = ""  # the census the rates divide by, in words
    months: tuple[date, ...] = ()  # the months counted

    @property
    def searches(self) -> int:
        return sum(g.searches for g in self.self_defined)


def figures(counts: Counter[str], population: Counter[str], groups: tuple[str, ...]) -> tuple[GroupFigure, ...]:
    """Rates and ratios against White for the groups, then any other label counted, then the missing row."""
    ref_n, ref_pop = counts[REFERENCE], population[REFERENCE]
    out = []
    for g in groups:
        n, pop = counts[g], population[g]
        if suppressed(n) or not pop:
            out.append(GroupFigure(g, n, pop or None))
            continue
        low, high = (float(x) for x in rate_interval(n, pop, PER))
        fig: dict[str, Any] = dict(group=g, searches=n, residents=pop, rate=n * PER / pop, low=low, high=high)
        if g != REFERENCE and not suppressed(ref_n) and ref_pop:
            r_low, r_high = confint_poisson_2indep(n, pop, ref_n, ref_pop, method="score", compare="ratio")
            fig.update(ratio=(n / pop) / (ref_n / ref_pop), ratio_low=float(r_low), ratio_high=float(r_high))
        out.append(GroupFigure(**fig))
    others = sorted(k for k in counts if k not in groups and k != MISSING)
    out += [GroupFigure(k, counts[k], None) for k in others]
    out.append(GroupFigure(MISSING, counts[MISSING], None))
    return tuple(out)


def _counts(con: duckdb.DuckDBPyConnection, column_sql: str) -> dict[tuple[str, date], Counter[str]]:
    rows = con.execute(f"SELECT force_id, month, {column_sql} AS g, count(*) FROM stop_search GROUP BY ALL").fetchall()
    out: dict[tuple[str, date], Counter[str]] = {}
    for force, month, g, n in rows:
        out.setdefault((force, month), Counter())[g] += n
    return out


def force_months(con: duckdb.DuckDBPyConnection, force_id: str) -> list[date]:
    months = [
        m
        for (m,) in con.execute(
            "SELECT DISTINCT month FROM stop_search WHERE force_id = ? ORDER BY 1", [force_id]
        ).fetchall()
    ]
    if not months:
        raise comp.NoSearchesError(f"no police.uk stop and search rows for {force_id} in the warehouse")
    return months


def year_ending_march(month: date) -> int:
    """The year whose March ends the Home Office's year the month falls in (April 2018 to March 2019: 2019)."""
    return month.year + 1 if month.month >= 4 else month.year


def periods(months: list[date]) -> list[tuple[str, list[date]]]:
    """Each month, then each year ending March (the Home Office's year) with the months that have data."""
    out = [(m.strftime("%Y-%m"), [m]) for m in months]
    for year in sorted({year_ending_march(m) for m in months}):
        within = [m for m in months if year_ending_march(m) == year]
        if len(within) > 1:  # a year of one month would repeat that month
            out.append((f"year ending March {year} ({len(within)} of 12 months with data)", within))
    return out


def disproportionality(con: duckdb.DuckDBPyConnection, force: str) -> list[Disproportionality]:
    """The force, its peer group and England and Wales, for every month and year the force has searches."""
    force = get_force(force)
    self_counts = _counts(con, group_sql("self_defined_ethnicity"))
    officer_counts = _counts(con, f"coalesce(officer_defined_ethnicity, '{MISSING}')")
    months = comp.by_month(con)
    group = peer_group(force.id)
    areas = [
        (force.name, [force.id]),
        (f"Peer group (derived by openpeel), pooled without {force.short_name}", list(group.members) if group else []),
        ("England and Wales", [f.id for f in all_forces(territorial_only=True)]),
    ]
    out = []
    for label, within in periods(force_months(con, force.id)):
        census = census_for(within)
        for area, expected in areas:
            counted = [f for f in expected if all((f, m) in self_counts for m in within)]
            pooled = expected != [force.id]
            if not counted or (pooled and len(counted) < MIN_POOLED):
                continue
            keys = [(f, m) for f in counted for m in within]
            population = sum((Counter(census.residents[f]) for f in counted), Counter())
            if pooled:
                area = f"{area}, pooled over {len(counted)} forces with data for every month"
            out.append(
                Disproportionality(
                    area=area,
                    census=census.source,
                    months=tuple(within),
                    period=label,
                    forces=tuple(counted),
                    missing=tuple(f for f in expected if f not in counted),
                    self_defined=figures(sum((self_counts[k] for k in keys), Counter()), population, GROUPS),
                    officer_defined=figures(
                        sum((officer_counts[k] for k in keys), Counter()), population, OFFICER_GROUPS
                    ),
                    completeness=comp.summed(months, keys),
                )
            )
    return out
