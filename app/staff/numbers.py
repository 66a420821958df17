"""Staff numbers on a date, by school and for the municipality, as the regional form counts them:
everyone at their main job (без внешних совместителей), heads, teachers, educators, other staff;
under 30; of pension age (the municipality's thresholds by sex — an administrator's setting with
the legal defaults); on long leave. From the employment records: employed on a date when started
on or before it and not left before it (the day of leaving is the last day of work).

Counts only — no names, no dates of birth: the head reads it too. Page and workbook."""
from dataclasses import dataclass, field
from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from openpyxl import Workbook
from sqlalchemy import and_, or_, select
from sqlalchemy.orm import selectinload
from wtforms import IntegerField
from wtforms.validators import InputRequired, NumberRange

from app.audit.models import record
from app.auth.models import Role
from app.auth.permissions import roles_required
from app.clock import today
from app.extensions import db
from app.forms import BaseForm
from app.registry.models import years_between
from app.spreadsheet import fit_row_height, header, page_setup, put, send_xlsx, title_row, to_bytes
from app.upsert import upsert

from . import bp
from .models import PENSION_AGE_MEN, PENSION_AGE_WOMEN, Employment, LeaveReason, StaffCategory, StaffSettings

COLUMNS = [("Образовательная организация", 26), ("Всего (без внешних совместителей)", 14), ("Руководители", 12),
           ("Учителя", 10), ("Воспитатели", 12), ("Прочие", 10), ("Моложе 30 лет", 11), ("Пенсионного возраста", 12),
           ("В длительном отпуске", 12)]


@dataclass
class Counts:
    all: int = 0
    heads: int = 0
    teachers: int = 0
    educators: int = 0
    others: int = 0
    young: int = 0
    pension: int = 0
    on_leave: int = 0
    seen: set = field(default_factory=set)  # people counted (a person with two main jobs counts once per school)

    def values(self) -> list[int]:
        return [self.all, self.heads, self.teachers, self.educators, self.others, self.young, self.pension,
                self.on_leave]


def settings() -> tuple[int, int]:
    found = db.session.scalar(select(StaffSettings))
    return (found.pension_age_women, found.pension_age_men) if found else (PENSION_AGE_WOMEN, PENSION_AGE_MEN)


def staff_numbers(on: date, organisation_id: int | None = None) -> dict[str, Counts]:
    """School short name → its counts on the date (the municipality's schools, or one)."""
    women, men = settings()
    stmt = (select(Employment).options(selectinload(Employment.person), selectinload(Employment.organisation))
            .where(Employment.started_on <= on))
    if organisation_id is not None:
        stmt = stmt.where(Employment.organisation_id == organisation_id)
    working = stmt.where(Employment.main_job.is_(True), or_(Employment.left_on.is_(None), Employment.left_on >= on))
    by_school: dict[str, Counts] = {}
    at_work = list(db.session.scalars(working))
    for job in at_work:
        counts = by_school.setdefault(job.organisation.short_name, Counts())
        if job.person_id in counts.seen:
            continue
        counts.seen.add(job.person_id)
        counts.all += 1
        counts.heads += job.category == StaffCategory.HEAD
        counts.teachers += job.category == StaffCategory.TEACHER
        counts.educators += job.category == StaffCategory.EDUCATOR
        counts.others += job.category in (StaffCategory.OTHER_PEDAGOGICAL, StaffCategory.OTHER)
        born, sex = job.person.birth_date, job.person.sex
        if born:
            age = years_between(born, on)
            counts.young += age < 30
            counts.pension += (sex == "f" and age >= women) or (sex == "m" and age >= men)
    # On long leave: left for it on or before the date, not back at that school by then.
    back = {(j.person_id, j.organisation_id, j.started_on) for j in at_work}
    for job in db.session.scalars(stmt.where(and_(Employment.leave_reason == LeaveReason.LONG_LEAVE,
                                                  Employment.left_on < on))):
        returned = any(p == job.person_id and o == job.organisation_id and s > job.left_on for p, o, s in back)
        if not returned:
            by_school.setdefault(job.organisation.short_name, Counts()).on_leave += 1
    return dict(sorted(by_school.items()))


def _on() -> date:
    try:
        return date.fromisoformat(request.args["on"]) if request.args.get("on") else today()
    except ValueError:
        abort(400)


def _numbers(on: date) -> tuple[dict[str, Counts], Counts]:
    rows = staff_numbers(on, current_user.organisation_id if current_user.role == Role.SCHOOL else None)
    total = Counts()
    for counts in rows.values():
        for name in ("all", "heads", "teachers", "educators", "others", "young", "pension", "on_leave"):
            setattr(total, name, getattr(total, name) + getattr(counts, name))
    return rows, total


class SettingsForm(BaseForm):
    pension_age_women = IntegerField("Пенсионный возраст: женщины", validators=[
        InputRequired("Укажите возраст."), NumberRange(min=45, max=75, message="Возраст — от 45 до 75 лет.")])
    pension_age_men = IntegerField("мужчины", validators=[
        InputRequired("Укажите возраст."), NumberRange(min=45, max=75, message="Возраст — от 45 до 75 лет.")])


def _page(on: date, form=None, status=200):
    rows, total = _numbers(on)
    women, men = settings()
    return render_template("staff/numbers.html", on=on, rows=rows, total=total, columns=COLUMNS, women=women, men=men,
                           form=form or SettingsForm(formdata=None, data={"pension_age_women": women,
                                                                          "pension_age_men": men})), status


@bp.get("/numbers")
@roles_required(*Role.EDITORS, Role.HEAD, Role.SCHOOL)
def numbers():
    return _page(_on())


@bp.post("/numbers/settings")
@roles_required(Role.ADMIN)
def numbers_settings():
    form = SettingsForm()
    if not form.validate():
        return _page(today(), form, 422)
    upsert(StaffSettings, {"municipality_id": current_user.municipality_id,
                           "pension_age_women": form.pension_age_women.data, "pension_age_men": form.pension_age_men.data},
           ["municipality_id"])
    record("update", "staff_settings", None,
           f"Пенсионный возраст: женщины {form.pension_age_women.data}, мужчины {form.pension_age_men.data}")
    db.session.commit()
    flash("Пороги сохранены.")
    return redirect(url_for(".numbers"))


@bp.get("/numbers.xlsx")
@roles_required(*Role.EDITORS, Role.HEAD, Role.SCHOOL)
def numbers_xlsx():
    on = _on()
    rows, total = _numbers(on)
    wb = Workbook()
    ws = wb.active
    ws.title = "Численность"
    title_row(ws, 1, f"Численность педагогических и руководящих работников на {on:%d.%m.%Y}", len(COLUMNS), bold=True)
    header(ws, 3, COLUMNS)
    for column in range(1, len(COLUMNS) + 1):
        put(ws, 4, column, column)
    line = 5
    for name, counts in [("Итого по муниципалитету", total), *rows.items()]:
        for column, value in enumerate([name, *counts.values()], start=1):
            put(ws, line, column, value, bold=line == 5)
        fit_row_height(ws, line, len(COLUMNS))
        line += 1
    page_setup(ws, 4)
    return send_xlsx(to_bytes(wb), f"Численность работников на {on:%d.%m.%Y}.xlsx")
