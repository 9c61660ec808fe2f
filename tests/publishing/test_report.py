"""The report's structure follows its framework version; every judgment sentence comes from framework data."""

import datetime as dt

import pytest
from django.utils import timezone

from openpeel.demo.examples import WORKED_EXAMPLE
from openpeel.demo.factories import grade_area, make_inspection, write_summary
from openpeel.frameworks import load_framework
from openpeel.inspections import workflow
from openpeel.inspections.carry_forward import carry_forward
from openpeel.inspections.models import AreaForImprovement, Finding, InnovativePractice
from openpeel.inspections.placeholders import DEMONSTRATION
from openpeel.publishing.report import build_report

pytestmark = pytest.mark.django_db


def sign_off(inspection):
    write_summary(inspection)
    for to in ("in_moderation", "approved"):
        workflow.move(inspection, to, actor="test-moderator")


def test_2023_25_report_has_the_grade_table_in_framework_order_with_victim_service_ungraded(worked_example):
    report = build_report(worked_example)
    framework = load_framework("peel-2023-25")
    assert report.style == "areas"
    # In the framework's own order; recording data (graded only where a report graded it) is left out here.
    assert [row.id for row in report.grade_table] == [a.id for a in framework.areas if not a.optional]
    grades = {row.id: row.grade for row in report.grade_table}
    assert grades == {**{a: framework.grade(g).label for a, g in WORKED_EXAMPLE.items()}, "victim-service": None}
    victims = next(row for row in report.grade_table if row.id == "victim-service")
    assert victims.note == "Service for victims of crime is not graded."
    assert report.summary.startswith(DEMONSTRATION)


def test_2023_25_sections_carry_findings_afis_and_causes_with_recommendations(worked_example):
    sections = {s.id: s for s in build_report(worked_example).sections}
    leadership = sections["leadership"]
    assert leadership.sentence == "Cambridgeshire Constabulary is inadequate at leadership and force management."
    assert [c.recommendations for c in leadership.causes] == [["Within six months the force should fix leadership."]]
    assert sections["investigating"].afis == ["The force should improve investigating."]
    assert sections["responding"].sentence == (
        "Cambridgeshire Constabulary requires improvement in responding to the public."
    )
    assert sections["victim-service"].sentence is None and sections["victim-service"].graded is False
    assert sections["police-powers"].practice == [
        f"{DEMONSTRATION}. Where a report names practice other forces could learn from, it appears here."
    ]


def test_the_annex_lists_every_snapshot_with_definition_source_period_and_interval(worked_example):
    report = build_report(worked_example)
    snapshots = list(worked_example.indicator_snapshots.all())
    assert [a.indicator_id for a in report.annex] == [s.indicator_id for s in snapshots]
    for entry, snap in zip(report.annex, snapshots, strict=True):
        assert entry.definition and entry.sources
        assert entry.period == f"{snap.period:%B %Y}"
        assert entry.interval == f"{snap.ci_low:,.2f} to {snap.ci_high:,.2f} (95% interval)"
        assert entry.id in next(s for s in report.sections if s.id == snap.areas[0]).indicators


def test_2018_19_report_is_pillars_with_questions_afis_and_practice():
    now = make_inspection(framework="peel-2018-19", start=dt.date(2018, 6, 1), end=dt.date(2019, 3, 31))
    for node, _ in now.framework.walk():
        if node.kind != "characteristic" and node.graded:
            grade_area(now, node.id, "REQUIRES_IMPROVEMENT" if node.id == "efficiency" else "GOOD")
    Finding.objects.create(inspection=now, area_id="effectiveness.q2", kind="weakness", text="Files lack a plan.")
    InnovativePractice.objects.create(inspection=now, area_id="legitimacy.q1", text="A youth panel reviews stops.")
    report = build_report(now)

    assert report.style == "pillars"
    effectiveness = report.sections[0]
    assert effectiveness.question == "How effectively does the force reduce crime and keep people safe?"
    assert effectiveness.sentence == "Cambridgeshire Constabulary is good at reducing crime and keeping people safe."
    questions = {q.id: q for q in effectiveness.questions}
    assert questions["effectiveness.q4"].sentence == (
        "Cambridgeshire Constabulary is good at tackling serious and organised crime."
    )
    assert questions["effectiveness.q2"].weaknesses == ["Files lack a plan."]
    assert questions["effectiveness.q5"].graded is False and questions["effectiveness.q5"].sentence is None
    assert report.sections[1].sentence == (
        "Cambridgeshire Constabulary requires improvement in operating efficiently and providing sustainable services."
    )
    assert report.sections[1].afis == ["The force should improve efficiency."]
    assert report.sections[2].questions[0].practice == ["A youth panel reviews stops."]
    row = next(r for r in report.grade_table if r.id == "effectiveness.q4")
    assert (row.grade, row.level) == ("good", 1)
    assert report.previous is None and report.progress == []  # its cycle's only inspection, and the first


