"""Who may see and change what in competitions.

Methodists and the administrator keep everything; the head reads; a school coordinator applies
for and records their own school's teachers and keeps the outside competitions their school
recorded; an expert (член жюри) sees only the competitions where they sit on the jury.
"""
from flask import abort
from flask_login import current_user
from sqlalchemy import select

from app.auth.models import Role
from app.clock import today
from app.extensions import db
from app.registry.models import Person

from .models import Competition, CompetitionStatus, Entry, JuryMember


def is_editor() -> bool:
    return current_user.role in Role.EDITORS


def visible(stmt):
    """Restrict a select of competitions to those the current user may see."""
    if current_user.role == Role.EXPERT:
        return stmt.where(Competition.id.in_(select(JuryMember.competition_id)
                                             .where(JuryMember.user_id == current_user.id)))
    return stmt


def my_jury_seat(competition: Competition) -> JuryMember | None:
    if current_user.role != Role.EXPERT:
        return None
    return db.session.scalar(select(JuryMember).where(JuryMember.competition_id == competition.id,
                                                      JuryMember.user_id == current_user.id))


def load(competition_id: int) -> Competition:
    competition = db.get_or_404(Competition, competition_id)
    if current_user.role == Role.EXPERT and my_jury_seat(competition) is None:
        abort(403)
    return competition


def may_manage(competition: Competition | None = None) -> bool:
    """Edit the competition itself (passport, status, jury, criteria)."""
    if is_editor():
        return True
    return (current_user.role == Role.SCHOOL and competition is not None and not competition.run_by_centre
            and competition.owner_id == current_user.organisation_id)


def may_enter_for(person: Person) -> bool:
    if is_editor():
        return True
    return current_user.role == Role.SCHOOL and person.organisation_id == current_user.organisation_id


def may_touch_entry(entry: Entry) -> bool:
    if is_editor():
        return True
    return current_user.role == Role.SCHOOL and entry.organisation_id == current_user.organisation_id


def entry_refusal(competition: Competition) -> str | None:
    """Why the current user cannot add an entry now (a Russian sentence), or None."""
    if current_user.role not in (*Role.EDITORS, Role.SCHOOL):
        return "Заявки подают координаторы школ и методисты."
    if competition.status == CompetitionStatus.CANCELLED:
        return "Конкурс отменён."
    if competition.published:
        return "Итоги подведены: участников больше не добавляют."
    if not competition.run_by_centre or is_editor():
        return None
    if competition.status != CompetitionStatus.ACCEPTING:
        return "Приём заявок закрыт: идёт оценивание."
    if competition.application_deadline and today() > competition.application_deadline:
        return f"Приём заявок закончился {competition.application_deadline:%d.%m.%Y}."
    return None
