"""Events: list and calendar, create (also from a plan activity), edit, hold / cancel /
postpone, materials, delete; the formats list; exports and certificates."""
import calendar
from datetime import date, datetime, time, timedelta

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from app.audit.models import record
from app.auth.models import Role
from app.auth.permissions import editors_only, roles_required
from app.clock import now, today
from app.extensions import db
from app.marks.evidence import EvidenceError, read_upload, send_stored, store
from app.named_lists import NamedList
from app.plan.models import Activity, Occurrence, Section
from app.registry.models import Organisation, Person
from app.spreadsheet import send_xlsx
from app.templating import plural_ru

from . import bp
from .forms import EventForm, FeedbackForm, MaterialForm, RegisterForm, StatusForm
from .linking import sync_centre_mark
from .models import Event, EventFormat, EventMaterial, EventStatus, Registration
from .xlsx import attendance_workbook, history_workbook, signin_workbook

PER_PAGE = 50


def formats() -> list[EventFormat]:
    return list(db.session.scalars(select(EventFormat).order_by(EventFormat.position, EventFormat.name)))


# --- List and calendar --------------------------------------------------------------------


def _month(value: str | None) -> date | None:
    try:
        return datetime.strptime(value or "", "%Y-%m").date()
    except ValueError:
        return None


def _filtered(stmt):
    args = request.args
    if args.get("format", type=int):
        stmt = stmt.where(Event.format_id == args.get("format", type=int))
    if args.get("organiser", type=int):
        stmt = stmt.where(Event.organiser_id == args.get("organiser", type=int))
    if args.get("section", type=int):
        section_id = args.get("section", type=int)
        sections = select(Section.id).where((Section.id == section_id) | (Section.parent_id == section_id))
        stmt = stmt.where(Event.activity_id.in_(select(Activity.id).where(Activity.section_id.in_(sections))))
    month = _month(args.get("month"))
    if month:
        end = (month.replace(day=28) + timedelta(days=4)).replace(day=1)
        stmt = stmt.where(Event.starts_at >= datetime.combine(month, time.min),
                          Event.starts_at < datetime.combine(end, time.min))
    return stmt


def _filter_choices() -> dict:
    organisers = db.session.scalars(select(Person).where(Person.id.in_(select(Event.organiser_id)))
                                    .order_by(Person.full_name))
    sections = db.session.execute(
        select(Section.id, Section.title).where(Section.id.in_(
            select(Activity.section_id).where(Activity.id.in_(select(Event.activity_id)))))
        .order_by(Section.title)).all()
    return dict(formats=formats(), organisers=list(organisers), sections=sections)


