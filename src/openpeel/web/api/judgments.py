"""Graded judgments, one per area: set by the inspector, read with any carried-forward marking."""

from __future__ import annotations

import warnings

from django.db import transaction
from django.shortcuts import get_object_or_404
from ninja import Router
from ninja import Status as Reply

from openpeel.inspections import access
from openpeel.inspections.carry_forward import carry_forward
from openpeel.inspections.models import Inspection, Judgment
from openpeel.inspections.rules import GradeRuleWarning
from openpeel.web.api import parts
from openpeel.web.api.schemas import JudgmentIn, JudgmentOut, responses

router = Router(tags=["judgments"])
ONE = "/inspections/{inspection_id}/judgments/{area_id}"


@router.get("/inspections/{inspection_id}/judgments", response=responses(list[JudgmentOut]),
            url_name="judgments-list", operation_id="list_judgments")  # fmt: skip
def list_judgments(request, inspection_id: int):
    return access.visible_inspection(request.auth, inspection_id).judgments.all()


@router.get(ONE, response=responses(JudgmentOut), url_name="judgments-read", operation_id="read_judgment")
def read_judgment(request, inspection_id: int, area_id: str):
    return get_object_or_404(access.visible_inspection(request.auth, inspection_id).judgments, area_id=area_id)


@router.put(ONE, response=responses(JudgmentOut), url_name="judgments-set", operation_id="set_judgment")
def set_judgment(request, inspection_id: int, area_id: str, payload: JudgmentIn):
    """Grade an area with a rationale. A carried-forward judgment is replaced by this inspection's own. While
    drafting, the grade rules it would break come back as warnings; approval refuses them."""
    inspection = parts.editable(request, inspection_id)
    fields = {**payload.model_dump(), "framework_id": inspection.framework_id}
    fields |= {"carried_forward_from": None, "carried_forward_year": None}
    with warnings.catch_warnings(record=True) as caught, transaction.atomic():
        warnings.simplefilter("always", GradeRuleWarning)
        # Two people grading the same area at once: the second waits for the first and then changes its
        # judgment, rather than both creating one (issue 19.2). The inspection's row is the lock.
        Inspection.objects.select_for_update().filter(pk=inspection.pk).exists()
        judgment = inspection.judgments.filter(area_id=area_id).first() or Judgment(
            inspection=inspection, area_id=area_id
        )
        parts.save(judgment, fields)
    judgment.warnings = [str(w.message) for w in caught if issubclass(w.category, GradeRuleWarning)]  # type: ignore[union-attr]
    return judgment


@router.post(f"{ONE}/carry-forward", response=responses(JudgmentOut, 201), url_name="judgments-carry-forward",
             operation_id="carry_forward_judgment")  # fmt: skip
def carry_forward_judgment(request, inspection_id: int, area_id: str):
    """For an area not inspected this time: the latest earlier signed-off judgment, marked with its year."""
    return Reply(201, carry_forward(parts.editable(request, inspection_id), area_id, request.auth))


@router.delete(ONE, response=responses(None, 204), url_name="judgments-delete", operation_id="delete_judgment")
def delete_judgment(request, inspection_id: int, area_id: str):
    get_object_or_404(parts.editable(request, inspection_id).judgments, area_id=area_id).delete()
    return Reply(204, None)
