"""The inspection tables: ids checked against the framework data on save, grades only from the scale,
content frozen once approved, and every change attributed."""

from __future__ import annotations

import contextvars
import datetime as dt
import os

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, models, transaction
from django.db.models import ProtectedError

from openpeel.demo.factories import grade_every_area, make_inspection
from openpeel.inspections import workflow
from openpeel.inspections.errors import AuditError, EvidenceError, InspectionLockedError
from openpeel.inspections.models import (
    AreaForImprovement,
    AuditEntry,
    CaseFileReview,
    CauseOfConcern,
    FieldworkNote,
    Finding,
    IndicatorSnapshot,
    Inspection,
    Judgment,
)

pytestmark = pytest.mark.django_db


def test_runs_on_the_expected_database():
    # test_inspections_postgres.py runs this module again on PostgreSQL and says so here.
    assert connection.vendor == os.environ.get("OPENPEEL_EXPECT_DB_VENDOR", connection.vendor)


def test_an_inspection_stores_registry_and_framework_ids(inspection):
    named = make_inspection(force="Norfolk Constabulary")
    assert named.force_id == "norfolk"
    assert inspection.framework.title == "PEEL 2023–25" and inspection.force.name == "Cambridgeshire Constabulary"
    assert inspection.status == "draft" and inspection.year == 2024


@pytest.mark.parametrize(
    "fields,field,words",
    [
        ({"framework": "peel-2024"}, "framework_id", "No PEEL framework has the id 'peel-2024'"),
        ({"force": "Atlantis"}, "force_id", "No police force is known as 'Atlantis'"),
        ({"start": dt.date(2025, 1, 1)}, "period_end", "must not end before it starts"),
    ],
)
def test_an_inspection_with_unknown_ids_is_refused(fields, field, words):
    with pytest.raises(ValidationError) as e:
        make_inspection(**fields)
    assert words in " ".join(e.value.message_dict[field])
    assert not Inspection.objects.exists()


def test_a_force_has_one_inspection_per_cycle(inspection):
    with pytest.raises(ValidationError) as refused:
        make_inspection(start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 31))
    assert refused.value.message_dict == {
        "force_id": [
            f"Cambridgeshire Constabulary already has a PEEL 2023–25 inspection: inspection {inspection.pk} (1 January "
            "2024 to 31 December 2024, draft). A force has one PEEL inspection per cycle: carry on with that one, "
            "or choose another force or framework."
        ]
    }
    later = make_inspection(framework="peel-2025-27", start=dt.date(2025, 4, 1), end=dt.date(2026, 3, 31))
    make_inspection("norfolk")  # another force, the same cycle
    later.framework_id = "peel-2023-25"  # nor may one be moved onto a cycle the force already has
    with pytest.raises(ValidationError, match=f"inspection {inspection.pk} "):
        later.save()
    inspection.period_end = dt.date(2024, 11, 30)
    inspection.save()  # the one there is may still change
    assert Inspection.objects.filter(force_id="cambridgeshire").count() == 2


def test_the_database_itself_holds_one_inspection_per_force_and_cycle(inspection):
    second = Inspection(force_id="cambridgeshire", framework_id="peel-2023-25", period_start=dt.date(2025, 1, 1),
                        period_end=dt.date(2025, 12, 31))  # fmt: skip
    with pytest.raises(IntegrityError), transaction.atomic():
        models.Model.save(second)  # past the model's checks, as a write racing the first would be


def test_a_second_inspection_saved_in_a_race_is_refused_clearly(inspection, monkeypatch):
    """Two starts at once (PostgreSQL): each checks before either has written, so the later insert is refused by
    the database; that refusal reads as the check's would, never as a database error. The race is played here
    by a save whose checks read nothing (as if before the first inspection was committed)."""
    monkeypatch.setattr(Inspection, "full_clean", lambda self, *args, **kwargs: None)
    with pytest.raises(ValidationError, match=f"already has a PEEL 2023–25 inspection: inspection {inspection.pk} "):
        make_inspection(start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 31))
    assert list(Inspection.objects.all()) == [inspection]


