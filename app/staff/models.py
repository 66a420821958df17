"""A school's vacancy, and the municipality's dated snapshot of its open vacancies."""
from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, Float, ForeignKey, String, Text, UniqueConstraint, exists, or_
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.registry.models import Organisation, Person


class VacancyStatus:
    OPEN = "open"
    FILLED = "filled"
    CANCELLED = "cancelled"

    LABELS = {OPEN: "открыта", FILLED: "закрыта: принят работник", CANCELLED: "снята"}


class Vacancy(db.Model):
    __tablename__ = "vacancies"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    position: Mapped[str] = mapped_column(String(200))          # учитель, воспитатель, педагог-психолог …
    subject: Mapped[str] = mapped_column(String(200), default="")  # математика (for a teacher)
    load_rates: Mapped[float] = mapped_column(Float)            # нагрузка в ставках: 0.25 … 2
    education: Mapped[str] = mapped_column(String(500), default="")  # образование и квалификация
    extra_skills: Mapped[str] = mapped_column(Text, default="")
    needed_from: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default=VacancyStatus.OPEN, index=True)
    closed_on: Mapped[date | None] = mapped_column(Date)
    hired_person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column()

    organisation: Mapped[Organisation] = relationship()
    hired_person: Mapped[Person | None] = relationship()

    @property
    def status_label(self) -> str:
        return VacancyStatus.LABELS.get(self.status, self.status)


class VacancySnapshot(db.Model):
    """The open vacancies of the municipality on a date (the June and December monitoring), frozen:
    later changes to the vacancies do not change it. One a day."""

    __tablename__ = "vacancy_snapshots"
    __table_args__ = (UniqueConstraint("municipality_id", "taken_on", name="uq_vacancy_snapshots_municipality_taken_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id"), index=True)
    taken_on: Mapped[date] = mapped_column(Date)
    taken_at: Mapped[datetime] = mapped_column()
    taken_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # [{"school", "position", "subject", "load_rates", "needed_from"}] as they were
    rows: Mapped[list] = mapped_column(JSON)


class ReserveMember(db.Model):
    """A teacher in the reserve of teacher-leaders (кадровый резерв): nominated by their school or
    a methodist, with the reason and the date. Once per person."""

    __tablename__ = "staff_reserve"
    __table_args__ = (UniqueConstraint("person_id", name="uq_staff_reserve_person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    reason: Mapped[str] = mapped_column(Text)
    nominated_on: Mapped[date] = mapped_column(Date)
    nominated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column()

    person: Mapped[Person] = relationship()
    organisation: Mapped[Organisation] = relationship()


class StaffCategory:
    """The regional forms' categories of staff."""
    HEAD = "head"
    TEACHER = "teacher"
    EDUCATOR = "educator"
    OTHER_PEDAGOGICAL = "other_pedagogical"
    OTHER = "other"

    LABELS = {HEAD: "руководитель", TEACHER: "учитель", EDUCATOR: "воспитатель",
              OTHER_PEDAGOGICAL: "прочие педагогические работники", OTHER: "прочий персонал"}


class LeaveReason:
    DISMISSAL = "dismissal"
    TRANSFER = "transfer"
    LONG_LEAVE = "long_leave"
    RETIREMENT = "retirement"

    LABELS = {DISMISSAL: "увольнение", TRANSFER: "перевод в другую ОО", LONG_LEAVE: "декрет, длительный отпуск",
              RETIREMENT: "выход на пенсию"}


class Employment(db.Model):
    """A person's work at an organisation: from the day they started to the day they left (and why).
    A move between schools is one employment ended and another begun: the history stays."""

    __tablename__ = "employments"
    __table_args__ = (UniqueConstraint("person_id", "organisation_id", "started_on",
                                       name="uq_employments_person_organisation_started"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    position: Mapped[str] = mapped_column(String(200))
    category: Mapped[str] = mapped_column(String(30))
    main_job: Mapped[bool] = mapped_column(Boolean, default=True)  # else an external part-timer (внешний совместитель)
    started_on: Mapped[date] = mapped_column(Date, index=True)
    left_on: Mapped[date | None] = mapped_column(Date, index=True)
    leave_reason: Mapped[str] = mapped_column(String(20), default="")
    created_at: Mapped[datetime] = mapped_column()

    person: Mapped[Person] = relationship()
    organisation: Mapped[Organisation] = relationship()

    @property
    def category_label(self) -> str:
        return StaffCategory.LABELS.get(self.category, self.category)

    @property
    def reason_label(self) -> str:
        return LeaveReason.LABELS.get(self.leave_reason, "")


# The pension ages of 2026–2027 under the 2018 reform (Federal Law 350-FZ): a municipality's
# administrator changes them as the schedule moves on (2028: 60 and 65).
PENSION_AGE_WOMEN, PENSION_AGE_MEN = 59, 64


class StaffSettings(db.Model):
    """A municipality's thresholds for the staff numbers: pension ages by sex."""

    __tablename__ = "staff_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id"), unique=True)
    pension_age_women: Mapped[int] = mapped_column(default=PENSION_AGE_WOMEN)
    pension_age_men: Mapped[int] = mapped_column(default=PENSION_AGE_MEN)


def on_staff(start: date, end: date | None = None):
    """SQL: the person worked at some time from `start` to `end` (that day alone without an end), or
    has no employment recorded at all (the registry before employment was kept). Who the current
    lists and a period's figures count: a person who left is in the lists and reports of the time
    they worked, and leaves those after (on the day they left they were still at work)."""
    end = end or start
    job = Employment.__table__
    return or_(~exists().where(job.c.person_id == Person.id),
               exists().where(job.c.person_id == Person.id, job.c.started_on <= end,
                              or_(job.c.left_on.is_(None), job.c.left_on >= start)))
