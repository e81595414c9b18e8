from django.db import models


class RecordsVersion(models.Model):
    """A token that changes with every write to an office's records (participation.storedfigures)."""

    office = models.OneToOneField("participation.Office", on_delete=models.CASCADE, related_name="+")
    token = models.BigIntegerField()

    def __str__(self):
        return f"{self.office_id}:{self.token}"


class StoredFigure(models.Model):
    """What an office's records of a fiscal year add up to, as counted when the office's records had
    the version `token`, valid until `valid_until` at the latest (participation.storedfigures)."""

    office = models.ForeignKey("participation.Office", on_delete=models.CASCADE, related_name="+")
    fiscal_year = models.PositiveSmallIntegerField()
    key = models.CharField(max_length=120)
    token = models.BigIntegerField()
    valid_until = models.DateTimeField()
    data = models.JSONField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["office", "fiscal_year", "key"], name="stored_figure_unique"),
        ]

    def __str__(self):
        return f"{self.office_id}/{self.fiscal_year}/{self.key}"
