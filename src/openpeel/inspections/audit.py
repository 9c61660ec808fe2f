"""The audit trail: who changed what, when, with the state before and after; append-only and hash-chained.

Each entry stores the SHA-256 of a canonical JSON of its own fields, one of which is the previous entry's
hash. Changing a stored entry breaks its own hash; removing or inserting one breaks the next entry's link;
removing the newest entries shows against AuditHead (the latest hash and the count). The chain protects the
log; to protect the data, verification also compares each audited row as stored now (a report version's
whole report included) with the state its last entry recorded, so a row changed, added or removed behind
openpeel's back shows too. Someone able to
rewrite the whole table and the head could forge a consistent chain, so `openpeel inspections
verify-audit` prints the head hash: record it elsewhere and pass it back with --head to detect that too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.apps import apps
from django.db import models
from django.db.models import Q, QuerySet
from django.db.models.signals import m2m_changed, post_delete, pre_delete

from openpeel.inspections.models import GENESIS, Audited, AuditEntry, AuditHead, Inspection
from openpeel.inspections.models.audit import (
    _append,
    acting_as,
    canonical_json,
    current_actor,
    entry_hash,
    record_save,
    state,
    stored_state,
)

# Who and what are recorded beside the trail's tables (models/audit.py), which every audited model uses;
# this module adds deletes, assignments, verification and history.
__all__ = [
    "ChainReport",
    "acting_as",
    "canonical_json",
    "connect_assignment_signals",
    "connect_delete_signals",
    "current_actor",
    "entry_hash",
    "history",
    "inspection_history",
    "record_save",
    "state",
    "stored_state",
    "verify_chain",
]


def _before_delete(sender, instance: Audited, **kwargs) -> None:
    instance.check_deletable()


def _after_delete(sender, instance: Audited, **kwargs) -> None:
    _append(AuditEntry.Action.DELETE, instance, state(instance), None)


def connect_delete_signals(all_models: Iterable[type[models.Model]]) -> None:
    """Audit deletes of every Audited model, including cascaded and queryset deletes (called from ready())."""
    for model in all_models:
        if issubclass(model, Audited):
            uid = f"openpeel-audit-{model._meta.label_lower}"
            pre_delete.connect(_before_delete, sender=model, weak=False, dispatch_uid=uid)
            post_delete.connect(_after_delete, sender=model, weak=False, dispatch_uid=uid)


def _inspectors(inspections: Iterable[Inspection]) -> dict[Inspection, list[str]]:
    return {i: sorted(i.inspectors.values_list("username", flat=True)) for i in inspections}


def _assignment_changed(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    """Assigning inspectors changes who may edit an inspection: one entry per inspection whose assignment
    changed, with the usernames before and after (from either side: inspection.inspectors or
    user.assigned_inspections)."""
    if action.startswith("pre_"):
        current_actor()  # refuse an unattributed change before it is made
        affected: Iterable[Inspection]
        if not reverse:
            affected = [instance]
        elif pk_set is None:  # clear(): every inspection the user was assigned to
            affected = instance.assigned_inspections.all()
        else:
            affected = Inspection.objects.filter(pk__in=pk_set)
        instance._openpeel_inspectors_before = _inspectors(affected)
        return
    # post_: the same inspections, read again
    before = instance.__dict__.pop("_openpeel_inspectors_before")
    for inspection, after in _inspectors(before).items():
        if after != before[inspection]:
            _append(AuditEntry.Action.CHANGE, inspection, {"inspectors": before[inspection]}, {"inspectors": after})


def connect_assignment_signals() -> None:
    m2m_changed.connect(
        _assignment_changed, sender=Inspection.inspectors.through, weak=False, dispatch_uid="openpeel-audit-inspectors"
    )


@dataclass(frozen=True)
class ChainReport:
    count: int  # entries read
    head: str  # hash of the last entry read (GENESIS when empty)
    broken_at: int | None = None  # id of the first entry where the chain breaks
    problem: str | None = None

    @property
    def ok(self) -> bool:
        return self.problem is None


def verify_chain(expected_head: str | None = None) -> ChainReport:
    """Walk the trail oldest first and report the first break: an entry that does not match its own hash
    (altered), or whose link does not match the entry before it (one removed or inserted there)."""
    previous, previous_id, count = GENESIS, None, 0
    last: dict[tuple[str, str], AuditEntry] = {}  # the latest entry with a row's whole state, per row
    for entry in AuditEntry.objects.order_by("id").iterator(chunk_size=2000):
        count += 1
        if entry.action == AuditEntry.Action.DELETE or set(entry.after or {}) != {"inspectors"}:
            last[(entry.object_type, entry.object_id)] = entry
        if entry_hash(entry) != entry.hash:
            return ChainReport(
                count,
                previous,
                entry.id,
                f"entry #{entry.id} ({entry.action} {entry.object_type} {entry.object_id}) does not match its "
                "own hash: it was altered after it was written",
            )
        if entry.prev_hash != previous:
            before = f"entry #{previous_id}" if previous_id else "the start of the trail"
            return ChainReport(
                count,
                previous,
                entry.id,
                f"entry #{entry.id} does not link to {before}: an entry between them was removed, inserted "
                "or rewritten",
            )
        previous, previous_id = entry.hash, entry.id
    head = AuditHead.objects.filter(pk=1).first()
    recorded = (head.hash, head.count) if head else (GENESIS, 0)
    if recorded != (previous, count):
        return ChainReport(
            count,
            previous,
            None,
            f"the trail has {count} entries ending at {previous[:12]}, but {recorded[1]} were recorded "
            f"ending at {recorded[0][:12]}: the newest entries were removed or the head was altered",
        )
    if expected_head and expected_head != previous:
        return ChainReport(
            count,
            previous,
            None,
            f"the head is {previous}, not the {expected_head} you recorded: the trail was rewritten",
        )
    problem = _rows_against_trail(last)
    if problem:
        return ChainReport(count, previous, None, problem)
    return ChainReport(count, previous)


def _comparable(value):
    # A datetime is recorded as the saving code held it (any zone) and read back in UTC: compare instants.
    if isinstance(value, str) and len(value) >= 19 and value[4] == "-" and value[10] == "T":
        try:
            return dt.datetime.fromisoformat(value).astimezone(dt.UTC).isoformat()
        except ValueError:
            return value
    if isinstance(value, dict):
        return {k: _comparable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_comparable(v) for v in value]
    return value


def _rows_against_trail(last: dict[tuple[str, str], AuditEntry]) -> str | None:
    """The first audited row whose stored state differs from its last entry's, or that exists without one
    (or after its deletion), or that is gone without a delete entry."""
    seen = set()
    for model in apps.get_models():
        if not issubclass(model, Audited):
            continue
        label = model._meta.label_lower
        for row in model._base_manager.order_by("pk").iterator(chunk_size=2000):
            key = (label, str(row.pk))
            seen.add(key)
            entry = last.get(key)
            if entry is None or entry.action == AuditEntry.Action.DELETE:
                return (
                    f"{label} {row.pk} is in the database but the trail has no entry that made it (or it was deleted)"
                )
            if canonical_json(_comparable(state(row))) != canonical_json(_comparable(entry.after)):
                after, now = _comparable(entry.after), _comparable(state(row))
                fields = sorted(
                    k for k in set(after) | set(now) if canonical_json(after.get(k)) != canonical_json(now.get(k))
                )
                return (
                    f"{label} {row.pk} differs from its last audit entry #{entry.id} in {', '.join(fields)}: "
                    "it was changed behind openpeel's back"
                )
    for (label, pk), entry in last.items():
        if entry.action != AuditEntry.Action.DELETE and (label, pk) not in seen and _audited(label):
            return f"{label} {pk} is gone from the database, but the trail's last entry #{entry.id} did not delete it"
    return None


def _audited(label: str) -> bool:
    try:
        return issubclass(apps.get_model(label), Audited)
    except LookupError:
        return False


def history(obj: models.Model) -> list[AuditEntry]:
    """Every entry about one object, oldest first (for the pages that will show an object's history)."""
    return list(AuditEntry.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk)))


def inspection_history(inspection) -> QuerySet[AuditEntry]:
    """Every entry about an inspection and its parts, deleted parts included, oldest first. Parts are found
    by the inspection id their recorded state carries (recommendations: through their cause of concern)."""
    pk = inspection.pk

    def about(key: str, value) -> Q:
        lookup = "in" if isinstance(value, list) else "exact"
        return Q(**{f"after__{key}__{lookup}": value}) | Q(**{f"before__{key}__{lookup}": value})

    causes = AuditEntry.objects.filter(Q(object_type="inspections.causeofconcern") & about("inspection_id", pk))
    cause_ids = sorted({int(i) for i in causes.values_list("object_id", flat=True)})
    return AuditEntry.objects.filter(
        Q(object_type="inspections.inspection", object_id=str(pk))
        | about("inspection_id", pk)
        | (Q(object_type="inspections.recommendation") & about("cause_id", cause_ids))
    ).order_by("id")
