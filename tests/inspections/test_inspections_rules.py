"""Grade consistency rules: data in grade_rules.yaml, each one held and broken; warned while drafting,
enforced at approval with every problem listed."""

from __future__ import annotations

import datetime as dt
import warnings

import pytest

from openpeel.demo.factories import grade_area, grade_every_area, make_inspection
from openpeel.errors import DataFileError
from openpeel.inspections import rules, workflow
from openpeel.inspections.errors import GradeRulesError
from openpeel.inspections.models import (
    AreaForImprovement,
    CauseOfConcern,
    Inspection,
    Judgment,
    Recommendation,
)
from openpeel.inspections.rules import GradeRuleWarning, load_grade_rules

pytestmark = pytest.mark.django_db


def rule_ids(inspection, **kwargs) -> set[tuple[str, str]]:
    return {(p.area_id, p.rule) for p in rules.check(inspection, for_sign_off=False, **kwargs)}


def cause_with_recommendation(inspection, area_id):
    cause = CauseOfConcern.objects.create(inspection=inspection, area_id=area_id, text="Serious failings.")
    Recommendation.objects.create(cause=cause, text="Within six months the force should act.")
    return cause


def judge(inspection, area_id, grade_id):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", GradeRuleWarning)  # drafting: a broken rule only warns
        return Judgment.objects.create(inspection=inspection, area_id=area_id, grade_id=grade_id, rationale="r")


def test_the_bundled_rules_are_keyed_by_grade_id():
    loaded = load_grade_rules()
    assert {r.id for r in loaded.for_grade("INADEQUATE")} == {
        "ungraded-area-has-no-grade",
        "inadequate-needs-cause-of-concern",
    }
    assert [r.forbids for r in loaded.grades["GOOD"]] == ["cause_of_concern"]
    assert [r.requires for r in loaded.grades["REQUIRES_IMPROVEMENT"]] == ["area_for_improvement"]


def test_inadequate_needs_a_cause_of_concern(inspection):
    judge(inspection, "investigating", "INADEQUATE")
    assert rule_ids(inspection) == {("investigating", "inadequate-needs-cause-of-concern")}
    cause_with_recommendation(inspection, "investigating")
    assert rule_ids(inspection) == set()


def test_a_cause_of_concern_in_another_area_does_not_count(inspection):
    judge(inspection, "investigating", "INADEQUATE")
    cause_with_recommendation(inspection, "responding")
    assert ("investigating", "inadequate-needs-cause-of-concern") in rule_ids(inspection)


@pytest.mark.parametrize("grade", ["GOOD", "OUTSTANDING"])
def test_a_cause_of_concern_forbids_good_and_outstanding(inspection, grade):
    judge(inspection, "responding", grade)
    assert rule_ids(inspection) == set()
    cause_with_recommendation(inspection, "responding")
    assert rule_ids(inspection) == {("responding", f"cause-of-concern-rules-out-{grade.lower()}")}


@pytest.mark.parametrize(
    "grade,rule",
    [
        ("ADEQUATE", "adequate-needs-area-for-improvement"),
        ("REQUIRES_IMPROVEMENT", "requires-improvement-needs-area-for-improvement"),
    ],
)
def test_adequate_and_requires_improvement_need_areas_for_improvement(inspection, grade, rule):
    judge(inspection, "preventing-crime", grade)
    assert rule_ids(inspection) == {("preventing-crime", rule)}
    AreaForImprovement.objects.create(inspection=inspection, area_id="preventing-crime", text="The force should plan.")
    assert rule_ids(inspection) == set()


def test_an_ungraded_area_cannot_be_graded(inspection):
    judge(inspection, "victim-service", "GOOD")
    (problem,) = rules.check(inspection, for_sign_off=False)
    assert (problem.area_id, problem.rule, problem.grade_label) == (
        "victim-service",
        "ungraded-area-has-no-grade",
        "good",
    )
    assert "Service for victims of crime" in str(problem) and "does not grade this area" in str(problem)
    Judgment.objects.filter(area_id="victim-service").delete()
    judge(inspection, "victim-service", "")  # a judgment with a rationale but no grade is what the area takes
    assert rule_ids(inspection) == set()


def test_drafting_only_warns(inspection):
    with pytest.warns(GradeRuleWarning, match="inadequate-needs-cause-of-concern"):
        judgment = Judgment.objects.create(inspection=inspection, area_id="leadership", grade_id="INADEQUATE")
    assert Judgment.objects.get(pk=judgment.pk).grade_id == "INADEQUATE"  # saved all the same
    with pytest.warns(GradeRuleWarning):
        workflow.move(inspection, "in_moderation", actor="lead-inspector")  # submitting warns too
    assert Inspection.objects.get(pk=inspection.pk).status == "in_moderation"


