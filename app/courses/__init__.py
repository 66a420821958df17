"""Courses of professional development (курсы повышения квалификации, КПК): the registry,
who has had none for three years, the regional table by form and length of training; and the
chain they serve — the year's diagnostic of deficits and each teacher's individual route (ИОМ)."""
from flask import Blueprint

bp = Blueprint("courses", __name__, url_prefix="/courses")

from . import deficits, diagnostic_import, imports, iom, routes  # noqa: E402,F401
