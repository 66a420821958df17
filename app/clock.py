"""Today's date and the current time, in one place so tests can freeze them (TODAY, NOW)."""
from datetime import date, datetime

from flask import current_app


def today() -> date:
    return current_app.config.get("TODAY") or date.today()


def now() -> datetime:
    return current_app.config.get("NOW") or datetime.now()
