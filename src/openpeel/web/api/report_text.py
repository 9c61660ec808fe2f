"""HM Inspector's summary and the press-release quote: one per inspection, written by a person. Approval needs
the summary written (neither empty nor template text), so the API, like the report text page, can write it."""

from __future__ import annotations

from django.db import transaction
from django.http import Http404
from ninja import Router

from openpeel.inspections import access
from openpeel.inspections.models import Inspection, ReportText
from openpeel.web.api import parts
from openpeel.web.api.schemas import ReportTextIn, ReportTextOut, responses

router = Router(tags=["report text"])
ONE = "/inspections/{inspection_id}/report-text"
QUOTE_UNSET = {"quote": "", "quote_by": "", "quote_title": ""}


@router.get(ONE, response=responses(ReportTextOut), url_name="report-text-read", operation_id="read_report_text")
def read_report_text(request, inspection_id: int):
    text = ReportText.objects.filter(inspection=access.visible_inspection(request.auth, inspection_id)).first()
    if text is None:
        raise Http404("No report text written yet")
    return text


@router.put(ONE, response=responses(ReportTextOut), url_name="report-text-set", operation_id="set_report_text")
def set_report_text(request, inspection_id: int, payload: ReportTextIn):
    """Write (or rewrite) the summary and the quote; a quote needs who said it and their title."""
    inspection = parts.editable(request, inspection_id)
    with transaction.atomic():
        Inspection.objects.select_for_update().filter(pk=inspection.pk).exists()  # one writer at a time
        text = ReportText.objects.filter(inspection=inspection).first() or ReportText(inspection=inspection)
        # A PUT replaces the whole text: a quote not given is none (and an explicit null is refused).
        return parts.save(text, {**QUOTE_UNSET, **payload.model_dump(exclude_unset=True)})
