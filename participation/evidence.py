"""Evidence of the cycle's steps, gathered from every app without the core importing them.

Each app registers an evidence source in its AppConfig.ready(), the way the admin discovers
admin.py modules: a function that lists the office's records of a fiscal year for a step, and
one that finds a single record for attaching it by hand. The core turns those into one list
per step, applies what staff attached or left out, and counts what is not public.

A source whose records grow with the office (announcements, meetings) also gives `tally`, which
adds its records of a year up in the database (`participation/tallies.py`), and its `collect` takes
a page of them: the public pages and the workspace read a plan through `PlanEvidence`, whose cost
does not grow with the records. A source may also `search` its records of other years by title, so that staff find
one to attach without a list of every record. `gather` still lists everything: the tests hold the
bounded reads to it.
"""

import dataclasses
import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.utils.translation import get_language

from participation.storedfigures import YearFigures, digest
from participation.tallies import Tally
from participation.vocabularies import CycleStep


@dataclass
class EvidenceItem:
    source: str
    item_id: int | None
    title: str
    url: str = ""
    date: datetime.date | None = None
    is_public: bool = True
    # Tags of the activity, for the coverage matrix: participation level, principles, groups.
    level: str = ""
    principles: list[str] = field(default_factory=list)
    groups: list[int] = field(default_factory=list)
    details: dict = field(default_factory=dict)
    manual: bool = False
    link_id: int | None = None

    @property
    def key(self) -> tuple[str, int | None]:
        return (self.source, self.item_id)


@dataclass(frozen=True)
class EvidenceSource:
    key: str
    label: str
    step: str
    # (office, fiscal_year) -> list[EvidenceItem]. A source that gives `tally` takes keywords too:
    # (…, *, public_only=False, exclude=(ids), limit=None, offset=0), its records latest first.
    collect: Callable
    find: Callable | None = None  # (office, ids) -> list[EvidenceItem], for records attached by hand
    # (office, ids) -> {id: dict}: what the public may read of public records beyond their title
    # (a meeting's objectives, outcomes and completed follow-up), for the integrity-assessment page.
    describe: Callable | None = None
    # (office, fiscal_year, *, exclude=(ids)) -> Tally, counted in the database. Without it the
    # source is read whole: only for sources that give a record or two a year.
    tally: Callable | None = None
    # The `source` its items carry, when several sources share one kind of record (meetings and
    # hearings are both meetings): staff's choices and the year's figures name records by it.
    records: str = ""
    # (office, fiscal_years, text, *, limit) -> list[EvidenceItem]: the records of those years whose
    # title contains `text`, latest first, at most `limit`, for attaching one by hand.
    search: Callable | None = None

    @property
    def item_source(self) -> str:
        return self.records or self.key


_sources: dict[str, EvidenceSource] = {}


def register_evidence_source(
    *,
    key: str,
    label,
    step: str,
    collect: Callable,
    find: Callable | None = None,
    describe: Callable | None = None,
    tally: Callable | None = None,
    records: str = "",
    search: Callable | None = None,
) -> None:
    """Let the cycle gather this kind of record as evidence of `step` (idempotent)."""
    if step not in CycleStep.values:
        raise ValueError(f"Unknown cycle step: {step!r}")
    _sources[key] = EvidenceSource(
        key=key,
        label=label,
        step=step,
        collect=collect,
        find=find,
        describe=describe,
        tally=tally,
        records=records,
        search=search,
    )


def sources() -> list[EvidenceSource]:
    return list(_sources.values())


def source(key: str) -> EvidenceSource | None:
    return _sources.get(key)


def searchable(step: str) -> list[EvidenceSource]:
    """The sources of a step whose records staff can find by title and attach by hand."""
    return [registered for registered in _sources.values() if registered.step == step and registered.search]


def search(office, *, step: str, fiscal_years, text: str, limit: int) -> list[tuple[EvidenceSource, EvidenceItem]]:
    """Records of a step's sources from these fiscal years whose title contains `text`, latest first,
    at most `limit`, each with the source to attach it through. Each source hands out at most
    `limit`, so the cost does not grow with the records."""
    text = text.strip()
    if not text:
        return []
    found = [
        (registered, item)
        for registered in searchable(step)
        for item in registered.search(office, tuple(fiscal_years), text, limit=limit)
    ]
    found.sort(key=lambda pair: (pair[1].date or datetime.date.min, pair[1].title), reverse=True)
    return found[:limit]


