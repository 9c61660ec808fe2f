"""The outcome (hit-rate) test: the share of searches whose outcome was linked to the object of search, by
self-defined ethnic group, overall, by legislation and by object of search, each with a Wilson interval.

A find is "Outcome linked to object of search" true. The denominator is every search: police.uk leaves the
link blank on most no-further-action searches, where nothing was found to link, so blanks count as no find
(how many were blank is in the completeness note).
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from openpeel.forces import get_force
from openpeel.indicators.stats import suppressed, wilson_interval
from openpeel.stopsearch import completeness as comp
from openpeel.stopsearch.disproportionality import force_months, periods
from openpeel.stopsearch.population import GROUPS, MISSING, group_sql

PER = 100
LEGISLATION = {  # the powers the test is reported for; every other power is "Other powers"
    "Police and Criminal Evidence Act 1984 (section 1)": "Section 1 PACE",
    "Misuse of Drugs Act 1971 (section 23)": "Section 23 Misuse of Drugs Act",
    "Criminal Justice and Public Order Act 1994 (section 60)": "Section 60 (no suspicion needed)",
}
OTHER_POWERS = "Other powers"
WEAKNESS = (
    "A lower find rate for a group can mean officers search that group on weaker grounds, but it need not: "
    "the test compares the average find rate, not the find rate of the marginal search (the "
    "infra-marginality problem). If the searches of two groups carry different mixes of risk, their average "
    "find rates differ even when officers apply the same bar to both, and equal rates can hide different "
    "bars. Read differences as a prompt to look at the grounds recorded, not as proof of bias."
)


@dataclass(frozen=True)
class FindRate:
    group: str
    finds: int
    searches: int
    rate: float | None = None  # % of searches; None when suppressed
    low: float | None = None
    high: float | None = None

    @property
    def suppressed(self) -> bool:
        return suppressed(self.finds) or suppressed(self.searches)


@dataclass(frozen=True)
class OutcomeTest:
    breakdown: str  # "All searches", "Section 1 PACE", "Object: Controlled drugs"
    period: str
    rates: tuple[FindRate, ...]  # the five groups, then searches with no ethnicity
    completeness: comp.Completeness


def find_rate(group: str, finds: int, searches: int) -> FindRate:
    if suppressed(finds) or suppressed(searches):
        return FindRate(group, finds, searches)
    low, high = (float(x) * PER for x in wilson_interval(finds, searches))
    return FindRate(group, finds, searches, finds * PER / searches, low, high)


def outcome_tests(con: duckdb.DuckDBPyConnection, force: str) -> list[OutcomeTest]:
    """For each period of the force's data: all searches, each power, each object of search."""
    force = get_force(force)
    power = " ".join(f"WHEN legislation = '{k}' THEN '{v}'" for k, v in LEGISLATION.items())
    rows = con.execute(
        f"""
        SELECT month, {group_sql("self_defined_ethnicity")} AS g,
               CASE {power} ELSE '{OTHER_POWERS}' END AS power,
               'Object: ' || coalesce(object_of_search, 'not recorded') AS object,
               count(*) FILTER (outcome_linked), count(*)
        FROM stop_search WHERE force_id = ? GROUP BY ALL
        """,
        [force.id],
    ).fetchall()
    months = comp.by_month(con, [force.id])
    breakdowns = ["All searches", *LEGISLATION.values(), OTHER_POWERS]
    breakdowns += sorted({r[3] for r in rows})
    out = []
    for label, within in periods(force_months(con, force.id)):
        for b in breakdowns:
            picked = [r for r in rows if r[0] in within and b in ("All searches", r[2], r[3])]
            if not picked:
                continue
            rates = []
            for g in (*GROUPS, MISSING):
                finds = sum(r[4] for r in picked if r[1] == g)
                searches = sum(r[5] for r in picked if r[1] == g)
                rates.append(find_rate(g, finds, searches))
            out.append(OutcomeTest(b, label, tuple(rates), comp.summed(months, [(force.id, m) for m in within])))
    return out
