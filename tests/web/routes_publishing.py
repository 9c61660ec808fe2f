"""The published reports, press releases and national overview: public once the embargo lifts, 404 to
everyone before (the inspectorate previews through the preview route, which is theirs alone)."""

from .route_table import Route, everyone, inspectorate

ROUTES = [
    Route("publishing:reports", everyone(200)),
    Route("publishing:national", everyone(200), kwargs=lambda w: {"framework_id": "peel-2023-25"}),
    Route("publishing:national", everyone(404), kwargs=lambda w: {"framework_id": "peel-1999"}, label="unknown"),
    Route(
        "publishing:national",
        everyone(200),
        kwargs=lambda w: {"framework_id": "peel-2023-25"},
        query={"area": "leadership"},
        label="map of one area",
    ),
    Route(
        "publishing:national",
        everyone(404),
        kwargs=lambda w: {"framework_id": "peel-2023-25"},
        query={"area": "no-such-area"},
        label="unknown area",
    ),
]
PUBLIC_PAGES = ("report", "report-pdf", "press-release", "press-release-text", "press-release-pdf")
for name in PUBLIC_PAGES:
    ROUTES += [
        Route(f"publishing:{name}", everyone(200), kwargs=lambda w: {"pk": w.published.pk}, label="published"),
        Route(f"publishing:{name}", everyone(404), kwargs=lambda w: {"pk": w.draft.pk}, label="draft"),
        Route(f"publishing:{name}", everyone(404), kwargs=lambda w: {"pk": w.in_moderation.pk}, label="moderation"),
    ]
ROUTES += [
    # No correction has been published for the world's report: only version numbers that exist answer.
    Route("publishing:report-version", everyone(404), kwargs=lambda w: {"pk": w.published.pk, "number": 2}),
    Route("publishing:report-version", everyone(404), kwargs=lambda w: {"pk": w.draft.pk, "number": 1}, label="draft"),
    Route("publishing:preview", inspectorate(200, 404), kwargs=lambda w: {"pk": w.draft.pk}, label="draft"),
    Route("publishing:preview", inspectorate(200, 403), kwargs=lambda w: {"pk": w.published.pk}, label="published"),
]

# The report's text: moderators until approval, the assigned inspector while it is a draft; administrators read
# the workspace but do not write; once published it is frozen (403 to everyone: public, but not to change).
TEXT = {"summary": "The force is good at most things.", "quote": "", "quote_by": "", "quote_title": ""}
QUOTE_WITHOUT_NAME = TEXT | {"quote": "Words with nobody to say them."}
ROUTES += [
    Route("publishing:report-text", inspectorate(200, 404, administrator=403), kwargs=lambda w: {"pk": w.draft.pk},
          label="draft"),
    Route("publishing:report-text", inspectorate(200, 404, inspector=403, administrator=403),
          kwargs=lambda w: {"pk": w.in_moderation.pk}, label="moderation"),
    Route("publishing:report-text", everyone(403), kwargs=lambda w: {"pk": w.published.pk}, label="published"),
    Route("publishing:report-text", inspectorate(302, 404, administrator=403), kwargs=lambda w: {"pk": w.draft.pk},
          method="POST", data=lambda w: TEXT, label="draft"),
    Route("publishing:report-text", inspectorate(200, 404, inspector=403, administrator=403),
          kwargs=lambda w: {"pk": w.in_moderation.pk}, method="POST", data=lambda w: QUOTE_WITHOUT_NAME,
          label="moderation, quote without a name"),
    Route("publishing:report-text", everyone(403), kwargs=lambda w: {"pk": w.published.pk}, method="POST",
          data=lambda w: TEXT, label="published"),
]  # fmt: skip

# Each area's narrative: the same people, at the same times, as the report's text; an unknown area is 404.
NARRATIVE = {"text": "# Main findings\n\nThe force answers 999 calls quickly."}
ROUTES += [
    Route("publishing:narrative", inspectorate(200, 404, administrator=403),
          kwargs=lambda w: {"pk": w.draft.pk, "area_id": "responding"}, label="draft"),
    Route("publishing:narrative", inspectorate(302, 404, administrator=403),
          kwargs=lambda w: {"pk": w.draft.pk, "area_id": "responding"}, method="POST", data=lambda w: NARRATIVE,
          label="draft"),
    Route("publishing:narrative", inspectorate(200, 404, inspector=403, administrator=403),
          kwargs=lambda w: {"pk": w.in_moderation.pk, "area_id": "responding"}, method="POST",
          data=lambda w: NARRATIVE | {"preview": "1"}, label="moderation, preview"),
    Route("publishing:narrative", inspectorate(404, 404, administrator=403),
          kwargs=lambda w: {"pk": w.draft.pk, "area_id": "no-such-area"}, label="unknown area"),
    Route("publishing:narrative", everyone(403), kwargs=lambda w: {"pk": w.published.pk, "area_id": "responding"},
          label="published"),
]  # fmt: skip
