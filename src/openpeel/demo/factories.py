"""Small builders of consistent inspections, for tests and demo data (the pages and API steps reuse them).

They call the same models and save() paths as everything else, so they are audited: wrap calls in
audit.acting_as(...).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from openpeel.inspections.models import (
    AreaForImprovement,
    AreaNarrative,
    CaseFileReview,
    CauseOfConcern,
    FieldworkNote,
    Finding,
    InnovativePractice,
    Inspection,
    Judgment,
    Recommendation,
    ReportText,
)


def make_inspection(
    force: str = "cambridgeshire",
    framework: str = "peel-2023-25",
    start: dt.date = dt.date(2024, 1, 1),
    end: dt.date = dt.date(2024, 12, 31),
    **fields: Any,
) -> Inspection:
    return Inspection.objects.create(
        force_id=force, framework_id=framework, period_start=start, period_end=end, **fields
    )


def support_grade(inspection: Inspection, area_id: str, grade_id: str) -> None:
    """Record the findings the bundled grade rules ask of a grade: a cause of concern with a recommendation
    for inadequate, an area for improvement for adequate and requires improvement."""
    if grade_id == "INADEQUATE":
        cause = CauseOfConcern.objects.create(
            inspection=inspection, area_id=area_id, text=f"The force is failing in {area_id}."
        )
        Recommendation.objects.create(cause=cause, text=f"Within six months the force should fix {area_id}.")
    elif grade_id in ("ADEQUATE", "REQUIRES_IMPROVEMENT"):
        AreaForImprovement.objects.create(
            inspection=inspection, area_id=area_id, text=f"The force should improve {area_id}."
        )


def grade_area(inspection: Inspection, area_id: str, grade_id: str, *, supported: bool = True) -> Judgment:
    """A judgment of the area with its rationale, and the area's narrative (approval needs both written)."""
    if supported:
        support_grade(inspection, area_id, grade_id)
    judgment = Judgment.objects.create(
        inspection=inspection,
        area_id=area_id,
        grade_id=grade_id,
        rationale=f"{inspection.framework.node(area_id).title}: {inspection.framework.grade(grade_id).label.lower()}, "
        "as the findings this test inspection records in the area support.",
    )
    write_narrative(inspection, area_id)
    return judgment


def grade_every_area(inspection: Inspection, grade_id: str = "GOOD") -> list[Judgment]:
    """A consistent judgment and a narrative for every graded area, pillar and question of the inspection's
    framework, and HM Inspector's summary: what approval needs."""
    judgments = [
        grade_area(inspection, node.id, grade_id) for node, _ in inspection.framework.walk() if node.grade_required
    ]
    write_summary(inspection)
    return judgments


def write_narrative(inspection: Inspection, area_id: str) -> AreaNarrative:
    """The area's narrative, unless it has one: a sentence of the test inspection's own (never template text)."""
    found: AreaNarrative | None = inspection.narratives.filter(area_id=area_id).first()
    if found is not None:
        return found
    title = inspection.framework.node(area_id).title
    return AreaNarrative.objects.create(
        inspection=inspection,
        area_id=area_id,
        text=f"{title}: what this test inspection of {inspection.force.name} found in the area, written up.",
    )


def write_summary(inspection: Inspection) -> ReportText:
    """HM Inspector's summary, unless it has one: a sentence of the test inspection's own."""
    found: ReportText | None = ReportText.objects.filter(inspection=inspection).first()
    if found is not None:
        return found
    return ReportText.objects.create(
        inspection=inspection,
        summary=f"{inspection.force.name}, {inspection.framework.title}: the findings of this test inspection, "
        "summed up by the inspector who led it.",
    )


def write_report(inspection: Inspection) -> None:
    """What a person writes before approval, where it is missing: HM Inspector's summary and the narrative of
    every graded area, pillar and question judged here (a carried-forward one was written up when awarded)."""
    write_summary(inspection)
    for judgment in inspection.judgments.filter(carried_forward_from__isnull=True).exclude(grade_id=""):
        write_narrative(inspection, judgment.area_id)


def record_one_of_each(inspection: Inspection, area_id: str = "investigating") -> dict[str, Any]:
    """One finding, area for improvement, piece of innovative practice, fieldwork note and case file review in
    an area: material no grade rule objects to, so the inspection can still be signed off as graded."""
    area = inspection.framework.node(area_id)
    characteristics = [c.id for c in getattr(area, "characteristics", ())][:1]
    return {
        "findings": Finding.objects.create(
            inspection=inspection, area_id=area_id, characteristic_ids=characteristics, kind="strength",
            text="Investigations are supervised at every stage.",
        ),
        "areas_for_improvement": AreaForImprovement.objects.create(
            inspection=inspection, area_id=area_id, text="The force should update victims more often."
        ),
        "innovative_practice": InnovativePractice.objects.create(
            inspection=inspection, area_id=area_id, text="A shared case board with the Crown Prosecution Service."
        ),
        "fieldwork_notes": FieldworkNote.objects.create(
            inspection=inspection, kind="focus_group", held_on=inspection.period_end, area_id=area_id,
            participants="Detective sergeants", text="Supervisors review each file weekly.",
        ),
        "case_file_reviews": CaseFileReview.objects.create(
            inspection=inspection, area_id=area_id, case_reference="CF-0001", theme="Burglary investigations",
            reviewed_on=inspection.period_end, result="met",
        ),
    }  # fmt: skip
