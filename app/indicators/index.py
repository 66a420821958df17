"""The effectiveness index Инр of a programme for a reporting (calendar) year, as seed 004
defines it:

    Сидц = goal targets reached ÷ all goal targets of the year
    Сидз = the mean degree of reaching the task indicators (actual ÷ target; target ÷ actual where
           less is better)
    Сидм = activities carried out ÷ activities planned for the year — from the plan's own marks:
           the plan's occurrences due in the year, and those every participant has done
    Инр  = Кц·Сидц + Кз·Сидз + Км·Сидм, the weights 0.45, 0.35, 0.2 unless the programme sets others

004 gives the bands with open ends; here they are closed as follows (and the page says so):
0.8 ≤ Инр ≤ 1.2 high; 1.2 < Инр ≤ 2.0 moderate, targets need correcting; above 2.0 the same
verdict, the targets plainly too low; 0.5 ≤ Инр < 0.8 moderate; below 0.5 insufficient.
"""
from dataclasses import dataclass
from app.marks.status import Participation, done_by
from app.plan.models import Activity, Programme
from app.plan.outline import activity_scope, load_activities

from .models import Group, Indicator, IndicatorValue

BANDS = [  # 004's four verdicts, in its order
    "Высокоэффективное планирование и реализация Программы в отчётном периоде",
    "Программа реализована умеренно эффективно, но ряд показателей требует корректировки и повышения "
    "реалистичности планирования",
    "Программа в отчётном периоде реализована умеренно эффективно",
    "Программа в отчётном периоде реализована недостаточно эффективно",
]
SHORT_BANDS = ["высокая эффективность", "умеренная, показатели требуют корректировки", "умеренная эффективность",
               "недостаточная эффективность"]  # the same four, where a table has room for a few words
BOUNDARIES_NOTE = ("Границы полос в методике открыты; здесь 0,8 и 1,2 относятся к высокой эффективности, 2,0 — ко второй "
                   "полосе, 0,5 — к умеренной; выше 2,0 — вторая полоса: плановые значения явно занижены.")


def verdict(index: float) -> tuple[int, str]:
    """(band number 1–4 as 004 numbers them, its verdict)."""
    if 0.8 <= index <= 1.2:
        return 1, BANDS[0]
    if index > 1.2:
        return 2, BANDS[1] + (" (Инр выше 2,0: плановые значения явно занижены)" if index > 2.0 else "")
    if index >= 0.5:
        return 3, BANDS[2]
    return 4, BANDS[3]


def reached(indicator: Indicator, value: IndicatorValue | None) -> bool | None:
    """Whether the year's target is reached; None when the target or the actual is missing."""
    if value is None or value.target is None or value.actual is None:
        return None
    return value.actual <= value.target if indicator.less_is_better else value.actual >= value.target


def degree(indicator: Indicator, value: IndicatorValue | None) -> float | None:
    """How far the target is reached: 1 is exactly; None without both numbers (or a zero)."""
    if value is None or value.target is None or value.actual is None:
        return None
    if indicator.less_is_better:
        return value.target / value.actual if value.actual else (1.0 if value.target == 0 else None)
    return value.actual / value.target if value.target else None


@dataclass
class Part:
    value: float | None
    counted: int     # how many indicators (or occurrences) it is computed from
    of: int          # how many there are (those without both numbers are not counted)
    note: str


@dataclass
class Index:
    year: int
    goal: Part
    tasks: Part
    activities: Part
    weights: tuple[float, float, float]

    @property
    def value(self) -> float | None:
        parts = (self.goal.value, self.tasks.value, self.activities.value)
        if any(p is None for p in parts):
            return None
        return sum(w * p for w, p in zip(self.weights, parts, strict=True))

    @property
    def verdict(self) -> tuple[int, str] | None:
        return verdict(self.value) if self.value is not None else None


def goal_part(indicators: list[Indicator], values: dict[tuple[int, int], IndicatorValue], year: int) -> Part:
    goals = [i for i in indicators if i.group == Group.GOAL]
    marks = [reached(i, values.get((i.id, year))) for i in goals]
    known = [m for m in marks if m is not None]
    value = sum(known) / len(known) if known else None
    return Part(value, len(known), len(goals), f"достигнуто {sum(known)} из {len(known)} целевых ориентиров")


def tasks_part(indicators: list[Indicator], values: dict[tuple[int, int], IndicatorValue], year: int) -> Part:
    tasks = [i for i in indicators if i.group == Group.TASK]
    degrees = [d for d in (degree(i, values.get((i.id, year))) for i in tasks) if d is not None]
    value = sum(degrees) / len(degrees) if degrees else None
    return Part(value, len(degrees), len(tasks), f"среднее достижение {len(degrees)} показателей задач")


def activities_part(programme: Programme, year: int) -> Part:
    """The plan's occurrences due in the year, and those every participant has marked done."""
    scope = activity_scope(programme.id)
    activities: list[Activity] = load_activities(scope)
    people = Participation.load()
    done = done_by(scope)
    planned = carried = 0
    for activity in activities:
        expected = set(people.of(activity))
        for occurrence in activity.occurrences:
            if occurrence.due_date.year != year or not expected:
                continue
            planned += 1
            carried += expected <= done.get(occurrence.id, set())
    return Part(carried / planned if planned else None, carried, planned,
                f"выполнено {carried} из {planned} сроков плана в {year} году (срок выполнен, когда его отметили все "
                "участники)")


def effectiveness(programme: Programme, indicators: list[Indicator], values, year: int) -> Index:
    return Index(year, goal_part(indicators, values, year), tasks_part(indicators, values, year),
                 activities_part(programme, year),
                 (programme.weight_goal, programme.weight_tasks, programme.weight_activities))

