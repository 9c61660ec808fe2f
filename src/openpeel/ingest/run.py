"""An ingest run as the command line shows it: a progress bar while it runs, then its counts as a table."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.table import Table

from openpeel.ingest.pipeline import IngestReport
from openpeel.ingest.police_uk import ingest_police_uk
from openpeel.progress_bar import progress
from openpeel.warehouse import connect


def run_police_uk(path: Path, console: Console, warehouse: Path | None = None) -> IngestReport:
    con = connect(warehouse)
    try:
        with progress(console, "Ingesting police.uk files") as (start, step):
            report = ingest_police_uk(con, path, on_start=start, on_file=step)
    finally:
        con.close()
    return report


COUNTS = ("rows_read", "rows_loaded", "rows_quarantined", "repeats_kept", "repeats_set_aside")
HEADINGS = ("rows read", "loaded", "quarantined", "repeats kept", "repeats set aside")


def print_report(console: Console, report: IngestReport, per_file: bool = False, title: str = "ingest") -> None:
    """Counts read, loaded, quarantined and repeated (kept or set aside): by status, or per file."""
    if per_file:
        table = Table(title=title)
        table.add_column("file", overflow="fold", min_width=20)
        for heading in ("status", *HEADINGS, "note"):
            table.add_column(heading, overflow="fold")
        for f in report.files:
            table.add_row(f.file_name, f.status, *(f"{getattr(f, c):,}" for c in COUNTS), f.note or "")
    else:
        table = Table("status", "files", *HEADINGS, title=title)
        for status in ("loaded", "unchanged", "skipped"):
            files = [f for f in report.files if f.status == status]
            if files:
                table.add_row(status, str(len(files)), *(f"{sum(getattr(f, c) for f in files):,}" for c in COUNTS))
    console.print(table)
    for f in report.files:
        if f.status == "skipped" and not per_file:
            console.print(f"  skipped {f.file_name}: {f.note}")
    if report.total("rows_quarantined"):
        console.print("  Quarantined rows and their reasons: `openpeel ingest quarantine`.")
