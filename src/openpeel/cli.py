"""The `openpeel` command. Each part of the flow contributes its own sub-command group."""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import typer
from rich.console import Console

from openpeel.config import bundled_police_uk_archives
from openpeel.errors import OpenPeelError
from openpeel.forces.cli import app as forces_app
from openpeel.frameworks.cli import app as frameworks_app
from openpeel.indicators.cli import app as indicators_app
from openpeel.ingest.cli import app as ingest_app
from openpeel.inspections.cli import app as inspections_app
from openpeel.monitoring.cli import app as monitoring_app
from openpeel.publishing.cli import app as publish_app
from openpeel.record.cli import app as record_app
from openpeel.stopsearch.cli import app as stop_search_app
from openpeel.synth.cli import app as synth_app
from openpeel.warehouse.cli import app as warehouse_app
from openpeel.web.cli import app as web_app

app = typer.Typer(
    help="openpeel: continual PEEL inspection of the police forces of England and Wales.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
app.add_typer(frameworks_app, name="frameworks", help="PEEL assessment frameworks (data files).")
app.add_typer(forces_app, name="forces", help="The force registry and derived peer groups.")
app.add_typer(ingest_app, name="ingest")
app.add_typer(warehouse_app, name="warehouse")
app.add_typer(synth_app, name="synth")
app.add_typer(inspections_app, name="inspections")
app.add_typer(monitoring_app, name="monitoring")
app.add_typer(indicators_app, name="indicators")
app.add_typer(web_app, name="web")
app.add_typer(stop_search_app, name="stop-search")
app.add_typer(publish_app, name="publish")
app.add_typer(record_app, name="record")

out = Console()
err = Console(stderr=True)


@app.command()
def demo(
    host: str = typer.Option("127.0.0.1", help="Address to listen on."),
    port: int = typer.Option(8000, help="Port to listen on."),
    serve: bool = typer.Option(True, help="Start the web server at the end."),
) -> None:
    """The whole flow on the bundled data: ingest, indicators, workflow database, web server."""
    from openpeel.forces import get_force, peer_group
    from openpeel.indicators.engine import compute_all
    from openpeel.ingest.cli import print_report, run_police_uk
    from openpeel.ingest.home_office import ingest_home_office
    from openpeel.ingest.returns import ingest_returns
    from openpeel.synth.generate import generate
    from openpeel.warehouse import connect
    from openpeel.web import cli as web

    _set_aside_an_older_warehouse()
    out.rule("1. Ingest the bundled police.uk files (street, outcomes, stop and search)")
    for archive in bundled_police_uk_archives():
        print_report(run_police_uk(archive), title=archive.name)
    out.rule("2. Ingest the bundled Home Office and ONS tables")
    con = connect()
    try:
        print_report(ingest_home_office(con), title="Home Office and ONS tables")
    finally:
        con.close()
    out.rule("3. Synthetic force returns: Cambridgeshire and its peer group, 2019 (seeded; marked SYNTHETIC)")
    with tempfile.TemporaryDirectory(prefix="openpeel-demo-") as tmp:
        forces = [get_force("cambridgeshire"), *(get_force(m) for m in peer_group("cambridgeshire").members)]
        with out.status("Generating synthetic returns"):
            generate(Path(tmp), forces, (2019, 1), (2019, 12), seed=2019)
        con = connect()
        try:
            with out.status("Ingesting synthetic returns"):
                print_report(ingest_returns(con, tmp), title="synthetic force returns")
        finally:
            con.close()
    out.rule("4. Compute the indicator catalogue, compare forces, chart each series")
    con = connect()
    try:
        with out.status("Computing indicators"):
            counts = compute_all(con)
        out.print(f"{len(counts)} indicators, {sum(counts.values()):,} force-period results")
    finally:
        con.close()
    out.rule("5. Workflow database")
    web.migrate()
    from openpeel.config import var_dir, warehouse_path
    from openpeel.inspections.demo import seed
    from openpeel.monitoring.demo import seed_monitoring
    from openpeel.publishing.files import build_demo_report

    seeded = seed(warehouse_path())
    made = "seeded" if seeded.created else "already there"
    out.print(f"Workflow database ready; the Cambridgeshire 2023–25 inspection in moderation is {made}.")
    followed = seed_monitoring()
    out.print(
        f"Its published predecessor is followed up: {len(followed.items)} tracked items; the linked indicator "
        f"signals: {'; '.join(followed.signals)}"
    )
    url = f"http://{host}:{port}/"
    out.rule("6. Publish: Cambridgeshire's 2023–24 report as HTML and PDF, its press release as text and PDF")
    report = followed.inspection
    start = time.perf_counter()
    with out.status("Building the report (charts drawn offline, PDF by WeasyPrint)"):
        files = build_demo_report(report, var_dir() / "reports")
    out.print(f"Built in {time.perf_counter() - start:.1f} s: " + ", ".join(str(f) for f in files))
    out.rule("7. Web app")
    out.print(f"Cambridgeshire's page:  {url}forces/cambridgeshire/")
    out.print(f"The inspection:         {url}inspections/{seeded.inspection.pk}/")
    out.print(f"Monitoring:             {url}monitoring/forces/cambridgeshire/")
    out.print(f"Its published report:   {url}reports/{report.pk}/  (and {url}reports/{report.pk}/press-release/)")
    for user, password in seeded.passwords.items():
        out.print(f"Demo sign-in:           {url}sign-in/  user [bold]{user}[/]  password [bold]{password}[/]")
    if serve:
        out.print(f"openpeel is listening on {url}  (Ctrl+C to stop)")
        web.serve(host, port)


@app.command("backup")
def backup_command(
    target: Path = typer.Argument(..., help="A new or empty folder to write the backup into."),
    warehouse: Path = typer.Option(None, help="Warehouse file."),
) -> None:
    """Back up the warehouse and the workflow database, with a manifest of hashes and schema versions."""
    from openpeel.backup import backup

    manifest = backup(target, warehouse)
    for part in ("warehouse", "workflow"):
        out.print(f"{target / manifest[part]['file']}  sha256 {manifest[part]['sha256'][:16]}…", highlight=False)
    out.print(f"{target / 'manifest.json'}: made by openpeel {manifest['openpeel']}")


@app.command("restore")
def restore_command(
    source: Path = typer.Argument(..., help="A folder written by `openpeel backup`."),
    warehouse: Path = typer.Option(None, help="Warehouse file to replace."),
) -> None:
    """Restore the warehouse and the workflow database from a backup, after checking its manifest."""
    from openpeel.backup import restore
    from openpeel.web import cli as web

    manifest = restore(source, warehouse)
    web.migrate()  # a backup from an older openpeel is brought up to this one's workflow schema
    out.print(f"Restored the backup made at {manifest['made_at']} by openpeel {manifest['openpeel']}.")


def _set_aside_an_older_warehouse() -> None:
    """The demo rebuilds its warehouse from bundled files, so one made by an older openpeel is moved aside."""
    from openpeel.config import warehouse_path
    from openpeel.errors import WarehouseError
    from openpeel.warehouse import connect

    try:
        connect().close()
    except WarehouseError as e:
        if "another version" not in str(e):
            raise
        old = warehouse_path()
        aside = old.with_name(old.name + ".old")
        old.replace(aside)
        out.print(f"Moved a warehouse made by another version of openpeel to {aside}")


def main() -> None:
    """Entry point: user errors become one line on stderr and exit status 1, never a traceback. So do the
    machine's errors (a full disk, a read-only file or folder, a port in use): the message names the file and
    the cause, and each store has rolled back what it was writing."""
    import duckdb

    try:
        app()
    except OpenPeelError as e:
        err.print(f"[bold red]error:[/] {e}", highlight=False)
        sys.exit(1)
    except (OSError, duckdb.IOException, duckdb.PermissionException) as e:
        message = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
        err.print(f"[bold red]error:[/] {message}", highlight=False)
        sys.exit(1)


if __name__ == "__main__":
    main()
