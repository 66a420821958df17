"""The plan and the status matrix as Excel files, in the shapes the approval asks for."""
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border
from openpyxl.utils import get_column_letter

from app.spreadsheet import HEADER_FILL, SECTION_FILL, header, page_setup, put, to_bytes


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
    put(ws, line + 1, 1, title, bold=True).border = Border()
    ws.merge_cells(start_row=line + 1, start_column=1, end_row=line + 1, end_column=width)
    ws.row_dimensions[line + 1].height = 36
    header_row = line + 3
    header(ws, header_row, columns)
    row = header_row + 1
    for item in rows:
        if item[0] == "section":
            put(ws, row, 1, item[1], bold=True, fill=SECTION_FILL)
            put(ws, row, 2, item[2], bold=True, fill=SECTION_FILL)
            for column in range(3, width + 1):
                put(ws, row, column, "", fill=SECTION_FILL)
            ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=width)
        else:
            for column, value in enumerate(item[1], start=1):
                put(ws, row, column, value)
        row += 1
    page_setup(ws, header_row)
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    return to_bytes(wb)


def matrix_workbook(title: str, columns: list[tuple[str, str]], rows: list[tuple[str, list[str]]]) -> bytes:
    """Organisations × (activity number, occurrence label)."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Выполнение"
    put(ws, 1, 1, title, bold=True).border = Border()
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=max(len(columns) + 1, 2))
    put(ws, 3, 1, "Организация", bold=True, fill=HEADER_FILL)
    put(ws, 4, 1, "", fill=HEADER_FILL)
    ws.merge_cells(start_row=3, start_column=1, end_row=4, end_column=1)
    ws.column_dimensions["A"].width = 22
    for index, (number, label) in enumerate(columns, start=2):
        put(ws, 3, index, number, bold=True, fill=HEADER_FILL)
        put(ws, 4, index, label, fill=HEADER_FILL)
        ws.column_dimensions[get_column_letter(index)].width = 14
    for row_index, (name, values) in enumerate(rows, start=5):
        put(ws, row_index, 1, name, bold=True)
        for column, value in enumerate(values, start=2):
            put(ws, row_index, column, value)
    page_setup(ws, 4)
    ws.print_title_rows = "3:4"
    ws.print_title_cols = "A:A"
    ws.freeze_panes = "B5"
    return to_bytes(wb)
