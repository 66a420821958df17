"""What other parts read of staff: the vacancies opened lately (the methodists' weekly digest), the
schools' staff totals the regional forms put beside their figures."""
from datetime import date, datetime, timedelta

from sqlalchemy import distinct, func, or_, select
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.registry.models import Person

from .models import Employment, Vacancy, VacancyStatus, on_staff


def new_vacancies(on: date, days: int = 7) -> list[Vacancy]:
    """Vacancies opened in the `days` before `on` and still open, by school."""
    since = datetime.combine(on - timedelta(days=days), datetime.min.time())
    found = db.session.scalars(select(Vacancy).options(selectinload(Vacancy.organisation))
                               .where(Vacancy.status == VacancyStatus.OPEN, Vacancy.created_at >= since))
    return sorted(found, key=lambda v: (v.organisation.short_name, v.position, v.id))


def staff_totals(on: date) -> dict[int, int]:
    """Organisation → its staff on a day «без внешних совместителей»: the people whose main job there
    had begun and not ended; a school with no employment recorded yet counts the registry's people
    of it who are on staff (on_staff) — two queries."""
    recorded = dict(db.session.execute(
        select(Employment.organisation_id, func.count(distinct(Employment.person_id)))
        .where(Employment.main_job.is_(True), Employment.started_on <= on,
               or_(Employment.left_on.is_(None), Employment.left_on >= on))
        .group_by(Employment.organisation_id)).all())
    with_records = set(db.session.scalars(select(Employment.organisation_id).distinct()))
    registry = dict(db.session.execute(select(Person.organisation_id, func.count(Person.id)).where(on_staff(on))
                                       .group_by(Person.organisation_id)).all())
    return {**{org: count for org, count in registry.items() if org not in with_records}, **recorded}
