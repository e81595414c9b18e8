# Search: a pg_trgm GIN index on the fields search tests, joined (PostgreSQL only; see participation/searching.py).

from django.db import migrations

from participation.searchindexes import AddTrigramIndex


class Migration(migrations.Migration):
    dependencies = [("cycle", "0002_single_line_text")]

    operations = [AddTrigramIndex(model_name="yearsummary", name="summary_search", fields=["analysis", "lessons", "recommendations"])]
