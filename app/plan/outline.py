"""The plan as it is read: sections in tree order with derived numbers (2, 2.1, 2.1.4).

Numbers are never stored; they follow from the order of sections and activities, so
inserting or moving a row renumbers everything after it, as in the Word document.
"""
from dataclasses import dataclass, field

from flask import request
from sqlalchemy import and_, select

from app.extensions import db
from app.municipalities import scope as municipal_scope
from app.registry.models import Organisation, Person

from .models import Activity, Occurrence, Programme, Section, activity_organisations, activity_people


@dataclass
class NumberedActivity:
    activity: "ActivityRow"
    number: str


@dataclass
class NumberedSection:
    section: Section
    number: str
    depth: int  # 1 for a top-level section, 2 for a subsection
    activities: list[NumberedActivity] = field(default_factory=list)
    subsection_count: int = 0


def section_numbers(sections: list[Section]) -> list[tuple[Section, str, int]]:
    """Sections in reading order with their numbers and depth."""
    children: dict[int | None, list[Section]] = {}
    for s in sections:
        children.setdefault(s.parent_id, []).append(s)
    for group in children.values():
        group.sort(key=lambda s: (s.position, s.id))

    ordered: list[tuple[Section, str, int]] = []

    def walk(parent_id, prefix, depth):
        for index, s in enumerate(children.get(parent_id, []), start=1):
            number = f"{prefix}{index}"
            ordered.append((s, number, depth))
            walk(s.id, number + ".", depth + 1)

    walk(None, "", 1)
    return ordered


def activity_scope(programme_id: int, only_section_id: int | None = None):
    """A WHERE clause on Activity: the whole programme, or one section of it."""
    if only_section_id is not None:
        return Activity.section_id == only_section_id
    return Activity.section_id.in_(select(Section.id).where(Section.programme_id == programme_id))


@dataclass(slots=True)
class ActivityRow:
    """An activity as the read-only pages show it: the columns of Activity under the same names,
    with its occurrences, responsible people and chosen organisations attached. Not an ORM object:
    a 2,000-row plan is ~30,000 of these and their parts, and building and reading them through
    the ORM's instrumentation was most of the plan page's time."""

    id: int
    section_id: int
    position: int
    title: str
    deadline_text: str
    deadline_state: str
    responsible_text: str
    participants: str
    expected_result: str
    document: str
    occurrences: list = field(default_factory=list)  # rows with id, activity_id, label, due_date, manual
    responsible_people: list = field(default_factory=list)  # rows with id, full_name
    organisations: list[Organisation] = field(default_factory=list)


def row_key(na: "NumberedActivity", status, links, can_edit: bool) -> tuple:
    """Every value the plan row (templates/plan/_rows.html) is rendered from: the key its HTML
    is kept under (app/fragments.py). A value the row shows and this key misses would show
    stale — tests/test_plan.py renders rows with and without the kept fragments to compare."""
    a = na.activity
    return (
        "plan-row", request.script_root, can_edit, na.number, a.id, a.title, a.expected_result, a.document,
        a.deadline_text, a.deadline_state, tuple(o.label for o in a.occurrences), a.responsible_text,
        tuple(p.full_name for p in a.responsible_people), a.participants,
        tuple(o.short_name for o in a.organisations),
        None if status is None else (status.occurrence.label, status.done, status.total, status.overdue,
                                     tuple(o.short_name for o in status.missing)),
        None if not links else tuple((link.label, link.target[0], tuple(sorted(link.target[1].items())), link.note)
                                     for link in links),
    )


def keyed_rows(ns: "NumberedSection", statuses, links, can_edit: bool) -> list[tuple["NumberedActivity", tuple]]:
    """A section's activities, each with its row_key — built once, for the row and its section."""
    return [(na, row_key(na, statuses.get(na.activity.id), links.get(na.activity.id), can_edit))
            for na in ns.activities]


def section_key(ns: "NumberedSection", rows, can_edit: bool) -> tuple:
    """Every value a section's <tbody> is rendered from: its own and its rows' (keyed_rows)."""
    s = ns.section
    return ("plan-section", request.script_root, can_edit, s.id, s.title, ns.number, ns.depth, ns.subsection_count,
            tuple(key for _, key in rows))


