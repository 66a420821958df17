"""The region's tables as Excel files, print-ready (A4, the header on each page)."""
from openpyxl import Workbook

from app.courses.models import CourseKind, TrainingForm
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
