"""What other pages read of the campaigns: a school's open campaigns with its report's state
(«Мои мероприятия», the school's weekly digest) and the schools late with a campaign (the
methodists' digest). A fixed number of queries each."""
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from app.extensions import db

from .models import Campaign, ReportStatus, SchoolReport


@dataclass
class OpenCampaign:
    campaign: Campaign
    status: str          # the school's report's (ReportStatus), «не начат» when there is none

    @property
    def status_label(self) -> str:
        return ReportStatus.LABELS[self.status]

    def late(self, on: date) -> bool:
        return self.status in (ReportStatus.NOT_STARTED, ReportStatus.DRAFT, ReportStatus.RETURNED) and \
            self.campaign.deadline < on


def latest_of(campaign_ids: list[int]):
    """A select of each respondent's latest report version in these campaigns."""
    newest = (select(SchoolReport.campaign_id, SchoolReport.organisation_id,
                     func.max(SchoolReport.version).label("version"))
              .where(SchoolReport.campaign_id.in_(campaign_ids))
              .group_by(SchoolReport.campaign_id, SchoolReport.organisation_id).subquery())
    return (select(SchoolReport).join(newest, (newest.c.campaign_id == SchoolReport.campaign_id)
                                      & (newest.c.organisation_id == SchoolReport.organisation_id)
                                      & (newest.c.version == SchoolReport.version)))


def shown_status(report: SchoolReport | None) -> str:
    """What the board and the school see: a draft that answers a return is still «возвращён»."""
    if report is None:
        return ReportStatus.NOT_STARTED
    return ReportStatus.RETURNED if report.status == ReportStatus.DRAFT and report.comment else report.status


def open_campaigns(organisation_id: int) -> list[OpenCampaign]:
    """The campaigns not closed and the school's report in each, the nearest deadline first."""
    campaigns = list(db.session.scalars(select(Campaign).where(Campaign.closed.is_(False),
                                                               Campaign.municipality_id.is_not(None))
                                        .order_by(Campaign.deadline, Campaign.id)))
    if not campaigns:
        return []
    reports = {r.campaign_id: r for r in db.session.scalars(
        latest_of([c.id for c in campaigns]).where(SchoolReport.organisation_id == organisation_id))}
    return [OpenCampaign(c, shown_status(reports.get(c.id))) for c in campaigns
            if shown_status(reports.get(c.id)) != ReportStatus.ACCEPTED]


def late_schools(on: date, school_ids: list[int]) -> list[tuple[Campaign, int]]:
    """Each open campaign past its deadline and how many schools have not submitted it."""
    campaigns = list(db.session.scalars(select(Campaign).where(Campaign.closed.is_(False), Campaign.deadline < on,
                                                               Campaign.municipality_id.is_not(None))
                                        .order_by(Campaign.deadline)))
    if not campaigns:
        return []
    sent = {(r.campaign_id, r.organisation_id) for r in db.session.scalars(latest_of([c.id for c in campaigns]))
            if shown_status(r) in (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED)}
    found = [(c, sum((c.id, i) not in sent for i in school_ids)) for c in campaigns]
    return [(c, n) for c, n in found if n]
