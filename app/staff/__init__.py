"""Staff (part 10): the schools' vacancies and the municipality's monitoring of them — seed 003's
«выявление кадровых потребностей»: what each school needs (position, subject, load in rates,
education, extra skills, from when), closed when filled; the municipality's open vacancies by
position and subject, and the dated snapshot the methodist takes in June and December to compare.
Pages under /staff/."""
from flask import Blueprint

bp = Blueprint("staff", __name__, url_prefix="/staff")

from . import movement, numbers, reserve, routes  # noqa: E402,F401
