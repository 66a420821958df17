"""Programmes and their action plan, edited in place.

Every view answers htmx with the smallest fragment that changes (a row, a section's
<tbody>, the whole table when section numbers shift) and a plain request with the full page,
so each button also works as an ordinary link or form.
"""
from dataclasses import replace
from datetime import datetime

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import func, select, update
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.exc import StaleDataError

from app.approval.snapshot import latest_version, participants_text
from app.associations.queries import overdue_plan_items
from app.auth.models import Role
from app.audit.models import record
from app.events.queries import upcoming
from app.plan.links import linked, providers
from app.auth.permissions import editors_only
from app.extensions import db
from app.registry.models import Organisation, OrgKind, Person, sort_organisations

from . import bp
from app.clock import school_year_of, today
from app.forms import choices
from app.marks.status import Participation, activity_statuses

from .access import may_edit, plan_editors
from .filters import STATUS_CHOICES, PlanFilters
from .forms import ActivityForm, ProgrammeForm, SectionForm, optional_int
from .models import PASSPORT_FIELDS, Activity, DeadlineState, Participants, Programme, Section, Stage, activity_people

from .occurrences import apply_deadline, manual_text
from .outline import activity_scope, build_outline, find_activity, find_section, section_numbers


def activity_fields(activity: Activity) -> dict:
    """What the audit log keeps of an activity, before and after a change."""
    return {
        "title": activity.title, "deadline_text": activity.deadline_text,
        "responsible_text": activity.responsible_text, "participants": participants_text(activity),
        "expected_result": activity.expected_result, "document": activity.document,
        "section": activity.section.title if activity.section else "",
    }


def _short(text: str) -> str:
    return f"«{text[:80]}{'…' if len(text) > 80 else ''}»"


# --- Programmes ---------------------------------------------------------------------------


@bp.get("/")
def index():
    counts = dict(db.session.execute(
        select(Section.programme_id, func.count(Activity.id)).join(Activity).group_by(Section.programme_id)
    ).all())
    programmes = db.session.scalars(select(Programme).where(Programme.association_id.is_(None))  # not plans of work
                                    .order_by(Programme.start_year.desc(), Programme.id.desc()))
    # The leaders' work monitored: the associations' plan items past their date and not done.
    late_items, late_total = (overdue_plan_items(school_year_of(today()), today())
                              if current_user.role in (*Role.EDITORS, Role.HEAD) else ([], 0))
    return render_template("plan/index.html", programmes=list(programmes), counts=counts, upcoming_events=upcoming(),
                           late_items=late_items, late_total=late_total)


def _stages_from_form(programme: Programme, form: ProgrammeForm) -> None:
    stages = [entry.data for entry in form.stages if entry.data["name"]]
    programme.stages = [Stage(position=i, **data) for i, data in enumerate(stages)]


def _resync_all_occurrences(programme: Programme) -> None:
    activities = db.session.scalars(
        select(Activity).join(Section).where(Section.programme_id == programme.id)
        .options(selectinload(Activity.occurrences))
    )
    for activity in activities:
        if activity.deadline_state != DeadlineState.MANUAL:
            apply_deadline(activity, programme.start_year, programme.end_year, school_year_plan=programme.is_work_plan)


def _programme_form(programme: Programme | None = None) -> ProgrammeForm:
    form = ProgrammeForm(obj=programme)
    if request.method == "GET":
        form.stages.append_entry()  # an empty row to add a stage
    return form


@bp.route("/new", methods=["GET", "POST"])
@editors_only
def programme_new():
    form = _programme_form()
    if form.validate_on_submit():
        programme = Programme(title=form.title.data, start_year=form.start_year.data, end_year=form.end_year.data)
        for name, _ in PASSPORT_FIELDS:
            setattr(programme, name, getattr(form, name).data)
        _stages_from_form(programme, form)
        db.session.add(programme)
        db.session.flush()
        record("create", "programme", programme.id, f"Создана программа {_short(programme.title)}", programme.id)
        db.session.commit()
        flash("Программа создана. Добавьте разделы и мероприятия плана.")
        return redirect(url_for(".programme", programme_id=programme.id))
    status = 422 if form.errors else 200
    return render_template("plan/programme_form.html", form=form, programme=None,
                           passport_fields=PASSPORT_FIELDS), status


