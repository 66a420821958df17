"""The plan and the status matrix as Excel files, in the shapes the approval asks for."""
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment

from app.spreadsheet import SECTION_FILL, fit_row_height, header, page_setup, put, row_height, title_row, to_bytes


def plan_workbook(title: str, approval_lines: list[str], columns: list[tuple[str, int]], rows) -> bytes:
    """`rows` yields ("section", number, title) or ("activity", [cell values])."""
    wb = Workbook()
    ws = wb.active
    ws.title = "План мероприятий"
    width = len(columns)
    line = 1
    for text in approval_lines:
        ws.cell(row=line, column=width, value=ILLEGAL_CHARACTERS_RE.sub("", text)).alignment = Alignment(horizontal="right")
        line += 1
    header_row = line + 3
    header(ws, header_row, columns)
    title_row(ws, line + 1, title, width, bold=True)
    row = header_row + 1
    for item in rows:
        if item[0] == "section":
            put(ws, row, 1, item[1], bold=True, fill=SECTION_FILL)
            put(ws, row, 2, item[2], bold=True, fill=SECTION_FILL)
            for column in range(3, width + 1):
                put(ws, row, column, "", fill=SECTION_FILL)
            ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=width)
            fit_row_height(ws, row, width)
        else:
            for column, value in enumerate(item[1], start=1):
                put(ws, row, column, value)
            fit_row_height(ws, row, width)
        row += 1
    page_setup(ws, header_row)
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    return to_bytes(wb)


def matrix_workbook(title: str, columns: list[tuple[str, str, str]], organisations: list[str],
                    cells: list[list[str]]) -> bytes:
    """Occurrences down the page, organisations across: one row per (activity number, title,
    occurrence label), a column per organisation. Printed at a fixed 80 % (text stays above 8 pt)
    over as many pages across as the organisations need, with the first two columns and the
    header repeated on each."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Выполнение"
    header(ws, 3, [("№", 7), ("Мероприятие, срок", 40)] + [(name, 12) for name in organisations])
    title_row(ws, 1, title, min(len(organisations) + 2, 8), bold=True)  # within the first page's width
    widths = [7, 40] + [12] * len(organisations)
    for row_index, ((number, activity_title, label), values) in enumerate(zip(columns, cells, strict=True), start=4):
        put(ws, row_index, 1, number, bold=True)
        text = activity_title if len(activity_title) <= 150 else activity_title[:149] + "…"
        text = f"{text}\n{label}"
        put(ws, row_index, 2, text)
        for column, value in enumerate(values, start=3):
            put(ws, row_index, column, value)
        # The heights from the values at hand (fit_row_height would read 30,000 cells back).
        ws.row_dimensions[row_index].height = row_height(
            [(number, widths[0], True), (text, widths[1], False)]
            + [(value, width, False) for value, width in zip(values, widths[2:], strict=True) if value])
    page_setup(ws, 3)
    ws.sheet_properties.pageSetUpPr.fitToPage = False
    ws.page_setup.scale = 80
    ws.print_title_cols = "A:B"
    ws.freeze_panes = "C4"
    return to_bytes(wb)
