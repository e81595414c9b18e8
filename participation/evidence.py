"""Evidence of the cycle's steps, gathered from every app without the core importing them.

Each app registers an evidence source in its AppConfig.ready(), the way the admin discovers
admin.py modules: a function that lists the office's records of a fiscal year for a step, and
one that finds a single record for attaching it by hand. The core turns those into one list
per step, applies what staff attached or left out, and counts what is not public.
"""

import dataclasses
import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

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
    collect: Callable  # (office, fiscal_year) -> list[EvidenceItem]
    find: Callable | None = None  # (office, ids) -> list[EvidenceItem], for records attached by hand
    # (office, ids) -> {id: dict}: what the public may read of public records beyond their title
    # (a meeting's objectives, outcomes and completed follow-up), for the integrity-assessment page.
    describe: Callable | None = None


_sources: dict[str, EvidenceSource] = {}


def register_evidence_source(
    *, key: str, label, step: str, collect: Callable, find: Callable | None = None, describe: Callable | None = None
) -> None:
    """Let the cycle gather this kind of record as evidence of `step` (idempotent)."""
    if step not in CycleStep.values:
        raise ValueError(f"Unknown cycle step: {step!r}")
    _sources[key] = EvidenceSource(key=key, label=label, step=step, collect=collect, find=find, describe=describe)


def sources() -> list[EvidenceSource]:
    return list(_sources.values())


def source(key: str) -> EvidenceSource | None:
    return _sources.get(key)


def gather(plan) -> dict[str, list[EvidenceItem]]:
    """Evidence of each step of a plan: what the sources collect, with staff's choices applied."""
    by_step: dict[str, list[EvidenceItem]] = {step: [] for step in CycleStep.values}
    links = list(plan.evidence_links.all())
    left_out = {(link.step, link.source, link.item_id) for link in links if link.detached}
    for registered in _sources.values():
        if registered.step not in by_step:
            continue
        for item in registered.collect(plan.office, plan.fiscal_year):
            if (registered.step, item.source, item.item_id) not in left_out:
                by_step[registered.step].append(item)
    # Records attached by hand: one look-up per source, whatever their number.
    wanted: dict[str, set[int]] = {}
    for link in links:
        if not link.detached and link.source in _sources and link.item_id is not None:
            wanted.setdefault(link.source, set()).add(link.item_id)
    found = {}
    for key, ids in wanted.items():
        if _sources[key].find is not None:
            found.update({(key, item.item_id): item for item in _sources[key].find(plan.office, ids)})
    for link in links:
        if link.detached or link.step not in by_step:  # a row from an older or broken form: ignore it
            continue
        if link.source and link.item_id is not None:
            item = found.get((link.source, link.item_id))
            if item is None or any(existing.key == item.key for existing in by_step[link.step]):
                continue
            item = dataclasses.replace(item, manual=True, link_id=link.pk)
            by_step[link.step].append(item)
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
    for items in by_step.values():
        items.sort(key=lambda item: (item.date or datetime.date.min, item.title))
    return by_step


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


def figures(office, fiscal_year: int) -> dict:
    """Every registered part of the year's figures, by key."""
    return {key: compile(office, fiscal_year) for key, compile in _figures.items()}
