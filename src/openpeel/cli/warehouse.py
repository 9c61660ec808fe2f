"""`openpeel warehouse ...`: look into and export the analytical store."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from openpeel.cli.console import console

# Imports are inside commands: `openpeel --help` must not load the analytics stack.

app = typer.Typer(no_args_is_help=True, help="The DuckDB warehouse: its tables and exports.")
out = console()


@app.command("tables")
def list_tables(warehouse: Path = typer.Option(None, help="Warehouse file.")) -> None:
    """List the warehouse tables and their row counts."""
    from openpeel.warehouse.export import tables
    from openpeel.warehouse.sql import ident
    from openpeel.warehouse.store import connect

    con = connect(warehouse, read_only=True)
    table = Table("table", "rows")
    for name in tables(con):
        table.add_row(name, f"{con.execute(f'SELECT count(*) FROM {ident(name)}').fetchone()[0]:,}")  # type: ignore[index]
    out.print(table)


@app.command("export")
def export_command(
    target: Path = typer.Argument(..., help="Folder to write into (created if missing)."),
    format: str = typer.Option("parquet", "--format", help="parquet or csv."),
    table: list[str] = typer.Option(None, "--table", help="Only these tables (repeatable)."),
    warehouse: Path = typer.Option(None, help="Warehouse file."),
) -> None:
    """Export warehouse tables to Parquet or CSV, one file per table."""
    from openpeel.warehouse.export import export, tables
    from openpeel.warehouse.store import connect

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
