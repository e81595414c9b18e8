"""The sections of an office's site (announcements, meetings, feedback, plans).

Apps register their section when they load (`register_section` in their
AppConfig.ready), so the core links to pages of other apps without importing
them. A section whose page does not exist yet links to its part of the
office's home page instead.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise


@dataclass(frozen=True)
class Section:
    key: str
    label: str | Promise
    url_name: str
    order: int


_sections: dict[str, Section] = {}


def register_section(*, key: str, label, url_name: str, order: int) -> None:
    """Add a section to every office's navigation (idempotent)."""
    _sections[key] = Section(key=key, label=label, url_name=url_name, order=order)


def office_navigation(office) -> list[dict]:
    """The navigation entries of an office, in order, each with its address."""
    home = office.get_absolute_url()
    entries = []
    for section in sorted(_sections.values(), key=lambda s: s.order):
        try:
            url = reverse(section.url_name, kwargs={"office": office.slug})
        except NoReverseMatch:
            url = f"{home}#{section.key}"
        entries.append({"key": section.key, "label": section.label, "url": url})
    return entries


@dataclass(frozen=True)
class HomeBlock:
    key: str
    template_name: str
    items: Callable
    order: int


_home_blocks: dict[str, HomeBlock] = {}


def register_home_block(*, key: str, template_name: str, items: Callable, order: int) -> None:
    """Add a block to every office's home page: `items(office)` gives what the template lists."""
    _home_blocks[key] = HomeBlock(key=key, template_name=template_name, items=items, order=order)


def office_home_blocks(office) -> dict[str, dict]:
    """The registered blocks of an office's home, by key, each with its template and items."""
    return {
        block.key: {"template_name": block.template_name, "items": block.items(office)}
        for block in sorted(_home_blocks.values(), key=lambda b: b.order)
    }
