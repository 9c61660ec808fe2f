"""A force has at most one PEEL inspection per cycle (force and framework unique).

A workflow database that already holds two inspections of one force under one framework cannot take the
constraint: the migration stops first and names them, so that a person decides which to keep (openpeel
never deletes an inspection on its own). openpeel's own demo made such a pair before this rule (its draft
and its published Cambridgeshire 2023-25): a demo database is rebuilt by removing it and running the demo.
"""

from django.db import migrations, models
from django.db.models import Count

from openpeel.errors import OpenPeelError


class TwoInspectionsOfOneCycle(OpenPeelError):
    code = "inspections_of_one_cycle"


def refuse_two_of_one_cycle(apps, schema_editor):
    Inspection = apps.get_model("inspections", "Inspection")
    twice = (
        Inspection.objects.values("force_id", "framework_id")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .order_by("force_id", "framework_id")
    )
    if not twice:
        return
    lines = []
    for pair in twice:
        ids = Inspection.objects.filter(**{k: pair[k] for k in ("force_id", "framework_id")}).order_by("id")
        listed = ", ".join(f"{i.pk} ({i.status}, {i.period_start}..{i.period_end})" for i in ids)
        lines.append(f"{pair['force_id']} {pair['framework_id']}: inspections {listed}")
    raise TwoInspectionsOfOneCycle(
        "The workflow database holds more than one inspection of a force under one PEEL framework, which is no "
        "longer allowed (a force has one inspection per cycle): " + "; ".join(lines) + ". Keep one of each: "
        "delete a draft in the admin, or, for a demo database (var/workflow.sqlite3), remove the file and run "
        "`openpeel demo` again. Then migrate."
    )


class Migration(migrations.Migration):
    dependencies = [
        ("inspections", "0008_snapshot_areas_of_the_framework"),
    ]

    operations = [
        migrations.RunPython(refuse_two_of_one_cycle, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="inspection",
            constraint=models.UniqueConstraint(fields=("force_id", "framework_id"), name="one_inspection_per_cycle"),
        ),
    ]
