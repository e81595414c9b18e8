"""Feedback from citizens: opinions, questions, complaints and confidential reports of misconduct,
followed by tracking code and answered by the office within its deadline."""

import datetime
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Right, Upper
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participation.fields import SingleLineCharField
from participation.models.files import StoredFile
from participation.models.offices import Office, StakeholderGroup

# 32 symbols without the look-alikes 0/O, 1/I: read aloud and typed on a phone without mistakes.
CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
CODE_LENGTH = 16  # 16 symbols × 5 bits = 80 random bits

# What each stored rating of an answer means, lowest first (the statistics average the numbers).
RATINGS = [
    (1, _("Very dissatisfied")),
    (2, _("Dissatisfied")),
    (3, _("Neither satisfied nor dissatisfied")),
    (4, _("Satisfied")),
    (5, _("Very satisfied")),
]


def new_tracking_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalize_tracking_code(text: str) -> str:
    """What someone typed (spaces, hyphens, lower case) as a stored code."""
    return "".join(ch for ch in (text or "").upper() if ch in CODE_ALPHABET)[: CODE_LENGTH + 1]


def format_tracking_code(code: str) -> str:
    """ABCD-EFGH-JKLM-NPQR: four groups of four."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def phone_digits(phone: str) -> str:
    """The digits of a phone number as someone typed it, for comparing numbers."""
    return "".join(ch for ch in phone if ch.isdigit())


class FeedbackQuerySet(models.QuerySet):
    def for_office(self, office):
        """Feedback addressed to one office."""
        return self.filter(office=office)

    def visible_to(self, standing):
        """What someone working for the office may see (a `participation.permissions.Standing`): reports
        of misconduct only for those who handle them."""
        if standing.can_handle_misconduct:
            return self
        return self.exclude(kind=Feedback.Kind.MISCONDUCT)

    def of_person(self, *, email: str = "", phone: str = ""):
        """Feedback of one person, by e-mail address or phone number however it was typed; none without either."""
        condition = Q()
        if email.strip():
            condition |= Q(email__iexact=email.strip())
        typed = phone_digits(phone)
        if typed:
            # Numbers are kept as people typed them ("081 234 5678", "+66 81-234-5678"): compare the digits.
            # The last nine digits as the index "feedback_phone_tail" holds them.
            condition |= Q(phone_tail=typed[-9:]) if len(typed) >= 9 else Q(phone_digits=typed)
        if not condition:
            return self.none()
        return self.alias(phone_tail=Right("phone_digits", 9)).filter(condition).order_by("created_at")

    def not_spam(self):
        return self.exclude(status=Feedback.Status.SPAM)

    def with_status(self, status: str):
        """The inbox's status filter: "" for what still needs the office (open or answered), "open" for
        what still waits for an answer, "all", or one status."""
        if status == "":
            return self.filter(status__in=[*Feedback.OPEN_STATUSES, Feedback.Status.ANSWERED])
        if status == "open":
            return self.open()
        return self if status == "all" else self.filter(status=status)

    def matching(self, text: str):
        """Feedback whose subject or message contains the text, or whose tracking code it is."""
        text = text.strip()
        code = "".join(ch for ch in text.upper() if ch.isalnum())
        return self.filter(Q(subject__icontains=text) | Q(message__icontains=text) | Q(tracking_code=code))

    def finished_before(self, cutoff):
        """Finished before the cutoff: closed then, answered then and never closed, or spam untouched since."""
        S = Feedback.Status
        return self.filter(
            Q(status=S.CLOSED, closed_at__lt=cutoff)
            | Q(status=S.ANSWERED, answered_at__lt=cutoff)
            | Q(status=S.SPAM, updated_at__lt=cutoff)
        )

    def contacts_kept_past(self, cutoff):
        """Finished feedback that still names its sender after the cutoff: what the retention purge clears."""
        return (
            self.filter(contact_erased_at__isnull=True)
            .finished_before(cutoff)
            .exclude(name="", email="", phone="", fingerprint="")
        )

    def by_deadline(self):
        """Overdue first, then by reply date: the deadline clock."""
        return self.order_by("due_on", "created_at")

    def open(self):
        """Feedback the office still has to answer."""
        return self.filter(status__in=Feedback.OPEN_STATUSES)

    def overdue(self, today=None):
        """Open feedback past its reply date."""
        return self.open().filter(due_on__lt=today or timezone.localdate())

    def unassigned(self):
        """Feedback nobody has been given yet."""
        return self.filter(assigned_to__isnull=True)

    def publicly_answered(self):
        """Answers the office chose to show ("you said, we did"); never reports of misconduct."""
        return self.filter(answer_public=True, status__in=[Feedback.Status.ANSWERED, Feedback.Status.CLOSED]).exclude(
            kind=Feedback.Kind.MISCONDUCT
        )

    def in_period(self, start: datetime.date, end: datetime.date):
        return self.filter(received_on__range=(start, end))


class Feedback(models.Model):
    """What a citizen sends an office, with its status and tracking code."""

    class Kind(models.TextChoices):
        OPINION = "opinion", _("Opinion")
        SUGGESTION = "suggestion", _("Suggestion")
        EXPECTATION = "expectation", _("Expectation")
        QUESTION = "question", _("Question")
        COMPLAINT = "complaint", _("Complaint")
        COMPLIMENT = "compliment", _("Compliment")
        MISCONDUCT = "misconduct", _("Report of misconduct")

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        IN_PROGRESS = "in_progress", _("In progress")
        ANSWERED = "answered", _("Answered")
        CLOSED = "closed", _("Closed")
        SPAM = "spam", _("Spam")

    class Channel(models.TextChoices):
        WEB = "web", _("Website")
        PHONE = "phone", _("Phone")
        PAPER = "paper", _("Letter or paper form")
        WALK_IN = "walk_in", _("Walk-in")
        LINE = "line", _("LINE")
        EMAIL = "email", _("E-mail")
        OTHER = "other", _("Other")

    class Topic(models.TextChoices):
        NONE = "", _("Nothing in particular")
        ANNOUNCEMENT = "announcement", _("An announcement")
        MEETING = "meeting", _("A meeting")
        PLAN = "plan", _("The year's participation plan")

    OPEN_STATUSES = [Status.RECEIVED, Status.IN_PROGRESS]

    office = models.ForeignKey(Office, verbose_name=_("office"), on_delete=models.PROTECT, related_name="feedback")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OPINION)
    subject = SingleLineCharField(_("subject"), max_length=200)
    message = models.TextField(_("message"), max_length=10_000)
    topic_kind = models.CharField(_("about"), max_length=20, choices=Topic.choices, blank=True)
    topic_id = models.PositiveBigIntegerField(_("about which"), null=True, blank=True)
    topic_title = SingleLineCharField(_("about"), max_length=300, blank=True)
    group = models.ForeignKey(
        StakeholderGroup,
        verbose_name=_("sender's stakeholder group"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    name = SingleLineCharField(_("name"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    phone_digits = models.CharField(max_length=40, blank=True, db_index=True, editable=False)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices, default=Channel.WEB)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.RECEIVED)
    tracking_code = models.CharField(_("tracking code"), max_length=CODE_LENGTH, unique=True, default=new_tracking_code)
    submission_token = models.UUIDField(_("form token"), null=True, blank=True, unique=True, editable=False)
    fingerprint = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    language = models.CharField(_("language"), max_length=8, default="th", editable=False)
    received_on = models.DateField(_("received on"), default=timezone.localdate, db_index=True)
    due_on = models.DateField(_("reply due"))
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answer = models.TextField(_("answer"), blank=True)
    answer_public = models.BooleanField(_("show the answer publicly"), default=False)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    rating = models.PositiveSmallIntegerField(_("rating"), null=True, blank=True)
    rating_comment = models.TextField(_("comment on the answer"), blank=True, max_length=2000)
    rated_at = models.DateTimeField(_("rated"), null=True, blank=True)
    contact_erased_at = models.DateTimeField(_("contact details removed"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("received"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    objects = FeedbackQuerySet.as_manager()

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        ordering = ["-created_at", "-pk"]
        indexes = [
            # The inbox in deadline order: what still needs the office (its default), one status, or all.
            models.Index(
                fields=["office", "due_on", "created_at"],
                name="feedback_inbox_current",
                condition=Q(status__in=["received", "in_progress", "answered"]),
            ),
            models.Index(fields=["office", "status", "due_on", "created_at"], name="feedback_inbox_status"),
            models.Index(fields=["office", "due_on", "created_at"], name="feedback_inbox_all"),
            # "You said, we did": published answers, newest first.
            models.Index(
                fields=["office", "-answered_at", "-id"],
                name="feedback_public_answers",
                condition=Q(answer_public=True, status__in=["answered", "closed"]) & ~Q(kind="misconduct"),
            ),
            # Search among published answers, newest first: across the country and in one office.
            models.Index(
                fields=["-received_on", "-id"],
                name="feedback_answers_newest",
                condition=Q(answer_public=True, status__in=["answered", "closed"]) & ~Q(kind="misconduct"),
            ),
            models.Index(
                fields=["office", "-received_on", "-id"],
                name="feedback_office_answers_newest",
                condition=Q(answer_public=True, status__in=["answered", "closed"]) & ~Q(kind="misconduct"),
            ),
            # A year's figures (statistics, evidence, the yearly summary) read from the index alone:
            # it holds every column they count, so PostgreSQL answers them with an index-only scan
            # of the office's year rather than reading one table page per item.
            models.Index(
                fields=["office", "received_on"],
                include=["status", "kind", "channel", "answered_at", "due_on", "rating", "id"],
                name="feedback_year_figures",
            ),
            # What the office still has to answer, counted from the index alone: the inbox's open and
            # overdue figures and the workspace dashboard's overdue, unassigned and assigned ones.
            models.Index(
                fields=["office", "due_on"],
                include=["assigned_to", "kind", "id"],
                name="feedback_open_attention",
                condition=Q(status__in=["received", "in_progress"]),
            ),
            # A person's feedback (personal-data requests): the e-mail address in any case, the phone
            # number by its last nine digits.
            models.Index(Upper("email"), name="feedback_email_upper"),
            models.Index(Right("phone_digits", 9), name="feedback_phone_tail"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5), name="feedback_rating_1_to_5"
            ),
        ]

    def __str__(self):
        return f"{self.formatted_code} · {self.subject}"

    def get_tracking_url(self):
        return reverse("feedback:track_code", kwargs={"code": self.tracking_code})

    def get_manage_url(self):
        return reverse("feedback:manage_detail", kwargs={"office": self.office.slug, "pk": self.pk})

    @property
    def audit_label(self) -> str:
        """How the audit trail names it: never its subject or code, which could reveal a confidential report."""
        return f"feedback #{self.pk}"

    @property
    def formatted_code(self) -> str:
        return format_tracking_code(self.tracking_code)

    @property
    def rating_label(self) -> str:
        """The words of the sender's rating ("" when not rated)."""
        return str(dict(RATINGS).get(self.rating, ""))

    @property
    def is_misconduct(self) -> bool:
        return self.kind == self.Kind.MISCONDUCT

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.due_on < timezone.localdate()

    @property
    def days_left(self) -> int:
        return (self.due_on - timezone.localdate()).days

    @property
    def days_late(self) -> int:
        return max(0, -self.days_left)

    @property
    def answered_in_time(self) -> bool | None:
        if self.answered_at is None:
            return None
        return timezone.localtime(self.answered_at).date() <= self.due_on

    @property
    def has_contact(self) -> bool:
        return bool(self.name or self.email or self.phone)


