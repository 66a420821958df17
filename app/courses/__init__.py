"""Courses of professional development (курсы повышения квалификации, КПК): the registry,
who has had none for three years, and the regional table by form and length of training."""
from flask import Blueprint

bp = Blueprint("courses", __name__, url_prefix="/courses")

from . import imports, routes  # noqa: E402,F401
