"""The suggested grade explains itself from the evidence and never touches the inspector's judgment."""

from __future__ import annotations

import datetime as dt

import pytest

from openpeel.demo.factories import make_inspection
from openpeel.inspections.models import AuditEntry, CauseOfConcern, Finding, IndicatorSnapshot, Judgment
from openpeel.inspections.suggest import suggest_grade

pytestmark = pytest.mark.django_db
STANDARD = "90% of 999 calls answered within 10 seconds"
PREVENTING = [
    "preventing-crime.priority",
    "preventing-crime.neighbourhoods",
    "preventing-crime.problem-solving",
    "preventing-crime.community-priorities",
    "preventing-crime.antisocial-behaviour",
    "preventing-crime.early-intervention",
]


def find(inspection, area_id, characteristic_ids, kind):
    return Finding.objects.create(
        inspection=inspection, area_id=area_id, characteristic_ids=characteristic_ids, kind=kind, text=f"{kind} found"
    )


def test_the_suggestion_names_what_is_met_and_not_and_leaves_the_judgment_alone(inspection):
    judgment = Judgment.objects.create(
        inspection=inspection, area_id="preventing-crime", grade_id="GOOD", rationale="r"
    )
    find(inspection, "preventing-crime", PREVENTING[:5], "strength")
    find(inspection, "preventing-crime", ["preventing-crime.early-intervention"], "weakness")
    before = (Judgment.objects.get(pk=judgment.pk).grade_id, AuditEntry.objects.count())
    suggestion = suggest_grade(inspection, "preventing-crime")
    assert suggestion.grade.id == "ADEQUATE"  # 5 of 6: good needs 90%
    assert suggestion.met == tuple(PREVENTING[:5]) and suggestion.not_met == ("preventing-crime.early-intervention",)
    text = str(suggestion)
    assert text.startswith("Suggested: adequate")
    assert "5 of 6 assessed item(s) met (83%); adequate needs at least 50%" in text
    assert "Not met (weaknesses recorded): Early intervention" in text
    assert "needs at least one area for improvement" in text  # what sign-off would ask of that grade
    assert "The inspector's judgment is good; a suggestion never replaces it" in text
    assert (Judgment.objects.get(pk=judgment.pk).grade_id, AuditEntry.objects.count()) == before


def test_all_characteristics_met_suggests_good_and_lists_the_unassessed(inspection):
    find(inspection, "preventing-crime", PREVENTING[:4], "strength")
    suggestion = suggest_grade(inspection, "preventing-crime")
    assert suggestion.grade.id == "GOOD"
    assert suggestion.not_assessed == tuple(PREVENTING[4:])
    assert any(r.startswith("No findings yet, so not counted") for r in suggestion.reasons)


def test_a_cause_of_concern_suggests_inadequate(inspection):
    find(inspection, "investigating", ["investigating.timely"], "strength")
    CauseOfConcern.objects.create(inspection=inspection, area_id="investigating", text="Investigations stall.")
    suggestion = suggest_grade(inspection, "investigating")
    assert suggestion.grade.id == "INADEQUATE"
    assert "1 cause(s) of concern recorded; the grade rules tie them to inadequate." in suggestion.reasons


def test_an_indicator_missing_its_standard_is_named(inspection):
    find(inspection, "responding", ["responding.attendance", "responding.call-assessment"], "strength")
    IndicatorSnapshot.objects.create(
        inspection=inspection, indicator_id="calls-999-answered-within-10s", title="999 calls answered in 10 seconds",
        unit="% of 999 calls", areas=["responding"], period=dt.date(2019, 1, 1), value=71.24, numerator=7124,
        denominator=10000, standard={"target": 90, "better": "higher", "description": STANDARD},
    )  # fmt: skip
    suggestion = suggest_grade(inspection, "responding")
    assert suggestion.indicators_missing_standard == ("calls-999-answered-within-10s",)
    assert (
        "Misses its standard: 999 calls answered in 10 seconds was 71.2 % of 999 calls in January 2019; "
        "the standard is 90% of 999 calls answered within 10 seconds." in suggestion.reasons
    )
    assert suggestion.grade.id == "ADEQUATE"  # 2 of 3 items met


def test_no_suggestion_without_evidence_or_for_an_ungraded_area(inspection):
    assert suggest_grade(inspection, "leadership").grade is None
    ungraded = suggest_grade(inspection, "victim-service")
    assert ungraded.grade is None and ungraded.reasons == (
        "Service for victims of crime is not graded in PEEL 2023–25.",
    )


def test_an_older_framework_counts_the_areas_findings():
    older = make_inspection(framework="peel-2018-19", start=dt.date(2018, 4, 1), end=dt.date(2019, 3, 31))
    for kind in ["strength", "strength", "weakness"]:
        find(older, "effectiveness.q2", [], kind)
    suggestion = suggest_grade(older, "effectiveness.q2")
    assert suggestion.grade.id == "REQUIRES_IMPROVEMENT"  # 67%: 2018/19 had no adequate
    assert any("counted 2 strength(s) and 1 weakness(es) recorded for the area" in r for r in suggestion.reasons)
