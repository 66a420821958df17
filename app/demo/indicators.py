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
    return len(INDICATORS) + len(COMPUTED)
