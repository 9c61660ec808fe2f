"""Carry forward: an area not inspected this time keeps the latest earlier signed-off judgment of the same
force under the same framework family, marked with its year; grades of different versions never compared."""

from __future__ import annotations

import datetime as dt

import pytest

from openpeel.demo.factories import grade_area, grade_every_area, make_inspection, write_summary
from openpeel.errors import IncomparableGradesError
from openpeel.inspections import workflow
from openpeel.inspections.carry_forward import (
    CarryForwardError,
    carry_forward,
    grade_change,
    latest_earlier_judgment,
)
from openpeel.inspections.models import AreaForImprovement, Judgment

pytestmark = pytest.mark.django_db


def signed_off(framework, start, end, grades: dict[str, str], force="cambridgeshire"):
    """An approved inspection with every graded area judged GOOD except `grades`."""
    inspection = make_inspection(force=force, framework=framework, start=start, end=end)
    for node, _ in inspection.framework.walk():
        if node.kind != "characteristic" and node.graded:
            grade_area(inspection, node.id, grades.get(node.id, "GOOD"))
    write_summary(inspection)
    workflow.move(inspection, "in_moderation", actor="lead")
    workflow.move(inspection, "approved", actor="moderator")
    return inspection


@pytest.fixture
def history():
    """Cambridgeshire: PEEL 2021/22 and PEEL 2023-25 signed off, and its current PEEL 2025-27 inspection (a
    draft; a force has one inspection per cycle); and Norfolk's 2023-25 inspection, signed off."""
    return {
        "2021-22": signed_off("peel-2021-22", dt.date(2021, 6, 1), dt.date(2022, 5, 31), {"responding": "ADEQUATE"}),
        "2023-25": signed_off(
            "peel-2023-25", dt.date(2023, 4, 1), dt.date(2023, 12, 31), {"preventing-crime": "ADEQUATE"}
        ),
        "other-force": signed_off(
            "peel-2023-25",
            dt.date(2023, 6, 1),
            dt.date(2024, 3, 31),
            {"preventing-crime": "INADEQUATE"},
            force="norfolk",
        ),
        "current": make_inspection(framework="peel-2025-27", start=dt.date(2025, 1, 1), end=dt.date(2025, 6, 30)),
    }


def test_the_latest_earlier_signed_off_judgment_is_carried_forward_with_its_year(history):
    current = history["current"]
    workflow.move(history["2023-25"], "in_moderation", actor="moderator")  # reopened: not signed off now
    assert latest_earlier_judgment(current, "preventing-crime").inspection == history["2021-22"]
    workflow.move(history["2023-25"], "approved", actor="moderator")
    source = latest_earlier_judgment(current, "preventing-crime")  # not Norfolk's later inadequate
    assert source.inspection == history["2023-25"] and source.grade_id == "ADEQUATE"
    carried = carry_forward(current, "preventing-crime")
    assert carried.carried_forward and carried.carried_forward_year == 2023
    assert (carried.grade_id, carried.framework_id, carried.carried_forward_from) == (
        "ADEQUATE",
        "peel-2023-25",
        source,
    )
    assert str(carried) == "preventing-crime: adequate (carried forward from 2023)"
    assert Judgment.objects.get(pk=carried.pk).carried_forward_year == 2023


def test_the_latest_is_chosen_by_period_across_versions_of_the_family(history):
    # Both 2021/22 and 2023-25 judged "responding": the later period wins, not the better grade.
    carried = carry_forward(history["current"], "responding")
    assert (carried.grade_id, carried.framework_id, carried.carried_forward_year) == ("GOOD", "peel-2023-25", 2023)


def test_a_grade_from_an_earlier_version_keeps_its_own_scale_and_is_never_compared(history):
    # Its period moved to before the 2023-25 inspection's, so the latest earlier judgment is the 2021/22 one
    # (a signed-off inspection after the period is never taken).
    first_round = history["current"]
    first_round.period_start, first_round.period_end = dt.date(2023, 1, 1), dt.date(2023, 3, 31)
    first_round.save()
    carried = carry_forward(first_round, "responding")
    assert (carried.grade_id, carried.framework_id, carried.carried_forward_year) == ("ADEQUATE", "peel-2021-22", 2022)
    assert carried.grade.framework_id == "peel-2021-22"  # shown on its own scale
    awarded_now = grade_area(first_round, "investigating", "GOOD")
    with pytest.raises(IncomparableGradesError, match="cannot be compared directly"):
        grade_change(carried, awarded_now)
    with pytest.raises(IncomparableGradesError):
        _ = carried.grade < awarded_now.grade


def test_grade_change_within_one_version(history):
    adequate = history["2023-25"].judgments.get(area_id="preventing-crime")
    inadequate = history["other-force"].judgments.get(area_id="preventing-crime")
    assert grade_change(inadequate, adequate) == 1 and grade_change(adequate, inadequate) == -1


def test_a_carried_forward_judgment_carried_again_keeps_the_original_and_its_year():
    first = signed_off("peel-2021-22", dt.date(2021, 6, 1), dt.date(2022, 5, 31), {}, force="suffolk")
    middle = make_inspection("suffolk", "peel-2023-25", dt.date(2023, 4, 1), dt.date(2024, 3, 31))
    carry_forward(middle, "responding")
    for node, _ in middle.framework.walk():
        if node.kind != "characteristic" and node.graded and node.id != "responding":
            grade_area(middle, node.id, "GOOD")
    write_summary(middle)
    workflow.move(middle, "in_moderation", actor="lead")
    workflow.move(middle, "approved", actor="moderator")
    current = make_inspection("suffolk", "peel-2025-27", dt.date(2025, 4, 1), dt.date(2026, 3, 31))
    again = carry_forward(current, "responding")
    assert again.carried_forward_from == first.judgments.get(area_id="responding")
    assert again.carried_forward_year == 2022


def test_carry_forward_is_refused_where_it_does_not_apply(history):
    current = history["current"]
    with pytest.raises(CarryForwardError, match="No earlier signed-off judgment of 'victim-service'"):
        carry_forward(current, "victim-service")  # ungraded: nothing graded to carry
    AreaForImprovement.objects.create(inspection=current, area_id="leadership", text="The force should plan.")
    with pytest.raises(CarryForwardError, match="inspected this time"):
        carry_forward(current, "leadership")
    carry_forward(current, "investigating")
    with pytest.raises(CarryForwardError, match="already has a judgment"):
        carry_forward(current, "investigating")
    first = make_inspection(force="suffolk", start=dt.date(2019, 1, 1), end=dt.date(2019, 12, 31))
    with pytest.raises(CarryForwardError, match="No earlier"):
        carry_forward(first, "investigating")


def test_approval_accepts_carried_forward_grades_checked_when_first_signed_off(history):
    current = history["current"]
    grade_every_area(current)
    current.judgments.get(area_id="preventing-crime").delete()
    carry_forward(current, "preventing-crime")  # adequate, with its areas for improvement in 2023, none now
    workflow.move(current, "in_moderation", actor="lead")
    workflow.move(current, "approved", actor="moderator")
    assert current.status == "approved"
