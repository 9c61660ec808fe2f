"""The `openpeel` command. Each part of the flow contributes its own sub-command group."""

from __future__ import annotations

import sys
from pathlib import Path

import typer
from rich.markup import escape

from openpeel.cli.console import console
from openpeel.cli.fetch import app as fetch_app
from openpeel.cli.forces import app as forces_app
from openpeel.cli.frameworks import app as frameworks_app
from openpeel.cli.indicators import app as indicators_app
from openpeel.cli.ingest import app as ingest_app
from openpeel.cli.inspections import app as inspections_app
from openpeel.cli.monitoring import app as monitoring_app
from openpeel.cli.publishing import app as publish_app
from openpeel.cli.record import app as record_app
from openpeel.cli.stopsearch import app as stop_search_app
from openpeel.cli.synth import app as synth_app
from openpeel.cli.warehouse import app as warehouse_app
from openpeel.cli.web import app as web_app
from openpeel.errors import OpenPeelError

# Each group's module imports what its commands use inside them: `openpeel --help` must not load the analytics
# stack (tests/cli/test_cli_imports.py).

app = typer.Typer(
    help="openpeel: continual PEEL inspection of the police forces of England and Wales.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
app.add_typer(frameworks_app, name="frameworks", help="PEEL assessment frameworks (data files).")
app.add_typer(forces_app, name="forces", help="The force registry and derived peer groups.")
app.add_typer(ingest_app, name="ingest")
app.add_typer(fetch_app, name="fetch")
app.add_typer(warehouse_app, name="warehouse")
app.add_typer(synth_app, name="synth")
app.add_typer(inspections_app, name="inspections")
app.add_typer(monitoring_app, name="monitoring")
app.add_typer(indicators_app, name="indicators")
app.add_typer(web_app, name="web")
app.add_typer(stop_search_app, name="stop-search")
app.add_typer(publish_app, name="publish")
app.add_typer(record_app, name="record")

out = console()
err = console(stderr=True)


@app.command()
def demo(
    host: str = typer.Option("127.0.0.1", help="Address to listen on."),
    port: int = typer.Option(8000, help="Port to listen on."),
    serve: bool = typer.Option(True, help="Start the web server at the end."),
) -> None:
    """The whole flow on the bundled data: ingest, indicators, workflow database, web server."""
    from openpeel.demo.pipeline import run_demo

    run_demo(out, host=host, port=port, serve=serve)


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
    from openpeel.django_setup import migrate

    manifest = restore(source, warehouse)
    migrate()  # a backup from an older openpeel is brought up to this one's workflow schema
    out.print(f"Restored the backup made at {manifest['made_at']} by openpeel {manifest['openpeel']}.")


def main() -> None:
    """Entry point: user errors become one line on stderr and exit status 1, never a traceback. So do the
    machine's errors (a full disk, a read-only file or folder, a port in use): the message names the file and
    the cause, and each store has rolled back what it was writing."""
    try:
        app()
    except OpenPeelError as e:
        # The message is escaped: "pip install 'openpeel[spark]'" or a value in brackets is text, not markup.
        err.print(f"[bold red]error:[/] {escape(str(e))}", highlight=False)
        sys.exit(1)
    except Exception as e:
        if not _machine_error(e):
            raise
        message = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
        err.print(f"[bold red]error:[/] {escape(message)}", highlight=False)
        sys.exit(1)


def _machine_error(e: Exception) -> bool:
    """An OSError, or DuckDB's I/O or permission error. DuckDB is looked up, not imported (it is slow to import):
    if no command loaded it, none of its errors can have been raised."""
    duckdb = sys.modules.get("duckdb")
    duckdb_errors = (duckdb.IOException, duckdb.PermissionException) if duckdb else ()
    return isinstance(e, (OSError, *duckdb_errors))
