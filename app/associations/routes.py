"""The associations' list and an association's page; creating, editing, closing.

Who: methodists and the administrator keep every association (the district's РМО belong to the
centre); a school coordinator keeps their own school's ШМО and adds their own teachers to any
(members.py); everyone in the municipality reads."""
from datetime import datetime

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import case, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload
from wtforms import SelectField, StringField
from wtforms.validators import DataRequired, Length, ValidationError

from app.audit.models import record
from app.auth.models import Role
from app.auth.permissions import roles_required
from app.clock import school_year_of, today
from app.extensions import db
from app.forms import REQUIRED, BaseForm, choices, strip
from app.registry.models import Organisation, OrgKind, Person, sort_organisations

from . import bp
from .models import Appointment, Association, Kind, Level, Membership, MemberRole, Post, Status
from .queries import leaders_of, member_counts, plan_progress, plans_of_year

KEEPERS = (*Role.EDITORS, Role.SCHOOL)
READERS = (*Role.EDITORS, Role.SCHOOL, Role.HEAD, Role.ASSOCIATION_LEADER)
# Meetings and attendance: the keepers, and an association's own leader (routes.may_keep).
keepers_or_leader = roles_required(*KEEPERS, Role.ASSOCIATION_LEADER)


class AssociationForm(BaseForm):
    level = SelectField("Уровень", choices=choices(Level.LABELS.items()))
    kind = SelectField("Вид", choices=choices(Kind.LABELS.items()))
    subject = StringField("Предмет или направление", filters=[strip],
                          validators=[Length(max=200, message="Не длиннее 200 символов.")])
    name = StringField("Название", filters=[strip], validators=[
        DataRequired(REQUIRED), Length(max=300, message="Не длиннее 300 символов.")])
    organisation_id = SelectField("Чьё объединение", coerce=int, default=0)
    status = SelectField("Состояние", choices=choices(Status.LABELS.items()))

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation_id.choices = choices([(o.id, o.short_name) for o in organisations])

    def validate_organisation_id(self, field):
        if field.data not in {c.value for c in field.choices}:
            raise ValidationError("Выберите организацию из списка.")

    def validate_level(self, field):
        owner = db.session.get(Organisation, self.organisation_id.data) if self.organisation_id.data else None
        if owner is None:
            return
        if field.data == Level.SCHOOL and not owner.is_school:
            raise ValidationError("Школьное объединение (ШМО) — объединение школы: выберите школу.")
        if field.data != Level.SCHOOL and owner.is_school:
            raise ValidationError("Районное объединение ведёт методический центр: для школы — уровень ШМО.")


def owners() -> list[Organisation]:
    """Whose associations the user keeps: a coordinator's school; for methodists every organisation
    but the authority."""
    if current_user.role == Role.SCHOOL:
        return [current_user.organisation] if current_user.organisation else []
    return sort_organisations(db.session.scalars(select(Organisation).where(Organisation.kind != OrgKind.AUTHORITY)))


def led() -> set[int]:
    """The associations the user leads today: appointed leader or deputy, or a member in the role of
    leader (an association leader's account is a registry person's)."""
    if current_user.role != Role.ASSOCIATION_LEADER or not current_user.person_id:
        return set()
    day = today()
    appointed = select(Appointment.association_id).where(
        Appointment.person_id == current_user.person_id, Appointment.post.in_((Post.LEADER, Post.DEPUTY)),
        Appointment.starts_on <= day, (Appointment.ends_on.is_(None)) | (Appointment.ends_on >= day))
    leading = select(Membership.association_id).where(
        Membership.person_id == current_user.person_id, Membership.role == MemberRole.LEADER,
        Membership.joined_on <= day, (Membership.left_on.is_(None)) | (Membership.left_on >= day))
    return set(db.session.scalars(appointed.union(leading)))


def refuse_other_schools_person() -> None:
    """A coordinator records their own school's teachers: the posted `person_id` of another school
    is refused with 403 (before the form, whose picker would only say «choose from the list»)."""
    posted = request.form.get("person_id", "")
    if current_user.role == Role.SCHOOL and posted.isdigit():
        person = db.session.get(Person, int(posted))
        if person is not None and person.organisation_id != current_user.organisation_id:
            abort(403)


def may_keep(association: Association) -> bool:
    """Who changes an association: methodists any, a school its ШМО, a leader theirs (meetings only)."""
    if current_user.role in Role.EDITORS:
        return True
    if current_user.role == Role.ASSOCIATION_LEADER:
        return association.id in led()
    return current_user.role == Role.SCHOOL and association.organisation_id == current_user.organisation_id


def may_manage(association: Association) -> bool:
    """Who changes what an association is, its members and appointments (not its leader)."""
    return current_user.role != Role.ASSOCIATION_LEADER and may_keep(association)


def load(association_id: int, keep: bool = False) -> Association:
    association = db.get_or_404(Association, association_id)
    if keep and not may_keep(association):
        abort(403)
    if current_user.role == Role.ASSOCIATION_LEADER and not may_keep(association):
        abort(403)  # a leader reads their own association only
    return association


@bp.get("/")
@roles_required(*READERS)
def index():
    level = request.args.get("level", "")
    rank = case((Association.level == Level.DISTRICT, 0), (Association.level == Level.REGIONAL, 1), else_=2)
    stmt = select(Association).options(selectinload(Association.organisation)).join(Organisation).order_by(
        rank, Organisation.short_name, Association.name)
    if level in Level.LABELS:
        stmt = stmt.where(Association.level == level)
    if current_user.role == Role.ASSOCIATION_LEADER:
        stmt = stmt.where(Association.id.in_(led() or {0}))
    associations = list(db.session.scalars(stmt))
    ids = [a.id for a in associations]
    on = today()
    year = school_year_of(on)
    return render_template("associations/index.html", associations=associations, level=level, levels=Level.LABELS,
                           counts=member_counts(ids, on), leaders=leaders_of(ids, on), year=year,
                           plans=plans_of_year(year, ids), progress=plan_progress(on, year=year, association_ids=ids),
                           may_add=current_user.role in KEEPERS)


