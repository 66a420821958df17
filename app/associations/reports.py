"""The regional forms' two tables of the professional network, per school and for the municipality,
for a period: teachers in each association with their role, and teachers' participation in
scientific-methodical events by level and role — page, print and XLSX in the forms' column order
(the row of column numbers under the header).

A member counts for a period when their membership overlaps it, for the school they were in
when they joined. An event counts when held in the period: the centre's own (held, not an
association's meeting) by its speakers (докладчик), its organiser (организатор) and those
present (участник); outside ones as the school recorded them. A person counts once per row."""
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time

from flask import abort, render_template, request
from flask_login import current_user
from openpyxl import Workbook
from sqlalchemy import select

from app.auth.models import Role
from app.auth.permissions import roles_required
from app.clock import school_year_of, today
from app.events.models import Event, EventFormat, EventStatus, Registration, event_speakers
from app.extensions import db
from app.marks.queries import schools
from app.registry.models import Organisation, Person, natural_key
from app.spreadsheet import fit_row_height, header, page_setup, put, send_xlsx, title_row, to_bytes
from app.staff.queries import staff_totals

from . import bp
from .models import Association, EventLevel, Membership, MemberRole, NetworkRole, OutsideParticipation

MEMBERS_COLUMNS = [("№ п/п", 6), ("Образовательная организация", 22),
                   ("Численность педагогических работников (без внешних совместителей)", 18),
                   ("Наименование методического объединения", 36), ("Количество педагогов — членов объединения", 16),
                   ("Роль", 16)]
EVENTS_COLUMNS = [("№ п/п", 6), ("Образовательная организация", 22),
                  ("Численность педагогических работников (без внешних совместителей)", 18),
                  ("Наименование мероприятия", 40), ("Уровень", 16), ("Роль", 16), ("Количество человек", 12)]


@dataclass
class Line:
    organisation: Organisation | None        # None: the municipality's total
    staff: int
    what: str                                 # the association, or the event
    count: int
    role: str
    level: str = ""


def _period() -> tuple[date, date]:
    day = today()
    try:
        start = date.fromisoformat(request.args["from"]) if request.args.get("from") else \
            date(school_year_of(day), 9, 1)
        end = date.fromisoformat(request.args["to"]) if request.args.get("to") else day
    except ValueError:
        abort(400)
    if end < start:
        abort(400)
    return start, end


def _schools() -> list[Organisation]:
    if current_user.role == Role.SCHOOL:
        return [current_user.organisation] if current_user.organisation else []
    return schools()


def members_lines(start: date, end: date, within: list[Organisation]) -> list[Line]:
    staff = staff_totals(end)
    ids = {o.id for o in within}
    counted: dict[tuple[int, str, str], set[int]] = defaultdict(set)
    for organisation_id, name, role, person_id in db.session.execute(
            select(Membership.organisation_id, Association.name, Membership.role, Membership.person_id)
            .join(Association).where(Membership.joined_on <= end,
                                     (Membership.left_on.is_(None)) | (Membership.left_on >= start))):
        if organisation_id in ids:
            counted[(organisation_id, name, role)].add(person_id)
    return _lines(within, staff, {(org, name, role, ""): people for (org, name, role), people in counted.items()},
                  MemberRole.LABELS)


def _event_rows(start: date, end: date):
    """(organisation, event, role, level, person) of every teacher's part in a scientific-methodical
    event in [start, end]: the centre's own held events (speakers, organiser, those who attended —
    municipal) and those the schools recorded."""
    held = (select(Event.id).where(Event.association_id.is_(None), Event.status == EventStatus.HELD,
                                   Event.starts_at >= datetime.combine(start, time.min),
                                   Event.starts_at <= datetime.combine(end, time.max)))
    title = EventFormat.name + " «" + Event.topic + "»"
    for role, stmt in (
            (NetworkRole.SPEAKER, select(title, Person.organisation_id, Person.id).select_from(Event).join(EventFormat)
             .join(event_speakers, event_speakers.c.event_id == Event.id)
             .join(Person, Person.id == event_speakers.c.person_id).where(Event.id.in_(held))),
            (NetworkRole.ORGANISER, select(title, Person.organisation_id, Person.id).select_from(Event).join(EventFormat)
             .join(Person, Person.id == Event.organiser_id).where(Event.id.in_(held))),
            (NetworkRole.PARTICIPANT, select(title, Registration.organisation_id, Registration.person_id)
             .select_from(Event).join(EventFormat).join(Registration, Registration.event_id == Event.id)
             .where(Event.id.in_(held), Registration.attended.is_(True)))):
        for label, org, person in db.session.execute(stmt):
            yield org, label, role, EventLevel.MUNICIPAL, person
    yield from db.session.execute(
        select(OutsideParticipation.organisation_id, OutsideParticipation.event_title, OutsideParticipation.role,
               OutsideParticipation.level, OutsideParticipation.person_id)
        .where(OutsideParticipation.held_on.between(start, end)))


