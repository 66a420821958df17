from flask import Blueprint

bp = Blueprint("marks", __name__)

from . import routes  # noqa: E402,F401
