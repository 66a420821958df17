"""The forms a campaign can ask for, built from what the app holds: each is its columns and one
function giving every school's figures for a period at once, read through the owning part's
queries (the same counting as that part's own report — tests/test_campaigns.py compares them), and
the page behind the figures.

A form's figures are counts of people (whole, never negative); a free table may also hold shares."""
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from flask import url_for
from sqlalchemy import func, select

from app.associations.models import Association, Level, MemberRole, Membership, NetworkRole
from app.associations.reports import events_people
from app.clock import school_year_of
from app.competitions.models import Level as ContestLevel
from app.competitions.queries import participation_by
from app.courses.models import CourseKind, TrainingForm
from app.courses.queries import training_by
from app.courses.route_models import IndividualRoute
from app.extensions import db
from app.mentoring.queries import preparation_by
from app.mentoring.xlsx import PREPARATION_COLUMNS
from app.registry.models import Organisation
from app.staff.models import Employment, Vacancy
from app.staff.numbers import COLUMNS as NUMBERS_COLUMNS
from app.staff.numbers import staff_numbers


@dataclass(frozen=True)
class Form:
    key: str
    title: str
    columns: list[tuple[str, int]]  # (heading, width in the workbook), after the school's name
    figures: Callable[[date, date, list[int]], dict[int, list[int]]]  # period, school ids → id → a value a column
    source: Callable[[date, date, int], str]  # the page behind a school's figures
    source_label: str
    hint: str

    def of(self, start: date, end: date, school_ids: list[int]) -> dict[int, list[int]]:
        found = self.figures(start, end, school_ids)
        return {i: list(found.get(i) or [0] * len(self.columns)) for i in school_ids}


def _courses(start, end, ids):
    return {i: [t.trained, *(t.by_kind[k] for k in CourseKind.ORDER), *(t.by_form[f] for f in TrainingForm.LABELS)]
            for i, t in training_by(start, end, Organisation.id).items()}


COURSES_COLUMNS = [("Обучено, чел.", 11), *((f"{CourseKind.LABELS[k]}, чел.", 14) for k in CourseKind.ORDER),
                   *((f"{label}, чел.", 12) for label in TrainingForm.LABELS.values())]


def _competitions(start, end, ids):
    return {i: [p.people, *(p.by_level[level] for level in ContestLevel.LABELS), p.awarded]
            for i, p in participation_by(school_year_of(start), Organisation.id).items()}


COMPETITIONS_COLUMNS = [("Участвовали, чел.", 13),
                        *((f"{label} уровень, чел.", 14) for label in ContestLevel.LABELS.values()),
                        ("Победители и призёры, чел.", 14)]


def _mentors(start, end, ids):
    return preparation_by(school_year_of(start), Organisation.id)




def _associations(start, end, ids):
    """Teachers in the district's associations (РМО, ГМО) at some time in the period: each once,
    and by their role (a teacher once in each role's column)."""
    people: dict[int, set] = defaultdict(set)
    by_role: dict[tuple[int, str], set] = defaultdict(set)
    for organisation_id, role, person_id in db.session.execute(
            select(Membership.organisation_id, Membership.role, Membership.person_id).join(Association)
            .where(Association.level == Level.DISTRICT, Membership.joined_on <= end,
                   (Membership.left_on.is_(None)) | (Membership.left_on >= start))):
        people[organisation_id].add(person_id)
        by_role[(organisation_id, role)].add(person_id)
    return {i: [len(people[i]), *(len(by_role[(i, r)]) for r in MemberRole.LABELS)] for i in ids}


ASSOCIATIONS_COLUMNS = [("Педагогов в РМО, ГМО", 13), *((f"в роли «{label}»", 13) for label in MemberRole.LABELS.values())]


def _events(start, end, ids):
    """Participation in scientific-methodical events (the centre's and outside ones), by role:
    a teacher once in each role's column."""
    found = events_people(start, end, ids)
    return {i: [len(found[(i, r)]) for r in NetworkRole.LABELS] for i in ids}


EVENTS_COLUMNS = [(f"{label.capitalize()}, чел.", 13) for label in NetworkRole.LABELS.values()]


def _movement(start, end, ids):
    hired = dict(db.session.execute(
        select(Employment.organisation_id, func.count(func.distinct(Employment.person_id)))
        .where(Employment.started_on.between(start, end)).group_by(Employment.organisation_id)).all())
    left = dict(db.session.execute(
        select(Employment.organisation_id, func.count(func.distinct(Employment.person_id)))
        .where(Employment.left_on.is_not(None), Employment.left_on.between(start, end))
        .group_by(Employment.organisation_id)).all())
    return {i: [hired.get(i, 0), left.get(i, 0)] for i in ids}


