"""Demo indicators for the current programme, named as seed 000 lists them, with targets for each
year and actuals for the years already reported."""
from app.clock import today
from app.extensions import db
from app.indicators.models import Group, Indicator, IndicatorValue
from app.plan.models import Programme

INDICATORS = [
    ("1", "Доля педагогов, прошедших диагностику выявления профессиональных дефицитов, от общего числа педагогов",
     Group.GOAL, "%", (70, 80, 90), (72, 78)),
    ("2", "Доля педагогов, для которых составлены индивидуальные образовательные маршруты (ИОМ)", Group.GOAL, "%",
     (40, 55, 70), (45, 50)),
    ("3", "Доля педагогических работников, прошедших повышение квалификации по актуальным вопросам качества "
          "образования", Group.GOAL, "%", (30, 35, 40), (33, 36)),
    ("1.1", "Доля педагогов, участвующих в конкурсах профессионального мастерства на разных уровнях", Group.TASK,
     "%", (10, 12, 15), (9, 13)),
    ("1.2", "Доля педагогических работников, привлечённых к экспертной деятельности", Group.TASK, "%",
     (5, 6, 8), (5, 5)),
    ("1.3", "Количество районных методических мероприятий по устранению профессиональных дефицитов", Group.TASK,
     "ед.", (8, 10, 12), (9, 11)),
]
# Read from the app's own data (app/indicators/computed.py): targets only.
COMPUTED = [
    ("1.4", "Доля сроков плана, выполненных вовремя", Group.TASK, "plan_on_time", (85, 90, 95)),
    ("1.5", "Доля педагогов, прошедших курсы повышения квалификации за 3 года", Group.TASK, "courses_three_years",
     (60, 70, 80)),
]


def add_demo_indicators(programme: Programme) -> int:
    years = list(range(programme.start_year, programme.end_year + 1))
    for position, (number, name, group, unit, targets, actuals) in enumerate(INDICATORS, start=1):
        indicator = Indicator(programme_id=programme.id, position=position, number=number, name=name, unit=unit,
                              group=group, source="мониторинг МКУО ЦОКО")
        indicator.values = [IndicatorValue(year=year, target=target,
                                           actual=actuals[n] if n < len(actuals) and year < today().year + 1 else None)
                            for n, (year, target) in enumerate(zip(years, targets, strict=False))]
        db.session.add(indicator)
    for position, (number, name, group, key, targets) in enumerate(COMPUTED, start=len(INDICATORS) + 1):
        indicator = Indicator(programme_id=programme.id, position=position, number=number, name=name, unit="%",
                              group=group, computed=key, source="данные Методкабинета")
        indicator.values = [IndicatorValue(year=year, target=target)
                            for year, target in zip(years, targets, strict=False)]
        db.session.add(indicator)
    # Entered by the schools: each school's count out of its teachers, for the years begun.
    from sqlalchemy import select

    from app.indicators.models import IndicatorSchoolValue
    from app.registry.models import Organisation, OrgKind
    entered = Indicator(programme_id=programme.id, position=len(INDICATORS) + len(COMPUTED) + 1, number="1.6",
                        name="Доля учителей, применяющих на уроках задания по функциональной грамотности",
                        unit="%", group=Group.TASK, per_school=True, source="отчёты ОО")
    entered.values = [IndicatorValue(year=year, target=target) for year, target in zip(years, (50, 60, 70), strict=False)]
    db.session.add(entered)
    db.session.flush()
    schools = db.session.scalars(select(Organisation).where(Organisation.kind.not_in(OrgKind.NOT_SCHOOLS))
                                 .order_by(Organisation.id)).all()
    for n, school in enumerate(schools[:10]):
        for year in years:
            if year <= today().year:
                db.session.add(IndicatorSchoolValue(indicator_id=entered.id, organisation_id=school.id, year=year,
                                                    count=8 + (n * 3 + year) % 9, total=20 + n % 5))
    return len(INDICATORS) + len(COMPUTED) + 1


def load_synthetic_indicators(count: int) -> Programme:
    """`count` indicators on the demo's current programme (the latest one): a third entered, a
    third computed from the app's data, a third entered by every school — for the bench."""
    from sqlalchemy import insert, select

    from app.indicators.computed import SOURCES
    from app.indicators.models import IndicatorSchoolValue
    from app.registry.models import Organisation, OrgKind

    programme = db.session.scalars(select(Programme).where(Programme.association_id.is_(None))
                                   .order_by(Programme.start_year.desc(), Programme.id)).first()
    years = list(range(programme.start_year, programme.end_year + 1))
    schools = db.session.scalars(select(Organisation).where(Organisation.kind.not_in(OrgKind.NOT_SCHOOLS))).all()
    keys = list(SOURCES)
    for n in range(count):
        kind = n % 3
        indicator = Indicator(programme_id=programme.id, position=100 + n, number=f"9.{n + 1}",
                              name=f"Синтетический показатель {n + 1}", unit="%", group=[Group.GOAL, Group.TASK][n % 2],
                              computed=keys[n % len(keys)] if kind == 1 else None, per_school=kind == 2)
        indicator.values = [IndicatorValue(year=y, target=50 + n % 30, actual=(45 + (n * 7 + y) % 40) if kind == 0
                                           and y <= today().year else None) for y in years]
        db.session.add(indicator)
        db.session.flush()
        if kind == 2:
            db.session.execute(insert(IndicatorSchoolValue), [
                {"indicator_id": indicator.id, "organisation_id": s.id, "year": y, "count": 5 + (s.id + n) % 15,
                 "total": 25} for s in schools for y in years if y <= today().year])
    db.session.commit()
    return programme
