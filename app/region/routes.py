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
from app.competitions.queries import municipal_share_by_municipality
from app.courses.queries import MunicipalFigures, by_municipality
from app.extensions import db
from app.forms import REQUIRED, BaseForm, strip
from app.indicators.index import SHORT_BANDS
from app.indicators.queries import deadlines_on_time, year_index
from app.mentoring.queries import without_mentor_by_municipality
from app.municipalities.models import Municipality
from app.municipalities.scope import VIEWING, enter
from app.plan.outline import programme_of_year
from app.registry.models import Organisation, OrgKind
from app.spreadsheet import send_xlsx

from . import bp
from .tables import COMPETITIONS, COURSES, MENTORS, RegionTable
from .xlsx import region_table_workbook


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
    year = _year(COMPETITIONS)  # a school year, as the table of competitions
    return render_template("region/index.html", rows=side_by_side(today(), year), year=year,
                           years=range(school_year_of(today()), school_year_of(today()) - 5, -1))


@bp.get("/plan-figures/<int:municipality_id>")
def plan_figures(municipality_id):
    """A municipality's plan deadlines met on time and its Инр for a calendar year: the two cells of
    its row on the side-by-side page, loaded by each row after the page (htmx), computed inside the
    municipality by the same code as its own indicators — its queries are those of one programme."""
    municipality = db.get_or_404(Municipality, municipality_id)
    year = request.args.get("year", type=int)
    if year is None or not 2000 <= year <= today().year + 1:
        abort(404)
    enter(municipality.id)
    programme = programme_of_year(year)
    on_time = deadlines_on_time(programme, year) if programme else None
    index = year_index(programme, year) if programme else None
    enter(None)
    return render_template("region/_plan_figures.html", municipality=municipality, programme=programme,
                           on_time=on_time, index=index, year=year, bands=SHORT_BANDS)


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


# --- The region's tables, built from the municipalities' data (tables.py) ------------------


def _year(table: RegionTable) -> int:
    year = request.args.get("year", type=int) or (school_year_of(today()) if table.school_year else today().year)
    if not 2000 <= year <= today().year + 1:
        abort(404)
    return year


def _table_page(table: RegionTable, xlsx_endpoint: str):
    year = _year(table)
    latest = school_year_of(today()) if table.school_year else today().year
    return render_template("region/table.html", table=table, rows=table.rows(year), year=year,
                           xlsx_endpoint=xlsx_endpoint, years=range(latest, latest - 6, -1))


def _table_xlsx(table: RegionTable):
    year = _year(table)
    return send_xlsx(region_table_workbook(table, year, table.rows(year)),
                     f"{table.title} {table.period(year).replace('/', '-')}.xlsx")


@bp.get("/courses")
def courses():
    """Teachers trained in a calendar year by municipality: by length and by form (001, table 3)."""
    return _table_page(COURSES, "region.courses_xlsx")


@bp.get("/courses.xlsx")
def courses_xlsx():
    return _table_xlsx(COURSES)


@bp.get("/competitions")
def competitions():
    """Teachers in competitions by municipality for a school year: by level, and awarded (001, table 4)."""
    return _table_page(COMPETITIONS, "region.competitions_xlsx")


@bp.get("/competitions.xlsx")
def competitions_xlsx():
    return _table_xlsx(COMPETITIONS)


@bp.get("/mentors")
def mentors():
    """Mentors' preparation by municipality for a school year (001, table 7)."""
    return _table_page(MENTORS, "region.mentors_xlsx")


@bp.get("/mentors.xlsx")
def mentors_xlsx():
    return _table_xlsx(MENTORS)
