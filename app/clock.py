"""Today's date and the current time, in one place so tests can freeze them (TODAY, NOW)."""
from datetime import date, datetime

from flask import current_app


def today() -> date:
    return current_app.config.get("TODAY") or date.today()


def now() -> datetime:
    return current_app.config.get("NOW") or datetime.now()


def school_year_of(day: date) -> int:
    """The school year a date falls in, by its first year: 1 September opens it (2023 is 2023/2024)."""
    return day.year if day.month >= 9 else day.year - 1

