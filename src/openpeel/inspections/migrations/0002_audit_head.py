"""The audit trail's head row exists from the start, so the first two writers never race to create it."""

from django.db import migrations

GENESIS = "0" * 64


def create_head(apps, schema_editor):
    apps.get_model("inspections", "AuditHead").objects.get_or_create(pk=1, defaults={"hash": GENESIS, "count": 0})


class Migration(migrations.Migration):
    dependencies = [("inspections", "0001_initial")]

    operations = [migrations.RunPython(create_head, migrations.RunPython.noop)]
