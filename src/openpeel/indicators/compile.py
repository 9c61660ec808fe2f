"""The catalogue's declarative `compute` form, compiled to an Ibis expression.

Ibis turns the one expression into SQL for DuckDB or a plan for Spark, so the catalogue runs unchanged on
either. The engines only group and count: intervals and quantiles are worked out afterwards in Python on
the small grouped result, so both engines give identical figures.
"""

from __future__ import annotations

import ibis
from ibis.expr.types import Table

from openpeel.indicators.catalogue import Compute, Indicator


def operand(t: Table, e, *, literal_strings: bool):
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


def condition(t: Table, c: list):
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


def _with_lookup(con, t: Table, spec: Compute) -> Table:
    """Join each row to an aggregate of a child table, e.g. an investigation's first supervisory review."""
    child = con.table(spec.lookup.table)
    keys = ["force_id", *spec.lookup.by]
    aggregates = {
        name: getattr(child[column], how)() if how != "count" else child[column].count()
        for name, (how, column) in spec.lookup.aggregate.items()
    }
    summary = child.group_by(keys).aggregate(**aggregates)
    joined = t.left_join(summary, [t[k] == summary[k] for k in keys])
    return joined.select(*[joined[c] for c in t.columns], *[joined[n] for n in aggregates])


def compile_indicator(con, indicator: Indicator):
    """The grouped query for one indicator: one row per force and period (and value, for a quantile)."""
    spec = indicator.compute
    t = con.table(spec.table)
    if spec.lookup:
        t = _with_lookup(con, t, spec)
    for c in spec.where:
        t = t.filter(condition(t, c))
    period = t[spec.period].truncate("M" if spec.grain == "month" else "Q").cast("date").name("period")
    if indicator.kind == "quantile":
        value = operand(t, spec.value, literal_strings=False).cast("int64").name("value")
        return t.group_by([t.force_id, period, value]).aggregate(n=t.count())
    if spec.measure == "count":
        measure = t.count
    else:
        column = t[spec.measure["sum"]]
        measure = lambda where=None: column.sum(where=where).coalesce(0)  # noqa: E731
    aggregates = {"numerator": measure()}
    if indicator.kind == "ratio":
        aggregates["denominator"] = t[spec.denominator_measure["sum"]].sum().coalesce(0)
    if indicator.kind == "proportion":
        hit = ibis.and_(*(condition(t, c) for c in spec.numerator_where))
        aggregates = {"numerator": measure(where=hit), "denominator": measure()}
    return t.group_by([t.force_id, period]).aggregate(**aggregates)
