"""The jury and its criteria, and the score sheet: entries × criteria for one juror, each cell
saved in place. An expert scores only on their own sheet; a methodist may type in any juror's
paper sheet. Publishing the results freezes the scores."""
from flask import abort, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from app.audit.models import record
from app.auth.models import Role
from app.extensions import db
from app.registry.models import Person

from . import bp
from .access import load, manages, my_jury_seat, regional, require_manager
from .forms import CriterionForm, JuryForm
from .models import Competition, CompetitionStatus, Criterion, JuryMember, Score
from .routes import detail_context
from .scoring import accepted_entries, fmt, jury, jury_accounts, parse_score, write_score


def _page(competition, status, **extra):
    return render_template("competitions/detail.html", **detail_context(competition, **extra)), status


def _managed(competition_id: int) -> Competition:
    competition = load(competition_id)
    if not competition.run_by_centre:
        abort(404)  # outside competitions have no jury here
    return competition


# --- Jury and criteria --------------------------------------------------------------------


@bp.post("/<int:competition_id>/jury")
def jury_add(competition_id):
    competition = _managed(competition_id)
    require_manager(competition)
    experts = jury_accounts(competition)
    form = JuryForm(experts=experts)
    if not form.validate():
        return _page(competition, 422, jury_form=form)
    person = db.session.get(Person, form.person_id.data) if form.person_id.data else None
    member = JuryMember(competition_id=competition.id, person_id=person.id if person else None,
                        user_id=form.user_id.data or None, name=person.full_name if person else form.name.data,
                        position=form.position.data or (person.position if person else ""),
                        is_chair=bool(form.is_chair.data))
    if member.is_chair:
        for other in jury(competition):
            other.is_chair = False
    db.session.add(member)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        form.name.errors = ["Этот человек или эта учётная запись уже в жюри."]
        return _page(load(competition_id), 422, jury_form=form)
    record("jury", "competition", competition.id, f"В жюри «{competition.title[:60]}»: {member.name}",
           competition.programme_id)
    db.session.commit()
    return redirect(url_for(".detail", competition_id=competition.id, _anchor="jury"))


@bp.post("/jury/<int:member_id>/delete")
def jury_delete(member_id):
    member = db.get_or_404(JuryMember, member_id)
    competition = load(member.competition_id)
    require_manager(competition)
    if competition.published:
        return _page(competition, 409, jury_error="Итоги подведены: состав жюри не меняется.")
    if db.session.scalar(select(func.count(Score.id)).where(Score.juror_id == member.id)):
        return _page(competition, 409, jury_error=f"{member.name} уже выставил(а) баллы: из жюри не убрать.")
    db.session.delete(member)
    db.session.commit()
    return redirect(url_for(".detail", competition_id=competition.id, _anchor="jury"))


@bp.post("/<int:competition_id>/criteria")
def criterion_add(competition_id):
    competition = _managed(competition_id)
    require_manager(competition)
    form = CriterionForm(nominations=competition.nominations)
    if competition.published:
        return _page(competition, 409, criterion_form=form, jury_error="Итоги подведены: критерии не меняются.")
    if not form.validate():
        return _page(competition, 422, criterion_form=form)
    position = (db.session.scalar(select(func.max(Criterion.position))
                                  .where(Criterion.competition_id == competition.id)) or 0) + 1
    db.session.add(Criterion(competition_id=competition.id, nomination_id=form.nomination_id.data or None,
                             name=form.name.data, max_score=form.max_score.parsed, position=position))
    db.session.commit()
    return redirect(url_for(".detail", competition_id=competition.id, _anchor="criteria"))


@bp.post("/criteria/<int:criterion_id>/delete")
def criterion_delete(criterion_id):
    criterion = db.get_or_404(Criterion, criterion_id)
    competition = load(criterion.competition_id)
    require_manager(competition)
    if db.session.scalar(select(func.count(Score.id)).where(Score.criterion_id == criterion.id)):
        return _page(competition, 409, jury_error=f"По критерию «{criterion.name}» уже выставлены баллы.")
    db.session.delete(criterion)
    db.session.commit()
    return redirect(url_for(".detail", competition_id=competition.id, _anchor="criteria"))


# --- Score sheet --------------------------------------------------------------------------


def _juror(competition: Competition, juror_id: int | None) -> JuryMember:
    """The juror whose sheet this is: an expert's own seat; for a methodist the one asked for."""
    if current_user.role == Role.EXPERT:
        seat = my_jury_seat(competition)
        if juror_id and juror_id != seat.id:
            abort(403)
        return seat
    if not manages(competition) and not (current_user.role == Role.HEAD and not regional(competition)):
        abort(403)  # a regional competition's sheets are the region's
    members = jury(competition)
    chosen = next((m for m in members if m.id == juror_id), None) if juror_id else (members[0] if members else None)
    if chosen is None:
        abort(404)
    return chosen


