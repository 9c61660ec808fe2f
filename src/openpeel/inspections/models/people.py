"""Who someone is to the inspectorate: a role (and, for force and PCC staff, their force), and API tokens."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from openpeel.errors import OpenPeelError
from openpeel.forces import get_force


class Role(models.TextChoices):
    INSPECTOR = "inspector", "Inspector"
    MODERATOR = "moderator", "Moderator"
    FORCE_LIAISON = "force_liaison", "Force liaison"
    PCC_OFFICE = "pcc_office", "Police and crime commissioner's office"
    ADMINISTRATOR = "administrator", "Administrator"


# Roles that belong to one force and see only what is addressed to it.
FORCE_ROLES = frozenset({Role.FORCE_LIAISON, Role.PCC_OFFICE})


class Membership(models.Model):
    """A user's role. Users without one (and visitors who are not signed in) are the public."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership")
    role = models.CharField(max_length=20, choices=Role.choices)
    force_id = models.CharField(max_length=64, blank=True, help_text="Force registry id, for force and PCC staff.")

    def __str__(self) -> str:
        at = f" ({self.force_id})" if self.force_id else ""
        return f"{self.user}: {self.get_role_display()}{at}"

    def clean(self) -> None:
        if self.role in FORCE_ROLES:
            if not self.force_id:
                raise ValidationError({"force_id": f"A {self.get_role_display().lower()} belongs to a force."})
            try:
                self.force_id = get_force(self.force_id).id
            except OpenPeelError as e:
                raise ValidationError({"force_id": str(e)}) from None
        elif self.force_id:
            raise ValidationError({"force_id": "Only force liaisons and PCC offices belong to a force."})

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.full_clean()
        super().save(*args, **kwargs)


TOKEN_USE_RECORDED_EVERY = dt.timedelta(minutes=5)


class ApiToken(models.Model):
    """A bearer token for the JSON API. Only its SHA-256 is stored: the token itself is shown once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, help_text="What the token is for, e.g. 'analysis notebook'.")
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "API token"

    def __str__(self) -> str:
        return f"{self.name} ({self.user})"

    @staticmethod
    def digest(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @classmethod
    def issue(cls, user, name: str, expires_at=None) -> tuple[ApiToken, str]:
        """Create a token for `user`; returns the row and the token text, which is not kept anywhere."""
        key = "opk_" + secrets.token_urlsafe(32)
        return cls.objects.create(user=user, name=name, key_hash=cls.digest(key), expires_at=expires_at), key

    @classmethod
    def authenticate(cls, key: str):
        """The active user a token belongs to, or None (unknown, expired, or the user is inactive)."""
        token = cls.objects.select_related("user").filter(key_hash=cls.digest(key)).first()
        now = timezone.now()
        if token is None or not token.user.is_active or (token.expires_at and token.expires_at <= now):
            return None
        # Recorded to the nearest few minutes, not on every request: a write per read made readers queue
        # behind writers on SQLite (issue 19.2).
        if token.last_used_at is None or now - token.last_used_at >= TOKEN_USE_RECORDED_EVERY:
            cls.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user
