"""Import of the year's diagnostic from the regional centre's spreadsheet (/courses/diagnostics/import),
the same way as a provider's list of courses: names matched to the registry, unmatched and
ambiguous rows resolved in their row, all rows or none.

The sheet has a row per teacher and either a column per area of competence (a mark — «+», «да»,
«1», «дефицит» — where a deficit was found) or one column listing the areas with a deficit.
"""
import re
from datetime import datetime
from pathlib import Path

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf.file import FileField
from sqlalchemy import delete, select, update
from wtforms import IntegerField
from wtforms.validators import InputRequired, NumberRange

from app.audit.models import record
from app.auth.models import Role
from app.auth.permissions import roles_required
from app.extensions import db
from app.forms import BaseForm
from app.table_reading import ImportFileError, Table, read_tables
from app.upsert import insert_missing

from . import bp
from .deficits import KEEPERS, areas, school_year, year_label
from .importing import People, column_role
from .route_models import CompetenceArea, DiagnosticImport, DiagnosticImportRow, DiagnosticResult, diagnostic_deficits

MAX_BYTES = 10 * 1024 * 1024
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


def _scope() -> int | None:
    return current_user.organisation_id if current_user.role == Role.SCHOOL else None


@bp.route("/diagnostics/import", methods=["GET", "POST"])
@roles_required(*KEEPERS)
def diagnostic_import_upload():
    form = UploadForm(data={"year": school_year()} if request.method == "GET" else None)
    if request.method == "GET" or not form.validate():
        return render_template("courses/diagnostic_import_upload.html", form=form), 422 if form.errors else 200
    upload = request.files.get("file")
    data = upload.stream.read(MAX_BYTES + 1) if upload else b""
    name = Path(upload.filename or "").name[:200] if upload else ""
    try:
        if not name:
            raise ImportFileError("Выберите файл с результатами диагностики.")
        if len(data) > MAX_BYTES:
            raise ImportFileError("Файл больше 10 МБ: результаты диагностики столько не занимают.")
        rows = read_results(read_tables(data), areas())
    except ImportFileError as error:
        form.file.errors = [str(error)]
        return render_template("courses/diagnostic_import_upload.html", form=form), 422
    people = People(_scope())
    for row in rows:
        sure = people.match(row["name"], row["organisation"])
        row["person_id"] = sure.id if sure else None
    draft = DiagnosticImport(organisation_id=current_user.organisation_id, created_by_id=current_user.id,
                             filename=name, year=form.year.data)
    draft.rows = [DiagnosticImportRow(position=n, data=row) for n, row in enumerate(rows, start=1)]
    db.session.add(draft)
    db.session.commit()
    return redirect(url_for(".diagnostic_import_preview", import_id=draft.id))


def _load(import_id: int) -> DiagnosticImport:
    draft = db.get_or_404(DiagnosticImport, import_id)
    if draft.created_by_id != current_user.id and draft.organisation_id != current_user.organisation_id:
        abort(403)  # another organisation's upload
    return draft


def _views(draft: DiagnosticImport, people: People) -> list[dict]:
    """Each row with its person (or the choice to make) and its problems; a teacher twice in the
    sheet is a problem."""
    names = {a.id: a.name for a in areas()}
    views, seen = [], set()
    for row in draft.rows:
        data = row.data
        view = {"row": row, "data": data, "person": None, "choices": [], "problems": [],
                "areas": [names[a] for a in data["area_ids"] if a in names]}
        if data.get("skip"):
            views.append(view)
            continue
        found = people.candidates(data["name"], data["organisation"])
        chosen = data.get("person_id")
        if chosen and chosen in people.by_id:
            view["person"] = people.by_id[chosen]
        view["choices"] = list({p.id: p for p in [*([view["person"]] if view["person"] else []), *found,
                                                  *people.same_surname(data["name"])]}.values())
        if view["person"] is None:
            view["problems"].append("В реестре несколько педагогов с таким именем — выберите." if len(found) > 1
                                    else "Нет в реестре — выберите педагога или не импортируйте строку.")
        elif view["person"].id in seen:
            view["problems"].append("Педагог уже есть в одной из строк выше — не импортируйте эту.")
        if view["person"]:
            seen.add(view["person"].id)
        views.append(view)
    return views


