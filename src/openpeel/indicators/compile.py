"""The catalogue's declarative `compute` form, compiled to an Ibis expression.

Ibis turns the one expression into SQL for DuckDB or a plan for Spark, so the catalogue runs unchanged on
either. The engines only group and count: intervals and quantiles are worked out afterwards in Python on
the small grouped result, so both engines give identical figures. Indicators of the same table are counted
in one query (one scan of the table), each with its filters on its own aggregates.
"""

from __future__ import annotations

import json
from typing import Any

import ibis
import pyarrow as pa
import pyarrow.compute as pc
from ibis.expr.types import Table

from openpeel.indicators.catalogue import Compute, Indicator

# Ibis ships no types: its expressions, tables and backends are Any here.


def operand(t: Table, e: Any, *, literal_strings: bool) -> Any:
    """An expression: a column name (or, on the right of a condition, a literal string), a number, or
    {column: name}, {seconds_between: [a, b]}, {times: [expression, number]}."""
    if isinstance(e, str):
        return ibis.literal(e) if literal_strings else t[e]
    if isinstance(e, bool | int | float):
        return ibis.literal(e)
    if isinstance(e, dict) and len(e) == 1:
        ((key, arg),) = e.items()
        if key == "column":
            return t[arg]
        if key == "seconds_between":
            start, end = (operand(t, a, literal_strings=False) for a in arg)
            return end.epoch_seconds() - start.epoch_seconds()
        if key == "times":
            return operand(t, arg[0], literal_strings=False) * arg[1]
    raise ValueError(f"not an expression openpeel understands: {e!r}")


def condition(t: Table, c: list[Any]) -> Any:
    left = operand(t, c[0], literal_strings=False)
    op = c[1]
    if op == "is_null":
        return left.isnull()
    if op == "not_null":
        return left.notnull()
    if op in ("in", "not_in"):
        member = left.isin([ibis.literal(v) for v in c[2]])
        return member if op == "in" else ~member
    right = operand(t, c[2], literal_strings=True)
    return {
        "eq": left == right,
        "ne": left != right,
        "lt": left < right,
        "le": left <= right,
        "gt": left > right,
        "ge": left >= right,
    }[op]


def _with_lookup(con: Any, t: Table, spec: Compute) -> Table:
    """Join each row to an aggregate of a child table, e.g. an investigation's first supervisory review."""
    assert spec.lookup is not None  # called for a spec with one
    child = con.table(spec.lookup.table)
    keys = ["force_id", *spec.lookup.by]
    aggregates = {
        name: getattr(child[column], how)() if how != "count" else child[column].count()
        for name, (how, column) in spec.lookup.aggregate.items()
    }
    summary = child.group_by(keys).aggregate(**aggregates)
    joined = t.left_join(summary, [t[k] == summary[k] for k in keys])
    return joined.select(*[joined[c] for c in t.columns], *[joined[n] for n in aggregates])


def scans(indicators: list[Indicator]) -> list[list[Indicator]]:
    """The indicators grouped into the queries that count them: one per table (with the same period and
    lookup), where each indicator's filters become filters of its own aggregates; one per distribution for
    the quantiles (a median and a 90th percentile of the same values share it). In order of first member."""
    groups: dict[str, list[Indicator]] = {}
    for indicator in indicators:
        spec = indicator.compute
        shared = spec.model_dump(include={"table", "period", "grain", "lookup"})
        if indicator.kind == "quantile":
            shared |= {"distribution": spec.model_dump(include={"where", "value"})}
        groups.setdefault(json.dumps(shared, sort_keys=True, default=str), []).append(indicator)
    return list(groups.values())


def compile_scan(con: Any, indicators: list[Indicator]) -> Table:
    """The grouped query for indicators of one scan: for a quantile, the count of each value per force and
    period (force_id, period, value, n); else one row per force and period with each indicator's counts
    (columns named by `counts_of`)."""
    spec = indicators[0].compute
    t = con.table(spec.table)
    if spec.lookup:
        t = _with_lookup(con, t, spec)
    if indicators[0].kind == "quantile":
        for c in spec.where:
            t = t.filter(condition(t, c))
        value = operand(t, spec.value, literal_strings=False).cast("int64").name("value")
        return t.group_by([t.force_id, _period(t, spec), value]).aggregate(n=t.count())
    aggregates: dict[str, Any] = {}
    for k, indicator in enumerate(indicators):
        aggregates |= {f"i{k}_{name}": a for name, a in _aggregates(t, indicator.kind, indicator.compute).items()}
    return t.group_by([t.force_id, _period(t, spec)]).aggregate(**aggregates)


def _period(t: Table, spec: Compute) -> Any:
    return t[spec.period].truncate("M" if spec.grain == "month" else "Q").cast("date").name("period")


def _aggregates(t: Table, kind: str, spec: Compute) -> dict[str, Any]:
    """One indicator's numerator and denominator, over the rows its `where` selects. A count with a filter is
    coalesced: Spark sums a flag for it, which is NULL when the filter is NULL on every row."""
    rows = ibis.and_(*(condition(t, c) for c in spec.where)) if spec.where else None

    def measure(where: Any, sum_of: Any = spec.measure) -> Any:
        if sum_of == "count":
            return t.count(where=where).coalesce(0)
        return t[sum_of["sum"]].sum(where=where).coalesce(0)

    if kind == "proportion":
        hit = ibis.and_(*(condition(t, c) for c in spec.numerator_where))
        return {"numerator": measure(hit if rows is None else rows & hit), "denominator": measure(rows)}
    if kind == "ratio":
        return {"numerator": measure(rows), "denominator": measure(rows, spec.denominator_measure)}
    # a rate's denominator is the population: a force-period has a figure when it has rows to count
    return {"numerator": measure(rows)} | ({} if rows is None else {"rows": t.count(where=rows).coalesce(0)})


def counts_of(counted: pa.Table, indicators: list[Indicator]) -> list[pa.Table]:
    """Each indicator's part of its scan's result: (force_id, period, numerator[, denominator]) per force and
    period (its force-periods with rows, for a rate), or the value counts of a quantile's distribution.
    A proportion or ratio whose denominator is 0 gives no figure, so its empty force-periods need no filter."""
    if indicators[0].kind == "quantile":
        return [counted] * len(indicators)
    out = []
    for k in range(len(indicators)):
        columns = {"force_id": counted["force_id"], "period": counted["period"]}
        columns |= {
            name: counted[f"i{k}_{name}"]
            for name in ("numerator", "denominator")
            if f"i{k}_{name}" in counted.column_names
        }
        table = pa.table(columns)
        if f"i{k}_rows" in counted.column_names:
            table = table.filter(pc.greater(counted[f"i{k}_rows"], 0))
        out.append(table)
    return out
