"""The one «import with a preview»: upload → preview → fix in place → all rows or none.

A kind of import (courses, the diagnostic, indicators, the staff list) is a `PreviewImport`
subclass that says how its file is read into rows, what each row will do and what is wrong with
it, what a user may change in a row, and how the rows are written. `register()` gives it its
pages on the feature's blueprint:

    <rule>                                   GET the upload form, POST the file → a draft
    <rule>/<import_id>                       GET the preview, POST «Импортировать»
    <rule>/<import_id>/rows/<position>       POST the row's choice (htmx: the row comes back)
    <rule>/<import_id>/rows/<position>/edit  GET the row's form (kinds whose rows are edited)
    <rule>/<import_id>/delete                POST discard the draft

The draft (app/imports/models.py) is one request's work per step: every row is its own record,
the import claims the draft with a conditional UPDATE (two tabs confirming → one import), and the
rows are checked again at the moment of import — all of them, or nothing is written.
"""
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import insert, select, update

from app.auth.permissions import roles_required
from app.extensions import db
from app.table_reading import ImportFileError, read_tables, read_upload

from .models import ImportDraft, ImportDraftRow


@dataclass
class RowView:
    """A row as the preview shows it: what it will do, and what stops it."""
    row: ImportDraftRow
    data: dict
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)      # what importing the row will change
    person: object = None                                 # the registry person it is (people's rows)
    choices: list = field(default_factory=list)           # whom the user may choose instead
    values: dict = field(default_factory=dict)            # the record's fields when the row is good
    extra: dict = field(default_factory=dict)             # what a kind's row template needs besides

    @property
    def skip(self) -> bool:
        return bool(self.data.get("skip"))

    @property
    def ready(self) -> bool:
        return not self.skip and not self.problems


class RowRefused(Exception):
    """A row's change refused: the row comes back with `form` (its errors) and `status`."""

    def __init__(self, status: int = 422, form=None):
        super().__init__(status)
        self.status, self.form = status, form


class Conflict(Exception):
    """Writing the rows found the registry changed since the preview: nothing is written."""


