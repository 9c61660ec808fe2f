"""`openpeel record`: import the published PEEL record into the warehouse, and read it back.

Errors (a broken rule in a file, an unknown force) are OpenPeelError: openpeel.cli.main prints one line and
exits 1.
"""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from openpeel.cli.console import console

# Imports are inside commands: `openpeel --help` must not load the analytics stack.

app = typer.Typer(
    no_args_is_help=True,
    help="The published PEEL record: the inspectorate's grades and causes of concern per force and cycle, each "
    "with its sources (docs/record.md).",
)
out = console()  # at a terminal, wrapped to it; to a file or a pipe, nothing wrapped or cut


@app.command("import")
def import_command(
    file: Path = typer.Argument(
        None, help="A record file (.csv or .yaml, docs/record.md). Default: the record bundled with openpeel."
    ),
    warehouse: Path = typer.Option(None, help="Warehouse file."),
) -> None:
    """Check a record file and store it: all or nothing; importing the same file again changes nothing."""
    from openpeel.record.store import bundled_record_path, import_record

    result = import_record(file or bundled_record_path(), warehouse)
    what = "imported" if result.changed else "already imported, nothing changed"
    out.print(
        f"{result.path}: {what}: {result.reports} reports, {result.grades} grades "
        f"({result.amendments} amended after publication), {result.causes} causes of concern",
        highlight=False,
    )


@app.command("list")
def list_command(
    cycle: str = typer.Option(None, "--cycle", help="A framework id (peel-2023-25): every force's grades in it."),
    warehouse: Path = typer.Option(None, help="Warehouse file."),
) -> None:
    """The cycles loaded; with --cycle, every territorial force's grades in that cycle ('not loaded' where none)."""
    from openpeel.forces import get_force
    from openpeel.frameworks import load_framework
    from openpeel.record.read import cycle_grades, cycles_loaded
    from openpeel.warehouse.store import connect

    con = connect(warehouse, read_only=True)
    try:
        if cycle is None:
            table = Table("cycle", "reports", "grades")
            for framework_id, reports, grades in cycles_loaded(con):
                table.add_row(framework_id, str(reports), str(grades))
            out.print(table)
            return
        framework = load_framework(cycle)
        grades = cycle_grades(con, cycle)
    finally:
        con.close()
    areas = [n for n, _ in framework.walk() if n.kind != "characteristic" and n.graded]
    table = Table(title=f"{framework.title}: {grades.caption()}", title_justify="left")
    table.add_column("force")
    table.add_column("published")
    for area in areas:
        table.add_column(area.id)  # ids keep 43 rows by 10 columns readable; `frameworks show` gives the titles
    for row in grades.forces:
        published = (row.report.published or "date not read") if row.report else ""
        if not row.loaded or row.report is None:
            table.add_row(get_force(row.force_id).short_name, published, "not loaded")
            continue
        by_area = {g.area_id: g.grade + (" (amended)" if g.amended else "") for g in row.report.grades}
        table.add_row(get_force(row.force_id).short_name, published, *(by_area.get(a.id, "-") for a in areas))
    out.print(table)
    out.print("-: no grade loaded for that area. Grades of different cycles cannot be compared.", highlight=False)


@app.command("show")
def show_command(
    force: str = typer.Argument(help="Any name of the force, as `openpeel forces show` takes."),
    warehouse: Path = typer.Option(None, help="Warehouse file."),
) -> None:
    """A force's published PEEL record, cycle by cycle, every grade with its sources."""
    from openpeel.forces import get_force
    from openpeel.record.read import force_history
    from openpeel.warehouse.store import connect

    found = get_force(force)
    con = connect(warehouse, read_only=True)
    try:
        history = force_history(con, found.id)
    finally:
        con.close()
    out.print(f"[bold]{found.name}[/]: published PEEL record", highlight=False)
    if not history:
        out.print("Nothing of its published record is loaded (`openpeel record import`).")
    for report in history:
        out.rule(f"{report.framework_title} ({report.framework_id})")
        out.print(f"Published: {report.published or 'date not read'}", highlight=False)
        if report.report_url:
            out.print(f"Report: {report.report_url}", highlight=False)
        for url in report.sources:
            out.print(f"  source: {url}", highlight=False)
        if not report.grades:
            out.print("No grade loaded for this report.")
        for g in report.grades:
            line = f"{g.area_title}: [bold]{g.grade}[/]"
            if g.amended:
                line += f" (amended on {g.amended_on}; first published as {g.first_published})"
            out.print(line, highlight=False)
            for url in g.sources:
                out.print(f"    source: {url}", highlight=False)
            for url in g.amendment_sources:
                out.print(f"    amendment source: {url}", highlight=False)
        for c in report.causes:
            when = f", raised {c.raised_on}" if c.raised_on else ""
            closed = f", closed {c.closed_on}" if c.closed_on else ""
            out.print(f"Cause of concern (status {c.status}{when}{closed}): {c.text}", highlight=False)
            for url in c.sources:
                out.print(f"    source: {url}", highlight=False)
    if len(history) > 1:
        out.print("Grades of different cycles cannot be compared: the questions, focus and scale changed.")
