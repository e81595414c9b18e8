# Search: a pg_trgm GIN index on the fields search tests, joined (PostgreSQL only; see participation/searching.py).

from django.db import migrations

from participation.searchindexes import AddTrigramIndex


class Migration(migrations.Migration):
    dependencies = [("network", "0002_single_line_text")]

    operations = [AddTrigramIndex(model_name="networkmember", name="network_member_search", fields=["name", "organisation", "role", "note"])]
