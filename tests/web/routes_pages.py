"""The inspection working pages (/inspections/): who may read, who may change, and when."""

from openpeel.inspections.audit import acting_as
from openpeel.inspections.models import AreaForImprovement

from .route_table import ROLES, Route, everyone, inspectorate

WORKSPACE = ("inspector", "moderator", "administrator")


def reads(status=200, other=404, **overrides):
    """A working page: the inspectorate reads it; anyone else gets `other` (404 unpublished, 403 published)."""
    return inspectorate(status, other, **overrides)


def draft_edit(ok=200):
    """Changing a draft: its assigned inspector only; moderators and administrators may look but not touch."""
    return reads(403, inspector=ok)


def moderation_edit(ok=200):
    """Changing an inspection in moderation: moderators only."""
    return reads(403, moderator=ok)


def published(status=403):
    """Working pages of a published inspection: readable to the inspectorate, forbidden (not hidden) to others."""
    return reads(200, status)


def draft_afi(world):
    """An area for improvement on the draft, made for a route to point at (rolled back after each role)."""
    with acting_as(world.users["inspector"]):
        afi = AreaForImprovement.objects.filter(inspection=world.draft).first()
        return afi or AreaForImprovement.objects.create(
            inspection=world.draft, area_id="investigating", text="The force should review its case files."
        )


def judgment_of(inspection, area_id="investigating"):
    return inspection.judgments.get(area_id=area_id)


def start_data(world):
    return {"force_id": "norfolk", "framework_id": "peel-2023-25", "period_start": "2025-01-01",
            "period_end": "2025-12-31"}  # fmt: skip


def draft(w):
    return {"pk": w.draft.pk}


def moderated(w):
    return {"pk": w.in_moderation.pk}


def public(w):
    return {"pk": w.published.pk}


