"""Roll-ups of completion marks: an activity's status for its current occurrence, the
organisations × occurrences matrix, and the programme summary. Each is a fixed number of
queries whatever the size of the plan; the counting happens in Python.
"""
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import String, and_, cast, func, select

from app.extensions import db
from app.municipalities import scope as municipal_scope
from app.plan.models import Activity, Occurrence
from app.registry.models import Organisation

from .models import CompletionMark, MarkStatus
from .queries import centre, participant_ids, schools


@dataclass
class Participation:
    """Who takes part: the schools and the centre, loaded once per page."""

    schools: list[Organisation]
    centre: Organisation | None
    by_id: dict[int, Organisation]
    # An association's plan of work: the organisation its marks are kept under (the association's).
    owner_id: int | None = None
    school_ids: tuple[int, ...] = field(init=False)
    centre_id: int | None = field(init=False)

    def __post_init__(self):
        # Read once: of() runs for every activity of the plan.
        self.school_ids = tuple(s.id for s in self.schools)
        self.centre_id = self.centre.id if self.centre else None

    @classmethod
    def load(cls, programme=None) -> "Participation":
        """Everyone who takes part; with an association's plan of work, the association too."""
        found_schools, found_centre = schools(), centre()
        everyone = found_schools + ([found_centre] if found_centre else [])
        owner_id = programme.association.organisation_id if programme is not None and programme.is_work_plan else None
        by_id = {o.id: o for o in everyone}
        if owner_id is not None and owner_id not in by_id:
            by_id[owner_id] = programme.association.organisation
        return cls(found_schools, found_centre, by_id, owner_id)

    def of(self, activity: Activity, only: int | None = None) -> list[int]:
        ids = participant_ids(activity, self.school_ids, self.centre_id, self.owner_id)
        return ids if only is None else [i for i in ids if i == only]


def _occurrences_of(scope):
    """Occurrence ids of the activities matching `scope` (a WHERE clause on Activity), as a
    subquery: one bound parameter however many occurrences there are."""
    return select(Occurrence.id).join(Activity, Activity.id == Occurrence.activity_id).where(scope)


def load_marks(scope) -> dict[tuple[int, int], CompletionMark]:
    return {(m.occurrence_id, m.organisation_id): m for m in db.session.scalars(
        select(CompletionMark).where(CompletionMark.occurrence_id.in_(_occurrences_of(scope))))}


def mark_states(scope) -> dict[tuple[int, int], tuple[str, date | None]]:
    """(occurrence id, organisation id) → (status, done on): what a printed matrix needs of each
    mark, as plain columns (a 500-row plan has ~20,000 marks)."""
    return {(occurrence_id, organisation_id): (status, done_on)
            for occurrence_id, organisation_id, status, done_on in db.session.execute(
                select(CompletionMark.occurrence_id, CompletionMark.organisation_id, CompletionMark.status,
                       CompletionMark.done_on).where(CompletionMark.occurrence_id.in_(_occurrences_of(scope))))}


def done_by(scope) -> dict[int, set[int]]:
    """occurrence id → ids of the organisations that have done it.

    One row per occurrence (the organisation ids aggregated into a string by the database):
    a 2000-row plan has ~8,000 occurrences but ~80,000 done marks, and building a Python row
    per mark was the slowest part of the plan page.
    """
    db.session.flush()  # read through the connection (Core): the ORM's result machinery only costs here
    scope = and_(scope, municipal_scope.clause(Activity))  # which the session's criteria do not reach
    rows = db.session.connection().execute(
        select(CompletionMark.occurrence_id, func.aggregate_strings(cast(CompletionMark.organisation_id, String), ","))
        .where(CompletionMark.occurrence_id.in_(_occurrences_of(scope)), CompletionMark.status == MarkStatus.DONE)
        .group_by(CompletionMark.occurrence_id)
    )
    return {occurrence_id: set(map(int, ids.split(","))) for occurrence_id, ids in rows}


_NOBODY: frozenset[int] = frozenset()


@dataclass
class ActivityStatus:
    """Status of an activity for its current occurrence: the earliest one not done by all
    (overdue if its date has passed), or the last one when everything is done."""

    occurrence: Occurrence
    done: int
    total: int
    overdue: bool
    missing: list[Organisation] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return self.done >= self.total


