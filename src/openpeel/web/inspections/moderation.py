"""Moderation: every area's grade with the rule check, the workflow moves the user may make, and history."""

from __future__ import annotations

import warnings

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from openpeel.inspections import access, rules, workflow
from openpeel.inspections.errors import GradeRulesError, TransitionError
from openpeel.inspections.history import inspection_history
from openpeel.web.inspections.common import page, workspace
from openpeel.web.inspections.forms import ScheduleForm
from openpeel.web.inspections.grades import judged_rows

MOVES = {t.name: t for t in workflow.TRANSITIONS}


def _moves(user, inspection):
    return [t for t in workflow.allowed_moves(inspection.status) if access.may_move(user, inspection, t.name)]


def moderation(request, pk: int, *, schedule_form=None, refused=None, status=200):
    inspection = workspace(request, pk)
    problems = rules.check(inspection, for_sign_off=True)
    return page(
        request,
        "inspections/moderation.html",
        inspection,
        status=status,
        rows=judged_rows(inspection, problems),
        problems=problems,
        summary_problems=[p for p in problems if p.area_id == rules.SUMMARY],
        moves=_moves(request.user, inspection),
        schedule_form=schedule_form or ScheduleForm(),
        refused=refused,
    )


@require_POST
def move(request, pk: int):
    inspection = workspace(request, pk)
    transition = MOVES.get(request.POST.get("transition", ""))
    if transition is None:
        raise Http404("No such move")
    access.require(
        access.may_move(request.user, inspection, transition.name),
        f"You cannot {transition.name} {inspection}.",
    )
    embargo_at, form = None, None
    if transition.name == "schedule":
        form = ScheduleForm(request.POST)
        if not form.is_valid():
            return moderation(request, pk, schedule_form=form, status=400)
        embargo_at = form.embargo_at()
    try:
        with warnings.catch_warnings():  # submitting warns of rule problems: this page lists them itself
            warnings.simplefilter("ignore", rules.GradeRuleWarning)
            workflow.move(inspection, transition.target, actor=request.user, embargo_at=embargo_at)
    except GradeRulesError as e:
        return moderation(request, pk, schedule_form=form, refused=e.problems, status=400)
    except TransitionError as e:
        return moderation(request, pk, schedule_form=form, refused=[str(e)], status=400)
    messages.success(request, f"{inspection.force.name}: {inspection.get_status_display().lower()}.")
    return redirect("inspections:moderation", pk=inspection.pk)


def history(request, pk: int):
    inspection = workspace(request, pk)
    return page(request, "inspections/history.html", inspection, entries=inspection_history(inspection))
