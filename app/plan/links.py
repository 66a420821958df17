"""The one hook through which other parts show what they link to a plan activity.

Events, competitions (and later parts) register a provider in create_app(); the plan row shows
whatever the providers return without the plan importing any of them. A provider gives the
linked records of a set of activities (one query for the whole table) and, for editors, the
link that creates a new record from an activity.
"""
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Link:
    label: str                 # "15.09.2022", "Учитель года — 2023/2024"
    target: tuple[str, dict]   # (endpoint, integer url values), for row_url()
    note: str = ""             # "проведено", "итоги подведены"


@dataclass(frozen=True)
class Provider:
    name: str
    linked: Callable  # (select of activity ids) -> {activity_id: [Link]}
    create_label: str  # "+ мероприятие"
    create_endpoint: str  # takes ?activity=<id>


_providers: list[Provider] = []


def register(provider: Provider) -> None:
    if all(p.name != provider.name for p in _providers):
        _providers.append(provider)


def providers() -> list[Provider]:
    return list(_providers)


def linked(activity_ids) -> dict[int, list[Link]]:
    """Everything linked to these activities, by activity, one query per provider."""
    result: dict[int, list[Link]] = {}
    for provider in _providers:
        for activity_id, links in provider.linked(activity_ids).items():
            result.setdefault(activity_id, []).extend(links)
    return result
