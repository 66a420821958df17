"""Marking done: the coordinator's "Мои мероприятия" and the mark itself.

A coordinator marks only their own organisation; a methodist marks any participant (after a
phone call) and the mark records who did it. Marking is idempotent: posting "done" twice
leaves one mark with its first date.
"""
from datetime import datetime, timedelta

from flask import abort, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from app.audit.models import record
from app.auth.models import Role
from app.auth.routes import safe_next
from app.clock import today
from app.events.queries import upcoming
from app.extensions import db
from app.campaigns.queries import open_campaigns
from app.mentoring.queries import without_mentor
from app.plan.access import leads
from app.plan.models import Occurrence
from app.registry.models import Organisation

from . import bp
from .evidence import EvidenceError, read_upload, send_stored, store
from .forms import MarkForm
from .models import CompletionMark, MarkStatus, locked_mark
from .status import overdue_by_school
from .queries import attach_marks, centre, duties_by_occurrence, duty_counts, duty_list, is_participant, schools

UPCOMING_SHOWN = 30


def _organisation_for_view() -> Organisation | None:
    if current_user.role == Role.SCHOOL:
        return current_user.organisation
    org_id = request.args.get("org", type=int)
    if org_id:
        return db.get_or_404(Organisation, org_id)
    return centre()


DONE_SHOWN_DAYS = 365  # what is done is history: the last year's by default, the rest on request
OVERDUE_SHOWN = 50  # the most recent overdue items; a plan's old years on request


def _my_context(organisation: Organisation) -> dict:
    on = today()
    duties = duty_list(organisation, on,
                       overdue_limit=None if request.args.get("overdue") == "all" else OVERDUE_SHOWN,
                       upcoming_limit=UPCOMING_SHOWN,
                       done_since=None if request.args.get("done") == "all" else on - timedelta(days=DONE_SHOWN_DAYS))
    attach_marks([d for group in duties.shown.values() for d in group], organisation.id)
    gap = without_mentor(on, organisation.id) if organisation.is_school else []
    campaigns = open_campaigns(organisation.id) if organisation.is_school else []
    return dict(organisation=organisation, shown=duties.shown, counts=duties.counts, today=on, gap=gap, campaigns=campaigns,
                may_mark=_may_mark(organisation), organisations=_switchable(), form=MarkForm(formdata=None))


def _one_duty(organisation: Organisation, occurrence_id: int):
    """The duty of one row, with its whole mark, and the groups' counts: what a row's answer needs."""
    duty = duties_by_occurrence(organisation, [occurrence_id]).get(occurrence_id)
    if duty is not None:
        attach_marks([duty], organisation.id)
    on = today()
    return duty, dict(organisation=organisation, counts=duty_counts(organisation, on), today=on,
                      may_mark=_may_mark(organisation), form=MarkForm(formdata=None))


def _switchable() -> list[Organisation]:
    if current_user.role == Role.SCHOOL:
        return []
    found = centre()
    return ([found] if found else []) + schools()


def _may_mark(organisation: Organisation) -> bool:
    if current_user.role in Role.EDITORS:
        return True
    return current_user.role == Role.SCHOOL and organisation.id == current_user.organisation_id


@bp.get("/my")
def my():
    organisation = _organisation_for_view()
    if organisation is None:
        return render_template("marks/my.html", organisation=None, organisations=_switchable(),
                               upcoming_events=upcoming())
    # Methodists and the head see, above their centre's own items, the schools most behind.
    behind = [row for row in overdue_by_school(today()) if row[1]][:5] if current_user.role != Role.SCHOOL else []
    return render_template("marks/my.html", upcoming_events=upcoming(), behind=behind, **_my_context(organisation))


def _notice(message: str, status: int = 422):
    """A refusal that is not about one field: shown as a notice, the row left as it was."""
    if request.htmx:
        return render_template("marks/_notice.html", message=message), status, {"HX-Reswap": "none"}
    return render_template("error.html", code=status, message=message), status


def _row_with_errors(form: MarkForm, occurrence, organisation):
    """The row again, with the messages beside the fields and what the user typed."""
    if request.form.get("view") != "my" or not request.htmx:
        errors = [e for field_errors in form.errors.values() for e in field_errors]
        return _notice(" ".join(errors))
    duty, context = _one_duty(organisation, occurrence.id)
    context["form"] = form
    return render_template("marks/_my_row.html", duty=duty, row_form=form, **context), 422


