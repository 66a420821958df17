"""The analytical report of a programme for a calendar year — each indicator's target against its
actual with the deviation, the index and its verdict, the plan's completion by section and by
school — as the page (and its print) and as an Excel file, the form a department sends with its
annual report."""
from dataclasses import dataclass

from app.marks.status import Participation, done_by
from app.plan.models import Programme
from app.plan.outline import activity_scope, build_outline

from .index import degree, reached


@dataclass
class Completion:
    name: str
    planned: int
    done: int

    @property
    def percent(self) -> float | None:
        return round(100 * self.done / self.planned, 1) if self.planned else None


def completion(programme: Programme, year: int) -> tuple[list[Completion], list[Completion]]:
    """The year's plan by top-level section (occurrences due, and those every participant did) and
    by organisation (its own occurrences due, and those it did)."""
    outline = build_outline(programme)
    people = Participation.load()
    done = done_by(activity_scope(programme.id))
    sections: dict[str, Completion] = {}
    organisations: dict[int, Completion] = {}
    top = None
    for ns in outline:
        if ns.depth == 1:
            top = sections.setdefault(ns.number, Completion(f"{ns.number}. {ns.section.title}", 0, 0))
        for na in ns.activities:
            expected = people.of(na.activity)
            for occurrence in na.activity.occurrences:
                if occurrence.due_date.year != year or not expected:
                    continue
                here = done.get(occurrence.id, set())
                top.planned += 1
                top.done += set(expected) <= here
                for org_id in expected:
                    org = organisations.setdefault(org_id, Completion(people.by_id[org_id].short_name, 0, 0))
                    org.planned += 1
                    org.done += org_id in here
    order = {o.id: n for n, o in enumerate(([people.centre] if people.centre else []) + people.schools)}
    return list(sections.values()), [organisations[k] for k in sorted(organisations, key=lambda k: order.get(k, 0))]


@dataclass
class Line:
    indicator: object
    target: float | None
    actual: float | None
    reached: bool | None
    degree: float | None

    @property
    def deviation(self) -> float | None:
        if self.target is None or self.actual is None:
            return None
        return round(self.actual - self.target, 2)


def lines(indicators, effective, year: int) -> list[Line]:
    result = []
    for indicator in indicators:
        value = effective.get((indicator.id, year))
        result.append(Line(indicator, value.target if value else None, value.actual if value else None,
                           reached(indicator, value), degree(indicator, value)))
    return result
