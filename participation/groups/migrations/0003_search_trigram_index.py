# Search: pg_trgm GIN indexes on the fields search tests, joined (PostgreSQL only; see participation/searching.py).

from django.db import migrations

from participation.searchindexes import AddTrigramIndex


class Migration(migrations.Migration):
    dependencies = [("groups", "0002_single_line_text")]

    operations = [
        AddTrigramIndex(model_name="workinggroup", name="working_group_search", fields=["name", "purpose"]),
        AddTrigramIndex(model_name="groupmember", name="group_member_search", fields=["name", "position"]),
    ]
