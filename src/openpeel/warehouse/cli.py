"""`openpeel warehouse ...`: look into and export the analytical store."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from openpeel.ingest.schema import ident, literal
from openpeel.warehouse.store import connect

app = typer.Typer(no_args_is_help=True, help="The DuckDB warehouse: its tables and exports.")
out = Console()


def tables(con) -> list[str]:
    return [
        t
        for (t,) in con.execute(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_type = 'BASE TABLE' AND table_schema = 'main' "
            "AND table_name <> 'warehouse_meta' ORDER BY 1"
        ).fetchall()
    ]


def export(con, target: Path, fmt: str, only: list[str] | None = None) -> dict[str, int]:
    """Write each table to target/<table>.<fmt>; returns rows written per table."""
    target.mkdir(parents=True, exist_ok=True)
    written = {}
    for table in only or tables(con):
        path = target / f"{table}.{fmt}"
        options = "FORMAT parquet, COMPRESSION zstd" if fmt == "parquet" else "FORMAT csv, HEADER true"
        columns = "*" if fmt == "parquet" else _defused_columns(con, table)
        con.execute(f"COPY (SELECT {columns} FROM {ident(table)}) TO {literal(str(path))} ({options})")
        written[table] = con.execute(f"SELECT count(*) FROM {ident(table)}").fetchone()[0]
    return written


def _defused_columns(con, table: str) -> str:
    """A CSV is opened in spreadsheets: text cells that one would run as a formula get a leading apostrophe
    (as the indicator export does). Parquet keeps the data as it is: it has types, not formulas."""
    from openpeel.indicators.export import FORMULA_START

    starts = ", ".join(literal(c) for c in FORMULA_START)
    selected = []
    for name, kind in con.execute(f"SELECT column_name, column_type FROM (DESCRIBE {ident(table)})").fetchall():
        c = ident(name)
        defused = f"CASE WHEN left({c}, 1) IN ({starts}) THEN {literal(chr(39))} || {c} ELSE {c} END AS {c}"
        selected.append(defused if kind == "VARCHAR" else c)
    return ", ".join(selected)


@app.command("tables")
def list_tables(warehouse: Path = typer.Option(None, help="Warehouse file.")) -> None:
    """List the warehouse tables and their row counts."""
    con = connect(warehouse, read_only=True)
    table = Table("table", "rows")
    for name in tables(con):
        table.add_row(name, f"{con.execute(f'SELECT count(*) FROM {ident(name)}').fetchone()[0]:,}")
    out.print(table)


@app.command("export")
def export_command(
    target: Path = typer.Argument(..., help="Folder to write into (created if missing)."),
    format: str = typer.Option("parquet", "--format", help="parquet or csv."),
    table: list[str] = typer.Option(None, "--table", help="Only these tables (repeatable)."),
    warehouse: Path = typer.Option(None, help="Warehouse file."),
) -> None:
    """Export warehouse tables to Parquet or CSV, one file per table."""
    if format not in ("parquet", "csv"):
        raise typer.BadParameter("must be parquet or csv", param_hint="--format")
    con = connect(warehouse, read_only=True)
    unknown = sorted(set(table or []) - set(tables(con)))
    if unknown:
        raise typer.BadParameter(
            f"no such table: {', '.join(unknown)}; see `openpeel warehouse tables`", param_hint="--table"
        )
    for name, rows in export(con, target, format, table).items():
        out.print(f"{target / f'{name}.{format}'}: {rows:,} rows")
