"""Announcements (ประกาศ), news and publications of an office, with their attachments and history."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participation.fields import SingleLineCharField
from participation.fiscal import fiscal_year_range
from participation.models import Office, StakeholderGroup, StoredFile
from participation.searchindexes import Document, matches
from participation.searchtext import parse_query
from participation.thai import official_number
from participation.vocabularies import GovernancePrinciple, ParticipationLevel


class Channel(models.TextChoices):
    """Where an announcement went out (step 2 of the cycle counts them)."""

    WEBSITE = "website", _("Website")
    NOTICE_BOARD = "notice_board", _("Notice board")
    NEWSLETTER = "newsletter", _("Newsletter")
    JOURNAL = "journal", _("Journal")
    PRESS_RELEASE = "press_release", _("Press release")
    EXHIBITION = "exhibition", _("Exhibition")
    RADIO = "radio", _("Radio")
    FACEBOOK = "facebook", _("Facebook")
    LINE = "line", _("LINE")
    OTHER = "other", _("Other")


# What search tests, joined in this order: the trigram index of the migration "search_trigram_index".
SEARCH_FIELDS = ("subject", "number", "summary", "body")


def cover_path(instance, filename: str) -> str:
    return f"announcements/{instance.office.slug}/covers/{filename}"


class AnnouncementQuerySet(models.QuerySet):
    def for_office(self, office):
        """The announcements of one office."""
        return self.filter(office=office)

    def public(self, now=None):
        """What the public may see: published, withdrawn (marked so), and scheduled ones whose time has come."""
        now = now or timezone.now()
        return self.filter(
            Q(status__in=[Announcement.Status.PUBLISHED, Announcement.Status.WITHDRAWN])
            | Q(status=Announcement.Status.SCHEDULED, published_at__lte=now)
        )

    def live(self, now=None):
        """Public and not withdrawn: what lists, feeds and home pages show."""
        return self.public(now).exclude(status=Announcement.Status.WITHDRAWN)

    def in_fiscal_year(self, fiscal_year: int):
        """Announcements dated within a Buddhist-era fiscal year."""
        start, end = fiscal_year_range(fiscal_year)
        return self.filter(announced_on__range=(start, end))

    def latest_first(self):
        return self.order_by("-published_at", "-announced_on", "-pk")

    def newest_live(self, now=None):
        """Live announcements, newest first, for pages that show the first few of many offices. Every
        live one was published by now; saying so lets PostgreSQL start reading the index
        "announcement_public" at now, rather than pass over every scheduled one still to come."""
        now = now or timezone.now()
        return self.live(now).filter(published_at__lte=now).latest_first()

    def with_office(self):
        return self.select_related("office")

    def search(self, text: str):
        """Subject, number, summary or body containing every word of the text (see participation.searching),
        through the trigram index of the migration "search_trigram_index" on PostgreSQL."""
        query = parse_query(text)
        if query.is_empty:
            return self
        return self.filter(matches(Document(*SEARCH_FIELDS), query.terms))


class Announcement(models.Model):
    """A formal announcement, a news item, a press release or a published plan or report."""

    class Kind(models.TextChoices):
        ANNOUNCEMENT = "announcement", _("Formal announcement")
        NEWS = "news", _("News")
        PRESS_RELEASE = "press_release", _("Press release")
        PUBLICATION = "publication", _("Plan or report")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SCHEDULED = "scheduled", _("Scheduled")
        PUBLISHED = "published", _("Published")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    office = models.ForeignKey(Office, verbose_name=_("office"), on_delete=models.PROTECT, related_name="announcements")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.NEWS)
    number = SingleLineCharField(
        _("number"), max_length=40, blank=True, help_text=_("For formal announcements, e.g. “12/2568”.")
    )
    subject = SingleLineCharField(_("subject"), max_length=300)
    summary = models.TextField(
        _("summary"), max_length=600, blank=True, help_text=_("One or two sentences for lists, feeds and shared links.")
    )
    body = models.TextField(
        _("body"),
        blank=True,
        help_text=_("Plain text with Markdown: blank line between paragraphs, **bold**, lists with “-” or “1.”."),
    )
    cover_image = models.FileField(_("cover image"), upload_to=cover_path, blank=True, max_length=200)
    cover_alt = SingleLineCharField(
        _("cover image description"),
        max_length=200,
        blank=True,
        help_text=_("What the picture shows, for screen readers."),
    )
    signer_name = SingleLineCharField(_("signer's name"), max_length=200, blank=True)
    signer_position = SingleLineCharField(_("signer's position"), max_length=300, blank=True)
    announced_on = models.DateField(_("announcement date"), default=timezone.localdate)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(_("publication time"), null=True, blank=True, db_index=True)
    withdrawn_at = models.DateTimeField(_("withdrawal time"), null=True, blank=True)
    withdrawal_reason = models.TextField(_("reason for withdrawal"), blank=True)
    channels = models.JSONField(_("channels"), default=list, blank=True)
    participation_level = models.CharField(
        _("participation level"), max_length=20, choices=ParticipationLevel.choices, default=ParticipationLevel.INFORM
    )
    principles = models.JSONField(_("good-governance principles"), default=list, blank=True)
    target_groups = models.ManyToManyField(
        StakeholderGroup, verbose_name=_("target stakeholder groups"), blank=True, related_name="announcements"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last changed by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    objects = AnnouncementQuerySet.as_manager()

    class Meta:
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")
        ordering = ["-published_at", "-announced_on", "-pk"]
        indexes = [
            models.Index(fields=["office", "status", "published_at"], name="announcement_office_status"),
            # A year's figures (the cycle's evidence, coverage and summary) from the index alone: it
            # holds every column they count or filter by.
            models.Index(
                fields=["office", "announced_on"],
                include=["status", "published_at", "kind", "participation_level", "principles", "channels", "id"],
                name="announcement_year_figures",
            ),
            # Public lists, feeds and home pages, newest first: everything but drafts, of one office or all.
            # The condition is written as `public()` writes its own, an OR, or PostgreSQL cannot tell
            # that the query's rows are all in the index.
            models.Index(
                fields=["office", "-published_at", "-announced_on", "-id"],
                name="announcement_office_public",
                condition=Q(status__in=["published", "withdrawn"]) | Q(status="scheduled"),
            ),
            models.Index(
                fields=["-published_at", "-announced_on", "-id"],
                name="announcement_public",
                condition=Q(status__in=["published", "withdrawn"]) | Q(status="scheduled"),
            ),
            # The workspace list, last changed first.
            models.Index(fields=["office", "-updated_at", "-id"], name="announcement_office_updated"),
            # The next scheduled publication anywhere, when the national pages' cached version ends.
            models.Index(fields=["published_at"], name="announcement_scheduled", condition=Q(status="scheduled")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_at__isnull=False),
                name="announcement_published_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(status="withdrawn") | Q(withdrawn_at__isnull=False),
                name="announcement_withdrawn_has_time",
            ),
        ]

    def __str__(self):
        return self.subject

    def get_absolute_url(self):
        return reverse("announcements:detail", kwargs={"office": self.office.slug, "pk": self.pk})

    def get_manage_url(self):
        return reverse("announcements:manage_detail", kwargs={"office": self.office.slug, "pk": self.pk})

    def clean(self):
        # Typed with its "ที่" or in Thai digits, the number still prints once, as "ที่ ๑๒/๒๕๗๐".
        self.number = official_number(self.number)
        unknown_channels = set(self.channels or []) - set(Channel.values)
        if unknown_channels:
            raise ValidationError({"channels": _("Unknown channel.")})
        if set(self.principles or []) - set(GovernancePrinciple.values):
            raise ValidationError({"principles": _("Unknown principle.")})

    @property
    def is_formal(self) -> bool:
        return self.kind == self.Kind.ANNOUNCEMENT

    @property
    def is_public(self) -> bool:
        if self.status in {self.Status.PUBLISHED, self.Status.WITHDRAWN}:
            return True
        return self.status == self.Status.SCHEDULED and self.published_at <= timezone.now()

    @property
    def is_withdrawn(self) -> bool:
        return self.status == self.Status.WITHDRAWN

    @property
    def is_editable(self) -> bool:
        return self.status != self.Status.WITHDRAWN

    @property
    def effective_status(self) -> str:
        """The status as the public sees it: a scheduled item whose time has come is published."""
        if self.status == self.Status.SCHEDULED and self.published_at <= timezone.now():
            return self.Status.PUBLISHED
        return self.status

    def get_effective_status_display(self) -> str:
        return self.Status(self.effective_status).label

    def channel_labels(self) -> list[str]:
        return [Channel(value).label for value in self.channels if value in Channel.values]

    def principle_labels(self) -> list[str]:
        return [GovernancePrinciple(value).label for value in self.principles if value in GovernancePrinciple.values]


class Attachment(StoredFile):
    """A file attached to an announcement."""

    upload_folder = "announcements"

    announcement = models.ForeignKey(
        Announcement, verbose_name=_("announcement"), on_delete=models.CASCADE, related_name="attachments"
    )
    caption = SingleLineCharField(_("caption"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["position", "pk"]

    def get_absolute_url(self):
        return reverse(
            "announcements:attachment",
            kwargs={"office": self.announcement.office.slug, "pk": self.announcement_id, "attachment": self.pk},
        )

    def owner_office(self):
        return self.announcement.office

    @property
    def image_url(self) -> str:
        return reverse(
            "announcements:photo",
            kwargs={"office": self.announcement.office.slug, "pk": self.announcement_id, "attachment": self.pk},
        )


class Revision(models.Model):
    """What a published announcement said before a change: its history."""

    announcement = models.ForeignKey(
        Announcement, verbose_name=_("announcement"), on_delete=models.CASCADE, related_name="revisions"
    )
    number = models.PositiveIntegerField(_("version"))
    snapshot = models.JSONField(_("content"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["announcement", "number"], name="revision_number_unique"),
        ]

    def __str__(self):
        return f"{self.announcement} v{self.number}"
