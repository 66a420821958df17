"""The audit log of plan edits and marks: who, when, what, before → after. Append-only."""
from datetime import datetime

from flask_login import current_user
from sqlalchemy import JSON, ForeignKey, Integer, String, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db


class AuditEntry(db.Model):
    __tablename__ = "audit_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int | None] = mapped_column(ForeignKey("municipalities.id"), index=True)
    at: Mapped[datetime] = mapped_column(index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    programme_id: Mapped[int | None] = mapped_column(Integer, index=True)
    action: Mapped[str] = mapped_column(String(40))
    entity: Mapped[str] = mapped_column(String(20))
    entity_id: Mapped[int | None] = mapped_column(Integer)
    summary: Mapped[str] = mapped_column(String(500), default="")
    before: Mapped[dict | None] = mapped_column(JSON)
    after: Mapped[dict | None] = mapped_column(JSON)

    user = relationship("User")

    @property
    def changes(self) -> list[tuple[str, object, object]]:
        """(field, before, after) for the fields that differ."""
        before, after = self.before or {}, self.after or {}
        return [(k, before.get(k), after.get(k)) for k in dict.fromkeys([*before, *after])
                if before.get(k) != after.get(k)]


@event.listens_for(AuditEntry, "before_update")
@event.listens_for(AuditEntry, "before_delete")
def _append_only(*_):
    raise RuntimeError("The audit log is append-only.")


def record(action: str, entity: str, entity_id: int | None, summary: str, programme_id: int | None = None,
           before: dict | None = None, after: dict | None = None) -> None:
    """Add an entry to the current transaction; it commits (or rolls back) with the change."""
    db.session.add(AuditEntry(
        at=datetime.now(), user_id=current_user.id if current_user.is_authenticated else None,
        programme_id=programme_id, action=action, entity=entity, entity_id=entity_id, summary=summary[:500],
        before=before, after=after,
    ))
