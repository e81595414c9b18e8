from django.db import migrations

from participation.searchindexes import AddSearchStatistics


class Migration(migrations.Migration):
    dependencies = [("announcements", "0006_year_figures_covering_index")]

    operations = [
        AddSearchStatistics(
            model_name="announcement", name="announcement_search_stats", fields=["subject", "number", "summary", "body"]
        )
    ]
