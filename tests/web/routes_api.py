"""The JSON API (/api/): every operation, asked as every role, mostly with the role's API token (anonymous
callers send none); some with the browser session. Report parts of a published inspection are public;
evidence, history, rule check and suggestions are the inspectorate's working material (403 once published)."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from openpeel.demo.factories import record_one_of_each
from openpeel.inspections.audit import acting_as
from openpeel.inspections.models import AreaNarrative, CauseOfConcern, Document, Recommendation
from openpeel.inspections.snapshots import snapshot_indicator

from .route_table import Route, everyone, inspectorate


def edit_draft(status: int) -> dict[str, int]:
    """A change to the draft: its assigned inspector may; moderators and administrators see it but may not."""
    return inspectorate(403, 404, inspector=status)


def edit_in_moderation(status: int) -> dict[str, int]:
    return inspectorate(403, 404, moderator=status)


WORKSPACE_DRAFT = inspectorate(200, 404)  # also the report parts of a draft: nobody else may know it exists
WORKSPACE_PUBLISHED = inspectorate(200, 403)


def on(which: str):
    return lambda w: {"inspection_id": getattr(w, which).pk}


def made(related: str, which: str = "draft"):
    """URL arguments naming a part of the world's inspection `which` (made now and rolled back after each
    role asks, unless the inspection is published: then the part recorded before publication)."""

    def kwargs(world):
        inspection = getattr(world, which)
        if which == "published":
            part = getattr(inspection, related).first()
        else:
            with acting_as(world.users["inspector"]):
                part = MAKERS.get(related, lambda i: record_one_of_each(i)[related])(inspection)
        return {"inspection_id": inspection.pk, "part_id": part.pk}

    return kwargs


def _cause(inspection):
    return CauseOfConcern.objects.create(inspection=inspection, area_id="investigating", text="Cases drift.")


MAKERS = {
    "causes_of_concern": _cause,
    "narratives": lambda i: AreaNarrative.objects.create(inspection=i, area_id="investigating", text="# Findings"),
    "recommendations": lambda i: Recommendation.objects.create(cause=_cause(i), text="Within three months ..."),
    "indicator_snapshots": lambda i: snapshot_indicator(i, "asb-per-1000"),
    "documents": lambda i: Document.objects.create(
        inspection=i, title="Policy", effective_date="2024-02-01", file=SimpleUploadedFile("p.txt", b"Policy text")
    ),
}


def judgment(which: str, area_id: str = "investigating"):
    return lambda w: {"inspection_id": getattr(w, which).pk, "area_id": area_id}


def text_file(w):
    return {
        "file": SimpleUploadedFile("notes.txt", b"Reality testing in the control room.\n"),
        "title": "Control room notes",
        "effective_date": "2024-03-01",
    }


ROUTES = [
    # The OpenAPI document and its docs page are public; /api/ itself is nothing.
    Route("api:openapi-json", everyone(200)),
    Route("api:openapi-view", everyone(200)),
    Route("api:api-root", everyone(404)),
    # Inspections
    Route("api:inspections-list", everyone(200), api_token=True),
    Route("api:inspections-list", everyone(200), label="session"),
    Route("api:inspections-create", everyone(403, inspector=201, other_inspector=201, moderator=201), method="POST",
          json=True, api_token=True, data=lambda w: {"force_id": "Norfolk", "framework_id": "peel-2023-25",
                                          "period_start": "2025-01-01", "period_end": "2025-12-31"}),
    Route("api:inspections-read", WORKSPACE_DRAFT, kwargs=on("draft"), api_token=True, label="draft"),
    Route("api:inspections-read", everyone(200), kwargs=on("published"), api_token=True, label="published"),
    Route("api:inspections-read", WORKSPACE_DRAFT, kwargs=on("draft"), label="draft, session"),
    Route("api:inspections-update", edit_draft(200), kwargs=on("draft"), method="PATCH", json=True, api_token=True,
          data=lambda w: {"period_end": "2024-11-30"}, label="draft"),
    Route("api:inspections-update", edit_in_moderation(200), kwargs=on("in_moderation"), method="PATCH", json=True,
          api_token=True, data=lambda w: {"period_end": "2023-11-30"}, label="in moderation"),
    Route("api:inspections-update", everyone(403), kwargs=on("published"), method="PATCH", json=True,
          api_token=True, data=lambda w: {"period_end": "2022-11-30"}, label="published"),
    Route("api:inspectors-read", WORKSPACE_DRAFT, kwargs=on("draft"), api_token=True, label="draft"),
    Route("api:inspectors-read", WORKSPACE_PUBLISHED, kwargs=on("published"), api_token=True, label="published"),
    Route("api:inspectors-set", inspectorate(403, 404, moderator=200), kwargs=on("draft"), method="PUT", json=True,
          api_token=True, data=lambda w: {"usernames": ["inspector", "other_inspector"]}),
    # Workflow moves: each role only its own moves; from published there is nowhere to go (400).
    Route("api:moves-create", edit_draft(200), kwargs=on("draft"), method="POST", json=True, api_token=True,
          data=lambda w: {"to": "in_moderation"}, label="submit"),
    Route("api:moves-create", edit_in_moderation(200), kwargs=on("in_moderation"), method="POST", json=True,
          api_token=True, data=lambda w: {"to": "approved"}, label="approve"),
    Route("api:moves-create", edit_in_moderation(200), kwargs=on("in_moderation"), method="POST",
          data=lambda w: {"to": "draft"}, json=True, label="return, session"),
    Route("api:moves-create", everyone(403, inspector=400, moderator=400, administrator=400),
          kwargs=on("published"), method="POST", json=True, api_token=True, data=lambda w: {"to": "scheduled"},
          label="published"),
    # Working material: the inspectorate's, even once published.
    *[
        Route(f"api:{name}", expect, kwargs=on(which), api_token=True, label=which)
        for name in ("rule-check", "suggestions", "history", "snapshots-list", "documents-list",
                     "fieldwork-notes-list", "case-file-reviews-list")
        for which, expect in (("draft", WORKSPACE_DRAFT), ("published", WORKSPACE_PUBLISHED))
    ],
    Route("api:history", WORKSPACE_DRAFT, kwargs=on("draft"), label="draft, session"),
    Route("api:snapshots-create", edit_draft(201), kwargs=on("draft"), method="POST", json=True, api_token=True,
          data=lambda w: {"indicator_id": "asb-per-1000", "note": "Above its peers."}),
    Route("api:snapshots-read", WORKSPACE_DRAFT, kwargs=made("indicator_snapshots"), api_token=True),
    Route("api:documents-create", edit_draft(201), kwargs=on("draft"), method="POST", api_token=True,
          data=text_file),
    Route("api:documents-create", edit_draft(201), kwargs=on("draft"), method="POST", data=text_file,
          label="session"),
    Route("api:documents-read", WORKSPACE_DRAFT, kwargs=made("documents"), api_token=True),
    Route("api:documents-file", WORKSPACE_DRAFT, kwargs=made("documents"), api_token=True),
    Route("api:case-file-reviews-read", WORKSPACE_DRAFT, kwargs=made("case_file_reviews"), api_token=True,
          label="draft"),
    Route("api:case-file-reviews-read", WORKSPACE_PUBLISHED, kwargs=made("case_file_reviews", "published"),
          api_token=True, label="published"),
    Route("api:fieldwork-notes-create", edit_draft(201), kwargs=on("draft"), method="POST", json=True,
          api_token=True, data=lambda w: {"kind": "interview", "held_on": "2024-05-02", "text": "Call handlers."}),
    Route("api:fieldwork-notes-read", WORKSPACE_DRAFT, kwargs=made("fieldwork_notes"), api_token=True,
          label="draft"),
    Route("api:fieldwork-notes-read", WORKSPACE_PUBLISHED, kwargs=made("fieldwork_notes", "published"),
          api_token=True, label="published"),
    Route("api:fieldwork-notes-update", edit_draft(200), kwargs=made("fieldwork_notes"), method="PATCH", json=True,
          api_token=True, data=lambda w: {"participants": "Call handlers"}),
    Route("api:fieldwork-notes-delete", edit_draft(204), kwargs=made("fieldwork_notes"), method="DELETE",
          api_token=True),
    # The report: public once published.
    *[
        Route(f"api:{path}-list", expect, kwargs=on(which), api_token=True, label=which)
        for path in ("findings", "areas-for-improvement", "causes-of-concern", "innovative-practice", "judgments",
                     "narratives")
        for which, expect in (("draft", WORKSPACE_DRAFT), ("published", everyone(200)))
    ],
    *[
        route
        for path, related in (("findings", "findings"), ("areas-for-improvement", "areas_for_improvement"),
                              ("innovative-practice", "innovative_practice"))
        for route in (
            Route(f"api:{path}-read", WORKSPACE_DRAFT, kwargs=made(related), api_token=True, label="draft"),
            Route(f"api:{path}-read", everyone(200), kwargs=made(related, "published"), api_token=True,
                  label="published"),
            Route(f"api:{path}-update", everyone(403), kwargs=made(related, "published"), method="PATCH",
                  json=True, api_token=True, data=lambda w: {"text": "The force should ..."}, label="published"),
            Route(f"api:{path}-delete", edit_draft(204), kwargs=made(related), method="DELETE", api_token=True),
        )
    ],
    Route("api:findings-create", edit_draft(201), kwargs=on("draft"), method="POST", json=True, api_token=True,
          data=lambda w: {"area_id": "responding", "characteristic_ids": ["responding.999-answered"],
                          "kind": "weakness", "text": "Too many 999 calls wait over ten seconds."}),
    Route("api:findings-update", edit_draft(200), kwargs=made("findings"), method="PATCH", json=True,
          api_token=True, data=lambda w: {"kind": "weakness"}),
    Route("api:findings-update", edit_in_moderation(200), kwargs=made("findings", "in_moderation"), method="PATCH",
          json=True, api_token=True, data=lambda w: {"text": "Reworded by the moderator."}, label="in moderation"),
    Route("api:areas-for-improvement-create", edit_draft(201), kwargs=on("draft"), method="POST", json=True,
          api_token=True, data=lambda w: {"area_id": "responding", "text": "The force should answer 101 sooner."}),
    Route("api:areas-for-improvement-update", edit_draft(200), kwargs=made("areas_for_improvement"),
          method="PATCH", json=True, api_token=True, data=lambda w: {"text": "The force should act sooner."}),
    Route("api:innovative-practice-create", edit_draft(201), kwargs=on("draft"), method="POST", json=True,
          api_token=True, data=lambda w: {"area_id": "responding", "text": "Video calls for victims."}),
    Route("api:innovative-practice-update", edit_draft(200), kwargs=made("innovative_practice"), method="PATCH",
          json=True, api_token=True, data=lambda w: {"text": "Video calls for all victims."}),
    # Each area's narrative (Markdown): written like any part while the inspection is open.
    Route("api:narratives-create", edit_draft(201), kwargs=on("draft"), method="POST", json=True, api_token=True,
          data=lambda w: {"area_id": "responding", "text": "# Calls\n\nMost 999 calls are answered quickly."}),
    Route("api:narratives-read", WORKSPACE_DRAFT, kwargs=made("narratives"), api_token=True),
    Route("api:narratives-update", edit_draft(200), kwargs=made("narratives"), method="PATCH", json=True,
          api_token=True, data=lambda w: {"text": "# Findings\n\nReworded."}),
    Route("api:narratives-delete", edit_draft(204), kwargs=made("narratives"), method="DELETE", api_token=True),
    Route("api:causes-of-concern-create", edit_draft(201), kwargs=on("draft"), method="POST", json=True,
          api_token=True, data=lambda w: {"area_id": "investigating", "text": "Cases drift.", "accelerated": True}),
    Route("api:causes-of-concern-read", WORKSPACE_DRAFT, kwargs=made("causes_of_concern"), api_token=True),
    Route("api:causes-of-concern-update", edit_draft(200), kwargs=made("causes_of_concern"), method="PATCH",
          json=True, api_token=True, data=lambda w: {"accelerated": True}),
    Route("api:causes-of-concern-delete", edit_draft(204), kwargs=made("causes_of_concern"), method="DELETE",
          api_token=True),
    Route("api:recommendations-create", edit_draft(201), kwargs=made("causes_of_concern"), method="POST",
          json=True, api_token=True, data=lambda w: {"text": "Within three months the force should ..."}),
    Route("api:recommendations-update", edit_draft(200), kwargs=made("recommendations"), method="PATCH",
          json=True, api_token=True, data=lambda w: {"due_date": "2025-03-31"}),
    Route("api:recommendations-delete", edit_draft(204), kwargs=made("recommendations"), method="DELETE",
          api_token=True),
    # Judgments
    Route("api:judgments-read", WORKSPACE_DRAFT | {"inspector": 200}, kwargs=judgment("in_moderation"),
          api_token=True, label="in moderation"),
    Route("api:judgments-read", everyone(200), kwargs=judgment("published"), api_token=True, label="published"),
    Route("api:judgments-set", edit_draft(200), kwargs=judgment("draft"), method="PUT", json=True, api_token=True,
          data=lambda w: {"grade_id": "GOOD", "rationale": "Supervision is consistent."}, label="draft"),
    Route("api:judgments-set", edit_in_moderation(200), kwargs=judgment("in_moderation"), method="PUT", json=True,
          api_token=True, data=lambda w: {"grade_id": "GOOD", "rationale": "Moderated."}, label="in moderation"),
    Route("api:judgments-set", everyone(403), kwargs=judgment("published"), method="PUT", json=True,
          api_token=True, data=lambda w: {"grade_id": "INADEQUATE"}, label="published"),
    Route("api:judgments-delete", edit_in_moderation(204), kwargs=judgment("in_moderation"), method="DELETE",
          api_token=True),
    Route("api:judgments-carry-forward", edit_draft(201), kwargs=judgment("draft"), method="POST", api_token=True),
    # HM Inspector's summary and the quote (the world's graded inspections have a summary; the draft none yet)
    Route("api:report-text-read", WORKSPACE_DRAFT | {"inspector": 200}, kwargs=on("in_moderation"), api_token=True,
          label="in moderation"),
    Route("api:report-text-read", everyone(200), kwargs=on("published"), api_token=True, label="published"),
    Route("api:report-text-set", edit_draft(200), kwargs=on("draft"), method="PUT", json=True, api_token=True,
          data=lambda w: {"summary": "Cambridgeshire investigates crime well."}, label="draft"),
    Route("api:report-text-set", edit_in_moderation(200), kwargs=on("in_moderation"), method="PUT", json=True,
          api_token=True, data=lambda w: {"summary": "Moderated."}, label="in moderation"),
    Route("api:report-text-set", everyone(403), kwargs=on("published"), method="PUT", json=True, api_token=True,
          data=lambda w: {"summary": "Rewritten after publication."}, label="published"),
]  # fmt: skip
