"""Approved versions of a programme's plan: what the head signed, frozen as a snapshot."""
from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db


class ProgrammeVersion(db.Model):
    """Утверждённая редакция: the order (приказ № … от …), who approved, and the plan as it was."""

    __tablename__ = "programme_versions"
    __table_args__ = (UniqueConstraint("programme_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programmes.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    approved_at: Mapped[datetime] = mapped_column()
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    approver_name: Mapped[str] = mapped_column(String(200), default="")
    approver_position: Mapped[str] = mapped_column(String(300), default="")
    order_number: Mapped[str] = mapped_column(String(50))
    order_date: Mapped[date] = mapped_column(Date)
    snapshot: Mapped[dict] = mapped_column(JSON)

    approved_by = relationship("User")
