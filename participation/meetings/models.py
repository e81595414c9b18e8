"""Meetings with the stakeholder network: attendance by group, minutes, follow-up, registration."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participation.fields import SingleLineCharField
from participation.fiscal import fiscal_year_of, fiscal_year_range
from participation.models.files import StoredFile
from participation.models.offices import Office, StakeholderGroup
from participation.vocabularies import GovernancePrinciple, ParticipationLevel


class MeetingQuerySet(models.QuerySet):
    def for_office(self, office):
        """The meetings of one office."""
        return self.filter(office=office)

    def public(self):
        """Meetings the public may see (cancelled ones stay visible, marked)."""
        return self.filter(is_public=True)

    def upcoming(self, now=None):
        """Planned meetings that have not ended yet, soonest first."""
        now = now or timezone.now()
        return self.filter(status=Meeting.Status.PLANNED, ends_at__gte=now).order_by("starts_at")

    def past(self, now=None):
        """Meetings that were held, cancelled, or have ended, latest first."""
        now = now or timezone.now()
        return self.exclude(Q(status=Meeting.Status.PLANNED) & Q(ends_at__gte=now)).order_by("-starts_at")

    def in_fiscal_year(self, fiscal_year: int):
        start, end = fiscal_year_range(fiscal_year)
        return self.filter(starts_at__date__range=(start, end))

    def without_attendance(self, now=None):
        """Meetings that took place (held, or planned and over) with no number of people who came."""
        now = now or timezone.now()
        recorded = MeetingAttendance.objects.filter(meeting=OuterRef("pk"), attended__isnull=False)
        return (
            self.exclude(status=Meeting.Status.CANCELLED)
            .filter(Q(status=Meeting.Status.HELD) | Q(ends_at__lt=now))
            .exclude(Exists(recorded))
        )

    def with_totals(self):
        """Each meeting with its office, the sums of invited and attended people, and its registrations."""
        per_meeting = MeetingAttendance.objects.filter(meeting=OuterRef("pk")).values("meeting")
        registrations = Registration.objects.filter(meeting=OuterRef("pk")).values("meeting")
        return self.select_related("office").annotate(
            invited_total=Subquery(per_meeting.annotate(total=Sum("invited")).values("total")),
            attended_total=Subquery(per_meeting.annotate(total=Sum("attended")).values("total")),
            registration_count=Coalesce(Subquery(registrations.annotate(n=Count("pk")).values("n")), 0),
        )

    def with_attendance(self):
        return self.prefetch_related(
            Prefetch(
                "attendance", queryset=MeetingAttendance.objects.select_related("group").order_by("group__position")
            )
        )


class Meeting(models.Model):
    """A seminar, workshop, hearing or committee meeting of an office."""

    class Kind(models.TextChoices):
        SEMINAR = "seminar", _("Seminar")
        WORKSHOP = "workshop", _("Workshop")
        HEARING = "hearing", _("Public hearing")
        COMMITTEE = "committee", _("Committee meeting")
        PLEDGE = "pledge", _("Integrity pledge or MOU signing")
        TRAINING = "training", _("Training")
        FIELD_VISIT = "field_visit", _("Field visit")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        HELD = "held", _("Held")
        CANCELLED = "cancelled", _("Cancelled")

    office = models.ForeignKey(Office, verbose_name=_("office"), on_delete=models.PROTECT, related_name="meetings")
    title = SingleLineCharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.SEMINAR)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    venue = SingleLineCharField(_("venue"), max_length=300, blank=True)
    address = models.TextField(_("address"), blank=True)
    online_url = models.URLField(_("online meeting link"), blank=True)
    chair_name = SingleLineCharField(_("chairperson"), max_length=200, blank=True)
    chair_position = SingleLineCharField(_("chairperson's position"), max_length=300, blank=True)
    objectives = models.JSONField(_("objectives"), default=list, blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    outcomes = models.TextField(_("outcomes"), blank=True)
    participation_level = models.CharField(
        _("participation level"), max_length=20, choices=ParticipationLevel.choices, default=ParticipationLevel.CONSULT
    )
    principles = models.JSONField(_("good-governance principles"), default=list, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)
    is_public = models.BooleanField(
        _("public"), default=True, help_text=_("Internal meetings are seen by the office's staff only.")
    )
    registration_open = models.BooleanField(_("public registration"), default=False)
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Leave empty for no limit.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="+"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    uid = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-starts_at"]
        indexes = [
            models.Index(fields=["office", "is_public", "starts_at"], name="meeting_office_public_start"),
            # The workspace list, latest first.
            models.Index(fields=["office", "-starts_at"], name="meeting_office_start"),
            # The next planned public meeting to start or end anywhere, when the national pages' cached
            # version ends: both read from the index alone (a first render of a national page asks).
            models.Index(
                fields=["ends_at"],
                include=["starts_at"],
                name="meeting_planned_end",
                condition=Q(status="planned", is_public=True),
            ),
            # Search across the country: the newest public meetings (and their follow-up actions) first.
            models.Index(fields=["-starts_at", "-id"], name="meeting_public_newest", condition=Q(is_public=True)),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gte=F("starts_at")), name="meeting_ends_after_start"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("meetings:detail", kwargs={"office": self.office.slug, "pk": self.pk})

    def get_manage_url(self):
        return reverse("meetings:manage_detail", kwargs={"office": self.office.slug, "pk": self.pk})

    def clean(self):
        if self.starts_at and self.ends_at and self.ends_at < self.starts_at:
            raise ValidationError({"ends_at": _("The meeting cannot end before it starts.")})
        if set(self.principles or []) - set(GovernancePrinciple.values):
            raise ValidationError({"principles": _("Unknown principle.")})

    @property
    def fiscal_year(self) -> int:
        return fiscal_year_of(self.starts_at)

    @property
    def is_multi_day(self) -> bool:
        return timezone.localtime(self.starts_at).date() != timezone.localtime(self.ends_at).date()

    @property
    def is_upcoming(self) -> bool:
        return self.status == self.Status.PLANNED and self.ends_at >= timezone.now()

    @property
    def has_taken_place(self) -> bool:
        """Held, or planned and over by now (a cancelled meeting never took place)."""
        if self.status == self.Status.CANCELLED:
            return False
        return self.status == self.Status.HELD or self.ends_at < timezone.now()

    @property
    def accepts_registrations(self) -> bool:
        return self.registration_open and self.is_public and self.is_upcoming

    def principle_labels(self) -> list[str]:
        return [GovernancePrinciple(value).label for value in self.principles if value in GovernancePrinciple.values]


class MeetingAttendance(models.Model):
    """How many people of one stakeholder group were invited to a meeting, and how many came."""

    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="attendance")
    group = models.ForeignKey(
        StakeholderGroup, verbose_name=_("stakeholder group"), on_delete=models.PROTECT, related_name="attendance"
    )
    invited = models.PositiveIntegerField(_("invited"), default=0)
    attended = models.PositiveIntegerField(_("attended"), null=True, blank=True)

    class Meta:
        verbose_name = _("attendance by group")
        verbose_name_plural = _("attendance by group")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "group"], name="attendance_one_row_per_group"),
        ]

    def __str__(self):
        return f"{self.meeting} · {self.group}: {self.attended}/{self.invited}"


class MeetingFile(StoredFile):
    """A photo or document of a meeting."""

    upload_folder = "meetings"

    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="files")
    caption = SingleLineCharField(_("caption"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("meeting file")
        verbose_name_plural = _("meeting files")
        ordering = ["created_at", "pk"]

    def get_absolute_url(self):
        return reverse(
            "meetings:file",
            kwargs={"office": self.meeting.office.slug, "pk": self.meeting_id, "file": self.pk},
        )

    def owner_office(self):
        return self.meeting.office


class FollowUpActionQuerySet(models.QuerySet):
    def for_office(self, office):
        """Follow-up actions of an office's meetings (the office each action keeps of its meeting)."""
        return self.filter(office=office)

    def through_meetings_of(self, office):
        """The same actions, found through the office's meetings: for a list in the meetings' order
        (search, newest first), which PostgreSQL then reads meeting by meeting as far as it needs."""
        return self.filter(meeting__office=office)

    def open(self):
        return self.exclude(status__in=[FollowUpAction.Status.DONE, FollowUpAction.Status.DROPPED])

    def overdue(self, today=None):
        """Open actions past their due date."""
        return self.open().filter(due_on__lt=today or timezone.localdate())


