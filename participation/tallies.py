"""What evidence records add up to, counted in the database rather than by loading them.

`Tally` holds the figures of a set of records; a source's `tally` fills one with a few grouped
queries built from `TallyCounts`, whose conditions (`ListHolds`, `AmongRecords`) are written so that
PostgreSQL answers them from indexes and SQLite still understands them.
"""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import BooleanField, Count, Expression, F, Q, Subquery, TextField
from django.db.models.functions import Cast
from django.db.models.lookups import Contains

from participation.vocabularies import GovernancePrinciple

if TYPE_CHECKING:
    from participation.evidence import EvidenceItem


@dataclass(eq=False)
class Tally:
    """What a set of evidence records adds up to: how many are public and how many internal, the
    sums of their details (numbers added up; text, lists and mappings counted by value), their tags
    (participation level and principles) and the groups they reached.

    A source's `tally` counts this in the database; it must equal `Tally.of()` of what its `collect`
    gives for the same year, which is how the tests hold the two together."""

    public: int = 0
    internal: int = 0
    sums: Counter = field(default_factory=Counter)
    breakdowns: dict[str, Counter] = field(default_factory=dict)
    # Records by participation level, and by (level, principle): the coverage matrix's figures.
    # Counted per value, not per combination, so that a source adds them up in a few rows.
    levels: Counter = field(default_factory=Counter)
    tags: Counter = field(default_factory=Counter)
    groups: set[int] = field(default_factory=set)

    @classmethod
    def of(cls, items: Iterable["EvidenceItem"]) -> "Tally":
        tally = cls()
        for item in items:
            tally.add(item)
        return tally

    @property
    def total(self) -> int:
        return self.public + self.internal

    def count(self, name: str, value, n: int = 1) -> None:
        """Count `n` records (or people) under `value` of the breakdown `name`."""
        self.breakdowns.setdefault(name, Counter())[value] += n

    def breakdown(self, name: str) -> Counter:
        return self.breakdowns.get(name, Counter())

    def add(self, item: "EvidenceItem") -> None:
        """Add one collected record."""
        if item.is_public:
            self.public += 1
        else:
            self.internal += 1
        self.levels[item.level] += 1
        for principle in dict.fromkeys(item.principles):
            self.tags[(item.level, principle)] += 1
        self.groups.update(item.groups)
        for name, value in item.details.items():
            if value is None:
                continue
            if isinstance(value, bool | int | float):
                self.sums[name] += value
            elif isinstance(value, str):
                self.count(name, value)
            elif isinstance(value, dict):
                for key, n in value.items():
                    self.count(name, key, n)
            elif isinstance(value, list | tuple):
                for key in value:
                    self.count(name, key)

    def merge(self, other: "Tally") -> "Tally":
        """Add another tally into this one; returns this one."""
        self.public += other.public
        self.internal += other.internal
        self.sums.update(other.sums)
        for name, counts in other.breakdowns.items():
            self.breakdowns.setdefault(name, Counter()).update(counts)
        self.levels.update(other.levels)
        self.tags.update(other.tags)
        self.groups |= other.groups
        return self

    def as_dict(self) -> dict:
        """Plain data without empty entries, for comparing two tallies."""
        return {
            "public": self.public,
            "internal": self.internal,
            "sums": {name: value for name, value in self.sums.items() if value},
            "breakdowns": {
                name: {key: n for key, n in counts.items() if n}
                for name, counts in self.breakdowns.items()
                if any(counts.values())
            },
            "levels": {key: n for key, n in self.levels.items() if n},
            "tags": {key: n for key, n in self.tags.items() if n},
            "groups": set(self.groups),
        }

    def to_data(self) -> dict:
        """JSON data that `from_data` reads back into an equal tally: counters as [key, n] pairs, so
        that numbers stay numbers (group ids) and pairs stay pairs (level and principle)."""

        def pairs(counts: Counter) -> list:
            return [[list(key) if isinstance(key, tuple) else key, n] for key, n in counts.items() if n]

        return {
            "public": self.public,
            "internal": self.internal,
            "sums": pairs(self.sums),
            "breakdowns": {name: pairs(counts) for name, counts in self.breakdowns.items()},
            "levels": pairs(self.levels),
            "tags": pairs(self.tags),
            "groups": sorted(self.groups),
        }

    @classmethod
    def from_data(cls, data: dict) -> "Tally":
        def counter(pairs: list) -> Counter:
            return Counter({(tuple(key) if isinstance(key, list) else key): n for key, n in pairs})

        return cls(
            public=data["public"],
            internal=data["internal"],
            sums=counter(data["sums"]),
            breakdowns={name: counter(pairs) for name, pairs in data["breakdowns"].items()},
            levels=counter(data["levels"]),
            tags=counter(data["tags"]),
            groups=set(data["groups"]),
        )

    def __eq__(self, other):
        return isinstance(other, Tally) and self.as_dict() == other.as_dict()


