"""Import of the year's diagnostic from the regional centre's spreadsheet (/courses/diagnostics/import)
on the shared «import with a preview», like a provider's list of courses: names matched to the
registry, unmatched and ambiguous rows resolved in their row, all rows or none.

The sheet has a row per teacher and either a column per area of competence (a mark — «+», «да»,
«1», «дефицит» — where a deficit was found) or one column listing the areas with a deficit.
"""
import re

from flask import request, url_for
from flask_wtf.file import FileField
from sqlalchemy import delete, select
from wtforms import IntegerField
from wtforms.validators import InputRequired, NumberRange

from app.audit.models import record
from app.extensions import db
from app.forms import BaseForm
from app.imports.flow import PreviewImport, RowView, register
from app.registry.matching import People
from app.table_reading import ImportFileError, Table
from app.upsert import insert_missing

from . import bp
from .deficits import KEEPERS, areas, school_year, year_label
from .importing import column_role
from .imports import choose_person, people_in_reach
from .route_models import CompetenceArea, DiagnosticResult, diagnostic_deficits

NO = {"", "-", "—", "–", "0", "нет", "не выявлен", "не выявлено", "отсутствует"}


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", (text or "").lower().replace("ё", "е")).strip()


def _area_of(text: str, known: list[CompetenceArea]) -> CompetenceArea | None:
    t = _norm(text)
    for area in known:
        name = _norm(area.name)
        if name and (name in t or (len(t) > 4 and t in name)):
            return area
    return None


def read_results(tables: list[Table], known: list[CompetenceArea]) -> list[dict]:
    """Rows of (name, organisation, area ids with a deficit, texts not matching an area)."""
    for table in tables:
        for index, row in enumerate(table.rows[:20]):
            columns = {"area": {}}
            for column, cell in enumerate(row):
                role = column_role(cell.text)
                area = _area_of(cell.text, known)
                if role == "name" and "name" not in columns:
                    columns["name"] = column
                elif role == "organisation" and "organisation" not in columns:
                    columns["organisation"] = column
                elif "дефицит" in _norm(cell.text) and not area:
                    columns["list"] = column
                elif area:
                    columns["area"][column] = area.id
            if "name" not in columns or not (columns["area"] or "list" in columns):
                continue
            rows = []
            for cells in table.rows[index + 1:]:
                def text(column, cells=cells):
                    return cells[column].text if column is not None and column < len(cells) else ""

                name = text(columns["name"])
                if not name or re.fullmatch(r"[\d\s.]+", name):
                    continue
                found = [area_id for c, area_id in columns["area"].items() if _norm(text(c)) not in NO]
                unknown = []
                for part in re.split(r"[;,\n]+", text(columns.get("list"))):
                    if _norm(part) in NO:
                        continue
                    area = _area_of(part, known)
                    if area and area.id not in found:
                        found.append(area.id)
                    elif not area:
                        unknown.append(part.strip()[:100])
                rows.append({"name": name, "organisation": text(columns.get("organisation")), "area_ids": found,
                             "unknown": unknown, "person_id": None, "skip": False})
            if rows:
                return rows
            raise ImportFileError("Заголовок найден, но под ним нет ни одной строки с педагогом.")
    raise ImportFileError("Не найдена строка заголовка: нужна колонка «ФИО» и колонки областей компетенций "
                          "(«Предметные», «Методические» …) или колонка «Выявленные дефициты».")


class UploadForm(BaseForm):
    file = FileField("Результаты диагностики (.xlsx или .docx)")
    year = IntegerField("Учебный год (год начала)", validators=[
        InputRequired("Укажите учебный год."), NumberRange(min=2000, max=2100, message="Год — число от 2000 до 2100.")])


def view_rows(rows, people: People) -> list[RowView]:
    """Each row with its person (or the choice to make) and its problems; a teacher twice in the
    sheet is a problem."""
    names = {a.id: a.name for a in areas()}
    views, seen = [], set()
    for row in rows:
        data = row.data
        view = RowView(row, data, extra={"areas": [names[a] for a in data["area_ids"] if a in names]})
        views.append(view)
        if view.skip:
            continue
        found = people.candidates(data["name"], data["organisation"])
        chosen = data.get("person_id")
        if chosen and chosen in people.by_id:
            view.person = people.by_id[chosen]
        view.choices = list({p.id: p for p in [*([view.person] if view.person else []), *found,
                                               *people.same_surname(data["name"])]}.values())
        if view.person is None:
            view.problems.append("В реестре несколько педагогов с таким именем — выберите." if len(found) > 1
                                 else "Нет в реестре — выберите педагога или не импортируйте строку.")
        elif view.person.id in seen:
            view.problems.append("Педагог уже есть в одной из строк выше — не импортируйте эту.")
        if view.person:
            seen.add(view.person.id)
    return views


class DiagnosticResultsImport(PreviewImport):
    kind = "diagnostics"
    what = "результаты диагностики"
    roles = KEEPERS
    upload_template = "courses/diagnostic_import_upload.html"
    row_template = "courses/_diagnostic_import_row.html"
    nav_template = "courses/_nav.html"
    columns = ("В таблице", "Педагог в реестре", "Дефициты")
    fix_hint = "Для строки с замечанием выберите педагога из реестра или «не импортировать»."
    already_done = "Эти результаты уже импортированы."

    def upload_form(self):
        return UploadForm(data={"year": school_year()} if request.method == "GET" else None)

    def read(self, tables, form):
        rows = read_results(tables, areas())
        people = people_in_reach()
        for row in rows:
            sure = people.match(row["name"], row["organisation"])
            row["person_id"] = sure.id if sure else None
        return rows, {"year": form.year.data}

    def views(self, draft, rows):
        return view_rows(rows, people_in_reach())

    def choose(self, draft, row, values):
        return choose_person(row, values, people_in_reach(), allow_none=False)

    def title(self, draft):
        return f"Проверка «{draft.filename}» — диагностика {year_label(draft.settings['year'])}"

    def context(self, draft):
        return {"about": "Результат из таблицы заменит внесённый ранее за этот учебный год."}

    def apply(self, draft, views):
        year = draft.settings["year"]
        for view in views:  # the sheet's result replaces one entered before for the same year
            person = view.person
            insert_missing(DiagnosticResult, {"person_id": person.id, "year": year,
                                              "organisation_id": person.organisation_id}, ["person_id", "year"])
            result_id = db.session.scalar(select(DiagnosticResult.id).where(DiagnosticResult.person_id == person.id,
                                                                            DiagnosticResult.year == year))
            db.session.execute(delete(diagnostic_deficits).where(diagnostic_deficits.c.result_id == result_id))
            for area_id in view.data["area_ids"]:
                insert_missing(diagnostic_deficits, {"result_id": result_id, "area_id": area_id},
                               ["result_id", "area_id"])
        record("import", "diagnostic", None, f"Импорт диагностики {year_label(year)} из файла «{draft.filename}»: "
               f"педагогов {len(views)}")
        return f"Импортированы результаты диагностики: педагогов {len(views)}."

    def done_url(self, draft):
        return url_for("courses.diagnostics", year=draft.settings["year"])


diagnostic_imports = register(bp, DiagnosticResultsImport(), "/diagnostics/import", prefix="diagnostic_import")
