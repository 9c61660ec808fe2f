"""Users and their roles: the one place users are made (the CLI, the demo and the tests all come here)."""

from __future__ import annotations

import secrets

from openpeel.django_setup import setup_django

DEMO_USER = "demo-inspector"


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
