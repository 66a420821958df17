"""Entries: a school applies for its teachers (or records their outside results), a methodist
accepts or returns an application with a reason; materials; the stage and result of an entry in
an outside competition, edited in its row.

A person is in a competition's nomination at most once: the unique key on the members table
refuses the second entry even when two requests arrive at the same moment.
"""
from datetime import datetime

from flask import abort, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from app.audit.models import record
from app.auth.models import Role
from app.extensions import db
from app.marks.evidence import EvidenceError, read_upload, send_stored, store
from app.registry.models import Person

from . import bp
from .access import entry_refusal, load, manages, may_enter_for, may_touch_entry, require_manager
from .forms import EntryForm, MaterialForm, OutcomeForm, ReturnForm
from .models import CompetitionStatus, Entry, EntryMaterial, EntryStatus, entry_members
from .routes import detail_context


def _page(competition, status, **extra):
    return render_template("competitions/detail.html", **detail_context(competition, **extra)), status


def _back(competition, anchor="entries"):
    return redirect(url_for(".detail", competition_id=competition.id, _anchor=anchor))


def _attach(entry: Entry, title: str, url: str, upload) -> str | None:
    """Add a material to an entry; a Russian message if the file is refused."""
    has_file = upload is not None and getattr(upload, "filename", "")
    if not (url or has_file):
        return None if not title else "Приложите файл или укажите ссылку."
    material = EntryMaterial(title=title or (upload.filename if has_file else url)[:300], url=url or "")
    if has_file:
        try:
            name, kind, data = read_upload(upload)
            key = store(data)
        except EvidenceError as error:
            return str(error)
        material.file_name, material.file_type, material.file_key = name, kind, key
    entry.materials.append(material)
    return None


@bp.post("/<int:competition_id>/entries")
def entry_create(competition_id):
    competition = load(competition_id)
    if current_user.role not in (*Role.EDITORS, Role.SCHOOL) and not manages(competition):
        abort(403)
    ids = {int(i) for i in request.form.getlist("people") if i.isdigit()}
    chosen = list(db.session.scalars(select(Person).where(Person.id.in_(ids)))) if ids else []
    if any(not may_enter_for(p, competition) for p in chosen):
        abort(403)  # a coordinator applying for another school's teacher
    refusal = entry_refusal(competition)
    if refusal:
        return _page(competition, 422, entry_error=refusal)
    form = EntryForm(nominations=competition.nominations)
    if not form.validate():
        return _page(competition, 422, entry_form=form)
    organisations = {p.organisation_id for p in chosen}
    if len(organisations) > 1:
        form.people.errors = ["Команда — педагоги одной организации."]
        return _page(competition, 422, entry_form=form)
    nomination_key = form.nomination_id.data or 0
    taken = db.session.scalars(select(Person.full_name).join(entry_members, entry_members.c.person_id == Person.id)
                               .where(entry_members.c.competition_id == competition.id,
                                      entry_members.c.nomination_key == nomination_key,
                                      entry_members.c.person_id.in_(ids))).all()
    if taken:
        form.people.errors = [f"Уже участвует в этой номинации: {', '.join(taken)}."]
        return _page(competition, 422, entry_form=form)
    centre_application = competition.run_by_centre and not manages(competition)
    entry = Entry(competition_id=competition.id, nomination_id=form.nomination_id.data or None,
                  organisation_id=organisations.pop(), team_name=form.team_name.data if len(chosen) > 1 else "",
                  status=EntryStatus.SUBMITTED if centre_application else EntryStatus.ACCEPTED,
                  submitted_by_id=current_user.id, submitted_at=datetime.now(),
                  stage_reached="" if competition.run_by_centre else form.stage_reached.data,
                  result="" if competition.run_by_centre else form.result.data)
    message = _attach(entry, form.material_title.data, form.material_url.data, form.material_file.data)
    if message:
        form.material_file.errors = [message]
        return _page(competition, 422, entry_form=form)
    db.session.add(entry)
    try:
        db.session.flush()
        db.session.execute(entry_members.insert(), [
            {"entry_id": entry.id, "person_id": p.id, "competition_id": competition.id,
             "nomination_key": nomination_key} for p in chosen])
    except IntegrityError:
        db.session.rollback()
        return _page(load(competition_id), 409,
                     entry_error="Этого педагога уже заявили в этой номинации — только что, из другого окна. "
                                 "Обновите страницу.")
    names = ", ".join(p.full_name for p in chosen)
    record("apply" if centre_application else "create", "competition", competition.id,
           f"{'Заявка' if centre_application else 'Участник'} на «{competition.title[:60]}»: {names}"[:500],
           competition.programme_id)
    db.session.commit()
    return _back(competition)


def _entry(entry_id: int) -> Entry:
    entry = db.get_or_404(Entry, entry_id)
    load(entry.competition_id)  # the expert's 403
    return entry


