"""The plan as it is read: sections in tree order with derived numbers (2, 2.1, 2.1.4).

Numbers are never stored; they follow from the order of sections and activities, so
inserting or moving a row renumbers everything after it, as in the Word document.
"""
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.extensions import db

from .models import Activity, Programme, Section


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


def activity_load_options():
    return (
        selectinload(Activity.responsible_people),
        selectinload(Activity.organisations),
        selectinload(Activity.occurrences),
    )


def build_outline(programme: Programme, only_section_id: int | None = None) -> list[NumberedSection]:
    """The numbered plan in a fixed number of queries, whatever its size.

    With only_section_id, activities are loaded for that one section (a fragment's needs);
    the numbers still come from the whole tree.
    """
    sections = list(db.session.scalars(select(Section).where(Section.programme_id == programme.id)))
    stmt = select(Activity).options(*activity_load_options()).order_by(Activity.position, Activity.id)
    if only_section_id is None:
        stmt = stmt.join(Section).where(Section.programme_id == programme.id)
    else:
        stmt = stmt.where(Activity.section_id == only_section_id)
    by_section: dict[int, list[Activity]] = {}
    for activity in db.session.scalars(stmt):
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
