"""What search finds of the offices themselves: their Thai and English names, short names and province."""

from django.utils.translation import gettext_lazy as _

from participation.models import Office
from participation.searchsources import register_search_source

FIELDS = ("name_th", "name_en", "short_name_th", "short_name_en", "province", "slug")


def active_offices():
    return Office.objects.active()


def describe(office, *, staff: bool) -> dict:
    return {"title": office.name, "url": office.get_absolute_url(), "date": None, "office": office, "details": {}}


def register() -> None:
    # A few hundred rows: read whole, no trigram index needed.
    register_search_source(
        key="offices",
        label=_("Offices"),
        order=5,
        public=active_offices,
        fields=FIELDS,
        title="name_th",
        office="",
        describe=describe,
    )
