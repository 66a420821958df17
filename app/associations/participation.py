"""Teachers' participation in the associations' meetings over a calendar quarter — seed 003's
«учёт участия педагогов в заседаниях РМО» every quarter, confirmed by the order «Об итогах
работы РМО … с мониторингом участия педагогов»: the page, and its print as the order's
attachment (A4 portrait).

For a quarter: a member is one whose membership overlaps it (joined on or before its last day,
left on or after its first); a meeting is one held or planned in it (not cancelled); a member
attended when they are marked present at a meeting of their association in it. Three queries
whatever the size."""
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time

from flask import abort, render_template, request
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.auth.models import Role
from app.auth.permissions import roles_required
from app.clock import today
from app.events.models import Event, EventStatus, Registration
from app.extensions import db
from app.registry.models import Organisation, OrgKind, natural_key

from . import bp
from .models import Association, Membership

QUARTERS = {1: "I квартал", 2: "II квартал", 3: "III квартал", 4: "IV квартал"}


def quarter_bounds(year: int, quarter: int) -> tuple[date, date]:
    first = date(year, 3 * quarter - 2, 1)
    last = date(year + (quarter == 4), 1 if quarter == 4 else 3 * quarter + 1, 1)
    return first, date.fromordinal(last.toordinal() - 1)


@dataclass
class AssociationRow:
    association: Association
    meetings: list[tuple[Event, int, int]] = field(default_factory=list)   # (meeting, present, registered)
    members: int = 0
    attended: int = 0          # members present at one meeting or more


@dataclass
class SchoolRow:
    organisation: Organisation
    members: int = 0           # teachers in an association in the quarter (each once)
    attended: int = 0          # of them, present at a meeting of their association


@dataclass
class Participation:
    start: date
    end: date
    associations: list[AssociationRow]
    schools: list[SchoolRow]
    absent: list[tuple[Membership, int]]     # (membership, meetings of their association) — attended none
    members: int = 0
    attended: int = 0


def participation(start: date, end: date) -> Participation:
    memberships = list(db.session.scalars(
        select(Membership).options(selectinload(Membership.person), selectinload(Membership.organisation),
                                   selectinload(Membership.association).selectinload(Association.organisation))
        .where(Membership.joined_on <= end, (Membership.left_on.is_(None)) | (Membership.left_on >= start))))
    meetings = list(db.session.scalars(
        select(Event).where(Event.association_id.is_not(None), Event.status != EventStatus.CANCELLED,
                            Event.starts_at >= datetime.combine(start, time.min),
                            Event.starts_at <= datetime.combine(end, time.max)).order_by(Event.starts_at)))
    registered: dict[int, int] = defaultdict(int)
    present: dict[int, set[int]] = defaultdict(set)     # meeting → people present
    if meetings:
        for event_id, person_id, attended in db.session.execute(
                select(Registration.event_id, Registration.person_id, Registration.attended)
                .where(Registration.event_id.in_([m.id for m in meetings]))):
            registered[event_id] += 1
            if attended:
                present[event_id].add(person_id)
    by_association: dict[int, list[Event]] = defaultdict(list)
    for meeting in meetings:
        by_association[meeting.association_id].append(meeting)

    rows: dict[int, AssociationRow] = {}
    schools: dict[int, SchoolRow] = {}
    member_people: dict[int, set[int]] = defaultdict(set)     # school → members
    came_people: dict[int, set[int]] = defaultdict(set)       # school → members present somewhere
    absent = []
    for membership in memberships:
        association = membership.association
        row = rows.setdefault(association.id, AssociationRow(association))
        row.members += 1
        held = by_association.get(association.id, [])
        came = any(membership.person_id in present[m.id] for m in held)
        row.attended += came
        member_people[membership.organisation_id].add(membership.person_id)
        schools.setdefault(membership.organisation_id, SchoolRow(membership.organisation))
        if came:
            came_people[membership.organisation_id].add(membership.person_id)
        elif held:
            absent.append((membership, len(held)))
    for association_id, held in by_association.items():
        if association_id in rows:
            rows[association_id].meetings = [(m, len(present[m.id]), registered[m.id]) for m in held]
    for organisation_id, row in schools.items():
        row.members, row.attended = len(member_people[organisation_id]), len(came_people[organisation_id])
    ordered = sorted(rows.values(), key=lambda r: (r.association.level != "district", r.association.name))
    by_school = sorted(schools.values(), key=lambda r: natural_key(r.organisation.short_name))
    absent.sort(key=lambda item: (natural_key(item[0].organisation.short_name), item[0].person.full_name))
    everyone = set().union(*member_people.values()) if member_people else set()
    came_anyone = set().union(*came_people.values()) if came_people else set()
    return Participation(start, end, ordered, by_school, absent, len(everyone), len(came_anyone))


def _period() -> tuple[int, int]:
    day = today()
    year = request.args.get("year", type=int) or day.year
    quarter = request.args.get("quarter", type=int) or (day.month - 1) // 3 + 1
    if quarter not in QUARTERS or not 2000 <= year <= 2100:
        abort(404)
    return year, quarter


@bp.get("/participation")
@roles_required(*Role.EDITORS, Role.HEAD)
def participation_page():
    year, quarter = _period()
    start, end = quarter_bounds(year, quarter)
    template = "associations/participation_print.html" if request.args.get("print") else \
        "associations/participation.html"
    centre = db.session.scalar(select(Organisation).where(Organisation.kind == OrgKind.CENTRE))
    try:
        order_date = date.fromisoformat(request.args.get("date", ""))
    except ValueError:
        order_date = None
    return render_template(template, report=participation(start, end), year=year, quarter=quarter, quarters=QUARTERS,
                           centre=centre, number=request.args.get("number", "").strip()[:30], order_date=order_date,
                           printed_on=today())
