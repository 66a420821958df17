from flask import Blueprint

bp = Blueprint("plan", __name__, url_prefix="/plan")

from . import next_period, routes, status_views  # noqa: E402,F401
