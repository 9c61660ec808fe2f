"""One run of the catalogue: computed on DuckDB or Spark, then stored for the forces and months chosen."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import duckdb

from openpeel.errors import OpenPeelError
from openpeel.indicators.catalogue import catalogue
from openpeel.indicators.engine import compute_catalogue, store


def compute_and_store(
    con: duckdb.DuckDBPyConnection,
    engine: str,
    forces: set[str] | None,
    first: date | None,
    last: date | None,
    on_indicator: Callable[[str], None] = lambda _: None,
    lake: str | None = None,
) -> dict[str, list[tuple[Any, ...]]]:
    """Compute every indicator on `engine` ("duckdb" or "spark"), keep the results of the chosen forces and
    months (None: all), and store them in place of the stored results for that choice. With `lake` (a lake's
    URI), DuckDB counts from the lake's partitions of that choice instead of the warehouse's tables."""
    if lake is not None:
        if engine != "duckdb":
            raise OpenPeelError("--lake is read by the DuckDB engine only, so far: leave out --engine spark")
        from openpeel.indicators.lake import compute_from_lake

        results = compute_from_lake(lake, forces, first, last, on_indicator=on_indicator)
    elif engine == "spark":
        results = _on_spark(con, on_indicator)
    else:
        from openpeel.indicators.backends import duckdb_engine

        results = compute_catalogue(duckdb_engine(con), on_indicator=on_indicator)

    def chosen(force: str, period: date) -> bool:
        return (
            (forces is None or force in forces)
            and (first is None or period >= first)
            and (last is None or period <= last)
        )

    results = {k: [r for r in v if chosen(r[0], r[1])] for k, v in results.items()}
    store(con, results, replace_only=(forces, first, last))
    return results


def _on_spark(con: duckdb.DuckDBPyConnection, on_indicator: Callable[[str], None]) -> dict[str, list[tuple[Any, ...]]]:
    from openpeel.indicators.backends import spark_engine, spark_session, tables_used

    spark = spark_session()
    try:
        with tempfile.TemporaryDirectory(prefix="openpeel-spark-") as tmp:
            engine = spark_engine(con, spark, Path(tmp), tables_used(catalogue().values()) & _tables(con))
            return compute_catalogue(engine, on_indicator=on_indicator)
    finally:
        spark.stop()


def _tables(con: duckdb.DuckDBPyConnection) -> set[str]:
    return {t for (t,) in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
