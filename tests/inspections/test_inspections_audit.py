"""The audit trail: an entry for every create, change and delete, with before and after; append-only; a
hash chain that verify reports broken at the right entry when the table is edited behind the ORM's back."""

from __future__ import annotations

import contextvars
import hashlib
import json

import pytest
from django.db import connection, transaction
from typer.testing import CliRunner

from openpeel.cli.inspections import app
from openpeel.errors import OpenPeelError
from openpeel.inspections.audit import acting_as, canonical_json, entry_hash, history, verify_chain
from openpeel.inspections.errors import AuditChainBroken, AuditError
from openpeel.inspections.models import GENESIS, AuditEntry, CauseOfConcern, Finding, Recommendation

pytestmark = pytest.mark.django_db


def finding(inspection, text="Neighbourhood officers are seldom taken off their work."):
    return Finding.objects.create(
        inspection=inspection, area_id="preventing-crime", characteristic_ids=["preventing-crime.neighbourhoods"],
        kind="strength", text=text,
    )  # fmt: skip


def raw_sql(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_create_change_and_delete_are_recorded_with_who_and_before_and_after(inspection):
    made = finding(inspection)
    with acting_as("moderator"):
        made.text = "Neighbourhood officers are often taken off their work."
        made.kind = "weakness"
        made.save()
    pk = made.pk
    made.delete()
    create, change, delete = history(Finding(pk=pk))
    assert (create.action, create.actor, create.before) == ("create", "test-inspector", None)
    assert create.after["text"] == "Neighbourhood officers are seldom taken off their work."
    assert create.after["characteristic_ids"] == ["preventing-crime.neighbourhoods"]
    assert create.after["inspection_id"] == inspection.pk
    assert (change.action, change.actor) == ("change", "moderator")
    assert (change.before["kind"], change.after["kind"]) == ("strength", "weakness")
    assert (delete.action, delete.before["kind"], delete.after) == ("delete", "weakness", None)
    assert change.at >= create.at and delete.object_id == str(pk)


def test_assigning_and_removing_inspectors_is_recorded_from_either_side(inspection, django_user_model):
    ada, ben = (django_user_model.objects.create_user(name) for name in ("ada", "ben"))
    with acting_as("moderator"):
        inspection.inspectors.add(ada, ben)
        ben.assigned_inspections.remove(inspection)
        inspection.inspectors.add(ada)  # already assigned: no change, no entry
        inspection.inspectors.clear()
    entries = [e for e in history(inspection) if "inspectors" in (e.after or {})]
    assert [(e.actor, e.before, e.after) for e in entries] == [
        ("moderator", {"inspectors": []}, {"inspectors": ["ada", "ben"]}),
        ("moderator", {"inspectors": ["ada", "ben"]}, {"inspectors": ["ada"]}),
        ("moderator", {"inspectors": ["ada"]}, {"inspectors": []}),
    ]
    assert verify_chain().ok


def test_an_assignment_needs_someone_to_attribute_it_to(inspection, django_user_model):
    ada = django_user_model.objects.create_user("ada")
    with pytest.raises(AuditError, match="attributed to someone"), transaction.atomic():
        contextvars.Context().run(inspection.inspectors.add, ada)  # outside the fixture's acting_as
    assert not inspection.inspectors.exists()


def test_a_save_without_a_change_writes_nothing(inspection):
    made = finding(inspection)
    count = AuditEntry.objects.count()
    made.save()
    assert AuditEntry.objects.count() == count


def test_cascaded_and_queryset_deletes_are_recorded(inspection):
    cause = CauseOfConcern.objects.create(inspection=inspection, area_id="investigating", text="Cases stall.")
    recommendation = Recommendation.objects.create(cause=cause, text="Review all open cases.")
    finding(inspection)
    cause.delete()  # takes its recommendation with it
    Finding.objects.filter(inspection=inspection).delete()
    deleted = {(e.object_type, e.before["text"][:12]) for e in AuditEntry.objects.filter(action="delete")}
    assert deleted == {
        ("inspections.causeofconcern", "Cases stall."),
        ("inspections.recommendation", "Review all o"),
        ("inspections.finding", "Neighbourhoo"),
    }
    assert history(recommendation)[-1].action == "delete"


def test_each_entry_hashes_a_canonical_json_of_its_fields_and_the_one_before(inspection):
    finding(inspection)
    first, second = AuditEntry.objects.order_by("id")[:2]  # the inspection, then the finding
    assert first.prev_hash == GENESIS and second.prev_hash == first.hash
    fields = {
        "prev_hash": second.prev_hash,
        "at": second.at.isoformat(timespec="microseconds"),
        "actor": "test-inspector",
        "action": "create",
        "object_type": "inspections.finding",
        "object_id": second.object_id,
        "before": None,
        "after": second.after,
    }
    text = json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert canonical_json(fields) == text
    assert second.hash == hashlib.sha256(text.encode()).hexdigest() == entry_hash(second)


def test_an_intact_chain_verifies(inspection):
    for i in range(3):
        finding(inspection, text=f"Finding {i}")
    report = verify_chain()
    assert report.ok and report.count == 4 and report.head == AuditEntry.objects.last().hash
    assert verify_chain(expected_head=report.head).ok
    assert not verify_chain(expected_head="f" * 64).ok


@pytest.fixture
def trail(inspection):
    """Six entries: the inspection and five findings."""
    for i in range(5):
        finding(inspection, text=f"Finding {i}")
    ids = list(AuditEntry.objects.order_by("id").values_list("id", flat=True))
    assert len(ids) == 6 and verify_chain().ok
    return ids


@pytest.mark.audit_tampered
def test_an_entry_edited_behind_the_orms_back_is_caught_at_that_entry(trail):
    raw_sql("UPDATE inspections_auditentry SET actor = %s WHERE id = %s", ["mallory", trail[2]])
    report = verify_chain()
    assert report.broken_at == trail[2]
    assert "does not match its own hash: it was altered" in report.problem


@pytest.mark.audit_tampered
def test_an_edited_entry_with_a_recomputed_hash_is_caught_at_the_next_one(trail):
    raw_sql("UPDATE inspections_auditentry SET actor = %s WHERE id = %s", ["mallory", trail[2]])
    forged = AuditEntry.objects.get(id=trail[2])
    raw_sql("UPDATE inspections_auditentry SET hash = %s WHERE id = %s", [entry_hash(forged), trail[2]])
    report = verify_chain()
    assert report.broken_at == trail[3] and f"does not link to entry #{trail[2]}" in report.problem


@pytest.mark.audit_tampered
def test_a_deleted_entry_is_caught_where_the_chain_breaks(trail):
    raw_sql("DELETE FROM inspections_auditentry WHERE id = %s", [trail[3]])
    report = verify_chain()
    assert report.broken_at == trail[4] and "removed, inserted or rewritten" in report.problem


@pytest.mark.audit_tampered
def test_removing_the_newest_entries_is_caught_by_the_head(trail):
    raw_sql("DELETE FROM inspections_auditentry WHERE id >= %s", [trail[4]])
    report = verify_chain()
    assert not report.ok and report.broken_at is None
    assert "the trail has 4 entries" in report.problem and "6 were recorded" in report.problem


def test_entries_cannot_be_changed_or_deleted_through_the_orm(trail):
    entry = AuditEntry.objects.get(id=trail[1])
    entry.actor = "mallory"
    with pytest.raises(AuditError, match="append-only"):
        entry.save()
    with pytest.raises(AuditError, match="append-only"):
        entry.delete()
    with pytest.raises(AuditError, match="append-only"):
        AuditEntry.objects.filter(id=trail[1]).update(actor="mallory")
    with pytest.raises(AuditError, match="append-only"):
        AuditEntry.objects.all().delete()
    with pytest.raises(AuditError, match="append-only"):
        AuditEntry.objects.bulk_create([AuditEntry(actor="mallory")])
    assert verify_chain().ok and AuditEntry.objects.get(id=trail[1]).actor == "test-inspector"


@pytest.mark.audit_tampered
def test_verify_audit_command(trail):
    done = CliRunner().invoke(app, ["verify-audit"])
    assert done.exit_code == 0, done.output
    assert "OK: 6 audit entries, chain intact" in done.output
    raw_sql("UPDATE inspections_auditentry SET object_id = %s WHERE id = %s", ["999", trail[5]])
    broken = CliRunner().invoke(app, ["verify-audit"])
    assert broken.exit_code != 0
    # openpeel's main() prints an OpenPeelError as one line and exits with status 1.
    assert isinstance(broken.exception, AuditChainBroken) and isinstance(broken.exception, OpenPeelError)
    assert f"broken at entry #{trail[5]}" in str(broken.exception)


@pytest.mark.audit_tampered
def test_a_judgment_or_report_version_changed_by_sql_fails_verification(inspection):
    """Issue 19.8: the chain protected the log, not the data. Each audited row is compared with the state its
    last entry recorded: a grade or a published report changed in the database, or a row removed, fails."""
    import datetime as dt

    from openpeel.demo.factories import grade_every_area
    from openpeel.inspections import workflow
    from openpeel.publishing.versions import store_first_version

    grade_every_area(inspection)
    now = dt.datetime(2025, 3, 3, 9, tzinfo=dt.UTC)
    embargo = now + dt.timedelta(days=1)
    for status in ("in_moderation", "approved", "scheduled", "published"):
        workflow.move(
            inspection, status, actor="moderator", embargo_at=embargo, now=embargo if status == "published" else now
        )
    with acting_as("publisher"):
        version = store_first_version(inspection, at=embargo, report={"title": "A report", "summary": "Good."})
    assert verify_chain().ok
    judgment = inspection.judgments.get(area_id="investigating")

    raw_sql("UPDATE inspections_judgment SET grade_id = %s WHERE id = %s", ["OUTSTANDING", judgment.pk])
    problem = verify_chain().problem
    assert f"inspections.judgment {judgment.pk} differs from its last audit entry" in problem and "grade_id" in problem
    done = CliRunner().invoke(app, ["verify-audit"])
    assert done.exit_code != 0 and "inspections.judgment" in str(done.exception)
    raw_sql("UPDATE inspections_judgment SET grade_id = %s WHERE id = %s", ["GOOD", judgment.pk])
    assert verify_chain().ok

    raw_sql(
        "UPDATE inspections_reportversion SET report = %s WHERE id = %s",
        ['{"title": "A report", "summary": "Bad."}', version.pk],
    )
    problem = verify_chain().problem
    assert f"inspections.reportversion {version.pk} differs" in problem and "report" in problem
    raw_sql(
        "UPDATE inspections_reportversion SET report = %s WHERE id = %s",
        ['{"title": "A report", "summary": "Good."}', version.pk],
    )
    assert verify_chain().ok

    raw_sql("DELETE FROM inspections_reportversion WHERE id = %s", [version.pk])
    assert f"inspections.reportversion {version.pk} is gone" in verify_chain().problem
