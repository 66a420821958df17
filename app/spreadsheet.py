"""Spreadsheet helpers shared by every Excel export (openpyxl).

Every value goes through `put()`: control characters that Excel refuses are dropped, and a
text starting with = + - @ is stored as text with a quote prefix, never as a formula.
"""
import math
from io import BytesIO

from flask import send_file
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

THIN = Side(style="thin", color="999999")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")
HEADER_FILL = PatternFill("solid", fgColor="E4EAF2")
SECTION_FILL = PatternFill("solid", fgColor="F1F4F8")


def put(ws, row: int, column: int, value, bold: bool = False, fill=None):
    cell = ws.cell(row=row, column=column)
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
        cell.value = value
        if value[:1] in ("=", "+", "-", "@"):
            cell.data_type = "s"  # text, not a formula
            cell.quotePrefix = True
    else:
        cell.value = value
    cell.alignment = WRAP
    cell.border = BOX
    if bold:
        cell.font = Font(bold=True)
    if fill:
        cell.fill = fill
    return cell


def page_setup(ws, header_rows: int) -> None:
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{header_rows}:{header_rows}"
    ws.oddFooter.right.text = "Страница &P из &N"
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.5


XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def send_xlsx(data: bytes, name: str):
    """An Excel file as a download; a "/" in the name (a school year, a date) would cut it."""
    return send_file(BytesIO(data), as_attachment=True, download_name=name.replace("/", "-"), mimetype=XLSX_MIMETYPE)


def to_bytes(wb: Workbook) -> bytes:
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()




def header(ws, row: int, columns: list[tuple[str, int]]) -> None:
    """A bold, shaded header row with the columns' widths."""
    for index, (name, width) in enumerate(columns, start=1):
        put(ws, row, index, name, bold=True, fill=HEADER_FILL)
        ws.column_dimensions[get_column_letter(index)].width = width


LINE_POINTS = 15  # one line of 11 pt text


def fit_row_height(ws, row: int, columns: int) -> None:
    """Set a row's height from its wrapped text: openpyxl does not fit rows, and LibreOffice
    prints an unfitted row at the default height, over the next row's text."""
    lines = 1
    for column in range(1, columns + 1):
        value = ws.cell(row=row, column=column).value
        if value is None:
            continue
        width = ws.column_dimensions[get_column_letter(column)].width or 10
        per_line = max(int(width * 0.95) - 1, 1)  # Cyrillic letters are a little wider than "0"
        needed = sum(max(math.ceil(len(part) / per_line), 1) for part in str(value).split("\n"))
        lines = max(lines, needed)
    ws.row_dimensions[row].height = lines * LINE_POINTS + 3

