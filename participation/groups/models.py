"""Working groups and committees (step 4, "involve"): members and their roles, join requests,
appointment orders, activities, evaluation of members and awards."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participation.fields import SingleLineCharField
from participation.fiscal import fiscal_year_range
from participation.models.offices import Office, StakeholderGroup
from participation.vocabularies import GovernancePrinciple, ParticipationLevel


class WorkingGroupQuerySet(models.QuerySet):
    def for_office(self, office):
        """The working groups of one office."""
        return self.filter(office=office)

    def public(self):
        """Groups the public may see (closed ones stay visible, marked)."""
        return self.filter(is_public=True)

    def active(self):
        return self.filter(status=WorkingGroup.Status.ACTIVE)

    def in_fiscal_year(self, fiscal_year: int):
        """Groups that existed during some of the fiscal year: founded before its end, not closed before its start."""
        start, end = fiscal_year_range(fiscal_year)
        return self.filter(founded_on__lte=end).filter(Q(closed_on__isnull=True) | Q(closed_on__gte=start))


class WorkingGroup(models.Model):
    """A citizen working group, integrity group, committee or network through which people take part in the work."""

    class Kind(models.TextChoices):
        CITIZEN = "citizen", _("Citizen working group")
        INTEGRITY = "integrity", _("Transparency and integrity group")
        COMMITTEE = "committee", _("Committee")
        NETWORK = "network", _("Network")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        CLOSED = "closed", _("Closed")

    office = models.ForeignKey(
        Office, verbose_name=_("office"), on_delete=models.PROTECT, related_name="working_groups"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.CITIZEN)
    name = SingleLineCharField(_("name"), max_length=300)
    purpose = models.TextField(_("purpose"))
    participation_level = models.CharField(
        _("participation level"), max_length=20, choices=ParticipationLevel.choices, default=ParticipationLevel.INVOLVE
    )
    principles = models.JSONField(_("good-governance principles"), default=list, blank=True)
    stakeholder_groups = models.ManyToManyField(
        StakeholderGroup, verbose_name=_("stakeholder groups it draws from"), blank=True, related_name="+"
    )
    founded_on = models.DateField(_("founded on"))
    term_ends_on = models.DateField(_("term ends on"), null=True, blank=True)
    practices = models.JSONField(_("practices"), default=list, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    close_reason = models.TextField(_("reason for closing"), blank=True)
    is_public = models.BooleanField(
        _("public"), default=True, help_text=_("Internal groups are seen by the office's staff only.")
    )
    join_open = models.BooleanField(
        _("people may ask to join"), default=False, help_text=_("Shows a “join this group” form on the public page.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    objects = WorkingGroupQuerySet.as_manager()

    class Meta:
        verbose_name = _("working group")
        verbose_name_plural = _("working groups")
        ordering = ["status", "-founded_on", "pk"]
        indexes = [models.Index(fields=["office", "is_public", "status"], name="group_office_public")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="active") | Q(closed_on__isnull=False), name="group_closed_has_date"
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("groups:detail", kwargs={"office": self.office.slug, "pk": self.pk})

    def get_manage_url(self):
        return reverse("groups:manage_detail", kwargs={"office": self.office.slug, "pk": self.pk})

    def clean(self):
        if set(self.principles or []) - set(GovernancePrinciple.values):
            raise ValidationError({"principles": _("Unknown principle.")})
        if self.term_ends_on and self.founded_on and self.term_ends_on < self.founded_on:
            raise ValidationError({"term_ends_on": _("The term cannot end before the group is founded.")})

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE

    @property
    def accepts_requests(self) -> bool:
        return self.is_active and self.is_public and self.join_open

    def principle_labels(self) -> list[str]:
        return [GovernancePrinciple(value).label for value in self.principles if value in GovernancePrinciple.values]


class GroupMemberQuerySet(models.QuerySet):
    def current(self, today=None):
        """Members who have not left."""
        return self.filter(Q(left_on__isnull=True) | Q(left_on__gt=today or timezone.localdate()))

    def named_publicly(self):
        """Members who agreed to have their name shown to the public."""
        return self.filter(name_public=True)


class GroupMember(models.Model):
    """A person in a working group, with a role and a term. Their name is public only with their consent."""

    class Role(models.TextChoices):
        CHAIR = "chair", _("Chair")
        VICE_CHAIR = "vice_chair", _("Vice-chair")
        MEMBER = "member", _("Member")
        SECRETARY = "secretary", _("Secretary")
        ADVISER = "adviser", _("Adviser")

    class Origin(models.TextChoices):
        NETWORK = "network", _("The stakeholder network")
        STAFF = "staff", _("The office's staff")
        CITIZEN = "citizen", _("A citizen who asked to join")

    # The order of roles in an appointment order: chair first, secretary after the members.
    ROLE_ORDER = {Role.ADVISER: 0, Role.CHAIR: 1, Role.VICE_CHAIR: 2, Role.MEMBER: 3, Role.SECRETARY: 4}

    group = models.ForeignKey(WorkingGroup, verbose_name=_("group"), on_delete=models.CASCADE, related_name="members")
    name = SingleLineCharField(_("name"), max_length=200)
    position = SingleLineCharField(_("position or organisation"), max_length=300, blank=True)
    origin = models.CharField(_("comes from"), max_length=20, choices=Origin.choices, default=Origin.NETWORK)
    stakeholder_group = models.ForeignKey(
        StakeholderGroup,
        verbose_name=_("stakeholder group"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    term_starts_on = models.DateField(_("term starts on"))
    term_ends_on = models.DateField(_("term ends on"), null=True, blank=True)
    left_on = models.DateField(_("left on"), null=True, blank=True)
    name_public = models.BooleanField(
        _("name shown to the public"),
        default=False,
        help_text=_("Only with the person's consent. Without it the public sees the role, never the name."),
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=60, blank=True)
    is_sample = models.BooleanField(_("sample data"), default=False, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = GroupMemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("group member")
        verbose_name_plural = _("group members")
        ordering = ["pk"]

    def __str__(self):
        return self.name

    def clean(self):
        if self.term_ends_on and self.term_starts_on and self.term_ends_on < self.term_starts_on:
            raise ValidationError({"term_ends_on": _("The term cannot end before it starts.")})

    @property
    def rank(self) -> tuple[int, int]:
        return (self.ROLE_ORDER.get(self.role, 9), self.pk or 0)


def ranked(members) -> list[GroupMember]:
    """Members in the order of an appointment order: advisers, chair, vice-chairs, members, secretary."""
    return sorted(members, key=lambda member: member.rank)


class JoinRequest(models.Model):
    """Someone asking on the public page to join a group; staff accept or decline."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    group = models.ForeignKey(
        WorkingGroup, verbose_name=_("group"), on_delete=models.CASCADE, related_name="join_requests"
    )
    name = SingleLineCharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=60, blank=True)
    organisation = SingleLineCharField(_("organisation or occupation"), max_length=200, blank=True)
    stakeholder_group = models.ForeignKey(
        StakeholderGroup,
        verbose_name=_("stakeholder group"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    motivation = models.TextField(_("why you want to join"))
    name_public = models.BooleanField(_("may show my name on the group's page"), default=False)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    token = models.UUIDField(_("form token"), unique=True, default=uuid.uuid4, editable=False)
    member = models.ForeignKey(
        GroupMember, null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decline_reason = models.TextField(_("reason for declining"), blank=True)
    created_at = models.DateTimeField(_("received"), auto_now_add=True)

    class Meta:
        verbose_name = _("join request")
        verbose_name_plural = _("join requests")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.name} · {self.group}"


class AppointmentOrderQuerySet(models.QuerySet):
    def current(self):
        return self.filter(status=AppointmentOrder.Status.CURRENT)


class AppointmentOrder(models.Model):
    """An order (คำสั่งแต่งตั้ง) appointing the group's members, kept with the members as they were then.
    A new order supersedes the previous one; both are kept."""

    class Status(models.TextChoices):
        CURRENT = "current", _("In force")
        SUPERSEDED = "superseded", _("Superseded")

    group = models.ForeignKey(WorkingGroup, verbose_name=_("group"), on_delete=models.CASCADE, related_name="orders")
    number = models.CharField(_("order number"), max_length=40)
    subject = SingleLineCharField(_("subject"), max_length=300)
    body = models.TextField(_("body"))
    issued_on = models.DateField(_("ordered on"))
    signer_name = SingleLineCharField(_("signer's name"), max_length=200)
    signer_position = SingleLineCharField(_("signer's position"), max_length=300)
    # [{"name", "position", "role"}] in the order's order: what was appointed, whatever changes later.
    members = models.JSONField(_("members appointed"), default=list)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.CURRENT)
    superseded_by = models.ForeignKey(
        "self", null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = AppointmentOrderQuerySet.as_manager()

    class Meta:
        verbose_name = _("appointment order")
        verbose_name_plural = _("appointment orders")
        ordering = ["-issued_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["group"], condition=Q(status="current"), name="appointment_order_one_current"
            ),
        ]

    def __str__(self):
        return f"{self.number} {self.subject}"

    def get_print_url(self):
        return reverse(
            "groups:manage_order", kwargs={"office": self.group.office.slug, "pk": self.group_id, "order": self.pk}
        )

    def role_label(self, role: str) -> str:
        return GroupMember.Role(role).label if role in GroupMember.Role.values else role


class GroupActivityQuerySet(models.QuerySet):
    def public(self):
        return self.filter(is_public=True)

    def in_fiscal_year(self, fiscal_year: int):
        return self.filter(held_on__range=fiscal_year_range(fiscal_year))


class GroupActivity(models.Model):
    """Something the group did: a meeting (possibly one of the office's recorded meetings), a training, an activity."""

    class Kind(models.TextChoices):
        MEETING = "meeting", _("Meeting")
        TRAINING = "training", _("Training")
        ACTIVITY = "activity", _("Activity")

    group = models.ForeignKey(
        WorkingGroup, verbose_name=_("group"), on_delete=models.CASCADE, related_name="activities"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.ACTIVITY)
    title = SingleLineCharField(_("title"), max_length=300)
    held_on = models.DateField(_("held on"))
    record = models.TextField(_("what was done"), blank=True)
    participants = models.PositiveIntegerField(_("people who took part"), null=True, blank=True)
    # One of the office's meetings (participation.meetings), by id: the app is reached through the
    # core's evidence registry, never imported. A linked meeting counts as evidence on its own.
    meeting_id = models.PositiveIntegerField(_("recorded meeting"), null=True, blank=True)
    is_public = models.BooleanField(_("public"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = GroupActivityQuerySet.as_manager()

    class Meta:
        verbose_name = _("group activity")
        verbose_name_plural = _("group activities")
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["group", "held_on"], name="group_activity_held")]

    def __str__(self):
        return self.title


class Criterion(models.Model):
    """What members are evaluated on, set by staff, with the highest score it gives."""

    group = models.ForeignKey(WorkingGroup, verbose_name=_("group"), on_delete=models.CASCADE, related_name="criteria")
    name = SingleLineCharField(_("criterion"), max_length=200)
    max_score = models.PositiveSmallIntegerField(
        _("highest score"), default=10, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("evaluation criterion")
        verbose_name_plural = _("evaluation criteria")
        ordering = ["position", "pk"]
        constraints = [models.UniqueConstraint(fields=["group", "name"], name="criterion_name_unique_per_group")]

    def __str__(self):
        return self.name


class Score(models.Model):
    """A member's score on one criterion in one fiscal year."""

    member = models.ForeignKey(GroupMember, verbose_name=_("member"), on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, verbose_name=_("criterion"), on_delete=models.CASCADE, related_name="+")
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    score = models.PositiveSmallIntegerField(_("score"))

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(fields=["member", "criterion", "fiscal_year"], name="score_once_per_period"),
        ]

    def __str__(self):
        return f"{self.member} · {self.criterion}: {self.score}"


class AwardQuerySet(models.QuerySet):
    def with_members(self):
        """Awards with their member, and the group and office their certificate's address needs."""
        return self.select_related("member", "group__office")


class Award(models.Model):
    """An award to a member, with a printable certificate (เกียรติบัตร)."""

    group = models.ForeignKey(WorkingGroup, verbose_name=_("group"), on_delete=models.CASCADE, related_name="awards")
    member = models.ForeignKey(GroupMember, verbose_name=_("member"), on_delete=models.PROTECT, related_name="awards")
    title = SingleLineCharField(_("award"), max_length=200)
    citation = models.TextField(_("for"), help_text=_("What the certificate says the member is honoured for."))
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    awarded_on = models.DateField(_("awarded on"))
    signer_name = SingleLineCharField(_("signer's name"), max_length=200)
    signer_position = SingleLineCharField(_("signer's position"), max_length=300)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = AwardQuerySet.as_manager()

    class Meta:
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        ordering = ["-awarded_on", "-pk"]

    def __str__(self):
        return f"{self.title} · {self.member}"

    def get_certificate_url(self):
        return reverse(
            "groups:manage_certificate",
            kwargs={"office": self.group.office.slug, "pk": self.group_id, "award": self.pk},
        )


def public_members():
    """Prefetch of a group's current members for public pages: the names that may be shown only."""
    return Prefetch(
        "members",
        queryset=GroupMember.objects.current().named_publicly().select_related("stakeholder_group"),
        to_attr="named_members",
    )
