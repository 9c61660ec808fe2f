"""The engines the catalogue runs on: the DuckDB warehouse itself, or Apache Spark reading it as Parquet."""

from __future__ import annotations

import importlib.util
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import duckdb
import ibis
from ibis.backends.sql.compilers.duckdb import DuckDBCompiler

from openpeel.errors import SparkNotInstalledError
from openpeel.indicators.catalogue import Indicator


# Ibis and PySpark ship no types: engines and sessions are Any here.
class _UTCInstants(DuckDBCompiler):  # type: ignore[misc]  # Any: ibis has no types
    """Months and seconds of TIMESTAMPTZ columns computed from the instant's microseconds since 1970 (UTC by
    definition), as DuckDB's date_trunc and the cast Ibis puts before epoch would in a UTC session, but
    without going through ICU's calendar for every row (five to ten times faster). Same figures: the
    DuckDB/Spark parity test and the benchmark's comparison with the hand-tuned SQL check it."""

    def visit_TimestampTruncate(self, op: Any, *, arg: Any, unit: Any) -> Any:
        if op.arg.dtype.is_timestamp() and op.arg.dtype.timezone is not None:
            arg = self.f.make_timestamp(self.f.epoch_us(arg))
        return super().visit_TimestampTruncate(op, arg=arg, unit=unit)

    def visit_ExtractEpochSeconds(self, op: Any, *, arg: Any) -> Any:
        if op.arg.dtype.timezone is not None:
            return self.f.epoch_us(arg) / 1_000_000
        return super().visit_ExtractEpochSeconds(op, arg=arg)


def duckdb_engine(con: duckdb.DuckDBPyConnection) -> Any:
    """Ibis over the warehouse connection. Ibis sets the session to UTC; we say so rather than rely on it:
    both engines count months and durations in UTC (docs/indicators.md says what that means in summer)."""
    engine = ibis.duckdb.from_connection(con)
    engine.compiler = _UTCInstants()
    con.execute("SET TimeZone = 'UTC'")
    return engine


def require_spark() -> None:
    """Stop with one line saying how to add Spark when it is not installed (it is the `spark` extra)."""
    if importlib.util.find_spec("pyspark") is None:
        raise SparkNotInstalledError()


def spark_session() -> Any:
    """A local Spark (both cores), quiet, in UTC like the DuckDB engine, so that both give identical results."""
    require_spark()
    from pyspark.sql import SparkSession

    spark = (
        SparkSession.builder.master("local[2]")
        .appName("openpeel")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.shuffle.partitions", "4")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def spark_engine(con: duckdb.DuckDBPyConnection, spark: Any, workdir: Path, tables: set[str]) -> Any:
    """Spark over the given warehouse tables, handed over as Parquet files (at national scale, Spark would
    read the Parquet that `openpeel warehouse export` writes, or the returns themselves)."""
    engine = ibis.pyspark.connect(spark)
    for table in sorted(tables):
        path = workdir / f"{table}.parquet"
        con.execute(f"COPY (SELECT * FROM {table}) TO '{path}' (FORMAT parquet)")
        engine.read_parquet(str(path), table_name=table)
    return engine


def tables_used(indicators: Iterable[Indicator]) -> set[str]:
    used = set()
    for i in indicators:
        used.add(i.compute.table)
        if i.compute.lookup:
            used.add(i.compute.lookup.table)
    return used
