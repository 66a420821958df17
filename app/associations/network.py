"""Teachers in the professional network: their part in scientific-methodical events outside the
app (recorded by their school) and their publications. The centre's own events count by
themselves — a speaker, the organiser, those present (reports.py).

Who: a school coordinator their own teachers'; methodists and the administrator anyone's; the
head reads."""
from datetime import date, datetime

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload
from wtforms import IntegerField, SelectField, StringField
from wtforms.validators import URL, DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from app.audit.models import record
from app.auth.models import Role
from app.auth.permissions import roles_required
from app.clock import today
from app.extensions import db
from app.forms import REQUIRED, BaseForm, choices, date_field, strip
from app.registry.models import Person
from app.registry.picker import PersonPicker

from . import bp
from .models import EventLevel, NetworkRole, OutsideParticipation, Publication
from .routes import KEEPERS, refuse_other_schools_person

FIRST_DAY = date(2000, 9, 1)   # the first school year the app keeps


def _choice(labels: dict, message: str):
    def check(form, field):
        if field.data not in labels:
            raise ValidationError(message)
    return check


class ParticipationForm(BaseForm):
    person_id = PersonPicker("Педагог", scope="keep")
    event_title = StringField("Мероприятие", filters=[strip], validators=[
        DataRequired(REQUIRED), Length(max=500, message="Не длиннее 500 символов.")])
    level = SelectField("Уровень", choices=choices(EventLevel.LABELS.items()), validate_choice=False,
                        validators=[_choice(EventLevel.LABELS, "Выберите уровень из списка.")])
    held_on = date_field("Дата", required=True)
    role = SelectField("Роль", choices=choices(NetworkRole.LABELS.items()), validate_choice=False,
                       validators=[_choice(NetworkRole.LABELS, "Выберите роль из списка.")])

    def validate_held_on(self, field):
        if field.data and not FIRST_DAY <= field.data <= today():
            raise ValidationError(f"Дата — от {FIRST_DAY:%d.%m.%Y} (первый учебный год в системе) до сегодняшнего дня.")


class PublicationForm(BaseForm):
    person_id = PersonPicker("Педагог", scope="keep")
    title = StringField("Название", filters=[strip], validators=[
        DataRequired(REQUIRED), Length(max=500, message="Не длиннее 500 символов.")])
    edition = StringField("Издание или сайт", filters=[strip], validators=[Length(max=500)])
    year = IntegerField("Год", validators=[InputRequired("Укажите год."),
                                           NumberRange(min=2000, max=2100, message="Год — от 2000.")])
    link = StringField("Ссылка", filters=[strip], validators=[
        Optional(), URL(message="Ссылка — адрес вида https://…"), Length(max=1000)])

    def validate_year(self, field):
        if field.data and field.data > today().year:
            raise ValidationError("Год публикации не может быть позже текущего.")


def _own(organisation_id: int) -> None:
    if current_user.role == Role.SCHOOL and organisation_id != current_user.organisation_id:
        abort(403)


def _page(status=200, participation_form=None, publication_form=None):
    on = today()
    participations = select(OutsideParticipation).options(selectinload(OutsideParticipation.person),
                                                          selectinload(OutsideParticipation.organisation))
    publications = select(Publication).options(selectinload(Publication.person), selectinload(Publication.organisation))
    if current_user.role == Role.SCHOOL:
        participations = participations.where(OutsideParticipation.organisation_id == current_user.organisation_id)
        publications = publications.where(Publication.organisation_id == current_user.organisation_id)
    may_edit = current_user.role in KEEPERS
    return render_template(
        "associations/network.html",
        participations=list(db.session.scalars(participations.order_by(OutsideParticipation.held_on.desc(),
                                                                        OutsideParticipation.id.desc()).limit(200))),
        publications=list(db.session.scalars(publications.order_by(Publication.year.desc(),
                                                                    Publication.id.desc()).limit(200))),
        may_edit=may_edit,
        participation_form=participation_form or ParticipationForm(formdata=None, data={"held_on": on}),
        publication_form=publication_form or PublicationForm(formdata=None, data={"year": on.year})), status


@bp.get("/network")
@roles_required(*KEEPERS, Role.HEAD)
def network():
    return _page()


@bp.post("/network/participations")
@roles_required(*KEEPERS)
def participation_add():
    refuse_other_schools_person()
    form = ParticipationForm()
    if not form.validate():
        return _page(422, participation_form=form)
    person = db.session.get(Person, form.person_id.data)
    item = OutsideParticipation(person_id=person.id, organisation_id=person.organisation_id,
                                event_title=form.event_title.data, level=form.level.data, held_on=form.held_on.data,
                                role=form.role.data, created_at=datetime.now())
    db.session.add(item)
    try:
        db.session.flush()
    except IntegrityError:  # the same record a moment ago (another tab)
        db.session.rollback()
        form.event_title.errors = ["Это участие уже записано."]
        return _page(409, participation_form=form)
    record("create", "network_event", item.id,
           f"{person.full_name}: {item.event_title} ({item.role_label}, {item.held_on:%d.%m.%Y})"[:500])
    db.session.commit()
    flash("Участие записано.")
    return redirect(url_for(".network", _anchor="participations"))


@bp.post("/network/participations/<int:item_id>/delete")
@roles_required(*KEEPERS)
def participation_delete(item_id):
    item = db.get_or_404(OutsideParticipation, item_id)
    _own(item.organisation_id)
    record("delete", "network_event", item.id, f"{item.person.full_name}: {item.event_title}"[:500])
    db.session.delete(item)
    db.session.commit()
    flash("Запись удалена.")
    return redirect(url_for(".network", _anchor="participations"))


@bp.post("/network/publications")
@roles_required(*KEEPERS)
def publication_add():
    refuse_other_schools_person()
    form = PublicationForm()
    if not form.validate():
        return _page(422, publication_form=form)
    person = db.session.get(Person, form.person_id.data)
    item = Publication(person_id=person.id, organisation_id=person.organisation_id, title=form.title.data,
                       edition=form.edition.data, year=form.year.data, link=form.link.data or "",
                       created_at=datetime.now())
    db.session.add(item)
    try:
        db.session.flush()
    except IntegrityError:  # the same publication a moment ago (another tab), or recorded before
        db.session.rollback()
        form.title.errors = ["Эта публикация уже записана."]
        return _page(409, publication_form=form)
    record("create", "publication", item.id, f"{person.full_name}: {item.title}"[:500])
    db.session.commit()
    flash("Публикация записана.")
    return redirect(url_for(".network", _anchor="publications"))


@bp.post("/network/publications/<int:item_id>/delete")
@roles_required(*KEEPERS)
def publication_delete(item_id):
    item = db.get_or_404(Publication, item_id)
    _own(item.organisation_id)
    record("delete", "publication", item.id, f"{item.person.full_name}: {item.title}"[:500])
    db.session.delete(item)
    db.session.commit()
    flash("Публикация удалена.")
    return redirect(url_for(".network", _anchor="publications"))
