from django.db import models


class RateCounter(models.Model):
    """A rate-limit counter in the database: incremented atomically, so it holds across processes
    even without Redis. Rows of past windows are removed as new ones are made."""

    key = models.CharField(max_length=80, unique=True)
    count = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self):
        return f"{self.key}={self.count}"
