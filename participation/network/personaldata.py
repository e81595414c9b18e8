"""The stakeholder network as a source of personal data (participation.personaldata): its members."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from participation.network.models import NetworkMember
from participation.personaldata import Found, register_personal_data_source


def find(*, office, person, standing) -> list[Found]:
    items = person.with_phone(NetworkMember.objects.for_office(office))
    items = (
        items.filter(person.email_q() | person.phone_q() | person.name_q())
        .select_related("group")
        .order_by("name", "pk")
    )
    return [
        Found(
            kind="network",
            pk=item.pk,
            label=item.group.name,
            date=item.created_at,
            url=reverse("network:member_edit", kwargs={"office": office.slug, "pk": item.pk}),
            matched=person.matched(email=item.email, phone=item.phone, name=item.name),
            details=[
                (str(_("Name")), item.name),
                (str(_("E-mail")), item.email),
                (str(_("Phone")), item.phone),
                (str(_("Organisation")), item.organisation),
                (str(_("Role or position")), item.role),
            ],
            data={
                "group": item.group.name,
                "name": item.name,
                "organisation": item.organisation,
                "role": item.role,
                "email": item.email,
                "phone": item.phone,
                "note": item.note,
                "active": item.is_active,
                "added_at": item.created_at.isoformat(),
            },
            names=[item.name],
            emails=[item.email] if item.email else [],
            phones=[item.phone] if item.phone else [],
        )
        for item in items
    ]


def erase(*, office, records, redactor, redact) -> int:
    """Take the members out of the network: a roster keeps no one who asked to be erased."""
    members = NetworkMember.objects.for_office(office).filter(pk__in=[record.pk for record in records])
    count = 0
    for member in members.select_for_update():
        member.delete()
        count += 1
    return count


def register() -> None:
    register_personal_data_source(
        key="network",
        label=_("Network members"),
        order=30,
        find=find,
        erase=erase,
        effect=_("The member is removed from the stakeholder network."),
    )
