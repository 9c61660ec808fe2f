"""The audit trail's tables, and how an entry is written: who acts (acting_as), the state of a row, and the
append that chains each entry to the one before by its hash. Entries are never changed, so an edit or
removal by any other route shows on verify (openpeel.inspections.audit)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone

from openpeel.inspections.errors import AuditError

GENESIS = "0" * 64  # the "previous hash" of the first entry


class _AppendOnlyQuerySet(models.QuerySet):
    def _refuse(self, what: str):
        raise AuditError(f"The audit trail is append-only: {what} of audit entries is refused.")

    def update(self, **kwargs):
        self._refuse("update")

    def delete(self):
        self._refuse("deletion")

    def bulk_update(self, *args, **kwargs):
        self._refuse("update")

    def bulk_create(self, *args, **kwargs):
        self._refuse("bulk creation (each entry must chain to the one before)")


class AuditEntry(models.Model):
    class Action(models.TextChoices):
        CREATE = "create", "Created"
        CHANGE = "change", "Changed"
        DELETE = "delete", "Deleted"

    id = models.BigAutoField(primary_key=True)  # the chain's order: appends are serialised on AuditHead
    at = models.DateTimeField()
    actor = models.CharField(max_length=150, help_text="Username, kept as text so the record outlives the account.")
    action = models.CharField(max_length=10, choices=Action.choices)
    object_type = models.CharField(max_length=100, help_text="app_label.model, e.g. inspections.finding")
    object_id = models.CharField(max_length=64)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    objects = _AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        verbose_name_plural = "audit entries"
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"#{self.id} {self.at:%Y-%m-%d %H:%M} {self.actor} {self.action} {self.object_type} {self.object_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AuditError(f"The audit trail is append-only: entry #{self.id} cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditError(f"The audit trail is append-only: entry #{self.id} cannot be deleted.")


class AuditHead(models.Model):
    """One row: the latest entry's hash and the number of entries. Appends lock it (SELECT ... FOR UPDATE),
    which serialises writers so the chain never forks; it also shows when the newest entries are removed,
    which the chain alone could not."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    hash = models.CharField(max_length=64, default=GENESIS)
    count = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = "audit head"


_actor: ContextVar[str | None] = ContextVar("openpeel_audit_actor", default=None)


# --- who --------------------------------------------------------------------------------------------------


@contextmanager
def acting_as(user) -> Iterator[str]:
    """Attribute every change made inside the block to `user` (a User or a username). The web layer wraps
    each request in this; commands and scripts must say who they act for."""
    name = user.get_username() if hasattr(user, "get_username") else str(user or "")
    if not name.strip():
        raise AuditError("acting_as() needs a user or a non-empty username.")
    token = _actor.set(name)
    try:
        yield name
    finally:
        _actor.reset(token)


def current_actor() -> str:
    name = _actor.get()
    if not name:
        raise AuditError(
            "Every change to an inspection is attributed to someone: wrap it in "
            "openpeel.inspections.audit.acting_as(user)."
        )
    return name


# --- what -------------------------------------------------------------------------------------------------


def state(obj: models.Model) -> dict:
    """The row's fields as plain JSON values (dates as ISO text, files by name): what before/after store."""
    raw = {}
    for f in obj._meta.concrete_fields:
        value = f.value_from_object(obj)
        raw[f.attname] = (value.name or None) if isinstance(value, FieldFile) else value
    return json.loads(json.dumps(raw, cls=DjangoJSONEncoder))


def stored_state(obj: models.Model) -> dict | None:
    """The state of the row as it is in the database now (None for a new object)."""
    if obj._state.adding or obj.pk is None:
        return None
    stored = type(obj)._base_manager.filter(pk=obj.pk).first()
    return state(stored) if stored is not None else None


def record_save(obj: models.Model, before: dict | None) -> AuditEntry | None:
    after = state(obj)
    if before == after:
        return None  # saved without a change: nothing happened worth an entry
    action = AuditEntry.Action.CREATE if before is None else AuditEntry.Action.CHANGE
    return _append(action, obj, before, after)


# --- the chain --------------------------------------------------------------------------------------------


def _normal(value):
    # PostgreSQL's jsonb gives 1e16 back as 10000000000000000 and 1.0 as 1.0 or 1: whole floats are hashed
    # as integers so an entry hashes the same before storage and after a round trip through either database.
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {k: _normal(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_normal(v) for v in value]
    return value


def canonical_json(value) -> str:
    """Sorted keys, no spaces, UTF-8, no NaN: one text for one value, on any machine and either database."""
    return json.dumps(_normal(value), sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def entry_hash(entry: AuditEntry) -> str:
    fields = {
        "prev_hash": entry.prev_hash,
        "at": entry.at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
        "actor": entry.actor,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "before": entry.before,
        "after": entry.after,
    }
    return hashlib.sha256(canonical_json(fields).encode("utf-8")).hexdigest()


def _append(action: str, obj: models.Model, before: dict | None, after: dict | None) -> AuditEntry:
    actor = current_actor()
    with transaction.atomic():
        # Locking the head serialises appends, so two writers never chain to the same predecessor.
        head = AuditHead.objects.select_for_update().filter(pk=1).first() or AuditHead.objects.create(pk=1)
        entry = AuditEntry(
            at=timezone.now(),
            actor=actor,
            action=action,
            object_type=obj._meta.label_lower,
            object_id=str(obj.pk),
            before=before,
            after=after,
            prev_hash=head.hash,
        )
        entry.hash = entry_hash(entry)
        entry.save(force_insert=True)
        head.hash, head.count = entry.hash, head.count + 1
        head.save(update_fields=["hash", "count"])
    return entry
