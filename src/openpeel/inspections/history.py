"""An inspection's history, read from the audit trail: every entry about the inspection or anything of it.

Parts name their inspection in their stored state (`inspection_id`); recommendations name their cause, so
they are found through the causes of concern the trail has ever recorded for the inspection (deleted ones
included: their history outlives them).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.db.models import Q

from openpeel.inspections.models import AuditEntry, Inspection

# Bookkeeping fields that change with every save and say nothing to a reader.
QUIET = frozenset({"id", "inspection_id", "updated_at", "created_at", "attached_at", "uploaded_at", "assessment"})


@dataclass(frozen=True)
class Change:
    field: str
    before: object
    after: object


@dataclass(frozen=True)
class Event:
    entry: AuditEntry
    what: str  # "finding 12"
    changes: tuple[Change, ...]


def _of(pk: int) -> Q:
    return Q(after__inspection_id=pk) | Q(before__inspection_id=pk)


def inspection_history(inspection: Inspection) -> list[Event]:
    """Every audit entry about the inspection and its parts, oldest first, with the fields each changed."""
    pk = inspection.pk
    causes = set()
    for before, after in AuditEntry.objects.filter(_of(pk), object_type="inspections.causeofconcern").values_list(
        "before", "after"
    ):
        causes.add((after or before)["id"])
    query = Q(object_type="inspections.inspection", object_id=str(pk)) | _of(pk)
    if causes:
        query |= Q(object_type="inspections.recommendation") & (
            Q(after__cause_id__in=sorted(causes)) | Q(before__cause_id__in=sorted(causes))
        )
    entries = AuditEntry.objects.filter(query).order_by("id")
    return [Event(e, f"{_noun(e.object_type)} {e.object_id}", _changes(e)) for e in entries]


def _noun(object_type: str) -> str:
    try:
        return apps.get_model(object_type)._meta.verbose_name
    except LookupError:  # a table since removed: its entries stay in the trail
        return object_type


def _changes(entry: AuditEntry) -> tuple[Change, ...]:
    before, after = entry.before or {}, entry.after or {}
    keys = sorted((set(before) | set(after)) - QUIET)
    return tuple(
        Change(k, before.get(k), after.get(k))
        for k in keys
        if before.get(k) != after.get(k) and (before.get(k) not in (None, "", []) or after.get(k) not in (None, "", []))
    )