STARTERS = {"inspector": 200, "other_inspector": 200, "moderator": 200}
ROUTES = [
    Route("inspections:list", everyone(200, anonymous=302)),
    Route("inspections:start", {r: STARTERS.get(r, 302 if r == "anonymous" else 403) for r in ROLES}),
    Route(
        "inspections:start",
        {r: 302 if r in STARTERS or r == "anonymous" else 403 for r in ROLES},
        method="POST",
        data=start_data,
    ),
    Route("inspections:tasks", reads(), kwargs=draft, label="draft"),
    Route("inspections:tasks", published(), kwargs=public, label="published"),
    Route("inspections:summary", reads(), kwargs=draft, label="draft"),
    Route("inspections:summary", everyone(200), kwargs=public, label="published"),
    *(
        Route("inspections:section", reads(), kwargs=lambda w, s=s: {**draft(w), "section": s}, label=s)
        for s in ("evidence", "findings", "areas-for-improvement", "causes-of-concern", "innovative-practice")
    ),
    Route("inspections:section", published(), kwargs=lambda w: {**public(w), "section": "findings"}, label="published"),
    Route("inspections:attach-snapshot", draft_edit(), kwargs=draft, label="draft"),
    Route(
        "inspections:attach-snapshot",
        draft_edit(302),
        kwargs=draft,
        method="POST",
        data=lambda w: {"indicator_id": "asb-per-1000", "period": "2019-01"},
        label="draft",
    ),
    Route(
        "inspections:attach-snapshot",
        moderation_edit(302),
        kwargs=moderated,
        method="POST",
        data=lambda w: {"indicator_id": "charge-rate", "period": ""},
        label="in moderation",
    ),
    Route("inspections:attach-snapshot", everyone(403), kwargs=public, label="published"),
    Route("inspections:part-add", draft_edit(), kwargs=lambda w: {**draft(w), "kind": "finding"}, label="finding"),
    Route(
        "inspections:part-add",
        draft_edit(302),
        kwargs=lambda w: {**draft(w), "kind": "afi"},
        method="POST",
        data=lambda w: {"area_id": "investigating", "text": "The force should supervise investigations."},
        label="afi",
    ),
    Route(
        "inspections:part-add",
        draft_edit(200),  # the model refuses the wording: the form comes back with its error
        kwargs=lambda w: {**draft(w), "kind": "afi"},
        method="POST",
        data=lambda w: {"area_id": "investigating", "text": "Supervise investigations."},
        label="afi refused by the model",
    ),
    Route(
        "inspections:part-add",
        draft_edit(404),  # snapshots are attached from the warehouse, not typed in
        kwargs=lambda w: {**draft(w), "kind": "snapshot"},
        label="snapshot",
    ),
    Route(
        "inspections:part-add",
        everyone(403),  # nothing changes once approved, whoever asks
        kwargs=lambda w: {**public(w), "kind": "afi"},
        method="POST",
        data=lambda w: {"area_id": "investigating", "text": "The force should supervise investigations."},
        label="published",
    ),
    Route(
        "inspections:part-edit",
        draft_edit(),
        kwargs=lambda w: {**draft(w), "kind": "afi", "part": draft_afi(w).pk},
        label="afi",
    ),
    Route(
        "inspections:part-edit",
        draft_edit(302),
        kwargs=lambda w: {**draft(w), "kind": "afi", "part": draft_afi(w).pk},
        method="POST",
        data=lambda w: {"area_id": "investigating", "text": "The force should review every case file."},
        label="afi",
    ),
    Route(
        "inspections:part-delete",
        draft_edit(),
        kwargs=lambda w: {**draft(w), "kind": "afi", "part": draft_afi(w).pk},
        label="afi",
    ),
    Route(
        "inspections:part-delete",
        moderation_edit(302),
        kwargs=lambda w: {**moderated(w), "kind": "judgment", "part": judgment_of(w.in_moderation).pk},
        method="POST",
        label="judgment in moderation",
    ),
    Route(
        "inspections:part-delete",
        everyone(403),
        kwargs=lambda w: {**public(w), "kind": "judgment", "part": judgment_of(w.published).pk},
        method="POST",
        label="published",
    ),
    Route("inspections:grades", reads(), kwargs=draft, label="draft"),
    Route("inspections:grades", published(), kwargs=public, label="published"),
    Route("inspections:grade", reads(), kwargs=lambda w: {**draft(w), "area_id": "investigating"}, label="draft"),
    Route(
        "inspections:grade",
        draft_edit(302),
        kwargs=lambda w: {**draft(w), "area_id": "investigating"},
        method="POST",
        data=lambda w: {"grade_id": "GOOD", "rationale": "Investigations are well supervised."},
        label="draft",
    ),
    Route(
        "inspections:grade",
        reads(),
        kwargs=lambda w: {**draft(w), "area_id": "victim-service"},
        label="ungraded area",
    ),
    Route(
        "inspections:carry-forward",
        draft_edit(302),
        kwargs=lambda w: {**draft(w), "area_id": "responding"},  # graded in the published 2021/22 inspection
        method="POST",
        label="draft",
    ),
    Route("inspections:moderation", reads(), kwargs=moderated, label="in moderation"),
    Route("inspections:moderation", published(), kwargs=public, label="published"),
    Route(
        "inspections:move",
        draft_edit(302),
        kwargs=draft,
        method="POST",
        data=lambda w: {"transition": "submit"},
        label="submit draft",
    ),  # fmt: skip
    Route(
        "inspections:move",
        moderation_edit(302),
        kwargs=moderated,
        method="POST",
        data=lambda w: {"transition": "approve"},
        label="approve",
    ),
    Route(
        "inspections:move",
        everyone(403, moderator=400),  # nothing follows publication: the refusal is shown, not hidden
        kwargs=public,
        method="POST",
        data=lambda w: {"transition": "publish"},
        label="publish again",
    ),
    Route("inspections:history", reads(), kwargs=draft, label="draft"),
    Route("inspections:history", published(), kwargs=public, label="published"),
]
