"""Evidence and findings: one section page per task, and add, edit and delete for each kind of record.

Each kind is a row of KINDS (its model, form and section), so the views below serve them all alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_http_methods

from openpeel.indicators.read import force_panels
from openpeel.inspections.errors import EvidenceError
from openpeel.inspections.models import (
    AreaForImprovement,
    CauseOfConcern,
    Document,
    FieldworkNote,
    Finding,
    IndicatorSnapshot,
    InnovativePractice,
    Judgment,
    Recommendation,
)
from openpeel.inspections.snapshots import snapshot_indicator
from openpeel.warehouse import connect
from openpeel.web.inspections import forms
from openpeel.web.inspections.common import page, workspace


@dataclass(frozen=True)
class Kind:
    model: type
    form: type
    section: str  # the section page that lists them
    noun: str
    addable: bool = True  # snapshots are attached from the warehouse; judgments are set on the grade pages
    editable: bool = True


KINDS: dict[str, Kind] = {
    "snapshot": Kind(IndicatorSnapshot, forms.SnapshotNoteForm, "evidence", "indicator snapshot", addable=False),
    "document": Kind(Document, forms.DocumentForm, "evidence", "document"),
    "note": Kind(FieldworkNote, forms.NoteForm, "evidence", "fieldwork note"),
    "finding": Kind(Finding, forms.FindingForm, "findings", "finding"),
    "afi": Kind(AreaForImprovement, forms.AreaForImprovementForm, "areas-for-improvement", "area for improvement"),
    "cause": Kind(CauseOfConcern, forms.CauseOfConcernForm, "causes-of-concern", "cause of concern"),
    "recommendation": Kind(Recommendation, forms.RecommendationForm, "causes-of-concern", "recommendation"),
    "innovative-practice": Kind(
        InnovativePractice, forms.InnovativePracticeForm, "innovative-practice", "innovative practice"
    ),
    "judgment": Kind(Judgment, forms.JudgmentForm, "grades", "judgment", addable=False, editable=False),
}
# Sections that are a plain list of one kind, by area: (heading, kind).
LISTS = {
    "areas-for-improvement": ("Areas for improvement", "afi"),
    "innovative-practice": ("Innovative practice", "innovative-practice"),
}
SECTIONS = ("evidence", "findings", "areas-for-improvement", "causes-of-concern", "innovative-practice")


def _kind(name: str) -> Kind:
    if name not in KINDS:
        raise Http404("No such kind of record")
    return KINDS[name]


def _part(kind: Kind, inspection, part: int):
    scope = {"cause__inspection": inspection} if kind.model is Recommendation else {"inspection": inspection}
    return get_object_or_404(kind.model, pk=part, **scope)


def _new(kind: Kind, inspection, request):
    if kind.model is Recommendation:
        cause = get_object_or_404(CauseOfConcern, pk=request.GET.get("cause") or 0, inspection=inspection)
        return Recommendation(cause=cause)
    return kind.model(inspection=inspection)


def _back(kind: Kind, inspection, obj=None):
    if kind.section == "grades":
        return redirect("inspections:grade", pk=inspection.pk, area_id=obj.area_id)
    return redirect("inspections:section", pk=inspection.pk, section=kind.section)


def section(request, pk: int, section: str):
    inspection = workspace(request, pk)
    framework = inspection.framework
    context: dict[str, Any] = {"section": section}
    if section == "evidence":
        context.update(
            snapshots=inspection.indicator_snapshots.all(),
            documents=inspection.documents.all(),
            notes=inspection.fieldwork_notes.all(),
            reviews=inspection.case_file_reviews.all(),
        )
    elif section == "findings":
        by_area: dict[str, list[Any]] = {}
        for finding in inspection.findings.all():
            by_area.setdefault(finding.area_id, []).append(finding)
        areas = [(n, by_area.get(n.id, [])) for n, _ in framework.walk() if n.kind != "characteristic"]
        context.update(areas=areas, titles={n.id: n.title for n, _ in framework.walk()})
    elif section == "causes-of-concern":
        context.update(rows=inspection.causes_of_concern.prefetch_related("recommendations"))
    else:
        heading, kind = LISTS[section]
        rows = inspection.areas_for_improvement if kind == "afi" else inspection.innovative_practice
        context.update(rows=rows.all(), heading=heading, kind=kind, noun=KINDS[kind].noun)
        section = "list"
    context["area_titles"] = {n.id: n.title for n, _ in framework.walk()}
    return page(request, f"inspections/section_{section.replace('-', '_')}.html", inspection, **context)


@require_http_methods(["GET", "POST"])
def part_form(request, pk: int, kind: str, part: int | None = None):
    inspection = workspace(request, pk, edit=True)
    spec = _kind(kind)
    if not (spec.editable if part else spec.addable):
        raise Http404(f"A {spec.noun} is not {'edited' if part else 'added'} here")
    obj = _part(spec, inspection, part) if part else _new(spec, inspection, request)
    extra = {"area_id": request.GET.get("area")} if spec.form is forms.FindingForm and not part else {}
    form = spec.form(request.POST or None, request.FILES or None, inspection=inspection, instance=obj, **extra)
    if request.method == "POST" and form.is_valid() and forms.save_part(form, obj):
        messages.success(request, f"{spec.noun.capitalize()} saved.")
        return _back(spec, inspection, obj)
    return page(request, "inspections/part_form.html", inspection, form=form, kind=kind, spec=spec, obj=obj)


@require_http_methods(["GET", "POST"])
def part_delete(request, pk: int, kind: str, part: int):
    inspection = workspace(request, pk, edit=True)
    spec = _kind(kind)
    obj = _part(spec, inspection, part)
    if request.method == "POST":
        with transaction.atomic():
            obj.delete()
        messages.success(request, f"{spec.noun.capitalize()} deleted.")
        return _back(spec, inspection, obj)
    return page(request, "inspections/part_delete.html", inspection, kind=kind, spec=spec, obj=obj)


@require_http_methods(["GET", "POST"])
def attach_snapshot(request, pk: int):
    """Pick an indicator and month from what the warehouse holds for the force; the figures are copied."""
    inspection = workspace(request, pk, edit=True)
    con = connect(read_only=True)
    try:
        panels = force_panels(con, inspection.force_id)
        form = forms.AttachSnapshotForm(request.POST or None, panels=panels)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                snap = snapshot_indicator(
                    inspection, data["indicator_id"], data["period"] or None, con=con, note=data["note"]
                )
            except EvidenceError as e:
                form.add_error("period" if data["period"] else "indicator_id", str(e))
            else:
                messages.success(request, f"Attached {snap.title}, {snap.period:%B %Y}.")
                return redirect("inspections:section", pk=inspection.pk, section="evidence")
    finally:
        con.close()
    return page(request, "inspections/attach_snapshot.html", inspection, form=form, panels=panels)
