"""Who must do what, and what they have marked: the queries behind the marking pages."""
from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, case, func, or_, select
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


def participant_ids(activity: Activity, school_ids, centre_id: int | None, owner_id: int | None = None):
    """The organisations that must do an activity (and so have a mark for each occurrence); an
    association's item, the association's organisation (`owner_id`, known to its plan's pages)."""
    if activity.participants == Participants.ALL_SCHOOLS:
        return school_ids
    if activity.participants == Participants.CHOSEN:
        return [o.id for o in activity.organisations]
    if activity.participants == Participants.ASSOCIATION:
        return [owner_id] if owner_id else []
    return [centre_id] if centre_id else []


def is_participant(activity: Activity, organisation: Organisation) -> bool:
    if activity.participants == Participants.ALL_SCHOOLS:
        return organisation.is_school
    if activity.participants == Participants.CHOSEN:
        return any(o.id == organisation.id for o in activity.organisations)
    if activity.participants == Participants.ASSOCIATION:
        association = activity.section.programme.association
        return association is not None and association.organisation_id == organisation.id
    return organisation.kind == OrgKind.CENTRE


def activity_numbers(activity_ids: set[int]) -> dict[int, str]:
    """Derived numbers ("2.1.4") of these activities, in two queries: their programmes' sections
    give the sections' numbers, and only the sections holding these activities are read row by row."""
    if not activity_ids:
        return {}
    holding = select(Activity.section_id).where(Activity.id.in_(activity_ids))
    programmes = select(Section.programme_id).where(Section.id.in_(holding))
    sections = list(db.session.scalars(select(Section).where(Section.programme_id.in_(programmes))))
    by_programme: dict[int, list[Section]] = {}
    for s in sections:
        by_programme.setdefault(s.programme_id, []).append(s)
    section_number = {s.id: number for group in by_programme.values() for s, number, _ in section_numbers(group)}
    rows = db.session.execute(
        select(Activity.id, Activity.section_id).where(Activity.section_id.in_(holding))
        .order_by(Activity.section_id, Activity.position, Activity.id)
    ).all()
    numbers, counters = {}, {}
    for activity_id, section_id in rows:
        counters[section_id] = counters.get(section_id, 0) + 1
        if activity_id in activity_ids:
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


def _mine(organisation: Organisation):
    """A WHERE clause on Activity: what this organisation must do; None if nothing."""
    if organisation.is_school:
        return or_(Activity.participants == Participants.ALL_SCHOOLS,
                   Activity.id.in_(select(activity_organisations.c.activity_id)
                                   .where(activity_organisations.c.organisation_id == organisation.id)))
    if organisation.kind == OrgKind.CENTRE:
        return Activity.participants == Participants.CENTRE
    return None


def _duties_select(organisation: Organisation, mine, *columns, titles: bool = True):
    """Occurrences this organisation must do, joined to its own mark (if any) and, for the
    programme's title, to their section and programme."""
    stmt = select(*columns).select_from(Occurrence).join(Activity, Occurrence.activity_id == Activity.id)
    if titles:
        stmt = stmt.join(Section).join(Programme)
    return (stmt.outerjoin(CompletionMark, and_(CompletionMark.occurrence_id == Occurrence.id,
                                                CompletionMark.organisation_id == organisation.id))
            .where(mine))


# Written so that the outer join stays an outer join: with "status = done" SQLite turns it into an
# inner join read from the organisation's marks (thousands), instead of from the due-date index.
_DONE = func.coalesce(CompletionMark.status, "") == MarkStatus.DONE
_NOT_DONE = or_(CompletionMark.id.is_(None), CompletionMark.status != MarkStatus.DONE)
GROUPS = ("overdue", "month", "upcoming", "done")


