"""A follow-up action's office is required, and the office's actions are indexed by due date. Apart
from 0008 so that its filled-in rows are committed (and their keys checked) before the column changes."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("meetings", "0008_follow_up_office")]

    operations = [
        migrations.AlterField(
            model_name="followupaction",
            name="office",
            field=models.ForeignKey(
                db_index=False,
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="participation.office",
                verbose_name="office",
            ),
        ),
        migrations.AddIndex(
            model_name="followupaction",
            index=models.Index(fields=["office", "due_on"], include=("status", "id"), name="follow_up_office_due"),
        ),
    ]
