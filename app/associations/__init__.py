"""Methodical associations (part 11): the district's РМО/ГМО, the schools' ШМО, creative groups,
the school of the young teacher, tutors' teams — who leads them (appointed by an order, for a
term), who is a member and in which role, from when to when. Pages under /associations/.

Every seed leans on them: seed 000's «участие в РМО» and «сопровождение деятельности РМО»,
seed 003's order appointing the leaders, tutors and experts and its quarterly monitoring of
teachers' participation."""
from flask import Blueprint

bp = Blueprint("associations", __name__, url_prefix="/associations")

from . import appointments, meetings, members, network, participation, plans, reports, routes  # noqa: E402,F401