@bp.get("/<int:programme_id>/passport")
def passport(programme_id):
    programme = db.get_or_404(Programme, programme_id)
    return render_template("plan/passport.html", programme=programme, passport_fields=PASSPORT_FIELDS)


@bp.route("/<int:programme_id>/passport/edit", methods=["GET", "POST"])
@editors_only
def passport_edit(programme_id):
    programme = db.get_or_404(Programme, programme_id)
    form = _programme_form(programme)
    if form.validate_on_submit():
        period_changed = (programme.start_year, programme.end_year) != (form.start_year.data, form.end_year.data)
        before = {"title": programme.title, "period": programme.period_label}
        programme.title = form.title.data
        programme.start_year, programme.end_year = form.start_year.data, form.end_year.data
        for name, _ in PASSPORT_FIELDS:
            setattr(programme, name, getattr(form, name).data)
        _stages_from_form(programme, form)
        if period_changed:
            _resync_all_occurrences(programme)
        record("update", "programme", programme.id, "Изменён паспорт программы", programme.id, before,
               {"title": programme.title, "period": programme.period_label})
        db.session.commit()
        flash("Паспорт программы сохранён.")
        return redirect(url_for(".passport", programme_id=programme.id))
    status = 422 if form.errors else 200
    return render_template("plan/programme_form.html", form=form, programme=programme,
                           passport_fields=PASSPORT_FIELDS), status


# --- The plan page and its fragments -------------------------------------------------------


def _schools():
    """The schools offered in an activity's edit row, in the order people expect."""
    return sort_organisations(db.session.scalars(
        select(Organisation).where(Organisation.kind.not_in(OrgKind.NOT_SCHOOLS))
    ))


def _activity_form(activity: Activity | None = None, formdata=True, programme: Programme | None = None,
                   work_plan: bool = False, **data) -> ActivityForm:
    """The edit row's form. With a programme, the row can also be moved to another section. An
    association's plan of work has one kind of participant: the association."""
    kwargs = {} if formdata is True else {"formdata": formdata}
    form = ActivityForm(obj=activity, schools=_schools(), **kwargs, **data)
    if programme is not None:
        work_plan = programme.is_work_plan
    if work_plan:
        form.participants.choices = choices([(Participants.ASSOCIATION, Participants.ASSOCIATION_LABEL)])
        if formdata is not True:
            form.participants.data = Participants.ASSOCIATION
    if programme is None:
        del form.section_id
    else:
        sections = db.session.scalars(select(Section).where(Section.programme_id == programme.id))
        form.section_id.choices = choices(
            (s.id, f"{number}. {s.title[:70]}") for s, number, _ in section_numbers(list(sections))
        )
    if activity is not None and formdata is not True:
        form.responsible_people.data = [p.id for p in activity.responsible_people]
        form.organisations.data = [o.id for o in activity.organisations]
        form.manual_dates.data = manual_text(activity)
        form.version.data = str(activity.version)
    return form


def plan_context(programme: Programme, filters: PlanFilters | None = None, only_section_id: int | None = None,
                 **extra) -> dict:
    """Everything the plan table (or one section of it) shows, in a fixed number of queries."""
    outline = build_outline(programme, only_section_id=only_section_id)
    filters = filters or PlanFilters()
    people = Participation.load(programme)
    activities = [na.activity for ns in outline for na in ns.activities]
    statuses = activity_statuses(activities, today(), people, activity_scope(programme.id, only_section_id),
                                 only_org=filters.org)
    if filters.active:
        outline = _filtered(outline, filters, statuses, people)
    context = dict(
        programme=programme, outline=outline, top_sections=[ns for ns in outline if ns.depth == 1],
        can_edit=may_edit(programme), statuses=statuses, filters=filters,
        links=linked(select(Activity.id).where(activity_scope(programme.id, only_section_id))),
        link_providers=providers(),
        statuses_orgs=([people.centre] if people.centre else []) + people.schools,
        approved=latest_version(programme.id),
        activity_count=sum(len(ns.activities) for ns in outline),
        section_form=extra.pop("section_form", None) or _section_form(programme, formdata=None),
        editing_activity=None, new_activity=None, editing_section=None,
    )
    context.update(extra)
    return context


