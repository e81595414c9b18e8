"""Each follow-up action keeps its meeting's office (filled in here); 0009 then requires it and indexes it."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill_offices(apps, schema_editor):
    FollowUpAction = apps.get_model("meetings", "FollowUpAction")
    Meeting = apps.get_model("meetings", "Meeting")
    office = Meeting.objects.filter(pk=OuterRef("meeting_id")).values("office_id")[:1]
    FollowUpAction.objects.update(office=Subquery(office))


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0007_search_statistics"),
        ("participation", "0005_stored_figures"),
    ]

    operations = [
        migrations.AddField(
            model_name="followupaction",
            name="office",
            field=models.ForeignKey(
                db_index=False,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="participation.office",
                verbose_name="office",
            ),
        ),
        migrations.RunPython(fill_offices, migrations.RunPython.noop),
    ]
