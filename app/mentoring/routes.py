"""Mentoring: the home page (figures and young specialists without a mentor), the registry of
pairs, a pair (create from a mentee in one click, edit, close or stop, delete), its export."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from app.audit.models import record
from app.auth.models import Role
from app.auth.permissions import roles_required
from app.clock import today
from app.extensions import db
from app.marks.queries import schools
from app.named_lists import NamedList
from app.registry.models import Organisation, Person
from app.spreadsheet import send_xlsx
from app.templating import plural_ru

from . import bp
from .access import load_pair, may_keep, visible
from .forms import PairForm, StatusForm, StepForm
from .models import Answer, MentoringForm, Pair, PairStatus, Question, Respondent, SurveyResponse, pair_mentees
from .queries import current_year, figures, satisfied_at, without_mentor
from .xlsx import pairs_workbook

PER_PAGE = 100
READERS = Role.READERS


def _school_filter() -> int | None:
    if current_user.role == Role.SCHOOL:
        return current_user.organisation_id
    return request.args.get("org", type=int)


@bp.get("/")
@roles_required(*READERS)
def index():
    org_id = _school_filter()
    return render_template("mentoring/index.html", figures=figures(current_year(), org_id),
                           gap=without_mentor(today(), org_id), schools=schools(), org_id=org_id,
                           may_start=may_keep())


@bp.get("/summary")
@roles_required(*READERS)
def summary():
    """The indicators of a school year with the lists behind each number, and a row per school."""
    year = request.args.get("year", type=int)
    year = year if year in _years() else current_year()
    org_id = _school_filter()
    return render_template("mentoring/summary.html", figures=figures(year, org_id), years=_years(), year=year,
                           schools=schools(), org_id=org_id, threshold=satisfied_at())


def _years() -> list[int]:
    return list(range(current_year(), current_year() - 6, -1))


# --- The registry of pairs ----------------------------------------------------------------


def _pairs_query(args):
    stmt = visible(select(Pair))
    org_id = _school_filter()
    if org_id:
        stmt = stmt.where(Pair.organisation_id == org_id)
    if args.get("status") in PairStatus.LABELS:
        stmt = stmt.where(Pair.status == args["status"])
    if args.get("form", type=int):
        stmt = stmt.where(Pair.form_id == args.get("form", type=int))
    if args.get("mentor", type=int):
        stmt = stmt.where(Pair.mentor_id == args.get("mentor", type=int))
    return stmt


def _loaded(stmt):
    return stmt.options(selectinload(Pair.mentor).selectinload(Person.organisation),
                        selectinload(Pair.mentees).selectinload(Person.organisation),
                        selectinload(Pair.form), selectinload(Pair.organisation))


@bp.get("/pairs")
@roles_required(*READERS)
def pairs():
    page = max(request.args.get("page", 1, type=int), 1)
    stmt = _pairs_query(request.args)
    total = db.session.scalar(select(func.count()).select_from(stmt.subquery()))
    rows = list(db.session.scalars(_loaded(stmt).order_by(Pair.status, Pair.starts_on.desc(), Pair.id.desc())
                                   .limit(PER_PAGE).offset((page - 1) * PER_PAGE)))
    context = dict(pairs=rows, total=total, page=page, pages=max((total + PER_PAGE - 1) // PER_PAGE, 1),
                   args=request.args, forms=FORMS.items(), statuses=PairStatus.LABELS, schools=schools(),
                   org_id=_school_filter())
    if request.htmx and request.htmx.target == "pair-results":
        return render_template("mentoring/_pair_results.html", **context)
    return render_template("mentoring/pairs.html", **context)


@bp.get("/pairs.xlsx")
@roles_required(*READERS)
def pairs_xlsx():
    rows = list(db.session.scalars(_loaded(_pairs_query(request.args))
                                   .join(Organisation, Organisation.id == Pair.organisation_id)
                                   .order_by(Organisation.short_name, Pair.starts_on, Pair.id)))
    return send_xlsx(pairs_workbook(rows), f"Реестр наставнических пар на {today():%d.%m.%Y}.xlsx")


# --- One pair -----------------------------------------------------------------------------


def _form(pair: Pair | None = None, **kwargs) -> PairForm:
    form = PairForm(obj=pair, forms=FORMS.items(), **kwargs)
    if pair is not None and kwargs.get("formdata", True) is None:
        form.mentees.data = [p.id for p in pair.mentees]
    return form


def _refuse_strangers() -> list[Person]:
    """The mentees asked for; 403 if a coordinator names another school's teacher."""
    ids = {int(i) for i in request.form.getlist("mentees") if i.isdigit()}
    people = list(db.session.scalars(select(Person).where(Person.id.in_(ids)))) if ids else []
    if current_user.role == Role.SCHOOL and any(p.organisation_id != current_user.organisation_id for p in people):
        abort(403)
    return people


