"""An area or question not inspected this time keeps the latest judgment from an earlier inspection of the
same force under the same framework family, marked as carried forward with the year it was made.

"Latest" is decided by the inspections' periods, never by grades: grades of different framework versions
cannot be compared (the inspectorate says so), and `grade_change` refuses to, through the frameworks'
compare_grades and its IncomparableGradesError.
"""

from __future__ import annotations

from openpeel.errors import OpenPeelError
from openpeel.frameworks import all_frameworks, compare_grades
from openpeel.inspections import access, rules
from openpeel.inspections.models import Inspection, Judgment, Status

# Only signed-off judgments travel: a draft grade from an unfinished inspection is not a judgment yet.
SIGNED_OFF = (Status.APPROVED, Status.SCHEDULED, Status.PUBLISHED)


class CarryForwardError(OpenPeelError):
    code = "carry_forward_refused"


def family_framework_ids(inspection: Inspection) -> list[str]:
    family = inspection.framework.family
    return [f.id for f in all_frameworks() if f.family == family]


def latest_earlier_judgment(inspection: Inspection, area_id: str, user=None) -> Judgment | None:
    """The graded judgment for `area_id` from the most recent earlier signed-off inspection of the same
    force under the same framework family (any version of it), or None. With `user` (the pages and the API),
    only from inspections that user may see: published ones and their own, never another team's unpublished
    grade. Without (the demo, commands), from any."""
    judgments = Judgment.objects.all()
    if user is not None:
        judgments = judgments.filter(inspection__in=access.visible_inspections(user))
    return (
        judgments.filter(
            area_id=area_id,
            inspection__force_id=inspection.force_id,
            inspection__framework_id__in=family_framework_ids(inspection),
            inspection__status__in=SIGNED_OFF,
            inspection__period_start__lt=inspection.period_start,
        )
        .exclude(grade_id="")
        .select_related("inspection")
        .order_by("-inspection__period_end", "-inspection__period_start", "-inspection_id")
        .first()
    )


def carry_forward(inspection: Inspection, area_id: str, user=None) -> Judgment:
    """Record the latest earlier judgment for an area not inspected this time. The grade keeps its own
    framework id, so it is shown on its own scale and never compared with this inspection's grades."""
    if inspection.judgments.filter(area_id=area_id).exists():
        raise CarryForwardError(f"{inspection} already has a judgment for {area_id!r}.")
    if sum(rules.area_counts(inspection).get(area_id, {}).values()):
        raise CarryForwardError(
            f"{area_id!r} has findings in {inspection}, so it was inspected this time: grade it instead."
        )
    source = latest_earlier_judgment(inspection, area_id, user)
    if source is None:
        raise CarryForwardError(
            f"No earlier signed-off judgment of {area_id!r} for {inspection.force_id} under the "
            f"{inspection.framework.family} frameworks to carry forward."
        )
    # Point at the inspection that awarded the grade, even if it was already carried forward once.
    original = source.carried_forward_from or source
    return Judgment.objects.create(
        inspection=inspection,
        area_id=area_id,
        framework_id=original.framework_id,
        grade_id=original.grade_id,
        rationale=original.rationale,
        carried_forward_from=original,
        carried_forward_year=source.carried_forward_year or source.inspection.year,
    )


def grade_change(earlier: Judgment, later: Judgment) -> int:
    """1 if `later` is better than `earlier`, -1 if worse, 0 if the same. Raises IncomparableGradesError
    when the two grades belong to different framework versions."""
    if earlier.grade is None or later.grade is None:
        raise CarryForwardError("Both judgments need a grade to be compared.")
    return compare_grades(later.grade, earlier.grade)
