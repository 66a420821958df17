"""Professional competitions (конкурсы профессионального мастерства): the competition, its
stages and nominations, entries (заявки and results), the jury, criteria and scores.

A competition is owned by the organisation that keeps its record (the centre for the ones it
runs, a school for an outside competition it records), so a regional install can scope by it.
"""
from datetime import date, datetime

from sqlalchemy import (
    Boolean, Column, Date, Float, ForeignKey, Integer, String, Table, Text, UniqueConstraint, func,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.marks.evidence import LinkOrFile
from app.registry.models import Organisation, Person

DEFAULT_KINDS = ["Учитель года", "Педагогический дебют", "Воспитатель года", "Мой лучший урок",
                 "Лидер в образовании"]


class Level:
    MUNICIPAL = "municipal"
    REGIONAL = "regional"
    FEDERAL = "federal"
    INTERNATIONAL = "international"

    LABELS = {MUNICIPAL: "муниципальный", REGIONAL: "региональный", FEDERAL: "федеральный",
              INTERNATIONAL: "международный"}


class StageKind:
    SCHOOL = "school"
    MUNICIPAL = "municipal"
    REGIONAL = "regional"
    FEDERAL = "federal"

    LABELS = {SCHOOL: "школьный", MUNICIPAL: "муниципальный", REGIONAL: "региональный", FEDERAL: "федеральный"}


class CompetitionStatus:
    ACCEPTING = "accepting"
    SCORING = "scoring"
    RESULTS = "results"
    CANCELLED = "cancelled"

    LABELS = {ACCEPTING: "приём заявок", SCORING: "оценивание", RESULTS: "итоги подведены", CANCELLED: "отменён"}


class Result:
    WINNER = "winner"
    PRIZE = "prize"
    LAUREATE = "laureate"
    PARTICIPANT = "participant"

    LABELS = {WINNER: "победитель", PRIZE: "призёр", LAUREATE: "лауреат", PARTICIPANT: "участник"}
    DIPLOMA = (WINNER, PRIZE)  # a diploma; everyone else gets a certificate


class EntryStatus:
    SUBMITTED = "submitted"
    ACCEPTED = "accepted"
    RETURNED = "returned"

    LABELS = {SUBMITTED: "подана", ACCEPTED: "принята", RETURNED: "возвращена"}


class CompetitionKind(db.Model):
    """A kind of competition; the list is kept by the administrator."""

    __tablename__ = "competition_kinds"
    __table_args__ = (UniqueConstraint("municipality_id", "name", name="uq_competition_kinds_municipality_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # None: the region's, shared by every municipality; else that municipality's own addition.
    municipality_id: Mapped[int | None] = mapped_column(ForeignKey("municipalities.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(Integer, default=0)


class Competition(db.Model):
    __tablename__ = "competitions"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The municipality that runs or recorded it (a regional competition of the region: none).
    municipality_id: Mapped[int | None] = mapped_column(ForeignKey("municipalities.id"), index=True)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), index=True)
    kind_id: Mapped[int] = mapped_column(ForeignKey("competition_kinds.id"), index=True)
    title: Mapped[str] = mapped_column(String(500))
    level: Mapped[str] = mapped_column(String(20), index=True)
    school_year: Mapped[int] = mapped_column(Integer, index=True)  # 2023 is 2023/2024
    # The centre runs it (applications, jury, scores, protocol here); else an outside body does.
    run_by_centre: Mapped[bool] = mapped_column(Boolean, default=False)
    organiser_name: Mapped[str] = mapped_column(String(500), default="")
    application_deadline: Mapped[date | None] = mapped_column(Date)
    description: Mapped[str] = mapped_column(Text, default="")
    regulations_url: Mapped[str] = mapped_column(String(1000), default="")
    regulations_file_name: Mapped[str] = mapped_column(String(255), default="")
    regulations_file_key: Mapped[str] = mapped_column(String(64), default="")
    regulations_file_type: Mapped[str] = mapped_column(String(100), default="")
    status: Mapped[str] = mapped_column(String(20), default=CompetitionStatus.ACCEPTING, index=True)
    mean_over_jurors: Mapped[bool] = mapped_column(Boolean, default=False)  # else the sum of all jurors' scores
    activity_id: Mapped[int | None] = mapped_column(ForeignKey("activities.id", ondelete="SET NULL"), index=True)
    occurrence_id: Mapped[int | None] = mapped_column(ForeignKey("occurrences.id", ondelete="SET NULL"))
    session_date: Mapped[date | None] = mapped_column(Date)  # заседание жюри, for the protocol
    published_at: Mapped[datetime | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())

    kind: Mapped[CompetitionKind] = relationship()
    owner: Mapped[Organisation | None] = relationship()
    activity = relationship("Activity")
    occurrence = relationship("Occurrence")
    stages: Mapped[list["CompetitionStage"]] = relationship(
        cascade="all, delete-orphan", order_by="CompetitionStage.starts_on")
    nominations: Mapped[list["Nomination"]] = relationship(
        cascade="all, delete-orphan", order_by="Nomination.position, Nomination.id")

    @property
    def status_label(self) -> str:
        return CompetitionStatus.LABELS.get(self.status, self.status)

    @property
    def level_label(self) -> str:
        return Level.LABELS.get(self.level, self.level)

    @property
    def year_label(self) -> str:
        return f"{self.school_year}/{self.school_year + 1}"

    @property
    def published(self) -> bool:
        return self.status == CompetitionStatus.RESULTS

    @property
    def programme_id(self) -> int | None:
        return self.activity.section.programme_id if self.activity else None


class CompetitionStage(db.Model):
    """A stage with its dates: школьный → муниципальный → региональный → федеральный."""

    __tablename__ = "competition_stages"
    __table_args__ = (UniqueConstraint("competition_id", "stage"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    competition_id: Mapped[int] = mapped_column(ForeignKey("competitions.id", ondelete="CASCADE"), index=True)
    stage: Mapped[str] = mapped_column(String(20))
    starts_on: Mapped[date | None] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)

    @property
    def label(self) -> str:
        return StageKind.LABELS.get(self.stage, self.stage)


class Nomination(db.Model):
    __tablename__ = "competition_nominations"
    __table_args__ = (UniqueConstraint("competition_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    competition_id: Mapped[int] = mapped_column(ForeignKey("competitions.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(300))
    position: Mapped[int] = mapped_column(Integer, default=0)


# A person appears at most once per competition and nomination (0 = no nomination): the
# database refuses the second, whichever request comes first.
entry_members = Table(
    "competition_entry_members",
    db.metadata,
    Column("entry_id", ForeignKey("competition_entries.id", ondelete="CASCADE"), primary_key=True),
    Column("person_id", ForeignKey("people.id", ondelete="CASCADE"), primary_key=True),
    Column("competition_id", ForeignKey("competitions.id", ondelete="CASCADE"), nullable=False),
    Column("nomination_key", Integer, nullable=False, default=0),
    UniqueConstraint("competition_id", "nomination_key", "person_id",
                     name="uq_competition_entry_members_person_once"),
)


class Entry(db.Model):
    """An entry: a teacher (or a team) of a school, in a nomination; an application (заявка) for
    the competitions the centre runs, a recorded result for outside ones."""

    __tablename__ = "competition_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    competition_id: Mapped[int] = mapped_column(ForeignKey("competitions.id", ondelete="CASCADE"), index=True)
    nomination_id: Mapped[int | None] = mapped_column(ForeignKey("competition_nominations.id"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    team_name: Mapped[str] = mapped_column(String(300), default="")
    status: Mapped[str] = mapped_column(String(20), default=EntryStatus.SUBMITTED)
    return_reason: Mapped[str] = mapped_column(String(1000), default="")
    stage_reached: Mapped[str] = mapped_column(String(20), default="")
    result: Mapped[str] = mapped_column(String(20), default="")
    place: Mapped[int | None] = mapped_column(Integer)
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    submitted_at: Mapped[datetime] = mapped_column(server_default=func.now())
    # A municipal winner put forward to a regional competition: the municipal entry it came from.
    forwarded_from_id: Mapped[int | None] = mapped_column(
        ForeignKey("competition_entries.id", ondelete="SET NULL"), index=True)

    competition: Mapped[Competition] = relationship()
    forwarded_from: Mapped["Entry | None"] = relationship(remote_side=[id])
    nomination: Mapped[Nomination | None] = relationship()
    organisation: Mapped[Organisation] = relationship()
    people: Mapped[list[Person]] = relationship(secondary=entry_members, order_by=Person.full_name, viewonly=True)
    materials: Mapped[list["EntryMaterial"]] = relationship(cascade="all, delete-orphan", order_by="EntryMaterial.id")

    @property
    def names(self) -> str:
        names = ", ".join(p.full_name for p in self.people)
        return f"{self.team_name}: {names}" if self.team_name else names

    @property
    def result_label(self) -> str:
        return Result.LABELS.get(self.result, "")

    @property
    def status_label(self) -> str:
        return EntryStatus.LABELS.get(self.status, self.status)

    @property
    def stage_label(self) -> str:
        return StageKind.LABELS.get(self.stage_reached, "")


class EntryMaterial(LinkOrFile, db.Model):
    """A file or a link of an entry (эссе, конспект урока, видео), checked like evidence."""

    __tablename__ = "competition_entry_materials"

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("competition_entries.id", ondelete="CASCADE"), index=True)


class JuryMember(db.Model):
    """A member of the jury: a person from the registry or an outside expert by name, and the
    account (role "эксперт") through which they score, if they score themselves."""

    __tablename__ = "competition_jury"
    __table_args__ = (UniqueConstraint("competition_id", "name", name="uq_competition_jury_name"),
                      UniqueConstraint("competition_id", "user_id", name="uq_competition_jury_user"))

    id: Mapped[int] = mapped_column(primary_key=True)
    competition_id: Mapped[int] = mapped_column(ForeignKey("competitions.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    position: Mapped[str] = mapped_column(String(300), default="")  # должность, место работы
    is_chair: Mapped[bool] = mapped_column(Boolean, default=False)

    person: Mapped[Person | None] = relationship()
    user = relationship("User")


class Criterion(db.Model):
    """A criterion with its maximum score, for the whole competition or one nomination."""

    __tablename__ = "competition_criteria"

    id: Mapped[int] = mapped_column(primary_key=True)
    competition_id: Mapped[int] = mapped_column(ForeignKey("competitions.id", ondelete="CASCADE"), index=True)
    nomination_id: Mapped[int | None] = mapped_column(ForeignKey("competition_nominations.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(300))
    max_score: Mapped[float] = mapped_column(Float)
    position: Mapped[int] = mapped_column(Integer, default=0)

    nomination: Mapped[Nomination | None] = relationship()


class Score(db.Model):
    """One juror's score of one entry on one criterion. Written by an upsert on the unique key,
    so two jurors (or one juror's two tabs) never overwrite each other's other cells."""

    __tablename__ = "competition_scores"
    __table_args__ = (UniqueConstraint("entry_id", "criterion_id", "juror_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("competition_entries.id", ondelete="CASCADE"), index=True)
    criterion_id: Mapped[int] = mapped_column(ForeignKey("competition_criteria.id", ondelete="CASCADE"))
    juror_id: Mapped[int] = mapped_column(ForeignKey("competition_jury.id", ondelete="CASCADE"), index=True)
    value: Mapped[float] = mapped_column(Float)
    updated_at: Mapped[datetime] = mapped_column()


class StaffCount(db.Model):
    """Численность педагогических работников of a school for a school year, set by a methodist
    when the registry is incomplete; without it the registry's count is used."""

    __tablename__ = "staff_counts"
    __table_args__ = (UniqueConstraint("organisation_id", "school_year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    school_year: Mapped[int] = mapped_column(Integer)
    count: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column()
