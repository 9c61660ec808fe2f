"""Nothing placeholder is publishable (issue 16.6): approval refuses a report whose HM Inspector's summary or
any graded area's narrative is empty or still template text, naming each part; it approves one fully written."""

from __future__ import annotations

import datetime as dt

import pytest

from openpeel.demo.factories import grade_every_area, make_inspection
from openpeel.inspections import rules, workflow
from openpeel.inspections.carry_forward import carry_forward
from openpeel.inspections.errors import GradeRulesError
from openpeel.inspections.models import AreaNarrative, Inspection, ReportText

pytestmark = pytest.mark.django_db


def refusal(inspection) -> GradeRulesError:
    workflow.move(inspection, "in_moderation", actor="lead-inspector")
    with pytest.raises(GradeRulesError) as refused:
        workflow.move(inspection, "approved", actor="moderator")
    assert Inspection.objects.get(pk=inspection.pk).status == "in_moderation"
    return refused.value


def test_a_report_without_a_summary_is_refused_naming_it(inspection):
    grade_every_area(inspection)
    ReportText.objects.get(inspection=inspection).delete()
    refused = refusal(inspection)
    assert [(p.area_id, p.rule) for p in refused.problems] == [("summary", "summary-is-template")]
    assert "HM Inspector's summary is empty; write it before approval. [rule summary-is-template]" in str(refused)


@pytest.mark.parametrize("summary", ["  \n", "TODO: the summary", "Example summary by HM Inspector."])
def test_an_empty_or_template_summary_is_refused(inspection, summary):
    grade_every_area(inspection)
    text = ReportText.objects.get(inspection=inspection)
    text.summary = summary
    text.save()
    refused = refusal(inspection)
    expected = "is empty" if not summary.strip() else f"is still template text ({summary.strip()!r})"
    assert f"HM Inspector's summary {expected}; write it before approval." in str(refused)


def test_each_graded_areas_narrative_empty_missing_or_template_is_named(inspection):
    grade_every_area(inspection)
    investigating = inspection.narratives.get(area_id="investigating")
    investigating.text = "Example finding for investigating."
    investigating.save()
    inspection.narratives.get(area_id="responding").delete()
    leadership = inspection.narratives.get(area_id="leadership")
    leadership.text = " "
    leadership.save()
    refused = refusal(inspection)
    assert {(p.area_id, p.rule) for p in refused.problems} == {
        (area, "narrative-is-template") for area in ("investigating", "responding", "leadership")
    }
    message = str(refused)
    assert (
        "Investigating crime (investigating) graded good: its narrative is still template text "
        "('Example finding for investigating.'); write it before approval." in message
    )
    assert "Responding to the public (responding) graded good: its narrative is empty" in message
    assert "Leadership and force management (leadership) graded good: its narrative is empty" in message
    assert "victim-service" not in message  # not graded in 2023-25: nothing of it is required


def test_any_narrative_or_quote_written_is_published_so_none_may_be_template_text(inspection):
    grade_every_area(inspection)
    AreaNarrative.objects.create(inspection=inspection, area_id="victim-service", text="TODO")  # ungraded area
    text = ReportText.objects.get(inspection=inspection)
    text.quote, text.quote_by, text.quote_title = "The force has improved.", "Example Inspector", "HM Inspector"
    text.save()
    message = str(refusal(inspection))
    assert "Service for victims of crime (victim-service): its narrative is still template text ('TODO')" in message
    assert "The press-release quote is still template text ('The force has improved. Example Inspector" in message


def test_a_report_fully_written_is_approved(inspection):
    grade_every_area(inspection)
    assert rules.check(inspection) == []
    workflow.move(inspection, "in_moderation", actor="lead-inspector")
    workflow.move(inspection, "approved", actor="moderator")
    assert Inspection.objects.get(pk=inspection.pk).status == "approved"


def test_a_carried_forward_area_needs_no_new_narrative():
    earlier = make_inspection(framework="peel-2021-22", start=dt.date(2021, 6, 1), end=dt.date(2022, 5, 31))
    grade_every_area(earlier)
    for to in ("in_moderation", "approved"):
        workflow.move(earlier, to, actor="moderator")
    now = make_inspection()
    grade_every_area(now)
    now.judgments.get(area_id="investigating").delete()
    now.narratives.get(area_id="investigating").delete()
    carry_forward(now, "investigating")  # written up in the report that awarded it
    assert rules.check(now) == []
