"""`openpeel indicators ...`: the catalogue and its computation."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from openpeel.indicators.catalogue import catalogue, get_indicator
from openpeel.indicators.engine import compute_all
from openpeel.warehouse import connect

app = typer.Typer(no_args_is_help=True, help="The indicator catalogue and its computation.")
out = Console()


@app.command("list")
def list_() -> None:
    """List the indicators in the catalogue."""
    table = Table("id", "title", "areas", "unit")
    for i in catalogue().values():
        table.add_row(i.id, i.title, ", ".join(i.areas), i.unit)
    out.print(table)


@app.command("show")
def show(indicator_id: str = typer.Argument(..., help="Indicator id, e.g. asb-per-1000.")) -> None:
    """Print an indicator's full definition."""
    i = get_indicator(indicator_id)
    out.print(f"[bold]{i.title}[/] ({i.id})\nAreas: {', '.join(i.areas)}\n\n{i.definition}\n")
    out.print(f"Numerator: {i.numerator}\nDenominator: {i.denominator}\nUnit: {i.unit}; better: {i.better}")
    out.print("Sources:\n" + "\n".join(f"  - {s}" for s in i.sources))
    out.print("Caveats:\n" + "\n".join(f"  - {c}" for c in i.caveats))


@app.command("compute")
def compute(warehouse: Path = typer.Option(None, help="Warehouse file.")) -> None:
    """Compute every indicator for every force and month in the warehouse."""
    con = connect(warehouse)
    try:
        with out.status("Computing indicators"):
            counts = compute_all(con)
    finally:
        con.close()
    for indicator_id, n in counts.items():
        out.print(f"{indicator_id}: {n:,} force-month results")
