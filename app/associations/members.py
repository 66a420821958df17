"""An association's members: added with a role and the day they joined, leaving on a day (the
record stays for the reports of the time they were members).

A school coordinator adds and removes their own school's teachers (in any association); methodists
and the administrator anyone's."""
from flask import abort, flash, redirect, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload
from wtforms import SelectField
from wtforms.validators import ValidationError

from app.audit.models import record
from app.auth.models import Role
from app.auth.permissions import roles_required
from app.clock import today
from app.extensions import db
from app.forms import BaseForm, choices, date_field
from app.registry.models import Person
from app.registry.picker import PersonPicker

from . import bp
from .models import Membership, MemberRole, Status
from .routes import KEEPERS, load, page, refuse_other_schools_person

NOT_A_ROLE = "Выберите роль из списка."


class MemberForm(BaseForm):
    person_id = PersonPicker("Педагог", scope="keep")
    role = SelectField("Роль", choices=choices(MemberRole.LABELS.items()),
                       validators=[], validate_choice=False)
    joined_on = date_field("В объединении с", required=True)

    def validate_role(self, field):
        if field.data not in MemberRole.LABELS:
            raise ValidationError(NOT_A_ROLE)

    def validate_joined_on(self, field):
        if field.data and field.data > today():
            raise ValidationError("Дата не может быть позже сегодняшней.")


class LeaveForm(BaseForm):
    left_on = date_field("Вышел(а) из объединения", required=True)


def members_of(association_id: int) -> list[Membership]:
    """The members, those in it now first, by name."""
    rows = db.session.scalars(select(Membership).options(selectinload(Membership.person),
                                                         selectinload(Membership.organisation))
                              .where(Membership.association_id == association_id))
    return sorted(rows, key=lambda m: (m.left_on is not None, m.person.full_name, m.joined_on))


@bp.post("/<int:association_id>/members")
@roles_required(*KEEPERS)
def member_add(association_id):
    association = load(association_id)
    refuse_other_schools_person()
    form = MemberForm()
    if association.status != Status.ACTIVE:
        form.form_errors.append("Работа объединения завершена: новых участников не добавляют.")
        return page(association, 409, member_form=form)
    if not form.validate():
        return page(association, 422, member_form=form)
    person = db.session.get(Person, form.person_id.data)
    if db.session.scalar(select(Membership.id).where(Membership.association_id == association.id,
                                                     Membership.person_id == person.id, Membership.left_on.is_(None))):
        form.person_id.errors = [f"{person.full_name} уже в объединении."]
        return page(association, 409, member_form=form)
    member = Membership(association_id=association.id, person_id=person.id, organisation_id=person.organisation_id,
                        role=form.role.data, joined_on=form.joined_on.data)
    db.session.add(member)
    try:
        db.session.flush()
    except IntegrityError:  # the same person added a moment ago from another tab
        db.session.rollback()
        form.person_id.errors = [f"{person.full_name} уже в объединении."]
        return page(load(association_id), 409, member_form=form)
    record("create", "association_member", member.id,
           f"«{association.name}»: {person.full_name}, {member.role_label}"[:500])
    db.session.commit()
    flash(f"{person.full_name} — в объединении.")
    return redirect(url_for(".association", association_id=association.id, _anchor="members"))


@bp.post("/members/<int:member_id>/leave")
@roles_required(*KEEPERS)
def member_leave(member_id):
    member = db.get_or_404(Membership, member_id)
    if current_user.role == Role.SCHOOL and member.organisation_id != current_user.organisation_id:
        abort(403)  # another school's teacher
    form = LeaveForm(prefix=f"leave-{member.id}")
    if not form.validate():
        return page(member.association, 422, leave_error=(member.id, "Укажите дату выхода из объединения."))
    if form.left_on.data < member.joined_on or form.left_on.data > today():
        return page(member.association, 422, leave_error=(
            member.id, f"Дата выхода — от {member.joined_on:%d.%m.%Y} до сегодняшнего дня."))
    done = db.session.execute(Membership.__table__.update().where(
        Membership.__table__.c.id == member.id, Membership.__table__.c.left_on.is_(None))
        .values(left_on=form.left_on.data)).rowcount
    if done:
        record("update", "association_member", member.id,
               f"«{member.association.name}»: {member.person.full_name} вышел(а) {form.left_on.data:%d.%m.%Y}"[:500])
    db.session.commit()
    flash(f"{member.person.full_name}: выход из объединения записан." if done else "Выход уже был записан.")
    return redirect(url_for(".association", association_id=member.association_id, _anchor="members"))
