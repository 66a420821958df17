"""Vacancies: a school keeps its own (a coordinator: their school only), methodists and the
administrator keep every school's and take the monitoring snapshots, the head reads.

Figures by position and subject are counted from the open vacancies (and from a snapshot's frozen
rows), so a snapshot compared with today's — or two snapshots — shows what changed."""
from collections import Counter
from datetime import datetime

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, ValidationError

from app.audit.models import record
from app.auth.models import Role
from app.auth.permissions import roles_required
from app.clock import today
from app.extensions import db
from app.forms import REQUIRED, BaseForm, choices, date_field, strip
from app.indicators.forms import parse_number
from app.registry.models import Organisation, OrgKind, Person, sort_organisations
from app.registry.picker import PersonPicker

from . import bp
from .models import Vacancy, VacancySnapshot, VacancyStatus

KEEPERS = (*Role.EDITORS, Role.SCHOOL)
MAX_RATES = 2.0


class VacancyForm(BaseForm):
    organisation_id = SelectField("Школа", coerce=int, default=0)
    position = StringField("Должность", filters=[strip], validators=[
        DataRequired(REQUIRED), Length(max=200, message="Не длиннее 200 символов.")])
    subject = StringField("Предмет", filters=[strip], validators=[Length(max=200, message="Не длиннее 200 символов.")])
    load_rates = StringField("Нагрузка, ставок", filters=[strip])
    education = StringField("Образование и квалификация", filters=[strip], validators=[
        Length(max=500, message="Не длиннее 500 символов.")])
    extra_skills = TextAreaField("Дополнительные навыки", filters=[strip], validators=[
        Length(max=2000, message="Не длиннее 2000 символов.")])
    needed_from = date_field("Нужен с")

    def __init__(self, *args, schools=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation_id.choices = choices([(0, "— выберите —")] + [(o.id, o.short_name) for o in schools])
        self.rates = None

    def validate_organisation_id(self, field):
        if field.data not in {c.value for c in field.choices} or not field.data:
            raise ValidationError("Выберите школу из списка.")

    def validate_load_rates(self, field):
        value, error = parse_number(field.data)
        if error:
            raise ValidationError("Ставки — число, например 1 или 0,5.")
        if value is None:
            raise ValidationError("Укажите нагрузку в ставках, например 1 или 0,5.")
        if not 0 < value <= MAX_RATES:
            raise ValidationError(f"Нагрузка — больше нуля и не больше {MAX_RATES:g} ставок.")
        self.rates = value


class CloseForm(BaseForm):
    outcome = SelectField("Итог", choices=choices([(VacancyStatus.FILLED, "принят работник"),
                                                   (VacancyStatus.CANCELLED, "вакансия снята")]))
    closed_on = date_field("Дата", required=True)
    hired_person_id = PersonPicker("Кто принят (если он уже в реестре)", scope="keep")

    def __init__(self, *args, vacancy: Vacancy, **kwargs):
        super().__init__(*args, **kwargs)
        self.vacancy = vacancy

    def validate_closed_on(self, field):
        if field.data and field.data > today():
            raise ValidationError("Дата не может быть позже сегодняшней.")

    def validate_hired_person_id(self, field):
        if field.data and self.outcome.data == VacancyStatus.FILLED:
            person = db.session.get(Person, field.data)
            if person is None or person.organisation_id != self.vacancy.organisation_id:
                raise ValidationError("Принятый работник — из этой школы: найдите его по фамилии.")


def _schools() -> list[Organisation]:
    if current_user.role == Role.SCHOOL:
        return [current_user.organisation] if current_user.organisation else []
    return sort_organisations(db.session.scalars(select(Organisation).where(Organisation.kind.not_in(OrgKind.NOT_SCHOOLS))))


def _mine(stmt):
    """A coordinator: their own school's."""
    if current_user.role == Role.SCHOOL:
        return stmt.where(Vacancy.organisation_id == (current_user.organisation_id or 0))
    return stmt


def _vacancy(vacancy_id: int) -> Vacancy:
    vacancy = db.get_or_404(Vacancy, vacancy_id)
    if current_user.role == Role.SCHOOL and vacancy.organisation_id != current_user.organisation_id:
        abort(404)
    return vacancy


def by_position(rows) -> Counter:
    """(position, subject) → [vacancies, rates] from rows with those keys (records or snapshot dicts)."""
    counts: Counter = Counter()
    rates: Counter = Counter()
    for row in rows:
        get = row.get if isinstance(row, dict) else (lambda name, r=row: getattr(r, name))
        key = (get("position").strip().lower(), (get("subject") or "").strip().lower())
        counts[key] += 1
        rates[key] += get("load_rates")
    return {key: (counts[key], round(rates[key], 2)) for key in counts}


def _page(form=None, status=200):
    shown = request.args.get("status", VacancyStatus.OPEN)
    stmt = _mine(select(Vacancy).options(selectinload(Vacancy.organisation), selectinload(Vacancy.hired_person)))
    if shown in VacancyStatus.LABELS:
        stmt = stmt.where(Vacancy.status == shown)
    vacancies = sorted(db.session.scalars(stmt), key=lambda v: (v.organisation.short_name, v.position, v.id))
    open_now = list(db.session.scalars(_mine(select(Vacancy).where(Vacancy.status == VacancyStatus.OPEN))))
    return render_template(
        "staff/vacancies.html", vacancies=vacancies, shown=shown, statuses=VacancyStatus.LABELS,
        summary=sorted(by_position(open_now).items()), form=form or VacancyForm(formdata=None, schools=_schools()),
        can_edit=current_user.role in KEEPERS, keeps_all=current_user.role in Role.EDITORS,
        snapshots=list(db.session.scalars(select(VacancySnapshot).order_by(VacancySnapshot.taken_on.desc())))
        if current_user.role != Role.SCHOOL else []), status


@bp.get("/vacancies")
@roles_required(*KEEPERS, Role.HEAD)
def vacancies():
    return _page()


@bp.post("/vacancies")
@roles_required(*KEEPERS)
def vacancy_create():
    form = VacancyForm(schools=_schools())
    if current_user.role == Role.SCHOOL and "organisation_id" not in request.form:
        form.organisation_id.data = current_user.organisation_id or 0  # their form has no such field: their school
    if not form.validate():
        return _page(form, 422)
    vacancy = Vacancy(organisation_id=form.organisation_id.data, position=form.position.data,
                      subject=form.subject.data, load_rates=form.rates, education=form.education.data,
                      extra_skills=form.extra_skills.data, needed_from=form.needed_from.data, created_at=datetime.now())
    db.session.add(vacancy)
    db.session.flush()
    record("create", "vacancy", vacancy.id, f"Вакансия: {vacancy.position} {vacancy.subject}".strip()[:500])
    db.session.commit()
    flash("Вакансия добавлена.")
    return redirect(url_for(".vacancies"))


@bp.route("/vacancies/<int:vacancy_id>/close", methods=["GET", "POST"])
@roles_required(*KEEPERS)
def vacancy_close(vacancy_id):
    vacancy = _vacancy(vacancy_id)
    if request.method == "GET":
        form = CloseForm(formdata=None, vacancy=vacancy, data={"closed_on": today()})
        return render_template("staff/close.html", vacancy=vacancy, form=form)
    form = CloseForm(vacancy=vacancy)
    if vacancy.status != VacancyStatus.OPEN:
        form.form_errors.append(f"Вакансия уже {vacancy.status_label} — возможно, из другого окна.")
        return render_template("staff/close.html", vacancy=vacancy, form=form), 409
    if not form.validate():
        return render_template("staff/close.html", vacancy=vacancy, form=form), 422
    filled = form.outcome.data == VacancyStatus.FILLED
    closed = db.session.execute(  # one of two tabs closes it
        Vacancy.__table__.update().where(Vacancy.__table__.c.id == vacancy.id,
                                         Vacancy.__table__.c.status == VacancyStatus.OPEN)
        .values(status=form.outcome.data, closed_on=form.closed_on.data,
                hired_person_id=form.hired_person_id.data or None if filled else None)).rowcount
    if closed != 1:
        db.session.rollback()
        form.form_errors.append("Вакансию только что закрыли — из другого окна.")
        return render_template("staff/close.html", vacancy=_vacancy(vacancy_id), form=form), 409
    record("close", "vacancy", vacancy.id, f"Вакансия {vacancy.position}: {VacancyStatus.LABELS[form.outcome.data]}")
    db.session.commit()
    flash("Вакансия закрыта.")
    return redirect(url_for(".vacancies"))


# --- The monitoring: dated snapshots of the municipality's open vacancies -----------------------


@bp.post("/vacancies/snapshots")
@roles_required(*Role.EDITORS)
def snapshot_take():
    on = today()
    open_now = db.session.scalars(select(Vacancy).options(selectinload(Vacancy.organisation))
                                  .where(Vacancy.status == VacancyStatus.OPEN)).all()
    rows = [{"school": v.organisation.short_name, "position": v.position, "subject": v.subject,
             "load_rates": v.load_rates, "needed_from": v.needed_from.isoformat() if v.needed_from else ""}
            for v in sorted(open_now, key=lambda v: (v.organisation.short_name, v.position, v.id))]
    snapshot = VacancySnapshot(taken_on=on, taken_at=datetime.now(), taken_by_id=current_user.id, rows=rows)
    db.session.add(snapshot)
    try:
        db.session.flush()
    except IntegrityError:  # a snapshot of today already (another tab, or earlier)
        db.session.rollback()
        existing = db.session.scalar(select(VacancySnapshot.id).where(VacancySnapshot.taken_on == on))
        flash(f"Срез на {on:%d.%m.%Y} уже сделан — вот он.")
        return redirect(url_for(".snapshot", snapshot_id=existing))
    record("snapshot", "vacancy", snapshot.id, f"Срез вакансий на {on:%d.%m.%Y}: {len(rows)}")
    db.session.commit()
    return redirect(url_for(".snapshot", snapshot_id=snapshot.id))


@bp.get("/vacancies/snapshots/<int:snapshot_id>")
@roles_required(*Role.EDITORS, Role.HEAD)
def snapshot(snapshot_id):
    """A snapshot's rows, and its figures by position and subject against another snapshot's or today's."""
    taken = db.get_or_404(VacancySnapshot, snapshot_id)
    other_id = request.args.get("with", type=int)
    other = db.get_or_404(VacancySnapshot, other_id) if other_id else None
    then = by_position(taken.rows)
    if other is not None:
        now_figures, now_label = by_position(other.rows), f"{other.taken_on:%d.%m.%Y}"
    else:
        now_figures = by_position(db.session.scalars(select(Vacancy).where(Vacancy.status == VacancyStatus.OPEN)))
        now_label = "сегодня"
    keys = sorted(set(then) | set(now_figures))
    comparison = [(key, then.get(key, (0, 0)), now_figures.get(key, (0, 0))) for key in keys]
    return render_template("staff/snapshot.html", snapshot=taken, other=other, now_label=now_label,
                           comparison=comparison, snapshots=list(db.session.scalars(
                               select(VacancySnapshot).order_by(VacancySnapshot.taken_on.desc()))))
