"""Excel files in the shapes the approval and the regional reports ask for (openpyxl).

Every text goes through `text()`: control characters that Excel refuses are dropped, and a
value starting with = + - @ is stored as text with a quote prefix, never as a formula.
"""
from io import BytesIO

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


def _page_setup(ws, header_rows: int) -> None:
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{header_rows}:{header_rows}"
    ws.oddFooter.right.text = "Страница &P из &N"
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.5


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
    header = line + 3
    for index, (name, column_width) in enumerate(columns, start=1):
        put(ws, header, index, name, bold=True, fill=HEADER_FILL)
        ws.column_dimensions[get_column_letter(index)].width = column_width
    row = header + 1
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
    _page_setup(ws, header)
    ws.freeze_panes = ws.cell(row=header + 1, column=1)
    return _bytes(wb)


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
    _page_setup(ws, 4)
    ws.print_title_rows = "3:4"
    ws.print_title_cols = "A:A"
    ws.freeze_panes = "B5"
    return _bytes(wb)


def _bytes(wb: Workbook) -> bytes:
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _event_title(event) -> str:
    return f"{event.format.name.capitalize()} «{event.topic}», {event.starts_at:%d.%m.%Y %H:%M}"


def signin_workbook(event, registrations) -> bytes:
    """Лист регистрации: one row a participant with an empty signature column, print-ready."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Лист регистрации"
    put(ws, 1, 1, "Лист регистрации участников", bold=True).border = Border()
    put(ws, 2, 1, _event_title(event)).border = Border()
    put(ws, 3, 1, event.place or event.online_url or "").border = Border()
    for row in (1, 2, 3):
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=5)
    columns = [("№", 6), ("ФИО", 34), ("Организация", 18), ("Должность", 26), ("Подпись", 20)]
    for index, (name, width) in enumerate(columns, start=1):
        put(ws, 5, index, name, bold=True, fill=HEADER_FILL)
        ws.column_dimensions[get_column_letter(index)].width = width
    for number, r in enumerate(registrations, start=1):
        for column, value in enumerate([number, r.person.full_name, r.organisation.short_name, r.person.position, ""],
                                       start=1):
            put(ws, 5 + number, column, value)
        ws.row_dimensions[5 + number].height = 28
    _page_setup(ws, 5)
    ws.page_setup.orientation = "portrait"
    return _bytes(wb)


def attendance_workbook(event, registrations) -> bytes:
    """Посещаемость по школам: registered and attended per organisation, then the names."""
    wb = Workbook()
    ws = wb.active
    ws.title = "По школам"
    put(ws, 1, 1, _event_title(event), bold=True).border = Border()
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=4)
    for index, (name, width) in enumerate([("Организация", 24), ("Зарегистрировано", 18), ("Присутствовали", 18),
                                           ("Доля, %", 10)], start=1):
        put(ws, 3, index, name, bold=True, fill=HEADER_FILL)
        ws.column_dimensions[get_column_letter(index)].width = width
    by_org: dict[str, list] = {}
    for r in registrations:
        by_org.setdefault(r.organisation.short_name, []).append(r)
    row = 4
    for name, items in by_org.items():
        came = sum(r.attended for r in items)
        for column, value in enumerate([name, len(items), came, round(100 * came / len(items))], start=1):
            put(ws, row, column, value)
        row += 1
    total = len(registrations)
    came = sum(r.attended for r in registrations)
    for column, value in enumerate(["Итого", total, came, round(100 * came / total) if total else 0], start=1):
        put(ws, row, column, value, bold=True)
    _page_setup(ws, 3)
    ws.page_setup.orientation = "portrait"

    names = wb.create_sheet("Участники")
    for index, (name, width) in enumerate([("Организация", 20), ("ФИО", 34), ("Присутствовал(а)", 16)], start=1):
        put(names, 1, index, name, bold=True, fill=HEADER_FILL)
        names.column_dimensions[get_column_letter(index)].width = width
    for number, r in enumerate(registrations, start=2):
        for column, value in enumerate([r.organisation.short_name, r.person.full_name, "да" if r.attended else "нет"],
                                       start=1):
            put(names, number, column, value)
    _page_setup(names, 1)
    names.page_setup.orientation = "portrait"
    return _bytes(wb)


def history_workbook(person, registrations) -> bytes:
    """A teacher's attended events, for the аттестация portfolio."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Мероприятия"
    put(ws, 1, 1, f"{person.full_name}: участие в мероприятиях", bold=True).border = Border()
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=4)
    for index, (name, width) in enumerate([("Дата", 12), ("Форма", 20), ("Тема", 60), ("Место", 30)], start=1):
        put(ws, 3, index, name, bold=True, fill=HEADER_FILL)
        ws.column_dimensions[get_column_letter(index)].width = width
    for row, r in enumerate(registrations, start=4):
        event = r.event
        for column, value in enumerate([event.starts_at.strftime("%d.%m.%Y"), event.format.name, event.topic,
                                        event.place or event.online_url], start=1):
            put(ws, row, column, value)
    _page_setup(ws, 3)
    return _bytes(wb)
