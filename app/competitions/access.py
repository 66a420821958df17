"""Who may see and change what in competitions.

A municipality's methodists and administrator keep its competitions; the head reads; a school
coordinator applies for and records their own school's teachers and keeps the outside
competitions their school recorded; an expert (член жюри) sees only the competitions where they
sit on the jury.

A regional competition (no municipality) is kept by the region's methodist: its jury, criteria,
scores and results. Every municipality reads it; a municipality's methodists put forward their
teachers (their municipal winners) and see their own entries only (the municipal scope keeps
entries by organisation). The region's accounts read competitions without a municipality's scope
(entries of every municipality), so load() keeps them to the regional ones and those of the
municipality they chose to read.
"""
from flask import abort, session
from flask_login import current_user
from sqlalchemy import or_, select

from app.auth.models import Role
from app.clock import today
from app.extensions import db
from app.municipalities.scope import VIEWING
from app.registry.models import Person

from .models import Competition, CompetitionStatus, Entry, JuryMember


def is_editor() -> bool:
    """A municipality's methodist or administrator."""
    return current_user.role in Role.EDITORS


def is_region() -> bool:
    return current_user.role in Role.REGIONAL


def regional(competition: Competition | None) -> bool:
    return competition is not None and competition.id is not None and competition.municipality_id is None


def manages(competition: Competition | None = None) -> bool:
    """Keeps the competition (or, with none, may make one): the region's methodist the regional
    ones, a municipality's editors their municipality's."""
    if competition is None or competition.id is None:
        return is_editor() or current_user.role == Role.REGION_METHODIST
    if competition.municipality_id is None:
        return current_user.role == Role.REGION_METHODIST
    return is_editor()


def require_manager(competition: Competition) -> None:
    if not manages(competition):
        abort(403)


def visible(stmt):
    """Restrict a select of competitions to those the current user may see."""
    if current_user.role == Role.EXPERT:
        return stmt.where(Competition.id.in_(select(JuryMember.competition_id)
                                             .where(JuryMember.user_id == current_user.id)))
    if is_region():  # the region's, and those of the municipality being read
        return stmt.where(or_(Competition.municipality_id.is_(None),
                              Competition.municipality_id == (session.get(VIEWING) or -1)))
    return stmt


def my_jury_seat(competition: Competition) -> JuryMember | None:
    if current_user.role != Role.EXPERT:
        return None
    return db.session.scalar(select(JuryMember).where(JuryMember.competition_id == competition.id,
                                                      JuryMember.user_id == current_user.id))


def load(competition_id: int) -> Competition:
    competition = db.get_or_404(Competition, competition_id)
    if is_region() and competition.municipality_id not in (None, session.get(VIEWING)):
        abort(404)  # another municipality's, which the region is not reading now
    if current_user.role == Role.EXPERT and my_jury_seat(competition) is None:
        abort(403)
    return competition


def may_manage(competition: Competition | None = None) -> bool:
    """Edit the competition itself (passport, status, jury, criteria)."""
    if manages(competition):
        return True
    return (current_user.role == Role.SCHOOL and competition is not None and not competition.run_by_centre
            and competition.owner_id == current_user.organisation_id)


def may_enter_for(person: Person, competition: Competition) -> bool:
    if manages(competition) or (is_editor() and regional(competition)):
        return True  # (a municipality's methodist: their municipality's people are all they can find)
    return current_user.role == Role.SCHOOL and person.organisation_id == current_user.organisation_id


def may_touch_entry(entry: Entry) -> bool:
    if manages(entry.competition) or (is_editor() and regional(entry.competition)):
        return True
    return current_user.role == Role.SCHOOL and entry.organisation_id == current_user.organisation_id


def entry_refusal(competition: Competition) -> str | None:
    """Why the current user cannot add an entry now (a Russian sentence), or None."""
    if regional(competition) and current_user.role == Role.SCHOOL:
        return "На региональный конкурс педагогов выдвигает муниципальный методический центр."
    if regional(competition) and is_region():
        return "Участников регионального конкурса выдвигают муниципалитеты: их заявки приходят сюда."
    if current_user.role not in (*Role.EDITORS, Role.SCHOOL) and not manages(competition):
        return "Заявки подают координаторы школ и методисты."
    if competition.status == CompetitionStatus.CANCELLED:
        return "Конкурс отменён."
    if competition.published:
        return "Итоги подведены: участников больше не добавляют."
    if not competition.run_by_centre or manages(competition):
        return None
    if competition.status != CompetitionStatus.ACCEPTING:
        return "Приём заявок закрыт: идёт оценивание."
    if competition.application_deadline and today() > competition.application_deadline:
        return f"Приём заявок закончился {competition.application_deadline:%d.%m.%Y}."
    return None