@bp.get("/diagnostics/import/<int:import_id>")
@roles_required(*KEEPERS)
def diagnostic_import_preview(import_id, status=200, error=""):
    draft = _load(import_id)
    if draft.imported_at:
        flash("Эти результаты уже импортированы.")
        return redirect(url_for(".diagnostics", year=draft.year))
    views = _views(draft, People(_scope()))
    return render_template("courses/diagnostic_import_preview.html", draft=draft, views=views, error=error,
                           label=year_label(draft.year),
                           with_problems=sum(1 for v in views if v["problems"])), status


@bp.post("/diagnostics/import/<int:import_id>/rows/<int:position>")
@roles_required(*KEEPERS)
def diagnostic_import_row(import_id, position):
    draft = _load(import_id)
    row = next((r for r in draft.rows if r.position == position), None)
    if row is None or draft.imported_at:
        abort(404)
    people = People(_scope())
    choice = request.form.get("person", "")
    data = dict(row.data)
    if choice == "skip":
        data["skip"] = True
    elif choice.isdigit() and int(choice) in people.by_id:
        data["skip"], data["person_id"] = False, int(choice)
    else:
        abort(400)
    row.data = data
    db.session.commit()
    if not request.htmx:
        return redirect(url_for(".diagnostic_import_preview", import_id=draft.id, _anchor=f"row-{position}"))
    view = next(v for v in _views(draft, people) if v["row"].position == position)
    return render_template("courses/_diagnostic_import_row.html", v=view, draft=draft)


@bp.post("/diagnostics/import/<int:import_id>")
@roles_required(*KEEPERS)
def diagnostic_import_save(import_id):
    draft = _load(import_id)
    if draft.imported_at:
        flash("Эти результаты уже импортированы.")
        return redirect(url_for(".diagnostics", year=draft.year))
    views = [v for v in _views(draft, People(_scope())) if not v["data"].get("skip")]
    bad = [v for v in views if v["problems"]]
    if bad or not views:
        return diagnostic_import_preview(import_id, 422, f"Строк с замечаниями: {len(bad)}. Выберите педагога или "
                                         "отметьте «не импортировать» — импортируются все строки или ни одной."
                                         if bad else "Все строки отмечены «не импортировать».")
    claimed = db.session.execute(update(DiagnosticImport).where(DiagnosticImport.id == draft.id,
                                                                DiagnosticImport.imported_at.is_(None))
                                 .values(imported_at=datetime.now())).rowcount
    if not claimed:
        db.session.rollback()
        return redirect(url_for(".diagnostics", year=draft.year))
    for view in views:  # the sheet's result replaces one entered before for the same year
        person = view["person"]
        insert_missing(DiagnosticResult, {"person_id": person.id, "year": draft.year,
                                          "organisation_id": person.organisation_id}, ["person_id", "year"])
        result_id = db.session.scalar(select(DiagnosticResult.id).where(DiagnosticResult.person_id == person.id,
                                                                        DiagnosticResult.year == draft.year))
        db.session.execute(delete(diagnostic_deficits).where(diagnostic_deficits.c.result_id == result_id))
        for area_id in view["data"]["area_ids"]:
            insert_missing(diagnostic_deficits, {"result_id": result_id, "area_id": area_id}, ["result_id", "area_id"])
    record("import", "diagnostic", None, f"Импорт диагностики {year_label(draft.year)} из файла «{draft.filename}»: "
           f"педагогов {len(views)}")
    db.session.commit()
    flash(f"Импортированы результаты диагностики: педагогов {len(views)}.")
    return redirect(url_for(".diagnostics", year=draft.year))


@bp.post("/diagnostics/import/<int:import_id>/delete")
@roles_required(*KEEPERS)
def diagnostic_import_discard(import_id):
    draft = _load(import_id)
    if not draft.imported_at:
        db.session.delete(draft)
        db.session.commit()
    return redirect(url_for(".diagnostics"))
