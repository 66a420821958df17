"""A municipality (муниципальное образование) owns its organisations, programmes, events,
municipal competitions and users; everything else belongs to it through one of those (a
person through their organisation, a plan row through its programme, a pair through its
school…). app/municipalities/scope.py keeps every query inside the user's municipality."""
from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db


class Municipality(db.Model):
    __tablename__ = "municipalities"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    short_name: Mapped[str] = mapped_column(String(100), unique=True)
    oktmo: Mapped[str] = mapped_column(String(11), default="", server_default="")  # ОКТМО, optional

    def __repr__(self) -> str:
        return f"<Municipality {self.short_name}>"


# The one an upgraded single-municipality database puts everything into (migration 3a1f…), and
# what a command run without a user writes into while the install has only one.
FIRST_NAME = "Муниципальное образование"
