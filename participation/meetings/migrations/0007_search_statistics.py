from django.db import migrations

from participation.searchindexes import AddSearchStatistics


class Migration(migrations.Migration):
    dependencies = [("meetings", "0006_search_window_indexes")]

    operations = [
        AddSearchStatistics(
            model_name="meeting",
            name="meeting_search_stats",
            fields=["title", "venue", "agenda", "minutes", "outcomes"],
        ),
        AddSearchStatistics(model_name="followupaction", name="follow_up_search_stats", fields=["description", "result"]),
    ]