def _check_mentees(form: PairForm, people: list[Person], pair_id: int | None) -> bool:
    if len({p.organisation_id for p in people}) > 1:
        form.mentees.errors = ["Наставляемые одной пары или группы — из одной организации."]
        return False
    busy = db.session.scalars(
        select(Person.full_name).join(pair_mentees, pair_mentees.c.person_id == Person.id)
        .where(pair_mentees.c.person_id.in_([p.id for p in people]),
               pair_mentees.c.active_form_id == form.form_id.data,
               pair_mentees.c.pair_id != (pair_id or 0))).all()
    if busy:
        form.mentees.errors = [f"Уже в действующей паре этой формы: {', '.join(busy)}."]
        return False
    return True


def _save_mentees(pair: Pair, people: list[Person]) -> None:
    db.session.execute(pair_mentees.delete().where(pair_mentees.c.pair_id == pair.id))
    db.session.execute(pair_mentees.insert(), [
        {"pair_id": pair.id, "person_id": p.id, "active_form_id": pair.form_id if pair.is_active else None}
        for p in people])


BUSY = "Кого-то из наставляемых только что включили в другую действующую пару этой формы. Обновите страницу."


@bp.route("/pairs/new", methods=["GET", "POST"])
@roles_required(*Role.EDITORS, Role.SCHOOL)
def pair_new():
    if request.method == "GET":
        mentee = db.session.get(Person, request.args.get("mentee", type=int) or 0)
        data = {"starts_on": today(), "ends_on": today().replace(year=today().year + 1)}
        if mentee is not None and may_keep(mentee.organisation_id):
            data["mentees"] = [mentee.id]
            young = db.session.scalar(select(MentoringForm.id).where(MentoringForm.name.like("%молодой специалист%")))
            if young and mentee.is_young_specialist:
                data["form_id"] = young
        return render_template("mentoring/pair_form.html", form=_form(formdata=None, data=data), pair=None)
    people = _refuse_strangers()
    form = _form()
    if not form.validate() or not _check_mentees(form, people, None):
        return render_template("mentoring/pair_form.html", form=form, pair=None), 422
    pair = Pair(organisation_id=people[0].organisation_id, status=PairStatus.ACTIVE)
    _fill(pair, form)
    db.session.add(pair)
    try:
        db.session.flush()
        _save_mentees(pair, people)
    except IntegrityError:
        db.session.rollback()
        form.mentees.errors = [BUSY]
        return render_template("mentoring/pair_form.html", form=form, pair=None), 409
    record("create", "mentoring", pair.id, f"Наставническая пара: {pair.mentor.full_name} → "
           + ", ".join(p.full_name for p in people))
    db.session.commit()
    flash("Пара создана. Добавьте шаги индивидуального плана.")
    return redirect(url_for(".pair", pair_id=pair.id))


def _fill(pair: Pair, form: PairForm) -> None:
    for name in ("mentor_id", "form_id", "order_number", "order_date", "starts_on", "ends_on", "goal", "result"):
        setattr(pair, name, getattr(form, name).data)


@bp.route("/pairs/<int:pair_id>/edit", methods=["GET", "POST"])
def pair_edit(pair_id):
    pair = load_pair(pair_id, keep=True)
    if request.method == "GET":
        return render_template("mentoring/pair_form.html", form=_form(pair, formdata=None), pair=pair)
    people = _refuse_strangers()
    form = _form(pair)
    if not form.validate() or not _check_mentees(form, people, pair.id):
        return render_template("mentoring/pair_form.html", form=form, pair=pair), 422
    if people[0].organisation_id != pair.organisation_id and current_user.role == Role.SCHOOL:
        abort(403)
    _fill(pair, form)
    pair.organisation_id = people[0].organisation_id
    try:
        db.session.flush()
        _save_mentees(pair, people)
    except IntegrityError:
        db.session.rollback()
        form.mentees.errors = [BUSY]
        return render_template("mentoring/pair_form.html", form=form, pair=load_pair(pair_id)), 409
    record("update", "mentoring", pair.id, f"Изменена пара: {pair.mentor.full_name}")
    db.session.commit()
    flash("Пара сохранена.")
    return redirect(url_for(".pair", pair_id=pair.id))


