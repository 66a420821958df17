"""Event queries used outside the events pages."""
from datetime import datetime, time

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.clock import today
from app.extensions import db

from .models import Event, EventStatus


def upcoming(limit: int = 5) -> list[Event]:
    """The next events, for every role's home page."""
    start = datetime.combine(today(), time.min)
    return list(db.session.scalars(
        select(Event).options(selectinload(Event.format))
        .where(Event.starts_at >= start, Event.status.in_([EventStatus.PLANNED, EventStatus.POSTPONED]))
        .order_by(Event.starts_at).limit(limit)))