def _filtered(outline, filters: PlanFilters, statuses, people: Participation):
    """Only the matching activities, and only sections that keep some (numbers stay as in the plan)."""
    kept = []
    for ns in outline:
        if not filters.keeps_section(ns.section):
            continue
        activities = [na for na in ns.activities
                      if filters.keeps(na.activity, statuses.get(na.activity.id), bool(people.of(na.activity, filters.org)))]
        if activities:
            kept.append(replace(ns, activities=activities))
    return kept


def _render_plan(programme: Programme, status: int = 200, **extra):
    """The whole page, or with htmx the table only (after a change that renumbers sections)."""
    context = plan_context(programme, **extra)
    if request.htmx:
        return render_template("plan/_table.html", **context), status
    return render_template("plan/plan.html", filter_choices=_filter_choices(programme), **context), status


@bp.get("/<int:programme_id>")
def programme(programme_id):
    programme = db.get_or_404(Programme, programme_id)
    return _render_plan(programme, filters=PlanFilters.from_request())


def _filter_choices(programme: Programme) -> dict:
    sections = db.session.scalars(select(Section).where(Section.programme_id == programme.id))
    people = db.session.scalars(
        select(Person).where(Person.id.in_(
            select(activity_people.c.person_id).join(Activity, Activity.id == activity_people.c.activity_id)
            .join(Section).where(Section.programme_id == programme.id)
        )).order_by(Person.full_name))
    return dict(sections=[(s, number) for s, number, _ in section_numbers(list(sections))], people=list(people),
                statuses=STATUS_CHOICES, years=range(programme.start_year, programme.end_year + 1))


def _render_section(programme: Programme, section_id: int, status: int = 200, **extra):
    """A section's <tbody> for htmx (its rows renumbered), else the whole page."""
    if not request.htmx:
        return _render_plan(programme, status, **extra)
    context = plan_context(programme, only_section_id=section_id, **extra)
    outline = context["outline"]
    return render_template("plan/_section.html", ns=find_section(outline, section_id), **context), status


def _render_activity(activity: Activity, status: int = 200, **extra):
    """One row for htmx, else the whole page with that row as asked."""
    programme = activity.section.programme
    if not request.htmx:
        return _render_plan(programme, status, **extra)
    context = plan_context(programme, only_section_id=activity.section_id, **extra)
    outline = context["outline"]
    return render_template("plan/_activity_row.html", na=find_activity(outline, activity.id),
                           ns=find_section(outline, activity.section_id), **context), status


def _after_change(programme: Programme, section_id: int | None = None, anchor: str | None = None):
    """Where a plain (non-htmx) form post lands after a change."""
    return redirect(url_for(".programme", programme_id=programme.id, _anchor=anchor))


# --- Sections -----------------------------------------------------------------------------


def _section_form(programme: Programme, **kwargs) -> SectionForm:
    form = SectionForm(**kwargs)
    tops = db.session.scalars(
        select(Section).where(Section.programme_id == programme.id, Section.parent_id.is_(None))
        .order_by(Section.position, Section.id)
    )
    form.parent_id.choices = choices([(0, "Новый раздел верхнего уровня")] + [
        (s.id, f"Подраздел в «{s.title[:60]}»") for s in tops
    ])
    return form


def _next_position(model, **where) -> int:
    stmt = select(func.coalesce(func.max(model.position), -1) + 1)
    for column, value in where.items():
        column_attr = getattr(model, column)
        stmt = stmt.where(column_attr.is_(None) if value is None else column_attr == value)
    return db.session.scalar(stmt)


