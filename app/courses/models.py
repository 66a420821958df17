"""A course a teacher took: who, what, where, how long, the document issued.

A course is owned by the teacher's organisation (the school that keeps the record and reports
it); the organisation is copied from the person when the record is made, so the school's list
stays its own if the teacher later moves.
"""
from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Integer, String, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.registry.models import Organisation, Person

DEFAULT_PROVIDERS = ["ИРО", "ЦНППМ", "Вуз", "Другая организация"]


class TrainingForm:
    FULL_TIME = "full_time"
    BLENDED = "blended"
    DISTANCE = "distance"

    LABELS = {FULL_TIME: "очно", BLENDED: "очно-заочно", DISTANCE: "дистанционно"}


class CourseKind:
    """By length, as the regional report counts them: up to 72 hours short, over 72 long, over
    500 hours professional retraining."""

    RETRAINING = "retraining"
    SHORT = "short"
    LONG = "long"

    LABELS = {RETRAINING: "профессиональная переподготовка (свыше 500 ч)",
              SHORT: "краткосрочные (до 72 ч)", LONG: "длительные (свыше 72 ч)"}
    ORDER = [RETRAINING, SHORT, LONG]

    @staticmethod
    def of(hours: int) -> str:
        if hours > 500:
            return CourseKind.RETRAINING
        return CourseKind.LONG if hours > 72 else CourseKind.SHORT


class CourseProvider(db.Model):
    """Who ran a course; the list is kept by the administrator."""

    __tablename__ = "course_providers"
    __table_args__ = (UniqueConstraint("municipality_id", "name", name="uq_course_providers_municipality_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # None: the region's, shared by every municipality; else that municipality's own addition.
    municipality_id: Mapped[int | None] = mapped_column(ForeignKey("municipalities.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(Integer, default=0)


class Course(db.Model):
    __tablename__ = "courses"
    # The same course for the same person from the same day is one record, however it arrives
    # (a double click, two tabs, an import row twice).
    __table_args__ = (UniqueConstraint("person_id", "programme_title", "starts_on", name="uq_courses_person_title_start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    provider_id: Mapped[int] = mapped_column(ForeignKey("course_providers.id"), index=True)
    provider_name: Mapped[str] = mapped_column(String(300), default="")  # as the certificate names it
    programme_title: Mapped[str] = mapped_column(String(500))
    form: Mapped[str] = mapped_column(String(20), default=TrainingForm.FULL_TIME)
    hours: Mapped[int] = mapped_column(Integer)
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date, index=True)
    document_number: Mapped[str] = mapped_column(String(100), default="")
    file_name: Mapped[str] = mapped_column(String(255), default="")
    file_key: Mapped[str] = mapped_column(String(64), default="")
    file_type: Mapped[str] = mapped_column(String(100), default="")
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())

    person: Mapped[Person] = relationship()
    organisation: Mapped[Organisation] = relationship()
    provider: Mapped[CourseProvider] = relationship()

    @property
    def kind(self) -> str:
        return CourseKind.of(self.hours)

    @property
    def form_label(self) -> str:
        return TrainingForm.LABELS.get(self.form, self.form)