def test_approval_is_refused_with_every_problem_listed(inspection):
    grade_every_area(inspection, "GOOD")
    for area, grade in [("investigating", "INADEQUATE"), ("leadership", "ADEQUATE"), ("responding", "GOOD")]:
        j = Judgment.objects.get(inspection=inspection, area_id=area)
        j.grade_id = grade
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", GradeRuleWarning)
            j.save()
    cause_with_recommendation(inspection, "responding")
    judge(inspection, "victim-service", "OUTSTANDING")
    with pytest.warns(GradeRuleWarning):
        workflow.move(inspection, "in_moderation", actor="lead-inspector")
    with pytest.raises(GradeRulesError) as refused:
        workflow.move(inspection, "approved", actor="moderator")
    expected = {
        ("investigating", "inadequate-needs-cause-of-concern"),
        ("leadership", "adequate-needs-area-for-improvement"),
        ("responding", "cause-of-concern-rules-out-good"),
        ("victim-service", "ungraded-area-has-no-grade"),
    }
    assert {(p.area_id, p.rule) for p in refused.value.problems} == expected
    message = str(refused.value)
    assert "4 problem(s)" in message
    for area, rule in expected:
        assert area in message and rule in message
    assert refused.value.code == "grade_rules_broken"
    assert Inspection.objects.get(pk=inspection.pk).status == "in_moderation"


def test_a_cause_of_concern_without_a_recommendation_is_refused_at_approval(inspection):
    grade_every_area(inspection, "GOOD")
    j = Judgment.objects.get(inspection=inspection, area_id="protecting-vulnerable")
    cause = CauseOfConcern.objects.create(
        inspection=inspection, area_id="protecting-vulnerable", text="Risk unmanaged."
    )
    j.grade_id = "INADEQUATE"
    with pytest.warns(GradeRuleWarning, match="cause-of-concern-needs-recommendation"):
        j.save()
    with pytest.warns(GradeRuleWarning, match="cause-of-concern-needs-recommendation"):
        workflow.move(inspection, "in_moderation", actor="lead-inspector")
    with pytest.raises(GradeRulesError) as refused:
        workflow.move(inspection, "approved", actor="moderator")
    (problem,) = refused.value.problems
    assert (problem.area_id, problem.rule) == ("protecting-vulnerable", "cause-of-concern-needs-recommendation")
    Recommendation.objects.create(cause=cause, text="The force should review every open case.")
    workflow.move(inspection, "approved", actor="moderator")
    assert Inspection.objects.get(pk=inspection.pk).status == "approved"


def test_sign_off_needs_a_graded_judgment_with_rationale_for_every_graded_area(inspection):
    grade_area(inspection, "responding", "GOOD")
    Judgment.objects.create(inspection=inspection, area_id="leadership", grade_id="")
    Judgment.objects.create(inspection=inspection, area_id="investigating", grade_id="GOOD", rationale=" ")
    problems = {(p.area_id, p.rule) for p in rules.check(inspection, for_sign_off=True)}
    assert ("leadership", "graded-area-needs-grade") in problems
    assert ("investigating", "judgment-needs-rationale") in problems
    assert ("police-powers", "graded-area-needs-judgment") in problems
    assert not any(area in ("responding", "victim-service") for area, _ in problems)
    assert rules.check(inspection, for_sign_off=False) == []  # not noise while drafting


def test_rules_follow_the_frameworks_own_scale():
    older = make_inspection(framework="peel-2018-19", start=dt.date(2018, 4, 1), end=dt.date(2019, 3, 31))
    judge(older, "effectiveness.q1", "REQUIRES_IMPROVEMENT")
    judge(older, "effectiveness.q5", "GOOD")  # specialist capabilities: ungraded in 2018/19
    assert rule_ids(older) == {
        ("effectiveness.q1", "requires-improvement-needs-area-for-improvement"),
        ("effectiveness.q5", "ungraded-area-has-no-grade"),
    }


@pytest.mark.parametrize(
    "text,words",
    [
        (
            "grades:\n  INADEQAUTE:\n    - {id: x, requires: cause_of_concern, because: b}\n",
            "INADEQAUTE is not a grade",
        ),
        ("grades:\n  GOOD:\n    - {id: x, requires: strength, forbids: weakness, because: b}\n", "exactly one of"),
        ("grades:\n  GOOD:\n    - {id: x, requires: recommendations, because: b}\n", "grades.GOOD.0.requires"),
        (
            "grades:\n  GOOD: [{id: x, needs: graded_area, because: b}]\n"
            "  ADEQUATE: [{id: x, needs: graded_area, because: b}]\n",
            "used twice",
        ),
    ],
)
def test_a_bad_rules_file_is_refused_in_plain_words(tmp_path, text, words):
    path = tmp_path / "rules.yaml"
    path.write_text(text)
    with pytest.raises(DataFileError, match=words) as e:
        load_grade_rules(path)
    assert str(path) in str(e.value)
