"""Organisations and people: lists with search, add, and in-place edit of a row.

A school coordinator sees and keeps the people of their own organisation only; the head
reads; methodists and admins keep both registries.
"""
import re

from flask import abort, current_app, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from app.associations.queries import appointments_of, memberships_of, network_of
from app.audit.models import record
from app.clock import today
from app.auth.models import Role
from app.auth.permissions import editors_only, roles_required
from app.competitions.queries import person_entries
from app.courses.queries import person_courses
from app.extensions import db
from app.staff.models import on_staff
from app.municipalities.scope import enter

from . import bp
from .forms import OrganisationForm, PersonForm
from .models import Category, Organisation, Person, sort_organisations
from .picker import SCOPES, chosen_people, like_pattern, matching_people

PICKER_NAME = re.compile(r"[a-z_]{1,40}")


# --- Organisations ------------------------------------------------------------------------


def _organisations(q: str) -> list[Organisation]:
    stmt = select(Organisation)
    if q:
        pattern = like_pattern(q)
        stmt = stmt.where(or_(func.lower(Organisation.name).like(pattern, escape="\\"),
                              func.lower(Organisation.short_name).like(pattern, escape="\\")))
    return sort_organisations(db.session.scalars(stmt))


def _organisations_page(form: OrganisationForm | None = None, status: int = 200, editing: int | None = None,
                        edit_form: OrganisationForm | None = None):
    q = request.args.get("q", "").strip()[:100]
    context = dict(
        organisations=_organisations(q), q=q, form=form or OrganisationForm(formdata=None),
        editing=editing, edit_form=edit_form,
    )
    if request.htmx and request.htmx.target == "organisation-rows":
        return render_template("registry/_organisation_rows.html", **context), status
    template = "registry/_organisations_panel.html" if request.htmx else "registry/organisations.html"
    return render_template(template, **context), status


@bp.get("/organisations")
def organisations():
    response = _organisations_page()
    return response[0], response[1], {"Vary": "HX-Request, HX-Target"}


@bp.post("/organisations")
@editors_only
def organisation_create():
    form = OrganisationForm()
    if not form.validate():
        return _organisations_page(form, 422)
    organisation = Organisation()
    form.populate_obj(organisation)
    db.session.add(organisation)
    if not _committed(form):
        return _organisations_page(form, 422)
    return _organisations_page()


def _committed(form: OrganisationForm) -> bool:
    """Commit; False (with the message on the field) if the short name was taken a moment ago."""
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        form.short_name.errors = ["Организация с таким кратким наименованием уже есть."]
        return False
    return True


def _organisation_row(organisation, form=None, status=200):
    context = dict(o=organisation, edit_form=form, editing=organisation.id if form else None)
    if request.htmx:
        return render_template("registry/_organisation_row.html", **context), status
    return _organisations_page(status=status, editing=organisation.id if form else None, edit_form=form)


@bp.get("/organisations/<int:org_id>")
def organisation(org_id):
    organisation = db.get_or_404(Organisation, org_id)
    if not request.htmx:
        return redirect(url_for(".organisations", _anchor=f"organisation-{org_id}"))
    return _organisation_row(organisation)


@bp.get("/organisations/<int:org_id>/edit")
@editors_only
def organisation_edit(org_id):
    organisation = db.get_or_404(Organisation, org_id)
    return _organisation_row(organisation, OrganisationForm(obj=organisation, organisation_id=org_id))


@bp.post("/organisations/<int:org_id>")
@editors_only
def organisation_update(org_id):
    organisation = db.get_or_404(Organisation, org_id)
    form = OrganisationForm(organisation_id=org_id)
    if not form.validate():
        return _organisation_row(organisation, form, 422)
    form.populate_obj(organisation)
    if not _committed(form):
        return _organisation_row(db.get_or_404(Organisation, org_id), form, 422)
    if not request.htmx:
        return redirect(url_for(".organisations", _anchor=f"organisation-{org_id}"))
    return _organisation_row(organisation)


# --- People -------------------------------------------------------------------------------


def _visible_organisations() -> list[Organisation]:
    """Organisations whose people the current user may see and keep."""
    if current_user.role == Role.SCHOOL:
        return [current_user.organisation] if current_user.organisation else []
    return sort_organisations(db.session.scalars(select(Organisation)))


def _person_form(**kwargs) -> PersonForm:
    return PersonForm(organisations=_visible_organisations(), **kwargs)


def _may_edit_person(person: Person | None = None) -> bool:
    if current_user.role in Role.EDITORS:
        return True
    if current_user.role == Role.SCHOOL:
        return person is None or person.organisation_id == current_user.organisation_id
    return False


def left_shown() -> bool:
    return request.args.get("left") == "1"


