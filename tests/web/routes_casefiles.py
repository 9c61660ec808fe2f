"""Case file review pages: the inspectorate works on them; anyone else gets 404 (or 403 once published)."""

from __future__ import annotations

import datetime as dt

from django.db import models

from openpeel.casefiles.checklist import checklist
from openpeel.inspections.audit import acting_as
from openpeel.inspections.models import CaseFileReview, CaseFileSample, CaseFileSampleItem

from .route_table import Route, everyone, inspectorate

JAN = dt.date(2019, 1, 1)
ALL_YES = {q.id: "yes" for q in checklist().questions_for("investigations")}


def a_sample(world, stage: str) -> dict:
    """A small sample of two files, one reviewed, in the world's inspection at `stage`. The published
    inspection was signed off with it already drawn, so there it is put in place as it would stand (the
    models refuse new evidence after approval, rightly)."""
    inspection = getattr(world, stage)
    sample = CaseFileSample(
        inspection=inspection, theme="investigations", first_month=JAN, last_month=JAN, seed=1, margin=0.25,
        confidence=0.95, population_size=40, population_sha256="0" * 64, drawn_by=world.users["inspector"],
        strata=[{"offence_group": "Theft offences", "outcome_group": "open", "month": "2019-01", "population": 40,
                 "allocated": 2}],
    )  # fmt: skip
    save = models.Model.save if stage == "published" else (lambda obj: obj.save())
    with acting_as(world.users["inspector"]):
        save(sample)
        items = []
        for i in (1, 2):
            items.append(
                CaseFileSampleItem(
                    sample=sample,
                    position=i,
                    crime_reference=f"CR201901-000000{i}",
                    offence_group="Theft offences",
                    outcome_group="open",
                    month=JAN,
                )
            )
            save(items[-1])
        save(
            CaseFileReview(
                inspection=inspection,
                item=items[0],
                case_reference=items[0].crime_reference,
                area_id="investigating",
                theme="Crime investigations",
                reviewed_on=JAN,
                result="met",
                answers=ALL_YES,
            )
        )
    return {"pk": inspection.pk, "sample_pk": sample.pk, "item_pk": items[1].pk}


def page(stage: str, *keys: str):
    return lambda world: {k: v for k, v in a_sample(world, stage).items() if k in ("pk", *keys)}


def inspection_of(stage: str):
    return lambda world: {"pk": getattr(world, stage).pk}


DRAW = {"theme": "investigations", "first_month": "2019-01", "last_month": "2019-02", "margin": "25",
        "confidence": "95", "seed": "1"}  # fmt: skip
READ = {"draft": inspectorate(200, 404), "in_moderation": inspectorate(200, 404),
        "published": inspectorate(200, 403)}  # fmt: skip
# Writes: the assigned inspector while a draft, a moderator while in moderation, nobody once published.
WRITE = {
    "draft": inspectorate(403, 404, inspector=302),
    "in_moderation": inspectorate(403, 404, moderator=302),
    "published": everyone(403),
}
WRITE_FORM = {
    "draft": inspectorate(403, 404, inspector=200),
    "in_moderation": inspectorate(403, 404, moderator=200),
    "published": everyone(403),
}

ROUTES = []
for stage in ("draft", "in_moderation", "published"):
    ROUTES += [
        Route("casefiles:samples", READ[stage], kwargs=inspection_of(stage), label=stage),
        Route("casefiles:draw", WRITE_FORM[stage], kwargs=inspection_of(stage), label=stage),
        Route("casefiles:draw", WRITE[stage], kwargs=inspection_of(stage), method="POST", data=lambda w: DRAW,
              label=stage),
        Route("casefiles:sample", READ[stage], kwargs=page(stage, "sample_pk"), label=stage),
        Route("casefiles:review", READ[stage], kwargs=page(stage, "sample_pk", "item_pk"), label=stage),
        Route("casefiles:review", WRITE[stage], kwargs=page(stage, "sample_pk", "item_pk"), method="POST",
              data=lambda w: ALL_YES, label=stage),
        Route("casefiles:results", READ[stage], kwargs=page(stage, "sample_pk"), label=stage),
        Route("casefiles:attach", WRITE[stage], kwargs=page(stage, "sample_pk"), method="POST", label=stage),
    ]  # fmt: skip
ROUTES += [
    Route("casefiles:attach", everyone(405), kwargs=page("draft", "sample_pk"), label="GET is refused"),
    # A sample of another inspection is not found through this one, even by those who may see both.
    Route("casefiles:sample", inspectorate(404, 404), label="sample of another inspection",
          kwargs=lambda w: {"pk": w.draft.pk, "sample_pk": a_sample(w, "in_moderation")["sample_pk"]}),
]  # fmt: skip
