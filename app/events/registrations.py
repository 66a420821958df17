"""Registration for an event and attendance after it.

Seats are taken by one conditional UPDATE of the event's counter: on PostgreSQL the second
of two simultaneous requests waits for the first and then sees the counter it left, so the
last seat goes to exactly one of them. A person is registered at most once (unique key).
"""
from datetime import datetime

from flask import abort, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import or_, select, update
from sqlalchemy.exc import IntegrityError

from app.audit.models import record
from app.auth.models import Role
from app.auth.permissions import editors_only
from app.clock import now
from app.extensions import db
from app.registry.models import Person

from . import bp
from .forms import FeedbackForm, RegisterForm
from .models import Event, EventStatus, Registration
from .routes import _load, event_context, may_register_for


class Refused(Exception):
    """A Russian message for the user, and the status code to send."""

    def __init__(self, message: str, status: int = 422):
        super().__init__(message)
        self.status = status


def _panel(event: Event, status: int = 200, message: str = "", form: RegisterForm | None = None):
    """The participants panel with its counters (htmx), or back to the event page. A refused
    registration, or «Найти» of the picker, shows the chosen people again."""
    extra = dict(register_error=message, **({"register_form": form} if form else {}))
    if not request.htmx:
        if status >= 400 or form:
            return render_template("events/detail.html", **event_context(event, **extra)), status
        return redirect(url_for(".detail", event_id=event.id, _anchor="participants"))
    db.session.refresh(event)
    return render_template("events/_participants.html", **event_context(event, **extra)), status


def take_seats(session, event_id: int, count: int) -> bool:
    """Take `count` seats if that many are free, in one statement; False if not."""
    return session.execute(
        update(Event).where(Event.id == event_id,
                            or_(Event.capacity.is_(None), Event.registered_count + count <= Event.capacity))
        .values(registered_count=Event.registered_count + count)
        .execution_options(synchronize_session=False)
    ).rowcount == 1


def register_people(event: Event, people: list[Person]) -> None:
    if event.status in (EventStatus.CANCELLED, EventStatus.HELD):
        raise Refused(f"Регистрация закрыта: мероприятие {event.status_label}.")
    if now() >= event.starts_at:
        raise Refused("Регистрация закрыта: мероприятие уже началось.")
    if not people:
        raise Refused("Выберите, кого зарегистрировать.")
    for person in people:
        if not may_register_for(person):
            raise Refused(f"{person.full_name} — педагог другой организации.", 403)
    already = set(db.session.scalars(select(Registration.person_id).where(
        Registration.event_id == event.id, Registration.person_id.in_([p.id for p in people]))))
    if already:
        names = ", ".join(p.full_name for p in people if p.id in already)
        raise Refused(f"Уже зарегистрирован(а): {names}.")
    if not take_seats(db.session, event.id, len(people)):
        db.session.rollback()
        db.session.refresh(event)
        left = event.seats_left or 0
        raise Refused(f"Мест не хватает: осталось {left}, выбрано {len(people)}." if left
                      else "Мест больше нет: все места заняты.", 409)
    for person in people:
        db.session.add(Registration(event_id=event.id, person_id=person.id, organisation_id=person.organisation_id,
                                    registered_by_id=current_user.id, registered_at=datetime.now(), attended=False))
    try:
        db.session.flush()
    except IntegrityError:  # someone registered the same person a moment ago
        db.session.rollback()
        raise Refused("Кто-то из выбранных уже зарегистрирован. Обновите страницу.", 409) from None


@bp.post("/<int:event_id>/registrations")
def register(event_id):
    if current_user.role == Role.HEAD:
        abort(403)
    event = _load(event_id)
    form = RegisterForm()
    if form.picking:
        return _panel(event, form=form)
    ids = {int(i) for i in request.form.getlist("person_id") if i.isdigit()}
    people = list(db.session.scalars(select(Person).where(Person.id.in_(ids)))) if ids else []
    if len(people) != len(ids):
        return _panel(event, 422, "Кого-то из выбранных нет в реестре. Обновите страницу.", form)
    try:
        register_people(event, people)
    except Refused as refusal:
        if refusal.status == 403:
            abort(403)
        return _panel(event, refusal.status, str(refusal), form)
    record("register", "event", event.id, f"Зарегистрированы на «{event.topic[:60]}»: "
           + ", ".join(p.full_name for p in people)[:300])
    db.session.commit()
    return _panel(event)


@bp.post("/<int:event_id>/registrations/<int:registration_id>/delete")
def withdraw(event_id, registration_id):
    event = _load(event_id)
    registration = db.get_or_404(Registration, registration_id)
    if registration.event_id != event.id:
        abort(404)
    if current_user.role == Role.HEAD or not may_register_for(registration.person):
        abort(403)
    if now() >= event.starts_at or event.status == EventStatus.HELD:
        return _panel(event, 422, "Отозвать регистрацию можно только до начала мероприятия.")
    db.session.delete(registration)
    db.session.execute(update(Event).where(Event.id == event.id)
                       .values(registered_count=Event.registered_count - 1)
                       .execution_options(synchronize_session=False))
    record("withdraw", "event", event.id, f"Отозвана регистрация: {registration.person.full_name}")
    db.session.commit()
    return _panel(event)


def _attendance_open(event: Event) -> bool:
    return event.status == EventStatus.HELD or now() >= event.starts_at


@bp.post("/<int:event_id>/registrations/<int:registration_id>/attendance")
@editors_only
def attendance(event_id, registration_id):
    event = _load(event_id)
    registration = db.get_or_404(Registration, registration_id)
    if registration.event_id != event.id:
        abort(404)
    if not _attendance_open(event):
        return _panel(event, 422, "Посещаемость отмечают после начала мероприятия.")
    registration.attended = request.form.get("attended") == "1"
    db.session.commit()
    if not request.htmx:
        return redirect(url_for(".detail", event_id=event.id, _anchor="participants"))
    context = event_context(event)
    return render_template("events/_attendance_answer.html", r=registration, **context)


@bp.post("/<int:event_id>/attendance/all")
@editors_only
def attendance_all(event_id):
    event = _load(event_id)
    if not _attendance_open(event):
        return _panel(event, 422, "Посещаемость отмечают после начала мероприятия.")
    db.session.execute(update(Registration).where(Registration.event_id == event.id).values(attended=True)
                       .execution_options(synchronize_session=False))
    db.session.commit()
    return _panel(event)


@bp.post("/<int:event_id>/feedback")
@editors_only
def feedback(event_id):
    event = _load(event_id)
    form = FeedbackForm()
    if not form.validate():
        return render_template("events/detail.html", **event_context(event, feedback_form=form)), 422
    event.feedback_summary = form.feedback_summary.data
    event.satisfied_count = form.satisfied_count.data
    db.session.commit()
    return redirect(url_for(".detail", event_id=event.id, _anchor="feedback"))
