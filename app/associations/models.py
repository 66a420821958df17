"""An association, its members (with their role and dates) and its leadership appointed by order."""
from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.competitions.models import Level as EventLevel  # noqa: F401  (one list of levels for events and contests)
from app.extensions import db
from app.registry.models import Organisation, Person


class Level:
    SCHOOL = "school"
    DISTRICT = "district"
    REGIONAL = "regional"

    LABELS = {SCHOOL: "школьное (ШМО)", DISTRICT: "районное, городское (РМО, ГМО)", REGIONAL: "региональное"}
    SHORT = {SCHOOL: "ШМО", DISTRICT: "РМО", REGIONAL: "региональное"}


class Kind:
    SUBJECT = "subject"
    CREATIVE = "creative"
    YOUNG = "young_teachers"
    COMMUNITY = "community"
    TUTORS = "tutors"

    LABELS = {SUBJECT: "методическое объединение по предмету", CREATIVE: "творческое объединение",
              YOUNG: "школа молодого учителя", COMMUNITY: "профессиональное сообщество", TUTORS: "команда тьюторов"}


class Status:
    ACTIVE = "active"
    CLOSED = "closed"

    LABELS = {ACTIVE: "работает", CLOSED: "работа завершена"}


class Association(db.Model):
    __tablename__ = "associations"
    __table_args__ = (UniqueConstraint("organisation_id", "name", name="uq_associations_organisation_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # The centre for an РМО, a school for its ШМО: whose association it is (and its municipality).
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    level: Mapped[str] = mapped_column(String(20))
    kind: Mapped[str] = mapped_column(String(20))
    subject: Mapped[str] = mapped_column(String(200), default="")  # the subject or area
    name: Mapped[str] = mapped_column(String(300))
    status: Mapped[str] = mapped_column(String(20), default=Status.ACTIVE)
    created_at: Mapped[datetime] = mapped_column()

    organisation: Mapped[Organisation] = relationship()

    @property
    def level_label(self) -> str:
        return Level.LABELS.get(self.level, self.level)

    @property
    def kind_label(self) -> str:
        return Kind.LABELS.get(self.kind, self.kind)

    @property
    def status_label(self) -> str:
        return Status.LABELS.get(self.status, self.status)


class MemberRole:
    """The regional forms' roles of a teacher in an association."""
    PARTICIPANT = "participant"
    COORDINATOR = "coordinator"
    LEADER = "leader"

    LABELS = {PARTICIPANT: "участник", COORDINATOR: "координатор", LEADER: "руководитель"}


class Membership(db.Model):
    """A teacher in an association from a day (to a day): leaving keeps the record for past reports."""

    __tablename__ = "association_members"
    __table_args__ = (UniqueConstraint("association_id", "person_id", "joined_on",
                                       name="uq_association_members_association_person_joined"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    association_id: Mapped[int] = mapped_column(ForeignKey("associations.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    # The member's school when they joined: whose coordinator keeps the membership, and the school
    # the per-school reports count them for.
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    role: Mapped[str] = mapped_column(String(20), default=MemberRole.PARTICIPANT)
    joined_on: Mapped[date] = mapped_column(Date)
    left_on: Mapped[date | None] = mapped_column(Date)

    association: Mapped[Association] = relationship()
    person: Mapped[Person] = relationship()
    organisation: Mapped[Organisation] = relationship()

    @property
    def role_label(self) -> str:
        return MemberRole.LABELS.get(self.role, self.role)


class Post:
    """Who an order appoints for an association."""
    LEADER = "leader"
    DEPUTY = "deputy"
    TUTOR = "tutor"
    EXPERT = "expert"

    LABELS = {LEADER: "руководитель", DEPUTY: "заместитель руководителя", TUTOR: "тьютор", EXPERT: "эксперт"}


class Appointment(db.Model):
    """An appointment by order (приказ № … от …) for a term."""

    __tablename__ = "association_appointments"
    __table_args__ = (UniqueConstraint("association_id", "person_id", "post", "starts_on",
                                       name="uq_association_appointments_once"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    association_id: Mapped[int] = mapped_column(ForeignKey("associations.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    post: Mapped[str] = mapped_column(String(20))
    order_number: Mapped[str] = mapped_column(String(50))
    order_date: Mapped[date] = mapped_column(Date)
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)

    association: Mapped[Association] = relationship()
    person: Mapped[Person] = relationship()

    @property
    def post_label(self) -> str:
        return Post.LABELS.get(self.post, self.post)


class NetworkRole:
    """A teacher's part in a scientific-methodical event, as the regional form counts it."""
    SPEAKER = "speaker"
    EXPERT = "expert"
    ORGANISER = "organiser"
    PARTICIPANT = "participant"

    LABELS = {SPEAKER: "докладчик", EXPERT: "эксперт", ORGANISER: "организатор", PARTICIPANT: "участник"}


class OutsideParticipation(db.Model):
    """A teacher at a scientific-methodical event outside the app (a regional conference,
    pedagogical readings, a webinar), recorded by their school; the centre's own events count by
    themselves (their speakers, organiser and attendance — reports.py)."""

    __tablename__ = "network_participations"
    __table_args__ = (UniqueConstraint("person_id", "event_title", "held_on", "role",
                                       name="uq_network_participations_once"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)  # the school then
    event_title: Mapped[str] = mapped_column(String(500))
    level: Mapped[str] = mapped_column(String(20))
    held_on: Mapped[date] = mapped_column(Date, index=True)
    role: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column()

    person: Mapped[Person] = relationship()
    organisation: Mapped[Organisation] = relationship()

    @property
    def level_label(self) -> str:
        return EventLevel.LABELS.get(self.level, self.level)

    @property
    def role_label(self) -> str:
        return NetworkRole.LABELS.get(self.role, self.role)


class Publication(db.Model):
    """Shared experience in print or online (seed 003: «тиражирование опыта педагогов»)."""

    __tablename__ = "publications"
    __table_args__ = (UniqueConstraint("person_id", "title", "year", name="uq_publications_person_title_year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    title: Mapped[str] = mapped_column(String(500))
    edition: Mapped[str] = mapped_column(String(500), default="")   # the edition or site
    year: Mapped[int] = mapped_column()
    link: Mapped[str] = mapped_column(String(1000), default="")
    created_at: Mapped[datetime] = mapped_column()

    person: Mapped[Person] = relationship()
    organisation: Mapped[Organisation] = relationship()
