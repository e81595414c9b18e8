"""Each office's fiscal year in stored figures: the national overview reads these rows, a few hundred
a year, never the records behind them. `services.office_year_refresh` fills a row from the figures
the apps register in the core (participation.officefigures)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from participation.models import Office
from participation.vocabularies import GovernancePrinciple, ParticipationLevel

STEPS = 5


class OfficeYearQuerySet(models.QuerySet):
    def of_year(self, fiscal_year: int):
        """The rows of one fiscal year."""
        return self.filter(fiscal_year=fiscal_year)

    def shown(self):
        """Rows of offices shown to the public, with each office and its parent."""
        return self.filter(office__is_active=True).select_related("office", "office__parent")


class OfficeYear(models.Model):
    """One office's fiscal year in figures, as last refreshed from its records."""

    office = models.ForeignKey(Office, verbose_name=_("office"), on_delete=models.CASCADE, related_name="+")
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    has_plan = models.BooleanField(_("has a participation plan"), default=False)
    steps_done = models.PositiveSmallIntegerField(_("steps done"), default=0)
    summary_status = models.CharField(_("yearly summary"), max_length=20, blank=True)
    levels_covered = models.PositiveSmallIntegerField(_("participation levels covered"), default=0)
    principles_covered = models.PositiveSmallIntegerField(_("principles covered"), default=0)
    groups_targeted = models.PositiveIntegerField(_("stakeholder groups targeted"), default=0)
    groups_reached = models.PositiveIntegerField(_("targeted groups reached"), default=0)
    ita_parts = models.JSONField(_("ITA evidence by part"), default=dict, blank=True)
    ita_missing = models.PositiveSmallIntegerField(_("ITA evidence parts missing"), default=0)
    meetings_held = models.PositiveIntegerField(_("meetings held"), default=0)
    people_attended = models.PositiveIntegerField(_("people who took part"), default=0)
    attended_by_category = models.JSONField(_("people by stakeholder category"), default=dict, blank=True)
    hearings_held = models.PositiveIntegerField(_("hearings held"), default=0)
    surveys_held = models.PositiveIntegerField(_("surveys held"), default=0)
    feedback_received = models.PositiveIntegerField(_("feedback received"), default=0)
    feedback_answered = models.PositiveIntegerField(_("feedback answered"), default=0)
    feedback_answered_in_time = models.PositiveIntegerField(_("answered in time"), default=0)
    feedback_overdue = models.PositiveIntegerField(_("overdue feedback"), default=0)
    answer_days = models.JSONField(_("answers by days taken"), default=dict, blank=True)
    median_days = models.FloatField(_("median days to answer"), null=True, blank=True)
    ratings = models.PositiveIntegerField(_("ratings"), default=0)
    rating_sum = models.PositiveIntegerField(_("sum of ratings"), default=0)
    refreshed_at = models.DateTimeField(_("refreshed"), auto_now=True)

    objects = OfficeYearQuerySet.as_manager()

    class Meta:
        verbose_name = _("office's year in figures")
        verbose_name_plural = _("offices' years in figures")
        ordering = ["fiscal_year", "office"]
        constraints = [
            models.UniqueConstraint(fields=["office", "fiscal_year"], name="office_year_once"),
        ]
        indexes = [models.Index(fields=["fiscal_year"], name="office_year_fiscal_year")]

    def __str__(self):
        return f"{self.office} {self.fiscal_year}"

    @property
    def summary_approved(self) -> bool:
        return self.summary_status == "approved"

    @property
    def ita_complete(self) -> bool:
        return self.has_plan and not self.ita_missing

    @property
    def in_time_percent(self) -> float | None:
        return percent(self.feedback_answered_in_time, self.feedback_answered)

    @property
    def mean_rating(self) -> float | None:
        return round(self.rating_sum / self.ratings, 2) if self.ratings else None


def percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


LEVELS = len(ParticipationLevel)
PRINCIPLES = len(GovernancePrinciple)
