# Search: a pg_trgm GIN index of the published answers only (PostgreSQL only; see participation/searching.py).
# The public's search reads about a third of the feedback: the index of every item handed it the rest too.

from django.db import migrations
from django.db.models import Q

from participation.searchindexes import AddTrigramIndex


class Migration(migrations.Migration):
    # Built without blocking writes to the feedback table, which is large wherever the portal already runs.
    atomic = False

    dependencies = [("feedback", "0009_feedback_open_attention_index")]

    operations = [
        AddTrigramIndex(
            model_name="feedback",
            name="feedback_answers_search",
            fields=["subject", "message", "answer"],
            condition=Q(answer_public=True, status__in=["answered", "closed"]) & ~Q(kind="misconduct"),
            concurrently=True,
        )
    ]
