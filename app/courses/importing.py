"""A provider's list of course graduates read into course records: a row per person (ФИО,
organisation, programme, hours, dates, document number), the columns found by their words, the
names matched to the registry, every row checked before anything is saved.
"""
import re

from sqlalchemy import select

from app.extensions import db
from app.imports.flow import RowView
from app.registry.matching import People
from app.registry.models import Person
from app.table_reading import ImportFileError, Table, header_row
from app.table_reading import cell_date as parse_date

from .models import Course


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", (text or "").lower().replace("ё", "е")).strip()


def column_role(text: str) -> str | None:
    t = _norm(text)
    if not t:
        return None
    if "удостовер" in t or "диплом" in t or "рег" in t or "серия" in t or ("номер" in t and "п/п" not in t):
        return "number"
    if t in ("№", "n", "№ п/п", "n п/п", "п/п"):
        return None
    if "фио" in t or "фамилия" in t or "слушател" in t or "участник" in t or "ф.и.о" in t:
        return "name"
    if "форма" in t:
        return "form"
    if "организац" in t or "место работы" in t or "оо" == t or "учреждени" in t or "школ" in t:
        return "organisation"
    if "час" in t or "объем" in t:
        return "hours"
    if "начал" in t:
        return "start"
    if "оконч" in t:
        return "end"
    if "срок" in t or "период" in t or "дата" in t or "даты" in t:
        return "dates"
    if "программ" in t or "курс" in t or "тема" in t or "наименование" in t:
        return "programme"
    return None


def find_columns(table: Table) -> tuple[dict[str, int], int] | None:
    """The header (a name column and a programme or hours column) and the row it is on."""
    return header_row(table, column_role, lambda roles: "name" in roles and bool({"programme", "hours"} & roles.keys()))


DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{2,4})")


def rows_from(tables: list[Table]) -> list[dict]:
    """The list's rows as text, from the first table with a recognisable header."""
    for table in tables:
        found = find_columns(table)
        if found is None:
            continue
        roles, header = found
        rows = []
        for row in table.rows[header + 1:]:
            values = {role: (row[column].text if column < len(row) else "") for role, column in roles.items()}
            if not values.get("name") or re.fullmatch(r"[\d\s.]+", values["name"]):
                continue  # an empty line, or a numbering row «1 2 3»
            start, end = values.get("start", ""), values.get("end", "")
            if "dates" in values and not (start and end):
                found_dates = DATE.findall(values["dates"])
                if found_dates:
                    start = start or ".".join(found_dates[0])
                    end = end or ".".join(found_dates[-1])
            rows.append({"name": values["name"], "organisation": values.get("organisation", ""),
                         "programme": values.get("programme", ""), "hours": values.get("hours", ""),
                         "start": start, "end": end, "number": values.get("number", "")[:100], "form": values.get("form", ""),
                         "person_id": None, "skip": False})
        if rows:
            return rows
        raise ImportFileError("Заголовок таблицы найден, но под ним нет ни одной строки со слушателем.")
    raise ImportFileError("Не найдена строка заголовка: нужны колонки «ФИО» и «Программа» (или «Часы»).")


def view_rows(rows: list, people: People) -> list[RowView]:
    """Each row with its person and its problems; a row twice in the list, or a course already in
    the registry, is a problem too (a person takes a programme from a date once)."""
    views = [view_row(row, people) for row in rows]
    keys = [(v.person.id, v.values["programme_title"], v.values["starts_on"]) for v in views
            if v.person and v.values and not v.data.get("skip")]
    existing = set()
    if keys:
        existing = set(db.session.execute(
            select(Course.person_id, Course.programme_title, Course.starts_on)
            .where(Course.person_id.in_({k[0] for k in keys}))).all())
    seen = set()
    for view in views:
        if view.data.get("skip") or not view.person or not view.values:
            continue
        key = (view.person.id, view.values["programme_title"], view.values["starts_on"])
        if key in existing:
            view.problems.append("Этот курс у педагога уже есть в реестре — не импортируйте строку.")
        elif key in seen:
            view.problems.append("Строка повторяет одну из предыдущих — не импортируйте её.")
        seen.add(key)
    return views


def view_row(row, people: People) -> RowView:
    data = row.data
    view = RowView(row, data)
    if data.get("skip"):
        return view
    chosen = data.get("person_id")
    if chosen and chosen in people.by_id:
        view.person = people.by_id[chosen]
        view.choices = _unique([view.person, *people.candidates(data["name"], data["organisation"]),
                                *people.same_surname(data["name"])])
    else:
        found = people.candidates(data["name"], data["organisation"])
        sure = people.match(data["name"], data["organisation"])
        if sure:
            view.person = sure
            view.choices = found
        elif len(found) > 1:
            view.choices = found
            view.problems.append("В реестре несколько педагогов с таким именем — выберите.")
        elif found:
            view.choices = found
            view.problems.append(f"В реестре {found[0].full_name} — из {found[0].organisation.short_name}, а в списке "
                                 f"«{data['organisation']}»: выберите, если это он(а).")
        else:
            view.choices = people.same_surname(data["name"])
            view.problems.append("Нет в реестре — выберите педагога или не импортируйте строку.")
    hours = re.sub(r"[^\d]", "", str(data.get("hours", "")).split(",")[0].split(".")[0])
    starts, ends = parse_date(data.get("start", "")), parse_date(data.get("end", ""))
    if not data.get("programme"):
        view.problems.append("Нет названия программы.")
    if not hours or int(hours) <= 0:
        view.problems.append("Часы не указаны или не число больше нуля.")
    if not starts or not ends:
        view.problems.append("Даты обучения не распознаны (нужно ДД.ММ.ГГГГ).")
    elif ends < starts:
        view.problems.append("Окончание раньше начала.")
    if data.get("programme") and hours and int(hours) > 0 and starts and ends and ends >= starts:
        view.values = {"programme_title": data["programme"][:500], "hours": int(hours), "starts_on": starts,
                       "ends_on": ends, "document_number": data.get("number", "")[:100]}
    return view


def _unique(people: list[Person]) -> list[Person]:
    seen, result = set(), []
    for person in people:
        if person.id not in seen:
            seen.add(person.id)
            result.append(person)
    return result
