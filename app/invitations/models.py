"""An invitation: a long random token for one account, 7 days, used once. A new one for the same
account cancels the old; using it is one conditional UPDATE, so two tabs cannot both set a password."""
from datetime import datetime, timedelta

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db

LIFETIME = timedelta(days=7)
# A password hash nothing matches (werkzeug reads no method in it): an account waiting for its invitation.
NO_PASSWORD = "!invited"


class Invitation(db.Model):
    __tablename__ = "invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column()
    expires_at: Mapped[datetime] = mapped_column()
    used_at: Mapped[datetime | None] = mapped_column()
    cancelled_at: Mapped[datetime | None] = mapped_column()

    user = relationship("User", foreign_keys=[user_id])

    def state(self, now: datetime) -> str:
        """«open», «used», «cancelled» (a newer one was made) or «expired»."""
        if self.used_at:
            return "used"
        if self.cancelled_at:
            return "cancelled"
        return "expired" if now >= self.expires_at else "open"
