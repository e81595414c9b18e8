"""The yearly participation cycle: a plan per office and fiscal year, its five steps, the
stakeholder analysis of step 1, evidence attached by hand, and the yearly summary the director approves."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from participation.fields import SingleLineCharField
from participation.fiscal import fiscal_year_range
from participation.models.offices import Office, StakeholderGroup
from participation.vocabularies import CycleStep


class PlanQuerySet(models.QuerySet):
    def for_office(self, office):
        """The plans of one office."""
        return self.filter(office=office)


class Plan(models.Model):
    """The participation plan of one office for one Buddhist-era fiscal year."""

    office = models.ForeignKey(Office, verbose_name=_("office"), on_delete=models.PROTECT, related_name="plans")
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    previous_summary = models.ForeignKey(
        "YearSummary",
        verbose_name=_("last year's approved summary"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="next_plans",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("participation plan")
        verbose_name_plural = _("participation plans")
        ordering = ["-fiscal_year"]
        constraints = [
            models.UniqueConstraint(fields=["office", "fiscal_year"], name="plan_one_per_office_and_year"),
        ]

    def __str__(self):
        return f"{self.office.short_name} {self.fiscal_year}"

    def get_absolute_url(self):
        return reverse("cycle:plan", kwargs={"office": self.office.slug, "year": self.fiscal_year})

    def get_manage_url(self):
        return reverse("cycle:manage_plan", kwargs={"office": self.office.slug, "year": self.fiscal_year})

    @property
    def date_range(self):
        return fiscal_year_range(self.fiscal_year)


class PlanStep(models.Model):
    """One of the five steps of a plan, with who does it, by when, and how far it is."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="steps")
    step = models.CharField(_("step"), max_length=20, choices=CycleStep.choices)
    position = models.PositiveSmallIntegerField(_("order"))
    description = models.TextField(_("what is done in this step"), blank=True)
    due_on = models.DateField(_("due date"), null=True, blank=True)
    responsible = SingleLineCharField(_("responsible"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.NOT_STARTED)

    class Meta:
        verbose_name = _("plan step")
        verbose_name_plural = _("plan steps")
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["plan", "step"], name="plan_step_once")]

    def __str__(self):
        return f"{self.plan} · {self.get_step_display()}"


class StakeholderTarget(models.Model):
    """Step 1's stakeholder analysis: a group the year's work targets, why, and through which channels."""

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="targets")
    group = models.ForeignKey(
        StakeholderGroup, verbose_name=_("stakeholder group"), on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(_("why this group"), blank=True)
    channels = models.CharField(_("how to reach them"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("targeted group")
        verbose_name_plural = _("targeted groups")
        ordering = ["group__position", "pk"]
        constraints = [models.UniqueConstraint(fields=["plan", "group"], name="plan_target_once")]

    def __str__(self):
        return f"{self.plan} · {self.group}"


class EvidenceLink(models.Model):
    """Evidence chosen by hand: a record attached to (or detached from) a step, or a link to elsewhere."""

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="evidence_links")
    step = models.CharField(_("step"), max_length=20, choices=CycleStep.choices)
    source = models.CharField(_("source"), max_length=40, blank=True)
    item_id = models.PositiveBigIntegerField(_("record"), null=True, blank=True)
    detached = models.BooleanField(_("left out"), default=False)
    title = SingleLineCharField(_("title"), max_length=300, blank=True)
    url = models.URLField(_("link"), blank=True)
    is_public = models.BooleanField(_("public"), default=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("evidence link")
        verbose_name_plural = _("evidence links")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.title or f"{self.source}:{self.item_id}"


class YearSummaryQuerySet(models.QuerySet):
    def for_office(self, office):
        """The yearly summaries of one office."""
        return self.filter(plan__office=office)

    def approved(self):
        """Summaries the director approved: public, and the input of the next year's review."""
        return self.filter(status=YearSummary.Status.APPROVED)

    def awaiting_decision(self):
        """Summaries submitted to the director and not yet approved or returned."""
        return self.filter(status=YearSummary.Status.SUBMITTED)

    def returned(self):
        """Summaries the director sent back to staff for changes."""
        return self.filter(status=YearSummary.Status.RETURNED)

    def of_year(self, fiscal_year: int):
        return self.filter(plan__fiscal_year=fiscal_year)


class YearSummary(models.Model):
    """Step 5: the year summed up, submitted to the director, approved or returned."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Awaiting approval")
        RETURNED = "returned", _("Returned for changes")
        APPROVED = "approved", _("Approved")

    plan = models.OneToOneField(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="summary")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    analysis = models.TextField(_("analysis of the year"), blank=True)
    lessons = models.TextField(_("lessons learned"), blank=True)
    recommendations = models.TextField(_("recommendations for next year"), blank=True)
    figures = models.JSONField(_("figures"), default=dict, blank=True)
    version = models.PositiveSmallIntegerField(_("version"), default=0)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    return_comment = models.TextField(_("director's comments"), blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="+"
    )
    approver_name = SingleLineCharField(_("approved by"), max_length=200, blank=True)
    approver_position = SingleLineCharField(_("approver's position"), max_length=300, blank=True)
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    objects = YearSummaryQuerySet.as_manager()

    class Meta:
        verbose_name = _("yearly summary")
        verbose_name_plural = _("yearly summaries")

    def __str__(self):
        return f"{self.plan} · {self.get_status_display()}"

    def get_absolute_url(self):
        return reverse("cycle:summary", kwargs={"office": self.plan.office.slug, "year": self.plan.fiscal_year})

    @property
    def is_editable(self) -> bool:
        return self.status in {self.Status.DRAFT, self.Status.RETURNED}


class SummaryVersion(models.Model):
    """Each submitted version of a summary, kept for comparison, with the director's decision on it."""

    class Decision(models.TextChoices):
        PENDING = "pending", _("Awaiting decision")
        RETURNED = "returned", _("Returned")
        APPROVED = "approved", _("Approved")

    summary = models.ForeignKey(
        YearSummary, verbose_name=_("summary"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveSmallIntegerField(_("version"))
    snapshot = models.JSONField(_("content"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices, default=Decision.PENDING)
    decision_comment = models.TextField(_("comments"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        verbose_name = _("summary version")
        verbose_name_plural = _("summary versions")
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["summary", "number"], name="summary_version_once")]

    def __str__(self):
        return f"{self.summary} v{self.number}"
