"""The region's pages (part 9): the municipalities side by side, looking into one of them (read
only), and, for the region's administrator, the municipalities and their first administrator.

The side-by-side page gathers several parts: it reads each through its queries.py, grouped by
municipality — a fixed number of queries however many municipalities there are."""
from dataclasses import dataclass, field
from datetime import date

from flask import abort, flash, has_request_context, redirect, render_template, request, session, url_for
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Length, Optional, Regexp, ValidationError

from app.auth.models import Role, User
from app.auth.users import PASSWORD_RULE
from app.clock import school_year_of, today
from app.competitions.models import Level
from app.competitions.queries import (
    MunicipalParticipation, municipal_share_by_municipality, participation_by_municipality,
)
from app.courses.models import CourseKind, TrainingForm
from app.courses.queries import MunicipalFigures, MunicipalTraining, by_municipality, training_by_municipality
from app.extensions import db
from app.forms import REQUIRED, BaseForm, strip
from app.mentoring.queries import preparation_by_municipality, without_mentor_by_municipality
from app.mentoring.xlsx import PREPARATION_COLUMNS
from app.municipalities.models import Municipality
from app.municipalities.scope import VIEWING, enter
from app.registry.models import Organisation, OrgKind
from app.spreadsheet import send_xlsx

from . import bp
from .xlsx import region_participation_workbook, region_preparation_workbook, region_training_workbook


@bp.before_request
def _the_region_only():
    if current_user.role not in Role.REGIONAL:
        abort(403)
    enter(None)  # the region's pages read every municipality


@bp.app_context_processor
def _viewing():
    """The municipality a regional account is reading, for the top bar."""
    if (not has_request_context() or not current_user.is_authenticated or current_user.role not in Role.REGIONAL
            or not session.get(VIEWING)):
        return {}
    return {"viewing_municipality": db.session.get(Municipality, session[VIEWING])}


@dataclass
class Row:
    municipality: Municipality | None  # None: the region's total
    schools: int = 0
    without_mentor: int = 0
    courses: MunicipalFigures = field(default_factory=MunicipalFigures)
    competing: tuple[int, int] = (0, 0)  # schools in municipal competitions, of schools

    @property
    def competing_share(self) -> float | None:
        done, of = self.competing
        return round(100 * done / of, 1) if of else None


def side_by_side(on: date, year: int) -> list[Row]:
    """A row per municipality, then the region's total."""
    municipalities = list(db.session.scalars(select(Municipality).order_by(Municipality.name)))
    schools = dict(db.session.execute(select(Organisation.municipality_id, func.count(Organisation.id))
                                      .where(Organisation.kind.not_in(OrgKind.NOT_SCHOOLS))
                                      .group_by(Organisation.municipality_id)).all())
    young = without_mentor_by_municipality(on)
    courses = by_municipality(on, year)
    competing = municipal_share_by_municipality(year)
    rows = [Row(m, schools.get(m.id, 0), young.get(m.id, 0), courses.get(m.id, MunicipalFigures()),
                competing.get(m.id, (0, 0))) for m in municipalities]
    total = Row(None, sum(r.schools for r in rows), sum(r.without_mentor for r in rows), MunicipalFigures(
        *(sum(getattr(r.courses, name) for r in rows) for name in ("teachers", "without_courses", "diagnosed", "routed"))),
        (sum(r.competing[0] for r in rows), sum(r.competing[1] for r in rows)))
    return rows + [total]


@bp.get("/")
def index():
    year = _school_year()
    return render_template("region/index.html", rows=side_by_side(today(), year), year=year,
                           years=range(school_year_of(today()), school_year_of(today()) - 5, -1))


def _safe_next(target: str | None) -> str:
    """Only a path of this site: never another host (//evil, https://…)."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return url_for("plan.index")


@bp.get("/view/<int:municipality_id>")
def view(municipality_id):
    """Read a municipality's pages (its lists behind a figure); changing them stays theirs."""
    municipality = db.get_or_404(Municipality, municipality_id)
    session[VIEWING] = municipality.id
    return redirect(_safe_next(request.args.get("next")))


