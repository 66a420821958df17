"""The programme (паспорт, этапы) and its action plan: sections, activities, occurrences."""
from datetime import date, datetime

from sqlalchemy import Boolean, Column, Date, Float, ForeignKey, Integer, String, Table, Text, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.registry.models import Organisation, Person

# The passport fields of the seeds, in the order the documents print them.
PASSPORT_FIELDS = [
    ("legal_basis", "Нормативные документы"),
    ("developers", "Основные разработчики программы"),
    ("executors", "Основные исполнители программы"),
    ("goal", "Цель программы"),
    ("tasks", "Задачи программы"),
    ("expected_results", "Ожидаемые результаты реализации программы"),
    ("mechanism", "Механизм реализации программы"),
    ("funding", "Объёмы и источники финансирования"),
    ("control", "Система организации контроля за исполнением"),
]


class Programme(db.Model):
    __tablename__ = "programmes"
    __table_args__ = (UniqueConstraint("based_on_id", "start_year", name="uq_programmes_based_on_start_year"),
                      # An association's plan of work: one per school year (a second click finds the first).
                      UniqueConstraint("association_id", "start_year", name="uq_programmes_association_year"))

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id"), index=True)
    title: Mapped[str] = mapped_column(String(1000))
    start_year: Mapped[int] = mapped_column(Integer)
    end_year: Mapped[int] = mapped_column(Integer)
    legal_basis: Mapped[str] = mapped_column(Text, default="")
    developers: Mapped[str] = mapped_column(Text, default="")
    executors: Mapped[str] = mapped_column(Text, default="")
    goal: Mapped[str] = mapped_column(Text, default="")
    tasks: Mapped[str] = mapped_column(Text, default="")
    expected_results: Mapped[str] = mapped_column(Text, default="")
    mechanism: Mapped[str] = mapped_column(Text, default="")
    funding: Mapped[str] = mapped_column(Text, default="")
    control: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())
    # The programme this one was started from («Новый период на основе этой программы»): one next
    # period per start year, so a second click (or tab) cannot make a second copy.
    based_on_id: Mapped[int | None] = mapped_column(ForeignKey("programmes.id", ondelete="SET NULL"), index=True)
    # The weights of the effectiveness index Инр (seed 004: 0.45 goal, 0.35 tasks, 0.2 activities).
    weight_goal: Mapped[float] = mapped_column(Float, default=0.45, server_default="0.45")
    weight_tasks: Mapped[float] = mapped_column(Float, default=0.35, server_default="0.35")
    weight_activities: Mapped[float] = mapped_column(Float, default=0.2, server_default="0.2")
    # Set for an association's plan of work for a school year (start_year/end_year are its two
    # calendar years): the same plan machinery, kept apart from the municipality's programmes.
    association_id: Mapped[int | None] = mapped_column(ForeignKey("associations.id", ondelete="CASCADE"), index=True)

    association = relationship("Association")

    stages: Mapped[list["Stage"]] = relationship(
        order_by="Stage.position", cascade="all, delete-orphan", back_populates="programme"
    )
    sections: Mapped[list["Section"]] = relationship(
        order_by="Section.position", cascade="all, delete-orphan", back_populates="programme"
    )

    @property
    def is_work_plan(self) -> bool:
        """An association's plan of work for a school year, not a programme."""
        return self.association_id is not None

    @property
    def period_label(self) -> str:
        if self.is_work_plan:
            return f"{self.start_year}/{self.end_year} учебный год"
        return f"{self.start_year}–{self.end_year}"


class Stage(db.Model):
    """Этап реализации: name, when (as written), what happens."""

    __tablename__ = "stages"

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programmes.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(500))
    period_text: Mapped[str] = mapped_column(String(200), default="")
    description: Mapped[str] = mapped_column(Text, default="")

    programme: Mapped[Programme] = relationship(back_populates="stages")