@bp.post("/<int:programme_id>/sections")
@plan_editors
def section_create(programme_id):
    programme = db.get_or_404(Programme, programme_id)
    form = _section_form(programme)
    if not form.validate():
        return _render_plan(programme, 422, section_form=form)
    parent_id = form.parent_id.data or None
    section = Section(programme_id=programme.id, parent_id=parent_id, title=form.title.data,
                      position=_next_position(Section, programme_id=programme.id, parent_id=parent_id))
    db.session.add(section)
    db.session.flush()
    record("create", "section", section.id, f"Добавлен раздел {_short(section.title)}", programme.id,
           after={"title": section.title})
    db.session.commit()
    if not request.htmx:
        return _after_change(programme, anchor=f"section-{section.id}")
    return _render_plan(programme)


def _load_section(section_id: int) -> Section:
    return db.get_or_404(Section, section_id)


@bp.get("/sections/<int:section_id>")
def section(section_id):
    section = _load_section(section_id)
    if not request.htmx:
        return _after_change(section.programme, anchor=f"section-{section.id}")
    return _render_section(section.programme, section.id)


@bp.get("/sections/<int:section_id>/edit")
@plan_editors
def section_edit(section_id):
    section = _load_section(section_id)
    form = SectionForm(obj=section)
    return _render_section(section.programme, section.id, editing_section=(section.id, form))


@bp.post("/sections/<int:section_id>")
@plan_editors
def section_update(section_id):
    section = _load_section(section_id)
    form = SectionForm()
    del form.parent_id
    if not form.validate():
        return _render_section(section.programme, section.id, 422, editing_section=(section.id, form))
    record("update", "section", section.id, f"Переименован раздел {_short(section.title)}", section.programme_id,
           {"title": section.title}, {"title": form.title.data})
    section.title = form.title.data
    db.session.commit()
    if not request.htmx:
        return _after_change(section.programme, anchor=f"section-{section.id}")
    return _render_section(section.programme, section.id)


def _swap_positions(model, item, siblings_stmt, direction: str) -> bool:
    """Swap an item with its neighbour above or below; False at the edge."""
    siblings = list(db.session.scalars(siblings_stmt.order_by(model.position, model.id)))
    index = siblings.index(item)
    other = index - 1 if direction == "up" else index + 1
    if direction not in ("up", "down") or not 0 <= other < len(siblings):
        return False
    siblings[index], siblings[other] = siblings[other], siblings[index]
    # Plain UPDATEs: a move renumbers rows without touching their edit version.
    for position, sibling in enumerate(siblings):
        if sibling.position != position:
            db.session.execute(update(model).where(model.id == sibling.id).values(position=position))
    db.session.expire_all()
    return True


@bp.post("/sections/<int:section_id>/move")
@plan_editors
def section_move(section_id):
    return _move_section(section_id, request.form.get("direction", ""))


def _move_section(section_id: int, direction: str):
    section = _load_section(section_id)
    parent = Section.parent_id.is_(None) if section.parent_id is None else Section.parent_id == section.parent_id
    if _swap_positions(Section, section,
                       select(Section).where(Section.programme_id == section.programme_id, parent), direction):
        record("move", "section", section.id, f"Раздел {_short(section.title)} перемещён "
               f"{'выше' if direction == 'up' else 'ниже'}", section.programme_id)
    db.session.commit()
    if not request.htmx:
        return _after_change(section.programme, anchor=f"section-{section.id}")
    return _render_plan(section.programme)


@bp.post("/sections/<int:section_id>/delete")
@plan_editors
def section_delete(section_id):
    section = _load_section(section_id)
    programme = section.programme
    record("delete", "section", section.id, f"Удалён раздел {_short(section.title)} с мероприятиями: "
           f"{len(section.activities)}", programme.id, {"title": section.title})
    db.session.delete(section)
    db.session.commit()
    if not request.htmx:
        flash("Раздел удалён.")
        return _after_change(programme)
    return _render_plan(programme)


# --- Activities ---------------------------------------------------------------------------


def _load_activity(activity_id: int) -> Activity:
    return db.get_or_404(Activity, activity_id)


def _fill_activity(activity: Activity, form: ActivityForm, programme: Programme) -> None:
    with db.session.no_autoflush:  # one UPDATE per save, so the version moves by one
        _fill_activity_fields(activity, form, programme)


