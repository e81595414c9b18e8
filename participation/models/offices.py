"""Offices (the tenants), the people who work for them, their stakeholder
groups, and the audit trail every state change writes to."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import connection, models
from django.db.models.expressions import RawSQL
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from participation.fields import SingleLineCharField

# First path segments the site uses itself, or will: an office slug equal to
# one of them would shadow a page. tests/test_urls.py checks that every
# top-level URL of the project is in this set.
RESERVED_SLUGS = frozenset(
    {
        "accounts",
        "admin",
        "api",
        "data",
        "design",
        "en",
        "feed",
        "feed.xml",
        "healthz",
        "i18n",
        "login",
        "logout",
        "manage",
        "overview",
        "media",
        "metrics",
        "notifications",  # /manage/notifications/ is the workspace's notices, not an office's workspace
        "privacy",
        "readyz",
        "robots.txt",
        "search",
        "sitemap.xml",
        "static",
        "th",
        "track",
        "favicon.ico",
    }
)

slug_format = RegexValidator(
    r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*\Z",
    _("Use lower-case latin letters and digits, with single hyphens between words, starting with a letter."),
    code="invalid_slug",
)


def validate_not_reserved(value: str) -> None:
    if value.lower() in RESERVED_SLUGS:
        raise ValidationError(
            _("“%(slug)s” is used by the site itself; choose another short name."),
            code="reserved_slug",
            params={"slug": value},
        )


# How many levels below an office its supervisors see: ministry → commission → region → area → school
# is four; the bound also stops a walk that a broken parent chain would send round for ever.
HIERARCHY_DEPTH = 6

DESCENDANTS_SQL = """
WITH RECURSIVE tree (id, depth) AS (
    SELECT {id}, 0 FROM {table} WHERE {id} = %s
    UNION ALL
    SELECT child.{id}, tree.depth + 1 FROM {table} child JOIN tree ON child.{parent} = tree.id
    WHERE tree.depth < %s
)
SELECT id FROM tree WHERE depth > 0
"""


class OfficeQuerySet(models.QuerySet):
    def under(self, office, *, depth: int = HIERARCHY_DEPTH):
        """The offices below one office (its children, theirs, …, at most `depth` levels down), found by
        the database in one recursive query however deep the tree."""
        quote = connection.ops.quote_name
        sql = DESCENDANTS_SQL.format(id=quote("id"), parent=quote("parent_id"), table=quote(self.model._meta.db_table))
        return self.filter(pk__in=RawSQL(sql, (office.pk, depth)))

    def active(self):
        """Offices shown to the public."""
        return self.filter(is_active=True)

    def for_user(self, user):
        """Offices the user works for (all of them for a superuser)."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        return self.filter(memberships__user=user).distinct()


