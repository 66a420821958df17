"""The regional table «Участие педагогических работников в конкурсах профессионального
мастерства» as an Excel file, print-ready like the plan's (A4, header repeated on each page)."""
from openpyxl import Workbook

from app.spreadsheet import SECTION_FILL, fit_row_height, header, page_setup, put, title_row, to_bytes

TITLE = "Участие педагогических работников в конкурсах профессионального мастерства"
COLUMNS = [("Количество педагогических работников (всего, без внешних совместителей)", 22),
           ("Наименование конкурса", 48), ("Уровень", 18), ("Результат", 16),
           ("Количество участников, чел.", 16)]


def _block(ws, row: int, staff_count: int, rows, levels, results) -> int:
    """One school's (or the municipality's) rows; the staff figure in the first row. Returns the next row."""
    if not rows:
        for column, value in enumerate([staff_count, "не участвовали", "", "", 0], start=1):
            put(ws, row, column, value)
        return row + 1
    for i, r in enumerate(rows):
        values = [staff_count if i == 0 else "", r.competition, levels.get(r.level, r.level),
                  results.get(r.result, r.result), r.people]
        for column, value in enumerate(values, start=1):
            put(ws, row, column, value)
        fit_row_height(ws, row, len(COLUMNS))
        row += 1
    return row


def report_workbook(year, shown, rows, staff, total, total_staff, levels, results, **_) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Участие в конкурсах"
    header(ws, 4, COLUMNS)
    title_row(ws, 1, TITLE, len(COLUMNS), bold=True)
    scope = shown[0].name if len(shown) == 1 and total is None else "муниципальное образование, все ОО"
    title_row(ws, 2, f"{year}/{year + 1} учебный год; {scope}", len(COLUMNS))
    row = 5
    if total is not None:
        put(ws, row, 1, "Итого по муниципалитету", bold=True, fill=SECTION_FILL)
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=len(COLUMNS))
        row = _block(ws, row + 1, total_staff, total, levels, results)
    for school in shown:
        if total is not None or len(shown) > 1:
            put(ws, row, 1, school.short_name, bold=True, fill=SECTION_FILL)
            ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=len(COLUMNS))
            row += 1
        row = _block(ws, row, staff[school.id].count, rows.get(school.id, []), levels, results)
    set_by_methodist = [s.short_name for s in shown if not staff[s.id].from_registry]
    note = ("Численность педагогов — по реестру педагогов ОО"
            + (f"; задана методистом на учебный год: {', '.join(set_by_methodist)}." if set_by_methodist else "."))
    title_row(ws, row + 1, note, len(COLUMNS))
    page_setup(ws, 4)
    ws.page_setup.orientation = "portrait"
    return to_bytes(wb)