@pytest.mark.parametrize(
    "area_id,characteristics,field,words",
    [
        (
            "investigatng",
            ["investigating.timely"],
            "area_id",
            "has no node 'investigatng'. Did you mean: investigating",
        ),
        ("investigating", [], "characteristic_ids", "at least one characteristic of investigating"),
        ("investigating", ["responding.999-answered"], "characteristic_ids", "not a characteristic of 'investigating'"),
        ("investigating", ["investigating.nonsense"], "characteristic_ids", "has no node 'investigating.nonsense'"),
        ("investigating.timely", ["investigating.timely"], "area_id", "is a characteristic of 'investigating'"),
    ],
)
def test_a_finding_names_real_characteristics_of_its_area(inspection, area_id, characteristics, field, words):
    with pytest.raises(ValidationError) as e:
        Finding.objects.create(
            inspection=inspection, area_id=area_id, characteristic_ids=characteristics, kind="strength", text="x"
        )
    assert words in " ".join(e.value.message_dict[field])


def test_a_finding_under_an_older_framework_links_to_the_area_alone():
    older = make_inspection(framework="peel-2021-22", start=dt.date(2021, 6, 1), end=dt.date(2022, 5, 31))
    finding = Finding.objects.create(inspection=older, area_id="responding", kind="weakness", text="Slow 999 answers")
    assert finding.characteristic_ids == []


def test_every_area_reference_is_checked(inspection):
    for model, extra in [
        (AreaForImprovement, {"text": "The force should improve."}),
        (CauseOfConcern, {"text": "Serious."}),
        (FieldworkNote, {"kind": "interview", "held_on": dt.date(2024, 3, 1), "text": "notes"}),
        (CaseFileReview, {"case_reference": "CF1", "theme": "DA", "reviewed_on": dt.date(2024, 3, 1), "result": "met"}),
    ]:
        with pytest.raises(ValidationError, match="has no node 'nowhere'"):
            model.objects.create(inspection=inspection, area_id="nowhere", **extra)


def test_an_area_for_improvement_is_worded_as_the_inspectorate_words_them(inspection):
    # Cambridgeshire is a constabulary, and 2023-25 reports call it "the constabulary".
    with pytest.raises(ValidationError, match='begins "The constabulary should'):
        AreaForImprovement.objects.create(inspection=inspection, area_id="responding", text="Answer 101 calls faster.")
    AreaForImprovement.objects.create(
        inspection=inspection, area_id="responding", text="The constabulary should answer 101 calls faster."
    )


def test_a_grade_is_an_id_of_the_inspections_scale(inspection):
    judgment = Judgment.objects.create(inspection=inspection, area_id="responding", grade_id="good", rationale="r")
    assert (judgment.grade_id, judgment.framework_id) == ("GOOD", "peel-2023-25")  # any case in, the id stored
    with pytest.raises(ValidationError) as e:
        Judgment.objects.create(inspection=inspection, area_id="investigating", grade_id="EXCELLENT")
    assert "has no grade 'EXCELLENT'; its grades are: outstanding, good, adequate" in str(e.value)
    older = make_inspection(framework="peel-2018-19", start=dt.date(2018, 4, 1), end=dt.date(2019, 3, 31))
    with pytest.raises(ValidationError, match="has no grade 'ADEQUATE'"):
        Judgment.objects.create(inspection=older, area_id="effectiveness", grade_id="ADEQUATE")
    with pytest.raises(ValidationError, match="on its own scale"):
        Judgment.objects.create(
            inspection=inspection, area_id="leadership", grade_id="GOOD", framework_id="peel-2021-22"
        )


def test_one_judgment_per_area(inspection):
    Judgment.objects.create(inspection=inspection, area_id="responding", grade_id="GOOD", rationale="r")
    with pytest.raises(ValidationError):
        Judgment.objects.create(inspection=inspection, area_id="responding", grade_id="GOOD", rationale="r")


def test_changes_are_refused_without_an_actor_and_leave_nothing_behind(inspection):
    entries = AuditEntry.objects.count()

    def unattributed():
        Finding.objects.create(
            inspection=inspection, area_id="responding", characteristic_ids=["responding.attendance"],
            kind="strength", text="x",
        )  # fmt: skip

    with pytest.raises(AuditError, match="acting_as"):
        contextvars.Context().run(unattributed)  # a fresh context: nobody is acting
    assert not Finding.objects.exists() and AuditEntry.objects.count() == entries


