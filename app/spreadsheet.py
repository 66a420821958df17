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




def title_row(ws, row: int, text: str, columns: int, bold: bool = False) -> None:
    """A line of text above a table, across its columns, without borders, fitted to its text."""
    put(ws, row, 1, text, bold=bold).border = Border()
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=columns)
    fit_row_height(ws, row, columns)


def header(ws, row: int, columns: list[tuple[str, int]]) -> None:
    """A bold, shaded header row with the columns' widths."""
    for index, (name, width) in enumerate(columns, start=1):
        put(ws, row, index, name, bold=True, fill=HEADER_FILL)
        ws.column_dimensions[get_column_letter(index)].width = width
    fit_row_height(ws, row, len(columns))


LINE_POINTS = 15  # one line of 11 pt text


def _width(word: str) -> float:
    """A word's width in widths of "0": capitals are wider than small letters."""
    return sum(1.3 if ch.isupper() else 1.0 for ch in word)


def wrapped_lines(text: str, per_line: float) -> int:
    """Lines a text takes in a cell `per_line` characters wide, wrapped at spaces as Calc does."""
    lines = 0
    for paragraph in text.split("\n"):
        lines += 1
        used = 0.0
        for word in paragraph.split():
            width = _width(word)
            if used and used + 1 + width > per_line:
                lines += 1
                used = 0.0
            if width > per_line:  # a word wider than the column breaks anywhere
                lines += math.ceil(width / per_line) - 1
                used = width % per_line
            else:
                used += (1 if used else 0) + width
    return max(lines, 1)


def _merged_widths(ws, row: int) -> dict[int, float]:
    """For the first cell of each merged range starting on this row: the range's total width."""
    widths = {}
    for merged in ws.merged_cells.ranges:
        if merged.min_row == row:
            widths[merged.min_col] = sum(ws.column_dimensions[get_column_letter(c)].width or 10
                                         for c in range(merged.min_col, merged.max_col + 1))
    return widths


def fit_row_height(ws, row: int, columns: int, minimum: float = 0) -> None:
    """Set a row's height from its wrapped text: openpyxl does not fit rows, and LibreOffice
    prints an unfitted row at the default height, over the next row's text. Merged cells count
    with the width of their whole range; bold text is taken a tenth wider."""
    merged = _merged_widths(ws, row)
    lines = 1
    for column in range(1, columns + 1):
        cell = ws.cell(row=row, column=column)
        if cell.value is None or cell.value == "":
            continue
        width = merged.get(column) or ws.column_dimensions[get_column_letter(column)].width or 10
        per_line = (width - 1) / (1.1 if cell.font and cell.font.bold else 1.0)
        lines = max(lines, wrapped_lines(str(cell.value), max(per_line, 1)))
    ws.row_dimensions[row].height = max(lines * LINE_POINTS + 3, minimum)
