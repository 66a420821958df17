from flask import Blueprint

bp = Blueprint("competitions", __name__, url_prefix="/competitions")


from . import routes, entries, forwarding, jury, results, reports  # noqa: E402,F401
