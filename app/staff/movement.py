"""Employment and movement: a person's work at a school is recorded when they start (position,
category, main job or external part-timer) and when they leave (date, reason); the history stays.
«Принятые и выбывшие» lists, for a period, who was hired and who left — per school and for the
municipality, as the regional form asks (ФИО, дата рождения, должность) — page and XLSX.

Who: a school coordinator their own school's people; methodists and the administrator every
school's. The report holds dates of birth: the head does not open it (personal data)."""
from datetime import date, datetime

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from openpyxl import Workbook
from sqlalchemy import and_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload
from wtforms import BooleanField, SelectField, StringField
from wtforms.validators import DataRequired, Length, ValidationError

from app.audit.models import record
from app.auth.models import Role
from app.auth.permissions import roles_required
from app.clock import today
from app.extensions import db
from app.forms import REQUIRED, BaseForm, choices, date_field, strip
from app.registry.models import Organisation, Person, sort_organisations
from app.spreadsheet import fit_row_height, header, page_setup, put, send_xlsx, title_row, to_bytes

from . import bp
from .models import Employment, LeaveReason, StaffCategory

KEEPERS = (*Role.EDITORS, Role.SCHOOL)


class HireForm(BaseForm):
    organisation_id = SelectField("Организация", coerce=int, default=0)
    position = StringField("Должность", filters=[strip], validators=[
        DataRequired(REQUIRED), Length(max=200, message="Не длиннее 200 символов.")])
    category = SelectField("Категория", choices=choices(StaffCategory.LABELS.items()))
    main_job = BooleanField("Основное место работы (снять — внешний совместитель)", default=True)
    started_on = date_field("Дата приёма", required=True)

    def __init__(self, *args, schools=(), person: Person | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation_id.choices = choices([(o.id, o.short_name) for o in schools])
        self.person = person

    def validate_organisation_id(self, field):
        if field.data not in {c.value for c in field.choices}:
            raise ValidationError("Выберите организацию из списка.")

    def validate_started_on(self, field):
        if field.data and field.data > today():
            raise ValidationError("Дата приёма не может быть позже сегодняшней.")
        born = self.person.birth_date if self.person else None
        if field.data and born and (field.data.year - born.year) < 16:
            raise ValidationError("В день приёма работнику нет 16 лет — проверьте даты.")


class LeaveForm(BaseForm):
    left_on = date_field("Дата увольнения (выбытия)", required=True)
    leave_reason = SelectField("Причина", choices=choices(LeaveReason.LABELS.items()))

    def __init__(self, *args, employment: Employment, **kwargs):
        super().__init__(*args, **kwargs)
        self.employment = employment

    def validate_left_on(self, field):
        if field.data and field.data < self.employment.started_on:
            raise ValidationError(f"Раньше даты приёма ({self.employment.started_on:%d.%m.%Y}).")
        if field.data and field.data > today():
            raise ValidationError("Дата не может быть позже сегодняшней.")


def _schools(person: Person | None = None) -> list[Organisation]:
    """Where a person may be hired: a coordinator's own school; for methodists any organisation."""
    if current_user.role == Role.SCHOOL:
        return [current_user.organisation] if current_user.organisation else []
    return sort_organisations(db.session.scalars(select(Organisation)))


def _person(person_id: int) -> Person:
    person = db.get_or_404(Person, person_id)
    if current_user.role == Role.SCHOOL and person.organisation_id != current_user.organisation_id:
        abort(404)
    return person


def employments_of(person_id: int) -> list[Employment]:
    return list(db.session.scalars(select(Employment).options(selectinload(Employment.organisation))
                                   .where(Employment.person_id == person_id)
                                   .order_by(Employment.started_on.desc(), Employment.id.desc())))


def _work_page(person: Person, hire_form=None, leave_forms=None, status=200):
    jobs = employments_of(person.id)
    leave_forms = leave_forms or {}
    for job in jobs:
        if job.left_on is None and job.id not in leave_forms:
            leave_forms[job.id] = LeaveForm(formdata=None, employment=job, prefix=f"leave-{job.id}",
                                            data={"left_on": today()})
    hire_form = hire_form or HireForm(formdata=None, schools=_schools(person), person=person, data={
        "organisation_id": person.organisation_id, "position": person.position, "started_on": today(),
        "category": StaffCategory.TEACHER})
    return render_template("staff/work.html", person=person, jobs=jobs, hire_form=hire_form,
                           leave_forms=leave_forms), status


@bp.get("/people/<int:person_id>/work")
@roles_required(*KEEPERS)
def work(person_id):
    return _work_page(_person(person_id))


@bp.post("/people/<int:person_id>/work")
@roles_required(*KEEPERS)
def hire(person_id):
    person = _person(person_id)
    form = HireForm(schools=_schools(person), person=person)
    if not form.validate():
        return _work_page(person, hire_form=form, status=422)
    job = Employment(person_id=person.id, organisation_id=form.organisation_id.data, position=form.position.data,
                     category=form.category.data, main_job=bool(form.main_job.data), started_on=form.started_on.data,
                     created_at=datetime.now())
    db.session.add(job)
    try:
        db.session.flush()
    except IntegrityError:  # the same hire a moment ago, from another tab
        db.session.rollback()
        form.started_on.errors = ["Этот приём уже записан (та же организация и дата)."]
        return _work_page(_person(person_id), hire_form=form, status=409)
    person.organisation_id, person.position = job.organisation_id, job.position  # where they work now
    record("hire", "person", person.id, f"Принят(а): {person.full_name}, {job.position}"[:500])
    db.session.commit()
    flash("Приём записан.")
    return redirect(url_for(".work", person_id=person.id))


@bp.post("/work/<int:employment_id>/leave")
@roles_required(*KEEPERS)
def leave(employment_id):
    job = db.get_or_404(Employment, employment_id)
    if current_user.role == Role.SCHOOL and job.organisation_id != current_user.organisation_id:
        abort(404)  # a coordinator records leaving their own school only
    person = _person(job.person_id)
    form = LeaveForm(employment=job, prefix=f"leave-{job.id}")
    if job.left_on is not None:
        form.form_errors.append("Увольнение уже записано — возможно, из другого окна.")
        return _work_page(person, leave_forms={job.id: form}, status=409)
    if not form.validate():
        return _work_page(person, leave_forms={job.id: form}, status=422)
    done = db.session.execute(  # once, whichever tab is first
        Employment.__table__.update().where(Employment.__table__.c.id == job.id,
                                            Employment.__table__.c.left_on.is_(None))
        .values(left_on=form.left_on.data, leave_reason=form.leave_reason.data)).rowcount
    if done != 1:
        db.session.rollback()
        form.form_errors.append("Увольнение только что записали — из другого окна.")
        return _work_page(_person(job.person_id), leave_forms={job.id: form}, status=409)
    record("leave", "person", person.id, f"Выбыл(а): {person.full_name}, {LeaveReason.LABELS[form.leave_reason.data]}")
    db.session.commit()
    flash("Увольнение записано.")
    return redirect(url_for(".work", person_id=person.id))


# --- Hired and left in a period -----------------------------------------------------------


def _period() -> tuple[date, date]:
    def read(name, default):
        try:
            return date.fromisoformat(request.args.get(name, "")) if request.args.get(name) else default
        except ValueError:
            abort(400)
    year = today().year if today().month >= 9 else today().year - 1
    start, end = read("from", date(year, 9, 1)), read("to", today())
    if end < start:
        abort(400)
    return start, end


def movement(start: date, end: date) -> tuple[list[Employment], list[Employment]]:
    """(hired, left) in [start, end], both days counted; a coordinator's school only."""
    stmt = select(Employment).options(selectinload(Employment.person), selectinload(Employment.organisation))
    if current_user.role == Role.SCHOOL:
        stmt = stmt.where(Employment.organisation_id == (current_user.organisation_id or 0))
    order = lambda e: (e.organisation.short_name, e.person.full_name)  # noqa: E731
    hired = sorted(db.session.scalars(stmt.where(Employment.started_on.between(start, end))), key=order)
    left = sorted(db.session.scalars(stmt.where(and_(Employment.left_on.is_not(None),
                                                     Employment.left_on.between(start, end)))), key=order)
    return hired, left


HIRED_COLUMNS = [("№", 5), ("Образовательная организация", 22), ("Фамилия, имя, отчество", 30),
                 ("Дата рождения", 12), ("Должность", 22), ("Дата приёма", 12)]
LEFT_COLUMNS = [("№", 5), ("Образовательная организация", 22), ("Фамилия, имя, отчество", 30),
                ("Дата рождения", 12), ("Должность", 22), ("Дата увольнения", 12), ("Причина", 20)]


@bp.get("/movement")
@roles_required(*KEEPERS)
def movement_page():
    start, end = _period()
    hired, left = movement(start, end)
    return render_template("staff/movement.html", start=start, end=end, hired=hired, left=left)


def _d(day: date | None) -> str:
    return day.strftime("%d.%m.%Y") if day else ""


@bp.get("/movement.xlsx")
@roles_required(*KEEPERS)
def movement_xlsx():
    """The form's two lists on two sheets: header, the row of column numbers, a row per person."""
    start, end = _period()
    hired, left = movement(start, end)
    wb = Workbook()
    for ws, title, columns, rows in (
            (wb.active, "Принятые", HIRED_COLUMNS,
             [[e.organisation.short_name, e.person.full_name, _d(e.person.birth_date), e.position, _d(e.started_on)]
              for e in hired]),
            (wb.create_sheet(), "Выбывшие", LEFT_COLUMNS,
             [[e.organisation.short_name, e.person.full_name, _d(e.person.birth_date), e.position, _d(e.left_on),
               e.reason_label] for e in left])):
        ws.title = title
        title_row(ws, 1, f"{title} педагогические работники с {_d(start)} по {_d(end)}: {len(rows)}", len(columns),
                  bold=True)
        header(ws, 3, columns)
        for column in range(1, len(columns) + 1):
            put(ws, 4, column, column)
        for number, values in enumerate(rows, start=1):
            for column, value in enumerate([number, *values], start=1):
                put(ws, 4 + number, column, value)
            fit_row_height(ws, 4 + number, len(columns))
        page_setup(ws, 4)
    return send_xlsx(to_bytes(wb), f"Принятые и выбывшие {_d(start)}–{_d(end)}.xlsx")
