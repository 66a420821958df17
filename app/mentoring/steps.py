"""A pair's individual plan, edited in place like plan rows: a step's text, its deadline as
people write it (read by the plan's deadline parser, and kept inside the pair's dates), and a
done mark with its date and comment. Each save answers with the step's row."""
from flask import redirect, render_template, request, url_for
from sqlalchemy import func, select
from sqlalchemy.orm.exc import StaleDataError

from app.clock import today
from app.extensions import db
from app.plan.deadlines import parse_deadline

from . import bp
from .access import load_pair
from .forms import StepForm
from .models import Pair, PlanStep
from .routes import pair_context

UNREAD = "Срок не распознан: напишите, например, «октябрь 2025», «до 15 мая 2026» или «ежеквартально»."


def _due(pair: Pair, form: StepForm):
    """The step's due date from its deadline text, or None with a message on the field."""
    parsed = parse_deadline(form.deadline_text.data, pair.starts_on.year, pair.end.year)
    if not parsed.understood or not parsed.occurrences:
        form.deadline_text.errors = [UNREAD]
        return None
    dates = [o.due_date for o in parsed.occurrences]
    if min(dates) < pair.starts_on or max(dates) > pair.end:
        form.deadline_text.errors = [
            f"Срок выходит за даты пары: с {pair.starts_on:%d.%m.%Y} по {pair.end:%d.%m.%Y}."]
        return None
    return max(dates)


def _checked(pair: Pair, form: StepForm):
    """(due date, valid) after the form's own checks and the pair's dates."""
    valid = form.validate()
    due = _due(pair, form) if form.deadline_text.data and not form.deadline_text.errors else None
    if form.done_on.data and form.done_on.data > today():
        form.done_on.errors = [*form.done_on.errors, "Дата выполнения не может быть в будущем."]
    return due, valid and due is not None and not form.done_on.errors


def _fill(step: PlanStep, form: StepForm, due) -> None:
    step.text, step.deadline_text, step.due_on = form.text.data, form.deadline_text.data, due
    step.done = bool(form.done.data)
    step.done_on = (form.done_on.data or today()) if step.done else None
    step.comment = form.comment.data


def _row(step: PlanStep, form: StepForm | None = None, status: int = 200, conflict: str = ""):
    if not request.htmx:
        if form is not None:  # the edit row inside the whole page, for a browser without JavaScript
            return render_template("mentoring/pair.html", **pair_context(
                load_pair(step.pair_id), editing=step.id, edit_form=form, conflict=conflict)), status
        return redirect(url_for(".pair", pair_id=step.pair_id, _anchor=f"step-{step.id}"))
    return render_template("mentoring/_step_row.html", s=step, pair=db.session.get(Pair, step.pair_id),
                           editing=step.id if form else None, edit_form=form, can_keep=True, today=today(),
                           conflict=conflict), status


def _step(step_id: int, keep: bool = True) -> PlanStep:
    step = db.get_or_404(PlanStep, step_id)
    load_pair(step.pair_id, keep=keep)
    return step


@bp.post("/pairs/<int:pair_id>/steps")
def step_create(pair_id):
    pair = load_pair(pair_id, keep=True)
    form = StepForm()
    due, valid = _checked(pair, form)
    if not valid:
        status = 422
        if request.htmx:
            return render_template("mentoring/_step_new.html", pair=pair, step_form=form), status
        return render_template("mentoring/pair.html", **pair_context(pair, step_form=form)), status
    position = (db.session.scalar(select(func.max(PlanStep.position)).where(PlanStep.pair_id == pair.id)) or 0) + 1
    step = PlanStep(pair_id=pair.id, position=position)
    _fill(step, form, due)
    db.session.add(step)
    db.session.commit()
    if request.htmx:
        return render_template("mentoring/_steps.html", **pair_context(load_pair(pair_id)))
    return redirect(url_for(".pair", pair_id=pair.id, _anchor="steps"))


@bp.get("/steps/<int:step_id>")
def step(step_id):
    return _row(_step(step_id, keep=False))


@bp.get("/steps/<int:step_id>/edit")
def step_edit(step_id):
    step = _step(step_id)
    return _row(step, StepForm(formdata=None, obj=step, data={"version": step.version}))


@bp.post("/steps/<int:step_id>")
def step_update(step_id):
    step = _step(step_id)
    pair = db.session.get(Pair, step.pair_id)
    form = StepForm()
    due, valid = _checked(pair, form)
    if not valid:
        return _row(step, form, 422)
    if form.version.data != str(step.version):
        return _conflict(step_id, form)
    _fill(step, form, due)
    try:
        db.session.commit()
    except StaleDataError:
        return _conflict(step_id, form)
    return _row(step)


def _conflict(step_id: int, form: StepForm):
    db.session.rollback()
    step = db.session.get(PlanStep, step_id)
    form.version.data = str(step.version)
    return _row(step, form, 409, "Этот шаг только что изменили в другом окне. Сверьте и сохраните ещё раз.")


@bp.post("/steps/<int:step_id>/done")
def step_done(step_id):
    """One click: done today (or undone)."""
    step = _step(step_id)
    step.done = request.form.get("done", "1") == "1"
    step.done_on = today() if step.done else None
    try:
        db.session.commit()
    except StaleDataError:  # the same click from another tab won: show the step as it is now
        db.session.rollback()
        step = _step(step_id)
    return _row(step)


@bp.post("/steps/<int:step_id>/delete")
def step_delete(step_id):
    step = _step(step_id)
    pair_id = step.pair_id
    db.session.delete(step)
    try:
        db.session.commit()
    except StaleDataError:  # deleted a moment ago from another tab
        db.session.rollback()
    if request.htmx:
        return ""
    return redirect(url_for(".pair", pair_id=pair_id, _anchor="steps"))
