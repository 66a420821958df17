from flask import Blueprint

bp = Blueprint("region", __name__, url_prefix="/region")

from . import routes  # noqa: E402,F401
