"""Satisfaction questionnaires. Teachers have no accounts: the coordinator types in a paper
form, or hands the teacher a private link — long and random, one submission, 30 days — that
opens a page with nothing else on it and no login.

A respondent answers once per pair and school year (a unique key). A link is spent by one
conditional UPDATE in the same transaction as the answers, so of two submissions at the same
moment exactly one is saved.
"""
import secrets
from datetime import timedelta

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from app.audit.models import record
from app.clock import now
from app.extensions import db
from app.registry.models import Person

from . import bp
from .access import load_pair
from .models import Answer, Pair, Question, Respondent, SurveyLink, SurveyResponse
from .queries import current_year
from .routes import pair_context

LINK_DAYS = 30


def questions() -> list[Question]:
    return list(db.session.scalars(select(Question).order_by(Question.position, Question.id)))


def read_answers(items: list[Question]) -> tuple[dict[int, int], dict[int, str], str]:
    """Scores by question id, errors by question id, and the comment, from the posted form."""
    scores, errors = {}, {}
    for q in items:
        text = (request.form.get(f"q-{q.id}") or "").strip()
        if not text.isdigit() or not 1 <= int(text) <= 10:
            errors[q.id] = "Оценка — целое число от 1 до 10."
        else:
            scores[q.id] = int(text)
    comment = (request.form.get("comment") or "").strip()
    if len(comment) > 2000:
        errors[0] = "Комментарий — не длиннее 2000 символов."
    return scores, errors, comment


def _respondent(pair: Pair, person_id: int) -> tuple[Person, str]:
    if person_id == pair.mentor_id:
        return pair.mentor, Respondent.MENTOR
    person = next((p for p in pair.mentees if p.id == person_id), None)
    if person is None:
        abort(404)
    return person, Respondent.MENTEE


def _save(pair_id, person, respondent, year, scores, comment, entered_by_id) -> SurveyResponse:
    response = SurveyResponse(pair_id=pair_id, person_id=person.id, respondent=respondent, school_year=year,
                              mean=round(sum(scores.values()) / len(scores), 2), comment=comment,
                              entered_by_id=entered_by_id, submitted_at=now())
    response.answers = [Answer(question_id=q, score=s) for q, s in scores.items()]
    db.session.add(response)
    db.session.flush()
    return response


ALREADY = "Ответы этого участника за учебный год уже есть — второй раз их не принимают."


@bp.route("/pairs/<int:pair_id>/survey/<int:person_id>", methods=["GET", "POST"])
def survey_enter(pair_id, person_id):
    """The coordinator types in a paper questionnaire."""
    pair = load_pair(pair_id, keep=True)
    person, respondent = _respondent(pair, person_id)
    items = questions()
    context = dict(pair=pair, person=person, respondent=Respondent.LABELS[respondent], questions=items,
                   year=current_year(), errors={}, values=request.form, public=False)
    if request.method == "GET":
        return render_template("mentoring/survey.html", **context)
    scores, errors, comment = read_answers(items)
    if errors:
        return render_template("mentoring/survey.html", **dict(context, errors=errors)), 422
    try:
        _save(pair.id, person, respondent, current_year(), scores, comment, current_user.id)
    except IntegrityError:
        db.session.rollback()
        return render_template("mentoring/survey.html", **dict(context, errors={0: ALREADY})), 409
    record("survey", "mentoring", pair.id, f"Анкета удовлетворённости: {person.full_name} ({Respondent.LABELS[respondent]})")
    db.session.commit()
    flash(f"Ответы: {person.full_name} — сохранены.")
    return redirect(url_for(".pair", pair_id=pair.id, _anchor="satisfaction"))


@bp.post("/pairs/<int:pair_id>/survey/<int:person_id>/link")
def survey_link(pair_id, person_id):
    """A private link for one respondent, shown once on the pair's page to be handed over."""
    pair = load_pair(pair_id, keep=True)
    person, respondent = _respondent(pair, person_id)
    link = SurveyLink(token=secrets.token_urlsafe(32), pair_id=pair.id, person_id=person.id, respondent=respondent,
                      school_year=current_year(), created_at=now(), expires_at=now() + timedelta(days=LINK_DAYS))
    db.session.add(link)
    db.session.commit()
    url = url_for(".survey", token=link.token, _external=True)
    return render_template("mentoring/pair.html", **pair_context(pair, links={person.id: url}))


def _link(token: str) -> SurveyLink:
    link = db.session.scalar(select(SurveyLink).where(SurveyLink.token == token)) if len(token) < 100 else None
    if link is None:
        abort(404)
    return link


def _closed(link: SurveyLink) -> str | None:
    if link.used_at is not None:
        return "Анкета по этой ссылке уже заполнена. Спасибо!"
    if link.expires_at < now():
        return "Срок действия ссылки истёк. Попросите у координатора новую."
    return None


@bp.route("/s/<token>", methods=["GET", "POST"])
def survey(token):
    """The respondent's own page: the questions and nothing else, no login."""
    link = _link(token)
    items = questions()
    context = dict(pair=link.pair, person=link.person, respondent=Respondent.LABELS[link.respondent],
                   questions=items, year=link.school_year, errors={}, values=request.form, public=True)
    closed = _closed(link)
    if closed:
        return render_template("mentoring/survey_closed.html", message=closed), 410
    if request.method == "GET":
        return render_template("mentoring/survey.html", **context)
    scores, errors, comment = read_answers(items)
    if errors:
        return render_template("mentoring/survey.html", **dict(context, errors=errors)), 422
    spent = db.session.execute(
        update(SurveyLink).where(SurveyLink.id == link.id, SurveyLink.used_at.is_(None), SurveyLink.expires_at >= now())
        .values(used_at=now()).execution_options(synchronize_session=False)).rowcount
    if spent != 1:
        db.session.rollback()
        return render_template("mentoring/survey_closed.html",
                               message="Анкета по этой ссылке уже заполнена. Спасибо!"), 410
    try:
        _save(link.pair_id, link.person, link.respondent, link.school_year, scores, comment, None)
    except IntegrityError:
        db.session.rollback()
        return render_template("mentoring/survey_closed.html", message=ALREADY), 409
    db.session.commit()
    return render_template("mentoring/survey_closed.html", message="Спасибо! Ответы сохранены.", thanks=True)


