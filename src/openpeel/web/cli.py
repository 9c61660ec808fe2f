"""`openpeel web ...` and `openpeel serve`: the workflow database and the web server.

Django is imported only when a command here runs, so the analytics commands stay free of it.
"""

from __future__ import annotations

import os
import secrets

import typer
from rich.console import Console

app = typer.Typer(no_args_is_help=True, help="The web app and its workflow database.")
out = Console()

DEMO_USER = "demo-inspector"


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openpeel.web.settings")
    import django

    django.setup()


def migrate() -> None:
    setup_django()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def reset_demo_user() -> tuple[str, str]:
    """Create the demo inspector, or give it a fresh password: printed once, never stored in clear."""
    setup_django()
    from django.contrib.auth import get_user_model

    password = secrets.token_urlsafe(12)
    user, _ = get_user_model().objects.get_or_create(username=DEMO_USER)
    user.set_password(password)
    user.save()
    return DEMO_USER, password


def serve(host: str, port: int) -> None:
    setup_django()
    from waitress import serve as waitress_serve

    from openpeel.web.wsgi import application

    waitress_serve(application, host=host, port=port, threads=8, _quiet=True)


@app.command("migrate")
def migrate_command() -> None:
    """Create or update the workflow database (SQLite by default, $OPENPEEL_DATABASE_URL for PostgreSQL)."""
    migrate()
    out.print("Workflow database is up to date.")


@app.command("serve")
def serve_command(
    host: str = typer.Option("127.0.0.1", help="Address to listen on."),
    port: int = typer.Option(8000, help="Port to listen on."),
) -> None:
    """Serve the web app (waitress)."""
    out.print(f"openpeel is listening on http://{host}:{port}/")
    serve(host, port)