def _fill_activity_fields(activity: Activity, form: ActivityForm, programme: Programme) -> None:
    for name in ("title", "deadline_text", "responsible_text", "participants", "expected_result", "document"):
        setattr(activity, name, getattr(form, name).data)
    chosen_people = set(form.responsible_people.data or [])
    activity.responsible_people = [p for p, in _by_ids(Person, chosen_people)]
    chosen_orgs = set(form.organisations.data or []) if form.participants.data == Participants.CHOSEN else set()
    activity.organisations = [o for o, in _by_ids(Organisation, chosen_orgs)]
    apply_deadline(activity, programme.start_year, programme.end_year, form.manual_occurrences, programme.is_work_plan)
    activity.updated_by_id = current_user.id
    activity.updated_at = datetime.now()


def _by_ids(model, ids: set[int]):
    if not ids:
        return []
    return db.session.execute(select(model).where(model.id.in_(ids))).all()


@bp.get("/sections/<int:section_id>/activities/new")
@plan_editors
def activity_new(section_id):
    section = _load_section(section_id)
    after = request.args.get("after", type=int)
    form = _activity_form(formdata=None, work_plan=section.programme.is_work_plan,
                          data={"after": after or "", "participants": Participants.CENTRE})
    if request.htmx:
        context = plan_context(section.programme, only_section_id=section.id)
        outline = context["outline"]
        return render_template("plan/_activity_form_row.html", form=form, ns=find_section(outline, section.id),
                               activity=None, number="нов.", **context), 200
    return _render_plan(section.programme, new_activity=(section.id, after, form))


@bp.post("/sections/<int:section_id>/activities")
@plan_editors
def activity_create(section_id):
    section = _load_section(section_id)
    programme = section.programme
    form = _activity_form(work_plan=programme.is_work_plan)
    after = optional_int(form.after.data)
    if not form.validate():
        if request.htmx:
            context = plan_context(programme, only_section_id=section.id)
            outline = context["outline"]
            return render_template("plan/_activity_form_row.html", form=form, ns=find_section(outline, section.id),
                                   activity=None, number="нов.", **context), 422
        return _render_plan(programme, 422, new_activity=(section.id, after, form))
    anchor = db.session.get(Activity, after) if after else None
    if anchor is not None and anchor.section_id == section.id:
        position = anchor.position + 1
        db.session.execute(update(Activity).where(Activity.section_id == section.id, Activity.position >= position)
                           .values(position=Activity.position + 1))
    else:
        position = _next_position(Activity, section_id=section.id)
    activity = Activity(section_id=section.id, position=position, occurrences=[],
                        responsible_people=[], organisations=[])
    _fill_activity(activity, form, programme)
    db.session.add(activity)
    db.session.flush()
    record("create", "activity", activity.id, f"Добавлено мероприятие {_short(activity.title)}", programme.id,
           after=activity_fields(activity))
    db.session.commit()
    if not request.htmx:
        return _after_change(programme, anchor=f"activity-{activity.id}")
    body, status = _render_section(programme, section.id)
    # The form row asked to replace itself; the new row renumbers the whole section.
    return body, status, {"HX-Retarget": f"#section-{section.id}", "HX-Reswap": "outerHTML"}


@bp.get("/activities/<int:activity_id>")
def activity(activity_id):
    activity = _load_activity(activity_id)
    if not request.htmx:
        return _after_change(activity.section.programme, anchor=f"activity-{activity.id}")
    return _render_activity(activity)


@bp.get("/activities/<int:activity_id>/edit")
@plan_editors
def activity_edit(activity_id):
    activity = _load_activity(activity_id)
    form = _activity_form(activity, formdata=None, programme=activity.section.programme)
    return _render_activity(activity, editing_activity=(activity.id, form, None))


