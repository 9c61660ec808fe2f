"""`openpeel monitoring ...`: track published reports' items and note new SPC signals (run them after
publication and after each indicator computation, e.g. daily). Django is set up only when a command runs."""

from __future__ import annotations

import typer

from openpeel.cli.console import console

# Imports are inside commands: `openpeel --help` must not load the analytics stack.

app = typer.Typer(no_args_is_help=True, help="Monitoring between inspections: tracked items and SPC signals.")
out = console()


@app.command("track")
def track_command(
    actor: str = typer.Option("openpeel-monitoring", help="Who the new items are attributed to in the audit trail."),
) -> None:
    """Track every recommendation and area for improvement of every public inspection (idempotent)."""
    from openpeel.django_setup import setup_django

    setup_django()
    from openpeel.inspections.audit import acting_as
    from openpeel.monitoring.tracking import track_public

    with acting_as(actor):
        made = track_public()
    for inspection, count in made.items():
        out.print(f"{inspection}: {count} new tracked item{'s' if count != 1 else ''}", highlight=False)
    out.print(
        f"{len(made)} public inspection{'s' if len(made) != 1 else ''}, {sum(made.values())} items newly tracked."
    )


@app.command("signals")
def signals_command() -> None:
    """Note the warehouse's SPC signals, and print this week's digest of those first seen this week."""
    from openpeel.django_setup import setup_django

    setup_django()
    from django.utils import timezone

    from openpeel.errors import WarehouseError
    from openpeel.monitoring.spc_signals import Week, digest, digest_text, read_signals, record_sightings

    signals = read_signals()
    if signals.problem:
        raise WarehouseError(signals.problem)
    new = record_sightings(signals.runs)
    out.print(f"{len(signals.runs)} signals in the warehouse, {len(new)} seen for the first time.")
    week = Week.of(timezone.localdate())
    typer.echo(digest_text(week, digest(week), earlier=digest(week, new=False)))  # plain text, unwrapped
