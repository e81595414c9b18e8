"""Who belongs to each stakeholder group, for pages that list people by group (a meeting's sign-in
sheet) without importing the app that keeps them: the stakeholder network registers itself here
in its AppConfig.ready(). With no provider registered, groups have nobody on record."""

from collections.abc import Callable, Iterable

_providers: list[Callable] = []


def register_roster(provider: Callable) -> None:
    """`provider(group_ids)` returns {group id: [person, …]}; people have `name`, `organisation`, `role`."""
    if provider not in _providers:
        _providers.append(provider)


def members_by_group(group_ids: Iterable[int]) -> dict[int, list]:
    """The people on record for each group, from every provider, one query each."""
    group_ids = list(group_ids)
    result: dict[int, list] = {group_id: [] for group_id in group_ids}
    for provider in _providers:
        for group_id, people in provider(group_ids).items():
            result.setdefault(group_id, []).extend(people)
    return result
