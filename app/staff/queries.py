"""What other parts read of staff: the vacancies opened lately (the methodists' weekly digest)."""
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.extensions import db

from .models import Vacancy, VacancyStatus


def new_vacancies(on: date, days: int = 7) -> list[Vacancy]:
    """Vacancies opened in the `days` before `on` and still open, by school."""
    since = datetime.combine(on - timedelta(days=days), datetime.min.time())
    found = db.session.scalars(select(Vacancy).options(selectinload(Vacancy.organisation))
                               .where(Vacancy.status == VacancyStatus.OPEN, Vacancy.created_at >= since))
    return sorted(found, key=lambda v: (v.organisation.short_name, v.position, v.id))
