"""Django's start-up and the workflow database's migrations: the one place every Django-backed part starts from.

Importing this module imports no Django; a command that needs the workflow database calls setup_django() first,
so the analytics commands stay free of it.
"""

from __future__ import annotations

import os


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openpeel.web.settings")
    import django

    django.setup()


def migrate() -> None:
    setup_django()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
