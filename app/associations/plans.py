"""An association's plan of work for a school year. It is a programme of the plan part tied to the
association (app/plan: sections, activities, deadlines read by the parser as the school year's,
responsible people, done marks, print and Excel); made here, from nothing or from last year's.

Who makes it: whoever keeps the association (routes.may_keep): methodists, a school its ШМО's, the
association's own leader. The leader then edits it in the plan's pages (app/plan/access.py)."""
from flask import abort, flash, redirect, request, url_for
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.audit.models import record
from app.clock import school_year_of, today
from app.extensions import db
from app.plan.models import Programme
from app.plan.next_period import copy_programme

from . import bp
from .models import Status
from .routes import keepers_or_leader, load


def plans_of(association_id: int) -> list[Programme]:
    """The association's plans of work, the latest school year first."""
    return list(db.session.scalars(select(Programme).where(Programme.association_id == association_id)
                                   .order_by(Programme.start_year.desc())))


def plan_title(name: str, year: int) -> str:
    return f"План работы: {name} на {year}/{year + 1} учебный год"


def offered_years() -> tuple[int, int]:
    """A plan is made for this school year or the next (drawn up in the summer)."""
    year = school_year_of(today())
    return year, year + 1


@bp.post("/<int:association_id>/plans")
@keepers_or_leader
def plan_new(association_id):
    item = load(association_id, keep=True)
    year = request.form.get("year", type=int)
    if year not in offered_years():
        abort(400)
    back = redirect(url_for(".association", association_id=item.id, _anchor="plans"))
    if item.status != Status.ACTIVE:
        flash("Объединение завершило работу: новый план не составить.")
        return back
    existing = db.session.scalar(select(Programme.id).where(Programme.association_id == item.id,
                                                            Programme.start_year == year))
    if existing:  # a second click, another tab
        return redirect(url_for("plan.programme", programme_id=existing))
    source = db.session.scalars(select(Programme).where(Programme.association_id == item.id,
                                                        Programme.start_year < year)
                                .order_by(Programme.start_year.desc()).limit(1)).first()
    if source is not None and request.form.get("from") == "previous":
        programme, sections, activities = copy_programme(source, plan_title(item.name, year), year, year + 1)
        made = f"на основе плана {source.period_label}: разделов {sections}, мероприятий {activities}"
    else:
        programme = Programme(title=plan_title(item.name, year), start_year=year, end_year=year + 1,
                              association_id=item.id)
        db.session.add(programme)
        made = "пустой"
    try:
        db.session.flush()
    except IntegrityError:  # made at the same moment by another request
        db.session.rollback()
        existing = db.session.scalar(select(Programme.id).where(Programme.association_id == association_id,
                                                                Programme.start_year == year))
        return redirect(url_for("plan.programme", programme_id=existing)) if existing else back
    record("create", "programme", programme.id, f"План работы «{item.name}» на {year}/{year + 1} учебный год "
           f"({made})", programme.id)
    db.session.commit()
    flash(f"План работы на {year}/{year + 1} учебный год составлен ({made}). Добавьте разделы и мероприятия; "
          "сроки без года читаются по учебному году.")
    return redirect(url_for("plan.programme", programme_id=programme.id))
