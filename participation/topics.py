"""What a piece of feedback can be about: an announcement, a meeting, the year's plan.

Pages link to the feedback form with `?about=<kind>:<id>`; the form shows the title and keeps
the link. Apps register how to find the title of their own records, so the core never imports them.
"""

from collections.abc import Callable

from participation.converters import record_id

_resolvers: dict[str, Callable] = {}


def register_topic(kind: str, resolver: Callable) -> None:
    """`resolver(office, id)` returns the public title of the record, or None when it is not public."""
    _resolvers[kind] = resolver


def resolve_topic(office, value: str) -> tuple[str, int, str] | None:
    """(kind, id, title) for an `about` value such as "meeting:12", or None when it is unknown or not public."""
    kind, _sep, raw_id = (value or "").partition(":")
    pk = record_id(raw_id)
    if kind not in _resolvers or pk is None:
        return None
    title = _resolvers[kind](office, pk)
    return (kind, pk, title) if title else None