@bp.get("/leave")
def leave():
    session.pop(VIEWING, None)
    return redirect(url_for(".index"))


# --- The region's administrator: municipalities and their first administrator -------------------


class MunicipalityForm(BaseForm):
    name = StringField("Наименование", filters=[strip], validators=[
        DataRequired(REQUIRED), Length(max=300, message="Не длиннее 300 символов.")])
    short_name = StringField("Краткое наименование", filters=[strip], validators=[
        DataRequired(REQUIRED), Length(max=100, message="Не длиннее 100 символов.")])
    oktmo = StringField("ОКТМО", filters=[strip], validators=[
        Optional(), Regexp(r"^(\d{8}|\d{11})$", message="ОКТМО — 8 или 11 цифр.")])
    admin_username = StringField("Логин администратора", filters=[strip], validators=[
        DataRequired(REQUIRED), Length(min=3, max=64, message="Логин — от 3 до 64 символов."),
        Regexp(r"^[A-Za-z0-9._-]+$", message="Логин — латинские буквы, цифры, точка, дефис, подчёркивание.")])
    admin_full_name = StringField("ФИО администратора", filters=[strip], validators=[
        Length(max=200, message="Не длиннее 200 символов.")])
    admin_password = PasswordField("Пароль администратора", validators=[DataRequired("Задайте пароль."), PASSWORD_RULE])

    def validate_short_name(self, field):
        if db.session.scalar(select(Municipality.id).where(func.lower(Municipality.short_name) == field.data.lower())):
            raise ValidationError("Муниципалитет с таким кратким наименованием уже есть.")

    def validate_admin_username(self, field):
        if db.session.scalar(select(User.id).where(func.lower(User.username) == field.data.lower())):
            raise ValidationError("Такой логин уже есть.")


def _municipalities_page(form: MunicipalityForm, status: int = 200):
    counts = dict(db.session.execute(select(User.municipality_id, func.count(User.id))
                                     .where(User.municipality_id.is_not(None)).group_by(User.municipality_id)).all())
    return render_template("region/municipalities.html", form=form, counts=counts,
                           municipalities=list(db.session.scalars(select(Municipality).order_by(Municipality.name)))), status


@bp.get("/municipalities")
def municipalities():
    if current_user.role != Role.REGION_ADMIN:
        abort(403)
    return _municipalities_page(MunicipalityForm(formdata=None))


@bp.post("/municipalities")
def municipality_create():
    """A municipality and its first administrator, both or neither; the administrator then
    makes the municipality's own accounts."""
    if current_user.role != Role.REGION_ADMIN:
        abort(403)
    form = MunicipalityForm()
    if not form.validate():
        return _municipalities_page(form, 422)
    municipality = Municipality(name=form.name.data, short_name=form.short_name.data, oktmo=form.oktmo.data or "")
    db.session.add(municipality)
    try:
        db.session.flush()
        admin = User(username=form.admin_username.data, full_name=form.admin_full_name.data, role=Role.ADMIN,
                     municipality_id=municipality.id)
        admin.set_password(form.admin_password.data)
        db.session.add(admin)
        db.session.commit()
    except IntegrityError:  # the same name or login a moment ago, from another tab
        db.session.rollback()
        form.short_name.errors = ["Муниципалитет или логин только что заняты. Проверьте и повторите."]
        return _municipalities_page(form, 409)
    flash(f"Муниципалитет «{municipality.short_name}» создан; его администратор — {admin.username}.")
    return redirect(url_for(".municipalities"))


# --- The region's tables, built from the municipalities' data ------------------------------


