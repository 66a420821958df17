"""What other parts read of the associations (the registry's person page, the methodists' pages):
batch queries, a fixed number whatever the size."""
from collections import defaultdict
from datetime import date

from sqlalchemy import func, or_, select

from app.extensions import db

from .models import Appointment, Association, Membership, Post


def _active(on: date, start, end):
    return (start <= on, or_(end.is_(None), end >= on))


def member_counts(ids: list[int], on: date) -> dict[int, int]:
    """Members on a day, by association."""
    if not ids:
        return {}
    return dict(db.session.execute(
        select(Membership.association_id, func.count(Membership.id))
        .where(Membership.association_id.in_(ids), *_active(on, Membership.joined_on, Membership.left_on))
        .group_by(Membership.association_id)).all())


def leaders_of(ids: list[int], on: date) -> dict[int, list[str]]:
    """The leaders appointed for the day, by association."""
    from app.registry.models import Person
    found: dict[int, list[str]] = defaultdict(list)
    if not ids:
        return found
    for association_id, name in db.session.execute(
            select(Appointment.association_id, Person.full_name).join(Person, Person.id == Appointment.person_id)
            .where(Appointment.association_id.in_(ids), Appointment.post == Post.LEADER,
                   *_active(on, Appointment.starts_on, Appointment.ends_on))
            .order_by(Person.full_name)):
        found[association_id].append(name)
    return found


def memberships_of(person_id: int) -> list[tuple[Membership, Association]]:
    """A person's associations and roles, those now first — for their page in the registry."""
    rows = db.session.execute(select(Membership, Association).join(Association)
                              .where(Membership.person_id == person_id)).all()
    return sorted(rows, key=lambda r: (r[0].left_on is not None, r[1].name))


def appointments_of(person_id: int) -> list[tuple[Appointment, Association]]:
    return list(db.session.execute(select(Appointment, Association).join(Association)
                                   .where(Appointment.person_id == person_id)
                                   .order_by(Appointment.starts_on.desc())).all())
