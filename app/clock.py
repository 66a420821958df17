"""Today's date, in one place so tests can freeze it (config TODAY)."""
from datetime import date

from flask import current_app


def today() -> date:
    return current_app.config.get("TODAY") or date.today()
