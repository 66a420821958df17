"""Completion marks: one per activity occurrence × organisation that must do it."""
from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.upsert import insert_missing


class MarkStatus:
    NOT_STARTED = "not_started"
    DONE = "done"
    NOT_DONE = "not_done"

    LABELS = {NOT_STARTED: "не начато", DONE: "выполнено", NOT_DONE: "не выполнено"}


class CompletionMark(db.Model):
    """Отметка о выполнении. No row means "не начато"."""

    __tablename__ = "completion_marks"
    __table_args__ = (
        UniqueConstraint("occurrence_id", "organisation_id"),
        # Who has done each occurrence, read from the index alone: the plan's status of every row.
        Index("ix_completion_marks_done", "occurrence_id", "status", "organisation_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Looked up by the unique key (occurrence, organisation), which also serves «by occurrence»: a
    # second index on the occurrence alone made PostgreSQL read every school's mark of an
    # occurrence to find one (a region's 2.7 million marks).
    occurrence_id: Mapped[int] = mapped_column(ForeignKey("occurrences.id", ondelete="CASCADE"))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(20), default=MarkStatus.NOT_STARTED)
    done_on: Mapped[date | None] = mapped_column(Date)
    comment: Mapped[str] = mapped_column(Text, default="")
    evidence_ref: Mapped[str] = mapped_column(String(500), default="")
    evidence_url: Mapped[str] = mapped_column(String(1000), default="")
    file_name: Mapped[str] = mapped_column(String(255), default="")
    file_key: Mapped[str] = mapped_column(String(64), default="")
    file_type: Mapped[str] = mapped_column(String(100), default="")
    file_size: Mapped[int] = mapped_column(Integer, default=0)
    marked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    marked_at: Mapped[datetime | None] = mapped_column()
    # Set when a linked record made this mark (an event held, a competition's results published):
    # undoing that record clears it. See app/marks/reporting.py.
    source_kind: Mapped[str] = mapped_column(String(20), default="", server_default="")
    source_id: Mapped[int | None] = mapped_column(Integer)

    organisation = relationship("Organisation")
    marked_by = relationship("User")
    occurrence = relationship("Occurrence")

    @property
    def status_label(self) -> str:
        return MarkStatus.LABELS.get(self.status, self.status)


def locked_mark(occurrence_id: int, organisation_id: int) -> CompletionMark:
    """The mark of an occurrence and organisation, created if missing and locked for this
    transaction: two first marks at the same moment both find one row, and the second waits for
    the first and then writes over it (on SQLite writers are serialised anyway)."""
    insert_missing(CompletionMark, {"occurrence_id": occurrence_id, "organisation_id": organisation_id,
                                    "status": MarkStatus.NOT_STARTED, "comment": "", "evidence_ref": "",
                                    "evidence_url": "", "file_name": "", "file_key": "", "file_type": "",
                                    "file_size": 0, "source_kind": ""},
                   ["occurrence_id", "organisation_id"])
    return db.session.scalars(select(CompletionMark).where(
        CompletionMark.occurrence_id == occurrence_id, CompletionMark.organisation_id == organisation_id)
        .with_for_update().execution_options(populate_existing=True)).one()
