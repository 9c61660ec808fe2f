"""`openpeel indicators ...`: the catalogue and its computation."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import typer
from rich.table import Column, Table

from openpeel.cli.console import console
from openpeel.errors import OpenPeelError

# Imports are inside commands: `openpeel --help` must not load the analytics stack.

app = typer.Typer(no_args_is_help=True, help="The indicator catalogue and its computation.")
out = console()
AREAS_FRAMEWORK = "peel-2023-25"


@app.command("list")
def list_() -> None:
    """List the indicators in the catalogue."""
    from openpeel.indicators.catalogue import catalogue

    table = Table("title", "areas", "kind", "unit")
    table.columns.insert(0, Column("id", no_wrap=True))  # the ids people type: never cut or folded
    for i in catalogue().values():
        table.add_row(i.id, i.title, ", ".join(i.areas), i.kind, i.unit)
    out.print(table)
    out.print(f"{len(catalogue())} indicators")


HOW = {
    "rate": "a rate per {per:,} {denominator}, with a 95% exact Poisson interval",
    "proportion": "a share of the rows counted, with a 95% Wilson interval",
    "quantile": "a value from the distribution of each month's rows, with a 95% interval from order statistics",
    "ratio": "a ratio of two sums, a full count with no interval",
}


@app.command("show")
def show(
    indicator_id: str = typer.Argument(..., help="Indicator id, e.g. asb-per-1000."),
    warehouse: Path = typer.Option(None, help="Warehouse file."),
) -> None:
    """Print an indicator's definition in words, then its latest figures for every force."""
    from openpeel.indicators.catalogue import get_indicator
    from openpeel.indicators.read import latest_figures
    from openpeel.indicators.stats import SUPPRESSED_TEXT
    from openpeel.warehouse import connect

    i = get_indicator(indicator_id)
    out.print(f"[bold]{i.title}[/] ({i.id})", highlight=False)
    out.print(f"Informs: {', '.join(_area_titles(i.areas))}\n\n{i.definition}\n", highlight=False)
    how = HOW[i.kind].format(per=i.per, denominator="residents")
    grain = "quarter" if i.compute.grain == "quarter" else "month"
    out.print(
        f"Counted: {i.numerator}\nOut of: {i.denominator}\n"
        f"Figure: {how}, per force and {grain}, in {i.unit}; {_better(i.better)}.",
        highlight=False,
    )
    if i.standard:
        out.print(f"Standard: {i.standard.description} ({i.standard.source})", highlight=False)
    if i.residents:
        out.print(f"Residents: {i.residents_rule()}", highlight=False)
    out.print("Sources:\n" + "\n".join(f"  - {s}" for s in i.sources_for()), highlight=False)
    if i.caveats:
        out.print("Caveats:\n" + "\n".join(f"  - {c}" for c in i.caveats), highlight=False)
    try:
        con = connect(warehouse, read_only=True)
    except OpenPeelError as e:
        out.print(f"\nNo figures: {e}", highlight=False)
        return
    try:
        latest = latest_figures(con, i.id)
    finally:
        con.close()
    if latest is None:
        out.print("\nNo figures yet: run `openpeel indicators compute`.", highlight=False)
        return
    when = f"{latest.period:%B %Y}"
    national = "" if latest.national is None else f"; England and Wales pooled: {latest.national:,.2f} {i.unit}"
    out.print(f"\nLatest figures, {when}: {len(latest.rows)} forces with data{national}.", highlight=False)
    table = Table(
        "value", "95% interval", title=f"{i.title_for(latest.period)}, {when}, highest first", title_justify="left"
    )
    table.columns.insert(0, Column("force", no_wrap=True))
    for force, value, low, high, suppressed in latest.rows:
        if suppressed:
            table.add_row(force, SUPPRESSED_TEXT, "")
        else:
            interval = "" if low is None or high is None else f"{low:,.2f} to {high:,.2f}"
            table.add_row(force, f"{value:,.2f}", interval)
    out.print(table)