def pair_context(pair: Pair, **extra) -> dict:
    year = current_year()
    answered = {r.person_id: r for r in db.session.scalars(select(SurveyResponse).where(
        SurveyResponse.pair_id == pair.id, SurveyResponse.school_year == year))}
    respondents = [(pair.mentor, Respondent.MENTOR)] + [(p, Respondent.MENTEE) for p in pair.mentees]
    context = dict(pair=pair, can_keep=may_keep(pair.organisation_id), statuses=PairStatus.LABELS,
                   status_form=StatusForm(formdata=None, data={"status": pair.status, "closed_on": today()}),
                   step_form=StepForm(formdata=None), editing=None, year=year, answered=answered,
                   respondents=respondents, respondent_labels=Respondent.LABELS, today=today(), links=extra.pop(
                       "links", {}))
    context.update(extra)
    return context


@bp.get("/pairs/<int:pair_id>")
@roles_required(*READERS)
def pair(pair_id):
    return render_template("mentoring/pair.html", **pair_context(load_pair(pair_id)))


@bp.post("/pairs/<int:pair_id>/status")
def pair_status(pair_id):
    pair = load_pair(pair_id, keep=True)
    form = StatusForm()
    if not form.validate():
        return render_template("mentoring/pair.html", **pair_context(pair, status_form=form)), 422
    if form.status.data != PairStatus.ACTIVE and form.closed_on.data and form.closed_on.data < pair.starts_on:
        form.closed_on.errors = ["Пара не может закончиться раньше, чем началась."]
        return render_template("mentoring/pair.html", **pair_context(pair, status_form=form)), 422
    before = pair.status_label
    pair.status = form.status.data
    if pair.is_active:
        pair.closed_on, pair.status_reason = None, ""
    else:
        pair.closed_on = form.closed_on.data or today()
        pair.status_reason = form.reason.data
    try:
        db.session.execute(update(pair_mentees).where(pair_mentees.c.pair_id == pair.id)
                           .values(active_form_id=pair.form_id if pair.is_active else None))
    except IntegrityError:
        db.session.rollback()
        form.status.errors = ["Наставляемый уже в другой действующей паре этой формы: пару не возобновить."]
        return render_template("mentoring/pair.html", **pair_context(load_pair(pair_id), status_form=form)), 409
    record("status", "mentoring", pair.id, f"Пара {pair.mentor.full_name}: {before} → {pair.status_label}",
           before={"status": before}, after={"status": pair.status_label})
    db.session.commit()
    flash(f"Статус: {pair.status_label}.")
    return redirect(url_for(".pair", pair_id=pair.id))


@bp.post("/pairs/<int:pair_id>/delete")
def pair_delete(pair_id):
    pair = load_pair(pair_id, keep=True)
    if pair.steps and request.form.get("confirm") != "yes":
        steps = len(pair.steps)
        return render_template(
            "_confirm_delete.html", heading="Удалить пару?",
            text=f"{pair.mentor.full_name} → {pair.mentee_names}: в индивидуальном плане {steps} "
                 f"{plural_ru(steps, 'шаг', 'шага', 'шагов')}. Вместе с парой удалятся план и ответы анкет. "
                 "Завершённую пару лучше не удалять, а оставить в реестре.",
            action=url_for(".pair_delete", pair_id=pair.id), back=url_for(".pair", pair_id=pair.id)), 409
    record("delete", "mentoring", pair.id, f"Удалена пара: {pair.mentor.full_name} → {pair.mentee_names}"[:500])
    db.session.delete(pair)
    db.session.commit()
    flash("Пара удалена.")
    return redirect(url_for(".pairs"))


# --- Forms of mentoring (admin) -----------------------------------------------------------

FORMS = NamedList(
    model=MentoringForm, used_by=Pair.form_id, title="Формы наставничества", label="Форма наставничества",
    placeholder="педагог – студент", back=("mentoring.index", "Наставничество"), endpoint="mentoring.form_list",
    delete_endpoint="mentoring.form_delete", duplicate="Такая форма уже есть.",
    in_use="Форму «{name}» используют пары — её нельзя удалить.")


FORMS.add_routes(bp, "/forms", Role.ADMIN)


QUESTIONS = NamedList(
    model=Question, used_by=Answer.question_id, title="Вопросы анкеты удовлетворённости", label="Утверждение",
    placeholder="Наставник помог мне освоить новые технологии", back=("mentoring.index", "Наставничество"),
    endpoint="mentoring.question_list", delete_endpoint="mentoring.question_delete",
    duplicate="Такое утверждение уже есть.", in_use="На утверждение «{name}» уже отвечали — его нельзя удалить.")


QUESTIONS.add_routes(bp, "/questions", Role.ADMIN)
