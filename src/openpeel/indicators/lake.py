"""The catalogue on DuckDB reading a lake (`openpeel warehouse export --lake`; docs/lake.md) instead of the
warehouse's tables: each table a view over its Parquet partitions, only those of the chosen forces and months."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any
from urllib.parse import unquote

import duckdb

from openpeel.errors import WarehouseError
from openpeel.indicators.backends import duckdb_engine, tables_used
from openpeel.indicators.catalogue import Indicator, catalogue
from openpeel.indicators.engine import compute_catalogue
from openpeel.warehouse.lake import FORCE_COLUMN, lake_path, read_manifest
from openpeel.warehouse.sql import ident, literal


def compute_from_lake(
    uri: str,
    forces: set[str] | None,
    first: date | None,
    last: date | None,
    on_indicator: Callable[[str], None] = lambda _: None,
) -> dict[str, list[tuple[Any, ...]]]:
    """Every indicator's figures, counted by DuckDB over the lake's partitions of the chosen forces and months
    (None: all). Figures of forces and months outside the choice may be partial: the caller keeps the chosen."""
    con = duckdb.connect()
    try:
        lake_views(con, uri, forces, first, last)
        return compute_catalogue(duckdb_engine(con), on_indicator=on_indicator)
    finally:
        con.close()


def lake_views(
    con: duckdb.DuckDBPyConnection, uri: str, forces: set[str] | None, first: date | None, last: date | None
) -> dict[str, list[str]]:
    """A view per table the catalogue reads, over the Parquet files of the partitions chosen; returns the
    folders each view reads (the test of pruning reads them)."""
    root = lake_path(uri)
    manifest = read_manifest(root) if root.is_dir() else None
    if manifest is None:
        raise WarehouseError(f"No lake at {uri}: write one with `openpeel warehouse export --lake {uri}`")
    indicators = list(catalogue().values())
    read: dict[str, list[str]] = {}
    for table in sorted(tables_used(indicators) & set(manifest["tables"])):
        entry = manifest["tables"][table]
        by: list[str] = entry["partition_by"]
        by_month = by[1] if len(by) > 1 and _months_prunable(table, by[1], indicators) else None
        folders = [
            str(root / table / key) if key else str(root / table)
            for key, part in sorted(entry["partitions"].items())
            if part["rows"] and _chosen(dict(_values(key)), forces, by_month, first, last)
        ]
        columns = ", ".join(ident(name) for name, _ in entry["columns"])
        if folders:
            files = "[" + ", ".join(literal(f"{f}/*.parquet") for f in folders) + "]"
            types = "{" + ", ".join(f"{literal(c)}: {literal(t)}" for c, t in entry["hive_types"].items()) + "}"
            hive = f", hive_partitioning = true, hive_types = {types}" if by else ", hive_partitioning = false"
            source = f"SELECT {columns} FROM read_parquet({files}{hive})"
        else:  # nothing chosen (or an empty table): its columns, no rows
            source = "SELECT " + ", ".join(f"NULL::{t} AS {ident(n)}" for n, t in entry["columns"]) + " WHERE false"
        con.execute(f"CREATE OR REPLACE VIEW {ident(table)} AS {source}")
        read[table] = folders
    return read


def _months_prunable(table: str, month: str, indicators: list[Indicator]) -> bool:
    """Months may be left unread only where every indicator on the table counts a row in its partition's month
    (period that column, by month) and none looks the table up from another's rows (whose months differ)."""
    return all(
        i.compute.period == month and i.compute.grain == "month" for i in indicators if i.compute.table == table
    ) and not any(i.compute.lookup and i.compute.lookup.table == table for i in indicators)


def _values(key: str) -> list[tuple[str, str]]:
    return [(c, unquote(v)) for c, v in (part.split("=", 1) for part in key.split("/") if part)]


def _chosen(
    values: dict[str, str], forces: set[str] | None, month: str | None, first: date | None, last: date | None
) -> bool:
    if forces is not None and FORCE_COLUMN in values and values[FORCE_COLUMN] not in forces:
        return False
    if month is not None:
        when = date.fromisoformat(values[month])
        return (first is None or when >= first) and (last is None or when <= last)
    return True
