"""The audit trail's tables. Entries are written by openpeel.inspections.audit only, and never changed:
each carries the hash of the entry before it, so an edit or removal by any other route shows on verify."""

from __future__ import annotations

from django.db import models

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

    def save(self, *args, **kwargs):
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