class Office(models.Model):
    """A public office: the tenant every other record belongs to."""

    class Kind(models.TextChoices):
        PRIMARY_ESA = "primary_esa", _("Primary Educational Service Area Office")
        SECONDARY_ESA = "secondary_esa", _("Secondary Educational Service Area Office")
        MINISTRY = "ministry", _("Ministry office")
        COMMISSION = "commission", _("Commission office (e.g. OBEC)")
        PROVINCIAL_EDUCATION = "provincial_education", _("Provincial education office")
        SCHOOL = "school", _("School")
        OTHER = "other", _("Other office")

    class Region(models.TextChoices):
        # The six regions of the usual geographic division, with Bangkok apart as national offices sit there.
        BANGKOK = "bangkok", _("Bangkok")
        NORTH = "north", _("North")
        NORTHEAST = "northeast", _("Northeast")
        CENTRAL = "central", _("Central")
        EAST = "east", _("East")
        WEST = "west", _("West")
        SOUTH = "south", _("South")

    slug = models.CharField(
        _("short name in addresses"),
        max_length=40,
        unique=True,
        validators=[slug_format, validate_not_reserved],
        help_text=_("Latin letters, e.g. “singburi”. It appears in every address of the office."),
    )
    name_th = SingleLineCharField(_("name in Thai"), max_length=200)
    name_en = SingleLineCharField(_("name in English"), max_length=200)
    short_name_th = SingleLineCharField(_("short name in Thai"), max_length=60, blank=True)
    short_name_en = SingleLineCharField(_("short name in English"), max_length=60, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    province = models.CharField(_("province"), max_length=60, blank=True)
    region = models.CharField(_("region"), max_length=20, choices=Region.choices, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent office"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    address = models.TextField(_("address"), blank=True)
    phone = models.CharField(_("phone"), max_length=60, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    director_name = SingleLineCharField(_("director's name"), max_length=200, blank=True)
    director_position = SingleLineCharField(_("director's position"), max_length=200, blank=True)
    is_active = models.BooleanField(
        _("shown to the public"), default=True, help_text=_("Inactive offices are hidden from public pages.")
    )
    feedback_answer_days = models.PositiveSmallIntegerField(
        _("days to answer feedback"), default=15, help_text=_("The reply date promised on every receipt.")
    )
    feedback_notify_staff = models.BooleanField(_("e-mail staff about new feedback"), default=True)
    feedback_retention_days = models.PositiveIntegerField(
        _("days to keep contact details"),
        default=730,
        help_text=_("After feedback is closed, its sender's name, e-mail and phone are removed after this many days."),
    )
    # None ships: each office uploads its own (checked by content and re-encoded, participation.uploads).
    emblem = models.FileField(
        _("emblem"),
        upload_to="emblems/",
        blank=True,
        help_text=_("Printed at the top of the office's formal announcements (PNG, JPEG or WebP)."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = OfficeQuerySet.as_manager()

    class Meta:
        verbose_name = _("office")
        verbose_name_plural = _("offices")
        ordering = ["name_th"]
        constraints = [
            models.UniqueConstraint(Lower("slug"), name="office_slug_unique_ci"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("participation:office", kwargs={"office": self.slug})

    def clean(self):
        # An office under itself would make its supervisors' view go round in circles.
        if self.parent_id is None or self.pk is None:
            return
        if self.parent_id == self.pk or Office.objects.under(self).filter(pk=self.parent_id).exists():
            raise ValidationError({"parent": _("An office cannot be placed under itself or an office below it.")})

    @property
    def name(self) -> str:
        """The office's name in the active language."""
        if get_language() == "en" and self.name_en:
            return self.name_en
        return self.name_th

    @property
    def short_name(self) -> str:
        if get_language() == "en":
            return self.short_name_en or self.name_en or self.name_th
        return self.short_name_th or self.name_th


class MembershipQuerySet(models.QuerySet):
    def for_user(self, user):
        """The user's memberships, with their offices."""
        return self.filter(user=user).select_related("office").order_by("office__name_th")


class OfficeMembership(models.Model):
    """A user working for an office, as staff or as its director."""

    class Role(models.TextChoices):
        STAFF = "staff", _("Staff")
        DIRECTOR = "director", _("Director")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="memberships"
    )
    office = models.ForeignKey(Office, verbose_name=_("office"), on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.STAFF)
    sees_misconduct = models.BooleanField(
        _("handles reports of misconduct"),
        default=False,
        help_text=_("Named by the director. Directors always see them."),
    )
    created_at = models.DateTimeField(_("since"), auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("office membership")
        verbose_name_plural = _("office memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "office"], name="membership_one_per_user_and_office"),
        ]

    def __str__(self):
        return f"{self.user} · {self.office.short_name} · {self.get_role_display()}"

    @property
    def is_director(self) -> bool:
        return self.role == self.Role.DIRECTOR


class StakeholderGroupQuerySet(models.QuerySet):
    def for_office(self, office):
        """The stakeholder groups of one office."""
        return self.filter(office=office)


class StakeholderGroup(models.Model):
    """A group of people an office works with: teachers, parents, media, …"""

    class Category(models.TextChoices):
        TEACHERS = "teachers", _("Teachers and education personnel")
        SCHOOL_DIRECTORS = "school_directors", _("School directors")
        STUDENTS = "students", _("Students")
        PARENTS = "parents", _("Parents")
        COMMUNITY = "community", _("Community")
        MEDIA = "media", _("Media")
        CIVIL_SOCIETY = "civil_society", _("Civil society")
        COMMITTEES = "committees", _("Committees")
        PRIVATE_SECTOR = "private_sector", _("Private sector")
        OTHER_AGENCIES = "other_agencies", _("Other government agencies")
        OTHER = "other", _("Other")

    office = models.ForeignKey(
        Office, verbose_name=_("office"), on_delete=models.CASCADE, related_name="stakeholder_groups"
    )
    name = SingleLineCharField(_("name"), max_length=200)
    name_en = SingleLineCharField(_("name in English"), max_length=200, blank=True)
    category = models.CharField(_("category"), max_length=30, choices=Category.choices)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = StakeholderGroupQuerySet.as_manager()

    class Meta:
        verbose_name = _("stakeholder group")
        verbose_name_plural = _("stakeholder groups")
        ordering = ["office", "position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["office", "name"], name="stakeholder_group_name_unique_per_office"),
        ]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        if get_language() == "en" and self.name_en:
            return self.name_en
        return self.name


class AuditEventQuerySet(models.QuerySet):
    def about(self, target):
        """The history of one record, newest first, with who did what."""
        return (
            self.filter(target_type=target._meta.label_lower, target_id=str(target.pk))
            .select_related("actor")
            .order_by("-created_at", "-pk")
        )


class AuditEvent(models.Model):
    """One line of the audit trail: who did what to which record of an office."""

    office = models.ForeignKey(
        Office, verbose_name=_("office"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=80)
    target_type = models.CharField(_("target type"), max_length=80, blank=True)
    target_id = models.CharField(_("target id"), max_length=40, blank=True)
    target_repr = models.CharField(_("target"), max_length=200, blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["target_type", "target_id"], name="audit_target_idx")]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.target_repr}"

    @classmethod
    def record(cls, *, actor, action: str, target=None, office=None, **data) -> "AuditEvent":
        """Write one audit row; `office` defaults to the target's office."""
        if office is None and target is not None:
            office = target if isinstance(target, Office) else getattr(target, "office", None)
        return cls.objects.create(
            office=office,
            actor=actor if actor is not None and actor.is_authenticated else None,
            action=action,
            target_type=target._meta.label_lower if target is not None else "",
            target_id=str(target.pk) if target is not None else "",
            # Some records must not be named in the trail (reports of misconduct): they give their own label.
            target_repr=str(getattr(target, "audit_label", target))[:200] if target is not None else "",
            data=data,
        )
