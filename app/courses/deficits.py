"""The year's diagnostic of professional deficits, entered by schools (a row per teacher, a
checkbox per area), and the deficits summary: teachers per area with a deficit, and how many of
them have a route step addressing it — where the centre should put its next seminars."""
from datetime import date

from flask import abort, render_template, request
from flask_login import current_user
from sqlalchemy import delete, distinct, func, select
from sqlalchemy.orm import selectinload

from app.audit.models import record
from app.auth.models import Role
from app.auth.permissions import roles_required
from app.clock import school_year_of, today
from app.extensions import db
from app.marks.queries import schools
from app.named_lists import NamedList
from app.registry.models import Organisation, OrgKind, Person
from app.staff.models import on_staff
from app.upsert import insert_missing

from . import bp
from .route_models import (
    CompetenceArea, DiagnosticResult, IndividualRoute, RouteStep, diagnostic_deficits,
)

READERS = Role.READERS
KEEPERS = (*Role.EDITORS, Role.SCHOOL)


def school_year() -> int:
    year = request.values.get("year", type=int)
    return year if year and 2000 <= year <= 2100 else school_year_of(today())


def year_label(year: int) -> str:
    return f"{year}/{(year + 1) % 100:02d}"


def _org() -> int | None:
    if current_user.role == Role.SCHOOL:
        return current_user.organisation_id
    return request.args.get("org", type=int)


def areas() -> list[CompetenceArea]:
    return list(db.session.scalars(select(CompetenceArea).order_by(CompetenceArea.position, CompetenceArea.name)))


def in_school_year(year: int):
    """SQL: the person worked at some time in the school year (September to August) — who its
    diagnostic and routes count (a teacher who left before it is not; one who left in it is)."""
    return on_staff(date(year, 9, 1), date(year + 1, 8, 31))


def _teachers(org_id: int, year: int) -> list[Person]:
    return list(db.session.scalars(select(Person).where(Person.organisation_id == org_id, in_school_year(year))
                                   .order_by(Person.full_name)))


def _results(person_ids, year: int) -> dict[int, DiagnosticResult]:
    return {r.person_id: r for r in db.session.scalars(
        select(DiagnosticResult).options(selectinload(DiagnosticResult.deficits))
        .where(DiagnosticResult.person_id.in_(person_ids), DiagnosticResult.year == year))}


@bp.get("/diagnostics")
@roles_required(*READERS)
def diagnostics():
    year, org_id = school_year(), _org()
    if org_id is None:
        return render_template("courses/diagnostics.html", year=year, label=year_label(year), org_id=None,
                               schools=schools(), counts=diagnostic_counts(year), areas=areas())
    organisation = db.get_or_404(Organisation, org_id)
    teachers = _teachers(org_id, year)
    return render_template("courses/diagnostics.html", year=year, label=year_label(year), org_id=org_id,
                           organisation=organisation, schools=schools(), teachers=teachers, areas=areas(),
                           results=_results([p.id for p in teachers], year),
                           may_keep=current_user.role in Role.EDITORS or (
                               current_user.role == Role.SCHOOL and org_id == current_user.organisation_id))


@bp.post("/diagnostics/<int:person_id>")
@roles_required(*KEEPERS)
def diagnostic_save(person_id):
    """A teacher's row: took part or not, and the areas with a deficit (the whole row is sent)."""
    person = db.get_or_404(Person, person_id)
    if current_user.role == Role.SCHOOL and person.organisation_id != current_user.organisation_id:
        abort(403)
    year = school_year()
    known = {a.id for a in areas()}
    chosen = {int(v) for v in request.form.getlist("area") if v.isdigit() and int(v) in known}
    took = bool(request.form.get("took")) or bool(chosen)
    if took:
        insert_missing(DiagnosticResult, {"person_id": person.id, "year": year, "organisation_id": person.organisation_id},
                       ["person_id", "year"])
        result_id = db.session.scalar(select(DiagnosticResult.id).where(DiagnosticResult.person_id == person.id,
                                                                        DiagnosticResult.year == year))
        db.session.execute(delete(diagnostic_deficits).where(diagnostic_deficits.c.result_id == result_id))
        for area_id in chosen:  # the same row saved twice at once: each pair is there once
            insert_missing(diagnostic_deficits, {"result_id": result_id, "area_id": area_id}, ["result_id", "area_id"])
    else:
        db.session.execute(delete(DiagnosticResult).where(DiagnosticResult.person_id == person.id,
                                                          DiagnosticResult.year == year))
    record("update", "diagnostic", person.id, f"Диагностика {year_label(year)}: {person.full_name} — "
           + (f"дефицитов {len(chosen)}" if took else "не проходил(а)"))
    db.session.commit()
    result = _results([person.id], year).get(person.id)
    return render_template("courses/_diagnostic_row.html", p=person, result=result, areas=areas(), year=year,
                           may_keep=True)


