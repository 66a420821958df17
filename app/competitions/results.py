"""Ranking, results and publishing; the jury's protocol and the diplomas and certificates.

Before publishing the ranking proposes results from the places and a methodist may change any;
publishing writes the places and results, freezes the scores and reports the linked plan
occurrence done.
"""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from app.audit.models import record
from app.auth.models import Role
from app.clock import now
from app.extensions import db

from . import bp
from .access import load, manages, regional, require_manager
from .linking import sync_centre_mark
from .models import Competition, CompetitionStatus, Result
from .scoring import fmt, jury, ranking


def _centre_competition(competition_id: int) -> Competition:
    competition = load(competition_id)
    if not competition.run_by_centre:
        abort(404)
    if current_user.role == Role.SCHOOL or (current_user.role == Role.EXPERT and not competition.published):
        abort(403)  # an expert sees only their own sheet until scoring is closed
    if regional(competition) and not manages(competition):
        abort(403)  # the region's ranking and protocol: a municipality sees its own entries' results
    return competition


def ranking_context(competition: Competition, **extra) -> dict:
    context = dict(competition=competition, groups=ranking(competition), jury=jury(competition), fmt=fmt,
                   results=Result.LABELS, can_edit=manages(competition) and not competition.published)
    context.update(extra)
    return context


@bp.get("/<int:competition_id>/ranking")
def ranking_view(competition_id):
    competition = _centre_competition(competition_id)
    return render_template("competitions/ranking.html", **ranking_context(competition))


def _lock(competition: Competition) -> None:
    """Publishing and saving results wait for scores being written (and the other way round)."""
    if db.engine.dialect.name == "postgresql":
        db.session.execute(select(Competition.id).where(Competition.id == competition.id).with_for_update())
    db.session.refresh(competition)


@bp.post("/<int:competition_id>/results")
def results(competition_id):
    competition = _centre_competition(competition_id)
    require_manager(competition)
    _lock(competition)
    if competition.published:
        return render_template("competitions/ranking.html", **ranking_context(
            competition, error="Итоги уже опубликованы.")), 409
    groups = ranking(competition)
    chosen = {}
    for group in groups:
        for row in group.rows:
            value = request.form.get(f"r-{row.entry.id}")
            if value is None:
                continue
            if value not in Result.LABELS:
                return render_template("competitions/ranking.html", **ranking_context(
                    competition, error="Выберите результат из списка.")), 422
            chosen[row.entry] = "" if value == row.proposed else value  # "" follows the ranking
    for entry, value in chosen.items():
        entry.result = value
    publish = request.form.get("publish") == "1"
    if publish:
        for group in groups:
            for row in group.rows:
                row.entry.place = row.place
                row.entry.result = row.entry.result or row.proposed
        competition.status = CompetitionStatus.RESULTS
        competition.published_at = now()
        sync_centre_mark(competition)
        record("publish", "competition", competition.id, f"Опубликованы итоги конкурса «{competition.title[:80]}»",
               competition.programme_id)
    db.session.commit()
    flash("Итоги опубликованы: баллы заморожены." if publish else "Результаты сохранены.")
    return redirect(url_for(".ranking_view", competition_id=competition.id))


@bp.get("/<int:competition_id>/protocol")
def protocol(competition_id):
    competition = _centre_competition(competition_id)
    return render_template("competitions/protocol.html", **ranking_context(competition))


@bp.get("/<int:competition_id>/protocol.docx")
def protocol_docx(competition_id):
    """The jury's protocol in Word, with its signature lines."""
    from app.exports.documents import protocol_document
    from app.exports.word import send_docx
    competition = _centre_competition(competition_id)
    context = ranking_context(competition)
    data = protocol_document(competition, context["groups"], context["jury"], fmt, Result.LABELS)
    return send_docx(data, f"Протокол жюри — {competition.title[:80]}.docx")


@bp.get("/<int:competition_id>/diplomas")
def diplomas(competition_id):
    """A diploma for each winner and prize-winner, a certificate for everyone else; one A4 page
    each. Only published results are printed; a school prints its own teachers'."""
    competition = load(competition_id)
    if not competition.run_by_centre:
        abort(404)
    if not competition.published:
        flash("Дипломы печатаются после публикации итогов.")
        return redirect(url_for(".detail", competition_id=competition.id))
    pages = []
    for group in ranking(competition):
        for row in group.rows:
            entry = row.entry
            if current_user.role == Role.SCHOOL and entry.organisation_id != current_user.organisation_id:
                continue
            for person in entry.people:
                pages.append((entry, person, group.nomination))
    only = request.args.get("entry", type=int)
    if only:
        pages = [p for p in pages if p[0].id == only]
    return render_template("competitions/diplomas.html", competition=competition, pages=pages,
                           chair=next((m for m in jury(competition) if m.is_chair), None), diploma=Result.DIPLOMA)
