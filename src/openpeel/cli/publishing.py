"""`openpeel publish ...`: publish at the embargo, correct a published report, build reports to files.

Django is set up only when a command runs, so `openpeel --help` stays free of it.
"""

from __future__ import annotations

from pathlib import Path

import typer

from openpeel.cli.console import console
from openpeel.errors import OpenPeelError

# Imports are inside commands: `openpeel --help` must not load the analytics stack.

app = typer.Typer(no_args_is_help=True, help="Publishing: reports, press releases, embargoes.")
out = console()


def _django() -> None:
    from openpeel.django_setup import setup_django

    setup_django()


@app.command("due")
def due() -> None:
    """Publish every scheduled inspection whose embargo has passed (safe to run again: idempotent)."""
    _django()
    from openpeel.publishing.versions import publish_due

    done = publish_due()
    for inspection in done:
        out.print(f"Published {inspection} (embargo {inspection.embargo_at:%Y-%m-%d %H:%M %Z}).", highlight=False)
    out.print(f"{len(done)} inspection{'s' if len(done) != 1 else ''} published.", highlight=False)


@app.command("correct")
def correct(
    inspection_id: int = typer.Argument(..., help="The inspection's number."),
    find: str = typer.Option(..., help="Text of the published report to correct."),
    replace: str = typer.Option(..., help="What it should say."),
    note: str = typer.Option(..., help="What the correction changes, shown with the new version."),
    actor: str = typer.Option(..., "--as", help="Username of who makes the correction (for the audit trail)."),
) -> None:
    """Publish a corrected version of a report; earlier versions stay readable."""
    _django()
    from openpeel.inspections.models import Inspection
    from openpeel.publishing.versions import correct as make_correction

    inspection = Inspection.objects.filter(pk=inspection_id).first()
    if inspection is None:
        raise OpenPeelError(f"No inspection {inspection_id}.")
    version = make_correction(inspection, find, replace, note, actor=actor)
    out.print(f"Version {version.number} of {inspection} published.", highlight=False)


@app.command("build")
def build(
    force: str | None = typer.Option(None, help="The force whose published reports to build."),
    all_forces: bool = typer.Option(False, "--all", help="Every published report."),
    folder: Path = typer.Option(Path("var/reports"), "--out", help="Folder to write into."),
    jobs: int = typer.Option(1, "--jobs", "-j", min=1, help="Worker processes (one per core is fastest)."),
) -> None:
    """Write each published report as HTML and PDF, and its press release as text, HTML and PDF."""
    if bool(force) == all_forces:
        raise OpenPeelError("Give either --force NAME or --all.")
    _django()
    from openpeel.forces import get_force
    from openpeel.inspections import access
    from openpeel.inspections.models import Inspection
    from openpeel.progress_bar import progress
    from openpeel.publishing.workers import write_many

    public = Inspection.objects.filter(access.public_filter())
    if force:
        public = public.filter(force_id=get_force(force).id)
    inspections = list(public.order_by("force_id", "period_start"))
    if not inspections:
        raise OpenPeelError("No published report to build" + (f" for {force}." if force else "."))
    folder.mkdir(parents=True, exist_ok=True)
    with progress(out, "Building reports", len(inspections)) as (_, step):
        names = {i.pk: i.force_id for i in inspections}
        for pk, _ in write_many(list(names), folder, jobs):
            step(f"Built {names[pk]}")
    out.print(f"{len(inspections)} report{'s' if len(inspections) != 1 else ''} written to {folder}.", highlight=False)
