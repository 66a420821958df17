"""An import in progress, of any kind but the plan's: the rows read from the file, kept until
imported or discarded.

Each row is its own record, so two tabs fixing different rows of one preview never overwrite
each other. The draft belongs to its municipality and to the organisation of the user who
uploaded it (a school imports for its own people, the centre for all); what the upload form
chose (the provider of courses, the school year, the programme) is in `settings`.
"""
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Integer, String, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db


class ImportDraft(db.Model):
    __tablename__ = "import_drafts"

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id"), index=True)
    kind: Mapped[str] = mapped_column(String(30))   # the PreviewImport it belongs to: "courses", "people" …
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())
    filename: Mapped[str] = mapped_column(String(200))
    settings: Mapped[dict] = mapped_column(JSON, default=dict)
    # Set once, by the request that imports it (a conditional UPDATE: a second click finds it set).
    imported_at: Mapped[datetime | None] = mapped_column()

    rows: Mapped[list["ImportDraftRow"]] = relationship(
        order_by="ImportDraftRow.position", cascade="all, delete-orphan", passive_deletes=True)


class ImportDraftRow(db.Model):
    __tablename__ = "import_draft_rows"
    __table_args__ = (UniqueConstraint("import_id", "position", name="uq_import_draft_rows_import_position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    import_id: Mapped[int] = mapped_column(ForeignKey("import_drafts.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    # The row as read (text), and what the user chose for it in the preview (skip, person_id …).
    data: Mapped[dict] = mapped_column(JSON)
