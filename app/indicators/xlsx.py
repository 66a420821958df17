"""The year's analytical report as an Excel file, print-ready (A4, header on each page)."""
from openpyxl import Workbook

from app.spreadsheet import SECTION_FILL, fit_row_height, header, page_setup, put, title_row, to_bytes

COLUMNS = [("№", 7), ("Показатель", 52), ("Ед.", 7), ("План", 10), ("Факт", 10), ("Отклонение", 12),
           ("Достигнуто", 14)]


def _number(value):
    return None if value is None else (int(value) if float(value).is_integer() else round(value, 2))


def report_workbook(context: dict) -> bytes:
    programme, year = context["programme"], context["year"]
    wb = Workbook()
    ws = wb.active
    ws.title = f"Отчёт {year}"
    width = len(COLUMNS)
    title_row(ws, 1, f"Аналитический отчёт о реализации программы за {year} год\n{programme.title}", width, bold=True)
    header(ws, 3, COLUMNS)
    row = 4
    for key, label in context["groups"].items():
        items = [line for line in context["lines"] if line.indicator.group == key]
        if not items:
            continue
        put(ws, row, 1, "", fill=SECTION_FILL)
        put(ws, row, 2, label.capitalize(), bold=True, fill=SECTION_FILL)
        for column in range(3, width + 1):
            put(ws, row, column, "", fill=SECTION_FILL)
        ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=width)
        row += 1
        for line in items:
            state = {True: "да", False: "нет", None: "нет данных"}[line.reached]
            values = [line.indicator.number, line.indicator.name, line.indicator.unit, _number(line.target),
                      _number(line.actual), _number(line.deviation), state]
            for column, value in enumerate(values, start=1):
                put(ws, row, column, value)
            fit_row_height(ws, row, width)
            row += 1
    row += 1
    index = context["index"]
    for label, part in [("Сидц", index.goal), ("Сидз", index.tasks), ("Сидм", index.activities)]:
        put(ws, row, 2, f"{label}: {part.note}")
        put(ws, row, 4, None if part.value is None else round(part.value, 2))
        fit_row_height(ws, row, width)
        row += 1
    weights = "·Сидц + ".join(str(w) for w in index.weights[:2])
    put(ws, row, 2, f"Инр = {weights}·Сидз + {index.weights[2]}·Сидм", bold=True)
    put(ws, row, 4, None if index.value is None else round(index.value, 2), bold=True)
    fit_row_height(ws, row, width)
    row += 1
    if index.verdict:
        put(ws, row, 2, index.verdict[1])
        fit_row_height(ws, row, width)
        row += 1
    row += 1
    put(ws, row, 2, "Выполнение плана по разделам", bold=True)
    put(ws, row, 4, "Сроков", bold=True)
    put(ws, row, 5, "Выполнено", bold=True)
    put(ws, row, 6, "%", bold=True)
    row += 1
    for item in context["sections"]:
        put(ws, row, 2, item.name)
        put(ws, row, 4, item.planned)
        put(ws, row, 5, item.done)
        put(ws, row, 6, item.percent)
        fit_row_height(ws, row, width)
        row += 1
    page_setup(ws, 3)
    ws.page_setup.orientation = "portrait"
    return to_bytes(wb)