class PreviewImport:
    kind: str = ""
    what: str = ""                 # the file in messages: «список слушателей»
    roles: tuple = ()
    allow_csv: bool = False
    upload_template: str = ""
    row_template: str = ""
    nav_template: str = ""
    columns: tuple = ()            # the preview's headings between «№» and «Замечания»
    editable: bool = False         # rows have a form (row_form), not only a choice
    fix_hint: str = "Для строки с замечанием выберите, что с ней сделать, или «не импортировать»."
    already_done: str = "Этот файл уже импортирован."

    # --- what a kind says --------------------------------------------------------------

    def upload_form(self, **args):
        raise NotImplementedError

    def read(self, tables, form, **args) -> tuple[list[dict], dict]:
        """The rows (dicts of text) and the draft's settings; ImportFileError for the file."""
        raise NotImplementedError

    def views(self, draft: ImportDraft, rows: list[ImportDraftRow]) -> list[RowView]:
        raise NotImplementedError

    def choose(self, draft: ImportDraft, row: ImportDraftRow, values) -> dict:
        """The row's data after the user's change (the form's `values`); RowRefused, or 400."""
        choice = values.get("choice", "")
        if choice == "skip":
            return {**row.data, "skip": True}
        if choice == "keep":
            return {**row.data, "skip": False}
        abort(400)

    def row_form(self, draft: ImportDraft, row: ImportDraftRow, formdata=None):
        return None

    def apply(self, draft: ImportDraft, views: list[RowView]) -> str:
        """Write the ready rows (all of them); the message for the user. Conflict: nothing."""
        raise NotImplementedError

    def done_url(self, draft: ImportDraft) -> str:
        raise NotImplementedError

    def url_args(self, draft: ImportDraft) -> dict:
        """The view arguments of the draft's pages besides its id (a programme's, say)."""
        return {}

    def belongs(self, draft: ImportDraft, args: dict) -> bool:
        """Whether the draft may be opened at these URL arguments, by this user (beyond its
        organisation): a programme's import under that programme."""
        return True

    def title(self, draft: ImportDraft) -> str:
        return f"Проверка «{draft.filename}»"

    def summary(self, views: list[RowView]) -> str:
        """What the rows will do together, after the counts («добавить 3, обновить 2»)."""
        return ""

    def context(self, draft: ImportDraft) -> dict:
        """What the preview shows above the rows besides the counts (the provider, the year …)."""
        return {}

    # --- the pages --------------------------------------------------------------------

    def endpoint(self, name: str) -> str:
        return f"{self.blueprint}.{self.prefix}_{name}"

    def url(self, name: str, draft: ImportDraft | None = None, **values) -> str:
        if draft is not None:
            values = {**self.url_args(draft), "import_id": draft.id, **values}
        return url_for(self.endpoint(name), **values)

    def row_url(self, draft: ImportDraft, position: int, edit: bool = False) -> str:
        """A row's address, built once a page (a preview of 2,000 rows asks for 4,000 of them)."""
        known = g.setdefault("import_row_urls", {})
        base = known.get((self.kind, draft.id))
        if base is None:
            base = known[(self.kind, draft.id)] = self.url("row", draft, position=0).removesuffix("0")
        return f"{base}{position}/edit" if edit else f"{base}{position}"

    def drafts(self) -> list[ImportDraft]:
        """The user's uploads not imported yet, to come back to."""
        return list(db.session.scalars(select(ImportDraft).where(
            ImportDraft.kind == self.kind, ImportDraft.created_by_id == current_user.id,
            ImportDraft.imported_at.is_(None)).order_by(ImportDraft.id.desc()).limit(10)))

    def upload_view(self, **args):
        form = self.upload_form(**args)
        page = partial(render_template, self.upload_template, form=form, flow=self, drafts=self.drafts(), **args)
        if request.method == "GET" or not form.validate():
            return page(), 422 if form.errors else 200
        try:
            name, data = read_upload(request.files.get("file"), self.what)
            rows, settings = self.read(read_tables(data, self.allow_csv), form, **args)
        except ImportFileError as error:
            form.file.errors = [str(error)]
            return page(), 422
        draft = ImportDraft(kind=self.kind, organisation_id=current_user.organisation_id,
                            created_by_id=current_user.id, filename=name, settings=settings)
        db.session.add(draft)
        db.session.flush()
        db.session.execute(insert(ImportDraftRow), [{"import_id": draft.id, "position": n, "data": row}
                                                    for n, row in enumerate(rows, start=1)])
        db.session.commit()
        return redirect(self.url("preview", draft))

    def load(self, import_id: int, args: dict) -> ImportDraft:
        draft = db.get_or_404(ImportDraft, import_id)
        # The centre's methodists share their uploads (one may finish what another began); a
        # school's are its own.
        mine = draft.created_by_id == current_user.id or draft.organisation_id == current_user.organisation_id
        if draft.kind != self.kind or not self.belongs(draft, args):
            abort(404)
        if not mine:
            abort(403)  # another organisation's upload, as another school's records
        return draft

    def rows(self, draft: ImportDraft) -> list[ImportDraftRow]:
        return list(db.session.scalars(select(ImportDraftRow).where(ImportDraftRow.import_id == draft.id)
                                       .order_by(ImportDraftRow.position)))

    def counts(self, views: list[RowView]) -> dict:
        return {"rows": len(views), "ready": sum(1 for v in views if v.ready),
                "with_problems": sum(1 for v in views if not v.skip and v.problems),
                "skipped": sum(1 for v in views if v.skip), "summary": self.summary(views)}

    def preview_page(self, draft: ImportDraft, status: int = 200, error: str = "", editing=None):
        views = self.views(draft, self.rows(draft))
        return render_template("imports/preview.html", flow=self, draft=draft, views=views, error=error,
                               editing=editing, counts=self.counts(views), **self.context(draft)), status

    def preview_view(self, import_id: int, **args):
        draft = self.load(import_id, args)
        if draft.imported_at:
            flash(self.already_done)
            return redirect(self.done_url(draft))
        return self.preview_page(draft)

    def _row(self, draft: ImportDraft, position: int) -> ImportDraftRow:
        row = db.session.scalars(select(ImportDraftRow).where(ImportDraftRow.import_id == draft.id,
                                                              ImportDraftRow.position == position)).first()
        if row is None or draft.imported_at:
            abort(404)
        return row

    def _row_answer(self, draft: ImportDraft, row: ImportDraftRow, form=None, status: int = 200):
        """The row (with its form when open), and the counts above the table (out of band); without
        htmx, the whole preview at the row."""
        if not request.htmx:
            if form is None:
                return redirect(self.url("preview", draft, _anchor=f"row-{row.position}"))
            return self.preview_page(draft, status, "Строка не сохранена: исправьте отмеченные поля." if status >= 400
                                     else "", editing=(row.position, form))
        views = self.views(draft, self.rows(draft))   # a row twice in the file is told across rows
        view = next(v for v in views if v.row.position == row.position)
        return render_template("imports/_row_answer.html", flow=self, draft=draft, v=view, form=form,
                               counts=self.counts(views)), status

    def row_view(self, import_id: int, position: int, **args):
        draft = self.load(import_id, args)
        row = self._row(draft, position)
        try:
            data = self.choose(draft, row, request.form)
        except RowRefused as refused:
            return self._row_answer(draft, row, refused.form, refused.status)
        row.data = data
        db.session.commit()
        return self._row_answer(draft, row)

    def row_edit_view(self, import_id: int, position: int, **args):
        draft = self.load(import_id, args)
        row = self._row(draft, position)
        form = self.row_form(draft, row)
        if form is None:
            abort(404)
        return self._row_answer(draft, row, form)

    def save_view(self, import_id: int, **args):
        draft = self.load(import_id, args)
        if draft.imported_at:
            flash(self.already_done)
            return redirect(self.done_url(draft))
        views = self.views(draft, self.rows(draft))
        bad = [v for v in views if not v.skip and v.problems]
        if bad:
            return self.preview_page(draft, 422, f"Строк с замечаниями: {len(bad)}. {self.fix_hint} "
                                                 "Импортируются все строки или ни одной.")
        ready = [v for v in views if v.ready]
        if not ready:
            return self.preview_page(draft, 422, "Все строки отмечены «не импортировать» — импортировать нечего.")
        # Claimed by one request: a second click (or tab) finds it imported and changes nothing.
        claimed = db.session.execute(update(ImportDraft).where(ImportDraft.id == draft.id,
                                                               ImportDraft.imported_at.is_(None))
                                     .values(imported_at=datetime.now())).rowcount
        if not claimed:
            db.session.rollback()
            flash(self.already_done)
            return redirect(self.done_url(draft))
        try:
            message = self.apply(draft, ready)
            db.session.commit()
        except Conflict as conflict:
            db.session.rollback()
            return self.preview_page(draft, 409, str(conflict))
        flash(message)
        return redirect(self.done_url(draft))

    def discard_view(self, import_id: int, **args):
        draft = self.load(import_id, args)
        done = self.done_url(draft)
        if not draft.imported_at:
            db.session.delete(draft)
            db.session.commit()
            flash(f"Загрузка «{draft.filename}» удалена.")
        return redirect(done)