def events_lines(start: date, end: date, within: list[Organisation]) -> list[Line]:
    staff = staff_totals(end)
    ids = {o.id for o in within}
    counted: dict[tuple[int, str, str, str], set[int]] = defaultdict(set)
    for org, label, role, level, person in _event_rows(start, end):
        if org in ids:
            counted[(org, label, role, level)].add(person)
    return _lines(within, staff, counted, NetworkRole.LABELS)


def events_people(start: date, end: date, ids) -> dict[tuple[int, str], set[int]]:
    """(school, role) → the teachers who took part in that role in some event of the period (a
    campaign's form: each teacher once a role)."""
    wanted = set(ids)
    found: dict[tuple[int, str], set[int]] = defaultdict(set)
    for org, _, role, _, person in _event_rows(start, end):
        if org in wanted:
            found[(org, role)].add(person)
    return found


def _lines(within, staff, counted, role_labels) -> list[Line]:
    """A line per (school, what, role[, level]) in the schools' order, then the municipality's
    lines (the same «what» summed over the schools, the staff of them all)."""
    order = {o.id: n for n, o in enumerate(within)}
    by_id = {o.id: o for o in within}
    lines, total = [], defaultdict(set)
    for (org, what, role, level), people in sorted(counted.items(), key=lambda item: (
            order[item[0][0]], natural_key(item[0][1]), list(role_labels).index(item[0][2])
            if item[0][2] in role_labels else 9)):
        lines.append(Line(by_id[org], staff.get(org, 0), what, len(people), role_labels.get(role, role),
                          EventLevel.LABELS.get(level, level) if level else ""))
        total[(what, role, level)] |= people
    if len(within) > 1:
        everyone = sum(staff.get(o.id, 0) for o in within)
        for (what, role, level), people in sorted(total.items(), key=lambda item: natural_key(item[0][0])):
            lines.append(Line(None, everyone, what, len(people), role_labels.get(role, role),
                              EventLevel.LABELS.get(level, level) if level else ""))
    return lines


@bp.get("/reports")
@roles_required(*Role.EDITORS, Role.HEAD, Role.SCHOOL)
def reports():
    start, end = _period()
    within = _schools()
    return render_template("associations/reports.html", start=start, end=end,
                           members=members_lines(start, end, within), events=events_lines(start, end, within),
                           printing=bool(request.args.get("print")))


@bp.get("/reports.xlsx")
@roles_required(*Role.EDITORS, Role.HEAD, Role.SCHOOL)
def reports_xlsx():
    start, end = _period()
    within = _schools()
    period = f"с {start:%d.%m.%Y} по {end:%d.%m.%Y}"
    wb = Workbook()
    sheets = ((wb.active, "Объединения", f"Педагоги в методических объединениях {period}", MEMBERS_COLUMNS,
               members_lines),
              (wb.create_sheet(), "Мероприятия", f"Участие педагогов в научно-методических мероприятиях {period}",
               EVENTS_COLUMNS, events_lines))
    for ws, name, heading, columns, lines_of in sheets:
        ws.title = name
        title_row(ws, 1, heading, len(columns), bold=True)
        header(ws, 3, columns)
        for column in range(1, len(columns) + 1):
            put(ws, 4, column, column)
        for number, line in enumerate(lines_of(start, end, within), start=1):
            school = line.organisation.short_name if line.organisation else "Итого по муниципалитету"
            values = [number, school, line.staff, line.what, line.count, line.role] if lines_of is members_lines \
                else [number, school, line.staff, line.what, line.level, line.role, line.count]
            for column, value in enumerate(values, start=1):
                put(ws, 4 + number, column, value, bold=line.organisation is None)
            fit_row_height(ws, 4 + number, len(columns))
        page_setup(ws, 4)
    return send_xlsx(to_bytes(wb), f"Сетевое взаимодействие педагогов {start:%d.%m.%Y}–{end:%d.%m.%Y}.xlsx")
