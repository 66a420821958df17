"""The registry of mentors: each mentor with their pairs (active and past) and their
preparation for mentoring, edited in the row. Attending the municipal «школа наставников» (an
event series of part 3, found by its topic) counts as other training in the region."""
from collections import defaultdict

from flask import abort, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.auth.models import Role
from app.auth.permissions import roles_required
from app.clock import now
from app.extensions import db
from app.marks.queries import schools
from app.registry.models import Person
from app.spreadsheet import send_xlsx

from . import bp
from .access import visible
from .forms import ProfileForm
from .models import MentorProfile, Pair
from .queries import active_during, current_year, mentor_school_sessions, year_bounds
from .xlsx import preparation_workbook

READERS = Role.READERS
TRAINING = ("courses_in_region", "courses_elsewhere", "training_in_region", "training_elsewhere")


def _mentors():
    """Mentors of the pairs the current user sees, with their pairs, profiles and sessions."""
    pairs = list(db.session.scalars(
        visible(select(Pair)).options(selectinload(Pair.mentees), selectinload(Pair.organisation),
                                      selectinload(Pair.form))
        .order_by(Pair.starts_on.desc())))
    by_mentor = defaultdict(list)
    for pair in pairs:
        by_mentor[pair.mentor_id].append(pair)
    people = list(db.session.scalars(select(Person).options(selectinload(Person.organisation))
                                     .where(Person.id.in_(by_mentor)).order_by(Person.full_name)))
    profiles = {p.person_id: p for p in db.session.scalars(
        select(MentorProfile).where(MentorProfile.person_id.in_(by_mentor)))}
    return people, by_mentor, profiles, mentor_school_sessions(list(by_mentor))


def _may_edit_profile(person: Person, pairs) -> bool:
    """A coordinator keeps the preparation of their own teachers and of those mentoring in their school."""
    if current_user.role in Role.EDITORS:
        return True
    return current_user.role == Role.SCHOOL and (person.organisation_id == current_user.organisation_id
                                                 or any(p.organisation_id == current_user.organisation_id
                                                        for p in pairs))


@bp.get("/mentors")
@roles_required(*READERS)
def mentors():
    people, by_mentor, profiles, sessions = _mentors()
    return render_template("mentoring/mentors.html", people=people, by_mentor=by_mentor, profiles=profiles,
                           sessions=sessions, may_edit=_may_edit_profile, editing=None, year=current_year(),
                           schools=schools())


def _profile_row(person, form=None, status=200):
    pairs = list(db.session.scalars(visible(select(Pair)).options(selectinload(Pair.mentees))
                                    .where(Pair.mentor_id == person.id).order_by(Pair.starts_on.desc())))
    if not pairs:
        abort(404)
    profile = db.session.get(MentorProfile, person.id)
    context = dict(m=person, pairs=pairs, profile=profile, sessions=mentor_school_sessions([person.id]),
                   may_edit=_may_edit_profile, editing=person.id if form else None, form=form)
    if not request.htmx:
        if form is not None:  # the edit row inside the whole page, for a browser without JavaScript
            people, by_mentor, profiles, sessions = _mentors()
            return render_template("mentoring/mentors.html", people=people, by_mentor=by_mentor, profiles=profiles,
                                   sessions=sessions, may_edit=_may_edit_profile, editing=person.id,
                                   edit_form=form, year=current_year(), schools=schools()), status
        return redirect(url_for(".mentors", _anchor=f"mentor-{person.id}"))
    return render_template("mentoring/_mentor_row.html", **context), status


@bp.get("/mentors/<int:person_id>")
@roles_required(*READERS)
def mentor(person_id):
    return _profile_row(db.get_or_404(Person, person_id))


@bp.get("/mentors/<int:person_id>/edit")
@roles_required(*Role.EDITORS, Role.SCHOOL)
def mentor_edit(person_id):
    person = db.get_or_404(Person, person_id)
    _check_profile_rights(person)
    return _profile_row(person, ProfileForm(formdata=None, obj=db.session.get(MentorProfile, person.id)))


def _check_profile_rights(person):
    pairs = list(db.session.scalars(visible(select(Pair)).where(Pair.mentor_id == person.id)))
    if not pairs:
        abort(404)
    if not _may_edit_profile(person, pairs):
        abort(403)


@bp.post("/mentors/<int:person_id>")
@roles_required(*Role.EDITORS, Role.SCHOOL)
def mentor_update(person_id):
    person = db.get_or_404(Person, person_id)
    _check_profile_rights(person)
    form = ProfileForm()
    if not form.validate():
        return _profile_row(person, form, 422)
    profile = db.session.get(MentorProfile, person.id)
    if profile is None:
        profile = MentorProfile(person_id=person.id)
        db.session.add(profile)
    form.populate_obj(profile)
    profile.updated_at = now()
    db.session.commit()
    return _profile_row(person)


@bp.get("/mentors.xlsx")
@roles_required(*READERS)
def preparation_xlsx():
    """Подготовка наставников, the regional table, for a school year: per school and in all."""
    year = request.args.get("year", type=int) or current_year()
    start, end = year_bounds(year)
    pairs = list(db.session.scalars(visible(select(Pair)).where(active_during(start, end))))
    people_ids = {p.mentor_id for p in pairs}
    profiles = {p.person_id: p for p in db.session.scalars(
        select(MentorProfile).where(MentorProfile.person_id.in_(people_ids)))}
    sessions = mentor_school_sessions(list(people_ids))
    shown = [s for s in schools() if current_user.role != Role.SCHOOL or s.id == current_user.organisation_id]
    by_school = defaultdict(set)
    for pair in pairs:
        by_school[pair.organisation_id].add(pair.mentor_id)
    data = preparation_workbook(year, shown, by_school, profiles, sessions, total=current_user.role != Role.SCHOOL)
    return send_xlsx(data, f"Подготовка наставников {year}-{year + 1}.xlsx")
