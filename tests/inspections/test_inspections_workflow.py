"""Workflow: draft -> in moderation -> approved -> scheduled (embargo) -> published, only along the table."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from openpeel.demo.factories import grade_every_area, make_inspection
from openpeel.inspections import workflow
from openpeel.inspections.errors import TransitionError
from openpeel.inspections.models import AuditEntry, Finding, Status
from openpeel.inspections.workflow import TRANSITIONS, move

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
NOW = dt.datetime(2025, 3, 3, 9, 0, tzinfo=LONDON)
EMBARGO = dt.datetime(2025, 3, 10, 0, 1, tzinfo=LONDON)


@pytest.fixture
def inspection():
    made = make_inspection()
    grade_every_area(made)
    return made


def test_the_whole_way_to_publication(inspection):
    move(inspection, "in_moderation", actor="lead-inspector", now=NOW)
    move(inspection, "approved", actor="moderator", now=NOW)
    assert inspection.approved_at == NOW
    move(inspection, "scheduled", actor="publisher", embargo_at=EMBARGO, now=NOW)
    assert inspection.embargo_at == EMBARGO
    move(inspection, "published", actor="publisher", now=EMBARGO + dt.timedelta(minutes=1))
    assert inspection.status == Status.PUBLISHED and inspection.published_at == EMBARGO + dt.timedelta(minutes=1)
    moves = [
        (e.actor, e.before["status"], e.after["status"])
        for e in AuditEntry.objects.filter(object_type="inspections.inspection", action="change")
    ]
    assert moves == [
        ("lead-inspector", "draft", "in_moderation"),
        ("moderator", "in_moderation", "approved"),
        ("publisher", "approved", "scheduled"),
        ("publisher", "scheduled", "published"),
    ]


@pytest.mark.parametrize("transition", TRANSITIONS, ids=lambda t: t.name)
def test_every_transition_in_the_table_works(inspection, transition):
    path = {  # how to reach each source status
        Status.DRAFT: [],
        Status.IN_MODERATION: ["in_moderation"],
        Status.APPROVED: ["in_moderation", "approved"],
        Status.SCHEDULED: ["in_moderation", "approved", "scheduled"],
    }[transition.source]
    for status in path:
        move(inspection, status, actor="someone", embargo_at=EMBARGO, now=NOW)
    later = EMBARGO + dt.timedelta(hours=1) if transition.name == "publish" else NOW
    move(inspection, transition.target, actor="someone", embargo_at=EMBARGO, now=later)
    assert inspection.status == transition.target


@pytest.mark.parametrize(
    "path,to,words",
    [
        ([], "approved", "cannot move from draft to approved; from draft it can move to: in moderation"),
        ([], "published", "from draft to published"),
        (["in_moderation"], "scheduled", "it can move to: draft, approved"),
        (["in_moderation", "approved"], "draft", "from approved to draft"),
        ([], "done", "to 'done'"),
    ],
)
def test_a_move_off_the_table_is_refused_clearly(inspection, path, to, words):
    for status in path:
        move(inspection, status, actor="someone", now=NOW)
    with pytest.raises(TransitionError, match=words):
        move(inspection, to, actor="someone", now=NOW)


def test_nothing_moves_after_publication(inspection):
    for status in ["in_moderation", "approved", "scheduled"]:
        move(inspection, status, actor="someone", embargo_at=EMBARGO, now=NOW)
    move(inspection, "published", actor="someone", now=EMBARGO)
    with pytest.raises(TransitionError, match="it can move to: nothing"):
        move(inspection, "approved", actor="someone", now=EMBARGO)


@pytest.mark.parametrize(
    "embargo,words",
    [
        (None, "needs an embargo date and time"),
        (NOW - dt.timedelta(days=1), "has already passed"),
        (dt.datetime(2025, 3, 10, 0, 1), "with its time zone"),
    ],
)
def test_scheduling_needs_a_future_embargo_with_its_zone(inspection, embargo, words):
    move(inspection, "in_moderation", actor="someone", now=NOW)
    move(inspection, "approved", actor="someone", now=NOW)
    with pytest.raises(TransitionError, match=words):
        move(inspection, "scheduled", actor="publisher", embargo_at=embargo, now=NOW)
    assert inspection.status == Status.APPROVED


def test_publication_waits_for_the_embargo(inspection):
    for status in ["in_moderation", "approved", "scheduled"]:
        move(inspection, status, actor="someone", embargo_at=EMBARGO, now=NOW)
    with pytest.raises(TransitionError, match="embargoed until 2025-03-10 00:01"):
        move(inspection, "published", actor="publisher", now=EMBARGO - dt.timedelta(seconds=1))
    move(inspection, "approved", actor="publisher", now=NOW)  # unscheduled: the embargo goes with it
    assert inspection.embargo_at is None and inspection.status == Status.APPROVED


def test_returned_to_draft_the_findings_can_change_again(inspection):
    move(inspection, "in_moderation", actor="lead-inspector", now=NOW)
    move(inspection, "approved", actor="moderator", now=NOW)
    move(inspection, "in_moderation", actor="moderator", now=NOW)  # reopened
    assert inspection.approved_at is None
    move(inspection, "draft", actor="moderator", now=NOW)
    Finding.objects.create(
        inspection=inspection, area_id="responding", characteristic_ids=["responding.attendance"], kind="strength",
        text="Emergency calls attended within the force's published times.",
    )  # fmt: skip
    assert inspection.findings.count() == 1


def test_allowed_moves_come_from_the_table():
    assert [t.target for t in workflow.allowed_moves(Status.IN_MODERATION)] == [Status.DRAFT, Status.APPROVED]
    assert workflow.allowed_moves(Status.PUBLISHED) == []


def test_a_public_report_cannot_be_unscheduled_and_its_grades_stay_frozen(inspection):
    """Issue 19.5: once the embargo has passed the report is public, whether or not `publish due` has run;
    the only change left is a correction (publishing.versions.correct), which keeps the earlier version."""
    from openpeel.inspections.audit import acting_as
    from openpeel.inspections.errors import InspectionLockedError

    for status in ["in_moderation", "approved", "scheduled"]:
        move(inspection, status, actor="someone", embargo_at=EMBARGO, now=NOW)
    after = EMBARGO + dt.timedelta(minutes=1)
    with pytest.raises(TransitionError, match="is public since 2025-03-10 00:01.*correction"):
        move(inspection, "approved", actor="moderator", now=after)
    inspection.refresh_from_db()
    assert inspection.status == Status.SCHEDULED and inspection.embargo_at == EMBARGO
    judgment = inspection.judgments.get(area_id="investigating")
    judgment.grade_id = "INADEQUATE"
    with acting_as("moderator"), pytest.raises(InspectionLockedError):
        judgment.save()
    assert inspection.judgments.get(area_id="investigating").grade_id == "GOOD"
    move(inspection, "published", actor="publisher", now=after)  # the one move left
