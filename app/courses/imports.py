"""Import of a provider's list (/courses/import) on the shared «import with a preview»
(app/imports/flow.py): each unmatched or ambiguous name is resolved in its row, then all rows or
none become course records."""
from flask import url_for
from flask_login import current_user
from flask_wtf.file import FileField
from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError
from wtforms import SelectField

from app.audit.models import record
from app.auth.models import Role
from app.extensions import db
from app.forms import BaseForm, choices
from app.imports.flow import Conflict, PreviewImport, register
from app.registry.matching import People

from . import bp
from .importing import rows_from, view_rows
from .models import Course, CourseProvider, TrainingForm

KEEPERS = (*Role.EDITORS, Role.SCHOOL)


class UploadForm(BaseForm):
    file = FileField("Список слушателей (.xlsx или .docx)")
    provider_id = SelectField("Кто проводил курсы", coerce=int)
    form = SelectField("Форма обучения (если в списке её нет)", choices=choices(TrainingForm.LABELS.items()))


def people_in_reach() -> People:
    """A school matches names among its own teachers only."""
    return People(current_user.organisation_id if current_user.role == Role.SCHOOL else None)


def choose_person(row, values, people: People, allow_none: bool = True) -> dict:
    """A people's row's choice: a person among those the user may pick, «не импортировать», or
    (where allowed) back to «— выберите —»."""
    from flask import abort

    choice = values.get("choice", "")
    if choice == "skip":
        return {**row.data, "skip": True}
    if choice.isdigit() and int(choice) in people.by_id:
        return {**row.data, "skip": False, "person_id": int(choice)}
    if choice == "" and allow_none:
        return {**row.data, "skip": False, "person_id": None}
    abort(400)


class CourseListImport(PreviewImport):
    kind = "courses"
    what = "список слушателей"
    roles = KEEPERS
    upload_template = "courses/import_upload.html"
    row_template = "courses/_import_row.html"
    nav_template = "courses/_nav.html"
    columns = ("В списке", "Педагог в реестре", "Программа", "Часов", "Даты", "Документ")
    fix_hint = ("Для строки с замечанием выберите педагога из реестра или «не импортировать». Нет нужного "
                "человека — добавьте его в реестр педагогов и обновите эту страницу.")
    already_done = "Этот список уже импортирован."

    def upload_form(self):
        form = UploadForm()
        form.provider_id.choices = choices((p.id, p.name) for p in db.session.scalars(
            select(CourseProvider).order_by(CourseProvider.position, CourseProvider.name)))
        return form

    def read(self, tables, form):
        rows = rows_from(tables)
        forms_by_label = {label: key for key, label in TrainingForm.LABELS.items()}
        people = people_in_reach()
        for row in rows:
            row["form"] = forms_by_label.get(row["form"].strip().lower(), form.form.data)
            sure = people.match(row["name"], row["organisation"])
            row["person_id"] = sure.id if sure else None
        return rows, {"provider_id": form.provider_id.data, "form": form.form.data}

    def views(self, draft, rows):
        return view_rows(rows, people_in_reach())

    def choose(self, draft, row, values):
        return choose_person(row, values, people_in_reach())

    def title(self, draft):
        return f"Проверка списка «{draft.filename}»"

    def context(self, draft):
        provider = db.session.get(CourseProvider, draft.settings.get("provider_id"))
        return {"about": f"Кто проводил: {provider.name if provider else '—'}."}

    def apply(self, draft, views):
        try:
            db.session.execute(insert(Course), [
                {**v.values, "person_id": v.person.id, "organisation_id": v.person.organisation_id,
                 "provider_id": draft.settings["provider_id"], "provider_name": "",
                 "form": v.data.get("form") or draft.settings.get("form")}
                for v in views])
        except IntegrityError:  # a course recorded by hand between the preview and now
            raise Conflict("Пока вы смотрели список, часть этих курсов записали в реестр — проверьте строки "
                           "ещё раз.") from None
        record("import", "course", None, f"Импорт курсов из файла «{draft.filename}»: записей {len(views)}")
        return f"Импортировано записей о курсах: {len(views)}."

    def done_url(self, draft):
        return url_for("courses.index")


course_lists = register(bp, CourseListImport(), "/import")