def _item_data(item: EvidenceItem) -> dict:
    data = dataclasses.asdict(item)
    data["date"] = item.date.isoformat() if item.date else None
    data["title"] = str(item.title)
    return data


def _item_from_data(data: dict) -> EvidenceItem:
    date = datetime.date.fromisoformat(data["date"]) if data["date"] else None
    return EvidenceItem(**{**data, "date": date})


def _latest_first(items: Iterable[EvidenceItem]) -> list[EvidenceItem]:
    return sorted(items, key=lambda item: (item.date or datetime.date.min, item.title), reverse=True)


def _by_hand(plan, links) -> dict[str, list[EvidenceItem]]:
    """What staff attached to each step: records of the sources (one look-up per source, whatever
    their number) and links to elsewhere. A record attached twice to one step shows once."""
    wanted: dict[str, set[int]] = {}
    for link in links:
        if not link.detached and link.source in _sources and link.item_id is not None:
            wanted.setdefault(link.source, set()).add(link.item_id)
    found = {}
    for key, ids in wanted.items():
        if _sources[key].find is not None:
            found.update({(key, item.item_id): item for item in _sources[key].find(plan.office, ids)})
    by_step: dict[str, list[EvidenceItem]] = {step: [] for step in CycleStep.values}
    for link in links:
        if link.detached or link.step not in by_step:  # a row from an older or broken form: ignore it
            continue
        if link.source and link.item_id is not None:
            item = found.get((link.source, link.item_id))
            if item is None or any(existing.key == item.key for existing in by_step[link.step]):
                continue
            by_step[link.step].append(dataclasses.replace(item, manual=True, link_id=link.pk))
        else:
            by_step[link.step].append(
                EvidenceItem(
                    source="link",
                    item_id=None,
                    title=link.title,
                    url=link.url,
                    date=link.created_at.date(),
                    is_public=link.is_public,
                    manual=True,
                    link_id=link.pk,
                )
            )
    return by_step


def _left_out(links) -> set[tuple[str, str, int]]:
    """(step, source, record) of what staff left out."""
    return {(link.step, link.source, link.item_id) for link in links if link.detached}


def _is_left_out(left_out, registered: EvidenceSource, item_id) -> bool:
    """Whether staff left this record of the source out of its step. Leaving out names the source by
    its key, which the services check against the step (hearings); its items name the kind of record
    (meetings): either counts."""
    return any((registered.step, name, item_id) in left_out for name in {registered.key, registered.item_source})


def gather(plan) -> dict[str, list[EvidenceItem]]:
    """Evidence of each step of a plan: what the sources collect, with staff's choices applied.
    Every record of the year is loaded: for the workspace; public pages use `PlanEvidence`."""
    by_step: dict[str, list[EvidenceItem]] = {step: [] for step in CycleStep.values}
    links = list(plan.evidence_links.all())
    left_out = _left_out(links)
    for registered in _sources.values():
        if registered.step not in by_step:
            continue
        for item in registered.collect(plan.office, plan.fiscal_year):
            if not _is_left_out(left_out, registered, item.item_id):
                by_step[registered.step].append(item)
    for step, attached in _by_hand(plan, links).items():
        for item in attached:
            if item.item_id is None or all(existing.key != item.key for existing in by_step[step]):
                by_step[step].append(item)
    for items in by_step.values():
        items.sort(key=lambda item: (item.date or datetime.date.min, item.title))
    return by_step


# The first records of a source that a page shows (the plan's steps, the ITA page's latest meetings)
# are kept with the year's figures; further pages are read each time.
KEPT_RECORDS = 10


