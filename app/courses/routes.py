"""The courses registry (filters, add, edit, delete, the document), who has had no course for
three years, the year's figures per school, and the regional table (page, print, XLSX).

Schools keep their own teachers' courses; methodists and the administrator all; the head reads.
"""
import math

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from app.audit.models import record
from app.auth.models import Role
from app.auth.permissions import roles_required
from app.clock import today
from app.extensions import db
from app.marks.evidence import EvidenceError, read_upload, send_stored, store
from app.marks.queries import schools
from app.named_lists import NamedList
from app.registry.models import Organisation, Person
from app.spreadsheet import send_xlsx

from . import bp
from .forms import CourseForm
from .models import Course, CourseKind, CourseProvider, TrainingForm
from .deficits import route_figures, year_label
from .queries import figures, gap_counts, kind_column, regional_table, without_courses, year_bounds
from .xlsx import regional_workbook

PER_PAGE = 100
READERS = Role.READERS
KEEPERS = (*Role.EDITORS, Role.SCHOOL)
SCANS = ("pdf", "jpg", "jpeg", "png")


def _school_filter() -> int | None:
    if current_user.role == Role.SCHOOL:
        return current_user.organisation_id
    return request.args.get("org", type=int)


def _year() -> int:
    year = request.args.get("year", type=int)
    return year if year and 2000 <= year <= 2100 else today().year


def _may_keep(organisation_id: int) -> bool:
    if current_user.role in Role.EDITORS:
        return True
    return current_user.role == Role.SCHOOL and organisation_id == current_user.organisation_id


def _load(course_id: int, keep: bool = False) -> Course:
    course = db.get_or_404(Course, course_id)
    if current_user.role == Role.SCHOOL and course.organisation_id != current_user.organisation_id:
        abort(403)
    if keep and not _may_keep(course.organisation_id):
        abort(403)
    return course


@bp.get("/")
@roles_required(*READERS)
def index():
    org_id = _school_filter()
    year = request.args.get("year", type=int)
    kind = request.args.get("kind", "")
    form = request.args.get("form", "")
    provider = request.args.get("provider", type=int)
    q = (request.args.get("q") or "").strip()[:100]
    stmt = select(Course).join(Person, Person.id == Course.person_id)
    if org_id:
        stmt = stmt.where(Course.organisation_id == org_id)
    if year:
        stmt = stmt.where(Course.ends_on.between(*year_bounds(year)))
    if kind in CourseKind.LABELS:
        stmt = stmt.where(kind_column() == kind)
    if form in TrainingForm.LABELS:
        stmt = stmt.where(Course.form == form)
    if provider:
        stmt = stmt.where(Course.provider_id == provider)
    if q:
        stmt = stmt.where(func.lower(Person.full_name).contains(q.lower(), autoescape=True)
                          | func.lower(Course.programme_title).contains(q.lower(), autoescape=True))
    total = db.session.scalar(select(func.count()).select_from(stmt.subquery()))
    pages = max(1, math.ceil(total / PER_PAGE))
    page = min(max(request.args.get("page", 1, type=int), 1), pages)
    courses = db.session.scalars(
        stmt.options(selectinload(Course.person), selectinload(Course.organisation), selectinload(Course.provider))
        .order_by(Course.ends_on.desc(), Person.full_name, Course.id).limit(PER_PAGE).offset((page - 1) * PER_PAGE)).all()
    return render_template("courses/index.html", courses=courses, total=total, page=page, pages=pages,
                           schools=schools(), providers=_providers(), org_id=org_id, year=year, kind=kind, form=form,
                           provider=provider, q=q, may_add=current_user.role in KEEPERS,
                           may_keep=_may_keep, kinds=CourseKind.LABELS, forms=TrainingForm.LABELS)


def _providers() -> list[CourseProvider]:
    return list(db.session.scalars(select(CourseProvider).order_by(CourseProvider.position, CourseProvider.name)))


def _form(course: Course | None = None, **kwargs) -> CourseForm:
    return CourseForm(obj=course, providers=_providers(), **kwargs)


def _fill(course: Course, form: CourseForm, person: Person) -> None:
    for name in ("programme_title", "provider_id", "provider_name", "form", "hours", "starts_on", "ends_on",
                 "document_number"):
        setattr(course, name, getattr(form, name).data)
    course.person_id = person.id
    course.organisation_id = person.organisation_id


def _attach(course: Course, form: CourseForm) -> bool:
    """The scan of the document, checked like evidence; False (and a message) if it is not one."""
    upload = form.file.data
    if not upload or not upload.filename:
        return True
    try:
        name, kind, data = read_upload(upload)
    except EvidenceError as error:
        form.file.errors = [str(error)]
        return False
    if name.rsplit(".", 1)[-1].lower() not in SCANS:
        form.file.errors = ["Приложите скан документа: PDF, JPG или PNG."]
        return False
    try:
        key = store(data)
    except EvidenceError as error:
        form.file.errors = [str(error)]
        return False
    course.file_name, course.file_type, course.file_key = name, kind, key
    return True


