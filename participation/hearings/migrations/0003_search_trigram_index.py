# Search: pg_trgm GIN indexes on the fields search tests, joined (PostgreSQL only; see participation/searching.py).

from django.db import migrations

from participation.searchindexes import AddTrigramIndex


class Migration(migrations.Migration):
    dependencies = [("hearings", "0002_single_line_text")]

    operations = [
        AddTrigramIndex(model_name="hearing", name="hearing_search", fields=["title", "purpose", "draft"]),
        AddTrigramIndex(model_name="hearingcomment", name="hearing_comment_search", fields=["body"]),
    ]
