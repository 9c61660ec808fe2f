"""Run the catalogue against the warehouse and store results with their intervals."""

from __future__ import annotations

from datetime import datetime

import duckdb
import numpy as np
import pyarrow as pa

from openpeel.forces import all_forces
from openpeel.indicators.catalogue import Indicator, catalogue
from openpeel.indicators.stats import poisson_interval
from openpeel.warehouse import transaction


def _populations() -> pa.Table:
    forces = [f for f in all_forces() if f.population is not None]
    return pa.table({"force_id": [f.id for f in forces], "population": [f.population.value for f in forces]})


def compute(con: duckdb.DuckDBPyConnection, indicator: Indicator) -> int:
    """Recompute one indicator for every force and month; returns the number of results."""
    con.register("population", _populations())
    rows = con.execute(
        f"SELECT q.force_id, q.period, q.numerator, p.population FROM ({indicator.query}) q "
        "JOIN population p USING (force_id) ORDER BY q.force_id, q.period"
    ).fetchall()
    con.unregister("population")
    if not rows:
        return 0
    force_id, period, count, population = (list(c) for c in zip(*rows, strict=True))
    n = np.array(count, dtype=float)
    scale = indicator.per / np.array(population, dtype=float)
    low, high = poisson_interval(n)
    result = pa.table(
        {
            "indicator_id": [indicator.id] * len(rows),
            "force_id": force_id,
            "period": period,
            "numerator": count,
            "denominator": population,
            "value": n * scale,
            "ci_low": low * scale,
            "ci_high": high * scale,
            "computed_at": [datetime.now()] * len(rows),
        }
    )
    with transaction(con):
        con.execute("DELETE FROM indicator_result WHERE indicator_id = ?", [indicator.id])
        con.register("result", result)
        con.execute("INSERT INTO indicator_result BY NAME SELECT * FROM result")
        con.unregister("result")
    return len(rows)


def compute_all(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    return {i.id: compute(con, i) for i in catalogue().values()}