def register(bp, flow: PreviewImport, rule: str, prefix: str = "import") -> PreviewImport:
    """The import's five pages on `bp` at `rule`, named `<prefix>_upload`, `_preview`, `_save`,
    `_row`, `_row_edit` (editable kinds), `_discard`."""
    flow.blueprint, flow.prefix = bp.name, prefix
    guard = roles_required(*flow.roles)
    bp.add_url_rule(rule, f"{prefix}_upload", guard(flow.upload_view), methods=["GET", "POST"])
    bp.add_url_rule(f"{rule}/<int:import_id>", f"{prefix}_preview", guard(flow.preview_view), methods=["GET"])
    bp.add_url_rule(f"{rule}/<int:import_id>", f"{prefix}_save", guard(flow.save_view), methods=["POST"])
    bp.add_url_rule(f"{rule}/<int:import_id>/rows/<int:position>", f"{prefix}_row", guard(flow.row_view),
                    methods=["POST"])
    if flow.editable:
        bp.add_url_rule(f"{rule}/<int:import_id>/rows/<int:position>/edit", f"{prefix}_row_edit",
                        guard(flow.row_edit_view), methods=["GET"])
    bp.add_url_rule(f"{rule}/<int:import_id>/delete", f"{prefix}_discard", guard(flow.discard_view),
                    methods=["POST"])
    return flow
