"""What is done and what is late: the matrix of an activity or a section, and the summary."""
from flask import render_template, request
from sqlalchemy import select

from app.clock import today
from app.extensions import db
from app.marks.status import Participation, load_marks, programme_summary
from app.registry.models import sort_organisations

from . import bp
from .access import may_edit
from .models import Activity, Programme, Section
from .outline import activity_scope, build_outline, find_activity, find_section


def _matrix(programme: Programme, numbered, title: str, scope):
    """Organisations × (activity, occurrence) cells for the given (number, activity) pairs."""
    people = Participation.load(programme)
    columns = [(number, activity, occurrence) for number, activity in numbered for occurrence in activity.occurrences]
    org_ids = {org_id for _, activity in numbered for org_id in people.of(activity)}
    organisations = sort_organisations(people.by_id[i] for i in org_ids if i in people.by_id)
    expected = {(activity.id, org_id) for _, activity in numbered for org_id in people.of(activity)}
    marks = load_marks(scope)
    return render_template("plan/matrix.html", programme=programme, title=title, columns=columns,
                           organisations=organisations, expected=expected, marks=marks, today=today(),
                           may_mark=may_edit(programme))


@bp.get("/activities/<int:activity_id>/matrix")
def activity_matrix(activity_id):
    activity = db.get_or_404(Activity, activity_id)
    programme = activity.section.programme
    outline = build_outline(programme, only_section_id=activity.section_id)
    numbered = find_activity(outline, activity.id)
    return _matrix(programme, [(numbered.number, activity)], f"{numbered.number}. {activity.title}",
                   Activity.id == activity.id)


@bp.get("/sections/<int:section_id>/matrix")
def section_matrix(section_id):
    section = db.get_or_404(Section, section_id)
    programme = section.programme
    outline = build_outline(programme)
    numbered = find_section(outline, section_id)
    pairs = [(na.number, na.activity) for ns in outline if ns.section.id == section_id
             or ns.section.parent_id == section_id for na in ns.activities]
    subsections = select(Section.id).where((Section.id == section_id) | (Section.parent_id == section_id))
    return _matrix(programme, pairs, f"Раздел {numbered.number}. {section.title}",
                   Activity.section_id.in_(subsections))


@bp.get("/<int:programme_id>/summary")
def summary(programme_id):
    programme = db.get_or_404(Programme, programme_id)
    outline = build_outline(programme)
    people = Participation.load(programme)
    numbered = [(na.activity, na.number, [i for i in (ns.section.id, ns.section.parent_id) if i])
                for ns in outline for na in ns.activities]
    on = today()
    by_section, by_org, by_person, overdue = programme_summary(numbered, on, people, activity_scope(programme.id))
    tops = outline
    organisations = sort_organisations(people.by_id[i] for i in by_org)
    persons = {p.id: p for activity, _, _ in numbered for p in activity.responsible_people}
    responsible = sorted((persons[i] for i, t in by_person.items() if t.expected), key=lambda p: p.full_name)
    shown = overdue if request.args.get("overdue") == "all" else overdue[-OVERDUE_SHOWN:]
    return render_template("plan/summary.html", programme=programme, tops=tops, by_section=by_section,
                           by_org=by_org, organisations=organisations, overdue=overdue, overdue_shown=shown,
                           today=on, by_person=by_person, responsible=responsible)


OVERDUE_SHOWN = 100  # the latest overdue occurrences; all of them on request

