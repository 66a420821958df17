"""An event linked to a plan occurrence reports it: held → the centre's mark is done with the
event as evidence; cancelled (or unlinked) → that mark, if the event made it, is cleared."""
from datetime import datetime

from flask import url_for
from flask_login import current_user
from sqlalchemy import select

from app.audit.models import record
from app.extensions import db
from app.marks.models import CompletionMark, MarkStatus
from app.marks.queries import centre

from .models import Event, EventStatus


def sync_centre_mark(event: Event, previous_occurrence_id: int | None = None) -> None:
    organisation = centre()
    if organisation is None:
        return
    if previous_occurrence_id and previous_occurrence_id != event.occurrence_id:
        _clear(previous_occurrence_id, organisation.id, event)
    if not event.occurrence_id:
        return
    if event.status == EventStatus.HELD:
        mark = db.session.scalar(select(CompletionMark).where(
            CompletionMark.occurrence_id == event.occurrence_id, CompletionMark.organisation_id == organisation.id))
        if mark is None:
            mark = CompletionMark(occurrence_id=event.occurrence_id, organisation_id=organisation.id,
                                  comment="", evidence_ref="", evidence_url="")
            db.session.add(mark)
        if mark.status == MarkStatus.DONE and mark.source_event_id is None:
            return  # already reported by hand: leave it as the methodist wrote it
        mark.status = MarkStatus.DONE
        mark.done_on = event.starts_at.date()
        mark.evidence_ref = f"{event.format.name.capitalize()} «{event.topic[:300]}», {event.starts_at:%d.%m.%Y}"
        mark.evidence_url = url_for("events.detail", event_id=event.id, _external=True)
        mark.source_event_id = event.id
        mark.marked_by_id = current_user.id
        mark.marked_at = datetime.now()
        record("mark", "mark", None, f"{organisation.short_name}: выполнено — проведено мероприятие «{event.topic[:60]}»",
               event.programme_id, after={"status": "выполнено"})
    else:
        _clear(event.occurrence_id, organisation.id, event)


def _clear(occurrence_id: int, organisation_id: int, event: Event) -> None:
    mark = db.session.scalar(select(CompletionMark).where(
        CompletionMark.occurrence_id == occurrence_id, CompletionMark.organisation_id == organisation_id,
        CompletionMark.source_event_id == event.id))
    if mark is not None:
        mark.status, mark.done_on, mark.source_event_id = MarkStatus.NOT_STARTED, None, None
        mark.evidence_ref = mark.evidence_url = ""
        mark.marked_by_id, mark.marked_at = current_user.id, datetime.now()