@bp.get("/")
def index():
    page = max(request.args.get("page", 1, type=int), 1)
    stmt = _filtered(select(Event))
    total = db.session.scalar(select(func.count()).select_from(stmt.subquery()))
    events = list(db.session.scalars(
        stmt.options(selectinload(Event.format), selectinload(Event.organiser), selectinload(Event.activity))
        .order_by(Event.starts_at.desc(), Event.id.desc()).limit(PER_PAGE).offset((page - 1) * PER_PAGE)))
    context = dict(events=events, total=total, page=page, pages=max((total + PER_PAGE - 1) // PER_PAGE, 1),
                   args=request.args, **_filter_choices())
    if request.htmx and request.htmx.target == "event-results":
        return render_template("events/_results.html", **context)
    return render_template("events/index.html", **context)


@bp.get("/calendar")
def calendar_view():
    month = _month(request.args.get("month")) or today().replace(day=1)
    end = (month.replace(day=28) + timedelta(days=4)).replace(day=1)
    events = db.session.scalars(
        select(Event).options(selectinload(Event.format))
        .where(Event.starts_at >= datetime.combine(month, time.min), Event.starts_at < datetime.combine(end, time.min))
        .order_by(Event.starts_at))
    by_day: dict[int, list[Event]] = {}
    for event in events:
        by_day.setdefault(event.starts_at.day, []).append(event)
    weeks = calendar.Calendar(firstweekday=0).monthdayscalendar(month.year, month.month)
    previous = (month - timedelta(days=1)).replace(day=1)
    return render_template("events/calendar.html", month=month, weeks=weeks, by_day=by_day, previous=previous,
                           next_month=end, today=today())


# --- Create and edit ----------------------------------------------------------------------


def _event_form(event: Event | None = None, activity: Activity | None = None, **kwargs) -> EventForm:
    occurrences = activity.occurrences if activity else []
    form = EventForm(obj=event, formats=formats(), occurrences=occurrences, **kwargs)
    if event is not None and "formdata" in kwargs:
        form.speakers.data = [p.id for p in event.speakers]
        form.organiser_id.data = event.organiser_id or 0
        form.occurrence_id.data = event.occurrence_id or 0
    return form


def _linked_activity() -> Activity | None:
    activity_id = request.values.get("activity_id", type=int) or request.args.get("activity", type=int)
    return db.session.get(Activity, activity_id) if activity_id else None


def _fill(event: Event, form: EventForm, activity: Activity | None) -> None:
    for name in ("format_id", "topic", "starts_at", "ends_at", "place", "online_url", "audience", "capacity",
                 "description"):
        setattr(event, name, getattr(form, name).data)
    event.organiser_id = form.organiser_id.data or None
    chosen = set(form.speakers.data or [])
    event.speakers = list(db.session.scalars(select(Person).where(Person.id.in_(chosen)))) if chosen else []
    event.activity_id = activity.id if activity else None
    occurrence_id = form.occurrence_id.data or None
    event.occurrence_id = occurrence_id if activity and occurrence_id in {o.id for o in activity.occurrences} else None


@bp.route("/new", methods=["GET", "POST"])
@editors_only
def new():
    activity = _linked_activity()
    if request.method == "GET":
        data = {}
        if activity:  # pre-fill from the plan: topic from the title, date from the occurrence
            occurrence = db.session.get(Occurrence, request.args.get("occurrence", type=int) or 0)
            if occurrence is None or occurrence.activity_id != activity.id:
                occurrence = next((o for o in activity.occurrences if o.due_date >= today()), None)
            day = occurrence.due_date.replace(day=1) if occurrence else today()
            data = {"topic": activity.title[:1000], "activity_id": activity.id,
                    "occurrence_id": occurrence.id if occurrence else 0,
                    "starts_at": datetime.combine(day, time(10, 0)), "ends_at": datetime.combine(day, time(12, 0))}
        form = _event_form(activity=activity, formdata=None, data=data)
    else:
        form = _event_form(activity=activity)
    if request.method == "POST" and form.validate():
        event = Event(registered_count=0)
        _fill(event, form, activity)
        db.session.add(event)
        db.session.flush()
        record("create", "event", event.id, f"Создано мероприятие «{event.topic[:80]}»",
               event.programme_id)
        db.session.commit()
        flash("Мероприятие создано.")
        return redirect(url_for(".detail", event_id=event.id))
    status = 422 if form.errors else 200
    return render_template("events/form.html", form=form, event=None, activity=activity), status


def _load(event_id: int) -> Event:
    return db.get_or_404(Event, event_id)


@bp.route("/<int:event_id>/edit", methods=["GET", "POST"])
@editors_only
def edit(event_id):
    event = _load(event_id)
    activity = event.activity
    form = _event_form(event, activity) if request.method == "POST" else _event_form(event, activity, formdata=None)
    if request.method == "POST" and form.validate():
        previous_occurrence = event.occurrence_id
        if form.capacity.data is not None and form.capacity.data < event.registered_count:
            form.capacity.errors = [f"Уже зарегистрировано {event.registered_count}: мест не может быть меньше."]
        else:
            _fill(event, form, activity)
            sync_centre_mark(event, previous_occurrence)
            record("update", "event", event.id, f"Изменено мероприятие «{event.topic[:80]}»",
                   event.programme_id)
            db.session.commit()
            flash("Мероприятие сохранено.")
            return redirect(url_for(".detail", event_id=event.id))
    status = 422 if form.errors else 200
    return render_template("events/form.html", form=form, event=event, activity=activity), status


# --- One event ----------------------------------------------------------------------------


def may_register_for(person: Person) -> bool:
    if current_user.role in Role.EDITORS:
        return True
    return current_user.role == Role.SCHOOL and person.organisation_id == current_user.organisation_id


def event_context(event: Event, **extra) -> dict:
    registrations = list(db.session.scalars(
        select(Registration).options(selectinload(Registration.person), selectinload(Registration.organisation))
        .where(Registration.event_id == event.id)
        .join(Person, Person.id == Registration.person_id).order_by(Person.full_name)))
    started = now() >= event.starts_at
    context = dict(
        event=event, registrations=registrations, register_form=RegisterForm(formdata=None),
        attended=sum(r.attended for r in registrations), started=started,
        can_edit=current_user.can_edit_plan, may_register=current_user.role != Role.HEAD,
        may_withdraw=lambda r: may_register_for(r.person) and not started and event.status != EventStatus.HELD,
        status_form=StatusForm(formdata=None, data={"status": event.status}), material_form=MaterialForm(formdata=None),
        feedback_form=FeedbackForm(formdata=None, obj=event), statuses=EventStatus.LABELS,
    )
    context.update(extra)
    return context


@bp.get("/<int:event_id>")
def detail(event_id):
    event = _load(event_id)
    return render_template("events/detail.html", **event_context(event))


@bp.post("/<int:event_id>/status")
@editors_only
def set_status(event_id):
    event = _load(event_id)
    form = StatusForm()
    if not form.validate():
        return render_template("events/detail.html", **event_context(event, status_form=form)), 422
    before = event.status_label
    if form.status.data == EventStatus.POSTPONED:
        event.postponed_from = event.postponed_from or event.starts_at
        length = event.ends_at - event.starts_at
        event.starts_at = form.new_starts_at.data
        event.ends_at = form.new_ends_at.data or form.new_starts_at.data + length
    event.status = form.status.data
    sync_centre_mark(event)
    record("status", "event", event.id, f"Мероприятие «{event.topic[:80]}»: {before} → {event.status_label}",
           event.programme_id,
           {"status": before}, {"status": event.status_label})
    db.session.commit()
    flash(f"Статус: {event.status_label}.")
    return redirect(url_for(".detail", event_id=event.id))


@bp.post("/<int:event_id>/delete")
@editors_only
def delete(event_id):
    event = _load(event_id)
    if event.status == EventStatus.HELD:
        flash("Проведённое мероприятие удалить нельзя — его можно только отменить.")
        return redirect(url_for(".detail", event_id=event.id))
    attended = db.session.scalar(select(func.count(Registration.id)).where(
        Registration.event_id == event.id, Registration.attended.is_(True)))
    if attended and request.form.get("confirm") != "yes":
        return render_template(
            "_confirm_delete.html", heading="Удалить мероприятие?",
            text=f"«{event.topic}»: отмечено присутствие {attended} {plural_ru(attended, 'участника', 'участников', 'участников')}. "
                 "Вместе с мероприятием удалятся регистрации и отметки о присутствии.",
            action=url_for(".delete", event_id=event.id), back=url_for(".detail", event_id=event.id)), 409
    event.status = EventStatus.CANCELLED
    sync_centre_mark(event)
    record("delete", "event", event.id, f"Удалено мероприятие «{event.topic[:80]}»",
           event.programme_id)
    db.session.delete(event)
    db.session.commit()
    flash("Мероприятие удалено.")
    return redirect(url_for(".index"))


@bp.post("/<int:event_id>/materials")
@editors_only
def add_material(event_id):
    event = _load(event_id)
    form = MaterialForm()
    upload = form.file.data
    if form.validate() and not form.url.data and not (upload and upload.filename):
        form.url.errors = ["Приложите файл или укажите ссылку."]
    if form.errors or form.url.errors:
        return render_template("events/detail.html", **event_context(event, material_form=form)), 422
    material = EventMaterial(event_id=event.id, title=form.title.data, url=form.url.data or "")
    if upload and upload.filename:
        try:
            name, kind, data = read_upload(upload)
            key = store(data)
        except EvidenceError as error:
            form.file.errors = [str(error)]
            return render_template("events/detail.html", **event_context(event, material_form=form)), 422
        material.file_name, material.file_type, material.file_key = name, kind, key
    db.session.add(material)
    db.session.commit()
    return redirect(url_for(".detail", event_id=event.id, _anchor="materials"))


@bp.get("/materials/<int:material_id>")
def material_file(material_id):
    material = db.get_or_404(EventMaterial, material_id)
    return send_stored(material.file_key, material.file_type, material.file_name)


# --- Formats (admin) ----------------------------------------------------------------------


FORMATS = NamedList(
    model=EventFormat, used_by=Event.format_id, title="Формы мероприятий", label="Форма мероприятия",
    placeholder="методический десант", back=("events.index", "Мероприятия"), endpoint="events.format_list",
    delete_endpoint="events.format_delete", duplicate="Такая форма уже есть.",
    in_use="Форму «{name}» используют мероприятия — её нельзя удалить.")


FORMATS.add_routes(bp, "/formats", Role.ADMIN)


# --- Exports and certificates -------------------------------------------------------------


def _registrations(event: Event, attended_only: bool = False) -> list[Registration]:
    stmt = (select(Registration).options(selectinload(Registration.person), selectinload(Registration.organisation))
            .where(Registration.event_id == event.id).join(Organisation, Organisation.id == Registration.organisation_id)
            .join(Person, Person.id == Registration.person_id).order_by(Organisation.short_name, Person.full_name))
    if attended_only:
        stmt = stmt.where(Registration.attended.is_(True))
    return list(db.session.scalars(stmt))


@bp.get("/<int:event_id>/participants.xlsx")
@roles_required(Role.ADMIN, Role.METHODIST, Role.HEAD)
def signin_sheet(event_id):
    event = _load(event_id)
    return send_xlsx(signin_workbook(event, _registrations(event)), f"Лист регистрации — {event.topic[:60]}.xlsx")


@bp.get("/<int:event_id>/attendance.xlsx")
@roles_required(Role.ADMIN, Role.METHODIST, Role.HEAD)
def attendance_sheet(event_id):
    event = _load(event_id)
    return send_xlsx(attendance_workbook(event, _registrations(event)), f"Посещаемость — {event.topic[:60]}.xlsx")


@bp.get("/people/<int:person_id>/history.xlsx")
def person_history(person_id):
    person = db.get_or_404(Person, person_id)
    if current_user.role == Role.SCHOOL and person.organisation_id != current_user.organisation_id:
        abort(403)
    rows = list(db.session.scalars(
        select(Registration).options(selectinload(Registration.event).selectinload(Event.format))
        .join(Event, Event.id == Registration.event_id)
        .where(Registration.person_id == person.id, Registration.attended.is_(True)).order_by(Event.starts_at)))
    return send_xlsx(history_workbook(person, rows), f"Мероприятия — {person.full_name}.xlsx")


@bp.get("/<int:event_id>/certificates")
def certificates(event_id):
    event = _load(event_id)
    rows = _registrations(event, attended_only=True)
    only = request.args.get("registration", type=int)
    if only:
        rows = [r for r in rows if r.id == only]
    if current_user.role == Role.SCHOOL:
        rows = [r for r in rows if r.organisation_id == current_user.organisation_id]
    return render_template("events/certificates.html", event=event, registrations=rows)