def test_bulk_changes_that_would_skip_the_audit_are_refused(inspection):
    AreaForImprovement.objects.create(inspection=inspection, area_id="responding", text="The force should answer.")
    with pytest.raises(AuditError, match="without an audit entry"):
        AreaForImprovement.objects.filter(inspection=inspection).update(text="The force should not.")
    with pytest.raises(AuditError):
        AreaForImprovement.objects.bulk_create([AreaForImprovement(inspection=inspection, area_id="responding")])


def test_the_status_moves_only_through_the_workflow(inspection):
    inspection.status = "published"
    with pytest.raises(InspectionLockedError, match="workflow.move"):
        inspection.save()
    with pytest.raises(InspectionLockedError, match="starts as a draft"):
        make_inspection("norfolk", status="approved")


def test_the_framework_is_fixed_once_anything_is_recorded(inspection):
    inspection.framework_id = "peel-2021-22"
    inspection.save()  # nothing recorded yet: a wrong choice can still be corrected
    inspection.framework_id = "peel-2023-25"
    inspection.save()
    Judgment.objects.create(inspection=inspection, area_id="police-powers", grade_id="GOOD", rationale="r")
    inspection.framework_id = "peel-2021-22"
    with pytest.raises(InspectionLockedError, match="framework_id"):
        inspection.save()


def test_evidence_findings_and_judgments_freeze_at_approval(inspection):
    judgments = grade_every_area(inspection)
    workflow.move(inspection, "in_moderation", actor="moderator")
    workflow.move(inspection, "approved", actor="moderator")
    with pytest.raises(InspectionLockedError, match="frozen once approved"):
        Finding.objects.create(
            inspection=inspection, area_id="responding", characteristic_ids=["responding.attendance"],
            kind="weakness", text="late",
        )  # fmt: skip
    judgment = Judgment.objects.get(pk=judgments[0].pk)
    judgment.grade_id = "ADEQUATE"
    with pytest.raises(InspectionLockedError):
        judgment.save()
    with pytest.raises(InspectionLockedError):
        judgment.delete()
    with pytest.raises(InspectionLockedError):
        Judgment.objects.filter(inspection=inspection).delete()
    inspection.period_end = dt.date(2025, 1, 31)
    with pytest.raises(InspectionLockedError, match="nothing changes once the inspection is approved"):
        inspection.save()
    assert Judgment.objects.filter(inspection=inspection).count() == len(judgments)


def _snapshot(inspection, **fields):
    values = dict(
        inspection=inspection, indicator_id="calls-999-answered-within-10s", title="999 calls answered in 10 s",
        unit="% of 999 calls", areas=["responding"], period=dt.date(2019, 1, 1), value=71.2, numerator=712,
        denominator=1000, standard={"target": 90, "better": "higher", "description": "90% within 10 seconds"},
    )  # fmt: skip
    return IndicatorSnapshot.objects.create(**{**values, **fields})


def test_a_snapshots_figures_cannot_be_edited_but_its_note_can(inspection):
    snap = _snapshot(inspection)
    assert snap.meets_standard() is False and _snapshot(inspection, value=91.0).meets_standard() is True
    snap.note = "Well below the national standard."
    snap.save()
    snap.value = 95.0
    with pytest.raises(EvidenceError, match="attach a fresh snapshot"):
        snap.save()
    assert IndicatorSnapshot.objects.get(pk=snap.pk).value == 71.2


def test_only_an_empty_draft_can_be_deleted(inspection):
    Judgment.objects.create(inspection=inspection, area_id="responding", grade_id="GOOD", rationale="r")
    with pytest.raises(ProtectedError):
        inspection.delete()  # its judgment protects it: evidence is never lost with its container
    empty = make_inspection("norfolk")
    pk = empty.pk
    empty.delete()
    assert AuditEntry.objects.filter(object_type="inspections.inspection", object_id=str(pk)).last().action == "delete"
    assert Inspection.objects.filter(pk=inspection.pk).exists()