def diagnostic_counts(year: int) -> list[tuple[Organisation, int, int, int]]:
    """Per school: (school, teachers, took the diagnostic, with at least one deficit)."""
    staff = dict(db.session.execute(select(Person.organisation_id, func.count(Person.id)).where(in_school_year(year))
                                    .group_by(Person.organisation_id)).all())
    took = dict(db.session.execute(select(DiagnosticResult.organisation_id, func.count(DiagnosticResult.id))
                                   .where(DiagnosticResult.year == year).group_by(DiagnosticResult.organisation_id)).all())
    deficit = dict(db.session.execute(
        select(DiagnosticResult.organisation_id, func.count(distinct(DiagnosticResult.id)))
        .join(diagnostic_deficits, diagnostic_deficits.c.result_id == DiagnosticResult.id)
        .where(DiagnosticResult.year == year).group_by(DiagnosticResult.organisation_id)).all())
    return [(s, staff.get(s.id, 0), took.get(s.id, 0), deficit.get(s.id, 0)) for s in schools()]


def deficit_summary(year: int, org_id: int | None) -> list[tuple[CompetenceArea, int, int]]:
    """Per area: teachers with a deficit in the year's diagnostic, and how many of them have a
    step of their route for the year addressing that area."""
    scope = [DiagnosticResult.year == year]
    if org_id:
        scope.append(DiagnosticResult.organisation_id == org_id)
    with_deficit = dict(db.session.execute(
        select(diagnostic_deficits.c.area_id, func.count(distinct(DiagnosticResult.person_id)))
        .join(DiagnosticResult, DiagnosticResult.id == diagnostic_deficits.c.result_id).where(*scope)
        .group_by(diagnostic_deficits.c.area_id)).all())
    addressed = dict(db.session.execute(
        select(diagnostic_deficits.c.area_id, func.count(distinct(DiagnosticResult.person_id)))
        .join(DiagnosticResult, DiagnosticResult.id == diagnostic_deficits.c.result_id)
        .join(IndividualRoute, (IndividualRoute.person_id == DiagnosticResult.person_id)
              & (IndividualRoute.year == DiagnosticResult.year))
        .join(RouteStep, (RouteStep.route_id == IndividualRoute.id) & (RouteStep.area_id == diagnostic_deficits.c.area_id))
        .where(*scope).group_by(diagnostic_deficits.c.area_id)).all())
    return [(a, with_deficit.get(a.id, 0), addressed.get(a.id, 0)) for a in areas()]


def route_figures(year: int, org_id: int | None) -> dict:
    """Shares of the schools' teachers who took the year's diagnostic and who have a route."""
    teachers = select(Person.id).join(Organisation, Organisation.id == Person.organisation_id) \
        .where(Organisation.kind.not_in(OrgKind.NOT_SCHOOLS), in_school_year(year))
    if org_id:
        teachers = teachers.where(Person.organisation_id == org_id)
    total = db.session.scalar(select(func.count()).select_from(teachers.subquery()))
    took = db.session.scalar(select(func.count(DiagnosticResult.id)).where(
        DiagnosticResult.year == year, DiagnosticResult.person_id.in_(teachers)))
    routed = db.session.scalar(select(func.count(IndividualRoute.id)).where(
        IndividualRoute.year == year, IndividualRoute.person_id.in_(teachers)))
    share = lambda n: round(100 * n / total, 1) if total else 0.0  # noqa: E731
    return {"teachers": total, "took": took, "took_share": share(took), "routed": routed, "routed_share": share(routed)}


@bp.get("/deficits")
@roles_required(*READERS)
def deficits():
    year, org_id = school_year(), _org()
    return render_template("courses/deficits.html", year=year, label=year_label(year), org_id=org_id,
                           schools=schools(), rows=deficit_summary(year, org_id), figures=route_figures(year, org_id))


AREAS = NamedList(
    model=CompetenceArea, used_by=diagnostic_deficits.c.area_id, title="Области профессиональных компетенций",
    label="Область", placeholder="воспитательная работа", back=("courses.diagnostics", "Диагностика"),
    endpoint="courses.area_list", delete_endpoint="courses.area_delete", duplicate="Такая область уже есть.",
    in_use="В области «{name}» уже отмечены дефициты — её нельзя удалить.")


AREAS.add_routes(bp, "/areas", Role.ADMIN)
