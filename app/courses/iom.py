"""A teacher's individual route (ИОМ) for a school year: the deficits of the year's diagnostic,
steps with deadlines (the plan's parser), each linked to its record when there is one — a course,
an event the teacher is registered for, a mentoring pair — and done when that record says so
(the course finished, the event attended, the pair completed); other steps are marked by hand.
Progress k of n; the page prints on A4 for the teacher's file."""
from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from app.audit.models import record
from app.auth.models import Role
from app.auth.permissions import roles_required
from app.clock import today
from app.events.models import Event, Registration
from app.extensions import db
from app.mentoring.models import Pair, PairStatus, pair_mentees
from app.plan.deadlines import parse_deadline
from app.registry.models import Person
from app.upsert import insert_missing

from . import bp
from .deficits import READERS, areas, school_year, year_label
from .models import Course
from .route_models import DiagnosticResult, IndividualRoute, RouteStep, StepKind

UNREAD = "Срок не распознан: напишите, например, «октябрь 2025», «до 15 мая 2026» или «в течение года»."


def _person(person_id: int, keep: bool = False) -> Person:
    person = db.get_or_404(Person, person_id)
    if current_user.role == Role.SCHOOL and person.organisation_id != current_user.organisation_id:
        abort(403)
    if keep and current_user.role not in (*Role.EDITORS, Role.SCHOOL):
        abort(403)
    return person


def _route(person: Person, year: int) -> IndividualRoute | None:
    return db.session.scalars(select(IndividualRoute)
                              .options(selectinload(IndividualRoute.steps).selectinload(RouteStep.area))
                              .where(IndividualRoute.person_id == person.id, IndividualRoute.year == year)).first()


def step_done(steps: list[RouteStep], person_id: int, on: date) -> dict[int, bool]:
    """Whether each step is done, in three queries whatever their number: a linked course has
    ended, a linked event was attended by the teacher, a linked pair has finished; an unlinked
    step as marked."""
    course_ids = {s.course_id for s in steps if s.course_id}
    event_ids = {s.event_id for s in steps if s.event_id}
    pair_ids = {s.pair_id for s in steps if s.pair_id}
    ended = set(db.session.scalars(select(Course.id).where(Course.id.in_(course_ids), Course.ends_on <= on))) \
        if course_ids else set()
    attended = set(db.session.scalars(select(Registration.event_id).where(
        Registration.event_id.in_(event_ids), Registration.person_id == person_id, Registration.attended))) \
        if event_ids else set()
    finished = set(db.session.scalars(select(Pair.id).where(Pair.id.in_(pair_ids), Pair.status == PairStatus.FINISHED))) \
        if pair_ids else set()
    return {s.id: (s.course_id in ended if s.course_id else s.event_id in attended if s.event_id
                   else s.pair_id in finished if s.pair_id else s.done_by_hand) for s in steps}


def _links(person: Person) -> dict:
    """The records a step may refer to: the teacher's courses, events they are registered for,
    and pairs where they are a mentee."""
    return {
        "courses": list(db.session.scalars(select(Course).where(Course.person_id == person.id)
                                           .order_by(Course.ends_on.desc()))),
        "events": list(db.session.scalars(select(Event).join(Registration, Registration.event_id == Event.id)
                                          .where(Registration.person_id == person.id).order_by(Event.starts_at.desc()))),
        "pairs": list(db.session.scalars(select(Pair).options(selectinload(Pair.mentor))
                                         .join(pair_mentees, pair_mentees.c.pair_id == Pair.id)
                                         .where(pair_mentees.c.person_id == person.id).order_by(Pair.starts_on.desc()))),
    }


def _page(person: Person, year: int, status: int = 200, errors: dict | None = None, typed: dict | None = None):
    route = _route(person, year)
    steps = route.steps if route else []
    done = step_done(steps, person.id, today())
    diagnostic = db.session.scalars(select(DiagnosticResult).options(selectinload(DiagnosticResult.deficits))
                                   .where(DiagnosticResult.person_id == person.id, DiagnosticResult.year == year)).first()
    may_keep = current_user.role in Role.EDITORS or (
        current_user.role == Role.SCHOOL and person.organisation_id == current_user.organisation_id)
    return render_template("courses/route.html", p=person, year=year, label=year_label(year), route=route, steps=steps,
                           done=done, done_count=sum(done.values()), diagnostic=diagnostic, areas=areas(),
                           kinds=StepKind.LABELS, links=_links(person) if may_keep else {}, may_keep=may_keep,
                           errors=errors or {}, typed=typed or {}, today=today(),
                           print_view=request.args.get("print") == "1"), status