def activity_statuses(activities: list[Activity], on: date, people: Participation, scope,
                      only_org: int | None = None) -> dict[int, ActivityStatus]:
    """`scope` is the WHERE clause on Activity that selected `activities`."""
    done = done_by(scope)
    result = {}
    schools = set(people.school_ids)
    for activity in activities:
        expected = people.of(activity, only_org)
        if not expected or not activity.occurrences:
            continue
        # The first occurrence not done by everyone expected (set operations: a plan has
        # thousands of occurrences × schools), or the last one when all are done.
        wanted = schools if expected is people.school_ids else set(expected)
        for occurrence in activity.occurrences:
            done_here = done.get(occurrence.id, _NOBODY)
            if not wanted <= done_here:
                break
        missing = [i for i in expected if i not in done_here]
        result[activity.id] = ActivityStatus(
            occurrence=occurrence, done=len(expected) - len(missing), total=len(expected),
            overdue=bool(missing) and occurrence.due_date < on,
            missing=[people.by_id[i] for i in missing if i in people.by_id],
        )
    return result


@dataclass
class Tally:
    expected: int = 0  # occurrence × organisation pairs already due
    done: int = 0
    overdue: int = 0

    @property
    def share(self) -> int:
        return round(100 * self.done / self.expected) if self.expected else 0


@dataclass
class OverdueItem:
    activity: Activity
    number: str
    occurrence: Occurrence
    missing: list[Organisation]


def programme_summary(numbered: list[tuple[Activity, str, list[int]]], on: date, people: Participation, scope):
    """Per section, per organisation and per responsible person: share done of what is due,
    and overdue; plus the list of overdue occurrences with who has not done them.

    `numbered` is (activity, number, section_ids) for every activity of the programme, where
    section_ids are its section and that section's parent: a subsection counts in both.
    """
    done = done_by(scope)
    by_section: dict[int, Tally] = {}
    by_org: dict[int, Tally] = {}
    by_person: dict[int, Tally] = {}
    overdue: list[OverdueItem] = []
    for activity, number, section_ids in numbered:
        expected = people.of(activity)
        shared = [by_section.setdefault(i, Tally()) for i in section_ids] + \
            [by_person.setdefault(p.id, Tally()) for p in activity.responsible_people]
        org_tallies = [(org_id, by_org.setdefault(org_id, Tally())) for org_id in expected]
        for occurrence in activity.occurrences:
            if occurrence.due_date > on:
                continue
            missing = []
            done_here = done.get(occurrence.id, ())
            late = occurrence.due_date < on
            done_count = 0
            for org_id, org_tally in org_tallies:
                org_tally.expected += 1
                if org_id in done_here:
                    org_tally.done += 1
                    done_count += 1
                elif late:
                    org_tally.overdue += 1
                    missing.append(people.by_id[org_id])
            for tally in shared:  # a section's or a person's tally: the occurrence's counts at once
                tally.expected += len(org_tallies)
                tally.done += done_count
                tally.overdue += (len(org_tallies) - done_count) if late else 0
            if missing:
                overdue.append(OverdueItem(activity, number, occurrence, missing))
    overdue.sort(key=lambda item: (item.occurrence.due_date, item.number))
    return by_section, by_org, by_person, overdue


def overdue_by_school(on: date) -> list[tuple[Organisation, int]]:
    """Each school's overdue items in the programmes under way (occurrences past due it has not
    done), most first — in a fixed number of queries: what the methodists' home and weekly digest
    show."""
    from app.plan.models import Programme, Section
    from app.plan.outline import load_activities

    running = select(Section.id).join(Programme, Programme.id == Section.programme_id).where(
        Programme.start_year <= on.year, Programme.end_year >= on.year, Programme.association_id.is_(None))
    scope = Activity.section_id.in_(running)  # the programmes under way
    people = Participation.load()
    done = done_by(scope)
    counts = {s.id: 0 for s in people.schools}
    for activity in load_activities(scope):
        expected = [i for i in people.of(activity) if i in counts]
        for occurrence in activity.occurrences:
            if occurrence.due_date >= on:
                continue
            here = done.get(occurrence.id, ())
            for org_id in expected:
                counts[org_id] += org_id not in here
    return sorted(((s, counts[s.id]) for s in people.schools), key=lambda row: -row[1])