def test_a_grade_carried_forward_from_the_previous_cycle_keeps_its_year():
    # A force has one inspection per cycle, so what is carried forward comes from an earlier cycle's.
    earlier = make_inspection(framework="peel-2021-22", start=dt.date(2021, 6, 1), end=dt.date(2022, 5, 31))
    for area in earlier.framework.graded_areas():
        grade_area(earlier, area.id, "GOOD")
    sign_off(earlier)
    now = make_inspection()
    for area in now.framework.graded_areas():
        if area.id != "investigating":
            grade_area(now, area.id, "GOOD")
    carry_forward(now, "investigating")
    report = build_report(now)

    investigating = next(s for s in report.sections if s.id == "investigating")
    assert investigating.sentence == "In 2022, we judged the constabulary to be good at investigating crime."
    row = next(r for r in report.grade_table if r.id == "investigating")
    assert (row.grade, row.note) == ("good", "Carried forward from 2022")
    assert report.previous == "PEEL 2021/22 (2022)"


def test_progress_says_what_became_of_each_earlier_area_for_improvement():
    earlier = make_inspection(framework="peel-2021-22", start=dt.date(2022, 1, 1), end=dt.date(2022, 12, 31))
    for area in earlier.framework.graded_areas():
        grade_area(earlier, area.id, "ADEQUATE" if area.id in ("investigating", "responding") else "GOOD")
    sign_off(earlier)
    now = make_inspection()
    for area in now.framework.graded_areas():
        grade_area(now, area.id, "ADEQUATE" if area.id == "investigating" else "GOOD")
    outcomes = {p.area: p.outcome for p in build_report(now).progress}
    assert outcomes == {
        "Investigating crime": "Not yet resolved: we have again identified an area for improvement here.",
        "Responding to the public": "Addressed: we found no area for improvement in this area this time.",
    }
    assert AreaForImprovement.objects.filter(inspection=earlier).count() == 2


def test_progress_says_how_each_item_was_followed_up_between_the_inspections():
    from openpeel.monitoring import tracking
    from openpeel.monitoring.models import ItemStatus, TrackedItem

    earlier = make_inspection(framework="peel-2021-22", start=dt.date(2022, 1, 1), end=dt.date(2022, 12, 31))
    for area in earlier.framework.graded_areas():
        grade_area(earlier, area.id, {"investigating": "INADEQUATE", "responding": "ADEQUATE"}.get(area.id, "GOOD"))
    sign_off(earlier)
    embargo = timezone.now() + dt.timedelta(minutes=1)
    workflow.move(earlier, "scheduled", actor="test-moderator", embargo_at=embargo)
    workflow.move(earlier, "published", actor="test-moderator", now=embargo)  # tracked as it is published
    afi = TrackedItem.objects.get(inspection=earlier, kind="area_for_improvement")
    closed_at = embargo + dt.timedelta(days=30)
    tracking.move(afi, ItemStatus.COMPLETE, by="test-inspector", why="Calls are answered on time.", now=closed_at)
    now = make_inspection()
    for area in now.framework.graded_areas():
        grade_area(now, area.id, "GOOD")
    followed = {p.text: p.followed_up for p in build_report(now).progress}
    recommendation = TrackedItem.objects.get(inspection=earlier, kind="recommendation")
    assert followed == {
        afi.text: f"complete, closed on {timezone.localdate(closed_at):%d %B %Y}. Calls are answered on time.",
        recommendation.text: "awaiting review.",
    }