@bp.get("/routes/<int:person_id>")
@roles_required(*READERS)
def route(person_id):
    return _page(_person(person_id), school_year())


@bp.post("/routes/<int:person_id>/steps")
@roles_required(*READERS)
def step_add(person_id):
    person = _person(person_id, keep=True)
    year = school_year()
    form = request.form
    kind, text, deadline = form.get("kind", ""), (form.get("text") or "").strip(), (form.get("deadline") or "").strip()
    errors = {}
    if kind not in StepKind.LABELS:
        errors["kind"] = "Выберите вид шага."
    if not text:
        errors["text"] = "Опишите шаг."
    elif len(text) > 2000:
        errors["text"] = "Не длиннее 2000 символов."
    parsed = parse_deadline(deadline, year, year + 1)
    due = None
    if not deadline:
        errors["deadline"] = "Укажите срок."
    elif len(deadline) > 300:
        errors["deadline"] = "Не длиннее 300 символов."
    elif not parsed.understood or not parsed.occurrences:
        errors["deadline"] = UNREAD
    else:
        due = max(o.due_date for o in parsed.occurrences)
    links = _links(person)
    area_id = form.get("area", type=int)
    if area_id and area_id not in {a.id for a in areas()}:
        errors["area"] = "Выберите область из списка."
    link = form.get("link", "")
    course_id = event_id = pair_id = None
    if link:
        kind_of_link, _, raw = link.partition(":")
        ids = {"course": {c.id for c in links["courses"]}, "event": {e.id for e in links["events"]},
               "pair": {p.id for p in links["pairs"]}}.get(kind_of_link, set())
        if not raw.isdigit() or int(raw) not in ids:
            errors["link"] = "Выберите запись из списка."
        else:
            course_id, event_id, pair_id = [int(raw) if kind_of_link == k else None for k in ("course", "event", "pair")]
    if errors:
        return _page(person, year, 422, errors, dict(form))
    insert_missing(IndividualRoute, {"person_id": person.id, "year": year, "organisation_id": person.organisation_id},
                   ["person_id", "year"])
    route_row = _route(person, year)
    position = (db.session.scalar(select(func.max(RouteStep.position)).where(RouteStep.route_id == route_row.id)) or 0) + 1
    db.session.add(RouteStep(route_id=route_row.id, position=position, kind=kind, text=text, area_id=area_id or None,
                             deadline_text=deadline, due_on=due, course_id=course_id, event_id=event_id,
                             pair_id=pair_id))
    record("create", "route_step", person.id, f"ИОМ {year_label(year)}: {person.full_name} — шаг «{text[:80]}»")
    try:
        db.session.commit()
    except IntegrityError:  # the same step sent twice (a double click, another tab): it is there once
        db.session.rollback()
        flash("Такой шаг с этим сроком в маршруте уже есть.")
    return redirect(url_for(".route", person_id=person.id, year=year, _anchor="steps"))


def _step(step_id: int) -> RouteStep:
    step = db.get_or_404(RouteStep, step_id)
    _person(step.route.person_id, keep=True)
    return step


@bp.post("/steps/<int:step_id>/done")
@roles_required(*READERS)
def step_mark(step_id):
    """A step without a linked record is marked done (or not) by hand; a linked one follows its record."""
    step = _step(step_id)
    if step.linked:
        flash("Этот шаг связан с записью и выполняется вместе с ней.")
    else:
        step.done_by_hand = request.form.get("done") == "1"
        db.session.commit()
    return redirect(url_for(".route", person_id=step.route.person_id, year=step.route.year, _anchor="steps"))


@bp.post("/steps/<int:step_id>/delete")
@roles_required(*READERS)
def step_delete(step_id):
    step = _step(step_id)
    person_id, year = step.route.person_id, step.route.year
    db.session.delete(step)
    db.session.commit()
    return redirect(url_for(".route", person_id=person_id, year=year, _anchor="steps"))
