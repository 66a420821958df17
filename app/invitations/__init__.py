"""Invitations (part 10, onboarding): a municipality's methodist makes the schools' coordinator
accounts in bulk, each with a single-use link where the person sets their own password — nobody
else ever sees one. Pages under /invitations/; the link itself is /invite/<token>."""
from flask import Blueprint

bp = Blueprint("invitations", __name__)

from . import routes  # noqa: E402,F401
