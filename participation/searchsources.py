"""What search finds: each app registers a search source in its AppConfig.ready() (`register_search_source`),
naming its records' text fields, how a found record is shown and who may find it; participation.searching
reads them, without the core importing the apps."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.functional import Promise

from participation.searchindexes import Document


@dataclass
class Hit:
    """One record found, as the results list shows it."""

    kind: str
    kind_label: str
    title: str
    url: str
    date: datetime.date | datetime.datetime | None
    office: object | None
    excerpt: str = ""
    title_match: bool = False
    details: dict = field(default_factory=dict)


@dataclass(frozen=True)
class SearchSource:
    key: str
    label: str | Promise
    order: int
    # () -> QuerySet: every record the public may find (published, public, of active offices).
    public: Callable
    # (standing) -> QuerySet: what this person may find in their office (a participation.permissions
    # Standing); None: the source is public only, and staff search finds its public records.
    staff: Callable | None
    # The text fields searched (NOT NULL CharField or TextField), as the trigram index has them.
    fields: tuple[str, ...]
    # The field ranked first; "" when records have no title of their own.
    title: str
    # The record's date, newest first (a DateField or DateTimeField); "" to order by id alone.
    date: str
    # The path from the record to its office ("office", "meeting__office", "plan__office"); "" when
    # the records are offices themselves.
    office: str
    # (record, *, staff: bool) -> dict(title=…, url=…, date=…, office=…): how a found record is shown,
    # to the public or (staff=True) in the workspace.
    describe: Callable
    # Only signed-in staff of the office find these records (e.g. the stakeholder network).
    staff_only: bool = False

    @property
    def document(self):
        return Document(*self.fields)


_sources: dict[str, SearchSource] = {}


def register_search_source(
    *,
    key: str,
    label,
    order: int,
    public: Callable | None,
    fields,
    describe: Callable,
    title: str = "",
    date: str = "",
    office: str = "office",
    staff: Callable | None = None,
) -> None:
    """Let search find this kind of record (idempotent). See SearchSource for the arguments; give
    `public=None` (and a `staff`) for records only the office's own people may find."""
    if public is None and staff is None:
        raise ValueError(f"Search source {key!r} gives neither public nor staff records.")
    _sources[key] = SearchSource(
        key=key,
        label=label,
        order=order,
        public=public,
        staff=staff,
        fields=tuple(fields),
        title=title,
        date=date,
        office=office,
        describe=describe,
        staff_only=public is None,
    )


def sources(*, staff: bool = False) -> list[SearchSource]:
    """The registered sources, in order: the public's, or (staff=True) every one."""
    found = [s for s in _sources.values() if staff or not s.staff_only]
    return sorted(found, key=lambda s: (s.order, s.key))


def source(key: str) -> SearchSource | None:
    return _sources.get(key)
