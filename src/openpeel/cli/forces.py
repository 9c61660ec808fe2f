"""`openpeel forces`: list the forces in the registry and show one with its derived peer group."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer
from rich.table import Table

from openpeel.cli.console import console as make_console

if TYPE_CHECKING:
    from openpeel.forces import Force, PeerGroup

# Imports are inside commands: `openpeel --help` must not load the analytics stack.

app = typer.Typer(help="The police forces of England and Wales and their derived peer groups.", no_args_is_help=True)
console = make_console()


@app.command("list")
def list_forces(
    territorial_only: bool = typer.Option(
        False,
        "--territorial-only",
        help="Leave out British Transport Police: list only the 43 territorial forces.",
    ),
) -> None:
    """List the forces: id (police.uk slug), short name, PFA code, region and 2011 population."""
    from openpeel.forces import all_forces

    forces = all_forces(territorial_only=territorial_only)
    table = Table(title=f"{len(forces)} police forces")
    table.add_column("id", no_wrap=True)  # ids are what `forces show` takes: never cut them
    table.add_column("short name")
    table.add_column("PFA code", no_wrap=True)
    table.add_column("region")
    table.add_column("pop. 2011", justify="right", no_wrap=True)
    for f in forces:
        population = f"{f.population.value:,}" if f.population else "-"
        table.add_row(f.id, f.short_name, f.pfa_code or "-", f.region or "-", population)
    console.print(table)


@app.command("show")
def show(
    name: str = typer.Argument(
        help="Any name of the force: police.uk slug, official or short name, ONS or Home Office name, PFA code."
    ),
) -> None:
    """Show one force: names, codes, population and its derived peer group."""
    from openpeel.forces import get_force, peer_group

    force = get_force(name)
    _print_force(force)
    group = peer_group(force.id)
    if group is None:
        console.print("\nPeer group: none (not a territorial force, so no force area to compare)")
    else:
        _print_peer_group(group)


def _print_force(f: Force) -> None:
    rows = [
        ("Name", f.name),
        ("Designation", f.designation),
        ("Short name", f.short_name),
        ("Territorial", "yes" if f.territorial else "no (not one of the 43)"),
        ("PFA code", f.pfa_code or "-"),
        ("ONS name", f.ons_name or "-"),
        ("Region", f.region or "-"),
        ("Country", f.country or "-"),
        (
            "Population",
            f"{f.population.value:,} ({f.population.year}; {f.population.source})" if f.population else "-",
        ),
        ("police.uk slug", f.id),
        ("police.uk name", f.police_uk_name),
        ("Home Office names", "; ".join(f.home_office_names) or "-"),
    ]
    table = Table(show_header=False, box=None)
    table.add_column(style="bold")
    table.add_column()
    for label, value in rows:
        table.add_row(label, value)
    console.print(table)


def _print_peer_group(group: PeerGroup) -> None:
    table = Table(title=f"Peer group ({group.label})", title_justify="left")
    table.add_column("force", no_wrap=True)
    for var in group.variables:
        table.add_column(f"{var.label} ({var.unit})", justify="right")
    table.add_column("distance", justify="right")
    for fid in (group.force_id, *group.members):
        values = [f"{group.values[fid][var.key]:,}" for var in group.variables]
        distance = f"{group.distances[fid]:.2f}" if fid in group.distances else "-"
        table.add_row(fid, *values, distance)
    console.print(table)
    for var in group.variables:
        transform = "log, then " if var.transform == "log" else ""
        console.print(f"  {var.label}: {var.source}, {var.year}; {transform}z-score", highlight=False)
    console.print(
        "  Distance: Euclidean on the z-scores; the 7 nearest other forces, ties broken by id.",
        highlight=False,
    )
