"""Event lists as Excel files: the sign-in sheet, attendance by school, a teacher's history."""
from openpyxl import Workbook

from app.spreadsheet import fit_row_height, header, page_setup, put, title_row, to_bytes


def _event_title(event) -> str:
    return f"{event.format.name.capitalize()} «{event.topic}», {event.starts_at:%d.%m.%Y %H:%M}"


def signin_workbook(event, registrations) -> bytes:
    """Лист регистрации: one row a participant with an empty signature column, print-ready."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Лист регистрации"
    header(ws, 5, [("№", 6), ("ФИО", 34), ("Организация", 18), ("Должность", 26), ("Подпись", 20)])
    title_row(ws, 1, "Лист регистрации участников", 5, bold=True)
    title_row(ws, 2, _event_title(event), 5)
    title_row(ws, 3, event.place or event.online_url or "", 5)
    for number, r in enumerate(registrations, start=1):
        for column, value in enumerate([number, r.person.full_name, r.organisation.short_name, r.person.position, ""],
                                       start=1):
            put(ws, 5 + number, column, value)
        fit_row_height(ws, 5 + number, 5, minimum=28)  # room to sign
    page_setup(ws, 5)
    ws.page_setup.orientation = "portrait"
    return to_bytes(wb)


def attendance_workbook(event, registrations) -> bytes:
    """Посещаемость по школам: registered and attended per organisation, then the names."""
    wb = Workbook()
    ws = wb.active
    ws.title = "По школам"
    header(ws, 3, [("Организация", 24), ("Зарегистрировано", 18), ("Присутствовали", 18), ("Доля, %", 10)])
    title_row(ws, 1, _event_title(event), 4, bold=True)
    by_org: dict[str, list] = {}
    for r in registrations:
        by_org.setdefault(r.organisation.short_name, []).append(r)
    row = 4
    for name, items in by_org.items():
        came = sum(r.attended for r in items)
        for column, value in enumerate([name, len(items), came, round(100 * came / len(items))], start=1):
            put(ws, row, column, value)
        fit_row_height(ws, row, 4)
        row += 1
    total = len(registrations)
    came = sum(r.attended for r in registrations)
    for column, value in enumerate(["Итого", total, came, round(100 * came / total) if total else 0], start=1):
        put(ws, row, column, value, bold=True)
    page_setup(ws, 3)
    ws.page_setup.orientation = "portrait"

    names = wb.create_sheet("Участники")
    header(names, 1, [("Организация", 20), ("ФИО", 34), ("Присутствовал(а)", 16)])
    for number, r in enumerate(registrations, start=2):
        for column, value in enumerate([r.organisation.short_name, r.person.full_name, "да" if r.attended else "нет"],
                                       start=1):
            put(names, number, column, value)
        fit_row_height(names, number, 3)
    page_setup(names, 1)
    names.page_setup.orientation = "portrait"
    return to_bytes(wb)


def history_workbook(person, registrations) -> bytes:
    """A teacher's attended events, for the аттестация portfolio."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Мероприятия"
    header(ws, 3, [("Дата", 12), ("Форма", 20), ("Тема", 60), ("Место", 30)])
    title_row(ws, 1, f"{person.full_name}: участие в мероприятиях", 4, bold=True)
    for row, r in enumerate(registrations, start=4):
        event = r.event
        for column, value in enumerate([event.starts_at.strftime("%d.%m.%Y"), event.format.name, event.topic,
                                        event.place or event.online_url], start=1):
            put(ws, row, column, value)
        fit_row_height(ws, row, 4)
    page_setup(ws, 3)
    return to_bytes(wb)
