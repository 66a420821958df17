"""The plan as it is read: sections in tree order with derived numbers (2, 2.1, 2.1.4).

Numbers are never stored; they follow from the order of sections and activities, so
inserting or moving a row renumbers everything after it, as in the Word document.
"""
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm.attributes import set_committed_value

from app.extensions import db
from app.registry.models import Organisation, Person

from .models import Activity, Occurrence, Programme, Section, activity_organisations, activity_people


@dataclass
class NumberedActivity:
    activity: Activity
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


def load_activities(scope) -> list[Activity]:
    """Activities with their occurrences, responsible people and chosen organisations, in
    four queries whatever their number (selectinload would batch its IN lists by 500)."""
    activities = list(db.session.scalars(select(Activity).where(scope).order_by(Activity.position, Activity.id)))
    ids = select(Activity.id).where(scope).scalar_subquery()
    occurrences: dict[int, list[Occurrence]] = {a.id: [] for a in activities}
    for occurrence in db.session.scalars(select(Occurrence).where(Occurrence.activity_id.in_(ids))
                                         .order_by(Occurrence.due_date, Occurrence.id)):
        occurrences[occurrence.activity_id].append(occurrence)
    people: dict[int, list[Person]] = {a.id: [] for a in activities}
    for activity_id, person in db.session.execute(
            select(activity_people.c.activity_id, Person).join(Person, Person.id == activity_people.c.person_id)
            .where(activity_people.c.activity_id.in_(ids)).order_by(Person.full_name)):
        people[activity_id].append(person)
    organisations: dict[int, list[Organisation]] = {a.id: [] for a in activities}
    for activity_id, organisation in db.session.execute(
            select(activity_organisations.c.activity_id, Organisation)
            .join(Organisation, Organisation.id == activity_organisations.c.organisation_id)
            .where(activity_organisations.c.activity_id.in_(ids)).order_by(Organisation.short_name)):
        organisations[activity_id].append(organisation)
    for activity in activities:
        set_committed_value(activity, "occurrences", occurrences[activity.id])
        set_committed_value(activity, "responsible_people", people[activity.id])
        set_committed_value(activity, "organisations", organisations[activity.id])
    return activities


def build_outline(programme: Programme, only_section_id: int | None = None) -> list[NumberedSection]:
    """The numbered plan in a fixed number of queries, whatever its size.

    With only_section_id, activities are loaded for that one section (a fragment's needs);
    the numbers still come from the whole tree.
    """
    sections = list(db.session.scalars(select(Section).where(Section.programme_id == programme.id)))
    by_section: dict[int, list[Activity]] = {}
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
