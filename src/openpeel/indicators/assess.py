"""Judge every indicator result: the force beside its peers and England and Wales, its rank, its XmR chart,
and the sentences an inspector can cite. Stored in indicator_assessment for pages and exports to read."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any

import duckdb
import pyarrow as pa

from openpeel.forces import all_forces, peer_group
from openpeel.indicators.catalogue import Indicator, catalogue
from openpeel.indicators.comparison import MIN_POOLED, MIN_RANKED, Comparison, compare
from openpeel.indicators.spc import Signal, XmRChart, baseline_note, breaks_within, xmr_runs
from openpeel.indicators.spc import runs as spc_runs
from openpeel.indicators.statements import comparison_statement, rank_statement, trend_statement
from openpeel.warehouse import transaction


def measure_words(indicator: Indicator) -> str:
    return indicator.title[0].lower() + indicator.title[1:]


def assess(con: duckdb.DuckDBPyConnection, indicators: list[Indicator] | None = None) -> int:
    territorial = [f for f in all_forces() if f.territorial]
    ids = [f.id for f in territorial]
    names = {f.id: f.name for f in territorial}
    peers = {f: peer_group(f).members for f in ids}  # type: ignore[union-attr]  # territorial: has one
    now, rows = datetime.now(), []
    chosen = indicators or list(catalogue().values())
    for indicator in chosen:
        results = con.execute(
            "SELECT force_id, period, numerator, denominator, value FROM indicator_result "
            "WHERE indicator_id = ? AND force_id IN (SELECT unnest(?)) ORDER BY period, force_id",
            [indicator.id, ids],
        ).fetchall()
        by_period, by_force = defaultdict(list), defaultdict(list)
        for force, period, num, den, value in results:
            by_period[period].append((force, num, den, value))
            by_force[force].append((period, value, num))
        # one chart per unbroken run of periods: no limit, moving range or signal spans a missing period, nor a
        # rate's change of census (its denominator steps there)
        step, breaks = 3 if indicator.compute.grain == "quarter" else 1, indicator.census_breaks()
        runs = {
            f: xmr_runs([(p, v) for p, v, _ in s], indicator.better, step, breaks=breaks) for f, s in by_force.items()
        }
        gaps = {f: len(spc_runs([p for p, _, _ in s], step)) > 1 for f, s in by_force.items()}
        census_splits = {f: breaks_within([p for p, _, _ in s], breaks) for f, s in by_force.items()}
        charts = {(f, p): c for f, cs in runs.items() for c in cs for p in c.periods}
        for period, data in by_period.items():
            for force, num, _, _ in data:
                chart = charts[force, period]
                row = {
                    "indicator_id": indicator.id,
                    "force_id": force,
                    "period": period,
                    "suppressed": indicator.suppresses(num),
                    "computed_at": now,
                    "spc_mean": chart.mean,
                    "spc_lower": chart.lower_limit,
                    "spc_upper": chart.upper_limit,
                    "spc_signals": [_signal(s, chart) for s in chart.signals if period in s.periods],
                    "spc_note": "; ".join(
                        n for n in (chart.note, baseline_note(chart, gaps[force], census_splits[force])) if n
                    )
                    or None,
                }
                statements = []
                # a proportion summed from published corrections can fall outside 0..1: it is not compared
                usable = [(f, n, d) for f, n, d, _ in data if indicator.kind == "rate" or 0 <= n <= d]
                if indicator.kind in ("rate", "proportion") and indicator.interval and force in {u[0] for u in usable}:
                    c = compare(
                        usable,
                        force,
                        peers,
                        indicator.kind,  # type: ignore[arg-type]  # a rate or proportion: checked above
                        indicator.per,
                        indicator.better,
                        ids,
                        period,
                    )
                    row |= _comparison_columns(c)
                    statements += [
                        rank_statement(c, measure_words(indicator), names),
                        comparison_statement(c, measure_words(indicator), indicator.unit, names),
                        comparison_statement(c, measure_words(indicator), indicator.unit, names, "peers"),
                    ]
                else:
                    row |= _rank_only(force, data, indicator)
                if period == by_force[force][-1][0]:  # the trend sentence belongs to the latest month, its run
                    in_run = [n for p, _, n in by_force[force] if p in chart.periods]
                    counts = in_run if indicator.kind in ("rate", "proportion") else None
                    subject = f"{names[force]}'s {measure_words(indicator)}"
                    statements.append(trend_statement(chart, subject, indicator.unit, counts=counts))
                row["statements"] = [s for s in statements if s]
                rows.append(row)
    columns = [d[0] for d in con.execute("SELECT * FROM indicator_assessment LIMIT 0").description]
    with transaction(con):
        con.execute(
            "DELETE FROM indicator_assessment WHERE indicator_id IN (SELECT unnest(?))", [[i.id for i in chosen]]
        )
        if rows:
            con.register("_assessment", pa.table({c: [r.get(c) for r in rows] for c in columns}))
            con.execute("INSERT INTO indicator_assessment BY NAME SELECT * FROM _assessment")
            con.unregister("_assessment")
    return len(rows)


def _signal(s: Signal, chart: XmRChart) -> str:
    """A signal as stored and shown: "rule: direction", saying so when the limits are provisional."""
    caveat = f" (provisional limits, {len(chart.values)} points)" if chart.provisional else ""
    return f"{s.rule}: {s.direction}{caveat}"


def _comparison_columns(c: Comparison) -> dict[str, Any]:
    out: dict[str, Any] = {
        "national_counted": len(c.national.counted),
        "national_missing": list(c.national.missing),
        "peers_counted": list(c.peer_group.counted),
        "peers_missing": list(c.peer_group.missing),
    }
    for prefix, group in (("peer", c.peer_group), ("national", c.national)):
        e = group.estimate
        if e is not None and not e.suppressed:
            out |= {f"{prefix}_value": e.value, f"{prefix}_low": e.low, f"{prefix}_high": e.high}
    if c.rank:
        out |= {"rank": c.rank.position, "rank_of": c.rank.of, "rank_from_best": c.rank.from_best}
    for name, sig in (("vs_national", c.vs_national), ("vs_peers", c.vs_peers)):
        if sig:
            out |= {name: sig.verdict, f"{name}_p": sig.p_value}
    return out


def _rank_only(force: str, data: list[tuple[str, float, float, float]], indicator: Indicator) -> dict[str, Any]:
    """Quantiles cannot be pooled and ratios have no interval: rank them, pool ratios, test nothing."""
    values = {f: v for f, _, _, v in data}
    mine = values[force]
    out: dict[str, Any] = {"national_counted": len(values)}
    if len(values) >= MIN_RANKED:  # no rank among fewer forces
        out |= {"rank": 1 + sum(v > mine for v in values.values()), "rank_of": len(values)}
        if indicator.better != "neither":
            higher_is_better = indicator.better == "higher"
            out["rank_from_best"] = 1 + sum((v > mine) if higher_is_better else (v < mine) for v in values.values())
    if indicator.kind == "ratio" and len(values) >= MIN_POOLED:
        out["national_value"] = sum(n for _, n, _, _ in data) / sum(d for _, _, d, _ in data) * indicator.per
    return out