class FollowUpAction(models.Model):
    """A resolution of a meeting and what the office does about it ("you said, we did")."""

    class Status(models.TextChoices):
        OPEN = "open", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        DROPPED = "dropped", _("Dropped")

    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="actions")
    # The meeting's office, kept here: the office's follow-up list is read from an index in deadline
    # order, rather than all its actions found through its meetings, sorted and counted on every visit.
    office = models.ForeignKey(
        Office,
        verbose_name=_("office"),
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        db_index=False,  # follow_up_office_due leads with it
    )
    description = models.TextField(_("resolution or action"))
    owner = SingleLineCharField(_("responsible"), max_length=200, blank=True)
    due_on = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    result = models.TextField(_("what was done"), blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    objects = FollowUpActionQuerySet.as_manager()

    class Meta:
        verbose_name = _("follow-up action")
        verbose_name_plural = _("follow-up actions")
        ordering = ["position", "pk"]
        indexes = [
            # The office's follow-up list in deadline order, and its figures counted from the index alone.
            models.Index(fields=["office", "due_on"], include=["status", "id"], name="follow_up_office_due"),
        ]

    def __str__(self):
        return self.description[:80]

    @property
    def is_overdue(self) -> bool:
        return (
            self.status not in {self.Status.DONE, self.Status.DROPPED}
            and self.due_on is not None
            and self.due_on < timezone.localdate()
        )


class Registration(models.Model):
    """A member of the public registered for a meeting."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="registrations"
    )
    name = SingleLineCharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("phone"), max_length=60, blank=True)
    organisation = SingleLineCharField(_("organisation"), max_length=200, blank=True)
    group = models.ForeignKey(
        StakeholderGroup,
        verbose_name=_("stakeholder group"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    language = models.CharField(_("language"), max_length=8, default="th", editable=False)
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint("meeting", models.functions.Lower("email"), name="registration_once_per_email"),
        ]

    def __str__(self):
        return f"{self.name} · {self.meeting}"


class Attendee(models.Model):
    """A named person who attended a meeting (staff only: the public sees the counts)."""

    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="attendees")
    group = models.ForeignKey(
        StakeholderGroup, verbose_name=_("stakeholder group"), on_delete=models.PROTECT, related_name="+"
    )
    name = SingleLineCharField(_("name"), max_length=200)
    organisation = SingleLineCharField(_("organisation"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("attendee")
        verbose_name_plural = _("attendees")
        ordering = ["group__position", "pk"]

    def __str__(self):
        return self.name
