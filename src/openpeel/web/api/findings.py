"""Findings, areas for improvement, causes of concern with their recommendations, innovative practice, and
each area's narrative (main findings in the inspectors' words, Markdown): what a published report says, so
anyone who may see the inspection may read them."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from ninja import Router
from ninja import Status as Reply

from openpeel.inspections.models import (
    AreaForImprovement,
    AreaNarrative,
    CauseOfConcern,
    Finding,
    InnovativePractice,
    Recommendation,
)
from openpeel.web.api import parts
from openpeel.web.api.schemas import (
    AreaForImprovementIn,
    AreaForImprovementOut,
    AreaForImprovementPatch,
    AreaNarrativeIn,
    AreaNarrativeOut,
    AreaNarrativePatch,
    CauseOfConcernIn,
    CauseOfConcernOut,
    CauseOfConcernPatch,
    FindingIn,
    FindingOut,
    FindingPatch,
    InnovativePracticeIn,
    InnovativePracticeOut,
    InnovativePracticePatch,
    RecommendationIn,
    RecommendationOut,
    RecommendationPatch,
    responses,
)

router = Router(tags=["findings"])

for model, related, path, out, new, patch in (
    (Finding, "findings", "findings", FindingOut, FindingIn, FindingPatch),
    (AreaForImprovement, "areas_for_improvement", "areas-for-improvement", AreaForImprovementOut,
     AreaForImprovementIn, AreaForImprovementPatch),
    (CauseOfConcern, "causes_of_concern", "causes-of-concern", CauseOfConcernOut, CauseOfConcernIn,
     CauseOfConcernPatch),
    (InnovativePractice, "innovative_practice", "innovative-practice", InnovativePracticeOut, InnovativePracticeIn,
     InnovativePracticePatch),
    (AreaNarrative, "narratives", "narratives", AreaNarrativeOut, AreaNarrativeIn, AreaNarrativePatch),
):  # fmt: skip
    parts.register(router, model=model, related=related, path=path, out=out, new=new, patch=patch)


# Recommendations belong to a cause of concern; they are listed with it (causes-of-concern-list/read).
RECOMMENDATION = "/inspections/{inspection_id}/recommendations/{part_id}"


def _recommendation(request, inspection_id: int, part_id: int) -> Recommendation:
    inspection = parts.editable(request, inspection_id)
    return get_object_or_404(Recommendation, pk=part_id, cause__inspection=inspection)


@router.post("/inspections/{inspection_id}/causes-of-concern/{part_id}/recommendations",
             response=responses(RecommendationOut, 201), url_name="recommendations-create",
             operation_id="add_recommendation")  # fmt: skip
def add_recommendation(request, inspection_id: int, part_id: int, payload: RecommendationIn):
    """Add a recommendation to a cause of concern (each needs at least one before sign-off)."""
    cause = get_object_or_404(parts.editable(request, inspection_id).causes_of_concern, pk=part_id)
    return Reply(201, parts.save(Recommendation(cause=cause), payload.model_dump(exclude_unset=True)))


@router.patch(RECOMMENDATION, response=responses(RecommendationOut), url_name="recommendations-update",
              operation_id="change_recommendation")  # fmt: skip
def change_recommendation(request, inspection_id: int, part_id: int, payload: RecommendationPatch):
    return parts.save(_recommendation(request, inspection_id, part_id), payload.model_dump(exclude_unset=True))


@router.delete(RECOMMENDATION, response=responses(None, 204), url_name="recommendations-delete",
               operation_id="delete_recommendation")  # fmt: skip
def delete_recommendation(request, inspection_id: int, part_id: int):
    _recommendation(request, inspection_id, part_id).delete()
    return Reply(204, None)
