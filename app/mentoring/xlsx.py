"""Mentoring as Excel files: the registry of pairs, and the mentors' preparation in the
regional shape. Print-ready like the plan's: A4, header on every page, rows fitted to text."""
from openpyxl import Workbook

from app.spreadsheet import fit_row_height, header, page_setup, put, title_row, to_bytes

from .queries import preparation_counts

PAIR_COLUMNS = [("№", 5), ("Наставник", 22), ("Должность наставника", 18), ("ОО наставника", 14),
                ("Наставляемый(е)", 22), ("Должность", 18), ("ОО", 12), ("Форма наставничества", 18),
                ("Приказ ОО", 16), ("Начало", 11), ("Окончание", 11), ("Статус", 12), ("Результат", 28)]

PREPARATION_COLUMNS = [
    ("ОО", 16), ("Педагогов-наставников (из штата ОО)", 16), ("Привлечено наставников извне", 16),
    ("Обучены на КПК в регионе", 14), ("Обучены на КПК в других регионах", 14),
    ("Обучены иначе (семинары, тренинги) в регионе", 16), ("Обучены иначе в других регионах", 14),
    ("Нуждаются в обучении", 14),
]


def pairs_workbook(pairs) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Реестр пар"
    header(ws, 3, PAIR_COLUMNS)
    title_row(ws, 1, "Реестр наставнических пар (групп)", len(PAIR_COLUMNS), bold=True)
    for number, pair in enumerate(pairs, start=1):
        row = 3 + number
        order = f"№ {pair.order_number}" if pair.order_number else ""
        if pair.order_date:
            order = f"{order} от {pair.order_date:%d.%m.%Y}".strip()
        end = pair.closed_on or pair.ends_on
        values = [number, pair.mentor.full_name, pair.mentor.position, pair.mentor.organisation.short_name,
                  "\n".join(p.full_name for p in pair.mentees), "\n".join(p.position for p in pair.mentees),
                  pair.organisation.short_name, pair.form.name, order, pair.starts_on.strftime("%d.%m.%Y"),
                  end.strftime("%d.%m.%Y") + ("" if pair.closed_on else " (план)"),
                  pair.status_label + (f": {pair.status_reason}" if pair.status_reason else ""), pair.result]
        for column, value in enumerate(values, start=1):
            put(ws, row, column, value)
        fit_row_height(ws, row, len(PAIR_COLUMNS))
    page_setup(ws, 3)
    return to_bytes(wb)


def preparation_workbook(year, shown, by_school, profiles, sessions, total: bool) -> bytes:
    """A row per school (mentors of its pairs active in the year) and the municipality, where a
    mentor of several schools counts once."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Подготовка наставников"
    header(ws, 3, PREPARATION_COLUMNS)
    title_row(ws, 1, f"Подготовка наставников, {year}/{year + 1} учебный год", len(PREPARATION_COLUMNS), bold=True)
    row = 4
    for school in shown:
        for column, value in enumerate([school.short_name, *preparation_counts(by_school.get(school.id, set()), profiles,
                                                                    sessions)], start=1):
            put(ws, row, column, value)
        fit_row_height(ws, row, len(PREPARATION_COLUMNS))
        row += 1
    if total:
        everyone = set().union(*by_school.values()) if by_school else set()
        for column, value in enumerate(["Итого (каждый наставник — один раз)", *preparation_counts(everyone, profiles, sessions)],
                                       start=1):
            put(ws, row, column, value, bold=True)
        fit_row_height(ws, row, len(PREPARATION_COLUMNS))
    title_row(ws, row + 2, "«Обучены иначе в регионе» включает посещение муниципальной школы наставников.",
              len(PREPARATION_COLUMNS))
    page_setup(ws, 3)
    return to_bytes(wb)