def _form_page(form, association=None, status=200):
    return render_template("associations/form.html", form=form, association=association), status


def _default_level() -> str:
    return Level.SCHOOL if current_user.role == Role.SCHOOL else Level.DISTRICT


@bp.route("/new", methods=["GET", "POST"])
@roles_required(*KEEPERS)
def new():
    centre = db.session.scalar(select(Organisation.id).where(Organisation.kind == OrgKind.CENTRE))
    form = AssociationForm(organisations=owners(), data={
        "level": _default_level(), "kind": Kind.SUBJECT, "status": Status.ACTIVE,
        "organisation_id": current_user.organisation_id if current_user.role == Role.SCHOOL else centre or 0})
    if request.method == "GET" or not form.validate():
        return _form_page(form, status=422 if form.errors else 200)
    association = Association(organisation_id=form.organisation_id.data, level=form.level.data, kind=form.kind.data,
                              subject=form.subject.data, name=form.name.data, status=form.status.data,
                              created_at=datetime.now())
    db.session.add(association)
    try:
        db.session.flush()
    except IntegrityError:  # the same name twice (another tab, or it exists)
        db.session.rollback()
        form.name.errors = ["Объединение с таким названием у этой организации уже есть."]
        return _form_page(form, status=409)
    record("create", "association", association.id, f"Объединение «{association.name}»")
    db.session.commit()
    flash("Объединение добавлено.")
    return redirect(url_for(".association", association_id=association.id))


def page(item: Association, status: int = 200, member_form=None, appointment_form=None, leave_error=None,
         meeting_form=None):
    """The association's page: who leads it (by order), its meetings, its members — with a refused
    form's errors where they were made."""
    from .appointments import AppointmentForm
    from .meetings import MeetingForm, meetings_of
    from .members import MemberForm, members_of
    from .plans import offered_years, plans_of
    on = today()
    keep, manage = may_keep(item), may_manage(item)
    if member_form is None:
        member_form = MemberForm(formdata=None, data={"joined_on": on, "role": MemberRole.PARTICIPANT})
    if appointment_form is None and manage:
        appointment_form = AppointmentForm(formdata=None, data={"starts_on": on, "order_date": on, "post": Post.LEADER})
    if meeting_form is None and keep:
        meeting_form = MeetingForm(formdata=None, data={"day": on})
    return render_template(
        "associations/association.html", association=item, members=members_of(item.id), on=on,
        appointments=list(db.session.scalars(select(Appointment).options(selectinload(Appointment.person))
                                             .where(Appointment.association_id == item.id)
                                             .order_by(Appointment.starts_on.desc(), Appointment.post))),
        meetings=meetings_of(item.id), may_keep=keep, may_manage=manage,
        may_add_members=current_user.role in KEEPERS and item.status == Status.ACTIVE,
        member_form=member_form, appointment_form=appointment_form if manage else None,
        meeting_form=meeting_form if keep else None,
        leave_error=leave_error, plans=(plans := plans_of(item.id)),
        progress=plan_progress(on, association_ids=[item.id]),
        new_plan_years=[y for y in offered_years() if y not in {p.start_year for p in plans}]), status


@bp.get("/<int:association_id>")
@roles_required(*READERS)
def association(association_id):
    return page(load(association_id))


@bp.route("/<int:association_id>/edit", methods=["GET", "POST"])
@roles_required(*KEEPERS)
def edit(association_id):
    item = load(association_id, keep=True)
    form = AssociationForm(organisations=owners(), obj=item if request.method == "GET" else None)
    if request.method == "GET" or not form.validate():
        return _form_page(form, item, 422 if form.errors else 200)
    for name in ("level", "kind", "subject", "name", "status", "organisation_id"):
        setattr(item, name, getattr(form, name).data)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        form.name.errors = ["Объединение с таким названием у этой организации уже есть."]
        return _form_page(form, load(association_id), 409)
    record("update", "association", item.id, f"Объединение «{item.name}»")
    db.session.commit()
    flash("Сохранено.")
    return redirect(url_for(".association", association_id=item.id))


@bp.post("/<int:association_id>/delete")
@roles_required(*KEEPERS)
def delete(association_id):
    """An association with members, appointments, meetings or a plan of work is closed, not deleted:
    past reports and plans keep it."""
    item = load(association_id, keep=True)
    from app.events.models import Event
    from app.plan.models import Programme
    used = db.session.scalar(select(func.count(Membership.id)).where(Membership.association_id == item.id)) or \
        db.session.scalar(select(func.count(Appointment.id)).where(Appointment.association_id == item.id)) or \
        db.session.scalar(select(func.count(Event.id)).where(Event.association_id == item.id)) or \
        db.session.scalar(select(func.count(Programme.id)).where(Programme.association_id == item.id))
    if used:
        item.status = Status.CLOSED
        record("close", "association", item.id, f"Объединение «{item.name}»: работа завершена")
        db.session.commit()
        flash("У объединения есть участники, назначения, заседания или план работы: оно не удалено, а отмечено "
              "«работа завершена» — прошлые отчёты и планы его сохраняют.")
        return redirect(url_for(".association", association_id=item.id))
    db.session.delete(item)
    record("delete", "association", association_id, f"Объединение «{item.name}»")
    db.session.commit()
    flash(f"Объединение «{item.name}» удалено.")
    return redirect(url_for(".index"))
