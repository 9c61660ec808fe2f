"""A pooled figure of an indicator over named forces and periods, from its stored results: what openpeel sets
beside a published national statistic (docs/indicators.md, "Reconciliation with published statistics").

Pooled as the publisher pools: the sum of the numerators over the sum of the denominators, never an average of
rates. The forces counted are returned with the figure, so it is never shown without them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import duckdb

from openpeel.indicators.catalogue import get_indicator
from openpeel.indicators.stats import wilson_interval


@dataclass(frozen=True)
class Pooled:
    indicator_id: str
    first: date
    last: date
    forces: tuple[str, ...]  # the forces counted
    numerator: float
    denominator: float
    value: float  # numerator / denominator x the indicator's `per`
    low: float | None  # 95% interval (proportions: Wilson)
    high: float | None


def pooled(
    con: duckdb.DuckDBPyConnection, indicator_id: str, first: date, last: date, forces: list[str] | None = None
) -> Pooled:
    """Σ numerator / Σ denominator of the indicator's results from `first` to `last` (period starts), over
    `forces` (default: every force with results)."""
    indicator = get_indicator(indicator_id)
    where, params = "indicator_id = ? AND period BETWEEN ? AND ?", [indicator_id, first, last]
    if forces is not None:
        where, params = where + " AND force_id IN (SELECT unnest(?))", [*params, forces]
    row = con.execute(
        f"SELECT list(DISTINCT force_id ORDER BY force_id), sum(numerator), sum(denominator) "
        f"FROM indicator_result WHERE {where}",
        params,
    ).fetchone()
    counted, num, den = row if row else (None, None, None)
    if not counted or not den:
        raise ValueError(f"no results of {indicator_id} from {first} to {last}")
    low = high = None
    if indicator.kind == "proportion":
        lo, hi = wilson_interval(num, den)
        low, high = float(lo) * indicator.per, float(hi) * indicator.per
    return Pooled(indicator_id, first, last, tuple(counted), num, den, num / den * indicator.per, low, high)
