"""The task list of an inspection: each task's status worked out from what has been recorded, never stored."""

from __future__ import annotations

from dataclasses import dataclass

from openpeel.inspections import rules
from openpeel.inspections.models import Inspection, Status

NOT_STARTED, IN_PROGRESS, COMPLETED, CANNOT_START = "Not started", "In progress", "Completed", "Cannot start yet"


@dataclass(frozen=True)
class Task:
    slug: str  # the section page it links to
    title: str
    status: str
    hint: str = ""


def _graded_ids(inspection: Inspection) -> set[str]:
    return {n.id for n, _ in inspection.framework.walk() if n.grade_required}


def _evidenced_areas(inspection: Inspection) -> set[str]:
    areas = {a for s in inspection.indicator_snapshots.all() for a in s.areas}
    for related in ("documents", "fieldwork_notes", "case_file_reviews"):
        areas |= set(getattr(inspection, related).exclude(area_id="").values_list("area_id", flat=True))
    return areas


def _coverage(done: set[str], wanted: set[str], anything: bool, what: str) -> tuple[str, str]:
    missing = len(wanted - done)
    if not anything:
        return NOT_STARTED, ""
    if missing:
        return IN_PROGRESS, f"{missing} graded area{'s' if missing != 1 else ''} without {what} yet"
    return COMPLETED, ""


def tasks(inspection: Inspection) -> list[Task]:
    graded = _graded_ids(inspection)
    problems = rules.check(inspection, for_sign_off=True)
    by_rule = {p.rule for p in problems}
    grade_rules = rules.grade_rules()

    def rules_needing(kind: str) -> set[str]:
        ids = [r.id for rs in grade_rules.grades.values() for r in rs if kind in (r.requires, r.forbids)]
        return set(ids)

    def finding_task(slug, title, count, kind, extra_rules=()) -> Task:
        open_rules = by_rule & (rules_needing(kind) | set(extra_rules))
        if open_rules:
            n = sum(p.rule in open_rules for p in problems)
            return Task(slug, title, IN_PROGRESS, f"{n} grade rule problem{'s' if n != 1 else ''} to resolve")
        return Task(slug, title, COMPLETED if count else NOT_STARTED, f"{count} recorded" if count else "")

    evidence = _coverage(
        _evidenced_areas(inspection),
        graded,
        any(
            getattr(inspection, r).exists()
            for r in ("indicator_snapshots", "documents", "fieldwork_notes", "case_file_reviews")
        ),
        "evidence",
    )
    findings = _coverage(
        set(inspection.findings.values_list("area_id", flat=True)), graded, inspection.findings.exists(), "findings"
    )
    judged = inspection.judgments.exclude(grade_id="").count()
    if not judged:
        grades = Task("grades", "Grade each area", NOT_STARTED)
    elif problems:
        grades = Task("grades", "Grade each area", IN_PROGRESS, f"{len(problems)} problem(s) before sign-off")
    else:
        grades = Task("grades", "Grade each area", COMPLETED)
    if inspection.status != Status.DRAFT:
        submit = Task("moderation", "Submit for moderation", COMPLETED, inspection.get_status_display())
    elif grades.status != COMPLETED:
        submit = Task("moderation", "Submit for moderation", CANNOT_START, "Grade every area first")
    else:
        submit = Task("moderation", "Submit for moderation", NOT_STARTED)
    return [
        Task("evidence", "Gather evidence", *evidence),
        _case_files(inspection),
        Task("findings", "Record findings", *findings),
        finding_task(
            "areas-for-improvement",
            "Areas for improvement",
            inspection.areas_for_improvement.count(),
            "area_for_improvement",
        ),
        finding_task(
            "causes-of-concern",
            "Causes of concern and recommendations",
            inspection.causes_of_concern.count(),
            "cause_of_concern",
            ("cause-of-concern-needs-recommendation",),
        ),
        finding_task(
            "innovative-practice", "Innovative practice", inspection.innovative_practice.count(), "innovative_practice"
        ),
        grades,
        submit,
    ]


def _case_files(inspection: Inspection) -> Task:
    """Optional: not every inspection samples case files; once a sample is drawn, every file in it is reviewed."""
    from openpeel.inspections.models import CaseFileSampleItem

    items = CaseFileSampleItem.objects.filter(sample__inspection=inspection)
    drawn, unreviewed = items.count(), items.filter(review__isnull=True).count()
    if not drawn:
        return Task("case-files", "Review case files", NOT_STARTED, "Optional: draw a sample of investigations")
    if unreviewed:
        return Task("case-files", "Review case files", IN_PROGRESS, f"{unreviewed} of {drawn} files to review")
    return Task("case-files", "Review case files", COMPLETED, f"{drawn} files reviewed")
