"""The `openpeel` command. Each part of the flow contributes its own sub-command group."""

from __future__ import annotations

import sys

import typer
from rich.console import Console

from openpeel.config import bundled_police_uk_archives
from openpeel.errors import OpenPeelError
from openpeel.forces.cli import app as forces_app
from openpeel.frameworks.cli import app as frameworks_app
from openpeel.indicators.cli import app as indicators_app
from openpeel.ingest.cli import app as ingest_app
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
app.add_typer(indicators_app, name="indicators")
app.add_typer(web_app, name="web")

out = Console()
err = Console(stderr=True)


@app.command()
def demo(
    host: str = typer.Option("127.0.0.1", help="Address to listen on."),
    port: int = typer.Option(8000, help="Port to listen on."),
    serve: bool = typer.Option(True, help="Start the web server at the end."),
) -> None:
    """The whole flow on the bundled data: ingest, indicators, workflow database, web server."""
    from openpeel.indicators.engine import compute_all
    from openpeel.ingest.cli import print_report, run_police_uk
    from openpeel.warehouse import connect
    from openpeel.web import cli as web

    out.rule("1. Ingest the bundled police.uk files (street, outcomes, stop and search)")
    for archive in bundled_police_uk_archives():
        print_report(run_police_uk(archive), title=archive.name)
    out.rule("2. Compute indicators")
    con = connect()
    try:
        for indicator_id, n in compute_all(con).items():
            out.print(f"{indicator_id}: {n:,} force-month results")
    finally:
        con.close()
    out.rule("3. Workflow database")
    web.migrate()
    user, password = web.reset_demo_user()
    out.print("Workflow database ready.")
    url = f"http://{host}:{port}/"
    out.rule("4. Web app")
    out.print(f"Cambridgeshire's page:  {url}forces/cambridgeshire/")
    out.print(f"Demo sign-in:           {url}sign-in/  user [bold]{user}[/]  password [bold]{password}[/]")
    if serve:
        out.print(f"openpeel is listening on {url}  (Ctrl+C to stop)")
        web.serve(host, port)


def main() -> None:
    """Entry point: user errors become one line on stderr and exit status 1, never a traceback."""
    try:
        app()
    except OpenPeelError as e:
        err.print(f"[bold red]error:[/] {e}", highlight=False)
        sys.exit(1)


if __name__ == "__main__":
    main()
