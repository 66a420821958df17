"""A reporting campaign, the free tables it adds, and each school's report with its figures.

A school's report has versions: the first is made when the school first saves a figure (or
submits); returning a report or reopening an accepted one starts the next version as a draft with
the same figures, and keeps the old one as it was. Submitting freezes the figures into the
version's snapshot: the registries changing later do not change it."""
from datetime import date, datetime

from sqlalchemy import JSON, Date, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db


class Campaign(db.Model):
    __tablename__ = "campaigns"

    id: Mapped[int] = mapped_column(primary_key=True)
    # None: the region's campaign, answered by the municipalities (app/campaigns/access.py).
    municipality_id: Mapped[int | None] = mapped_column(ForeignKey("municipalities.id"), index=True)
    title: Mapped[str] = mapped_column(String(500))
    starts_on: Mapped[date] = mapped_column(Date)   # the reporting period
    ends_on: Mapped[date] = mapped_column(Date)
    deadline: Mapped[date] = mapped_column(Date)
    forms: Mapped[list] = mapped_column(JSON, default=list)  # the catalogue's keys, in its order
    closed: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column()

    tables: Mapped[list["FreeTable"]] = relationship(order_by="FreeTable.position", cascade="all, delete-orphan",
                                                     back_populates="campaign")

    @property
    def regional(self) -> bool:
        return self.id is not None and self.municipality_id is None

    @property
    def period_label(self) -> str:
        return f"{self.starts_on:%d.%m.%Y} – {self.ends_on:%d.%m.%Y}"


class FreeTable(db.Model):
    """A table a methodist defines for what the app does not hold: named numeric columns (a column
    whose name ends with «%» is a share, 0–100)."""

    __tablename__ = "campaign_tables"

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    title: Mapped[str] = mapped_column(String(300))
    columns: Mapped[list] = mapped_column(JSON, default=list)

    campaign: Mapped[Campaign] = relationship(back_populates="tables")

    @property
    def key(self) -> str:
        return f"free-{self.id}"


class ReportStatus:
    DRAFT = "draft"
    SUBMITTED = "submitted"
    ACCEPTED = "accepted"
    RETURNED = "returned"
    NOT_STARTED = "not_started"  # no report yet (never stored)

    LABELS = {NOT_STARTED: "не начат", DRAFT: "черновик", SUBMITTED: "отправлен", ACCEPTED: "принят",
              RETURNED: "возвращён с замечанием"}


class SchoolReport(db.Model):
    __tablename__ = "school_reports"
    __table_args__ = (UniqueConstraint("campaign_id", "organisation_id", "version", name="uq_school_reports_version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    status: Mapped[str] = mapped_column(String(20), default=ReportStatus.DRAFT)
    # Frozen on submission: {form key: [[registry figure or None, figure, reason], …]}.
    snapshot: Mapped[dict | None] = mapped_column(JSON)
    submitted_at: Mapped[datetime | None] = mapped_column()
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None] = mapped_column()  # accepted or returned
    comment: Mapped[str] = mapped_column(Text, default="")  # the methodist's, on returning it
    comment_cell: Mapped[str] = mapped_column(String(60), default="")  # "form key:column", beside which it shows
    created_at: Mapped[datetime] = mapped_column()

    organisation = relationship("Organisation")
    submitted_by = relationship("User")

    def late(self, campaign: Campaign) -> bool:
        """Submitted after the campaign's deadline (allowed, and marked)."""
        return bool(self.submitted_at and self.submitted_at.date() > campaign.deadline)


class ReportValue(db.Model):
    """A school's figure in a report's version: a correction of the registry's (with its reason), or
    a free table's figure."""

    __tablename__ = "report_values"
    __table_args__ = (UniqueConstraint("report_id", "form", "column", name="uq_report_values_cell"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("school_reports.id", ondelete="CASCADE"), index=True)
    form: Mapped[str] = mapped_column(String(30))
    column: Mapped[int] = mapped_column(Integer)
    value: Mapped[float] = mapped_column(Float)
    reason: Mapped[str] = mapped_column(Text, default="")