_ACTIVITY_COLUMNS = (Activity.id, Activity.section_id, Activity.position, Activity.title, Activity.deadline_text,
                     Activity.deadline_state, Activity.responsible_text, Activity.participants,
                     Activity.expected_result, Activity.document)


def load_activities(scope) -> list[ActivityRow]:
    """Activities with their occurrences, responsible people and chosen organisations, in
    four queries whatever their number (selectinload would batch its IN lists by 500).

    Plain columns are read through the session's connection (Core), without the ORM's result
    machinery, which only costs here; pending changes are flushed first, as a query would."""
    db.session.flush()
    scope = and_(scope, municipal_scope.clause(Activity))  # Core: the session's criteria do not reach it
    read = db.session.connection().execute
    activities = [ActivityRow(*row) for row in read(
        select(*_ACTIVITY_COLUMNS).where(scope).order_by(Activity.position, Activity.id))]
    by_id = {a.id: a for a in activities}
    ids = select(Activity.id).where(scope).scalar_subquery()
    for occurrence in read(
            select(Occurrence.id, Occurrence.activity_id, Occurrence.label, Occurrence.due_date, Occurrence.manual)
            .where(Occurrence.activity_id.in_(ids)).order_by(Occurrence.due_date, Occurrence.id)):
        by_id[occurrence.activity_id].occurrences.append(occurrence)
    for person in read(
            select(activity_people.c.activity_id, Person.id, Person.full_name)
            .join(Person, Person.id == activity_people.c.person_id)
            .where(activity_people.c.activity_id.in_(ids)).order_by(Person.full_name)):
        by_id[person.activity_id].responsible_people.append(person)
    chosen = read(
        select(activity_organisations.c.activity_id, activity_organisations.c.organisation_id)
        .join(Organisation, Organisation.id == activity_organisations.c.organisation_id)
        .where(activity_organisations.c.activity_id.in_(ids)).order_by(Organisation.short_name)).all()
    if chosen:  # a few organisations chosen over and over: each loaded once
        organisations = {o.id: o for o in db.session.scalars(select(Organisation).where(
            Organisation.id.in_({organisation_id for _, organisation_id in chosen})))}
        for activity_id, organisation_id in chosen:
            by_id[activity_id].organisations.append(organisations[organisation_id])
    return activities


def build_outline(programme: Programme, only_section_id: int | None = None) -> list[NumberedSection]:
    """The numbered plan in a fixed number of queries, whatever its size.

    With only_section_id, activities are loaded for that one section (a fragment's needs);
    the numbers still come from the whole tree.
    """
    sections = list(db.session.scalars(select(Section).where(Section.programme_id == programme.id)))
    by_section: dict[int, list[ActivityRow]] = {}
    for activity in load_activities(activity_scope(programme.id, only_section_id)):
        by_section.setdefault(activity.section_id, []).append(activity)

    outline = []
    subsection_counts: dict[int, int] = {}
    for s in sections:
        if s.parent_id:
            subsection_counts[s.parent_id] = subsection_counts.get(s.parent_id, 0) + 1
    for s, number, depth in section_numbers(sections):
        numbered = NumberedSection(s, number, depth, subsection_count=subsection_counts.get(s.id, 0))
        for index, activity in enumerate(by_section.get(s.id, []), start=1):
            numbered.activities.append(NumberedActivity(activity, f"{number}.{index}"))
        outline.append(numbered)
    return outline


def find_section(outline: list[NumberedSection], section_id: int) -> NumberedSection | None:
    return next((ns for ns in outline if ns.section.id == section_id), None)


def find_activity(outline: list[NumberedSection], activity_id: int) -> NumberedActivity | None:
    for ns in outline:
        for na in ns.activities:
            if na.activity.id == activity_id:
                return na
    return None


def programme_of_year(year: int):
    """The programme under way in a calendar year (the latest begun, when periods overlap), or None."""
    return db.session.scalars(select(Programme).where(Programme.start_year <= year, Programme.end_year >= year,
                                                      Programme.association_id.is_(None))
                              .order_by(Programme.start_year.desc(), Programme.id.desc()).limit(1)).first()
