"""The region's tables as Excel files, print-ready (A4, the header on each page)."""
from openpyxl import Workbook

from app.competitions.models import Level
from app.courses.models import CourseKind, TrainingForm
from app.mentoring.xlsx import PREPARATION_COLUMNS
from app.spreadsheet import fit_row_height, header, page_setup, put, title_row, to_bytes


def region_training_workbook(year: int, rows) -> bytes:
    """Teachers trained by municipality: by length and by form of training, the region's total."""
    columns = [("Муниципальное образование", 30), ("Обучено, чел.", 11)] \
        + [(f"{CourseKind.LABELS[kind]}, чел.", 14) for kind in CourseKind.ORDER] \
        + [(f"{label}, чел.", 12) for label in TrainingForm.LABELS.values()]
    wb = Workbook()
    ws = wb.active
    ws.title = f"КПК {year}"
    title_row(ws, 1, f"Курсовая подготовка педагогических работников по муниципальным образованиям: по "
                     f"продолжительности и формам обучения, {year} год", len(columns), bold=True)
    header(ws, 3, columns)
    for number, (name, figures) in enumerate(rows, start=4):
        last = number == 3 + len(rows)
        values = [name, figures.trained, *[figures.by_kind[k] for k in CourseKind.ORDER],
                  *[figures.by_form[f] for f in TrainingForm.LABELS]]
        for column, value in enumerate(values, start=1):
            put(ws, number, column, value, bold=last)
        fit_row_height(ws, number, len(columns))
    page_setup(ws, 3)
    return to_bytes(wb)


def region_participation_workbook(year: int, rows) -> bytes:
    """Teachers in competitions by municipality: by level, and the winners and prize-winners."""
    columns = [("Муниципальное образование", 30), ("Участвовали, чел.", 13)] \
        + [(f"{label} уровень, чел.", 14) for label in Level.LABELS.values()] + [("Победители и призёры, чел.", 14)]
    wb = Workbook()
    ws = wb.active
    ws.title = f"Конкурсы {year}-{year + 1}"
    title_row(ws, 1, f"Участие педагогических работников в конкурсах профессионального мастерства по муниципальным "
                     f"образованиям, {year}/{year + 1} учебный год", len(columns), bold=True)
    header(ws, 3, columns)
    for number, (name, figures) in enumerate(rows, start=4):
        last = number == 3 + len(rows)
        values = [name, figures.people, *[figures.by_level[level] for level in Level.LABELS], figures.awarded]
        for column, value in enumerate(values, start=1):
            put(ws, number, column, value, bold=last)
        fit_row_height(ws, number, len(columns))
    page_setup(ws, 3)
    return to_bytes(wb)


def region_preparation_workbook(year: int, rows) -> bytes:
    """Mentors' preparation by municipality, the columns of the municipality's own table."""
    columns = [("Муниципальное образование", 26)] + PREPARATION_COLUMNS[1:]
    wb = Workbook()
    ws = wb.active
    ws.title = f"Наставники {year}-{year + 1}"
    title_row(ws, 1, f"Подготовка наставников по муниципальным образованиям, {year}/{year + 1} учебный год",
              len(columns), bold=True)
    header(ws, 3, columns)
    for number, (name, counts) in enumerate(rows, start=4):
        last = number == 3 + len(rows)
        for column, value in enumerate([name, *counts], start=1):
            put(ws, number, column, value, bold=last)
        fit_row_height(ws, number, len(columns))
    page_setup(ws, 3)
    return to_bytes(wb)