class FeedbackEvent(models.Model):
    """One line of a feedback's history: a status change, an assignment, an internal note."""

    class Kind(models.TextChoices):
        STATUS = "status", _("Status")
        NOTE = "note", _("Internal note")
        ASSIGNED = "assigned", _("Assigned")
        RATED = "rated", _("Rated")

    feedback = models.ForeignKey(Feedback, verbose_name=_("feedback"), on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=20, choices=Feedback.Status.choices, blank=True)
    text = models.TextField(_("text"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        verbose_name = _("feedback event")
        verbose_name_plural = _("feedback events")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.feedback_id} {self.kind} {self.status}"

    @property
    def is_public(self) -> bool:
        """The sender sees status changes on the tracking page, never notes or who did what."""
        return self.kind == self.Kind.STATUS


class FeedbackFile(StoredFile):
    """A picture or PDF sent with feedback."""

    upload_folder = "feedback"

    feedback = models.ForeignKey(Feedback, verbose_name=_("feedback"), on_delete=models.CASCADE, related_name="files")

    class Meta:
        verbose_name = _("feedback file")
        verbose_name_plural = _("feedback files")
        ordering = ["pk"]

    def owner_office(self):
        return self.feedback.office


class ComplaintProcedure(models.Model):
    """How the office handles complaints and reports of misconduct, in the director's words; until
    the director writes one, the public page shows the portal's default (`procedure.py`)."""

    office = models.OneToOneField(
        Office, verbose_name=_("office"), on_delete=models.CASCADE, related_name="complaint_procedure"
    )
    text = models.TextField(_("procedure"), help_text=_("Steps, the unit responsible and time limits (Markdown)."))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("updated by"), null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        verbose_name = _("complaint-handling procedure")
        verbose_name_plural = _("complaint-handling procedures")

    def __str__(self):
        return str(self.office)

    def get_absolute_url(self):
        return reverse("feedback:procedure", args=[self.office.slug])
