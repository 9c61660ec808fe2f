"""`python -m openpeel.demo.stage WAREHOUSE STEP`: the demo's users and inspection seeded in the
workflow database (OPENPEEL_VAR or OPENPEEL_DATABASE_URL), then, by the demo moderator, STEP: `publish` it,
`grade_the_rest` of it, or publish a `small_example` (2024, every area Good, factories' wording) beside it.
Prints the id of the inspection staged. The load bench and the fault tests stage their databases with it."""

from __future__ import annotations

import os
import sys

import django


def main(warehouse: str, step: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openpeel.web.settings")
    django.setup()
    from django.contrib.auth import get_user_model

    from openpeel.demo import inspection as demo
    from openpeel.inspections.models import Role

    if step not in ("publish", "grade_the_rest", "small_example"):
        raise SystemExit(f"demo_stage: unknown step {step!r}; use publish, grade_the_rest or small_example")
    seeded = demo.seed(warehouse)
    moderator = get_user_model().objects.get(username=demo.DEMO_USERS[Role.MODERATOR])
    inspection = seeded.inspection
    if step == "small_example":
        from openpeel.demo.factories import grade_every_area, make_inspection
        from openpeel.inspections import workflow
        from openpeel.inspections.audit import acting_as

        with acting_as(moderator):
            inspection = make_inspection()
            grade_every_area(inspection)
        workflow.move(inspection, "in_moderation", actor=moderator)
        demo.publish(inspection, moderator)
    elif seeded.created:
        getattr(demo, step)(inspection, moderator)
    print(inspection.pk)


if __name__ == "__main__":
    main(*sys.argv[1:])
