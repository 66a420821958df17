"""A competition linked to a plan occurrence reports it: results published → the centre's mark
is done with the competition as evidence; cancelled, unpublished or unlinked → that mark, if the
competition made it, is cleared (app/marks/reporting.py, shared with events). The plan row lists
an activity's competitions through the plan's link hook."""
from flask import url_for
from sqlalchemy import select

from app.extensions import db
from app.marks.reporting import Report
from app.marks.reporting import sync_centre_mark as _sync
from app.plan.links import Link

from .models import Competition, CompetitionStatus


def sync_centre_mark(competition: Competition, previous_occurrence_id: int | None = None) -> None:
    done_on = competition.published_at.date() if competition.published_at else None
    _sync(Report(
        kind="competition", source_id=competition.id, occurrence_id=competition.occurrence_id,
        done=competition.status == CompetitionStatus.RESULTS, done_on=done_on,
        evidence_ref=f"Конкурс «{competition.title[:300]}», {competition.year_label}: итоги подведены",
        evidence_url=url_for("competitions.detail", competition_id=competition.id, _external=True),
        summary=f"подведены итоги конкурса «{competition.title[:60]}»", programme_id=competition.programme_id,
    ), previous_occurrence_id)


def plan_links(activity_ids) -> dict[int, list[Link]]:
    links: dict[int, list[Link]] = {}
    for c in db.session.scalars(select(Competition).where(Competition.activity_id.in_(activity_ids))
                                .order_by(Competition.school_year, Competition.id)):
        links.setdefault(c.activity_id, []).append(
            Link(f"конкурс {c.year_label}", ("competitions.detail", {"competition_id": c.id}), c.status_label))
    return links
