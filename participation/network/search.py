"""What staff search finds of the stakeholder network: the office's members (personal data: never the public)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from participation.network.models import NetworkMember
from participation.searchsources import register_search_source

# Searched fields: the migration "search_trigram_index" indexes them joined, in this order.
FIELDS = ("name", "organisation", "role", "note")


def office_members(standing):
    return NetworkMember.objects.for_office(standing.office).select_related("office", "group")


def describe(member, *, staff: bool) -> dict:
    url = reverse("network:member_edit", kwargs={"office": member.office.slug, "pk": member.pk})
    return {
        "title": str(member),
        "url": url,
        "date": None,
        "office": member.office,
        "details": {"group": member.group.display_name, "role": member.role},
    }


def register() -> None:
    register_search_source(
        key="network",
        label=_("Stakeholder network"),
        order=60,
        public=None,
        staff=office_members,
        fields=FIELDS,
        title="name",
        describe=describe,
    )
