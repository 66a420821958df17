from flask import Blueprint

bp = Blueprint("mentoring", __name__, url_prefix="/mentoring")

from . import routes, steps, mentors, surveys  # noqa: E402,F401