@bp.post("/marks")
def mark():
    if current_user.role == Role.HEAD:
        abort(403)
    form = MarkForm()
    organisation = db.session.get(Organisation, request.form.get("organisation_id", type=int) or 0)
    occurrence = db.session.get(Occurrence, request.form.get("occurrence_id", type=int) or 0)
    if occurrence is None or organisation is None:
        return _notice("Такого срока или организации нет — возможно, план изменили. Обновите страницу.")
    if not (_may_mark(organisation) or leads(occurrence.activity.section.programme)):
        abort(403)  # a leader marks their association's plan of work (its organisation, checked below)
    if not is_participant(occurrence.activity, organisation):
        return _notice(f"{organisation.short_name} не участвует в этом мероприятии.")
    if request.form.get("quick") == "done":  # the one-click button, whatever the details say
        form.status.data = MarkStatus.DONE
    if not form.validate():
        return _row_with_errors(form, occurrence, organisation)
    file_info = None
    upload = form.file.data
    if upload and upload.filename:
        try:
            name, kind, data = read_upload(upload)
            file_info = (name, kind, len(data), store(data))  # kept before the mark is written
        except EvidenceError as error:
            form.file.errors = [str(error)]
            return _row_with_errors(form, occurrence, organisation)

    mark = _save_mark(occurrence, organisation, form, file_info)
    if request.htmx:
        return _answer(mark, occurrence, organisation)
    return redirect(safe_next(request.form.get("back")) if request.form.get("back") else url_for(".my"))


def _save_mark(occurrence, organisation, form, file_info) -> CompletionMark:
    mark = locked_mark(occurrence.id, organisation.id)
    before = _mark_fields(mark)
    status = form.status.data
    already_done = mark.status == MarkStatus.DONE and status == MarkStatus.DONE
    mark.status = status
    if status == MarkStatus.DONE:
        mark.done_on = form.done_on.data or (mark.done_on if already_done else None) or today()
    else:
        mark.done_on = None
    # A bare "Выполнено" click does not wipe evidence given earlier.
    for name in ("comment", "evidence_ref", "evidence_url"):
        value = getattr(form, name).data
        if value or not already_done:
            setattr(mark, name, value)
    if file_info:
        mark.file_name, mark.file_type, mark.file_size, mark.file_key = file_info
    mark.marked_by_id = current_user.id
    mark.marked_at = datetime.now()
    after = _mark_fields(mark)
    if after != before:
        record("mark", "mark", mark.id, f"{organisation.short_name}: «{occurrence.activity.title[:60]}», "
               f"{occurrence.label} — {MarkStatus.LABELS[mark.status]}", occurrence.activity.section.programme_id,
               before, after)
    db.session.commit()
    return mark


def _mark_fields(mark: CompletionMark) -> dict:
    return {"status": MarkStatus.LABELS.get(mark.status, ""),
            "done_on": mark.done_on.strftime("%d.%m.%Y") if mark.done_on else "",
            "comment": mark.comment or "", "evidence_ref": mark.evidence_ref or "",
            "evidence_url": mark.evidence_url or "", "file_name": mark.file_name or ""}


def _answer(mark, occurrence, organisation):
    """The changed row and, out of band, the counters it moved."""
    view = request.form.get("view", "my")
    if view == "matrix":
        return render_template("marks/_matrix_cell.html", mark=mark, occurrence=occurrence,
                               organisation=organisation, may_mark=True, today=today())
    duty, context = _one_duty(organisation, occurrence.id)
    return render_template("marks/_my_answer.html", duty=duty, **context)


@bp.get("/marks/fields")
def fields():
    """The details of one mark (status, date, evidence): fetched when a row's details are opened;
    without JavaScript, a page with the row's whole form."""
    organisation = db.get_or_404(Organisation, request.args.get("organisation_id", type=int) or 0)
    occurrence = db.get_or_404(Occurrence, request.args.get("occurrence_id", type=int) or 0)
    if not _may_mark(organisation):
        abort(403)
    mark = db.session.scalar(select(CompletionMark).where(CompletionMark.occurrence_id == occurrence.id,
                                                          CompletionMark.organisation_id == organisation.id))
    if request.htmx:
        return render_template("marks/_mark_fields.html", m=mark, f=None, today=today())
    duty, context = _one_duty(organisation, occurrence.id)
    if duty is None:
        abort(404)
    return render_template("marks/mark_page.html", duty=duty, full_fields=True, **context)


@bp.get("/marks/<int:mark_id>/file")
def mark_file(mark_id):
    mark = db.get_or_404(CompletionMark, mark_id)
    if current_user.role == Role.SCHOOL and mark.organisation_id != current_user.organisation_id:
        abort(403)
    return send_stored(mark.file_key, mark.file_type, mark.file_name)

