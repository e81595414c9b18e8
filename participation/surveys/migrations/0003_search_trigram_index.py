# Search: pg_trgm GIN indexes on the fields search tests, joined (PostgreSQL only; see participation/searching.py).

from django.db import migrations

from participation.searchindexes import AddTrigramIndex


class Migration(migrations.Migration):
    dependencies = [("surveys", "0002_single_line_text")]

    operations = [
        AddTrigramIndex(model_name="survey", name="survey_search", fields=["title", "description"]),
        AddTrigramIndex(model_name="survey", name="survey_results_search", fields=["results_summary"]),
    ]
