"""What every inspection table shares: validated on save, audited on save and delete, never bulk-changed.

Model.save() is the one door a change goes through, so validation, the lock on signed-off inspections
and the audit entry all happen there, in one transaction: a change without its audit entry never commits.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction

from openpeel.errors import FrameworkLookupError
from openpeel.frameworks import Framework, Node
from openpeel.inspections.errors import AuditError
from openpeel.inspections.models.audit import record_save, stored_state


class AuditedQuerySet(models.QuerySet):
    """Refuses the bulk operations that skip Model.save() and so would change rows without an audit entry.
    delete() is allowed: Django's collector sends a signal for every row it removes, and those are audited."""

    def _refuse(self, what: str):
        raise AuditError(
            f"{self.model.__name__}.objects.{what}() would change rows without an audit entry; "
            "save or delete each object instead."
        )

    def update(self, **kwargs):
        self._refuse("update")

    def bulk_create(self, *args, **kwargs):
        self._refuse("bulk_create")

    def bulk_update(self, *args, **kwargs):
        self._refuse("bulk_update")

    def update_or_create(self, *args, **kwargs):
        self._refuse("update_or_create")

    def delete(self):
        # Refuse before Django's collector opens its savepoint-less transaction: a refusal raised inside it
        # would leave any enclosing transaction unusable. The pre_delete signal stays as the backstop.
        for obj in self:
            obj.check_deletable()
        with transaction.atomic():
            return super().delete()


class Audited(models.Model):
    """Base of every audited table: full_clean() on save, an editability check, then an audit entry."""

    objects = AuditedQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        with transaction.atomic():
            before = stored_state(self)
            self.full_clean()
            self.check_editable(before)
            super().save(*args, **kwargs)
            record_save(self, before)

    def delete(self, *args, **kwargs):
        self.check_deletable()  # before the collector's transaction, as in AuditedQuerySet.delete()
        with transaction.atomic():
            return super().delete(*args, **kwargs)

    def check_editable(self, before: dict | None) -> None:
        """Raise if this change may not be made now. `before` is the stored row's state (None when new)."""

    def check_deletable(self) -> None:
        """Raise if this row may not be deleted now (called for cascaded deletes too)."""


def framework_node(framework: Framework, node_id: str, field: str) -> Node:
    """The node `node_id` of the framework, or a ValidationError on `field` naming the framework."""
    try:
        return framework.node(node_id)
    except FrameworkLookupError as e:
        raise ValidationError({field: str(e)}) from None


def judged_node(framework: Framework, node_id: str, field: str = "area_id") -> Node:
    """An area, pillar or question: the units that carry findings and judgments (not a characteristic)."""
    node = framework_node(framework, node_id, field)
    if node.kind == "characteristic":
        parent = framework.parent(node_id)
        assert parent is not None  # a characteristic has one
        raise ValidationError(
            {field: f"{node_id!r} is a characteristic of {parent.id!r} in {framework.id}; give the area ({parent.id})"}
        )
    return node
