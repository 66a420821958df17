"""The regional table of course training as an Excel file, print-ready (A4, header on each page)."""
from openpyxl import Workbook

from app.spreadsheet import fit_row_height, header, page_setup, put, title_row, to_bytes

from .models import TrainingForm


def regional_workbook(year: int, scope: str, rows) -> bytes:
    columns = [("Вид курсовой подготовки", 34)] + [(f"{label}, чел.", 13) for label in TrainingForm.LABELS.values()] \
        + [("Всего обучено, чел.", 13), ("Учреждение, осуществлявшее подготовку", 40)]
    wb = Workbook()
    ws = wb.active
    ws.title = f"КПК {year}"
    title_row(ws, 1, f"Курсовая подготовка педагогических работников по формам обучения и продолжительности, "
                     f"{year} год ({scope})", len(columns), bold=True)
    header(ws, 3, columns)
    for number, row in enumerate(rows, start=4):
        values = [row.label, *[row.by_form[form] for form in TrainingForm.LABELS], row.total, "\n".join(row.providers)]
        for column, value in enumerate(values, start=1):
            put(ws, number, column, value)
        fit_row_height(ws, number, len(columns))
    total_row = 4 + len(rows)
    put(ws, total_row, 1, "Итого (человек в каждой строке — по одному разу)", bold=True)
    for column in range(2, len(columns)):
        put(ws, total_row, column, sum(ws.cell(row=r, column=column).value or 0 for r in range(4, total_row)), bold=True)
    put(ws, total_row, len(columns), "")
    fit_row_height(ws, total_row, len(columns))
    page_setup(ws, 3)
    return to_bytes(wb)
