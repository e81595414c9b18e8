"""What search finds of working groups: public groups, and the members of public groups who agreed to
have their name shown (name and position only: never an e-mail address or a phone number); for the
office's staff every group and member of the office."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from participation.groups.models import GroupMember, WorkingGroup
from participation.searchsources import register_search_source

# Searched fields: the migration "search_trigram_index" indexes them joined, in this order.
GROUP_FIELDS = ("name", "purpose")
MEMBER_FIELDS = ("name", "position")


def public_groups():
    """Public groups (closed ones too, as their pages show), of offices shown to the public."""
    return WorkingGroup.objects.public().filter(office__is_active=True).select_related("office")


def staff_groups(standing):
    """Every group of the office, those not public included."""
    return WorkingGroup.objects.for_office(standing.office).select_related("office")


def describe_group(group, *, staff: bool) -> dict:
    return {
        "title": group.name,
        "url": group.get_manage_url() if staff else group.get_absolute_url(),
        "date": group.founded_on,
        "office": group.office,
        "details": {"kind": group.get_kind_display(), "status": group.get_status_display()},
    }


def public_members():
    """Current members of public groups whose name may be shown, as the group's page shows them."""
    return (
        GroupMember.objects.current()
        .named_publicly()
        .filter(group__is_public=True, group__office__is_active=True)
        .select_related("group__office")
    )


def staff_members(standing):
    """Every member of the office's groups."""
    return GroupMember.objects.filter(group__office=standing.office).select_related("group__office")


def describe_member(member, *, staff: bool) -> dict:
    group = member.group
    if staff:
        kwargs = {"office": group.office.slug, "pk": group.pk, "member": member.pk}
        url = reverse("groups:manage_member_edit", kwargs=kwargs)
    else:
        url = f"{group.get_absolute_url()}#members-heading"
    return {
        "title": member.name,
        "url": url,
        "date": None,
        "office": group.office,
        "details": {"group": group.name, "role": member.get_role_display()},
    }


def register() -> None:
    register_search_source(
        key="groups",
        label=_("Working groups"),
        order=40,
        public=public_groups,
        staff=staff_groups,
        fields=GROUP_FIELDS,
        title="name",
        date="founded_on",
        describe=describe_group,
    )
    register_search_source(
        key="group_members",
        label=_("Members of working groups"),
        order=42,
        public=public_members,
        staff=staff_members,
        fields=MEMBER_FIELDS,
        title="name",
        office="group__office",
        describe=describe_member,
    )
