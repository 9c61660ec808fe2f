"""Case file review pages. Every view asks access.py first: 404 for an inspection the user may not know of,
403 for one they may see but not change."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from openpeel.casefiles.checklist import ANSWERS, checklist
from openpeel.casefiles.sampling import SamplingError
from openpeel.inspections import access, casefiles
from openpeel.inspections.models import CaseFileSample, CaseFileSampleItem
from openpeel.web.casefiles.forms import DrawForm, ReviewForm


def _inspection(request, pk: int, *, edit: bool = False):
    inspection = access.workspace_inspection(request.user, pk)
    if edit:
        access.require(access.may_edit(request.user, inspection), "You cannot change this inspection's evidence now.")
    return inspection


def _sample(inspection, sample_pk: int) -> CaseFileSample:
    return get_object_or_404(CaseFileSample, pk=sample_pk, inspection=inspection)


def _context(request, inspection, **more) -> dict:
    editable = access.may_edit(request.user, inspection)
    return {"inspection": inspection, "may_edit": editable, "read_only": not editable, **more}


def samples(request, pk: int):
    inspection = _inspection(request, pk)
    rows = [(s, casefiles.progress(s)) for s in inspection.case_file_samples.all()]
    return render(request, "casefiles/samples.html", _context(request, inspection, rows=rows))


def draw(request, pk: int):
    inspection = _inspection(request, pk, edit=True)
    form = DrawForm(request.POST or None, inspection=inspection)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            sample = casefiles.draw_sample(
                inspection,
                theme=data["theme"],
                margin=float(data["margin"]) / 100,
                confidence=int(data["confidence"]) / 100,
                seed=data["seed"],
                first_month=data["first_month"],
                last_month=data["last_month"],
                drawn_by=request.user,
            )
        except SamplingError as e:
            form.add_error(None, str(e))
        else:
            return redirect("casefiles:sample", pk=inspection.pk, sample_pk=sample.pk)
    return render(request, "casefiles/draw.html", _context(request, inspection, form=form), status=_status(form))


def sample(request, pk: int, sample_pk: int):
    inspection = _inspection(request, pk)
    chosen = _sample(inspection, sample_pk)
    items = chosen.items.select_related("review")
    return render(
        request,
        "casefiles/sample.html",
        _context(
            request, inspection, sample=chosen, items=items, progress=casefiles.progress(chosen),
            strata=sorted(chosen.strata, key=lambda s: -s["population"]),
        ),
    )  # fmt: skip


def review(request, pk: int, sample_pk: int, item_pk: int):
    inspection = _inspection(request, pk, edit=request.method == "POST")
    chosen = _sample(inspection, sample_pk)
    item = get_object_or_404(CaseFileSampleItem, pk=item_pk, sample=chosen)
    existing = getattr(item, "review", None)
    initial = {**existing.answers, "notes": existing.notes} if existing else {}
    questions = checklist().questions_for(chosen.theme)
    form = ReviewForm(request.POST or None, questions=questions, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            casefiles.review_file(item, form.answers(), form.cleaned_data["notes"])
        except ValidationError as e:
            form.add_error(None, e)
        else:
            following = chosen.items.filter(review__isnull=True, position__gt=item.position).first()
            if following is None:
                return redirect("casefiles:sample", pk=inspection.pk, sample_pk=chosen.pk)
            return redirect("casefiles:review", pk=inspection.pk, sample_pk=chosen.pk, item_pk=following.pk)
    facts = casefiles.file_facts(item)
    return render(
        request,
        "casefiles/review.html",
        _context(
            request, inspection, sample=chosen, item=item, form=form, facts=facts, existing=existing,
            answer_words=ANSWERS,
        ),
        status=_status(form),
    )  # fmt: skip


def results(request, pk: int, sample_pk: int):
    inspection = _inspection(request, pk)
    chosen = _sample(inspection, sample_pk)
    return render(
        request,
        "casefiles/results.html",
        _context(
            request, inspection, sample=chosen, rows=casefiles.results(chosen),
            progress=casefiles.progress(chosen), framework=inspection.framework,
        ),
    )  # fmt: skip


@require_POST
def attach(request, pk: int, sample_pk: int):
    inspection = _inspection(request, pk, edit=True)
    chosen = _sample(inspection, sample_pk)
    casefiles.attach_results(chosen)  # an OpenPeelError (nothing reviewed) becomes a 400 page
    return redirect("casefiles:results", pk=inspection.pk, sample_pk=chosen.pk)


def _status(form) -> int:
    return 400 if form.is_bound and form.errors else 200