def _save(course: Course, form: CourseForm, action: str):
    person = db.session.get(Person, form.person_id.data)
    if person is None or not _may_keep(person.organisation_id):
        abort(403)
    _fill(course, form, person)
    if not _attach(course, form):
        db.session.rollback()
        return None
    db.session.add(course)
    try:
        db.session.flush()
    except IntegrityError:  # the same course of the same person from the same day is there already
        db.session.rollback()
        form.programme_title.errors = ["Этот курс у педагога уже записан (та же программа с той же даты)."]
        return None
    record(action, "course", course.id, f"{'Добавлены' if action == 'create' else 'Изменены'} курсы: "
           f"{person.full_name} — {course.programme_title[:80]}, {course.hours} ч")
    db.session.commit()
    return course


@bp.route("/new", methods=["GET", "POST"])
@roles_required(*KEEPERS)
def new():
    form = _form(data={"person_id": request.args.get("person", 0, type=int)} if request.method == "GET" else None)
    if request.method == "POST" and form.validate() and _save(Course(), form, "create"):
        flash("Курсы записаны.")
        return redirect(url_for(".index"))
    status = 422 if form.errors else 200
    return render_template("courses/form.html", form=form, course=None), status


@bp.route("/<int:course_id>/edit", methods=["GET", "POST"])
@roles_required(*KEEPERS)
def edit(course_id):
    course = _load(course_id, keep=True)
    form = _form(course)
    if request.method == "POST" and form.validate() and _save(course, form, "update"):
        flash("Изменения сохранены.")
        return redirect(url_for(".index"))
    status = 422 if form.errors else 200
    return render_template("courses/form.html", form=form, course=course), status


@bp.post("/<int:course_id>/delete")
@roles_required(*KEEPERS)
def delete(course_id):
    course = _load(course_id, keep=True)
    record("delete", "course", course.id, f"Удалены курсы: {course.person.full_name} — {course.programme_title[:80]}")
    db.session.delete(course)
    db.session.commit()
    flash("Запись о курсах удалена.")
    return redirect(url_for(".index"))


@bp.get("/<int:course_id>/file")
@roles_required(*READERS)
def file(course_id):
    course = _load(course_id)
    return send_stored(course.file_key, course.file_type, course.file_name)


@bp.get("/gaps")
@roles_required(*READERS)
def gaps():
    """«Нет курсов за 3 года»: the list people chase before аттестация."""
    org_id = _school_filter()
    on = today()
    if org_id is None:  # the municipality: how many per school; a school's names when it is chosen
        counts = gap_counts(on)
        return render_template("courses/gaps.html", counts=counts, count=sum(n for _, n, _ in counts), on=on,
                               schools=schools(), org_id=None, by_school={}, may_add=current_user.role in KEEPERS)
    found = without_courses(on, org_id)
    by_school: dict[str, list] = {}
    for person, last in found:
        by_school.setdefault(person.organisation.short_name, []).append((person, last))
    return render_template("courses/gaps.html", by_school=by_school, count=len(found), on=on, schools=schools(),
                           org_id=org_id, counts=None, may_add=current_user.role in KEEPERS)


@bp.get("/summary")
@roles_required(*READERS)
def summary():
    """The year's figures per school and for the municipality, and the regional table."""
    org_id = _school_filter()
    year = _year()
    return render_template("courses/summary.html", summary=figures(year, org_id), table=regional_table(year, org_id),
                           routes=route_figures(year, org_id), school_year_label=year_label(year),
                           year=year, years=range(today().year, today().year - 6, -1), schools=schools(),
                           org_id=org_id, forms=TrainingForm.LABELS, organisation=db.session.get(Organisation, org_id)
                           if org_id else None)


@bp.get("/report.xlsx")
@roles_required(*READERS)
def report_xlsx():
    org_id = _school_filter()
    year = _year()
    organisation = db.session.get(Organisation, org_id) if org_id else None
    data = regional_workbook(year, organisation.short_name if organisation else "муниципалитет",
                             regional_table(year, org_id))
    return send_xlsx(data, f"Курсовая подготовка {year}.xlsx")


PROVIDERS = NamedList(
    model=CourseProvider, used_by=Course.provider_id, title="Организации, проводящие курсы",
    label="Организация", placeholder="Кубанский государственный университет", back=("courses.index", "Курсы"),
    endpoint="courses.provider_list", delete_endpoint="courses.provider_delete",
    duplicate="Такая организация уже есть.", in_use="Организацию «{name}» указывают записи о курсах — её нельзя удалить.")


PROVIDERS.add_routes(bp, "/providers", Role.ADMIN)
