"""Indicators of a programme (показатели) with targets and actuals per year, and the programme's
effectiveness index Инр as seed 004 defines it. Pages under /plan/<id>/indicators."""
from flask import Blueprint

bp = Blueprint("indicators", __name__, url_prefix="/plan")

from . import importing, routes  # noqa: E402,F401
