"""An association's meetings (заседания): events of the events part — the sign-in sheet,
certificates and the event's page are theirs — whose audience is the association's members,
registered when the meeting is made; attendance is marked here, member by member.

Who: whoever keeps the association (routes.may_keep: methodists, the school for its ШМО, the
association's leader)."""
from datetime import datetime, time

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import case, func, select, update
from sqlalchemy.orm import selectinload
from wtforms import StringField
from wtforms.validators import DataRequired, Length, ValidationError
from wtforms.fields import TimeField

from app.audit.models import record
from app.clock import now, today
from app.events.models import Event, EventFormat, EventStatus, Registration
from app.extensions import db
from app.forms import REQUIRED, BaseForm, date_field, strip
from app.upsert import insert_all_missing, insert_missing

from . import bp
from .models import Association, Membership, Status
from .routes import keepers_or_leader, load

MEETING = "заседание"


class MeetingForm(BaseForm):
    topic = StringField("Тема заседания", filters=[strip], validators=[
        DataRequired(REQUIRED), Length(max=1000, message="Не длиннее 1000 символов.")])
    day = date_field("Дата", required=True)
    starts = TimeField("Начало", validators=[DataRequired("Укажите время начала.")], default=time(14, 0))
    ends = TimeField("Окончание", validators=[DataRequired("Укажите время окончания.")], default=time(15, 30))
    place = StringField("Место (или «онлайн»)", filters=[strip], validators=[Length(max=500)])

    def validate_ends(self, field):
        if field.data and self.starts.data and field.data <= self.starts.data:
            raise ValidationError("Окончание — позже начала.")


def meeting_format() -> int:
    """The «заседание» form of event (the municipality's own when the region's list has none)."""
    found = db.session.scalar(select(EventFormat.id).where(EventFormat.name == MEETING))
    if found is None:
        insert_missing(EventFormat, {"municipality_id": current_user.municipality_id, "name": MEETING, "position": 99},
                       ["municipality_id", "name"])
        found = db.session.scalar(select(EventFormat.id).where(EventFormat.name == MEETING))
    return found


def meetings_of(association_id: int) -> list[tuple[Event, int, int]]:
    """(meeting, registered, attended), the latest first."""
    rows = db.session.execute(
        select(Event, func.count(Registration.id), func.coalesce(func.sum(case((Registration.attended, 1), else_=0)), 0))
        .outerjoin(Registration, Registration.event_id == Event.id)
        .where(Event.association_id == association_id).group_by(Event.id).order_by(Event.starts_at.desc())).all()
    return [(event, registered, attended) for event, registered, attended in rows]


@bp.post("/<int:association_id>/meetings")
@keepers_or_leader
def meeting_add(association_id):
    from .routes import page
    association = load(association_id, keep=True)
    form = MeetingForm()
    if association.status != Status.ACTIVE:
        form.form_errors.append("Работа объединения завершена: новых заседаний нет.")
        return page(association, 409, meeting_form=form)
    if not form.validate():
        return page(association, 422, meeting_form=form)
    starts = datetime.combine(form.day.data, form.starts.data)
    event = Event(format_id=meeting_format(), topic=form.topic.data, starts_at=starts,
                  ends_at=datetime.combine(form.day.data, form.ends.data), place=form.place.data,
                  audience=f"участники объединения «{association.name}»"[:500], association_id=association.id,
                  registered_count=0)
    db.session.add(event)
    db.session.flush()
    members = db.session.execute(select(Membership.person_id, Membership.organisation_id).where(
        Membership.association_id == association.id, Membership.joined_on <= form.day.data,
        (Membership.left_on.is_(None)) | (Membership.left_on >= form.day.data))).all()
    if members:
        insert_all_missing(Registration, [
            {"event_id": event.id, "person_id": person_id, "organisation_id": organisation_id,
             "registered_by_id": current_user.id, "registered_at": datetime.now(), "attended": False}
            for person_id, organisation_id in members], ["event_id", "person_id"])
        event.registered_count = len(members)
    record("create", "event", event.id, f"Заседание «{association.name}»: {event.topic}"[:500])
    db.session.commit()
    flash(f"Заседание добавлено; участников объединения в списке: {len(members)}.")
    return redirect(url_for(".meeting", event_id=event.id))


def _meeting(event_id: int) -> tuple[Event, Association]:
    event = db.get_or_404(Event, event_id)
    if event.association_id is None:
        abort(404)
    return event, load(event.association_id, keep=True)


@bp.get("/meetings/<int:event_id>")
@keepers_or_leader
def meeting(event_id, status=200, error=""):
    event, association = _meeting(event_id)
    registrations = sorted(db.session.scalars(
        select(Registration).options(selectinload(Registration.person), selectinload(Registration.organisation))
        .where(Registration.event_id == event.id)), key=lambda r: (r.organisation.short_name, r.person.full_name))
    return render_template("associations/meeting.html", event=event, association=association,
                           registrations=registrations, error=error, open=now() >= event.starts_at,
                           today=today()), status


@bp.post("/meetings/<int:event_id>")
@keepers_or_leader
def meeting_attendance(event_id):
    """Who came: the ticked members attended, the others did not (one statement each)."""
    event, _association = _meeting(event_id)
    if now() < event.starts_at:
        return meeting(event_id, 422, "Посещаемость отмечают после начала заседания.")
    came = {int(v) for v in request.form.getlist("attended") if v.isdigit()}
    table = Registration.__table__
    db.session.execute(update(table).where(table.c.event_id == event.id, table.c.id.in_(came)).values(attended=True))
    db.session.execute(update(table).where(table.c.event_id == event.id, table.c.id.not_in(came)).values(attended=False))
    if event.status == EventStatus.PLANNED:
        event.status = EventStatus.HELD
    record("update", "event", event.id, f"Посещаемость заседания «{event.topic}»: {len(came)}"[:500])
    db.session.commit()
    flash(f"Посещаемость сохранена: присутствовали {len(came)}.")
    return redirect(url_for(".meeting", event_id=event.id))
