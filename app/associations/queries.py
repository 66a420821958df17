"""What other parts read of the associations (the registry's person page, the methodists' pages):
batch queries, a fixed number whatever the size."""
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time

from sqlalchemy import and_, case, func, or_, select, union

from app.extensions import db

from .models import Appointment, Association, Membership, Post


def _active(on: date, start, end):
    return (start <= on, or_(end.is_(None), end >= on))


def member_counts(ids: list[int], on: date) -> dict[int, int]:
    """Members on a day, by association."""
    if not ids:
        return {}
    return dict(db.session.execute(
        select(Membership.association_id, func.count(Membership.id))
        .where(Membership.association_id.in_(ids), *_active(on, Membership.joined_on, Membership.left_on))
        .group_by(Membership.association_id)).all())


def leaders_of(ids: list[int], on: date) -> dict[int, list[str]]:
    """The leaders appointed for the day, by association."""
    from app.registry.models import Person
    found: dict[int, list[str]] = defaultdict(list)
    if not ids:
        return found
    for association_id, name in db.session.execute(
            select(Appointment.association_id, Person.full_name).join(Person, Person.id == Appointment.person_id)
            .where(Appointment.association_id.in_(ids), Appointment.post == Post.LEADER,
                   *_active(on, Appointment.starts_on, Appointment.ends_on))
            .order_by(Person.full_name)):
        found[association_id].append(name)
    return found


def memberships_of(person_id: int) -> list[tuple[Membership, Association]]:
    """A person's associations and roles, those now first — for their page in the registry."""
    rows = db.session.execute(select(Membership, Association).join(Association)
                              .where(Membership.person_id == person_id)).all()
    return sorted(rows, key=lambda r: (r[0].left_on is not None, r[1].name))


def appointments_of(person_id: int) -> list[tuple[Appointment, Association]]:
    return list(db.session.execute(select(Appointment, Association).join(Association)
                                   .where(Appointment.person_id == person_id)
                                   .order_by(Appointment.starts_on.desc())).all())


def network_figures(start: date, end: date) -> dict[str, int]:
    """For the computed indicators (app/indicators/computed.py), over a period:
    - teachers: the schools' staff on its last day (app.staff.models.on_staff);
    - networked: of them, members of an association at some time in it, or a speaker, expert or
      organiser at a scientific-methodical event in it (the centre's own, or recorded by the school);
    - schools, schools_in_rmo: the schools, and those with a teacher in a district association (РМО, ГМО)."""
    from app.events.models import Event, EventStatus, event_speakers
    from app.registry.models import Organisation, OrgKind, Person
    from app.staff.models import on_staff

    from .models import Level, NetworkRole, OutsideParticipation

    first, last = datetime.combine(start, time.min), datetime.combine(end, time.max)
    teachers = (select(Person.id).join(Organisation, Organisation.id == Person.organisation_id)
                .where(Organisation.kind.not_in(OrgKind.NOT_SCHOOLS), on_staff(end, end)))
    overlapping = (Membership.joined_on <= end, or_(Membership.left_on.is_(None), Membership.left_on >= start))
    held = select(Event.id).where(Event.status == EventStatus.HELD, Event.starts_at >= first, Event.starts_at <= last)
    active = union(
        select(Membership.person_id).where(*overlapping),
        select(OutsideParticipation.person_id).where(
            OutsideParticipation.held_on.between(start, end),
            OutsideParticipation.role.in_((NetworkRole.SPEAKER, NetworkRole.EXPERT, NetworkRole.ORGANISER))),
        select(event_speakers.c.person_id).where(event_speakers.c.event_id.in_(held)),
        select(Event.organiser_id).where(Event.id.in_(held), Event.organiser_id.is_not(None)))
    total = db.session.scalar(select(func.count()).select_from(teachers.subquery()))
    networked = db.session.scalar(select(func.count()).select_from(
        teachers.where(Person.id.in_(select(active.subquery().c[0]))).subquery()))
    schools = db.session.scalar(select(func.count(Organisation.id)).where(Organisation.kind.not_in(OrgKind.NOT_SCHOOLS)))
    in_rmo = db.session.scalar(select(func.count(func.distinct(Membership.organisation_id))).join(Association).where(
        Association.level == Level.DISTRICT, *overlapping))
    return {"teachers": total, "networked": networked, "schools": schools, "schools_in_rmo": in_rmo}


