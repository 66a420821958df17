"""Competitions: the list with filters, create and edit, the competition's page, its status,
delete; the regulations file; kinds of competition (administrator)."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import delete as sql_delete
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from app.audit.models import record
from app.auth.models import Role
from app.auth.permissions import roles_required
from app.clock import school_year_of, today
from app.extensions import db
from app.marks.evidence import EvidenceError, read_upload, send_stored, store
from app.marks.queries import centre
from app.named_lists import NamedList
from app.plan.models import Activity
from app.templating import plural_ru

from . import bp
from .access import entry_refusal, is_editor, is_region, load, manages, may_manage, my_jury_seat, regional, visible
from .forms import CompetitionForm, CriterionForm, EntryForm, JuryForm, MaterialForm, ReturnForm, StatusForm
from .linking import sync_centre_mark
from .models import (
    Competition, CompetitionKind, CompetitionStage, CompetitionStatus, Criterion, Entry, EntryStatus, Level,
    Nomination, Result, StageKind, entry_members,
)
from .queries import forwardable
from .scoring import jury, jury_accounts

PER_PAGE = 50


@bp.before_request
def _the_region_reads_every_municipalitys_entries():
    """The region's accounts keep the regional competitions: their entries come from every
    municipality, so these pages run without a municipality's scope (access.load() keeps them to
    the regional competitions and those of the municipality being read). A municipality's reports
    stay inside the municipality being read."""
    from app.municipalities.scope import enter
    from app.security import MUNICIPAL_COMPETITION_PAGES
    if current_user.is_authenticated and is_region() and request.endpoint not in MUNICIPAL_COMPETITION_PAGES:
        enter(None)


def years() -> list[int]:
    current = school_year_of(today())
    return list(range(current + 1, current - 8, -1))


def kinds() -> list[CompetitionKind]:
    """The region's kinds and the municipality's additions (the scope); the region's accounts, the region's."""
    stmt = select(CompetitionKind).order_by(CompetitionKind.position, CompetitionKind.name)
    if is_region():
        stmt = stmt.where(CompetitionKind.municipality_id.is_(None))
    return list(db.session.scalars(stmt))


# --- List ---------------------------------------------------------------------------------


def _filtered(stmt, args):
    if args.get("year", type=int):
        stmt = stmt.where(Competition.school_year == args.get("year", type=int))
    if args.get("level") in Level.LABELS:
        stmt = stmt.where(Competition.level == args["level"])
    if args.get("kind", type=int):
        stmt = stmt.where(Competition.kind_id == args.get("kind", type=int))
    if args.get("status") in CompetitionStatus.LABELS:
        stmt = stmt.where(Competition.status == args["status"])
    return stmt


@bp.get("/")
def index():
    page = max(request.args.get("page", 1, type=int), 1)
    stmt = _filtered(visible(select(Competition)), request.args)
    total = db.session.scalar(select(func.count()).select_from(stmt.subquery()))
    competitions = list(db.session.scalars(
        stmt.options(selectinload(Competition.kind))
        .order_by(Competition.school_year.desc(), Competition.id.desc()).limit(PER_PAGE).offset((page - 1) * PER_PAGE)))
    entry_counts = entry_counts_of([c.id for c in competitions])
    context = dict(competitions=competitions, total=total, page=page, args=request.args, counts=entry_counts,
                   pages=max((total + PER_PAGE - 1) // PER_PAGE, 1), kinds=kinds(), years=years(),
                   levels=Level.LABELS, statuses=CompetitionStatus.LABELS)
    if request.htmx and request.htmx.target == "competition-results":
        return render_template("competitions/_results.html", **context)
    return render_template("competitions/index.html", **context)


def entry_counts_of(ids: list[int]) -> dict[int, int]:
    """Entries per competition that count (not returned); a school sees its own only."""
    if not ids:
        return {}
    stmt = (select(Entry.competition_id, func.count(Entry.id)).where(
        Entry.competition_id.in_(ids), Entry.status != EntryStatus.RETURNED).group_by(Entry.competition_id))
    if current_user.role == Role.SCHOOL:
        stmt = stmt.where(Entry.organisation_id == current_user.organisation_id)
    return dict(db.session.execute(stmt).all())


# --- Create and edit ----------------------------------------------------------------------


def _levels_for_user():
    """A school records only outside competitions (regional and up); the region runs regional ones."""
    if is_region():
        return [Level.REGIONAL]
    if is_editor():
        return None
    return [Level.REGIONAL, Level.FEDERAL, Level.INTERNATIONAL]


def _form(competition: Competition | None = None, activity: Activity | None = None, **kwargs) -> CompetitionForm:
    occurrences = activity.occurrences if activity else []
    form = CompetitionForm(obj=competition, kinds=kinds(), years=years(), occurrences=occurrences,
                           levels=_levels_for_user(), **kwargs)
    if not is_editor():  # the region runs its own here (_fill), and has no plan of its own to link to
        del form.run_by_centre, form.occurrence_id
    return form


def _load_for_form(competition: Competition, form: CompetitionForm) -> None:
    """Stage dates and nominations into the form (they are not plain attributes)."""
    for stage in competition.stages:
        getattr(form, f"stage_{stage.stage}_start").data = stage.starts_on
        getattr(form, f"stage_{stage.stage}_end").data = stage.ends_on
    form.nominations.data = "\n".join(n.name for n in competition.nominations)
    if "occurrence_id" in form:
        form.occurrence_id.data = competition.occurrence_id or 0


def _linked_activity(competition: Competition | None = None) -> Activity | None:
    if competition is not None:
        return competition.activity
    activity_id = request.values.get("activity_id", type=int) or request.args.get("activity", type=int)
    return db.session.get(Activity, activity_id) if activity_id and is_editor() else None


def _fill(competition: Competition, form: CompetitionForm, activity: Activity | None) -> bool:
    """Copy the form into the competition; False (with a message on the field) if nominations
    that have entries would be removed or the regulations file is refused."""
    for name in ("kind_id", "title", "level", "school_year", "organiser_name", "application_deadline",
                 "description", "regulations_url", "mean_over_jurors", "session_date"):
        setattr(competition, name, getattr(form, name).data)
    competition.run_by_centre = is_region() or (bool(form.run_by_centre.data) if "run_by_centre" in form else False)
    names = form.nomination_names()
    keep = [n for n in competition.nominations if n.name in names]
    dropped = [n for n in competition.nominations if n.name not in names]
    if dropped and competition.id:
        used = set(db.session.scalars(select(Entry.nomination_id).where(
            Entry.nomination_id.in_([n.id for n in dropped]))))
        if used:
            form.nominations.errors = [
                "В номинации «" + next(n.name for n in dropped if n.id in used) + "» есть участники: её нельзя убрать."]
            return False
    existing = {n.name for n in keep}
    competition.nominations = keep + [Nomination(name=name) for name in names if name not in existing]
    for position, nomination in enumerate(sorted(competition.nominations, key=lambda n: names.index(n.name))):
        nomination.position = position
    by_stage = {s.stage: s for s in competition.stages}
    stages = []
    for stage, start, end in form.stage_dates():
        item = by_stage.get(stage) or CompetitionStage(stage=stage)
        item.starts_on, item.ends_on = start, end
        stages.append(item)
    competition.stages = stages
    upload = form.regulations_file.data
    if upload and getattr(upload, "filename", ""):
        try:
            name, kind, data = read_upload(upload)
            key = store(data)
        except EvidenceError as error:
            form.regulations_file.errors = [str(error)]
            return False
        competition.regulations_file_name, competition.regulations_file_type = name, kind
        competition.regulations_file_key = key
    competition.activity_id = activity.id if activity else None
    occurrence_id = (form.occurrence_id.data or 0) if "occurrence_id" in form else 0
    competition.occurrence_id = (occurrence_id if activity and occurrence_id in {o.id for o in activity.occurrences}
                                 else None)
    return True


@bp.route("/new", methods=["GET", "POST"])
@roles_required(*Role.EDITORS, Role.SCHOOL, Role.REGION_METHODIST)
def new():
    activity = _linked_activity()
    if request.method == "GET":
        data = {"school_year": school_year_of(today()), "run_by_centre": is_editor() or is_region(),
                "level": Level.MUNICIPAL if is_editor() else Level.REGIONAL}
        if activity:
            data.update(title=activity.title[:500], occurrence_id=next(
                (o.id for o in activity.occurrences if o.due_date >= today()), 0))
        form = _form(activity=activity, formdata=None, data=data)
    else:
        form = _form(activity=activity)
    if request.method == "POST" and form.validate():
        competition = Competition(owner_id=_owner_id(), status=CompetitionStatus.ACCEPTING)
        if _fill(competition, form, activity):
            db.session.add(competition)
            db.session.flush()
            record("create", "competition", competition.id, f"Создан конкурс «{competition.title[:80]}»",
                   competition.programme_id)
            db.session.commit()
            flash("Конкурс создан.")
            return redirect(url_for(".detail", competition_id=competition.id))
        db.session.rollback()
    status = 422 if form.errors else 200
    return render_template("competitions/form.html", form=form, competition=None, activity=activity), status


def _owner_id() -> int | None:
    if is_region():
        return None  # the region's: no municipality, no organisation of one
    if current_user.role == Role.SCHOOL:
        return current_user.organisation_id
    organisation = centre()
    return organisation.id if organisation else current_user.organisation_id


@bp.route("/<int:competition_id>/edit", methods=["GET", "POST"])
def edit(competition_id):
    competition = load(competition_id)
    if not may_manage(competition):
        abort(403)
    activity = _linked_activity(competition)
    if request.method == "GET":
        form = _form(competition, activity, formdata=None)
        _load_for_form(competition, form)
    else:
        form = _form(competition, activity)
    if request.method == "POST" and form.validate():
        previous_occurrence = competition.occurrence_id
        if _fill(competition, form, activity):
            sync_centre_mark(competition, previous_occurrence)
            record("update", "competition", competition.id, f"Изменён конкурс «{competition.title[:80]}»",
                   competition.programme_id)
            db.session.commit()
            flash("Конкурс сохранён.")
            return redirect(url_for(".detail", competition_id=competition.id))
        db.session.rollback()
        competition = load(competition_id)
    status = 422 if form.errors else 200
    return render_template("competitions/form.html", form=form, competition=competition, activity=activity), status


# --- One competition ----------------------------------------------------------------------


def entries_for_page(competition: Competition) -> list[Entry]:
    """A school sees its own entries, and everyone's once results are published; the jury sees
    accepted entries; methodists and the head see all."""
    stmt = (select(Entry).options(selectinload(Entry.people), selectinload(Entry.organisation),
                                  selectinload(Entry.nomination), selectinload(Entry.materials))
            .where(Entry.competition_id == competition.id).order_by(Entry.nomination_id, Entry.submitted_at, Entry.id))
    if current_user.role == Role.SCHOOL and not competition.published:
        stmt = stmt.where(Entry.organisation_id == current_user.organisation_id)
    if current_user.role == Role.EXPERT:
        stmt = stmt.where(Entry.status == EntryStatus.ACCEPTED)
    return list(db.session.scalars(stmt))


def _municipality_names() -> dict[int, str]:
    """The region reads entries of every municipality: whose school is whose."""
    from app.municipalities.models import Municipality
    return dict(db.session.execute(select(Municipality.id, Municipality.short_name)).all())


def detail_context(competition: Competition, **extra) -> dict:
    managing = may_manage(competition)
    editor = manages(competition)  # keeps its entries, jury and results
    refusal = entry_refusal(competition)
    experts = jury_accounts(competition) if editor else []
    context = dict(
        competition=competition, entries=entries_for_page(competition), jury=jury(competition),
        criteria=list(db.session.scalars(select(Criterion).options(selectinload(Criterion.nomination))
                                         .where(Criterion.competition_id == competition.id)
                                         .order_by(Criterion.nomination_id, Criterion.position, Criterion.id))),
        can_manage=managing, editor=editor, entry_refusal=refusal, seat=my_jury_seat(competition),
        entry_form=EntryForm(formdata=None, nominations=competition.nominations,
                             data={"nomination_id": competition.nominations[0].id}
                             if len(competition.nominations) == 1 else {}),
        jury_form=JuryForm(formdata=None, experts=experts),
        criterion_form=CriterionForm(formdata=None, nominations=competition.nominations),
        return_form=ReturnForm(formdata=None), material_form=MaterialForm(formdata=None),
        status_form=StatusForm(formdata=None, data={"status": competition.status}),
        statuses=CompetitionStatus.LABELS, stage_labels=StageKind.LABELS, result_labels=Result.LABELS,
        returning=None, material_for=None, may_touch=lambda e: editor or (is_editor() and regional(competition)) or (
            current_user.role == Role.SCHOOL and e.organisation_id == current_user.organisation_id),
        forwardable=forwardable(competition) if is_editor() and regional(competition) and not refusal else [],
        municipality_names=_municipality_names() if editor and regional(competition) else {},
    )
    context.update(extra)
    return context


@bp.get("/<int:competition_id>")
def detail(competition_id):
    competition = load(competition_id)
    return render_template("competitions/detail.html", **detail_context(competition))


@bp.post("/<int:competition_id>/status")
def set_status(competition_id):
    competition = load(competition_id)
    if not may_manage(competition):
        abort(403)
    form = StatusForm()
    if not form.validate():
        return render_template("competitions/detail.html", **detail_context(competition, status_form=form)), 422
    if form.status.data == CompetitionStatus.RESULTS and competition.run_by_centre:
        form.status.errors = ["Итоги подводятся на странице «Рейтинг и итоги» — там их публикуют."]
        return render_template("competitions/detail.html", **detail_context(competition, status_form=form)), 422
    if competition.published and competition.run_by_centre and form.status.data != CompetitionStatus.RESULTS:
        form.status.errors = ["Итоги опубликованы: баллы заморожены, статус не меняется."]
        return render_template("competitions/detail.html", **detail_context(competition, status_form=form)), 409
    before = competition.status_label
    competition.status = form.status.data
    sync_centre_mark(competition)
    record("status", "competition", competition.id, f"Конкурс «{competition.title[:80]}»: {before} → "
           f"{competition.status_label}", competition.programme_id, {"status": before},
           {"status": competition.status_label})
    db.session.commit()
    flash(f"Статус: {competition.status_label}.")
    return redirect(url_for(".detail", competition_id=competition.id))


@bp.post("/<int:competition_id>/delete")
def delete(competition_id):
    competition = load(competition_id)
    if not may_manage(competition):
        abort(403)
    if competition.published and competition.run_by_centre:
        return render_template("competitions/detail.html", **detail_context(
            competition, delete_error="Конкурс с опубликованными итогами удалить нельзя.")), 409
    entries = db.session.scalar(select(func.count(Entry.id)).where(Entry.competition_id == competition.id))
    if entries and request.form.get("confirm") != "yes":
        return render_template(
            "_confirm_delete.html", heading="Удалить конкурс?",
            text=f"«{competition.title}»: {entries} {plural_ru(entries, 'участник', 'участника', 'участников')}. "
                 "Вместе с конкурсом удалятся заявки, материалы, жюри и баллы.",
            action=url_for(".delete", competition_id=competition.id),
            back=url_for(".detail", competition_id=competition.id)), 409
    competition.status = CompetitionStatus.CANCELLED
    sync_centre_mark(competition)
    record("delete", "competition", competition.id, f"Удалён конкурс «{competition.title[:80]}»",
           competition.programme_id)
    # Entries go first: they point at the nominations that go with the competition.
    db.session.execute(entry_members.delete().where(entry_members.c.competition_id == competition.id))
    db.session.execute(sql_delete(Entry).where(Entry.competition_id == competition.id))
    db.session.delete(competition)
    db.session.commit()
    flash("Конкурс удалён.")
    return redirect(url_for(".index"))


@bp.get("/<int:competition_id>/regulations")
def regulations(competition_id):
    competition = load(competition_id)
    return send_stored(competition.regulations_file_key, competition.regulations_file_type,
                       competition.regulations_file_name)


# --- Kinds (admin) ------------------------------------------------------------------------


KINDS = NamedList(
    model=CompetitionKind, used_by=Competition.kind_id, title="Виды конкурсов", label="Вид конкурса",
    placeholder="Самый классный классный", back=("competitions.index", "Конкурсы"),
    endpoint="competitions.kind_list", delete_endpoint="competitions.kind_delete", duplicate="Такой вид уже есть.",
    in_use="Вид «{name}» используют конкурсы — его нельзя удалить.")


KINDS.add_routes(bp, "/kinds", Role.ADMIN)
