"""The offices dataset: every office shown to the public, with its parent, kind, province and the
contact details it publishes on every page of its site."""

from django.utils.translation import gettext_lazy as _

from participation.datasets import Column, Dataset, records_reader, register_dataset
from participation.models import Office

COLUMNS = (
    Column("id", "integer", _("Number of the office, unique in the portal")),
    Column("slug", "string", _("Short name in addresses; other datasets name offices by it")),
    Column("name_th", "string", _("Name in Thai")),
    Column("name_en", "string", _("Name in English")),
    Column("short_name_th", "string", _("Short name in Thai")),
    Column("short_name_en", "string", _("Short name in English")),
    Column("kind", "code", _("Kind of office"), choices=Office.Kind),
    Column("province", "string", _("Province")),
    Column("parent", "string", _("Short name of the parent office"), nullable=True),
    Column("address", "text", _("Postal address of the office")),
    Column("phone", "string", _("Telephone of the office")),
    Column("email", "string", _("E-mail address of the office")),
    Column("website", "string", _("Website of the office")),
    Column("director_name", "string", _("Name of the director")),
    Column("director_position", "string", _("Position of the director")),
    Column("url", "url", _("The office's page in the portal")),
    Column("updated_at", "datetime", _("Last change")),
)


def row(office: Office) -> dict:
    parent = office.parent
    return {
        "id": office.pk,
        "slug": office.slug,
        "name_th": office.name_th,
        "name_en": office.name_en,
        "short_name_th": office.short_name_th,
        "short_name_en": office.short_name_en,
        "kind": office.kind,
        "province": office.province,
        # A parent hidden from the public is not named.
        "parent": parent.slug if parent is not None and parent.is_active else None,
        "address": office.address,
        "phone": office.phone,
        "email": office.email,
        "website": office.website,
        "director_name": office.director_name,
        "director_position": office.director_position,
        "url": office.get_absolute_url(),
        "updated_at": office.updated_at,
    }


def register() -> None:
    register_dataset(
        Dataset(
            key="offices",
            title=_("Offices"),
            description=_(
                "The public offices in the portal: their names in Thai and English, kind, province, parent office "
                "and the contact details each publishes."
            ),
            columns=COLUMNS,
            read=records_reader(lambda: Office.objects.select_related("parent"), row, office_path=""),
            filters=frozenset({"kind", "updated_since"}),
            kinds=Office.Kind,
            per_office=False,
            frequency="monthly",
            keywords=("offices", "หน่วยงาน"),
            order=10,
        )
    )
