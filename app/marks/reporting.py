"""A linked record reports a plan occurrence for the centre.

Events, competitions (and later parts) point at a plan occurrence. When the linked record is
done (an event held, a competition's results published) the centre's mark for that occurrence
is set done with the record as evidence; when it is undone, the mark is cleared — but only if
that record made it. A mark the methodist set by hand is never touched.

The record is named by (source_kind, source_id) on the mark, so a new part reports through this
module without a column of its own.
"""
from dataclasses import dataclass
from datetime import date, datetime

from flask_login import current_user
from sqlalchemy import select

from app.audit.models import record
from app.extensions import db

from .models import CompletionMark, MarkStatus, locked_mark
from .queries import centre


@dataclass
class Report:
    """What a linked record says about an occurrence."""

    kind: str  # "event", "competition"
    source_id: int
    occurrence_id: int | None
    done: bool
    done_on: date | None = None
    evidence_ref: str = ""
    evidence_url: str = ""
    summary: str = ""  # for the audit log: "проведено мероприятие «…»"
    programme_id: int | None = None


def sync_centre_mark(report: Report, previous_occurrence_id: int | None = None) -> None:
    organisation = centre()
    if organisation is None:
        return
    if previous_occurrence_id and previous_occurrence_id != report.occurrence_id:
        _clear(previous_occurrence_id, organisation.id, report)
    if not report.occurrence_id:
        return
    if not report.done:
        _clear(report.occurrence_id, organisation.id, report)
        return
    mark = locked_mark(report.occurrence_id, organisation.id)
    if mark.status == MarkStatus.DONE and not mark.source_kind:
        return  # already reported by hand: leave it as the methodist wrote it
    mark.status = MarkStatus.DONE
    mark.done_on = report.done_on
    mark.evidence_ref = report.evidence_ref[:500]
    mark.evidence_url = report.evidence_url[:1000]
    mark.source_kind, mark.source_id = report.kind, report.source_id
    mark.marked_by_id = current_user.id
    mark.marked_at = datetime.now()
    record("mark", "mark", None, f"{organisation.short_name}: выполнено — {report.summary}",
           report.programme_id, after={"status": "выполнено"})


def _clear(occurrence_id: int, organisation_id: int, report: Report) -> None:
    mark = db.session.scalar(select(CompletionMark).where(
        CompletionMark.occurrence_id == occurrence_id, CompletionMark.organisation_id == organisation_id,
        CompletionMark.source_kind == report.kind, CompletionMark.source_id == report.source_id))
    if mark is not None:
        mark.status, mark.done_on = MarkStatus.NOT_STARTED, None
        mark.source_kind, mark.source_id = "", None
        mark.evidence_ref = mark.evidence_url = ""
        mark.marked_by_id, mark.marked_at = current_user.id, datetime.now()
