"""`openpeel ingest ...`: load source files into the warehouse."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import typer
from rich.table import Table
from rich.text import Text

from openpeel.cli.console import console

# Imports are inside commands: `openpeel --help` must not load the analytics stack.

app = typer.Typer(no_args_is_help=True, help="Load source data into the warehouse.")
out = console()


@app.command("police-uk")
def police_uk(
    path: Path = typer.Argument(
        ..., help="A folder or .zip in the police.uk archive layout (YYYY-MM/YYYY-MM-<force>-street.csv)."
    ),
    warehouse: Path = typer.Option(None, help="Warehouse file (default var/warehouse.duckdb or $OPENPEEL_WAREHOUSE)."),
    report: bool = typer.Option(False, "--report", help="Print counts for every file, not only totals."),
) -> None:
    """Ingest police.uk street, outcomes and stop and search files, all or nothing; re-running changes nothing."""
    from openpeel.ingest.run import print_report, run_police_uk

    print_report(out, run_police_uk(path, out, warehouse), per_file=report, title="police.uk ingest")


@app.command("returns")
def returns(
    path: Path = typer.Argument(..., help="A folder with contact.csv, incidents.csv, ... (CSV or Parquet)."),
    force: str = typer.Option(
        None,
        "--force",
        help="The force whose return this is (any of its names). "
        "Without it, each subfolder named after a force is loaded as that force's return.",
    ),
    warehouse: Path = typer.Option(None, help="Warehouse file (default var/warehouse.duckdb or $OPENPEEL_WAREHOUSE)."),
    report: bool = typer.Option(False, "--report", help="Print counts for every file, not only totals."),
) -> None:
    """Ingest force data returns (docs/force-returns.md), all or nothing; re-running changes nothing."""
    from openpeel.ingest.returns import ingest_returns
    from openpeel.ingest.run import print_report
    from openpeel.warehouse import connect

    con = connect(warehouse)
    try:
        with out.status("Ingesting force returns"):
            result = ingest_returns(con, path, force)
    finally:
        con.close()
    print_report(out, result, per_file=report, title="force data returns")


@app.command("quarantine")
def quarantine(
    warehouse: Path = typer.Option(None, help="Warehouse file."),
    limit: int = typer.Option(50, help="How many rows to show."),
) -> None:
    """List quarantined rows: file, line, column, value and the rule each broke."""
    from openpeel.warehouse import connect

    con = connect(warehouse, read_only=True)
    rows = con.execute(
        'SELECT file_key, line, "column", value, rule FROM quarantine ORDER BY ALL LIMIT ?', [limit]
    ).fetchall()
    table = Table("file", "line", "column", "value", "rule")
    for r in rows:
        table.add_row(*(Text(shown(x)) for x in r))  # Text: a value's "[...]" is not read as console markup
    out.print(table if rows else "No quarantined rows.")


def shown(value: object) -> str:
    """A quarantined value as text safe for a terminal: control and format characters (escape sequences,
    bidirectional overrides) written as Python escapes, \\x1b for ESC, so crafted text cannot drive it."""
    return "".join(
        c.encode("unicode_escape").decode("ascii") if unicodedata.category(c)[0] == "C" else c for c in str(value)
    )


@app.command("home-office")
def home_office(
    path: Path = typer.Argument(
        None, help="A folder of Home Office / ONS files, or one file (default: the bundled data/home-office)."
    ),
    table: str = typer.Option(
        "all",
        "--table",
        help="Which tables: outcomes, population-lsoa, population-force, workforce, stop-search, "
        "stop-search-totals, recorded-crime, 999-calls or all.",
    ),
    warehouse: Path = typer.Option(None, help="Warehouse file (default var/warehouse.duckdb or $OPENPEEL_WAREHOUSE)."),
    report: bool = typer.Option(False, "--report", help="Print counts for every file, not only totals."),
) -> None:
    """Ingest Home Office crime outcomes, population and police workforce tables (and local copies of the tables
    `openpeel fetch home-office` loads: stop and search, recorded crime, 999 calls), all or nothing; re-running
    changes nothing. Source, publisher, period and licence of each: `dataset` table (docs/home-office-data.md)."""
    from openpeel.ingest.home_office import ingest_home_office
    from openpeel.ingest.run import print_report
    from openpeel.progress_bar import progress
    from openpeel.warehouse import connect

    con = connect(warehouse)
    try:
        with progress(out, "Ingesting Home Office tables") as (start, step):
            result = ingest_home_office(con, path, table, on_start=start, on_file=step)
    finally:
        con.close()
    print_report(out, result, per_file=report, title="Home Office tables")
