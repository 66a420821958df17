from flask import Blueprint

bp = Blueprint("exports", __name__, url_prefix="/plan")

from . import routes  # noqa: E402,F401