class ListHolds(Expression):
    """Whether the JSON list in a field holds a value, as a condition for a count: PostgreSQL's
    containment (`@>`, cheap on jsonb); where the database has none (SQLite), whether the list's
    text holds the value in quotes. The values are the vocabularies' own, which hold no quote."""

    conditional = True
    output_field = BooleanField()

    def __init__(self, field_name: str, value: str):
        super().__init__()
        self.native = Q(**{f"{field_name}__contains": [value]})
        self.portable = Contains(Cast(field_name, output_field=TextField()), f'"{value}"')

    def get_source_expressions(self):
        return [self.native, self.portable]

    def set_source_expressions(self, exprs):
        self.native, self.portable = exprs

    def as_sql(self, compiler, connection):
        if connection.features.supports_json_field_contains:
            return compiler.compile(self.native)
        return compiler.compile(self.portable)


class AmongRecords(Expression):
    """`field IN (records)`, for the rows that hang off a year's records (groups reached, attendance).
    PostgreSQL plans the IN as a hash join that reads the whole table of rows, every office's; as
    `field = ANY(ARRAY(records))` it reads the year's record ids first and looks each up in the
    field's index. Other databases get the plain IN."""

    conditional = True
    output_field = BooleanField()

    def __init__(self, field_name: str, records):
        super().__init__()
        self.portable = Q(**{f"{field_name}__in": records})
        self.column = F(field_name)
        self.records = Subquery(records)

    def get_source_expressions(self):
        return [self.portable, self.column, self.records]

    def set_source_expressions(self, exprs):
        self.portable, self.column, self.records = exprs

    def as_sql(self, compiler, connection):
        return compiler.compile(self.portable)

    def as_postgresql(self, compiler, connection):
        field_sql, field_params = compiler.compile(self.column)
        records_sql, records_params = compiler.compile(self.records)
        return f"{field_sql} = ANY(ARRAY{records_sql})", (*field_params, *records_params)


class TallyCounts:
    """Conditional counts that add a source's records up in the database by value, not by
    combination of values, so that the query gives one row per participation level, however many
    records and however many combinations of principles or channels they carry:

        counts = TallyCounts(breakdowns={"kind": ("kind", Kind.values), "channels": ("channels", Channel.values, True)})
        for row in records.order_by().values("participation_level").annotate(**counts.aggregates()):
            counts.add(tally, row)

    Principles (and any breakdown marked as a list) are JSON lists, counted with `ListHolds`."""

    def __init__(self, *, breakdowns: dict[str, tuple] = ()):
        self._counted: dict[str, tuple[str, str]] = {}
        self._aggregates: dict = {}
        self._add("tags", "principles", GovernancePrinciple.values, listed=True)
        for name, (field_name, values, *listed) in dict(breakdowns).items():
            self._add(name, field_name, values, listed=bool(listed and listed[0]))

    def _add(self, name: str, field_name: str, values, *, listed: bool) -> None:
        for value in values:
            alias = f"tally_{len(self._counted)}"
            self._counted[alias] = (name, value)
            self._aggregates[alias] = Count(
                "pk", filter=ListHolds(field_name, value) if listed else Q(**{field_name: value})
            )

    def aggregates(self) -> dict:
        return dict(self._aggregates)

    def add(self, tally: "Tally", row: dict) -> None:
        """Add a row of the counts, grouped by `participation_level`, to the tally."""
        level = row["participation_level"]
        for alias, (name, value) in self._counted.items():
            if not row[alias]:
                continue
            if name == "tags":
                tally.tags[(level, value)] += row[alias]
            else:
                tally.count(name, value, row[alias])
