"""`openpeel web ...`: the workflow database, its users and the web server.

Django is imported only when a command here runs, so the analytics commands stay free of it.
"""

from __future__ import annotations

import typer

from openpeel.cli.console import console

# Imports are inside commands: `openpeel --help` must not load the analytics stack.

app = typer.Typer(no_args_is_help=True, help="The web app and its workflow database.")
out = console()


@app.command("migrate")
def migrate_command() -> None:
    """Create or update the workflow database (SQLite by default, $OPENPEEL_DATABASE_URL for PostgreSQL)."""
    from openpeel.django_setup import migrate

    migrate()
    out.print("Workflow database is up to date.")


@app.command("serve")
def serve_command(
    host: str = typer.Option("127.0.0.1", help="Address to listen on."),
    port: int = typer.Option(8000, help="Port to listen on."),
) -> None:
    """Serve the web app (waitress)."""
    from openpeel.web.server import serve

    out.print(f"openpeel is listening on http://{host}:{port}/")
    serve(host, port)


@app.command("user")
def user_command(
    username: str = typer.Argument(..., help="Sign-in name."),
    role: str = typer.Option(
        None, help="inspector, moderator, force_liaison, pcc_office or administrator; omit for a public account."
    ),
    force: str = typer.Option(None, help="The force of a force liaison or PCC office (any known name)."),
) -> None:
    """Create a user (or reset its password) with a role; prints the new password once."""
    from django.core.exceptions import ValidationError

    from openpeel.errors import OpenPeelError
    from openpeel.inspections.users import set_user

    try:
        password = set_user(username, role, force)
    except ValidationError as e:
        raise OpenPeelError("; ".join(f"{k}: {' '.join(v)}" for k, v in e.message_dict.items())) from None
    out.print(f"{username}: password {password} (shown once)")


@app.command("token")
def token_command(
    username: str = typer.Argument(..., help="The user the token acts for."),
    name: str = typer.Option(..., help="What the token is for."),
) -> None:
    """Issue an API token (Authorization: Bearer ...); prints it once, stores only its hash."""
    from openpeel.django_setup import setup_django

    setup_django()
    from django.contrib.auth import get_user_model

    from openpeel.errors import OpenPeelError
    from openpeel.inspections.models import ApiToken

    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise OpenPeelError(f"No user {username!r}; create one with `openpeel web user`.")
    _, key = ApiToken.issue(user, name)
    out.print(f"API token for {username} ({name}): {key} (shown once)")
