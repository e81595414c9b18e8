"""The planned meetings' index carries their start too, so that when the national pages' cached
version ends is read from the index alone."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("meetings", "0009_follow_up_office_required")]

    operations = [
        migrations.RemoveIndex(model_name="meeting", name="meeting_planned_end"),
        migrations.AddIndex(
            model_name="meeting",
            index=models.Index(
                condition=models.Q(("is_public", True), ("status", "planned")),
                fields=["ends_at"],
                include=("starts_at",),
                name="meeting_planned_end",
            ),
        ),
    ]