def _area_titles(area_ids: list[str]) -> list[str]:
    from openpeel.frameworks import load_framework

    framework = load_framework(AREAS_FRAMEWORK)  # the catalogue's areas are this framework's
    return [framework.node(a).title for a in area_ids]


def _better(better: str) -> str:
    return "neither higher nor lower is better" if better == "neither" else f"{better} is better"


def _month(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        year, month = map(int, text.split("-"))
        return date(year, month, 1)
    except ValueError:
        raise typer.BadParameter(f"{text!r} is not a month written YYYY-MM") from None


@app.command("compute")
def compute(
    engine: str = typer.Option("duckdb", help="duckdb (embedded, default) or spark (local mode)."),
    forces: str = typer.Option(None, help="Comma-separated forces (any of their names); default all."),
    from_: str = typer.Option(None, "--from", help="First month, YYYY-MM; default the earliest."),
    to: str = typer.Option(None, "--to", help="Last month, YYYY-MM; default the latest."),
    warehouse: Path = typer.Option(None, help="Warehouse file."),
    lake: str = typer.Option(
        None,
        "--lake",
        help="Count from this lake (`openpeel warehouse export --lake`), reading only the partitions of the "
        "chosen forces and months; results are stored in the warehouse. DuckDB only.",
    ),
) -> None:
    """Compute every indicator for the chosen forces and months, and store the results in the warehouse."""
    from openpeel.forces import get_force
    from openpeel.indicators.assess import assess
    from openpeel.indicators.catalogue import catalogue
    from openpeel.indicators.run import compute_and_store
    from openpeel.progress_bar import progress
    from openpeel.warehouse import connect

    if engine not in ("duckdb", "spark"):
        raise typer.BadParameter("must be duckdb or spark", param_hint="--engine")
    if engine == "spark" and lake is not None:
        raise typer.BadParameter("a lake is read by the DuckDB engine only, so far", param_hint="--lake")
    if engine == "spark":
        from openpeel.indicators.backends import require_spark

        require_spark()  # before the warehouse is opened: the missing extra is what to say
    chosen = {get_force(name.strip()).id for name in forces.split(",")} if forces else None
    first, last = _month(from_), _month(to)
    con = connect(warehouse)
    try:
        with progress(out, f"Computing on {engine}", total=len(catalogue())) as (_, advance):
            results = compute_and_store(con, engine, chosen, first, last, on_indicator=advance, lake=lake)
        with out.status("Comparing forces and charting each series"):
            assessed = assess(con)
    finally:
        con.close()
    for indicator_id, rows in results.items():
        out.print(f"{indicator_id}: {len(rows):,} force-period results")
    out.print(f"{assessed:,} results compared with peers and England and Wales and charted over time")


@app.command("export")
def export_command(
    target: Path = typer.Argument(..., help="File to write, e.g. indicators.xlsx."),
    format: str = typer.Option(None, "--format", help="csv, xlsx or parquet; default from the file name."),
    warehouse: Path = typer.Option(None, help="Warehouse file."),
) -> None:
    """Write every indicator result, compared and with suppression applied, as CSV, Excel or Parquet."""
    from openpeel.indicators.export import FORMATS, export
    from openpeel.warehouse import connect

    fmt = format or target.suffix.lstrip(".")
    if fmt not in FORMATS:
        raise typer.BadParameter(f"must be one of {', '.join(FORMATS)}", param_hint="--format")
    con = connect(warehouse, read_only=True)
    try:
        rows = export(con, target, fmt)
    finally:
        con.close()
    out.print(f"{target}: {rows:,} indicator results")


@app.command("docs")
def docs_command() -> None:
    """Write docs/indicators.md from the catalogue."""
    from openpeel.indicators.docs import write_docs

    out.print(f"Wrote {write_docs()}")
