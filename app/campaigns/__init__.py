"""Reporting campaigns (part 12): the region's forms collected from the schools twice a year and at
the end of the school year — each school's report prefilled from the registries for its school and
the period, corrected with a reason, submitted as a frozen snapshot, checked on the methodist's board
and consolidated into one workbook. Pages under /campaigns/.

catalogue.py — the forms the app can build (their columns and each school's figures, read through the
parts' queries); models.py — a campaign, its free tables, a school's report (by version) and its
figures; routes.py — campaigns and the board; reports.py — a school's report; workbook.py — the
consolidated workbook and page; queries.py — what other pages read («Мои мероприятия», the digest)."""
from flask import Blueprint

bp = Blueprint("campaigns", __name__, url_prefix="/campaigns")

from . import reports, routes, workbook  # noqa: E402,F401
