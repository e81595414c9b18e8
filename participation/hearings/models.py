"""Public hearings on a draft (รับฟังความคิดเห็น): the draft in sections, comments from anyone,
moderation, and the report of what was heard and what changed."""

import datetime
import re
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Exists, F, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from participation.fields import SingleLineCharField
from participation.fiscal import fiscal_year_of, fiscal_year_range
from participation.models.files import StoredFile
from participation.models.offices import Office, StakeholderGroup
from participation.vocabularies import GovernancePrinciple, ParticipationLevel

# The law.go.th practice under Section 77 of the Constitution: a draft is open for comment at least this long.
MIN_OPEN_DAYS = 15
SECTION_HEADING = re.compile(r"^##\s+(.+?)\s*#*\s*$")


def split_sections(text: str) -> list[tuple[str, str]]:
    """The draft's sections, (heading, body), in order: each level-2 Markdown heading (`## …`)
    starts one; text before the first heading is a section without a heading."""
    sections: list[tuple[str, list[str]]] = [("", [])]
    for line in (text or "").splitlines():
        match = SECTION_HEADING.match(line)
        if match:
            sections.append((match.group(1).strip(), []))
        else:
            sections[-1][1].append(line)
    return [(heading, "\n".join(lines).strip()) for heading, lines in sections if heading or "\n".join(lines).strip()]


class HearingQuerySet(models.QuerySet):
    def for_office(self, office):
        """The hearings of one office."""
        return self.filter(office=office)

    def public(self):
        """Hearings the public may see: every one that was opened (a draft is the office's own)."""
        return self.exclude(status=Hearing.Status.DRAFT)

    def open_now(self, now=None):
        """Open hearings taking comments at this moment, closing soonest first."""
        now = now or timezone.now()
        return self.filter(status=Hearing.Status.OPEN, opens_at__lte=now, closes_at__gt=now).order_by("closes_at")

    def due_to_close(self, now=None):
        """Open hearings whose closing time has passed."""
        return self.filter(status=Hearing.Status.OPEN, closes_at__lte=now or timezone.now())

    def in_fiscal_year(self, fiscal_year: int):
        start, end = fiscal_year_range(fiscal_year)
        return self.filter(opens_at__date__range=(start, end))

    def awaiting_moderation(self):
        """Hearings with comments that wait for staff to publish or refuse them."""
        pending = HearingComment.objects.filter(hearing=OuterRef("pk"), status=HearingComment.Status.PENDING)
        return self.filter(Exists(pending))

    def with_counts(self):
        """Each hearing with its office and its comments counted by status."""
        return self.select_related("office").annotate(
            published_count=Count("comments", filter=Q(comments__status=HearingComment.Status.PUBLISHED)),
            pending_count=Count("comments", filter=Q(comments__status=HearingComment.Status.PENDING)),
            comment_count=Count("comments", filter=~Q(comments__status=HearingComment.Status.REJECTED)),
        )