def sheet_context(competition: Competition, juror: JuryMember, **extra) -> dict:
    entries = accepted_entries(competition)
    criteria = list(db.session.scalars(select(Criterion).where(Criterion.competition_id == competition.id)
                                       .order_by(Criterion.position, Criterion.id)))
    scores = {(s.entry_id, s.criterion_id): s.value for s in db.session.scalars(
        select(Score).where(Score.juror_id == juror.id, Score.entry_id.in_([e.id for e in entries])))}
    groups = []
    for nomination in [None, *competition.nominations]:
        nomination_id = nomination.id if nomination else None
        rows = [e for e in entries if e.nomination_id == nomination_id]
        columns = [c for c in criteria if c.nomination_id in (None, nomination_id)]
        if rows:
            groups.append((nomination, rows, columns))
    context = dict(competition=competition, juror=juror, groups=groups, scores=scores, fmt=fmt, errors={},
                   typed={}, jurors=jury(competition) if manages(competition) or current_user.role == Role.HEAD else [],
                   can_score=_may_score(competition, juror), frozen=competition.status != CompetitionStatus.SCORING)
    context.update(extra)
    return context


def _may_score(competition: Competition, juror: JuryMember) -> bool:
    if competition.status != CompetitionStatus.SCORING:
        return False
    return manages(competition) or (current_user.role == Role.EXPERT and juror.user_id == current_user.id)


@bp.get("/<int:competition_id>/sheet")
def sheet(competition_id):
    competition = _managed(competition_id)
    juror = _juror(competition, request.args.get("juror", type=int))
    return render_template("competitions/sheet.html", **sheet_context(competition, juror))


def _cells(competition: Competition) -> list[tuple[int, int, str]]:
    """(entry id, criterion id, typed text) of every "s-<entry>-<criterion>" field sent."""
    cells = []
    for key, value in request.form.items():
        parts = key.split("-")
        if len(parts) == 3 and parts[0] == "s" and parts[1].isdigit() and parts[2].isdigit():
            cells.append((int(parts[1]), int(parts[2]), value.strip()))
    return cells


@bp.post("/<int:competition_id>/scores")
def score(competition_id):
    competition = _managed(competition_id)
    juror = _juror(competition, request.form.get("juror", type=int))
    if current_user.role == Role.HEAD:
        abort(403)
    if db.engine.dialect.name == "postgresql":  # publishing waits for scores being written, and vice versa
        db.session.execute(select(Competition.id).where(Competition.id == competition.id).with_for_update(read=True))
        db.session.refresh(competition)
    cells = _cells(competition)
    entries = {e.id: e for e in accepted_entries(competition)}
    criteria = {c.id: c for c in db.session.scalars(select(Criterion).where(Criterion.competition_id == competition.id))}
    errors, values = {}, {}
    frozen = None
    if competition.published:
        frozen = "Итоги опубликованы: баллы заморожены."
    elif competition.status != CompetitionStatus.SCORING:
        frozen = "Баллы выставляют, когда конкурс на этапе оценивания."
    for entry_id, criterion_id, text in cells:
        entry, criterion = entries.get(entry_id), criteria.get(criterion_id)
        if entry is None or criterion is None or criterion.nomination_id not in (None, entry.nomination_id):
            abort(404)
        if frozen:
            errors[(entry_id, criterion_id)] = frozen
            continue
        value = parse_score(text) if text else None
        if text and (value is None or value > criterion.max_score):
            errors[(entry_id, criterion_id)] = f"Балл — число от 0 до {fmt(criterion.max_score)}."
        values[(entry_id, criterion_id)] = value
    status = 409 if frozen else 422
    typed = {(e, c): t for e, c, t in cells}
    if errors or not cells:
        db.session.rollback()
        if request.htmx and len(cells) == 1:
            (entry_id, criterion_id, text), = cells
            return render_template("competitions/_score_cell.html", competition=competition, juror=juror,
                                   e=entries[entry_id], c=criteria[criterion_id], value=text,
                                   error=errors.get((entry_id, criterion_id)), can_score=not frozen, fmt=fmt), status
        return render_template("competitions/sheet.html", **sheet_context(
            competition, juror, errors=errors, typed=typed)), status
    for (entry_id, criterion_id), value in values.items():
        write_score(entry_id, criterion_id, juror.id, value)
    db.session.commit()
    if request.htmx and len(cells) == 1:
        (entry_id, criterion_id, _), = cells
        total = db.session.scalar(select(func.sum(Score.value)).where(Score.entry_id == entry_id,
                                                                      Score.juror_id == juror.id))
        return render_template("competitions/_score_cell.html", competition=competition, juror=juror,
                               e=entries[entry_id], c=criteria[criterion_id], value=fmt(values[(entry_id, criterion_id)]),
                               error=None, can_score=True, fmt=fmt, total=total, saved=True)
    return redirect(url_for(".sheet", competition_id=competition.id, juror=juror.id))



