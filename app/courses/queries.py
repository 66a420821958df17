"""Course figures for a calendar year, per school and for the municipality — what the summary
page and the regional table show and the programme's indicators will read — and the list
people chase before аттестация: teachers with no course in the last three years.

A course counts for the year it ended in. "Teachers" are the registry's people of the schools
(the centre's staff are not counted). Each figure is a fixed number of queries.
"""
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import case, distinct, func, select
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.marks.queries import schools
from app.registry.models import Organisation, OrgKind, Person
from app.staff.models import on_staff

from .models import Course, CourseKind, CourseProvider, TrainingForm

YEARS_WINDOW = 3  # "within the last three years", the year itself included


def year_bounds(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


def kind_column():
    """SQL: the course's kind by its hours, as CourseKind.of."""
    return case((Course.hours > 500, CourseKind.RETRAINING), (Course.hours > 72, CourseKind.LONG),
                else_=CourseKind.SHORT)


def _teachers(org_id: int | None, start: date | None = None, end: date | None = None):
    """The schools' staff (of one school); with a period, those who worked in it (app.staff's
    employment: a teacher who left is not counted after)."""
    stmt = select(Person.id).join(Organisation, Organisation.id == Person.organisation_id) \
        .where(Organisation.kind.not_in(OrgKind.NOT_SCHOOLS))
    if start:
        stmt = stmt.where(on_staff(start, end))
    return stmt.where(Person.organisation_id == org_id) if org_id else stmt


@dataclass
class Share:
    count: int
    of: int

    @property
    def percent(self) -> float:
        return round(100 * self.count / self.of, 1) if self.of else 0.0


@dataclass
class Figures:
    """For one school, or the municipality (organisation None)."""

    organisation: Organisation | None
    teachers: int
    this_year: Share
    three_years: Share


@dataclass
class Summary:
    year: int
    municipality: Figures
    rows: list[Figures] = field(default_factory=list)


def figures(year: int, org_id: int | None = None) -> Summary:
    """Share of teachers who finished a course in the year, and within the three years to its
    end: per school and for the municipality (shares over the totals, never a mean of shares)."""
    start, end = year_bounds(year)
    window_start = date(year - YEARS_WINDOW + 1, 1, 1)
    teacher_rows = db.session.execute(
        select(Person.organisation_id, func.count(Person.id)).where(Person.id.in_(_teachers(org_id, start, end)))
        .group_by(Person.organisation_id)).all()
    teachers = dict(teacher_rows)
    took = db.session.execute(
        select(Person.organisation_id,
               func.count(distinct(case((Course.ends_on.between(start, end), Course.person_id)))),
               func.count(distinct(Course.person_id)))
        .join(Person, Person.id == Course.person_id)
        .where(Course.person_id.in_(_teachers(org_id, start, end)), Course.ends_on.between(window_start, end))
        .group_by(Person.organisation_id)).all()
    by_org = {o: (this_year, window) for o, this_year, window in took}
    rows = []
    for school in schools():
        if org_id and school.id != org_id:
            continue
        count = teachers.get(school.id, 0)
        this_year, window = by_org.get(school.id, (0, 0))
        rows.append(Figures(school, count, Share(this_year, count), Share(window, count)))
    total = sum(teachers.values())
    municipality = Figures(None, total, Share(sum(v[0] for v in by_org.values()), total),
                           Share(sum(v[1] for v in by_org.values()), total))
    return Summary(year, municipality, rows)


def gap_cutoff(on: date) -> date:
    """A course that ended before this day is more than three years old on `on`."""
    return date(on.year - YEARS_WINDOW, on.month, min(on.day, 28))


def _gap_scope(on: date, org_id: int | None):
    last = (select(Course.person_id, func.max(Course.ends_on).label("last")).where(Course.ends_on <= on)
            .group_by(Course.person_id).subquery())
    condition = (Person.id.in_(_teachers(org_id, on)), (last.c.last.is_(None)) | (last.c.last < gap_cutoff(on)))
    return last, condition


def without_courses(on: date, org_id: int | None = None) -> list[tuple[Person, date | None]]:
    """Teachers with no course ended in the three years up to `on`, with their last course's end
    (None if they have none on record), by school and name."""
    last, condition = _gap_scope(on, org_id)
    stmt = (select(Person, Organisation, last.c.last).join(Organisation, Organisation.id == Person.organisation_id)
            .outerjoin(last, last.c.person_id == Person.id).where(*condition)
            .order_by(Organisation.short_name, Person.full_name))
    return [(person, last_end) for person, _organisation, last_end in db.session.execute(stmt)]


def gap_counts(on: date) -> list[tuple[Organisation, int, int]]:
    """Per school: (school, teachers without a course for three years, teachers)."""
    last, condition = _gap_scope(on, None)
    missing = dict(db.session.execute(select(Person.organisation_id, func.count(Person.id))
                                      .outerjoin(last, last.c.person_id == Person.id).where(*condition)
                                      .group_by(Person.organisation_id)).all())
    staff = dict(db.session.execute(select(Person.organisation_id, func.count(Person.id))
                                    .where(Person.id.in_(_teachers(None, on))).group_by(Person.organisation_id)).all())
    return [(school, missing.get(school.id, 0), staff.get(school.id, 0)) for school in schools()]


@dataclass
class ReportRow:
    kind: str
    by_form: dict[str, int]
    total: int
    providers: list[str]

    @property
    def label(self) -> str:
        return CourseKind.LABELS[self.kind]


def regional_table(year: int, org_id: int | None = None) -> list[ReportRow]:
    """«Курсовая подготовка педагогических работников по формам обучения и продолжительности»:
    for each kind of course, the number of staff trained in the year by form of training, in
    all, and the institutions that ran the courses. A person is counted once per cell."""
    start, end = year_bounds(year)
    # The kind is computed once in a subquery and grouped by name: PostgreSQL does not take a CASE
    # with bound parameters in GROUP BY for the same CASE in SELECT.
    year_courses = (select(kind_column().label("kind"), Course.form, Course.person_id, Course.provider_name,
                           CourseProvider.name.label("listed")).join(CourseProvider)
                    .where(Course.ends_on.between(start, end), Course.person_id.in_(_teachers(org_id))).subquery())
    counts = db.session.execute(
        select(year_courses.c.kind, year_courses.c.form, func.count(distinct(year_courses.c.person_id)))
        .group_by(year_courses.c.kind, year_courses.c.form)).all()
    totals = dict(db.session.execute(
        select(year_courses.c.kind, func.count(distinct(year_courses.c.person_id))).group_by(year_courses.c.kind)).all())
    names = db.session.execute(
        select(year_courses.c.kind, year_courses.c.provider_name, year_courses.c.listed).distinct()).all()
    rows = {kind: ReportRow(kind, dict.fromkeys(TrainingForm.LABELS, 0), totals.get(kind, 0), [])
            for kind in CourseKind.ORDER}
    for kind, form, count in counts:
        rows[kind].by_form[form] = count
    for kind, own_name, listed in names:
        name = own_name or listed
        if name not in rows[kind].providers:
            rows[kind].providers.append(name)
    for row in rows.values():
        row.providers.sort()
    return [rows[kind] for kind in CourseKind.ORDER]


def person_courses(person_id: int) -> list[Course]:
    """A teacher's courses, latest first (for their page in the registry)."""
    return list(db.session.scalars(select(Course).options(selectinload(Course.provider))
                                   .where(Course.person_id == person_id).order_by(Course.ends_on.desc())))


@dataclass
class MunicipalFigures:
    """A municipality's teachers and how many of them lack courses, took the diagnostic, have a route."""

    teachers: int = 0
    without_courses: int = 0
    diagnosed: int = 0
    routed: int = 0

    def share(self, count: int) -> float | None:
        return round(100 * count / self.teachers, 1) if self.teachers else None


def by_municipality(on: date, school_year: int) -> dict[int, MunicipalFigures]:
    """Schools' teachers by municipality: without a course for three years up to `on`, with the
    school year's diagnostic, with its individual route (ИОМ) — four queries, the region's page."""
    from .route_models import DiagnosticResult, IndividualRoute

    municipality = Organisation.municipality_id
    teachers = (select(Person.id).join(Organisation, Organisation.id == Person.organisation_id)
                .where(Organisation.kind.not_in(OrgKind.NOT_SCHOOLS), on_staff(on)))
    by_person = select(municipality, func.count(Person.id)).join(Organisation, Organisation.id == Person.organisation_id)
    figures: dict[int, MunicipalFigures] = {}
    last, condition = _gap_scope(on, None)
    for field_name, stmt in [
            ("teachers", by_person.where(Person.id.in_(teachers))),
            ("without_courses", by_person.outerjoin(last, last.c.person_id == Person.id).where(*condition)),
            ("diagnosed", by_person.where(Person.id.in_(teachers), Person.id.in_(
                select(DiagnosticResult.person_id).where(DiagnosticResult.year == school_year)))),
            ("routed", by_person.where(Person.id.in_(teachers), Person.id.in_(
                select(IndividualRoute.person_id).where(IndividualRoute.year == school_year))))]:
        for municipality_id, count in db.session.execute(stmt.group_by(municipality)):
            setattr(figures.setdefault(municipality_id, MunicipalFigures()), field_name, count)
    return figures


@dataclass
class MunicipalTraining:
    """A municipality's row of the region's course table: teachers trained in the year (each once),
    and by length and by form of training (a teacher once in each column)."""

    trained: int = 0
    by_kind: dict[str, int] = field(default_factory=lambda: dict.fromkeys(CourseKind.ORDER, 0))
    by_form: dict[str, int] = field(default_factory=lambda: dict.fromkeys(TrainingForm.LABELS, 0))


def training_by_municipality(year: int) -> dict[int, MunicipalTraining]:
    """The region's «курсовая подготовка по формам обучения и продолжительности»: a row per
    municipality (regional_table() of each, in three queries for all of them)."""
    return training_by(*year_bounds(year), Organisation.municipality_id)


def training_by(start: date, end: date, key) -> dict[int, MunicipalTraining]:
    """Teachers of schools trained in [start, end], grouped by `key`, a column of the teacher's
    organisation: its municipality (the region's table) or the school itself (a campaign's report)."""
    year_courses = (select(key.label("municipality"), kind_column().label("kind"),
                           Course.form, Course.person_id)
                    .join(Person, Person.id == Course.person_id)
                    .join(Organisation, Organisation.id == Person.organisation_id)
                    .where(Course.ends_on.between(start, end), Organisation.kind.not_in(OrgKind.NOT_SCHOOLS)).subquery())
    people = func.count(distinct(year_courses.c.person_id))
    rows: dict[int, MunicipalTraining] = {}
    for municipality, count in db.session.execute(
            select(year_courses.c.municipality, people).group_by(year_courses.c.municipality)):
        rows.setdefault(municipality, MunicipalTraining()).trained = count
    for column, attribute in ((year_courses.c.kind, "by_kind"), (year_courses.c.form, "by_form")):
        for municipality, value, count in db.session.execute(
                select(year_courses.c.municipality, column, people).group_by(year_courses.c.municipality, column)):
            getattr(rows.setdefault(municipality, MunicipalTraining()), attribute)[value] = count
    return rows


def courses_of(person_ids) -> dict[int, tuple[int, date | None]]:
    """Each person's course records and the latest one's end, in one query (the reserve's list)."""
    return {person_id: (count, latest) for person_id, count, latest in db.session.execute(
        select(Course.person_id, func.count(Course.id), func.max(Course.ends_on))
        .where(Course.person_id.in_(list(person_ids))).group_by(Course.person_id))}
