"""`openpeel synth ...`: synthetic force data returns, and the documentation of their formats."""

from __future__ import annotations

import time
from pathlib import Path

import typer
from rich.table import Table

from openpeel.cli.console import console

# Imports are inside commands: `openpeel --help` must not load the analytics stack.

app = typer.Typer(
    no_args_is_help=True,
    help="Synthetic force data returns in the published return formats (docs/force-returns.md).",
)
out = console()


@app.command("run")
def run(
    output: Path = typer.Argument(help="Folder to write into: one sub-folder per force."),
    forces: str = typer.Option(
        ..., "--forces", help="Comma-separated force names or ids (cambridgeshire,norfolk), or all."
    ),
    start: str = typer.Option(..., "--from", help="First month, YYYY-MM."),
    end: str = typer.Option(..., "--to", help="Last month, YYYY-MM."),
    seed: int = typer.Option(42, "--seed", min=0, help="Random seed: the same arguments give the same files."),
    fmt: str = typer.Option("csv", "--format", help="File format: csv or parquet."),
) -> None:
    """Write synthetic returns per force and month, calibrated to published figures."""
    from openpeel.progress_bar import progress
    from openpeel.synth.generate import FORMATS, SynthError, generate, months_between, parse_month, resolve_forces

    chosen = resolve_forces(forces)
    first, last = parse_month(start), parse_month(end)
    if fmt not in FORMATS:
        raise SynthError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
    steps = len(chosen) * len(months_between(first, last))
    began = time.perf_counter()
    with progress(out, "Generating", total=steps) as (_, step):
        summary = generate(
            output, chosen, first, last, seed, fmt, on_force_month=lambda f, y, m: step(f"{f} {y}-{m:02d}")
        )
    seconds = time.perf_counter() - began
    table = Table(title=f"{len(chosen)} force(s) x {steps // len(chosen)} month(s) in {output}")
    table.add_column("return")
    table.add_column("rows", justify="right")
    for name, rows in summary.rows.items():
        table.add_row(name, f"{rows:,}")
    table.add_row("[bold]all", f"[bold]{summary.total:,}")
    out.print(table)
    out.print(f"{summary.total / seconds:,.0f} rows/s")


@app.command("docs")
def docs(
    path: Path = typer.Option(None, "--output", help="Where to write (default docs/force-returns.md)."),
) -> None:
    """Render the return schemas and the calibration to docs/force-returns.md."""
    from openpeel.synth.docs import DOCS_PATH, write_docs

    written = write_docs(path or DOCS_PATH)
    out.print(f"wrote {written}")
