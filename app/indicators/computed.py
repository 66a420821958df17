"""Indicators computed from the app's own data, each with its formula in words.

A computed indicator's actual for a reporting year is read from the plan, competitions,
mentoring, courses, diagnostics and events — for the municipality. Where the data is kept by
school year, the school year that starts in the reporting year is read (the one under way when
the year's report is made in December). A methodist may override a computed value, with a reason;
then both are shown.
"""
from dataclasses import dataclass
from datetime import date, datetime
from typing import Callable

from sqlalchemy import func, select

from app.associations.queries import network_figures
from app.competitions.queries import municipal_share
from app.courses.deficits import route_figures
from app.courses.queries import figures as course_figures
from app.events.models import Event, EventStatus, Registration
from app.extensions import db
from app.marks.models import MarkStatus
from app.marks.queries import schools
from app.marks.status import Participation, mark_states
from app.mentoring.queries import figures as mentoring_figures
from app.plan.models import Programme
from app.plan.outline import activity_scope, load_activities

from .models import IndicatorSchoolValue, Unit


@dataclass(frozen=True)
class Computed:
    value: float | None   # a percentage
    detail: str           # "29 из 40 ОО"


@dataclass(frozen=True)
class Source:
    key: str
    label: str
    formula: str
    compute: Callable[[Programme, int], Computed]


def _percent(count: int, of: int, what: str) -> Computed:
    return Computed(round(100 * count / of, 1) if of else None, f"{count} из {of} {what}")


def plan_on_time(programme: Programme, year: int) -> Computed:
    scope = activity_scope(programme.id)
    people = Participation.load()
    marks = mark_states(scope)  # (status, done on) as plain columns: a plan of 500 rows has ~50,000 marks
    due = on_time = 0
    for activity in load_activities(scope):
        expected = people.of(activity)
        for occurrence in activity.occurrences:
            if occurrence.due_date.year != year:
                continue
            for org_id in expected:
                due += 1
                status, done_on = marks.get((occurrence.id, org_id), (None, None))
                on_time += bool(status == MarkStatus.DONE and done_on and done_on <= occurrence.due_date)
    return _percent(on_time, due, "отметок в срок")


def competition_schools(programme: Programme, year: int) -> Computed:
    share = municipal_share(year)
    return _percent(len(share.put_forward), len(share.schools), "ОО")


def young_in_pairs(programme: Programme, year: int) -> Computed:
    share = mentoring_figures(year).young_in_pairs
    return _percent(len(share.counted), len(share.of), "молодых специалистов")


def mentees_satisfied(programme: Programme, year: int) -> Computed:
    found = mentoring_figures(year).mentees
    return _percent(len(found.satisfied), len(found.answered), "ответивших наставляемых")


def courses_this_year(programme: Programme, year: int) -> Computed:
    share = course_figures(year).municipality.this_year
    return _percent(share.count, share.of, "педагогов")


def courses_three_years(programme: Programme, year: int) -> Computed:
    share = course_figures(year).municipality.three_years
    return _percent(share.count, share.of, "педагогов")


def diagnostic_share(programme: Programme, year: int) -> Computed:
    found = route_figures(year, None)
    return _percent(found["took"], found["teachers"], "педагогов")


def route_share(programme: Programme, year: int) -> Computed:
    found = route_figures(year, None)
    return _percent(found["routed"], found["teachers"], "педагогов")


def seminar_attendance(programme: Programme, year: int) -> Computed:
    registered, attended = db.session.execute(
        select(func.count(Registration.id), func.count(Registration.id).filter(Registration.attended))
        .join(Event, Event.id == Registration.event_id)
        .where(Event.status == EventStatus.HELD, Event.starts_at >= datetime(year, 1, 1),
               Event.starts_at < datetime(year + 1, 1, 1))).one()
    return _percent(attended, registered, "зарегистрированных")


def _year(year: int) -> tuple[date, date]:
    from app.clock import today
    return date(year, 1, 1), min(date(year, 12, 31), today())


def network_teachers(programme: Programme, year: int) -> Computed:
    found = network_figures(*_year(year))
    return _percent(found["networked"], found["teachers"], "педагогов")


def network_schools(programme: Programme, year: int) -> Computed:
    found = network_figures(*_year(year))
    return _percent(found["schools_in_rmo"], found["schools"], "ОО")


