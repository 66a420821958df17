import re
from datetime import datetime

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import insert, select, update

from app.audit.models import record
from app.auth.permissions import editors_only
from app.clock import today
from app.extensions import db
from app.forms import choices
from app.plan.models import Programme

from . import bp
from .forms import NEW, RowForm, SettingsForm, UploadForm
from .models import PlanImport, PlanImportRow
from .preview import NEW_PERSON, TEXT, Registry, default_participants, import_rows, view_row, view_rows
from app.table_reading import ImportFileError, read_tables, read_upload
from .table import find_plan


def _targets() -> list[tuple[str, str]]:
    programmes = db.session.scalars(select(Programme).where(Programme.association_id.is_(None))
                                    .order_by(Programme.start_year.desc(), Programme.id.desc()))
    return [(NEW, "новая программа")] + [(str(p.id), f"в программу «{p.title[:90]}» ({p.period_label})")
                                          for p in programmes]


def _period_from(title: str, items) -> tuple[int, int]:
    """The period a document names ("на 2022-2024 годы"), else the years its deadlines name."""
    match = re.search(r"(20\d\d)\s*[-–—]\s*(20\d\d)", title)
    if match and int(match.group(1)) <= int(match.group(2)):
        return int(match.group(1)), int(match.group(2))
    years = sorted({int(y) for item in items for y in re.findall(r"\b(20\d\d)\b", item.deadline)})
    if years:
        return years[0], min(years[-1], years[0] + 15)
    return today().year, today().year + 2


@bp.route("", methods=["GET", "POST"])
@editors_only
def upload():
    form = UploadForm()
    form.target.choices = choices(_targets())
    drafts = db.session.scalars(select(PlanImport).where(PlanImport.created_by_id == current_user.id,
                                                         PlanImport.imported_at.is_(None))
                                .order_by(PlanImport.id.desc()).limit(10)).all()
    if request.method == "GET":
        form.target.data = request.args.get("programme", NEW)
        return render_template("plan_import/upload.html", form=form, drafts=drafts)
    if not form.validate():
        return render_template("plan_import/upload.html", form=form, drafts=drafts), 422
    try:
        name, data = read_upload(request.files.get("file"), "план мероприятий")
        found = find_plan(read_tables(data))
    except ImportFileError as error:
        form.file.errors = [str(error)]
        return render_template("plan_import/upload.html", form=form, drafts=drafts), 422
    programme = db.session.get(Programme, form.target.data) if form.target.data != NEW else None
    start, end = (programme.start_year, programme.end_year) if programme else _period_from(found.title, found.items)
    draft = PlanImport(organisation_id=current_user.organisation_id, created_by_id=current_user.id, filename=name,
                       programme_id=programme.id if programme else None, title=found.title, start_year=start,
                       end_year=end)
    db.session.add(draft)
    db.session.flush()
    db.session.execute(insert(PlanImportRow), [
        {"import_id": draft.id, "position": position,
         "data": {**item.as_dict(), "participants": default_participants(item.responsible), "manual_dates": "",
                  "people": {}}}
        for position, item in enumerate(found.items, start=1)])
    db.session.commit()
    return redirect(url_for(".preview", import_id=draft.id))


def _load(import_id: int) -> PlanImport:
    draft = db.get_or_404(PlanImport, import_id)
    # The centre's methodists share their imports (one of them may finish what another began).
    if draft.created_by_id != current_user.id and draft.organisation_id != current_user.organisation_id:
        abort(404)
    return draft


def _rows(draft: PlanImport) -> list[PlanImportRow]:
    return list(db.session.scalars(select(PlanImportRow).where(PlanImportRow.import_id == draft.id)
                                   .order_by(PlanImportRow.position)))


def _settings_form(draft: PlanImport, formdata=None) -> SettingsForm:
    form = SettingsForm(formdata=formdata, data={
        "target": str(draft.programme_id) if draft.programme_id else NEW, "title": draft.title,
        "start_year": draft.start_year, "end_year": draft.end_year})
    form.target.choices = choices(_targets())
    return form


def _render_preview(draft: PlanImport, form: SettingsForm, status: int = 200, error: str = "", editing=None):
    registry = Registry()
    views = view_rows(draft, _rows(draft), registry)
    counts = {kind: sum(1 for v in views if v.data["kind"] == kind) for kind in ("section", "activity", "skip")}
    with_problems = sum(1 for v in views if v.problems)
    return render_template("plan_import/preview.html", draft=draft, form=form, views=views, counts=counts,
                           with_problems=with_problems, error=error, editing=editing), status


@bp.get("/<int:import_id>")
@editors_only
def preview(import_id):
    draft = _load(import_id)
    if draft.imported_at:
        return redirect(url_for("plan.programme", programme_id=draft.imported_programme_id)) \
            if draft.imported_programme_id else abort(404)
    return _render_preview(draft, _settings_form(draft))


