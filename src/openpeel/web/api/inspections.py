"""Inspections themselves: list, open, read, change the period, assign inspectors, move through the
workflow, and read the rule check, the suggested grades and the audit history."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from ninja import Router
from ninja import Status as Reply

from openpeel.inspections import access, audit, rules, workflow
from openpeel.inspections.models import Inspection, Role
from openpeel.inspections.suggest import suggest_grade
from openpeel.web.api import parts
from openpeel.web.api.schemas import (
    AuditEntryOut,
    InspectionIn,
    InspectionOut,
    Inspectors,
    MoveIn,
    PeriodPatch,
    RuleCheck,
    SuggestionOut,
    responses,
)

router = Router(tags=["inspections"])
ONE = "/inspections/{inspection_id}"


@router.get("/inspections", response=responses(list[InspectionOut]), url_name="inspections-list",
            operation_id="list_inspections")  # fmt: skip
def list_inspections(request):
    """The inspections the caller may see: their own work, and everything published."""
    return access.visible_inspections(request.auth)


@router.post("/inspections", response=responses(InspectionOut, 201), url_name="inspections-create",
             operation_id="open_inspection")  # fmt: skip
def open_inspection(request, payload: InspectionIn):  # type: ignore[valid-type]
    """Open a draft inspection of a force under a framework version; the caller is assigned to draft it."""
    access.require(access.may_start(request.auth), "Only inspectors and moderators open inspections.")
    inspection = parts.save(Inspection(), payload.model_dump())  # type: ignore[attr-defined]
    inspection.inspectors.add(request.auth)
    return Reply(201, inspection)


@router.get(ONE, response=responses(InspectionOut), url_name="inspections-read", operation_id="read_inspection")
def read_inspection(request, inspection_id: int):
    return access.visible_inspection(request.auth, inspection_id)


@router.patch(ONE, response=responses(InspectionOut), url_name="inspections-update",
              operation_id="change_period")  # fmt: skip
def change_period(request, inspection_id: int, payload: PeriodPatch):  # type: ignore[valid-type]
    """Change the period inspected (the status moves only through /moves)."""
    return parts.save(parts.editable(request, inspection_id), payload.model_dump(exclude_unset=True))  # type: ignore[attr-defined]


@router.get(f"{ONE}/inspectors", response=responses(Inspectors), url_name="inspectors-read",
            operation_id="read_inspectors")  # fmt: skip
def read_inspectors(request, inspection_id: int):
    inspection = access.workspace_inspection(request.auth, inspection_id)
    return {"usernames": sorted(u.get_username() for u in inspection.inspectors.all())}


@router.put(f"{ONE}/inspectors", response=responses(Inspectors), url_name="inspectors-set",
            operation_id="assign_inspectors")  # fmt: skip
def assign_inspectors(request, inspection_id: int, payload: Inspectors):
    """Moderators choose who drafts an inspection: users with the inspector role."""
    inspection = access.workspace_inspection(request.auth, inspection_id)
    access.require(access.may_assign(request.auth, inspection), "Only moderators assign inspectors.")
    users = {u.get_username(): u for u in get_user_model().objects.filter(username__in=payload.usernames)}
    wrong = [n for n in payload.usernames if n not in users or access.role_of(users[n]) != Role.INSPECTOR]
    if wrong:
        raise ValidationError({"usernames": [f"{n!r} is not an inspector." for n in wrong]})
    inspection.inspectors.set(users.values())
    return read_inspectors(request, inspection_id)


@router.post(f"{ONE}/moves", response=responses(InspectionOut), url_name="moves-create", operation_id="move")
def move(request, inspection_id: int, payload: MoveIn):
    """Move the inspection through the workflow: submit (to in_moderation) is for its inspectors; return,
    approve (enforces the grade rules), reopen, schedule (needs embargo_at), unschedule and publish for
    moderators."""
    inspection = access.workspace_inspection(request.auth, inspection_id)
    transition = next((t for t in workflow.allowed_moves(inspection.status) if t.target == payload.to), None)
    if transition is not None:  # otherwise workflow.move() explains which moves there are
        access.require(
            access.may_move(request.auth, inspection, transition.name),
            f"You may not {transition.name} {inspection}.",
        )
    return workflow.move(inspection, payload.to, actor=request.auth, embargo_at=payload.embargo_at)


@router.get(f"{ONE}/rule-check", response=responses(RuleCheck), url_name="rule-check",
            operation_id="check_grade_rules")  # fmt: skip
def check_grade_rules(request, inspection_id: int):
    """Every problem sign-off would find with the grades (the same check approval enforces)."""
    problems = rules.check(access.workspace_inspection(request.auth, inspection_id), for_sign_off=True)
    return {"ok": not problems, "problems": [vars(p) | {"message": str(p)} for p in problems]}


@router.get(f"{ONE}/suggestions", response=responses(list[SuggestionOut]), url_name="suggestions",
            operation_id="suggest_grades")  # fmt: skip
def suggest_grades(request, inspection_id: int):
    """A suggested grade for each graded area, explained from the evidence; never the inspector's grade."""
    inspection = access.workspace_inspection(request.auth, inspection_id)
    framework = inspection.framework
    out = []
    for node, _ in framework.walk():
        if node.kind == "characteristic" or not node.graded:
            continue
        s = suggest_grade(inspection, node.id)
        out.append(
            {
                **vars(s),
                "area_title": node.title,
                "grade_id": s.grade and s.grade.id,
                "grade_label": s.grade and s.grade.label,
            }
        )
    return out


@router.get(f"{ONE}/history", response=responses(list[AuditEntryOut]), url_name="history",  # type: ignore[valid-type]
            operation_id="audit_history")  # fmt: skip
def audit_history(request, inspection_id: int):
    """The audit trail of the inspection and everything in it, oldest first: who, when, before and after."""
    return audit.inspection_history(access.workspace_inspection(request.auth, inspection_id))