def _conflict(activity_id: int, mine: ActivityForm):
    """Someone saved this row first: show their version, and what this user typed beside it."""
    db.session.rollback()
    activity = _load_activity(activity_id)
    current = _activity_form(activity, formdata=None, programme=activity.section.programme)
    yours = {name: mine[name].data for name in ("title", "deadline_text", "responsible_text",
                                                "expected_result", "document")
             if (mine[name].data or "") != (current[name].data or "")}
    who = activity.updated_by.display_name if activity.updated_by else "другой пользователь"
    current.form_errors.append(
        f"Пока вы редактировали, эту строку сохранил(а) {who}. Ниже — текущая версия; "
        "ваш текст показан под полями — перенесите нужное и сохраните ещё раз."
    )
    return _render_activity(activity, 409, editing_activity=(activity.id, current, yours))


@bp.post("/activities/<int:activity_id>")
@plan_editors
def activity_update(activity_id):
    activity = _load_activity(activity_id)
    programme = activity.section.programme
    form = _activity_form(programme=programme)
    if not form.validate():
        return _render_activity(activity, 422, editing_activity=(activity.id, form, None))
    if optional_int(form.version.data) != activity.version:
        return _conflict(activity_id, form)
    before = activity_fields(activity)
    moved = form.section_id.data != activity.section_id
    if moved:  # to the end of the chosen section
        activity.position = _next_position(Activity, section_id=form.section_id.data)
        activity.section = db.session.get(Section, form.section_id.data)
    _fill_activity(activity, form, programme)
    after = activity_fields(activity)
    if after != before:
        record("update", "activity", activity.id, f"Изменено мероприятие {_short(activity.title)}", programme.id,
               before, after)
    try:
        db.session.commit()
    except StaleDataError:
        return _conflict(activity_id, form)
    if not request.htmx:
        return _after_change(programme, anchor=f"activity-{activity.id}")
    if moved:  # two sections renumber: send the whole table
        body, status = _render_plan(programme)
        return body, status, {"HX-Retarget": "#plan-body", "HX-Reswap": "outerHTML"}
    return _render_activity(activity)


@bp.post("/activities/<int:activity_id>/move")
@plan_editors
def activity_move(activity_id):
    return _move(activity_id, request.form.get("direction", ""))


@bp.post("/rows")
@plan_editors
def row_action():
    """The plan rows' ↑, ↓ and «Удалить», sent through the table's one shared form as
    do="<activity id> up|down|delete", or do="s<section id> up|down|delete" for a section's
    row (one CSRF token a page instead of one a row)."""
    target, _, action = (request.form.get("do") or "").partition(" ")
    section = target.startswith("s")
    target = target.removeprefix("s")
    if not target.isdigit() or action not in ("up", "down", "delete"):
        abort(400)
    if section:
        return section_delete(int(target)) if action == "delete" else _move_section(int(target), action)
    if action == "delete":
        return activity_delete(int(target))
    return _move(int(target), action)


def _move(activity_id: int, direction: str):
    activity = _load_activity(activity_id)
    section_id, programme = activity.section_id, activity.section.programme
    if _swap_positions(Activity, activity, select(Activity).where(Activity.section_id == section_id), direction):
        record("move", "activity", activity_id, f"Мероприятие {_short(activity.title)} перемещено "
               f"{'выше' if direction == 'up' else 'ниже'}", programme.id)
    db.session.commit()
    if not request.htmx:
        return _after_change(programme, anchor=f"activity-{activity_id}")
    return _section_answer(programme, section_id)


def _section_answer(programme: Programme, section_id: int):
    """The section's rows, swapped in place of the section: the row actions post through one
    shared form, so the server names the target."""
    body, status = _render_section(programme, section_id)
    return body, status, {"HX-Retarget": f"#section-{section_id}", "HX-Reswap": "outerHTML"}


@bp.post("/activities/<int:activity_id>/delete")
@plan_editors
def activity_delete(activity_id):
    activity = _load_activity(activity_id)
    section_id, programme = activity.section_id, activity.section.programme
    record("delete", "activity", activity.id, f"Удалено мероприятие {_short(activity.title)}", programme.id,
           activity_fields(activity))
    db.session.delete(activity)
    try:
        db.session.commit()
    except StaleDataError:  # deleted a moment ago (a double click, another tab): the result is the same
        db.session.rollback()
    if not request.htmx:
        flash("Мероприятие удалено.")
        return _after_change(programme, anchor=f"section-{section_id}")
    return _section_answer(programme, section_id)