@bp.post("/<int:import_id>")
@editors_only
def save(import_id):
    """«Проверить заново» keeps the settings; «Импортировать» imports every row, or nothing."""
    draft = _load(import_id)
    if draft.imported_at:
        flash("Этот план уже импортирован.")
        return redirect(url_for("plan.programme", programme_id=draft.imported_programme_id)
                        if draft.imported_programme_id else url_for(".upload"))
    form = _settings_form(draft, formdata=request.form)
    if not form.validate():
        return _render_preview(draft, form, 422)
    programme = db.session.get(Programme, form.target.data) if form.target.data != NEW else None
    draft.programme_id = programme.id if programme else None
    draft.title = form.title.data
    draft.start_year, draft.end_year = (programme.start_year, programme.end_year) if programme else \
        (form.start_year.data, form.end_year.data)
    if request.form.get("action") != "import":
        db.session.commit()
        return redirect(url_for(".preview", import_id=draft.id))
    registry = Registry()
    rows = _rows(draft)
    blocking = [v for v in view_rows(draft, rows, registry) if v.blocking]
    if blocking:
        db.session.commit()
        return _render_preview(draft, form, 422, error=f"Строк с пустым названием: {len(blocking)}. Впишите название "
                                                      "или отметьте «не импортировать».")
    # Claimed by one request: a second click (or tab) finds it imported and changes nothing.
    claimed = db.session.execute(update(PlanImport).where(PlanImport.id == draft.id, PlanImport.imported_at.is_(None))
                                 .values(imported_at=datetime.now())).rowcount
    if not claimed:
        db.session.rollback()
        flash("Этот план уже импортирован.")
        return redirect(url_for(".preview", import_id=import_id))
    outcome = import_rows(draft, rows, registry)
    db.session.flush()
    db.session.execute(update(PlanImport).where(PlanImport.id == draft.id)
                       .values(imported_programme_id=outcome.programme.id))
    record("import", "programme", outcome.programme.id,
           f"Импорт плана из файла «{draft.filename}»: разделов {outcome.sections}, мероприятий {outcome.activities}"
           + (f", добавлено в реестр: {outcome.people_added}" if outcome.people_added else ""), outcome.programme.id)
    db.session.commit()
    flash(f"План импортирован: разделов {outcome.sections}, мероприятий {outcome.activities}.")
    return redirect(url_for("plan.programme", programme_id=outcome.programme.id))


@bp.post("/<int:import_id>/delete")
@editors_only
def discard(import_id):
    draft = _load(import_id)
    if not draft.imported_at:
        db.session.delete(draft)
        db.session.commit()
        flash(f"Загрузка «{draft.filename}» удалена.")
    return redirect(url_for(".upload"))


def _load_row(draft: PlanImport, position: int) -> PlanImportRow:
    row = db.session.scalars(select(PlanImportRow).where(PlanImportRow.import_id == draft.id,
                                                         PlanImportRow.position == position)).first()
    if row is None or draft.imported_at:
        abort(404)
    return row


def _row_form(row: PlanImportRow, formdata=None) -> RowForm:
    data = row.data
    return RowForm(formdata=formdata, data={
        "kind": data["kind"], "title": data.get("title", ""), "deadline": data.get("deadline", ""),
        "manual_dates": data.get("manual_dates", ""), "responsible": data.get("responsible", ""),
        "participants": data.get("participants"), "result": data.get("result", ""),
        "document": data.get("document", ""), "depth": str(data.get("depth") or 1)})


def _row_answer(draft: PlanImport, row: PlanImportRow, form: RowForm | None = None, status: int = 200):
    """The row (shown, or opened with its form); without htmx, the whole preview around it."""
    if not request.htmx:
        if form is None:
            return redirect(url_for(".preview", import_id=draft.id, _anchor=f"import-row-{row.position}"))
        return _render_preview(draft, _settings_form(draft), status, editing=(row.position, form))
    view = view_row(draft, row, Registry(), request.values.get("number", ""))
    return render_template("plan_import/_row.html", draft=draft, v=view, form=form), status


@bp.get("/<int:import_id>/rows/<int:position>")
@editors_only
def row(import_id, position):
    draft = _load(import_id)
    return _row_answer(draft, _load_row(draft, position))


@bp.get("/<int:import_id>/rows/<int:position>/edit")
@editors_only
def row_edit(import_id, position):
    draft = _load(import_id)
    row = _load_row(draft, position)
    return _row_answer(draft, row, _row_form(row))


@bp.post("/<int:import_id>/rows/<int:position>")
@editors_only
def row_save(import_id, position):
    draft = _load(import_id)
    row = _load_row(draft, position)
    form = _row_form(row, formdata=request.form)
    if not form.validate():
        return _row_answer(draft, row, form, 422)
    data = dict(row.data)
    for name in ("kind", "title", "deadline", "manual_dates", "responsible", "participants", "result", "document"):
        data[name] = getattr(form, name).data
    data["depth"] = int(form.depth.data)
    data["guessed"] = False
    people = {}
    for key, value in request.form.items():
        if key.startswith("person:") and (value in (TEXT, NEW_PERSON) or value.isdigit()):
            people[key.removeprefix("person:")[:200]] = value
    data["people"] = people
    row.data = data
    db.session.commit()
    return _row_answer(draft, row)
