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


def set_user(username: str, role: str | None, force: str | None = None) -> str:
    """Create the user, or give it a fresh password, with the role (None: public) and force given.
    The password is returned to be printed once; only its hash is stored."""
    setup_django()
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from openpeel.inspections.models import Membership

    password = secrets.token_urlsafe(12)
    with transaction.atomic():
        user, _ = get_user_model().objects.get_or_create(username=username)
        user.set_password(password)
        user.is_staff = user.is_superuser = role == "administrator"  # the admin site is for administrators
        user.save()
        Membership.objects.filter(user=user).delete()
        if role:
            Membership(user=user, role=role, force_id=force or "").save()
    return password


def reset_demo_user() -> tuple[str, str]:
    """Create the demo inspector, or give it a fresh password: printed once, never stored in clear."""
    return DEMO_USER, set_user(DEMO_USER, "inspector")


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
    setup_django()
    from django.contrib.auth import get_user_model

    from openpeel.errors import OpenPeelError
    from openpeel.inspections.models import ApiToken

    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise OpenPeelError(f"No user {username!r}; create one with `openpeel web user`.")
    _, key = ApiToken.issue(user, name)
    out.print(f"API token for {username} ({name}): {key} (shown once)")
