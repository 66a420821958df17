"""Who sees and keeps which pairs: a school coordinator their own school's (the mentees'
school), methodists and the administrator all, the head reads. A mentor of another school gives
that school no view of the pair."""
from flask import abort
from flask_login import current_user

from app.auth.models import Role
from app.extensions import db
from app.registry.models import Person

from .models import Pair


def visible(stmt, column=Pair.organisation_id):
    if current_user.role == Role.SCHOOL:
        return stmt.where(column == current_user.organisation_id)
    return stmt


def may_keep(organisation_id: int | None = None) -> bool:
    if current_user.role in Role.EDITORS:
        return True
    return current_user.role == Role.SCHOOL and (organisation_id is None
                                                 or organisation_id == current_user.organisation_id)


def may_mentee(person: Person) -> bool:
    return may_keep(person.organisation_id)


def load_pair(pair_id: int, keep: bool = False) -> Pair:
    pair = db.get_or_404(Pair, pair_id)
    if current_user.role == Role.SCHOOL and pair.organisation_id != current_user.organisation_id:
        abort(403)
    if keep and not may_keep(pair.organisation_id):
        abort(403)
    return pair
