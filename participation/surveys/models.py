"""Surveys of the people an office serves: questions in sections, answered without an account.

A survey's questions lock once the first answer arrives (services refuse to change them), so every
answer stays readable against the question it answered; staff copy a survey to ask anew.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participation.fields import SingleLineCharField
from participation.fiscal import fiscal_year_of, fiscal_year_range
from participation.models.offices import Office, StakeholderGroup
from participation.vocabularies import GovernancePrinciple, ParticipationLevel

MAX_SCALE_POINTS = 11
MAX_CHOICES = 30
# How near its closing time an open survey shows on the workspace dashboard as closing soon.
CLOSING_SOON = datetime.timedelta(days=7)


class SurveyQuerySet(models.QuerySet):
    def for_office(self, office):
        """The surveys of one office."""
        return self.filter(office=office)

    def public(self):
        """Surveys the public may see: every one but drafts."""
        return self.exclude(status=Survey.Status.DRAFT)

    def accepting(self, now=None):
        """Open surveys whose answering time has come and not passed."""
        now = now or timezone.now()
        return self.filter(status=Survey.Status.OPEN, opens_at__lte=now).filter(
            Q(closes_at__isnull=True) | Q(closes_at__gt=now)
        )

    def closing_within(self, period: datetime.timedelta, now=None):
        """Open surveys that stop taking answers within `period` from now, closing soonest first."""
        now = now or timezone.now()
        return self.filter(status=Survey.Status.OPEN, closes_at__gt=now, closes_at__lte=now + period).order_by(
            "closes_at"
        )

    def in_fiscal_year(self, fiscal_year: int):
        """Surveys opened (or to open) in a fiscal year, as a range of instants on the opening time."""
        start, end = fiscal_year_range(fiscal_year)
        return self.filter(
            opens_at__gte=timezone.make_aware(datetime.datetime.combine(start, datetime.time())),
            opens_at__lt=timezone.make_aware(
                datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time())
            ),
        )

    def with_counts(self):
        """Each survey with its office and how many responses it has (repeats from one device too)."""
        responses = Response.objects.filter(survey=OuterRef("pk")).order_by().values("survey")
        return self.select_related("office").annotate(
            response_count=Coalesce(Subquery(responses.annotate(n=Count("pk")).values("n")), 0),
            repeat_count=Coalesce(Subquery(responses.filter(is_repeat=True).annotate(n=Count("pk")).values("n")), 0),
        )


class Survey(models.Model):
    """A questionnaire an office puts to the people it serves, open for a time."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")
        PUBLISHED = "published", _("Results published")

    office = models.ForeignKey(Office, verbose_name=_("office"), on_delete=models.PROTECT, related_name="surveys")
    title = SingleLineCharField(_("title"), max_length=300)
    description = models.TextField(
        _("introduction"), blank=True, help_text=_("What the survey is for and how the answers will be used.")
    )
    opens_at = models.DateTimeField(_("opens"), null=True, blank=True)
    closes_at = models.DateTimeField(
        _("closes"), null=True, blank=True, help_text=_("Leave empty to close it by hand.")
    )
    target_groups = models.ManyToManyField(
        StakeholderGroup, verbose_name=_("target groups"), blank=True, related_name="+"
    )
    is_satisfaction = models.BooleanField(
        _("service-satisfaction survey of the fiscal year"),
        default=False,
        help_text=_("Its rating questions make the satisfaction figure of the year's summary."),
    )
    participation_level = models.CharField(
        _("participation level"), max_length=20, choices=ParticipationLevel.choices, default=ParticipationLevel.CONSULT
    )
    principles = models.JSONField(_("good-governance principles"), default=list, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    results_summary = models.TextField(
        _("what the office learned"), blank=True, help_text=_("Shown above the published results.")
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True, editable=False)
    results_published_at = models.DateTimeField(_("results published"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="+"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    objects = SurveyQuerySet.as_manager()

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        ordering = ["-opens_at", "-pk"]
        indexes = [
            models.Index(fields=["office", "status", "opens_at"], name="survey_office_status_opens"),
            models.Index(fields=["office", "opens_at"], name="survey_office_opens"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__isnull=True) | Q(opens_at__isnull=True) | Q(closes_at__gt=F("opens_at")),
                name="survey_closes_after_opening",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("surveys:detail", kwargs={"office": self.office.slug, "pk": self.pk})

    def get_results_url(self):
        return reverse("surveys:results", kwargs={"office": self.office.slug, "pk": self.pk})

    def get_manage_url(self):
        return reverse("surveys:manage_detail", kwargs={"office": self.office.slug, "pk": self.pk})

    def clean(self):
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("The survey must close after it opens.")})
        if set(self.principles or []) - set(GovernancePrinciple.values):
            raise ValidationError({"principles": _("Unknown principle.")})

    @property
    def fiscal_year(self) -> int:
        return fiscal_year_of(self.opens_at or self.created_at or timezone.now())

    def is_accepting(self, now=None) -> bool:
        """Whether answers are taken now: open, its time come, not past its closing time."""
        now = now or timezone.now()
        return (
            self.status == self.Status.OPEN
            and self.opens_at is not None
            and self.opens_at <= now
            and (self.closes_at is None or self.closes_at > now)
        )

    @property
    def accepting(self) -> bool:
        return self.is_accepting()

    @property
    def not_yet_open(self) -> bool:
        return self.status == self.Status.OPEN and self.opens_at is not None and self.opens_at > timezone.now()

    @property
    def has_ended(self) -> bool:
        """No more answers: closed by hand, past its closing time, or its results published."""
        if self.status in {self.Status.CLOSED, self.Status.PUBLISHED}:
            return True
        return self.status == self.Status.OPEN and self.closes_at is not None and self.closes_at <= timezone.now()

    @property
    def results_public(self) -> bool:
        return self.status == self.Status.PUBLISHED

    def principle_labels(self) -> list[str]:
        return [GovernancePrinciple(value).label for value in self.principles if value in GovernancePrinciple.values]


class Section(models.Model):
    """A part of a survey, with a heading and an optional introduction."""

    survey = models.ForeignKey(Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="sections")
    title = SingleLineCharField(_("heading"), max_length=300)
    description = models.TextField(_("introduction"), blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.title


class Question(models.Model):
    """One question of a survey. A rating scale names every point, lowest first, in `choices`."""

    class Kind(models.TextChoices):
        RATING = "rating", _("Rating scale")
        SINGLE = "single", _("One choice")
        MULTIPLE = "multiple", _("Several choices")
        SHORT_TEXT = "short_text", _("Short text")
        LONG_TEXT = "long_text", _("Long text")

    CHOICE_KINDS = {Kind.RATING, Kind.SINGLE, Kind.MULTIPLE}
    TEXT_KINDS = {Kind.SHORT_TEXT, Kind.LONG_TEXT}

    survey = models.ForeignKey(Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="questions")
    section = models.ForeignKey(Section, verbose_name=_("section"), on_delete=models.CASCADE, related_name="questions")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.RATING)
    text = SingleLineCharField(_("question"), max_length=500)
    help_text = models.CharField(_("explanation"), max_length=500, blank=True)
    required = models.BooleanField(_("an answer is required"), default=False)
    choices = models.JSONField(_("choices"), default=list, blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.text

    def clean(self):
        choices = [str(choice).strip() for choice in self.choices or []]
        if self.kind in self.CHOICE_KINDS:
            if any(not choice for choice in choices):
                raise ValidationError({"choices": _("A choice cannot be empty.")})
            if len(set(choices)) != len(choices):
                raise ValidationError({"choices": _("Each choice must be different.")})
        if self.kind == self.Kind.RATING and not 2 <= len(choices) <= MAX_SCALE_POINTS:
            raise ValidationError(
                {
                    "choices": _("A rating scale names every point: between 2 and %(max)d lines.")
                    % {"max": MAX_SCALE_POINTS}
                }
            )
        if self.kind in {self.Kind.SINGLE, self.Kind.MULTIPLE} and not 2 <= len(choices) <= MAX_CHOICES:
            raise ValidationError({"choices": _("Give between 2 and %(max)d choices.") % {"max": MAX_CHOICES}})
        if self.kind in self.TEXT_KINDS and choices:
            raise ValidationError({"choices": _("A text question has no choices.")})

    @property
    def is_rating(self) -> bool:
        return self.kind == self.Kind.RATING

    @property
    def is_text(self) -> bool:
        return self.kind in self.TEXT_KINDS

    @property
    def points(self) -> list[tuple[int, str]]:
        """A rating scale's points as (number, meaning), lowest first; choices as (number, label)."""
        return list(enumerate(self.choices, start=1))


class ResponseQuerySet(models.QuerySet):
    def first_from_each_device(self):
        """Responses that are not repeats from a device that answered already."""
        return self.filter(is_repeat=False)


class Response(models.Model):
    """One person's answers to a survey, without their identity.

    `device` is a keyed hash of a random token kept in the answering browser's cookie: it tells two
    answers from one device apart from answers of two people, without naming anyone."""

    survey = models.ForeignKey(Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="responses")
    group = models.ForeignKey(
        StakeholderGroup,
        verbose_name=_("stakeholder group"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    device = models.CharField(_("device"), max_length=64, editable=False)
    # The form's own token: a second click on one form is not a second response.
    token = models.UUIDField(editable=False)
    is_repeat = models.BooleanField(_("repeat from the same device"), default=False, editable=False)
    created_at = models.DateTimeField(_("received"), default=timezone.now, editable=False)

    objects = ResponseQuerySet.as_manager()

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["survey", "device"], name="response_survey_device")]
        constraints = [models.UniqueConstraint(fields=["survey", "token"], name="response_once_per_form")]

    def __str__(self):
        return f"{self.survey} · {self.pk}"


class Answer(models.Model):
    """The answer to one question: a point or choice number (one row per choice ticked), or text."""

    response = models.ForeignKey(Response, verbose_name=_("response"), on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, verbose_name=_("question"), on_delete=models.PROTECT, related_name="answers")
    number = models.PositiveSmallIntegerField(_("point or choice"), null=True, blank=True)
    text = models.TextField(_("text"), blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["pk"]
        indexes = [models.Index(fields=["question", "number"], name="answer_question_number")]

    def __str__(self):
        return self.text[:80] if self.text else str(self.number)
