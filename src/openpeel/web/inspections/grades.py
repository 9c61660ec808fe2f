"""Grades: a summary of every judged area, and one area's grade with the suggestion, the rule warnings and
any judgment to carry forward. The suggestion is shown beside the form, never filled into it."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods, require_POST

from openpeel.errors import FrameworkLookupError
from openpeel.inspections import rules
from openpeel.inspections.carry_forward import CarryForwardError, carry_forward, latest_earlier_judgment
from openpeel.inspections.models import Judgment
from openpeel.inspections.suggest import suggest_grade
from openpeel.web.inspections.common import page, workspace
from openpeel.web.inspections.forms import JudgmentForm, save_part


def judged_rows(inspection, problems):
    """(node, parent, judgment, its problems) for every area, pillar and question, in framework order."""
    judgments = {j.area_id: j for j in inspection.judgments.all()}
    rows = []
    for node, parent in inspection.framework.walk():
        if node.kind != "characteristic":
            rows.append((node, parent, judgments.get(node.id), [p for p in problems if p.area_id == node.id]))
    return rows


def summary(request, pk: int):
    inspection = workspace(request, pk)
    problems = rules.check(inspection, for_sign_off=False)
    return page(request, "inspections/grades.html", inspection, rows=judged_rows(inspection, problems))


def _node(inspection, area_id: str):
    try:
        node = inspection.framework.node(area_id)
    except FrameworkLookupError:
        raise Http404("No such area") from None
    if node.kind == "characteristic":
        raise Http404("Characteristics are not graded on their own")
    return node


@require_http_methods(["GET", "POST"])
def area_grade(request, pk: int, area_id: str):
    inspection = workspace(request, pk, edit=request.method == "POST")
    node = _node(inspection, area_id)
    judgment = inspection.judgments.filter(area_id=area_id).first()
    form = None
    if node.graded and not (judgment and judgment.carried_forward):
        obj = judgment or Judgment(inspection=inspection, area_id=area_id)
        form = JudgmentForm(request.POST or None, inspection=inspection, instance=obj)
        if request.method == "POST" and form.is_valid() and save_part(form, obj):
            messages.success(request, f"{node.title}: graded {obj.grade.label.lower()}.")  # type: ignore[union-attr]  # valid: graded
            return redirect("inspections:grade", pk=inspection.pk, area_id=area_id)
    elif request.method == "POST":
        raise Http404("This area takes no grade here")
    has_findings = bool(sum(rules.area_counts(inspection).get(area_id, {}).values()))
    earlier = None if judgment or has_findings else latest_earlier_judgment(inspection, area_id, request.user)
    return page(
        request,
        "inspections/grade.html",
        inspection,
        node=node,
        judgment=judgment,
        form=form,
        suggestion=suggest_grade(inspection, area_id),
        problems=rules.check(inspection, for_sign_off=False, area_id=area_id),
        earlier=earlier,
    )


@require_POST
def carry_forward_view(request, pk: int, area_id: str):
    inspection = workspace(request, pk, edit=True)
    node = _node(inspection, area_id)
    try:
        judgment = carry_forward(inspection, area_id, request.user)
    except CarryForwardError as e:
        messages.error(request, str(e))
    else:
        messages.success(
            request,
            f"{node.title}: {judgment.grade.label.lower()} carried forward from {judgment.carried_forward_year}.",  # type: ignore[union-attr]
        )
    return redirect("inspections:grade", pk=inspection.pk, area_id=area_id)
