"""`openpeel indicators ...`: the catalogue and its computation."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import typer
from rich.console import Console
from rich.table import Table

from openpeel.forces import get_force
from openpeel.indicators.assess import assess
from openpeel.indicators.catalogue import catalogue, get_indicator
from openpeel.indicators.engine import compute_catalogue, store
from openpeel.progress_bar import progress
from openpeel.warehouse import connect

app = typer.Typer(no_args_is_help=True, help="The indicator catalogue and its computation.")
out = Console()


@app.command("list")
def list_() -> None:
    """List the indicators in the catalogue."""
    table = Table("id", "title", "areas", "kind", "unit")
    for i in catalogue().values():
        table.add_row(i.id, i.title, ", ".join(i.areas), i.kind, i.unit)
    out.print(table)
    out.print(f"{len(catalogue())} indicators")


@app.command("show")
def show(indicator_id: str = typer.Argument(..., help="Indicator id, e.g. asb-per-1000.")) -> None:
    """Print an indicator's full definition."""
    i = get_indicator(indicator_id)
    out.print(f"[bold]{i.title}[/] ({i.id})\nAreas: {', '.join(i.areas)}\n\n{i.definition}\n", highlight=False)
    out.print(
        f"Numerator: {i.numerator}\nDenominator: {i.denominator}\nKind: {i.kind}; unit: {i.unit}; better: {i.better}",
        highlight=False,
    )
    if i.standard:
        out.print(f"Standard: {i.standard.description} ({i.standard.source})", highlight=False)
    out.print("Sources:\n" + "\n".join(f"  - {s}" for s in i.sources), highlight=False)
    if i.caveats:
        out.print("Caveats:\n" + "\n".join(f"  - {c}" for c in i.caveats), highlight=False)
    out.print(f"Computed from: {i.compute.model_dump(exclude_defaults=True)}", highlight=False)


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
) -> None:
    """Compute every indicator for the chosen forces and months, and store the results in the warehouse."""
    if engine not in ("duckdb", "spark"):
        raise typer.BadParameter("must be duckdb or spark", param_hint="--engine")
    chosen = {get_force(name.strip()).id for name in forces.split(",")} if forces else None
    first, last = _month(from_), _month(to)
    con = connect(warehouse)
    try:
        with progress(out, f"Computing on {engine}", total=len(catalogue())) as (_, advance):
            if engine == "spark":
                results = _on_spark(con, advance)
            else:
                from openpeel.indicators.backends import duckdb_engine

                results = compute_catalogue(duckdb_engine(con), on_indicator=advance)
        results = {
            k: [
                r
                for r in v
                if (chosen is None or r[0] in chosen)
                and (first is None or r[1] >= first)
                and (last is None or r[1] <= last)
            ]
            for k, v in results.items()
        }
        store(con, results, replace_only=(chosen, first, last))
        with out.status("Comparing forces and charting each series"):
            assessed = assess(con)
    finally:
        con.close()
    for indicator_id, rows in results.items():
        out.print(f"{indicator_id}: {len(rows):,} force-period results")
    out.print(f"{assessed:,} results compared with peers and England and Wales and charted over time")


def _on_spark(con: duckdb.DuckDBPyConnection, advance: Callable[[str], None]) -> dict[str, list[tuple[Any, ...]]]:
    from openpeel.indicators.backends import spark_engine, spark_session, tables_used

    spark = spark_session()
    try:
        with tempfile.TemporaryDirectory(prefix="openpeel-spark-") as tmp:
            engine = spark_engine(con, spark, Path(tmp), tables_used(catalogue().values()) & _tables(con))
            return compute_catalogue(engine, on_indicator=advance)
    finally:
        spark.stop()


def _tables(con: duckdb.DuckDBPyConnection) -> set[str]:
    return {t for (t,) in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}


@app.command("export")
def export_command(
    target: Path = typer.Argument(..., help="File to write, e.g. indicators.xlsx."),
    format: str = typer.Option(None, "--format", help="csv, xlsx or parquet; default from the file name."),
    warehouse: Path = typer.Option(None, help="Warehouse file."),
) -> None:
    """Write every indicator result, compared and with suppression applied, as CSV, Excel or Parquet."""
    from openpeel.indicators.export import FORMATS, export

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
