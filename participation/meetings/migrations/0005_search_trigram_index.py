# Search: pg_trgm GIN indexes on the fields search tests, joined (PostgreSQL only; see participation/searching.py).

from django.db import migrations

from participation.searchindexes import AddTrigramIndex


class Migration(migrations.Migration):
    dependencies = [("meetings", "0004_single_line_text")]

    operations = [
        AddTrigramIndex(
            model_name="meeting", name="meeting_search", fields=["title", "venue", "agenda", "minutes", "outcomes"]
        ),
        AddTrigramIndex(model_name="followupaction", name="follow_up_search", fields=["description", "result"]),
    ]
