"""Mentoring (наставничество) under the national target model: pairs and groups with their
individual plans, mentors' preparation, and satisfaction questionnaires.

A pair is owned by the mentee's organisation (the school that issues the order and reports it);
the mentor may be of another school or from outside.
"""
from datetime import date, datetime

from sqlalchemy import (
    Boolean, Column, Date, ForeignKey, Integer, String, Table, Text, UniqueConstraint, func,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.registry.models import Organisation, Person

DEFAULT_FORMS = ["педагог – педагог", "руководитель – педагог", "педагог – молодой специалист", "реверсивное",
                 "групповое", "виртуальное"]
DEFAULT_QUESTIONS = [
    "Встречи с наставником (наставляемым) были регулярными и полезными",
    "Цели индивидуального плана были понятны и достижимы",
    "Я получил(а) поддержку, когда она была нужна",
    "Работа в паре помогла мне профессионально",
    "Я готов(а) продолжить работу в наставничестве",
]


class PairStatus:
    ACTIVE = "active"
    FINISHED = "finished"
    TERMINATED = "terminated"

    LABELS = {ACTIVE: "действует", FINISHED: "завершена", TERMINATED: "прекращена"}


class Respondent:
    MENTOR = "mentor"
    MENTEE = "mentee"

    LABELS = {MENTOR: "наставник", MENTEE: "наставляемый"}


class MentoringForm(db.Model):
    """A form of mentoring; the list is kept by the administrator."""

    __tablename__ = "mentoring_forms"
    __table_args__ = (UniqueConstraint("municipality_id", "name", name="uq_mentoring_forms_municipality_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # None: the region's, shared by every municipality; else that municipality's own addition.
    municipality_id: Mapped[int | None] = mapped_column(ForeignKey("municipalities.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    position: Mapped[int] = mapped_column(Integer, default=0)


# A mentee is in at most one active pair of a form: active_form is the pair's form while the
# pair is active and NULL after, so the unique key holds only among active pairs, on SQLite
# and PostgreSQL alike, whichever of two requests comes first.
pair_mentees = Table(
    "mentoring_pair_mentees",
    db.metadata,
    Column("pair_id", ForeignKey("mentoring_pairs.id", ondelete="CASCADE"), primary_key=True),
    Column("person_id", ForeignKey("people.id", ondelete="CASCADE"), primary_key=True, index=True),
    Column("active_form_id", ForeignKey("mentoring_forms.id"), nullable=True),
    UniqueConstraint("person_id", "active_form_id", name="uq_mentoring_pair_mentees_active"),
)


class Pair(db.Model):
    """A mentoring pair or group (наставническая пара / группа)."""

    __tablename__ = "mentoring_pairs"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)  # the mentees'
    mentor_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    form_id: Mapped[int] = mapped_column(ForeignKey("mentoring_forms.id"), index=True)
    order_number: Mapped[str] = mapped_column(String(100), default="")
    order_date: Mapped[date | None] = mapped_column(Date)
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)  # planned end
    goal: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default=PairStatus.ACTIVE, index=True)
    closed_on: Mapped[date | None] = mapped_column(Date)  # when it was finished or stopped
    status_reason: Mapped[str] = mapped_column(String(1000), default="")
    result: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())

    organisation: Mapped[Organisation] = relationship()
    mentor: Mapped[Person] = relationship()
    form: Mapped[MentoringForm] = relationship()
    mentees: Mapped[list[Person]] = relationship(secondary=pair_mentees, order_by=Person.full_name, viewonly=True)
    steps: Mapped[list["PlanStep"]] = relationship(cascade="all, delete-orphan",
                                                   order_by="PlanStep.position, PlanStep.id")

    @property
    def status_label(self) -> str:
        return PairStatus.LABELS.get(self.status, self.status)

    @property
    def is_active(self) -> bool:
        return self.status == PairStatus.ACTIVE

    @property
    def end(self) -> date:
        """The day it ended, or is planned to end."""
        return self.closed_on or self.ends_on

    @property
    def mentee_names(self) -> str:
        return ", ".join(p.full_name for p in self.mentees)


class PlanStep(db.Model):
    """A step of a pair's individual plan, its deadline as written and a done mark."""

    __tablename__ = "mentoring_plan_steps"

    id: Mapped[int] = mapped_column(primary_key=True)
    pair_id: Mapped[int] = mapped_column(ForeignKey("mentoring_pairs.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    text: Mapped[str] = mapped_column(Text)
    deadline_text: Mapped[str] = mapped_column(String(300), default="")
    due_on: Mapped[date | None] = mapped_column(Date)  # read from the deadline text
    done: Mapped[bool] = mapped_column(Boolean, default=False)
    done_on: Mapped[date | None] = mapped_column(Date)
    comment: Mapped[str] = mapped_column(String(1000), default="")
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class MentorProfile(db.Model):
    """A mentor's preparation for mentoring, for the regional table."""

    __tablename__ = "mentor_profiles"

    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), primary_key=True)
    from_outside: Mapped[bool] = mapped_column(Boolean, default=False)  # a public body, another institution
    courses_in_region: Mapped[bool] = mapped_column(Boolean, default=False)
    courses_elsewhere: Mapped[bool] = mapped_column(Boolean, default=False)
    training_in_region: Mapped[bool] = mapped_column(Boolean, default=False)
    training_elsewhere: Mapped[bool] = mapped_column(Boolean, default=False)
    needs_training: Mapped[bool] = mapped_column(Boolean, default=False)
    note: Mapped[str] = mapped_column(String(500), default="")
    updated_at: Mapped[datetime | None] = mapped_column()


class Question(db.Model):
    """A statement of the satisfaction questionnaire, scored 1–10; kept by the administrator."""

    __tablename__ = "mentoring_questions"
    __table_args__ = (UniqueConstraint("municipality_id", "name", name="uq_mentoring_questions_municipality_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # None: the region's, shared by every municipality; else that municipality's own addition.
    municipality_id: Mapped[int | None] = mapped_column(ForeignKey("municipalities.id"), index=True)
    name: Mapped[str] = mapped_column(String(300))  # the statement
    position: Mapped[int] = mapped_column(Integer, default=0)


class SurveyResponse(db.Model):
    """One respondent's answers about a pair for a school year (at the end of the pair, and
    once a year for long pairs)."""

    __tablename__ = "mentoring_responses"
    __table_args__ = (UniqueConstraint("pair_id", "person_id", "school_year", name="uq_mentoring_responses_once"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    pair_id: Mapped[int] = mapped_column(ForeignKey("mentoring_pairs.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    respondent: Mapped[str] = mapped_column(String(10))  # mentor / mentee
    school_year: Mapped[int] = mapped_column(Integer, index=True)
    mean: Mapped[float] = mapped_column()
    comment: Mapped[str] = mapped_column(Text, default="")
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))  # None: by link
    submitted_at: Mapped[datetime] = mapped_column()

    person: Mapped[Person] = relationship()
    answers: Mapped[list["Answer"]] = relationship(cascade="all, delete-orphan")


class Answer(db.Model):
    __tablename__ = "mentoring_answers"

    response_id: Mapped[int] = mapped_column(ForeignKey("mentoring_responses.id", ondelete="CASCADE"),
                                             primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("mentoring_questions.id"), primary_key=True)
    score: Mapped[int] = mapped_column(Integer)


class SurveyLink(db.Model):
    """A private link for one respondent: long and random, one submission, 30 days."""

    __tablename__ = "mentoring_survey_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    pair_id: Mapped[int] = mapped_column(ForeignKey("mentoring_pairs.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    respondent: Mapped[str] = mapped_column(String(10))
    school_year: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column()
    expires_at: Mapped[datetime] = mapped_column()
    used_at: Mapped[datetime | None] = mapped_column()

    pair: Mapped[Pair] = relationship()
    person: Mapped[Person] = relationship()
