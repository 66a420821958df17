"""An event linked to a plan occurrence reports it: held → the centre's mark is done with the
event as evidence; cancelled (or unlinked) → that mark, if the event made it, is cleared.
The plan row lists an activity's events through the plan's link hook."""
from flask import url_for
from sqlalchemy import select

from app.extensions import db
from app.marks.reporting import Report
from app.marks.reporting import sync_centre_mark as _sync
from app.plan.links import Link

from .models import Event, EventStatus


def sync_centre_mark(event: Event, previous_occurrence_id: int | None = None) -> None:
    _sync(Report(
        kind="event", source_id=event.id, occurrence_id=event.occurrence_id, done=event.status == EventStatus.HELD,
        done_on=event.starts_at.date(),
        evidence_ref=f"{event.format.name.capitalize()} «{event.topic[:300]}», {event.starts_at:%d.%m.%Y}",
        evidence_url=url_for("events.detail", event_id=event.id, _external=True),
        summary=f"проведено мероприятие «{event.topic[:60]}»", programme_id=event.programme_id,
    ), previous_occurrence_id)


def plan_links(activity_ids) -> dict[int, list[Link]]:
    """The events of these activities (a select of ids), for the plan rows."""
    links: dict[int, list[Link]] = {}
    for event in db.session.scalars(select(Event).where(Event.activity_id.in_(activity_ids)).order_by(Event.starts_at)):
        links.setdefault(event.activity_id, []).append(
            Link(event.starts_at.strftime("%d.%m.%Y"), ("events.detail", {"event_id": event.id}), event.status_label))
    return links