@bp.post("/entries/<int:entry_id>/accept")
def entry_accept(entry_id):
    entry = _entry(entry_id)
    require_manager(entry.competition)
    if entry.competition.published:
        return _page(entry.competition, 409, entry_error="Итоги подведены: заявки больше не меняются.")
    entry.status, entry.return_reason = EntryStatus.ACCEPTED, ""
    record("accept", "competition", entry.competition_id, f"Принята заявка: {entry.names}"[:500],
           entry.competition.programme_id)
    db.session.commit()
    return _back(entry.competition)


@bp.post("/entries/<int:entry_id>/return")
def entry_return(entry_id):
    entry = _entry(entry_id)
    require_manager(entry.competition)
    form = ReturnForm()
    if entry.competition.published:
        return _page(entry.competition, 409, entry_error="Итоги подведены: заявки больше не меняются.")
    if not form.validate():
        return _page(entry.competition, 422, return_form=form, returning=entry.id)
    entry.status, entry.return_reason = EntryStatus.RETURNED, form.reason.data
    record("return", "competition", entry.competition_id, f"Возвращена заявка: {entry.names} — {form.reason.data}"[:500],
           entry.competition.programme_id)
    db.session.commit()
    return _back(entry.competition)


@bp.post("/entries/<int:entry_id>/resubmit")
def entry_resubmit(entry_id):
    """A returned application, mended (materials added), goes back to the methodist."""
    entry = _entry(entry_id)
    if not may_touch_entry(entry):
        abort(403)
    refusal = entry_refusal(entry.competition)
    if refusal or entry.status != EntryStatus.RETURNED:
        return _page(entry.competition, 422, entry_error=refusal or "Подать снова можно только возвращённую заявку.")
    entry.status = EntryStatus.SUBMITTED
    db.session.commit()
    return _back(entry.competition)


@bp.post("/entries/<int:entry_id>/delete")
def entry_delete(entry_id):
    entry = _entry(entry_id)
    competition = entry.competition
    if not may_touch_entry(entry):
        abort(403)
    if competition.published:
        return _page(competition, 409, entry_error="Итоги подведены: участников не удаляют.")
    if not manages(competition) and competition.run_by_centre and competition.status != CompetitionStatus.ACCEPTING:
        return _page(competition, 422, entry_error="Идёт оценивание: отозвать заявку может только методист.")
    record("delete", "competition", competition.id, f"Удалён участник: {entry.names}"[:500], competition.programme_id)
    db.session.delete(entry)
    db.session.commit()
    return _back(competition)


@bp.post("/entries/<int:entry_id>/outcome")
def entry_outcome(entry_id):
    """Stage reached and result of an entry in an outside competition, saved in its row."""
    entry = _entry(entry_id)
    competition = entry.competition
    if not may_touch_entry(entry):
        abort(403)
    form = OutcomeForm()
    if competition.run_by_centre:
        return _page(competition, 422, entry_error="Результаты конкурса центра подводятся по баллам жюри.")
    if not form.validate():
        return _page(competition, 422, entry_error="Выберите этап и результат из списка.")
    entry.stage_reached, entry.result = form.stage_reached.data, form.result.data
    record("result", "competition", competition.id,
           f"{entry.names}: {entry.stage_label or '—'}, {entry.result_label or '—'}"[:500], competition.programme_id)
    db.session.commit()
    if request.htmx:
        entry = db.session.scalar(select(Entry).options(selectinload(Entry.people), selectinload(Entry.materials))
                                  .where(Entry.id == entry.id))
        context = detail_context(competition)
        return render_template("competitions/_entry_row.html", e=entry, saved=True, **context)
    return _back(competition)


@bp.post("/entries/<int:entry_id>/materials")
def entry_material(entry_id):
    entry = _entry(entry_id)
    if not may_touch_entry(entry):
        abort(403)
    if entry.competition.published:
        return _page(entry.competition, 409, entry_error="Итоги подведены: материалы больше не добавляют.")
    form = MaterialForm()
    if not form.validate():
        return _page(entry.competition, 422, material_form=form, material_for=entry.id)
    message = _attach(entry, form.title.data, form.url.data, form.file.data) or (
        None if form.url.data or (form.file.data and form.file.data.filename) else "Приложите файл или укажите ссылку.")
    if message:
        form.file.errors = [message]
        db.session.rollback()
        return _page(entry.competition, 422, material_form=form, material_for=entry.id)
    db.session.commit()
    return _back(entry.competition, f"entry-{entry.id}")


@bp.get("/materials/<int:material_id>")
def material_file(material_id):
    material = db.get_or_404(EntryMaterial, material_id)
    entry = _entry(material.entry_id)
    if current_user.role == Role.SCHOOL and entry.organisation_id != current_user.organisation_id \
            and not entry.competition.published:
        abort(403)
    return send_stored(material.file_key, material.file_type, material.file_name)
