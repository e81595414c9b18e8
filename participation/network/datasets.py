"""What the stakeholder network publishes as open data: the offices' stakeholder groups. Members are
personal data and never leave; the public learns how many of each group came to meetings from the
meetings dataset."""

from django.utils.translation import gettext_lazy as _

from participation.datasets import Column, Dataset, records_reader, register_dataset
from participation.models import StakeholderGroup

COLUMNS = (
    Column("id", "integer", _("Number of the group, unique in the portal")),
    Column("office", "string", _("Short name of the office in addresses (see the offices dataset)")),
    Column("name", "string", _("Name in Thai")),
    Column("name_en", "string", _("Name in English")),
    Column("category", "code", _("Kind of group"), choices=StakeholderGroup.Category),
    Column("description", "text", _("Description")),
    Column("position", "integer", _("Order in the office's lists")),
)


def row(group: StakeholderGroup) -> dict:
    return {
        "id": group.pk,
        "office": group.office.slug,
        "name": group.name,
        "name_en": group.name_en,
        "category": group.category,
        "description": group.description,
        "position": group.position,
    }


def register() -> None:
    register_dataset(
        Dataset(
            key="stakeholder-groups",
            title=_("Stakeholder groups"),
            description=_(
                "The groups of people each office works with: teachers, school directors, parents, community, "
                "media, civil society, committees and others. Their members are never published."
            ),
            columns=COLUMNS,
            read=records_reader(lambda: StakeholderGroup.objects.select_related("office"), row, kind_field="category"),
            filters=frozenset({"office", "kind"}),
            kinds=StakeholderGroup.Category,
            frequency="monthly",
            keywords=("stakeholders", "ภาคีเครือข่าย"),
            order=15,
        )
    )