def network_of(person_id: int) -> tuple[list, list]:
    """A person's outside scientific-methodical events and publications, the latest first."""
    from .models import OutsideParticipation, Publication
    return (list(db.session.scalars(select(OutsideParticipation).where(OutsideParticipation.person_id == person_id)
                                    .order_by(OutsideParticipation.held_on.desc()))),
            list(db.session.scalars(select(Publication).where(Publication.person_id == person_id)
                                    .order_by(Publication.year.desc(), Publication.id.desc()))))


@dataclass
class PlanProgress:
    """How an association keeps a plan of work — the leaders' work monitored: of the items whose
    date has come (`due`), done by their date (`on_time`), done later (`late`), not done (`overdue`);
    `items` counts every dated item of the plan."""

    association_id: int
    programme_id: int
    items: int = 0
    due: int = 0
    on_time: int = 0
    late: int = 0
    overdue: int = 0

    @property
    def on_time_share(self) -> int | None:
        return round(100 * self.on_time / self.due) if self.due else None


def plan_progress(on: date, *, year: int | None = None, association_ids: list[int] | None = None
                  ) -> dict[int, PlanProgress]:
    """Programme id → the progress of the associations' plans of work (of a school year, of some
    associations), in one query: the counting in the database, a year of 200 plans being thousands
    of items. An item's mark is the association's, one an item (app/marks/queries.participant_ids)."""
    from app.marks.models import CompletionMark, MarkStatus
    from app.plan.models import Activity, Occurrence, Participants, Programme, Section
    if association_ids is not None and not association_ids:
        return {}
    items = (select(Programme.association_id, Programme.id, Occurrence.due_date, CompletionMark.done_on)
             .select_from(Occurrence).join(Activity, Activity.id == Occurrence.activity_id)
             .join(Section, Section.id == Activity.section_id).join(Programme, Programme.id == Section.programme_id)
             .outerjoin(CompletionMark, and_(CompletionMark.occurrence_id == Occurrence.id,
                                             CompletionMark.status == MarkStatus.DONE))
             .where(Programme.association_id.is_not(None), Activity.participants == Participants.ASSOCIATION))
    if year is not None:
        items = items.where(Programme.start_year == year)
    if association_ids is not None:
        items = items.where(Programme.association_id.in_(association_ids))
    rows = items.subquery()
    came, done = rows.c.due_date < on, rows.c.done_on.is_not(None)
    found = db.session.execute(
        select(rows.c.association_id, rows.c.id, func.count(), func.count(case((came, 1))),
               func.count(case((and_(came, done, rows.c.done_on <= rows.c.due_date), 1))),
               func.count(case((and_(came, done, rows.c.done_on > rows.c.due_date), 1))),
               func.count(case((and_(came, ~done), 1))))
        .group_by(rows.c.association_id, rows.c.id))
    return {programme_id: PlanProgress(association_id, programme_id, *map(int, counts))
            for association_id, programme_id, *counts in found}


def plans_of_year(year: int, ids: list[int]) -> dict[int, int]:
    """Association id → its plan of work for the school year (also one with no dated items yet)."""
    from app.plan.models import Programme
    if not ids:
        return {}
    return dict(db.session.execute(select(Programme.association_id, Programme.id).where(
        Programme.association_id.in_(ids), Programme.start_year == year)).all())


@dataclass
class OverduePlanItem:
    association_id: int
    association: str
    programme_id: int
    activity_id: int
    title: str
    label: str
    due_date: date


def overdue_plan_items(year: int, on: date, limit: int = 20) -> tuple[list[OverduePlanItem], int]:
    """The associations' plan items past their date and not done, the oldest first (at most
    `limit`), and how many there are — for the methodists' page."""
    from app.marks.models import CompletionMark, MarkStatus
    from app.plan.models import Activity, Occurrence, Participants, Programme, Section
    done = and_(CompletionMark.occurrence_id == Occurrence.id, CompletionMark.status == MarkStatus.DONE)
    stmt = (select(Association.id, Association.name, Programme.id, Activity.id, Activity.title, Occurrence.label,
                   Occurrence.due_date)
            .select_from(Occurrence).join(Activity, Activity.id == Occurrence.activity_id)
            .join(Section, Section.id == Activity.section_id).join(Programme, Programme.id == Section.programme_id)
            .join(Association, Association.id == Programme.association_id)
            .outerjoin(CompletionMark, done)
            .where(Programme.start_year == year, Activity.participants == Participants.ASSOCIATION,
                   Occurrence.due_date < on, CompletionMark.id.is_(None)))
    total = db.session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    rows = db.session.execute(stmt.order_by(Occurrence.due_date, Association.name, Activity.id).limit(limit))
    return [OverduePlanItem(*row) for row in rows], total
