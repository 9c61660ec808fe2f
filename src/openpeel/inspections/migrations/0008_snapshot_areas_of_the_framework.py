"""A snapshot's areas are those of its inspection's framework: none, where it has none of the catalogue's."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("inspections", "0007_grades_from_record"),
    ]

    operations = [
        migrations.AlterField(
            model_name="indicatorsnapshot",
            name="areas",
            field=models.JSONField(
                blank=True,
                default=list,
                help_text="The areas of the inspection's framework the indicator informs (catalogue ids).",
            ),
        ),
    ]
