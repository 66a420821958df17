"""Seminars and other events (семинары, вебинары, мастер-классы…), with registration and attendance."""
from datetime import datetime

from sqlalchemy import Boolean, Column, ForeignKey, Integer, String, Table, Text, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.marks.evidence import LinkOrFile
from app.registry.models import Person

DEFAULT_FORMATS = [
    "семинар", "вебинар", "семинар-практикум", "семинар-тренинг", "мастер-класс", "круглый стол",
    "конференция", "онлайн-конференция", "фестиваль", "педагогические чтения", "совещание",
]


class EventStatus:
    PLANNED = "planned"
    HELD = "held"
    CANCELLED = "cancelled"
    POSTPONED = "postponed"

    LABELS = {PLANNED: "запланировано", HELD: "проведено", CANCELLED: "отменено", POSTPONED: "перенесено"}


class EventFormat(db.Model):
    """A form of event; the list is kept by the administrator."""

    __tablename__ = "event_formats"
    __table_args__ = (UniqueConstraint("municipality_id", "name", name="uq_event_formats_municipality_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # None: the region's, shared by every municipality; else that municipality's own addition.
    municipality_id: Mapped[int | None] = mapped_column(ForeignKey("municipalities.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    position: Mapped[int] = mapped_column(Integer, default=0)


event_speakers = Table(
    "event_speakers",
    db.metadata,
    Column("event_id", ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
    Column("person_id", ForeignKey("people.id", ondelete="CASCADE"), primary_key=True),
)


class Event(db.Model):
    __tablename__ = "events"

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id"), index=True)
    format_id: Mapped[int] = mapped_column(ForeignKey("event_formats.id"), index=True)
    topic: Mapped[str] = mapped_column(String(1000))
    starts_at: Mapped[datetime] = mapped_column(index=True)
    ends_at: Mapped[datetime] = mapped_column()
    place: Mapped[str] = mapped_column(String(500), default="")
    online_url: Mapped[str] = mapped_column(String(1000), default="")
    organiser_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"), index=True)
    audience: Mapped[str] = mapped_column(String(500), default="")
    capacity: Mapped[int | None] = mapped_column(Integer)
    # Kept in step with the registrations by conditional UPDATEs, so that two coordinators
    # taking the last seat at the same moment cannot both get it.
    registered_count: Mapped[int] = mapped_column(Integer, default=0)
    activity_id: Mapped[int | None] = mapped_column(ForeignKey("activities.id", ondelete="SET NULL"), index=True)
    occurrence_id: Mapped[int | None] = mapped_column(ForeignKey("occurrences.id", ondelete="SET NULL"))
    # A meeting (заседание) of a methodical association: its members are the audience (app/associations/).
    association_id: Mapped[int | None] = mapped_column(ForeignKey("associations.id", ondelete="SET NULL"), index=True)
    description: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default=EventStatus.PLANNED)
    postponed_from: Mapped[datetime | None] = mapped_column()
    feedback_summary: Mapped[str] = mapped_column(Text, default="")
    satisfied_count: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())

    format: Mapped[EventFormat] = relationship()
    organiser: Mapped[Person | None] = relationship()
    speakers: Mapped[list[Person]] = relationship(secondary=event_speakers, order_by=Person.full_name)
    activity = relationship("Activity")
    occurrence = relationship("Occurrence")
    materials: Mapped[list["EventMaterial"]] = relationship(cascade="all, delete-orphan", order_by="EventMaterial.id")

    @property
    def status_label(self) -> str:
        return EventStatus.LABELS.get(self.status, self.status)

    @property
    def programme_id(self) -> int | None:
        """The programme of the linked plan activity, for the audit log."""
        return self.activity.section.programme_id if self.activity else None

    @property
    def seats_left(self) -> int | None:
        return None if self.capacity is None else max(self.capacity - self.registered_count, 0)


class EventMaterial(LinkOrFile, db.Model):
    """A file or a link attached to an event (presentation, programme, recording)."""

    __tablename__ = "event_materials"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)


class Registration(db.Model):
    """A person registered for an event, and whether they came."""

    __tablename__ = "registrations"
    __table_args__ = (UniqueConstraint("event_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    registered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    registered_at: Mapped[datetime] = mapped_column()
    attended: Mapped[bool] = mapped_column(Boolean, default=False)

    person: Mapped[Person] = relationship()
    organisation = relationship("Organisation")
    event: Mapped[Event] = relationship()