class PlanEvidence:
    """A plan's evidence read without loading it: counts and sums from the sources' tallies, and
    records a page at a time. Staff's choices (left out, attached by hand) are read once: they grow
    with staff's work, not with the records. In a step, what staff attached comes first, then each
    source's records, latest first. Non-public records are counted, never handed out."""

    def __init__(self, plan):
        self.plan = plan
        links = list(plan.evidence_links.all())
        self._left_out = _left_out(links)
        self._attached = _by_hand(plan, links)
        for step, items in self._attached.items():
            self._attached[step] = _latest_first(items)
        self._tallies: dict[tuple[str, frozenset], Tally] = {}
        self._whole: dict[str, list[EvidenceItem]] = {}
        # What the year adds up to, kept in the database until the office's records change.
        self.store = YearFigures(plan.office, plan.fiscal_year)

    # --- What the sources give, with staff's choices applied --------------------------------

    def _step_sources(self, step: str, without=()) -> list[EvidenceSource]:
        return [
            registered for registered in _sources.values() if registered.step == step and registered.key not in without
        ]

    def _attached_to(self, step: str, without=()) -> list[EvidenceItem]:
        return [item for item in self._attached.get(step, []) if item.source not in without]

    def _excluded(self, registered: EvidenceSource, *, any_step: bool) -> frozenset:
        """Records of the source that do not count as collected: left out of its step, or attached
        by hand (to its step; for the year's figures, to any step), which then count as attached."""
        kind = registered.item_source
        names = {registered.key, kind}
        excluded = {item_id for step, name, item_id in self._left_out if step == registered.step and name in names}
        for step, items in self._attached.items():
            if any_step or step == registered.step:
                excluded |= {item.item_id for item in items if item.source == kind}
        return frozenset(excluded)

    def _collected_whole(self, registered: EvidenceSource) -> list[EvidenceItem]:
        """Every record of a source without a tally (a few a year, or figures in one item), kept in the
        language of the request: their titles and addresses are in it."""
        if registered.key not in self._whole:
            self._whole[registered.key] = self.store.get(
                f"items:{registered.key}:{get_language()}",
                lambda: _latest_first(registered.collect(self.plan.office, self.plan.fiscal_year)),
                dump=lambda items: [_item_data(item) for item in items],
                load=lambda data: [_item_from_data(item) for item in data],
            )
        return self._whole[registered.key]

    def _tally(self, registered: EvidenceSource, excluded: frozenset) -> Tally:
        key = (registered.key, excluded)
        if key not in self._tallies:
            if registered.tally is not None:
                self._tallies[key] = self.store.get(
                    f"tally:{registered.key}:{digest(excluded)}",
                    lambda: registered.tally(self.plan.office, self.plan.fiscal_year, exclude=excluded),
                    dump=Tally.to_data,
                    load=Tally.from_data,
                )
            else:
                self._tallies[key] = Tally.of(
                    item for item in self._collected_whole(registered) if item.item_id not in excluded
                )
        return self._tallies[key]

    def _records(
        self, registered: EvidenceSource, excluded: frozenset, *, offset: int, limit: int, public_only: bool = True
    ):
        """Public records of a source (every record for staff), latest first, from `offset`. The
        first few, which the plan and ITA pages show, are kept with the year's figures."""
        if registered.tally is not None:

            def collect():
                return registered.collect(
                    self.plan.office,
                    self.plan.fiscal_year,
                    public_only=public_only,
                    exclude=excluded,
                    limit=limit,
                    offset=offset,
                )

            if offset or limit > KEPT_RECORDS:
                return collect()
            shown = "public" if public_only else "all"
            return self.store.get(
                f"records:{registered.key}:{digest(excluded)}:{shown}:{limit}:{get_language()}",
                collect,
                dump=lambda items: [_item_data(item) for item in items],
                load=lambda data: [_item_from_data(item) for item in data],
            )
        shown = [
            item
            for item in self._collected_whole(registered)
            if (item.is_public or not public_only) and item.item_id not in excluded
        ]
        return shown[offset : offset + limit]

    # --- A step ---------------------------------------------------------------------------------

    def attached(self, step: str) -> list[EvidenceItem]:
        """What staff attached to a step by hand (records and links), latest first."""
        return list(self._attached.get(step, []))

    def counts(self, step: str, *, without=()) -> tuple[int, int]:
        """How many public and how many internal records are evidence of a step (leaving out the
        sources named in `without`)."""
        public = internal = 0
        for registered in self._step_sources(step, without):
            tally = self._tally(registered, self._excluded(registered, any_step=False))
            public, internal = public + tally.public, internal + tally.internal
        for item in self._attached_to(step, without):
            if item.is_public:
                public += 1
            else:
                internal += 1
        return public, internal

    def page(
        self, step: str, *, offset: int = 0, limit: int, without=(), public_only: bool = True
    ) -> list[EvidenceItem]:
        """The public records of a step (every record, internal ones too, for staff: `public_only=False`)
        from `offset`, at most `limit`: what staff attached first, then each source's records latest
        first. Asks each source only for what the page shows."""
        attached = [item for item in self._attached_to(step, without) if item.is_public or not public_only]
        parts = [(len(attached), lambda start, size: attached[start : start + size])]
        for registered in self._step_sources(step, without):
            excluded = self._excluded(registered, any_step=False)
            tally = self._tally(registered, excluded)
            parts.append(
                (
                    tally.public if public_only else tally.total,
                    lambda start, size, registered=registered, excluded=excluded: self._records(
                        registered, excluded, offset=start, limit=size, public_only=public_only
                    ),
                )
            )
        items: list[EvidenceItem] = []
        for count, fetch in parts:
            if limit <= 0:
                break
            if offset >= count:
                offset -= count
                continue
            taken = fetch(offset, min(limit, count - offset))
            items += taken
            limit -= len(taken)
            offset = 0
        return items

    # --- The year -----------------------------------------------------------------------------

    def latest(self, kinds: set[str], *, limit: int) -> list[EvidenceItem]:
        """The latest public records of these kinds (the `source` of their items) in any step, each once."""
        candidates = []
        for registered in _sources.values():
            if registered.item_source in kinds:
                excluded = self._excluded(registered, any_step=True)
                candidates += self._records(registered, excluded, offset=0, limit=limit)
        for items in self._attached.values():
            candidates += [item for item in items if item.is_public and item.source in kinds]
        seen, latest = set(), []
        for item in _latest_first(candidates):
            if item.key not in seen:
                seen.add(item.key)
                latest.append(item)
        return latest[:limit]

    def year(self) -> dict[str, Tally]:
        """Each kind of record added up once over the whole plan, for the figures and the coverage:
        what the sources collect for the year less what staff left out, and what staff attached by
        hand (even from another year). Links to elsewhere are not records and are not counted."""
        tallies: dict[str, Tally] = {}
        for registered in _sources.values():
            tally = self._tally(registered, self._excluded(registered, any_step=True))
            tallies.setdefault(registered.item_source, Tally()).merge(tally)
        seen = set()
        for items in self._attached.values():
            for item in items:
                if item.item_id is not None and item.key not in seen:
                    seen.add(item.key)
                    tallies.setdefault(item.source, Tally()).add(item)
        return tallies