def _next_month(on: date) -> date:
    return date(on.year + on.month // 12, on.month % 12 + 1, 1)


def _group_conditions(on: date) -> dict:
    """Overdue, due this month, upcoming, done — the school coordinator's view."""
    return {
        "overdue": and_(_NOT_DONE, Occurrence.due_date < on),
        "month": and_(_NOT_DONE, Occurrence.due_date >= on, Occurrence.due_date < _next_month(on)),
        "upcoming": and_(_NOT_DONE, Occurrence.due_date >= _next_month(on)),
        "done": _DONE,
    }


def duty_counts(organisation: Organisation, on: date) -> dict[str, int]:
    """How many duties are in each group, counted by the database in one query."""
    mine = _mine(organisation)
    if mine is None:
        return dict.fromkeys(GROUPS, 0)
    conditions = _group_conditions(on)
    row = db.session.execute(_duties_select(organisation, mine, *(
        func.count(case((conditions[name], 1))) for name in GROUPS), titles=False)).one()
    return dict(zip(GROUPS, (int(n or 0) for n in row), strict=True))


@dataclass
class DutyList:
    """The duties a page shows, by group, and how many each group has in all."""

    counts: dict[str, int]
    shown: dict[str, list[Duty]]


def duty_list(organisation: Organisation, on: date, *, overdue_limit: int | None = None,
              upcoming_limit: int | None = None, done_since: date | None = None,
              groups: tuple[str, ...] = GROUPS) -> DutyList:
    """Every group's count and the duties shown of it, in a fixed number of queries: a school in
    three plans has thousands of duties, and reading them all was most of «Мои мероприятия».
    Shown: the latest `overdue_limit` overdue (all if None), all of this month, the first
    `upcoming_limit` upcoming, and the done ones due since `done_since` (all if None), latest first;
    rows only of `groups`."""
    counts = duty_counts(organisation, on)
    mine = _mine(organisation)
    if mine is None:
        return DutyList(counts, {name: [] for name in GROUPS})
    conditions = _group_conditions(on)
    # By date, then by id: the index on the due date gives this order without sorting, so the
    # latest 50 overdue are read as 50 rows, not sorted out of thousands.
    order_up = (Occurrence.due_date, Occurrence.id)
    order_down = (Occurrence.due_date.desc(), Occurrence.id.desc())
    wanted = {
        "overdue": (conditions["overdue"], order_down, overdue_limit),
        "month": (conditions["month"], order_up, None),
        "upcoming": (conditions["upcoming"], order_up, upcoming_limit),
        "done": (and_(conditions["done"], Occurrence.due_date >= done_since) if done_since else conditions["done"],
                 order_down, None),
    }
    shown = {}
    for name, (condition, order, limit) in wanted.items():
        stmt = _duties_select(organisation, mine, *_DUTY_COLUMNS).where(condition).order_by(*order)
        wanted_rows = counts[name] and name in groups
        shown[name] = db.session.execute(stmt.limit(limit) if limit is not None else stmt).all() if wanted_rows else []
    shown["overdue"].reverse()  # the latest ones, shown oldest first like the rest
    made = _duties([row for rows in shown.values() for row in rows])
    position = iter(made)
    return DutyList(counts, {name: [next(position) for _ in rows] for name, rows in shown.items()})


def duties_by_occurrence(organisation: Organisation, occurrence_ids) -> dict[int, Duty]:
    """These occurrences as this organisation's duties (one row re-rendered after a mark)."""
    mine = _mine(organisation)
    if mine is None or not occurrence_ids:
        return {}
    rows = db.session.execute(_duties_select(organisation, mine, *_DUTY_COLUMNS)
                              .where(Occurrence.id.in_(list(occurrence_ids)))).all()
    return {duty.occurrence.id: duty for duty in _duties(rows)}


_DUTY_COLUMNS = (Occurrence.id, Occurrence.label, Occurrence.due_date, Activity.id, Activity.title, Programme.id,
                 Programme.title, CompletionMark.status)


def _duties(rows) -> list[Duty]:
    numbers = activity_numbers({row[3] for row in rows})
    activities: dict[int, TitleRow] = {}
    programmes: dict[int, TitleRow] = {}
    duties = []
    for occurrence_id, label, due_date, activity_id, activity_title, programme_id, programme_title, status in rows:
        activity = activities.get(activity_id) or activities.setdefault(activity_id, TitleRow(activity_id, activity_title))
        programme = programmes.get(programme_id) or programmes.setdefault(programme_id,
                                                                           TitleRow(programme_id, programme_title))
        duties.append(Duty(OccurrenceRow(occurrence_id, label, due_date), activity, programme,
                           numbers.get(activity_id, ""), status))
    return duties


def attach_marks(duties: list[Duty], organisation_id: int) -> None:
    """Load the whole marks (with who marked) of these duties, in one query."""
    wanted = {d.occurrence.id: d for d in duties if d.status is not None}
    if not wanted:
        return
    for mark in db.session.scalars(select(CompletionMark).options(selectinload(CompletionMark.marked_by)).where(
            CompletionMark.organisation_id == organisation_id, CompletionMark.occurrence_id.in_(wanted))):
        wanted[mark.occurrence_id].mark = mark
