"""Leadership by order: the leader (and deputy), tutors and experts of an association, appointed
by an order (приказ № … от …) for a term; the order's list prints as its attachment (A4
portrait, «Приложение к приказу … от … №»), the way the plan's amendments do."""
from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload
from wtforms import SelectField, StringField
from wtforms.validators import DataRequired, Length, ValidationError

from app.audit.models import record
from app.auth.models import Role
from app.auth.permissions import roles_required
from app.clock import today
from app.extensions import db
from app.forms import REQUIRED, BaseForm, choices, date_field, strip
from app.registry.models import Organisation, OrgKind, Person
from app.registry.picker import PersonPicker

from . import bp
from .models import Appointment, Association, Post
from .routes import KEEPERS, load, page


class AppointmentForm(BaseForm):
    person_id = PersonPicker("Кто назначен", scope="keep")
    post = SelectField("Назначен", choices=choices(Post.LABELS.items()), validate_choice=False)
    order_number = StringField("Приказ №", filters=[strip], validators=[
        DataRequired(REQUIRED), Length(max=50, message="Не длиннее 50 символов.")])
    order_date = date_field("от", required=True)
    starts_on = date_field("Срок: с", required=True)
    ends_on = date_field("по (пусто — бессрочно)")

    def validate_post(self, field):
        if field.data not in Post.LABELS:
            raise ValidationError("Выберите из списка.")

    def validate_ends_on(self, field):
        if field.data and self.starts_on.data and field.data < self.starts_on.data:
            raise ValidationError("Срок заканчивается раньше, чем начинается.")


@bp.post("/<int:association_id>/appointments")
@roles_required(*KEEPERS)
def appointment_add(association_id):
    association = load(association_id, keep=True)
    form = AppointmentForm()
    if not form.validate():
        return page(association, 422, appointment_form=form)
    person = db.session.get(Person, form.person_id.data)
    appointment = Appointment(association_id=association.id, person_id=person.id, post=form.post.data,
                              order_number=form.order_number.data, order_date=form.order_date.data,
                              starts_on=form.starts_on.data, ends_on=form.ends_on.data)
    db.session.add(appointment)
    try:
        db.session.flush()
    except IntegrityError:  # the same appointment a moment ago (another tab)
        db.session.rollback()
        form.person_id.errors = [f"{person.full_name} уже назначен(а) так с этой даты."]
        return page(load(association_id), 409, appointment_form=form)
    record("create", "appointment", appointment.id,
           f"«{association.name}»: {appointment.post_label} {person.full_name}, приказ № {appointment.order_number} "
           f"от {appointment.order_date:%d.%m.%Y}"[:500])
    db.session.commit()
    flash("Назначение записано.")
    return redirect(url_for(".association", association_id=association.id, _anchor="leadership"))


@bp.post("/appointments/<int:appointment_id>/delete")
@roles_required(*KEEPERS)
def appointment_delete(appointment_id):
    appointment = db.get_or_404(Appointment, appointment_id)
    association = load(appointment.association_id, keep=True)
    record("delete", "appointment", appointment.id,
           f"«{association.name}»: {appointment.post_label} {appointment.person.full_name} — запись удалена"[:500])
    db.session.delete(appointment)
    db.session.commit()
    flash("Назначение удалено.")
    return redirect(url_for(".association", association_id=association.id, _anchor="leadership"))


def orders() -> list[tuple[str, date]]:
    """The orders appointments were recorded under, the latest first."""
    return [tuple(row) for row in db.session.execute(
        select(Appointment.order_number, Appointment.order_date).distinct()
        .order_by(Appointment.order_date.desc(), Appointment.order_number))]


@bp.get("/orders")
@roles_required(*Role.EDITORS, Role.HEAD)
def order():
    """The attachment to an order: who it appointed, association by association."""
    known = orders()
    number = request.args.get("number", "")
    try:
        day = date.fromisoformat(request.args.get("date", ""))
    except ValueError:
        day = None
    if not number and known:
        number, day = known[0]
    if known and (number, day) not in known:
        abort(404)
    appointments = list(db.session.scalars(
        select(Appointment).options(selectinload(Appointment.person).selectinload(Person.organisation),
                                    selectinload(Appointment.association))
        .join(Association).where(Appointment.order_number == number, Appointment.order_date == day)
        .order_by(Association.level.desc(), Association.name, Appointment.post))) if known else []
    centre = db.session.scalar(select(Organisation).where(Organisation.kind == OrgKind.CENTRE))
    return render_template("associations/order.html", appointments=appointments, orders=known, number=number,
                           day=day, centre=centre, printed_on=today(), posts=Post.LABELS, user=current_user)
