"""The people and organisations in an office's stakeholder network (personal data: staff only)."""

from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from participation.fields import SingleLineCharField
from participation.models.offices import Office, StakeholderGroup


class NetworkMemberQuerySet(models.QuerySet):
    def for_office(self, office):
        """The network members of one office."""
        return self.filter(office=office)

    def active(self):
        return self.filter(is_active=True)


class NetworkMember(models.Model):
    """A person or organisation in one of the office's stakeholder groups."""

    office = models.ForeignKey(Office, verbose_name=_("office"), on_delete=models.CASCADE, related_name="network")
    group = models.ForeignKey(
        StakeholderGroup, verbose_name=_("stakeholder group"), on_delete=models.PROTECT, related_name="members"
    )
    name = SingleLineCharField(_("name"), max_length=200)
    organisation = SingleLineCharField(_("organisation"), max_length=200, blank=True)
    role = SingleLineCharField(_("role or position"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=60, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    note = models.TextField(_("note"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = NetworkMemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("network member")
        verbose_name_plural = _("network members")
        ordering = ["group__position", "name"]
        constraints = [
            models.UniqueConstraint(
                "group", Lower("name"), Lower("organisation"), name="network_member_unique_in_group"
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.organisation})" if self.organisation else self.name
