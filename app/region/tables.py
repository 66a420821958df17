"""The region's tables «для края», built from the municipalities' data instead of retyped: a row
per municipality and the region's total. Each table is its columns and one function giving every
municipality's figures at once (from the part's queries.py); the page, its print and its workbook
are the same for all of them (routes.py, templates/region/table.html, xlsx.py)."""
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select

from app.competitions.models import Level
from app.competitions.queries import participation_by_municipality
from app.courses.models import CourseKind, TrainingForm
from app.courses.queries import training_by_municipality
from app.extensions import db
from app.mentoring.queries import preparation_by_municipality
from app.mentoring.xlsx import PREPARATION_COLUMNS
from app.municipalities.models import Municipality


@dataclass(frozen=True)
class RegionTable:
    title: str  # «Курсовая подготовка по муниципалитетам»
    school_year: bool  # by school year (2026 is 2026/27), else by calendar year
    columns: list[tuple[str, int]]  # after the municipality's: (heading, width in the workbook)
    hint: str
    figures: Callable[[int], dict[int, list[int]]]  # year → municipality id → a value per column

    def rows(self, year: int) -> list[tuple[str, list[int]]]:
        """(municipality, its figures) for each by name, then («Регион», the sums)."""
        by_municipality = self.figures(year)
        rows = [(m.name, by_municipality.get(m.id, [0] * len(self.columns)))
                for m in db.session.scalars(select(Municipality).order_by(Municipality.name))]
        return rows + [("Регион", [sum(values[i] for _, values in rows) for i in range(len(self.columns))])]

    def period(self, year: int) -> str:
        return f"{year}/{year + 1} учебный год" if self.school_year else f"{year} год"


def _training(year: int) -> dict[int, list[int]]:
    return {m: [t.trained, *(t.by_kind[k] for k in CourseKind.ORDER), *(t.by_form[f] for f in TrainingForm.LABELS)]
            for m, t in training_by_municipality(year).items()}


def _participation(year: int) -> dict[int, list[int]]:
    return {m: [p.people, *(p.by_level[level] for level in Level.LABELS), p.awarded]
            for m, p in participation_by_municipality(year).items()}


COURSES = RegionTable(
    title="Курсовая подготовка по муниципалитетам", school_year=False,
    columns=[("Обучено, чел.", 11), *((f"{CourseKind.LABELS[k]}, чел.", 14) for k in CourseKind.ORDER),
             *((f"{label}, чел.", 12) for label in TrainingForm.LABELS.values())],
    hint="Педагоги школ, окончившие курсы за год, — по одному разу в строке и в каждом столбце; сумма по "
         "продолжительности может быть больше «обучено», если педагог окончил курсы разной длины.",
    figures=_training)
COMPETITIONS = RegionTable(
    title="Участие в конкурсах по муниципалитетам", school_year=True,
    columns=[("Участвовали, чел.", 13), *((f"{label} уровень, чел.", 14) for label in Level.LABELS.values()),
             ("Победители и призёры, чел.", 14)],
    hint="Педагоги с принятыми заявками конкурсов учебного года (кроме отменённых), по муниципалитету их "
         "школы, — по одному разу в строке и в каждом столбце.",
    figures=_participation)
MENTORS = RegionTable(
    title="Подготовка наставников по муниципалитетам", school_year=True, columns=PREPARATION_COLUMNS[1:],
    hint="Наставники пар, действовавших в учебном году, — по одному разу в муниципалитете; столбцы те же, что "
         "в таблице муниципалитета. «Обучены иначе в регионе» включает посещение муниципальной школы наставников.",
    figures=preparation_by_municipality)