def _numbers(start, end, ids):
    # One school's report reads that school's places of work only (all of them: a 60-school
    # municipality's thousands, most of the page's time).
    by_name = staff_numbers(end, ids[0] if len(ids) == 1 else None)
    names = dict(db.session.execute(select(Organisation.id, Organisation.short_name)
                                    .where(Organisation.id.in_(ids))).all())
    return {i: by_name[names[i]].values() for i in ids if names.get(i) in by_name}




def _needs(start, end, ids):
    """Vacancies open on the period's last day: all, and of them teachers'."""
    found: dict[int, list[int]] = {}
    for organisation_id, position, created_at, closed_on in db.session.execute(
            select(Vacancy.organisation_id, Vacancy.position, Vacancy.created_at, Vacancy.closed_on)):
        if created_at.date() <= end and (closed_on is None or closed_on > end):
            row = found.setdefault(organisation_id, [0, 0])
            row[0] += 1
            row[1] += position.lower().startswith("учитель")
    return found


def _routes(start, end, ids):
    return {i: [n] for i, n in db.session.execute(
        select(IndividualRoute.organisation_id, func.count(func.distinct(IndividualRoute.person_id)))
        .where(IndividualRoute.year == school_year_of(start)).group_by(IndividualRoute.organisation_id))}


FORMS = [
    Form("courses", "Курсовая подготовка по формам обучения и продолжительности", COURSES_COLUMNS, _courses,
         lambda start, end, org: url_for("courses.index", org=org, year=end.year), "Курсы школы",
         "Педагоги школы, окончившие курсы в периоде, — по одному разу в строке и в каждом столбце."),
    Form("competitions", "Участие в конкурсах профессионального мастерства", COMPETITIONS_COLUMNS, _competitions,
         lambda start, end, org: url_for("competitions.report", year=school_year_of(start)), "Таблица конкурсов",
         "Педагоги с принятыми заявками конкурсов учебного года, в котором начинается период."),
    Form("mentors", "Подготовка наставников", PREPARATION_COLUMNS[1:], _mentors,
         lambda start, end, org: url_for("mentoring.summary", year=school_year_of(start), org=org), "Наставничество",
         "Наставники пар, действовавших в учебном году, в котором начинается период."),
    Form("associations", "Педагоги в методических объединениях (РМО, ГМО)", ASSOCIATIONS_COLUMNS, _associations,
         lambda start, end, org: url_for("associations.reports", **{"from": start.isoformat(), "to": end.isoformat()}),
         "Таблицы объединений", "Члены районных и городских объединений в какой-либо день периода."),
    Form("events", "Участие в научно-методических мероприятиях", EVENTS_COLUMNS, _events,
         lambda start, end, org: url_for("associations.reports", **{"from": start.isoformat(), "to": end.isoformat()}),
         "Таблицы объединений", "Районные мероприятия Методкабинета и записанные школой, по ролям."),
    Form("movement", "Принято и уволено", [("Принято, чел.", 12), ("Уволено, чел.", 12)], _movement,
         lambda start, end, org: url_for("staff.movement_page", **{"from": start.isoformat(), "to": end.isoformat()}),
         "Приём и увольнение", "Места работы, начатые и законченные в периоде."),
    Form("numbers", "Численность педагогических работников", NUMBERS_COLUMNS[1:], _numbers,
         lambda start, end, org: url_for("staff.numbers", on=end.isoformat()), "Численность",
         "По местам работы на последний день периода."),
    Form("needs", "Потребность в кадрах", [("Вакансий, всего", 12), ("из них учителей", 12)], _needs,
         lambda start, end, org: url_for("staff.vacancies"), "Вакансии", "Вакансии, открытые на последний день периода."),
    Form("routes", "Педагоги с индивидуальными образовательными маршрутами", [("Педагогов с ИОМ", 14)], _routes,
         lambda start, end, org: url_for("courses.index", org=org), "Курсы и ИОМ",
         "ИОМ учебного года, в котором начинается период."),
]
BY_KEY = {form.key: form for form in FORMS}


def chosen(keys) -> list[Form]:
    """The catalogue's forms among `keys`, in the catalogue's order."""
    wanted = set(keys)
    return [form for form in FORMS if form.key in wanted]
