"""One scripted inspection, draft to published with a correction, on whichever workflow database the
environment names (OPENPEEL_DATABASE_URL, else SQLite under OPENPEEL_VAR). Prints, as JSON, every audit
entry's hash in order, the audit head, and each stored report version: what test_inspections_postgres.py
compares across SQLite and PostgreSQL.

The clock is a counter (one second a call from a fixed instant) so both runs stamp the same times; the ids
are the fresh database's own, from 1 on both.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json

import django.utils.timezone as tz

T0 = dt.datetime(2025, 3, 1, 9, 0, tzinfo=dt.UTC)
_ticks = itertools.count()
tz.now = lambda: T0 + dt.timedelta(seconds=next(_ticks))  # before Django reads it (auto_now, audit stamps)


def main() -> None:
    from openpeel.django_setup import migrate

    migrate()
    from django.db import connection

    from openpeel.demo.factories import grade_every_area, make_inspection, record_one_of_each, support_grade
    from openpeel.inspections import workflow
    from openpeel.inspections.audit import acting_as
    from openpeel.inspections.models import AuditEntry, AuditHead, Judgment, ReportVersion
    from openpeel.inspections.models.audit import canonical_json
    from openpeel.publishing.versions import correct, publish_due

    with acting_as("inspector"):
        inspection = make_inspection()
        grade_every_area(inspection)  # a judgment for every graded area, pillar and question
        support_grade(inspection, "investigating", "REQUIRES_IMPROVEMENT")  # a change of mind, with its AFI
        judgment = Judgment.objects.get(inspection=inspection, area_id="investigating")
        judgment.grade_id, judgment.rationale = "REQUIRES_IMPROVEMENT", "Files wait weeks for supervision."
        judgment.save()
        record_one_of_each(inspection)  # a finding, AFI, innovative practice, fieldwork note, case file review
    workflow.move(inspection, "in_moderation", actor="inspector")
    workflow.move(inspection, "approved", actor="moderator")
    embargo = T0 + dt.timedelta(days=10)
    workflow.move(inspection, "scheduled", actor="moderator", embargo_at=embargo)
    published = publish_due(now=embargo + dt.timedelta(minutes=1))
    assert [i.pk for i in published] == [inspection.pk], published
    correct(inspection, "every stage", "each stage", "Wording.", actor="moderator", now=embargo + dt.timedelta(days=1))
    print(
        json.dumps(
            {
                "vendor": connection.vendor,
                "hashes": list(AuditEntry.objects.order_by("id").values_list("hash", flat=True)),
                "head": AuditHead.objects.values_list("hash", "count").get(),
                "versions": [
                    [v.number, v.created_at.isoformat(), v.note, canonical_json(v.report)]
                    for v in ReportVersion.objects.filter(inspection=inspection).order_by("number")
                ],
            }
        )
    )


if __name__ == "__main__":
    main()