def describe(office, items: list[EvidenceItem]) -> list[tuple[EvidenceItem, dict]]:
    """Public items with what their source tells about them, in date order; one look-up per source.
    Items whose source describes nothing, or which are no longer public there, are left out."""
    wanted: dict[str, dict[int, EvidenceItem]] = {}
    for item in items:
        if item.is_public and item.item_id is not None and item.source in _sources:
            wanted.setdefault(item.source, {}).setdefault(item.item_id, item)
    described = []
    for key, by_id in wanted.items():
        if _sources[key].describe is None:
            continue
        details = _sources[key].describe(office, list(by_id))
        described += [(item, details[item_id]) for item_id, item in by_id.items() if item_id in details]
    return sorted(described, key=lambda pair: (pair[0].date or datetime.date.min, pair[0].title))


_vocabularies: dict[str, Callable] = {}


def register_labels(vocabulary: str, choices: Callable) -> None:
    """Let an app name the labels of its own vocabulary (e.g. announcement channels) for the core's pages."""
    _vocabularies[vocabulary] = choices


def labels(vocabulary: str) -> dict[str, str]:
    """Labels by value in the active language; empty when no app registered the vocabulary."""
    if vocabulary not in _vocabularies:
        return {}
    return {value: str(label) for value, label in _vocabularies[vocabulary]()}


_figures: dict[str, Callable] = {}


def register_figures(key: str, compile: Callable) -> None:
    """Let an app add its part to the yearly summary's figures: `compile(office, fiscal_year)` gives plain data."""
    _figures[key] = compile


def figures(office, fiscal_year: int, *, store: YearFigures | None = None) -> dict:
    """Every registered part of the year's figures, by key, as kept until the office's records change."""
    store = store or YearFigures(office, fiscal_year)
    return {
        key: store.get(f"figures:{key}", lambda compile=compile: compile(office, fiscal_year))
        for key, compile in _figures.items()
    }
