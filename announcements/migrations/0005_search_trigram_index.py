# Search: a pg_trgm GIN index on the fields search tests, joined (PostgreSQL only; see participation/searching.py).

from django.db import migrations

from participation.searchindexes import AddTrigramIndex


class Migration(migrations.Migration):
    dependencies = [("announcements", "0004_single_line_text")]

    operations = [AddTrigramIndex(model_name="announcement", name="announcement_search", fields=["subject", "number", "summary", "body"])]
