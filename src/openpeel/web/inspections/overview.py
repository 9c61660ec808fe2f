"""The list of inspections, starting one, an inspection's task list and its published summary."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods

from openpeel.inspections import access
from openpeel.inspections.models import Inspection, Status
from openpeel.web.inspections.common import page, signed_in, workspace
from openpeel.web.inspections.forms import StartForm
from openpeel.web.inspections.tasks import tasks


@signed_in
def inspection_list(request):
    mine = access.workspace_inspections(request.user).order_by("-period_start", "force_id")
    awaiting = mine.filter(status=Status.IN_MODERATION) if access.may_moderate(request.user) else None
    public = access.visible_inspections(request.user).exclude(pk__in=mine.values("pk"))
    return page(
        request,
        "inspections/list.html",
        mine=mine,
        awaiting=awaiting,
        public=public.order_by("-period_start", "force_id"),
        may_start=access.may_start(request.user),
        role=access.role_of(request.user),
    )


@signed_in
@require_http_methods(["GET", "POST"])
def start(request):
    access.require(access.may_start(request.user), "Inspectors and moderators start inspections.")
    form = StartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        inspection = Inspection(**form.cleaned_data)
        try:
            with transaction.atomic():
                inspection.save()
                inspection.inspectors.add(request.user)  # the creator drafts it
        except ValidationError as e:
            for field, errors in e.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, f"Inspection of {inspection.force.name} started.")
            return redirect("inspections:tasks", pk=inspection.pk)
    return page(request, "inspections/start.html", form=form)


def task_list(request, pk: int):
    inspection = workspace(request, pk)
    return page(request, "inspections/tasks.html", inspection, tasks=tasks(inspection))


def summary(request, pk: int):
    """What is published about an inspection: grades, areas for improvement, causes of concern and their
    recommendations. Anyone may read it once public; before that only those who work on it (a preview)."""
    inspection = access.visible_inspections(request.user).filter(pk=pk).first()
    if inspection is None:
        raise Http404("No such inspection")
    framework = inspection.framework
    judgments = {j.area_id: j for j in inspection.judgments.all()}
    rows = [(node, judgments.get(node.id)) for node, _ in framework.walk() if node.kind != "characteristic"]
    return page(
        request,
        "inspections/summary.html",
        inspection,
        rows=rows,
        preview=not access.is_public(inspection),
        afis=inspection.areas_for_improvement.all(),
        causes=inspection.causes_of_concern.prefetch_related("recommendations"),
        practice=inspection.innovative_practice.all(),
    )
