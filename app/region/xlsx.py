"""The region's tables as Excel files, print-ready (A4, the header on each page)."""
from openpyxl import Workbook

from app.spreadsheet import fit_row_height, header, page_setup, put, title_row, to_bytes


def region_table_workbook(table, year: int, rows) -> bytes:
    """A row per municipality, then the region's total in bold."""
    columns = [("Муниципальное образование", 28), *table.columns]
    wb = Workbook()
    ws = wb.active
    ws.title = table.title[:31]
    title_row(ws, 1, f"{table.title}, {table.period(year)}", len(columns), bold=True)
    header(ws, 3, columns)
    for number, (name, values) in enumerate(rows, start=4):
        for column, value in enumerate([name, *values], start=1):
            put(ws, number, column, value, bold=number == 3 + len(rows))
        fit_row_height(ws, number, len(columns))
    page_setup(ws, 3)
    return to_bytes(wb)
