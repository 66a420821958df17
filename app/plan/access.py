"""Who changes a plan: the working group (methodists, admin) any plan; an association's leader the
plan of work of the association they lead, and nothing else of the plan part; a school's coordinator
the plan of work of their school's own association (its ШМО), as they keep the association itself.

The plan's routes name their plan by a programme, a section or an activity in the URL (or, for the
rows' shared form, in the posted `do`); `programme_of_request` reads which, in one query.
"""
from functools import wraps

from flask import abort, request
from flask_login import current_user
from sqlalchemy import select

from app.auth.models import Role
from app.extensions import db

from .models import Activity, Occurrence, Programme, Section

# What a leader opens of the plan part, always of their association's plan (app/security.py):
# the plan page and its fragments, the row edits, the done marks, the summary, print and Excel.
LEADER_ENDPOINTS = {
    "plan.programme", "plan.section", "plan.section_create", "plan.section_edit", "plan.section_update",
    "plan.section_move", "plan.section_delete", "plan.activity", "plan.activity_new", "plan.activity_create",
    "plan.activity_edit", "plan.activity_update", "plan.activity_move", "plan.activity_delete", "plan.row_action",
    "plan.activity_matrix", "plan.section_matrix", "plan.summary", "exports.print_plan", "exports.plan_xlsx", "exports.plan_docx",
    "marks.mark", "registry.pick",
}


def _programme_id_of(view_args: dict, form) -> int | None:
    if "programme_id" in view_args:
        return view_args["programme_id"]
    if "section_id" in view_args:
        return db.session.scalar(select(Section.programme_id).where(Section.id == view_args["section_id"]))
    if "activity_id" in view_args:
        return db.session.scalar(select(Section.programme_id).join(Activity, Activity.section_id == Section.id)
                                 .where(Activity.id == view_args["activity_id"]))
    target = (form.get("do") or "").partition(" ")[0]  # the plan rows' shared form: "<id>" or "s<id>"
    if target.removeprefix("s").isdigit():
        key = "section_id" if target.startswith("s") else "activity_id"
        return _programme_id_of({key: int(target.removeprefix("s"))}, {})
    occurrence_id = form.get("occurrence_id", "")
    if occurrence_id.isdigit():  # a done mark
        return db.session.scalar(select(Section.programme_id).join(Activity, Activity.section_id == Section.id)
                                 .join(Occurrence, Occurrence.activity_id == Activity.id)
                                 .where(Occurrence.id == int(occurrence_id)))
    return None


def programme_of_request() -> Programme | None:
    programme_id = _programme_id_of(request.view_args or {}, request.form)
    return db.session.get(Programme, programme_id) if programme_id else None


def leads(programme: Programme | None) -> bool:
    """The current user leads the association whose plan of work this is."""
    if programme is None or programme.association_id is None or current_user.role != Role.ASSOCIATION_LEADER:
        return False
    from app.associations.routes import led
    return programme.association_id in led()


def keeps(programme: Programme | None) -> bool:
    """The current user keeps this association's plan of work: its leader, or the coordinator of the
    school it belongs to (a ШМО)."""
    if leads(programme):
        return True
    if programme is None or programme.association_id is None or current_user.role != Role.SCHOOL:
        return False
    return programme.association.organisation_id == current_user.organisation_id


def may_edit(programme: Programme | None) -> bool:
    return current_user.can_edit_plan or keeps(programme)


def leader_may_open() -> bool:
    """For app/security.py: a leader's request to the plan part is of their association's plan."""
    if request.endpoint not in LEADER_ENDPOINTS:
        return False
    if request.endpoint == "registry.pick":
        return True  # the activity row's picker of responsible people: names, read-only
    return leads(programme_of_request())


def plan_editors(view):
    """A plan's change: the working group, or who keeps the association whose plan it is."""
    @wraps(view)
    def wrapped(*args, **kwargs):
        if not may_edit(programme_of_request()):
            abort(403)
        return view(*args, **kwargs)

    return wrapped
