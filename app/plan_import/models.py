"""An import in progress: the rows read from the file, kept until imported or discarded.

Each row is its own record, so two tabs fixing different rows of one preview never overwrite
each other. The draft belongs to the organisation of the methodist who uploaded it (the
centre) and, when it goes into an existing programme, to that programme.
"""
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Integer, String, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db


class PlanImport(db.Model):
    __tablename__ = "plan_imports"

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id"), index=True)
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())
    filename: Mapped[str] = mapped_column(String(200))
    # Where the rows go: a new programme (title and period below) or an existing one.
    programme_id: Mapped[int | None] = mapped_column(ForeignKey("programmes.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(1000), default="")
    start_year: Mapped[int] = mapped_column(Integer)
    end_year: Mapped[int] = mapped_column(Integer)
    # Set once, by the request that imports it (a conditional UPDATE: a second click finds it set).
    imported_at: Mapped[datetime | None] = mapped_column()
    imported_programme_id: Mapped[int | None] = mapped_column(ForeignKey("programmes.id", ondelete="SET NULL"))

    rows: Mapped[list["PlanImportRow"]] = relationship(
        back_populates="draft", order_by="PlanImportRow.position", cascade="all, delete-orphan", passive_deletes=True)
    programme = relationship("Programme", foreign_keys=[programme_id])


class PlanImportRow(db.Model):
    __tablename__ = "plan_import_rows"
    __table_args__ = (UniqueConstraint("import_id", "position", name="uq_plan_import_rows_import_position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    import_id: Mapped[int] = mapped_column(ForeignKey("plan_imports.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    # Item fields (kind, number, title, deadline, responsible, result, document, depth, guessed)
    # plus what the methodist set in the preview: participants, manual_dates, people.
    data: Mapped[dict] = mapped_column(JSON)

    draft: Mapped[PlanImport] = relationship(back_populates="rows")