class Section(db.Model):
    """Раздел / направление. Nestable; its number (2.1) is derived from position, never stored."""

    __tablename__ = "sections"

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programmes.id", ondelete="CASCADE"), index=True)
    # The programme's, copied when the row is made (app/municipalities/scope.py, owner_of_plan_rows):
    # the scope's criterion a plain column, not a join through the programme on every query.
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("sections.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    title: Mapped[str] = mapped_column(String(1000))

    programme: Mapped[Programme] = relationship(back_populates="sections")
    parent: Mapped["Section | None"] = relationship(remote_side="Section.id")
    activities: Mapped[list["Activity"]] = relationship(
        order_by="Activity.position", cascade="all, delete-orphan", back_populates="section"
    )


activity_people = Table(
    "activity_people",
    db.metadata,
    Column("activity_id", ForeignKey("activities.id", ondelete="CASCADE"), primary_key=True),
    # A person's activities (the person's page) read by the person: the key starts with the activity.
    Column("person_id", ForeignKey("people.id", ondelete="CASCADE"), primary_key=True, index=True),
)

activity_organisations = Table(
    "activity_organisations",
    db.metadata,
    Column("activity_id", ForeignKey("activities.id", ondelete="CASCADE"), primary_key=True),
    # A school's chosen activities («Мои мероприятия») read by the school: across a region's plans
    # (330,000 rows) a scan of this table was most of the page.
    Column("organisation_id", ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class Participants:
    """Who must do an activity (and, later, report it done)."""

    ALL_SCHOOLS = "all_schools"
    CHOSEN = "chosen"
    CENTRE = "centre"
    # An association's plan: its leader marks each item done (the mark kept under the
    # association's organisation). Not offered in a programme's plan.
    ASSOCIATION = "association"

    LABELS = {
        CENTRE: "только методический центр",
        ALL_SCHOOLS: "все ОО",
        CHOSEN: "выбранные ОО",
    }
    ASSOCIATION_LABEL = "объединение (руководитель)"


class DeadlineState:
    PARSED = "parsed"  # occurrences derived from the text
    UNPARSED = "unparsed"  # the text could not be read; no occurrences until set by hand
    MANUAL = "manual"  # a methodist set the dates by hand


class Activity(db.Model):
    """Мероприятие. Its number (2.1.4) is derived from position in its section."""

    __tablename__ = "activities"

    id: Mapped[int] = mapped_column(primary_key=True)
    section_id: Mapped[int] = mapped_column(ForeignKey("sections.id", ondelete="CASCADE"), index=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id"), index=True)  # the section's
    position: Mapped[int] = mapped_column(Integer, default=0)
    title: Mapped[str] = mapped_column(Text)
    deadline_text: Mapped[str] = mapped_column(String(500), default="")
    deadline_state: Mapped[str] = mapped_column(String(10), default=DeadlineState.UNPARSED)
    responsible_text: Mapped[str] = mapped_column(Text, default="")
    participants: Mapped[str] = mapped_column(String(20), default=Participants.CENTRE)
    expected_result: Mapped[str] = mapped_column(Text, default="")
    document: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime] = mapped_column(server_default=func.now(), onupdate=func.now())
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    section: Mapped[Section] = relationship(back_populates="activities")
    responsible_people: Mapped[list[Person]] = relationship(
        secondary=activity_people, order_by=Person.full_name
    )
    organisations: Mapped[list[Organisation]] = relationship(
        secondary=activity_organisations, order_by=Organisation.short_name
    )
    occurrences: Mapped[list["Occurrence"]] = relationship(
        order_by="(Occurrence.due_date, Occurrence.id)",
        cascade="all, delete-orphan",
        back_populates="activity",
    )
    updated_by = relationship("User")

    # Optimistic locking: an UPDATE that finds another version fails instead of overwriting.
    __mapper_args__ = {"version_id_col": version}


class Occurrence(db.Model):
    """One due instance of an activity inside the programme period ("сентябрь 2023")."""

    __tablename__ = "occurrences"

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activities.id", ondelete="CASCADE"), index=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id"), index=True)  # the activity's
    label: Mapped[str] = mapped_column(String(200))
    due_date: Mapped[date] = mapped_column(Date, index=True)  # «Мои мероприятия» reads the latest overdue by it
    manual: Mapped[bool] = mapped_column(Boolean, default=False)

    activity: Mapped[Activity] = relationship(back_populates="occurrences")
