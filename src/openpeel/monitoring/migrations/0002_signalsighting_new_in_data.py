from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="signalsighting",
            name="new_in_data",
            field=models.BooleanField(
                default=True,
                help_text="Whether the signal reached the series' latest period when first seen: a signal in the "
                "newest data. One found in older data (a first load, a back-fill) is recorded but never called new.",
            ),
        ),
    ]
