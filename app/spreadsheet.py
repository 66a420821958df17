"""Spreadsheet helpers shared by every Excel export (openpyxl).

Every value goes through `put()`: control characters that Excel refuses are dropped, and a
text starting with = + - @ is stored as text with a quote prefix, never as a formula.
"""
import math
from copy import copy
from functools import lru_cache
from io import BytesIO
from weakref import WeakKeyDictionary

from flask import send_file
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import DEFAULT_FONT, Alignment, Border, Font, NamedStyle, PatternFill, Side
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
    _apply_look(cell, bold, fill)
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        cell.data_type = "s"  # text, not a formula
        cell.quotePrefix = True
    return cell


_LOOKS: "WeakKeyDictionary[Workbook, dict]" = WeakKeyDictionary()  # each workbook's cell looks


def _apply_look(cell, bold: bool, fill) -> None:
    """A table cell's look: wrapped, boxed; bold, shaded. Setting alignment and border hashes
    them for every cell (most of the time of a 30,000-cell export), so each look is a named style
    of the workbook, set by name on its first cell; later cells copy that cell's style record
    (openpyxl's StyleArray, `_style`: the same record the name sets, without the lookup)."""
    wb = cell.parent.parent
    key = (bold, fill.fgColor.rgb if fill is not None else None)
    looks = _LOOKS.setdefault(wb, {})
    record = looks.get(key)
    if record is not None:
        cell._style = copy(record)
        return
    name = "Таблица" + (", жирный" if bold else "") + (f", фон {key[1][-6:]}" if fill is not None else "")
    font = Font(bold=True) if bold else DEFAULT_FONT  # as the cells had them before named styles
    wb.add_named_style(NamedStyle(name=name, alignment=WRAP, border=BOX, font=font,
                                  fill=fill if fill is not None else PatternFill()))
    cell.style = name
    looks[key] = copy(cell._style)


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
    return len(word) + 0.3 * sum(map(str.isupper, word))


@lru_cache(maxsize=8192)
def wrapped_lines(text: str, per_line: float) -> int:
    """Lines a text takes in a cell `per_line` characters wide, wrapped at spaces as Calc does.
    Cached: a status matrix repeats a few texts («выполнено 12.03.2023») over thousands of cells."""
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
    texts = []
    for column in range(1, columns + 1):
        cell = ws.cell(row=row, column=column)
        if cell.value is None or cell.value == "":
            continue
        width = merged.get(column) or ws.column_dimensions[get_column_letter(column)].width or 10
        texts.append((str(cell.value), width, bool(cell.font and cell.font.bold)))
    ws.row_dimensions[row].height = max(row_height(texts), minimum)


def row_height(texts) -> float:
    """The height, in points, of a row of (text, column width, bold) cells."""
    lines = 1
    for text, width, bold in texts:
        lines = max(lines, wrapped_lines(text, max((width - 1) / (1.1 if bold else 1.0), 1)))
    return lines * LINE_POINTS + 3
