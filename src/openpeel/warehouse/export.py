"""The warehouse's tables, and their export as Parquet or CSV files."""

from __future__ import annotations

from pathlib import Path

import duckdb

from openpeel.warehouse.sql import FORMULA_START, ident, literal


def tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    return [
        t
        for (t,) in con.execute(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_type = 'BASE TABLE' AND table_schema = 'main' "
            "AND table_name <> 'warehouse_meta' ORDER BY 1"
        ).fetchall()
    ]


def export(con: duckdb.DuckDBPyConnection, target: Path, fmt: str, only: list[str] | None = None) -> dict[str, int]:
    """Write each table to target/<table>.<fmt>; returns rows written per table."""
    target.mkdir(parents=True, exist_ok=True)
    written = {}
    for table in only or tables(con):
        path = target / f"{table}.{fmt}"
        options = "FORMAT parquet, COMPRESSION zstd" if fmt == "parquet" else "FORMAT csv, HEADER true"
        columns = "*" if fmt == "parquet" else _defused_columns(con, table)
        con.execute(f"COPY (SELECT {columns} FROM {ident(table)}) TO {literal(str(path))} ({options})")
        written[table] = con.execute(f"SELECT count(*) FROM {ident(table)}").fetchone()[0]  # type: ignore[index]  # count(*) gives one row
    return written


def _defused_columns(con: duckdb.DuckDBPyConnection, table: str) -> str:
    """A CSV is opened in spreadsheets: text cells that one would run as a formula get a leading apostrophe
    (as the indicator export does). Parquet keeps the data as it is: it has types, not formulas."""
    starts = ", ".join(literal(c) for c in FORMULA_START)
    selected = []
    for name, kind in con.execute(f"SELECT column_name, column_type FROM (DESCRIBE {ident(table)})").fetchall():
        c = ident(name)
        defused = f"CASE WHEN left({c}, 1) IN ({starts}) THEN {literal(chr(39))} || {c} ELSE {c} END AS {c}"
        selected.append(defused if kind == "VARCHAR" else c)
    return ", ".join(selected)
