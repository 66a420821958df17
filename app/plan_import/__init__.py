"""Bringing an existing plan in from its Word or Excel document: upload, preview with each
row's problems marked and fixed in place, then an all-or-nothing import."""
from flask import Blueprint

bp = Blueprint("plan_import", __name__, url_prefix="/plan/import")

from . import routes  # noqa: E402,F401
