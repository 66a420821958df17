"""Who must do what, and what they have marked: the queries behind the marking pages."""
from dataclasses import dataclass
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.plan.models import Activity, Occurrence, Participants, Programme, Section, activity_organisations
from app.plan.outline import section_numbers
from app.registry.models import Organisation, OrgKind, sort_organisations

from .models import CompletionMark, MarkStatus


def schools() -> list[Organisation]:
    return sort_organisations(db.session.scalars(
        select(Organisation).where(Organisation.kind.not_in(OrgKind.NOT_SCHOOLS))
    ))


def centre() -> Organisation | None:
    return db.session.scalars(select(Organisation).where(Organisation.kind == OrgKind.CENTRE)
                              .order_by(Organisation.id)).first()


def participant_ids(activity: Activity, school_ids, centre_id: int | None):
    """The organisations that must do an activity (and so have a mark for each occurrence)."""
    if activity.participants == Participants.ALL_SCHOOLS:
        return school_ids
    if activity.participants == Participants.CHOSEN:
        return [o.id for o in activity.organisations]
    return [centre_id] if centre_id else []


def is_participant(activity: Activity, organisation: Organisation) -> bool:
    if activity.participants == Participants.ALL_SCHOOLS:
        return organisation.is_school
    if activity.participants == Participants.CHOSEN:
        return any(o.id == organisation.id for o in activity.organisations)
    return organisation.kind == OrgKind.CENTRE


def activity_numbers(programme_ids: set[int]) -> dict[int, str]:
    """Derived numbers ("2.1.4") of all activities of these programmes, in two queries."""
    if not programme_ids:
        return {}
    sections = list(db.session.scalars(select(Section).where(Section.programme_id.in_(programme_ids))))
    by_programme: dict[int, list[Section]] = {}
    for s in sections:
        by_programme.setdefault(s.programme_id, []).append(s)
    section_number = {s.id: number for group in by_programme.values() for s, number, _ in section_numbers(group)}
    rows = db.session.execute(
        select(Activity.id, Activity.section_id).where(Activity.section_id.in_(section_number))
        .order_by(Activity.section_id, Activity.position, Activity.id)
    ).all()
    numbers, counters = {}, {}
    for activity_id, section_id in rows:
        counters[section_id] = counters.get(section_id, 0) + 1
        numbers[activity_id] = f"{section_number[section_id]}.{counters[section_id]}"
    return numbers


@dataclass(frozen=True)
class OccurrenceRow:
    """What a duty shows of an occurrence, read as plain columns: a school's list spans every
    programme, and building ORM objects for thousands of rows was most of its time."""

    id: int
    label: str
    due_date: date


@dataclass(frozen=True)
class TitleRow:
    id: int
    title: str


@dataclass
class Duty:
    """One occurrence an organisation must do, with its mark if there is one."""

    occurrence: OccurrenceRow
    activity: TitleRow
    programme: TitleRow
    number: str
    status: str | None          # the mark's status, read for every duty
    mark: CompletionMark | None = None   # the whole mark, loaded only for the duties shown (attach_marks)

    @property
    def done(self) -> bool:
        return self.status == MarkStatus.DONE

    def overdue(self, on: date) -> bool:
        return not self.done and self.occurrence.due_date < on


def duties_of(organisation: Organisation) -> list[Duty]:
    """Every occurrence this organisation must do, in all programmes, by due date."""
    if organisation.is_school:
        mine = or_(Activity.participants == Participants.ALL_SCHOOLS,
                   Activity.id.in_(select(activity_organisations.c.activity_id)
                                   .where(activity_organisations.c.organisation_id == organisation.id)))
    elif organisation.kind == OrgKind.CENTRE:
        mine = Activity.participants == Participants.CENTRE
    else:
        return []
    mine_stmt = (select(Occurrence.id, Occurrence.label, Occurrence.due_date, Activity.id, Activity.title,
                        Programme.id, Programme.title)
                 .join(Activity, Occurrence.activity_id == Activity.id).join(Section).join(Programme).where(mine))
    rows = db.session.execute(mine_stmt.order_by(Occurrence.due_date, Programme.id, Activity.id)).all()
    if not rows:
        return []
    # Only the status of every mark: a school in three plans has thousands, and the page shows
    # the details (evidence, who marked) of a few dozen — attach_marks loads those.
    statuses = dict(db.session.execute(
        select(CompletionMark.occurrence_id, CompletionMark.status)
        .where(CompletionMark.organisation_id == organisation.id,
               CompletionMark.occurrence_id.in_(select(mine_stmt.subquery().c[0])))).all())
    numbers = activity_numbers({row[5] for row in rows})
    activities: dict[int, TitleRow] = {}
    programmes: dict[int, TitleRow] = {}
    duties = []
    for occurrence_id, label, due_date, activity_id, activity_title, programme_id, programme_title in rows:
        activity = activities.get(activity_id) or activities.setdefault(activity_id, TitleRow(activity_id, activity_title))
        programme = programmes.get(programme_id) or programmes.setdefault(programme_id,
                                                                           TitleRow(programme_id, programme_title))
        duties.append(Duty(OccurrenceRow(occurrence_id, label, due_date), activity, programme,
                           numbers.get(activity_id, ""), statuses.get(occurrence_id)))
    return duties


def attach_marks(duties: list[Duty], organisation_id: int) -> None:
    """Load the whole marks (with who marked) of these duties, in one query."""
    wanted = {d.occurrence.id: d for d in duties if d.status is not None}
    if not wanted:
        return
    for mark in db.session.scalars(select(CompletionMark).options(selectinload(CompletionMark.marked_by)).where(
            CompletionMark.organisation_id == organisation_id, CompletionMark.occurrence_id.in_(wanted))):
        wanted[mark.occurrence_id].mark = mark


def group_duties(duties: list[Duty], on: date) -> dict[str, list[Duty]]:
    """Overdue, due this month, upcoming, done — the school coordinator's view."""
    groups: dict[str, list[Duty]] = {"overdue": [], "month": [], "upcoming": [], "done": []}
    for duty in duties:
        due = duty.occurrence.due_date
        if duty.done:
            groups["done"].append(duty)
        elif due < on:
            groups["overdue"].append(duty)
        elif (due.year, due.month) == (on.year, on.month):
            groups["month"].append(duty)
        else:
            groups["upcoming"].append(duty)
    groups["done"].sort(key=lambda d: d.occurrence.due_date, reverse=True)
    return groups