def _training_rows(year: int) -> list[tuple[str, MunicipalTraining]]:
    """(municipality, its figures) for each, then («Регион», the sums)."""
    by_municipality = training_by_municipality(year)
    rows = [(m.name, by_municipality.get(m.id, MunicipalTraining()))
            for m in db.session.scalars(select(Municipality).order_by(Municipality.name))]
    total = MunicipalTraining(sum(r.trained for _, r in rows))
    for _, r in rows:
        for kind, count in r.by_kind.items():
            total.by_kind[kind] += count
        for form, count in r.by_form.items():
            total.by_form[form] += count
    return rows + [("Регион", total)]


def _year_of_courses() -> int:
    year = request.args.get("year", type=int) or today().year
    if not 2000 <= year <= today().year + 1:
        abort(404)
    return year


@bp.get("/courses")
def courses():
    """Teachers trained in a calendar year by municipality: by length and by form (001, table 3)."""
    year = _year_of_courses()
    return render_template("region/courses.html", rows=_training_rows(year), year=year, kinds=CourseKind.LABELS,
                           kind_order=CourseKind.ORDER, forms=TrainingForm.LABELS,
                           years=range(today().year, today().year - 6, -1))


@bp.get("/courses.xlsx")
def courses_xlsx():
    year = _year_of_courses()
    return send_xlsx(region_training_workbook(year, _training_rows(year)),
                     f"Курсовая подготовка по муниципалитетам {year}.xlsx")


def _participation_rows(year: int) -> list[tuple[str, MunicipalParticipation]]:
    """(municipality, its figures) for each, then («Регион», the sums)."""
    by_municipality = participation_by_municipality(year)
    rows = [(m.name, by_municipality.get(m.id, MunicipalParticipation()))
            for m in db.session.scalars(select(Municipality).order_by(Municipality.name))]
    total = MunicipalParticipation(sum(r.people for _, r in rows), awarded=sum(r.awarded for _, r in rows))
    for _, r in rows:
        for level, count in r.by_level.items():
            total.by_level[level] += count
    return rows + [("Регион", total)]


def _school_year() -> int:
    year = request.args.get("year", type=int) or school_year_of(today())
    if not 2000 <= year <= today().year + 1:
        abort(404)
    return year


@bp.get("/competitions")
def competitions():
    """Teachers in competitions by municipality for a school year: by level, and awarded (001, table 4)."""
    year = _school_year()
    return render_template("region/competitions.html", rows=_participation_rows(year), year=year,
                           levels=Level.LABELS, years=range(school_year_of(today()), school_year_of(today()) - 5, -1))


@bp.get("/competitions.xlsx")
def competitions_xlsx():
    year = _school_year()
    return send_xlsx(region_participation_workbook(year, _participation_rows(year)),
                     f"Участие в конкурсах по муниципалитетам {year}-{year + 1}.xlsx")


def _preparation_rows(year: int) -> list[tuple[str, list[int]]]:
    """(municipality, its mentors' counts) for each, then («Регион», the sums: a mentor who works
    in two municipalities counts in each)."""
    by_municipality = preparation_by_municipality(year)
    width = len(PREPARATION_COLUMNS) - 1
    rows = [(m.name, by_municipality.get(m.id, [0] * width))
            for m in db.session.scalars(select(Municipality).order_by(Municipality.name))]
    return rows + [("Регион", [sum(r[i] for _, r in rows) for i in range(width)])]


@bp.get("/mentors")
def mentors():
    """Mentors' preparation by municipality for a school year (001, table 7)."""
    year = _school_year()
    return render_template("region/mentors.html", rows=_preparation_rows(year), year=year,
                           columns=[label for label, _ in PREPARATION_COLUMNS[1:]],
                           years=range(school_year_of(today()), school_year_of(today()) - 5, -1))


@bp.get("/mentors.xlsx")
def mentors_xlsx():
    year = _school_year()
    return send_xlsx(region_preparation_workbook(year, _preparation_rows(year)),
                     f"Подготовка наставников по муниципалитетам {year}-{year + 1}.xlsx")