def _people_query():
    q = request.args.get("q", "").strip()[:100]
    org_id = request.args.get("org", type=int)
    stmt = select(Person).options(joinedload(Person.organisation))
    if current_user.role == Role.SCHOOL:
        org_id = current_user.organisation_id
    if org_id:
        stmt = stmt.where(Person.organisation_id == org_id)
    # Who left (every employment ended) leaves the list; «выбывшие» shows them alone.
    stmt = stmt.where(~on_staff(today()) if left_shown() else on_staff(today()))
    if q:
        pattern = like_pattern(q)
        stmt = stmt.where(or_(func.lower(Person.full_name).like(pattern, escape="\\"),
                              func.lower(Person.subject).like(pattern, escape="\\"),
                              func.lower(Person.position).like(pattern, escape="\\")))
    return stmt, q, org_id


def _people_page(form=None, status=200, editing=None, edit_form=None):
    stmt, q, org_id = _people_query()
    per_page = current_app.config["PEOPLE_PER_PAGE"]
    page = max(request.args.get("page", 1, type=int), 1)
    total = db.session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery()))
    people = list(db.session.scalars(stmt.order_by(Person.full_name, Person.id)
                                      .limit(per_page).offset((page - 1) * per_page)))
    context = dict(
        people=people, q=q, org_id=org_id, page=page, total=total, left=left_shown(),
        pages=max((total + per_page - 1) // per_page, 1),
        organisations=_visible_organisations(), categories=Category.LABELS,
        form=form or _person_form(formdata=None, data={"organisation_id": org_id}),
        may_add=_may_edit_person(), editing=editing, edit_form=edit_form,
        may_edit=_may_edit_person,
    )
    if request.htmx and request.htmx.target == "people-results":
        return render_template("registry/_people_results.html", **context), status
    template = "registry/_people_panel.html" if request.htmx else "registry/people.html"
    return render_template(template, **context), status


@bp.get("/people")
def people():
    body, status = _people_page()
    return body, status, {"Vary": "HX-Request, HX-Target"}


@bp.post("/people")
@roles_required(Role.ADMIN, Role.METHODIST, Role.SCHOOL)
def person_create():
    form = _person_form()
    if not form.validate():
        return _people_page(form, 422)
    person = Person()
    form.apply(person)
    db.session.add(person)
    db.session.flush()
    _log_birth_date(person, None)
    db.session.commit()
    return _people_page()


def _log_birth_date(person: Person, before) -> None:
    """Personal data: every change of a date of birth is in the audit log."""
    if person.birth_date != before:
        record("update", "person", person.id, f"Дата рождения: {person.full_name}"[:500], None,
               {"birth_date": before.isoformat() if before else None},
               {"birth_date": person.birth_date.isoformat() if person.birth_date else None})


def _load_person(person_id: int, for_edit: bool = False) -> Person:
    person = db.get_or_404(Person, person_id)
    if current_user.role == Role.SCHOOL and person.organisation_id != current_user.organisation_id:
        abort(403)
    if for_edit and not _may_edit_person(person):
        abort(403)
    return person


def _person_row(person, form=None, status=200):
    if request.htmx:
        return render_template("registry/_person_row.html", p=person, edit_form=form,
                               editing=person.id if form else None, may_edit=_may_edit_person), status
    return _people_page(status=status, editing=person.id if form else None, edit_form=form)


@bp.get("/people/<int:person_id>")
def person(person_id):
    person = _load_person(person_id)
    if not request.htmx:
        return render_template("registry/person.html", p=person, may_edit=_may_edit_person,
                               competition_entries=person_entries(person.id), courses=person_courses(person.id),
                               memberships=memberships_of(person.id), appointments=appointments_of(person.id),
                               network=network_of(person.id))
    return _person_row(person)


@bp.get("/people/<int:person_id>/edit")
def person_edit(person_id):
    person = _load_person(person_id, for_edit=True)
    return _person_row(person, _person_form(obj=person))


@bp.post("/people/<int:person_id>")
def person_update(person_id):
    person = _load_person(person_id, for_edit=True)
    form = _person_form()
    if not form.validate():
        return _person_row(person, form, 422)
    born = person.birth_date
    form.apply(person)
    _log_birth_date(person, born)
    db.session.commit()
    if not request.htmx:
        return redirect(url_for(".people", _anchor=f"person-{person_id}"))
    return _person_row(person)


# --- Picking a person by name (the person picker's answer while typing) -------------------


@bp.get("/people/pick")
def pick():
    """The choices of a person picker for what was typed: the checked ones kept, then matches.
    Asked by htmx from a form's picker (templates/registry/_picker.html); read-only."""
    name = request.args.get("field", "")
    scope = request.args.get("scope", "")
    if scope not in SCOPES or not PICKER_NAME.fullmatch(name):
        abort(400)
    if current_user.role in Role.REGIONAL:
        enter(None)  # the region's pickers (a regional competition's jury) find anyone in the region
    multiple = request.args.get("multiple") == "1"
    ids = [int(v) for v in request.args.getlist(name) if v.isdigit()]
    query = request.args.get(f"{name}-q", "").strip()[:100]
    chosen = chosen_people(scope, ids if multiple else ids[:1])
    found, more = matching_people(scope, query, leave_out=[p.id for p in chosen])
    return render_template("registry/_picker_choices.html", name=name, field_id=request.args.get("id", name)[:60],
                           multiple=multiple, chosen=chosen, found=found, more=more, query=query,
                           form_id=request.args.get("form", "")[:60])
