"""`openpeel stop-search ...`: the stop and search tests for one force, every figure with its interval and the
completeness of the police.uk files behind it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import typer
from rich.table import Table

from openpeel.cli.console import console

# Imports are inside commands: `openpeel --help` must not load the analytics stack.

app = typer.Typer(no_args_is_help=True, help="Stop and search: disproportionality, outcome and veil-of-darkness tests.")
out = console()
FORCE = typer.Option(..., "--force", help="The force (any of its names).")
WAREHOUSE = typer.Option(None, help="Warehouse file.")
RATE_COLUMNS = (
    "group",
    "searches",
    "per 1,000 residents",
    "ratio to White",
    "officer-defined searches",
    "officer-defined per 1,000",
)
FIND_COLUMNS = ("group", "finds", "searches", "% linked to object (95% interval)")


def _read(warehouse: Path | None, analysis: Callable[..., Any], *args: Any) -> Any:
    """Run an analysis on a read-only connection to the warehouse."""
    from openpeel.warehouse import connect

    con = connect(warehouse, read_only=True)
    try:
        return analysis(con, *args)
    finally:
        con.close()


def figure(value: float | None, low: float | None, high: float | None, spec: str = ".2f") -> str:
    """A figure with its 95% interval, or the reason there is none."""
    from openpeel.indicators.stats import SUPPRESSED_TEXT

    if value is None:
        return SUPPRESSED_TEXT
    return f"{value:{spec}} ({low:{spec}} to {high:{spec}})"


@app.command("disproportionality")
def disproportionality_(force: str = FORCE, warehouse: Path = WAREHOUSE) -> None:
    """Searches per 1,000 residents by ethnic group and the ratio to the White rate."""
    from openpeel.forces import get_force
    from openpeel.indicators.stats import Published
    from openpeel.stopsearch.disproportionality import disproportionality

    results = _read(warehouse, disproportionality, force)
    out.print(
        "Residents: the census the Home Office uses for the period (2011 before April 2021, 2021 from then on), "
        "named under each table. Intervals are 95%; counts under 10 are not published.",
        highlight=False,
    )
    for d in results:
        table = Table(*RATE_COLUMNS, title=f"{d.area}, {d.period}")
        officer = {g.group: g for g in d.officer_defined}
        for g in d.self_defined:
            o = officer.pop(g.group, None)
            rate = figure(g.rate, g.low, g.high, ".3f") if g.residents else "no census group"
            table.add_row(
                g.group,
                f"{Published(g.searches)}",
                rate,
                figure(g.ratio, g.ratio_low, g.ratio_high) if g.ratio is not None else "",
                f"{Published(o.searches)}" if o else "",
                figure(o.rate, o.low, o.high, ".3f") if o and o.residents else "",
            )
        for o in officer.values():
            table.add_row(f"{o.group} (officer-defined only)", "", "", "", f"{Published(o.searches)}", "")
        out.print(table)
        if d.missing:
            out.print(f"Pooled over {len(d.forces)} forces; no data for every month from {len(d.missing)}.")
        out.print(f"Census used: {d.census}", highlight=False)
        out.print(d.completeness.note(), highlight=False)
    _published_beside(get_force(force).id, results)


def _published_beside(force_id: str, results: list[Any]) -> None:
    """The Home Office's published rates for the force beside openpeel's latest year ending March, and why
    they differ."""
    from openpeel.forces import get_force
    from openpeel.stopsearch import published

    rates = published.published_by_force().get(force_id)
    own = [d for d in results if d.forces == (force_id,)]
    if rates is None or not own:
        return
    latest = max(m for d in own for m in d.months)
    mine = max((d for d in own if latest in d.months), key=lambda d: len(d.months))
    span = "a full year" if len(mine.months) == 12 else f"{len(mine.months)} month(s): not an annual rate"
    ours = {g.group: g for g in mine.self_defined}
    table = Table(
        "group",
        f"published, {published.PERIOD}",
        f"openpeel, {mine.period} ({span})",
        title=f"{get_force(force_id).name}: published rates per 1,000 beside openpeel's",
        caption=published.SOURCE,
    )
    for g in published.GROUPS[1:]:
        value = rates.rates[g]
        o = ours.get(g)
        table.add_row(
            g,
            "N/A" if value is None else f"{value:.1f}",
            figure(o.rate, o.low, o.high, ".1f") if o and o.residents else "",
        )
    out.print(table)
    out.print(f"openpeel's figures divide by: {mine.census}", highlight=False)
    out.print(published.DIFFERENCE, highlight=False)


@app.command("outcomes")
def outcomes(force: str = FORCE, warehouse: Path = WAREHOUSE) -> None:
    """The outcome test: the share of searches with an outcome linked to the object of search, by group."""
    from openpeel.forces import get_force
    from openpeel.indicators.stats import Published
    from openpeel.stopsearch.hit_rate import WEAKNESS, outcome_tests

    results = _read(warehouse, outcome_tests, force)
    out.print(f"[bold]Read with care:[/] {WEAKNESS}", highlight=False)
    for t in results:
        table = Table(*FIND_COLUMNS, title=f"{get_force(force).name}: {t.breakdown}, {t.period}")
        for r in t.rates:
            if r.searches:
                table.add_row(
                    r.group, f"{Published(r.finds)}", f"{Published(r.searches)}", figure(r.rate, r.low, r.high, ".1f")
                )
        out.print(table)
        out.print(t.completeness.note(), highlight=False)


@app.command("veil")
def veil(
    force: str = FORCE,
    group: str = typer.Option(
        "Black", help="The group compared with everyone else searched: Mixed, Asian, Black, Other."
    ),
    warehouse: Path = WAREHOUSE,
) -> None:
    """The veil-of-darkness test: is the group's share of searches lower after dark at the same clock time?"""
    from openpeel.forces import get_force
    from openpeel.stopsearch.veil import veil as veil_test

    r = _read(warehouse, veil_test, force, group)
    out.print(
        f"{get_force(force).name}, {r.group} people, inter-twilight window {r.window[0]} to {r.window[1]} UK time\n"
        f"Searches: {r.searches:,} ({r.light:,} in daylight, {r.dark:,} after dusk; "
        f"{r.between_sunset_and_dusk:,} between sunset and dusk left out)\n"
        f"Share in daylight {100 * r.share_light:.1f}%, after dark {100 * r.share_dark:.1f}%\n"
        f"Odds ratio, darkness against daylight at the same clock time: {figure(r.odds_ratio, r.low, r.high)}, "
        f"p = {r.p_value:.3g}\n{r.reading()}\n{r.completeness.note()}",
        highlight=False,
    )


@app.command("completeness")
def completeness(force: str = FORCE, warehouse: Path = WAREHOUSE) -> None:
    """Per month: rows, missing ethnicity, outcome, location and time, and vocabulary changes."""
    from openpeel.forces import get_force
    from openpeel.stopsearch import completeness as comp

    force_id = get_force(force).id
    months = _read(warehouse, comp.by_month, [force_id])
    if not months:
        raise comp.NoSearchesError(f"no police.uk stop and search rows for {force_id} in the warehouse")
    for (_, month), c in months.items():
        out.print(f"[bold]{month:%Y-%m}[/] {c.note()}", highlight=False)
