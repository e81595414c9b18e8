"""The sections of an office's site (announcements, meetings, feedback, plans), of its workspace,
and the national pages linked from every page's header.

Apps register their section when they load (`register_section` in their
AppConfig.ready), so the core links to pages of other apps without importing
them. A section whose page does not exist yet links to its part of the
office's home page instead. Workspace sections (`register_workspace_section`)
are offered only to the people who may open them.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise

from participation.permissions import Ability


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


_office_links: dict[str, Section] = {}

# Stand-ins for the arguments address_writer fills in: each matches its converter (an id, an office's
# slug) and appears nowhere else in an address.
ID_SLOT = 9_100_000_000_000_000_000
SLUG_SLOT = "slot-{}-of-an-address"


def address_writer(viewname: str, **kwargs) -> Callable[..., str]:
    """Addresses of one view that differ in a few arguments, from a single reverse(): a reverse() per row
    was a good part of a long table's time. The arguments given as `int` or `str` (the types) are filled
    in per call, in their order: `address_writer("cycle:plan", office=str, year=2569)("loei1")`.
    The values go in as they are: record ids and office slugs, which an address carries unquoted."""
    slots = [name for name, value in kwargs.items() if value is int or value is str]
    marks = {
        name: str(ID_SLOT + number) if kwargs[name] is int else SLUG_SLOT.format(number)
        for number, name in enumerate(slots)
    }
    template = reverse(viewname, kwargs={**kwargs, **marks}).replace("{", "{{").replace("}", "}}")
    for number, name in enumerate(slots):
        template = template.replace(marks[name], f"{{{number}}}")
    return template.format


def register_office_link(*, key: str, label, url_name: str) -> None:
    """Add a page of every office that pages of other apps link to, outside the navigation (idempotent):
    `{% section_url key office %}` finds it as it finds a section."""
    _office_links[key] = Section(key=key, label=label, url_name=url_name, order=0)


def section_url(key: str, office) -> str:
    """The address of one registered section (or office link) of an office's site; empty when no app registered it."""
    section = _sections.get(key) or _office_links.get(key)
    if section is None:
        return ""
    try:
        return reverse(section.url_name, kwargs={"office": office.slug})
    except NoReverseMatch:
        return ""


def section_url_writer(key: str) -> Callable[[str], str] | None:
    """section_url for many offices: an office's slug in, the address out (None when no app registered it)."""
    section = _sections.get(key) or _office_links.get(key)
    if section is None:
        return None
    try:
        return address_writer(section.url_name, office=str)
    except NoReverseMatch:
        return None


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


_site_links: dict[str, Section] = {}


def register_site_link(*, key: str, label, url_name: str, order: int) -> None:
    """Add a national page (one that takes no office) to every page's header (idempotent)."""
    _site_links[key] = Section(key=key, label=label, url_name=url_name, order=order)


def site_navigation() -> list[dict]:
    """The national pages of the header, in order, each with its address."""
    return [
        {"key": link.key, "label": link.label, "url": reverse(link.url_name)}
        for link in sorted(_site_links.values(), key=lambda link: link.order)
    ]


@dataclass(frozen=True)
class WorkspaceSection:
    key: str
    label: str | Promise
    url_name: str
    order: int
    ability: Ability


_workspace_sections: dict[str, WorkspaceSection] = {}


def register_workspace_section(*, key: str, label, url_name: str, order: int, ability=Ability.ACT) -> None:
    """Add a section to every office's workspace, for the people who may do `ability` there (idempotent).
    `url_name` is the section's first page; it takes the office's slug."""
    _workspace_sections[key] = WorkspaceSection(key=key, label=label, url_name=url_name, order=order, ability=ability)


def workspace_navigation(standing) -> list[dict]:
    """The workspace sections of the standing's office that its user may open, in order, each with its address."""
    return [
        {
            "key": section.key,
            "label": section.label,
            "url": reverse(section.url_name, kwargs={"office": standing.office.slug}),
        }
        for section in sorted(_workspace_sections.values(), key=lambda s: s.order)
        if standing.can(section.ability)
    ]


@dataclass(frozen=True)
class HomeBlock:
    key: str
    template_name: str
    items: Callable | None
    order: int


_home_blocks: dict[str, HomeBlock] = {}


def register_home_block(*, key: str, template_name: str, order: int, items: Callable | None = None) -> None:
    """Add a block to every office's home page: `items(office)` gives what the template lists (none
    for a block that only links)."""
    _home_blocks[key] = HomeBlock(key=key, template_name=template_name, items=items, order=order)


def office_home_blocks(office) -> dict[str, dict]:
    """The registered blocks of an office's home, by key, each with its template and items."""
    return {
        block.key: {"template_name": block.template_name, "items": block.items(office) if block.items else None}
        for block in sorted(_home_blocks.values(), key=lambda b: b.order)
    }