class Hearing(models.Model):
    """A draft plan, rule or project put to the public for comment, and the office's report on it."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open for comment")
        CLOSED = "closed", _("Closed")
        REPORTED = "reported", _("Report published")

    class Moderation(models.TextChoices):
        PRE = "pre", _("Check each comment before it is published")
        POST = "post", _("Publish comments at once; remove what breaks the rules")

    class Channel(models.TextChoices):
        WEBSITE = "website", _("This website")
        MEETING = "meeting", _("Public meeting")
        LETTER = "letter", _("Letter")
        EMAIL = "email", _("E-mail")
        PHONE = "phone", _("Phone")
        SOCIAL = "social", _("Social media and LINE")
        NOTICE_BOARD = "notice_board", _("Notice board and comment box")

    office = models.ForeignKey(Office, verbose_name=_("office"), on_delete=models.PROTECT, related_name="hearings")
    title = SingleLineCharField(_("title"), max_length=300)
    purpose = models.TextField(_("purpose"), help_text=_("What the draft is and what the office will decide with it."))
    draft = models.TextField(
        _("the draft"),
        blank=True,
        help_text=_("Markdown. Each heading written as “## Heading” starts a section people can comment on."),
    )
    revised_draft = models.TextField(_("the revised draft"), blank=True)
    questions = models.JSONField(_("questions to the public"), default=list, blank=True)
    target_groups = models.ManyToManyField(
        StakeholderGroup, verbose_name=_("target stakeholder groups"), blank=True, related_name="+"
    )
    participation_level = models.CharField(
        _("participation level"), max_length=20, choices=ParticipationLevel.choices, default=ParticipationLevel.CONSULT
    )
    principles = models.JSONField(_("good-governance principles"), default=list, blank=True)
    channels = models.JSONField(_("channels"), default=list, blank=True)
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(_("closes"))
    short_window_reason = models.TextField(
        _("reason for a shorter period"),
        blank=True,
        # Filled in when shown, in the reader's language (a lazy text with % would be read at import).
        help_text=lazy(
            lambda: _("Required when the hearing is open for less than %(days)d days.") % {"days": MIN_OPEN_DAYS}, str
        )(),
    )
    moderation = models.CharField(_("moderation"), max_length=10, choices=Moderation.choices, default=Moderation.PRE)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    report_summary = models.TextField(_("summary of what was heard"), blank=True)
    changes_summary = models.TextField(_("what changed in the draft"), blank=True)
    opened_at = models.DateTimeField(_("opened"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    reported_at = models.DateTimeField(_("report published"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="+"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    objects = HearingQuerySet.as_manager()

    class Meta:
        verbose_name = _("public hearing")
        verbose_name_plural = _("public hearings")
        ordering = ["-opens_at", "-pk"]
        indexes = [
            models.Index(fields=["office", "status", "opens_at"], name="hearing_office_status_opens"),
            models.Index(fields=["office", "-opens_at"], name="hearing_office_opens"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(closes_at__gt=F("opens_at")), name="hearing_closes_after_opening"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("hearings:detail", kwargs={"office": self.office.slug, "pk": self.pk})

    def get_report_url(self):
        return reverse("hearings:report", kwargs={"office": self.office.slug, "pk": self.pk})

    def get_comment_url(self):
        return reverse("hearings:comment", kwargs={"office": self.office.slug, "pk": self.pk})

    def get_manage_url(self):
        return reverse("hearings:manage_detail", kwargs={"office": self.office.slug, "pk": self.pk})

    def clean(self):
        errors = {}
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            errors["closes_at"] = _("The hearing must close after it opens.")
        elif (
            self.is_short
            and self.status in {self.Status.DRAFT, self.Status.OPEN}
            and not self.short_window_reason.strip()
        ):
            # Planned periods only: a hearing closed early was short by a decision the audit trail keeps.
            errors["short_window_reason"] = _(
                "The hearing is open for less than %(days)d days: say why the period is shorter."
            ) % {"days": MIN_OPEN_DAYS}
        if set(self.principles or []) - set(GovernancePrinciple.values):
            errors["principles"] = _("Unknown principle.")
        if set(self.channels or []) - set(self.Channel.values):
            errors["channels"] = _("Unknown channel.")
        if errors:
            raise ValidationError(errors)

    @property
    def open_days(self) -> float:
        """How long the hearing is open, in days."""
        if not (self.opens_at and self.closes_at):
            return 0
        return (self.closes_at - self.opens_at) / datetime.timedelta(days=1)

    @property
    def is_short(self) -> bool:
        """Open for less than the 15 days the practice asks for."""
        return bool(self.opens_at and self.closes_at) and self.open_days < MIN_OPEN_DAYS

    @property
    def fiscal_year(self) -> int:
        return fiscal_year_of(self.opens_at)

    @property
    def accepts_comments(self) -> bool:
        now = timezone.now()
        return self.status == self.Status.OPEN and self.opens_at <= now < self.closes_at

    @property
    def not_open_yet(self) -> bool:
        return self.status == self.Status.OPEN and timezone.now() < self.opens_at

    @property
    def has_closed(self) -> bool:
        """No more comments: closed by staff, reported, or past its closing time."""
        return self.status in {self.Status.CLOSED, self.Status.REPORTED} or (
            self.status == self.Status.OPEN and timezone.now() >= self.closes_at
        )

    @property
    def publishes_at_once(self) -> bool:
        return self.moderation == self.Moderation.POST

    def principle_labels(self) -> list[str]:
        return [GovernancePrinciple(value).label for value in self.principles if value in GovernancePrinciple.values]

    def channel_labels(self) -> list[str]:
        return [self.Channel(value).label for value in self.channels if value in self.Channel.values]


class HearingSection(models.Model):
    """One section of the draft, made from its `## ` headings when the draft is saved."""

    hearing = models.ForeignKey(Hearing, verbose_name=_("hearing"), on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveSmallIntegerField(_("order"))
    heading = models.CharField(_("heading"), max_length=300, blank=True)
    body = models.TextField(_("text"), blank=True)

    class Meta:
        verbose_name = _("section of the draft")
        verbose_name_plural = _("sections of the draft")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["hearing", "position"], name="hearing_section_position"),
        ]

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        return self.heading or str(_("Preamble"))

    @property
    def anchor(self) -> str:
        return f"section-{self.position + 1}"


class HearingDocument(StoredFile):
    """A document of the draft (the full plan as PDF, annexes)."""

    upload_folder = "hearings"

    hearing = models.ForeignKey(Hearing, verbose_name=_("hearing"), on_delete=models.CASCADE, related_name="documents")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("document of a hearing")
        verbose_name_plural = _("documents of hearings")
        ordering = ["created_at", "pk"]

    def get_absolute_url(self):
        return reverse(
            "hearings:file", kwargs={"office": self.hearing.office.slug, "pk": self.hearing_id, "file": self.pk}
        )

    def owner_office(self):
        return self.hearing.office


class HearingTheme(models.Model):
    """What many comments said, grouped by staff for the report, and the office's response to it."""

    hearing = models.ForeignKey(Hearing, verbose_name=_("hearing"), on_delete=models.CASCADE, related_name="themes")
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    title = SingleLineCharField(_("theme"), max_length=300)
    summary = models.TextField(_("what people said"), blank=True)
    response = models.TextField(_("the office's response"), blank=True)

    class Meta:
        verbose_name = _("theme of the comments")
        verbose_name_plural = _("themes of the comments")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.title


class HearingCommentQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=HearingComment.Status.PUBLISHED)

    def pending(self):
        return self.filter(status=HearingComment.Status.PENDING)

    def counted(self):
        """Comments that count as heard: every one but those rejected."""
        return self.exclude(status=HearingComment.Status.REJECTED)


class HearingComment(models.Model):
    """A comment from anyone, on the whole draft or on one section. The name and organisation, when
    given, are published with it; the e-mail address never is, and is erased once the report is sent."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting moderation")
        PUBLISHED = "published", _("Published")
        REJECTED = "rejected", _("Not published")

    hearing = models.ForeignKey(Hearing, verbose_name=_("hearing"), on_delete=models.CASCADE, related_name="comments")
    section = models.ForeignKey(
        HearingSection,
        verbose_name=_("section"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="comments",
    )
    body = models.TextField(_("comment"))
    name = SingleLineCharField(_("name"), max_length=200, blank=True)
    organisation = SingleLineCharField(_("organisation"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    group = models.ForeignKey(
        StakeholderGroup,
        verbose_name=_("stakeholder group"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    reject_reason = models.CharField(_("reason for not publishing"), max_length=300, blank=True)
    theme = models.ForeignKey(
        HearingTheme,
        verbose_name=_("theme"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="comments",
    )
    submission_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    fingerprint = models.CharField(max_length=64, blank=True, editable=False)
    language = models.CharField(_("language"), max_length=8, default="th", editable=False)
    created_at = models.DateTimeField(_("received"), auto_now_add=True)
    moderated_at = models.DateTimeField(_("moderated"), null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="+"
    )
    uid = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)

    objects = HearingCommentQuerySet.as_manager()

    class Meta:
        verbose_name = _("comment on a hearing")
        verbose_name_plural = _("comments on hearings")
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["hearing", "status", "created_at"], name="hearing_comment_status"),
            models.Index(fields=["hearing", "fingerprint"], name="hearing_comment_fingerprint"),
        ]

    def __str__(self):
        return self.body[:80]

    @property
    def author(self) -> str:
        """How the comment is signed in public: name and organisation, or nothing."""
        return ", ".join(part for part in (self.name, self.organisation) if part)
