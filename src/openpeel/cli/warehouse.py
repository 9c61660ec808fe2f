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
    target: Path = typer.Argument(None, help="Folder to write into (created if missing); not with --lake."),
    format: str = typer.Option("parquet", "--format", help="parquet or csv."),
    table: list[str] = typer.Option(None, "--table", help="Only these tables (repeatable)."),
    warehouse: Path = typer.Option(None, help="Warehouse file."),
    lake: str = typer.Option(
        None,
        "--lake",
        help="Instead, write every table to this lake (a folder or file:// URI): Hive-partitioned Parquet by "
        "force and month, with _manifest.json; a re-run rewrites only partitions whose batches changed.",
    ),
) -> None:
    """Export warehouse tables to Parquet or CSV, one file per table, or to a partitioned lake (docs/lake.md)."""
    from openpeel.warehouse.export import export, tables
    from openpeel.warehouse.store import connect

    if lake is not None:
        if target is not None or table:
            raise typer.BadParameter("a lake holds every table, in its own layout: give no folder or --table")
        _export_lake(lake, warehouse)
        return
    if target is None:
        raise typer.BadParameter("name a folder to write into, or --lake URI", param_hint="TARGET")
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


def _export_lake(uri: str, warehouse: Path | None) -> None:
    import time

    from openpeel.warehouse.lake import export_lake
    from openpeel.warehouse.store import connect

    started = time.perf_counter()
    con = connect(warehouse, read_only=True)
    report = export_lake(con, uri)
    out.print(
        f"{uri}: {len(report.rows)} tables, {sum(report.rows.values()):,} rows; partitions written "
        f"{len(report.written):,}, unchanged {len(report.kept):,}, removed {len(report.removed):,} "
        f"({time.perf_counter() - started:.1f} s)"
    )
