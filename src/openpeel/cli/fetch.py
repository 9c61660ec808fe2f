"""`openpeel fetch ...`: download published data into the cache ($OPENPEEL_VAR/cache), then ingest it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import typer
from rich.console import Console

from openpeel.cli.console import console

# Imports are inside commands: `openpeel --help` must not load the analytics stack.

app = typer.Typer(no_args_is_help=True, help="Download police.uk and Home Office releases, then ingest them.")
out = console()  # at a terminal, wrapped to it; to a file or a pipe, nothing wrapped or cut


@contextmanager
def download_bar(console: Console) -> Iterator[Callable[[str], Callable[[int, int | None], None]]]:
    """on_progress(name) -> (bytes so far, total) callback, drawing one bar per file."""
    from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TransferSpeedColumn

    with Progress(
        TextColumn("{task.description}"), BarColumn(), DownloadColumn(), TransferSpeedColumn(), console=console
    ) as bar:

        def for_file(name: str) -> Callable[[int, int | None], None]:
            task = bar.add_task(f"Downloading {name}", total=None)
            return lambda done, total: bar.update(task, completed=done, total=total)

        yield for_file


@app.command("police-uk")
def police_uk(
    start: str = typer.Option(..., "--from", help="First month, YYYY-MM."),
    end: str = typer.Option(..., "--to", help="Last month, YYYY-MM."),
    forces: str = typer.Option(..., "--forces", help="Forces, comma-separated (any name: cambridgeshire,gmp)."),
    warehouse: Path = typer.Option(None, help="Warehouse file (default var/warehouse.duckdb or $OPENPEEL_WAREHOUSE)."),
    report: bool = typer.Option(False, "--report", help="Print counts for every file, not only totals."),
) -> None:
    """Download the police.uk monthly archives (resuming a partial download; $OPENPEEL_POLICE_UK_URL, default
    https://data.police.uk), then ingest the months and forces asked. Works offline from archives in the cache."""
    from openpeel.fetch.download import client
    from openpeel.fetch.police_uk import fetch_police_uk, force_ids, months_between, notes
    from openpeel.ingest.run import print_report
    from openpeel.progress_bar import progress
    from openpeel.warehouse import connect

    months = months_between(start, end)
    names = forces.split(",")
    with client() as http, download_bar(out) as on_progress:
        con = connect(warehouse)
        try:
            with progress(out, "Ingesting police.uk files") as (on_start, on_file):
                found, result = fetch_police_uk(con, http, months, names, on_progress, on_start, on_file)
        finally:
            con.close()
    for name in found.fetched:
        out.print(f"  downloaded {name}")
    for note in notes(found, months, force_ids(names)):
        out.print(f"  {note}")
    print_report(out, result, per_file=report, title="police.uk fetch")


@app.command("home-office")
def home_office(
    url: str = typer.Argument(..., help="Link to the table (.csv or .ods) on the publisher's page (gov.uk)."),
    warehouse: Path = typer.Option(None, help="Warehouse file (default var/warehouse.duckdb or $OPENPEEL_WAREHOUSE)."),
    report: bool = typer.Option(False, "--report", help="Print counts for every file, not only totals."),
) -> None:
    """Download a Home Office table (crime outcomes, stop and search, recorded crime by force area, 999 call answer
    times; CSV or ODS) into the cache, recognise it by its columns, and ingest it with the Home Office schemas, all
    or nothing (docs/fetch.md)."""
    from openpeel.fetch.download import client
    from openpeel.fetch.home_office import fetch_home_office
    from openpeel.ingest.run import print_report
    from openpeel.progress_bar import progress
    from openpeel.warehouse import connect

    with client() as http, download_bar(out) as on_progress:
        con = connect(warehouse)
        try:
            with progress(out, "Ingesting the Home Office table") as (on_start, on_file):
                match, result = fetch_home_office(con, http, url, on_progress, on_start, on_file)
        finally:
            con.close()
    if match.extra:
        out.print(f"  columns not loaded (not in the {match.layout} layout): {', '.join(match.extra)}")
    print_report(out, result, per_file=report, title=f"Home Office: {match.layout}")
