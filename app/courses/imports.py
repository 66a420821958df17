"""Import of a provider's list (/courses/import): upload, a preview where each unmatched or
ambiguous name is resolved in its row (htmx), then all rows or none."""
from datetime import datetime
from pathlib import Path

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf.file import FileField
from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError
from wtforms import SelectField

from app.audit.models import record
from app.auth.models import Role
from app.auth.permissions import roles_required
from app.extensions import db
from app.forms import BaseForm, choices
from app.table_reading import ImportFileError, read_tables

from . import bp
from .importing import People, new_draft, rows_from, view_rows
from .models import Course, CourseImport, CourseImportRow, CourseProvider, TrainingForm

KEEPERS = (*Role.EDITORS, Role.SCHOOL)
MAX_BYTES = 10 * 1024 * 1024


class UploadForm(BaseForm):
    file = FileField("Список слушателей (.xlsx или .docx)")
    provider_id = SelectField("Кто проводил курсы", coerce=int)
    form = SelectField("Форма обучения (если в списке её нет)", choices=choices(TrainingForm.LABELS.items()))


def _scope() -> int | None:
    """A school matches names among its own teachers only."""
    return current_user.organisation_id if current_user.role == Role.SCHOOL else None


@bp.route("/import", methods=["GET", "POST"])
@roles_required(*KEEPERS)
def import_upload():
    form = UploadForm()
    form.provider_id.choices = choices((p.id, p.name) for p in db.session.scalars(
        select(CourseProvider).order_by(CourseProvider.position, CourseProvider.name)))
    if request.method == "GET" or not form.validate():
        return render_template("courses/import_upload.html", form=form), 422 if form.errors else 200
    upload = request.files.get("file")
    data = upload.stream.read(MAX_BYTES + 1) if upload else b""
    name = Path(upload.filename or "").name[:200] if upload else ""
    try:
        if not name:
            raise ImportFileError("Выберите файл со списком слушателей.")
        if len(data) > MAX_BYTES:
            raise ImportFileError("Файл больше 10 МБ: список слушателей столько не занимает.")
        rows = rows_from(read_tables(data))
    except ImportFileError as error:
        form.file.errors = [str(error)]
        return render_template("courses/import_upload.html", form=form), 422
    forms_by_label = {label: key for key, label in TrainingForm.LABELS.items()}
    people = People(_scope())
    for row in rows:
        row["form"] = forms_by_label.get(row["form"].strip().lower(), form.form.data)
        sure = people.match(row["name"], row["organisation"])
        row["person_id"] = sure.id if sure else None
    draft = new_draft(name, rows, form.provider_id.data, form.form.data, current_user)
    db.session.add(draft)
    db.session.commit()
    return redirect(url_for(".import_preview", import_id=draft.id))


def _load(import_id: int) -> CourseImport:
    draft = db.get_or_404(CourseImport, import_id)
    if draft.created_by_id != current_user.id and draft.organisation_id != current_user.organisation_id:
        abort(403)  # another organisation's upload
    return draft


def _preview(draft: CourseImport, status: int = 200, error: str = ""):
    views = view_rows(draft.rows, People(_scope()))
    shown = [v for v in views if not v.data.get("skip")]
    return render_template("courses/import_preview.html", draft=draft, views=views, error=error,
                           ready=sum(1 for v in shown if not v.problems and v.person),
                           with_problems=sum(1 for v in shown if v.problems or not v.person),
                           skipped=len(views) - len(shown)), status


@bp.get("/import/<int:import_id>")
@roles_required(*KEEPERS)
def import_preview(import_id):
    draft = _load(import_id)
    if draft.imported_at:
        flash("Этот список уже импортирован.")
        return redirect(url_for(".index"))
    return _preview(draft)


@bp.post("/import/<int:import_id>/rows/<int:position>")
@roles_required(*KEEPERS)
def import_row(import_id, position):
    """The row's choice: a person (among those offered) or «не импортировать»."""
    draft = _load(import_id)
    row = db.session.scalars(select(CourseImportRow).where(CourseImportRow.import_id == draft.id,
                                                           CourseImportRow.position == position)).first()
    if row is None or draft.imported_at:
        abort(404)
    people = People(_scope())
    choice = request.form.get("person", "")
    data = dict(row.data)
    if choice == "skip":
        data["skip"] = True
    elif choice.isdigit() and int(choice) in people.by_id:
        data["skip"], data["person_id"] = False, int(choice)
    elif choice == "":
        data["skip"], data["person_id"] = False, None
    else:
        abort(400)
    row.data = data
    db.session.commit()
    if not request.htmx:
        return redirect(url_for(".import_preview", import_id=draft.id, _anchor=f"row-{position}"))
    views = {v.row.position: v for v in view_rows(draft.rows, people)}  # duplicates are told across rows
    return render_template("courses/_import_row.html", v=views[position], draft=draft)


@bp.post("/import/<int:import_id>")
@roles_required(*KEEPERS)
def import_save(import_id):
    draft = _load(import_id)
    if draft.imported_at:
        flash("Этот список уже импортирован.")
        return redirect(url_for(".index"))
    views = [v for v in view_rows(draft.rows, People(_scope())) if not v.data.get("skip")]
    bad = [v for v in views if v.problems or not v.person or not v.values]
    if bad:
        return _preview(draft, 422, f"Строк с замечаниями: {len(bad)}. Выберите педагога или отметьте «не "
                                    "импортировать» — импортируются все строки или ни одной.")
    if not views:
        return _preview(draft, 422, "Все строки отмечены «не импортировать» — импортировать нечего.")
    claimed = db.session.execute(update(CourseImport).where(CourseImport.id == draft.id,
                                                            CourseImport.imported_at.is_(None))
                                 .values(imported_at=datetime.now())).rowcount
    if not claimed:
        db.session.rollback()
        flash("Этот список уже импортирован.")
        return redirect(url_for(".index"))
    try:
        db.session.execute(insert(Course), [
            {**v.values, "person_id": v.person.id, "organisation_id": v.person.organisation_id,
             "provider_id": draft.provider_id, "provider_name": "", "form": v.data.get("form") or draft.form}
            for v in views])
        record("import", "course", None, f"Импорт курсов из файла «{draft.filename}»: записей {len(views)}")
        db.session.commit()
    except IntegrityError:  # a course recorded by hand between the preview and now
        db.session.rollback()
        return _preview(draft, 409, "Пока вы смотрели список, часть этих курсов записали в реестр — проверьте "
                                    "строки ещё раз.")
    flash(f"Импортировано записей о курсах: {len(views)}.")
    return redirect(url_for(".index"))


@bp.post("/import/<int:import_id>/delete")
@roles_required(*KEEPERS)
def import_discard(import_id):
    draft = _load(import_id)
    if not draft.imported_at:
        db.session.delete(draft)
        db.session.commit()
        flash(f"Загрузка «{draft.filename}» удалена.")
    return redirect(url_for(".index"))

