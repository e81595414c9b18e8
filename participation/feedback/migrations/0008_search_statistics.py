from django.db import migrations

from participation.searchindexes import AddSearchStatistics


class Migration(migrations.Migration):
    dependencies = [("feedback", "0007_complaint_procedure")]

    operations = [
        AddSearchStatistics(model_name="feedback", name="feedback_search_stats", fields=["subject", "message", "answer"])
    ]
