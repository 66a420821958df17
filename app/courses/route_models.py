"""Diagnosed deficits and the teacher's individual route (индивидуальный образовательный маршрут,
ИОМ) for a school year.

A diagnostic result says a teacher took part in the year's monitoring and in which areas of
competence deficits were found. A route lists the steps that close them — a course, an event, a
mentoring pair, an open lesson, self-study — each with a deadline; a step linked to a record is
done when the record says so. Both are owned by the teacher's organisation.
"""
from datetime import date, datetime

from sqlalchemy import Boolean, Column, Date, ForeignKey, Integer, String, Table, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.registry.models import Person

DEFAULT_AREAS = ["предметные", "методические", "психолого-педагогические", "коммуникативные",
                 "функциональная грамотность", "работа с одарёнными детьми", "инклюзивное образование", "цифровые"]


class CompetenceArea(db.Model):
    """An area of competence where a deficit may be found; the list is kept by the administrator."""

    __tablename__ = "competence_areas"
    __table_args__ = (UniqueConstraint("municipality_id", "name", name="uq_competence_areas_municipality_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # None: the region's, shared by every municipality; else that municipality's own addition.
    municipality_id: Mapped[int | None] = mapped_column(ForeignKey("municipalities.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(Integer, default=0)


diagnostic_deficits = Table(
    "diagnostic_deficits", db.metadata,
    Column("result_id", ForeignKey("diagnostic_results.id", ondelete="CASCADE"), primary_key=True),
    Column("area_id", ForeignKey("competence_areas.id"), primary_key=True),
)


class DiagnosticResult(db.Model):
    """A teacher took the year's diagnostic; the areas with a deficit found."""

    __tablename__ = "diagnostic_results"
    __table_args__ = (UniqueConstraint("person_id", "year", name="uq_diagnostic_results_person_year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    year: Mapped[int] = mapped_column(Integer, index=True)  # the school year's first calendar year
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())

    person: Mapped[Person] = relationship()
    deficits: Mapped[list[CompetenceArea]] = relationship(secondary=diagnostic_deficits,
                                                          order_by=CompetenceArea.position)


class StepKind:
    COURSE = "course"
    EVENT = "event"
    PAIR = "pair"
    LESSON = "lesson"
    SELF = "self"

    LABELS = {COURSE: "курсы", EVENT: "мероприятие (семинар, мастер-класс)", PAIR: "наставничество",
              LESSON: "открытый урок", SELF: "самообразование"}


class IndividualRoute(db.Model):
    """A teacher's ИОМ for a school year."""

    __tablename__ = "individual_routes"
    __table_args__ = (UniqueConstraint("person_id", "year", name="uq_individual_routes_person_year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())

    person: Mapped[Person] = relationship()
    steps: Mapped[list["RouteStep"]] = relationship(back_populates="route", order_by="RouteStep.position",
                                                    cascade="all, delete-orphan", passive_deletes=True)


class RouteStep(db.Model):
    __tablename__ = "route_steps"
    # The same step with the same deadline once per route: a double click adds it once.
    __table_args__ = (UniqueConstraint("route_id", "text", "due_on", name="uq_route_steps_route_text_due"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    route_id: Mapped[int] = mapped_column(ForeignKey("individual_routes.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    kind: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(String(2000))
    area_id: Mapped[int | None] = mapped_column(ForeignKey("competence_areas.id"), index=True)  # the deficit it closes
    deadline_text: Mapped[str] = mapped_column(String(300))
    due_on: Mapped[date] = mapped_column(Date)
    # The record the step refers to, when there is one: its state says whether the step is done.
    course_id: Mapped[int | None] = mapped_column(ForeignKey("courses.id", ondelete="SET NULL"), index=True)
    event_id: Mapped[int | None] = mapped_column(ForeignKey("events.id", ondelete="SET NULL"), index=True)
    pair_id: Mapped[int | None] = mapped_column(ForeignKey("mentoring_pairs.id", ondelete="SET NULL"), index=True)
    done_by_hand: Mapped[bool] = mapped_column(Boolean, default=False)

    route: Mapped[IndividualRoute] = relationship(back_populates="steps")
    area: Mapped[CompetenceArea | None] = relationship()

    @property
    def linked(self) -> bool:
        return bool(self.course_id or self.event_id or self.pair_id)