SOURCES = {s.key: s for s in [
    Source("plan_on_time", "Доля сроков плана, выполненных вовремя",
           "отметки «выполнено» не позже срока ÷ все отметки, которые должны быть сделаны за год (срок × участник)",
           plan_on_time),
    Source("competition_schools", "Доля ОО, выдвинувших педагогов на муниципальные конкурсы",
           "ОО с заявками на муниципальные конкурсы учебного года ÷ все ОО", competition_schools),
    Source("young_in_pairs", "Доля молодых специалистов, включённых в наставничество",
           "молодые специалисты в действующих парах ÷ все молодые специалисты (на конец учебного года или сегодня)",
           young_in_pairs),
    Source("mentees_satisfied", "Удовлетворённость наставляемых",
           "наставляемые со средней оценкой не ниже порога ÷ ответившие на анкету", mentees_satisfied),
    Source("courses_this_year", "Доля педагогов, прошедших курсы в отчётном году",
           "педагоги с курсами, оконченными в году ÷ педагоги школ", courses_this_year),
    Source("courses_three_years", "Доля педагогов, прошедших курсы за 3 года",
           "педагоги с курсами, оконченными за 3 года по отчётный год ÷ педагоги школ", courses_three_years),
    Source("diagnostic_share", "Доля педагогов, прошедших диагностику дефицитов",
           "педагоги с результатом диагностики учебного года ÷ педагоги школ", diagnostic_share),
    Source("route_share", "Доля педагогов с ИОМ",
           "педагоги с индивидуальным образовательным маршрутом на учебный год ÷ педагоги школ", route_share),
    Source("seminar_attendance", "Посещаемость районных мероприятий",
           "присутствовавшие ÷ зарегистрированные на проведённые в году мероприятия", seminar_attendance),
    Source("network_teachers", "Доля педагогов, включённых в сетевое взаимодействие (ШМО, РМО)",
           "педагоги школ, которые в году были в методическом объединении или выступали докладчиком, экспертом, "
           "организатором научно-методического мероприятия ÷ педагоги школ на конец года", network_teachers),
    Source("network_schools", "Доля школ, педагоги которых включены в РМО",
           "школы, у которых в году был хотя бы один педагог в районном (городском) объединении ÷ все школы",
           network_schools),
]}


def school_totals(indicators, years: list[int]) -> dict[tuple[int, int], Computed]:
    """The municipal actual of each per-school indicator from the schools' entries, in one query:
    a sum, or for a share the counts over the totals (never a mean of the schools' percentages)."""
    per_school = {i.id: i for i in indicators if i.per_school}
    if not per_school:
        return {}
    rows = db.session.execute(
        select(IndicatorSchoolValue.indicator_id, IndicatorSchoolValue.year, func.count(IndicatorSchoolValue.id),
               func.sum(IndicatorSchoolValue.count), func.sum(IndicatorSchoolValue.total))
        .where(IndicatorSchoolValue.indicator_id.in_(per_school), IndicatorSchoolValue.count.is_not(None))
        .group_by(IndicatorSchoolValue.indicator_id, IndicatorSchoolValue.year)).all()
    schools_count = len(schools())
    result = {}
    for indicator_id, year, entered, count, total in rows:
        indicator = per_school[indicator_id]
        if indicator.unit == Unit.PERCENT:
            value = round(100 * count / total, 1) if total else None
            detail = f"{count:g} из {total:g} по {entered} из {schools_count} ОО"
        else:
            value, detail = count, f"сумма по {entered} из {schools_count} ОО"
        result[(indicator_id, year)] = Computed(value, detail)
    return result


def computed_values(programme: Programme, indicators, years: list[int], up_to: date) -> dict[tuple[int, int], Computed]:
    """The computed actual of each computed indicator for each year that has begun by `up_to`
    (each (source, year) read once), and the schools' totals of the per-school ones."""
    cache: dict[tuple[str, int], Computed] = {}
    result = school_totals(indicators, years)
    for indicator in indicators:
        source = SOURCES.get(indicator.computed or "")
        if source is None:
            continue
        for year in years:
            if year > up_to.year:
                continue
            if (source.key, year) not in cache:
                cache[(source.key, year)] = source.compute(programme, year)
            result[(indicator.id, year)] = cache[(source.key, year)]
    return result
