"""The reserve of teacher-leaders (кадровый резерв, seed 003): a school (its own teachers) or a
methodist (any school's) nominates a teacher with a reason and a date; the municipality's list
shows each one's courses, competitions and mentoring from the registries — read through their
parts' queries.py, a fixed number of queries however long the list."""
from datetime import datetime

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length, ValidationError

from app.audit.models import record
from app.auth.models import Role
from app.auth.permissions import roles_required
from app.clock import today
from app.competitions.queries import entries_of
from app.courses.queries import courses_of
from app.extensions import db
from app.forms import BaseForm, date_field, strip
from app.mentoring.queries import mentoring_of
from app.registry.models import Person
from app.registry.picker import PersonPicker

from . import bp
from .models import ReserveMember

KEEPERS = (*Role.EDITORS, Role.SCHOOL)


class NominationForm(BaseForm):
    person_id = PersonPicker("Педагог", scope="school_staff")
    reason = TextAreaField("Основание", filters=[strip], validators=[
        DataRequired("Напишите, почему педагог — в резерве."), Length(max=1000, message="Не длиннее 1000 символов.")])
    nominated_on = date_field("Дата", required=True)

    def validate_person_id(self, field):
        if not field.data:
            raise ValidationError("Выберите педагога: найдите его по фамилии.")

    def validate_nominated_on(self, field):
        if field.data and field.data > today():
            raise ValidationError("Дата не может быть позже сегодняшней.")


def _members():
    stmt = select(ReserveMember).options(selectinload(ReserveMember.person), selectinload(ReserveMember.organisation))
    if current_user.role == Role.SCHOOL:
        stmt = stmt.where(ReserveMember.organisation_id == (current_user.organisation_id or 0))
    return sorted(db.session.scalars(stmt), key=lambda m: (m.organisation.short_name, m.person.full_name))


def _page(form=None, status=200):
    members = _members()
    ids = [m.person_id for m in members]
    return render_template("staff/reserve.html", members=members, courses=courses_of(ids), entries=entries_of(ids),
                           mentoring=mentoring_of(ids), can_edit=current_user.role in KEEPERS,
                           form=form or NominationForm(formdata=None, data={"nominated_on": today()})), status


@bp.get("/reserve")
@roles_required(*KEEPERS, Role.HEAD)
def reserve():
    return _page()


@bp.post("/reserve")
@roles_required(*KEEPERS)
def nominate():
    form = NominationForm()
    if not form.validate():
        return _page(form, 422)
    person = db.session.get(Person, form.person_id.data)
    member = ReserveMember(person_id=person.id, organisation_id=person.organisation_id, reason=form.reason.data,
                           nominated_on=form.nominated_on.data, nominated_by_id=current_user.id, created_at=datetime.now())
    db.session.add(member)
    try:
        db.session.flush()
    except IntegrityError:  # already there (nominated before, or a moment ago from another tab)
        db.session.rollback()
        form.person_id.errors = [f"{person.full_name} уже в резерве."]
        return _page(form, 409)
    record("create", "reserve", member.id, f"В кадровый резерв: {person.full_name}"[:500])
    db.session.commit()
    flash(f"{person.full_name} — в кадровом резерве.")
    return redirect(url_for(".reserve"))


@bp.post("/reserve/<int:member_id>/remove")
@roles_required(*KEEPERS)
def reserve_remove(member_id):
    member = db.get_or_404(ReserveMember, member_id)
    if current_user.role == Role.SCHOOL and member.organisation_id != current_user.organisation_id:
        abort(404)
    record("delete", "reserve", member.id, f"Из кадрового резерва: {member.person.full_name}"[:500])
    db.session.delete(member)
    db.session.commit()
    return redirect(url_for(".reserve"))
