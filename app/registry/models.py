"""Registries: organisations (ОО, the authority, the methodical centre) and people."""
import re

from datetime import date

from sqlalchemy import Boolean, Date, ForeignKey, String, UniqueConstraint, and_, false, or_
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.clock import today
from app.extensions import db


class OrgKind:
    AUTHORITY = "authority"
    CENTRE = "centre"
    SCHOOL = "school"
    GYMNASIUM = "gymnasium"
    LYCEUM = "lyceum"
    BASIC_SCHOOL = "basic_school"
    KINDERGARTEN = "kindergarten"
    EXTRA = "extra"

    LABELS = {
        AUTHORITY: "Орган управления образованием",
        CENTRE: "Методический центр",
        SCHOOL: "СОШ",
        GYMNASIUM: "Гимназия",
        LYCEUM: "Лицей",
        BASIC_SCHOOL: "ООШ",
        KINDERGARTEN: "ДОУ",
        EXTRA: "УДО",
    }
    NOT_SCHOOLS = (AUTHORITY, CENTRE)


class Category:
    """Квалификационная категория."""

    NONE = "none"
    COMPLIANCE = "compliance"
    FIRST = "first"
    HIGHEST = "highest"

    LABELS = {
        NONE: "без категории",
        COMPLIANCE: "соответствие занимаемой должности",
        FIRST: "первая",
        HIGHEST: "высшая",
    }


def natural_key(text: str) -> list:
    """"СОШ № 2" before "СОШ № 10", as people count."""
    return [int(part) if part.isdigit() else part.lower() for part in re.split(r"(\d+)", text)]


def sort_organisations(organisations):
    """The authority and the centre first, then schools in natural order."""
    rank = {OrgKind.AUTHORITY: 0, OrgKind.CENTRE: 1}
    return sorted(organisations, key=lambda o: (rank.get(o.kind, 2), natural_key(o.short_name)))


class Organisation(db.Model):
    __tablename__ = "organisations"
    __table_args__ = (UniqueConstraint("municipality_id", "short_name", name="uq_organisations_municipality_short_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id"), index=True)
    name: Mapped[str] = mapped_column(String(500))
    short_name: Mapped[str] = mapped_column(String(100))  # unique inside the municipality
    kind: Mapped[str] = mapped_column(String(20))
    cluster: Mapped[str] = mapped_column(String(100), default="")

    @property
    def is_school(self) -> bool:
        return self.kind not in OrgKind.NOT_SCHOOLS

    @property
    def kind_label(self) -> str:
        return OrgKind.LABELS.get(self.kind, self.kind)


# PostgreSQL's trigram index on lower(full_name) for the pickers' search by any part of a name
# (migration 9e4c7a2b6d18): an expression index of one dialect, kept by the migration, not here.
# And the campaigns' one title a municipality (or the region): coalesce(municipality_id, 0), title.
MIGRATION_ONLY_INDEXES = {"ix_people_full_name_trgm", "uq_campaigns_title"}


class Person(db.Model):
    """Педагог или сотрудник."""

    __tablename__ = "people"

    id: Mapped[int] = mapped_column(primary_key=True)
    full_name: Mapped[str] = mapped_column(String(200), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    position: Mapped[str] = mapped_column(String(200), default="")
    subject: Mapped[str] = mapped_column(String(200), default="")
    # When the person started teaching: experience is derived for any date, so it never goes stale.
    teaching_since: Mapped[date | None] = mapped_column(Date)
    # Personal data: shown to the person's own school and to methodists only (never in a list),
    # every change in the audit log (app/registry/routes.py).
    birth_date: Mapped[date | None] = mapped_column(Date)
    sex: Mapped[str] = mapped_column(String(1), default="", server_default="")  # "f", "m" or unknown: personal data too
    young_by_hand: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    category: Mapped[str] = mapped_column(String(20), default=Category.NONE)

    organisation: Mapped[Organisation] = relationship()

    @property
    def category_label(self) -> str:
        return Category.LABELS.get(self.category, "")

    def experience_on(self, day: date) -> int | None:
        """Full years of teaching on a date."""
        if self.teaching_since is None:
            return None
        years = day.year - self.teaching_since.year - ((day.month, day.day) < (self.teaching_since.month,
                                                                               self.teaching_since.day))
        return max(years, 0)

    def young_on(self, day: date) -> bool:
        """A young specialist: 0–3 years of teaching on that date (started no earlier than three
        years before it), or flagged by hand."""
        return self.young_by_hand or (self.teaching_since is not None
                                      and years_before(day, YOUNG_YEARS) <= self.teaching_since <= day)

    @property
    def experience_years(self) -> int | None:
        return self.experience_on(today())

    @property
    def is_young_specialist(self) -> bool:
        return self.young_on(today())


YOUNG_YEARS = 3


def years_before(day: date, years: int) -> date:
    """The same day `years` earlier (29 February → 28 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def years_between(start: date, end: date) -> int:
    """Full years from `start` to `end` (an age, a length of service)."""
    return end.year - start.year - ((end.month, end.day) < (start.month, start.day))


def age_problem(born: date, on: date) -> str | None:
    """What is wrong with a date of birth (not in the future) for someone at work on `on`: the
    person's form and the staff list import say it alike."""
    age = years_between(born, on)
    if age < 16:
        return f"По дате рождения работнику {age} — проверьте её (не моложе 16 лет)."
    if age > 100:
        return "По дате рождения работнику больше 100 лет — проверьте её."
    return None


def young_specialist(day: date):
    """The SQL condition of young_on(), for queries."""
    return or_(Person.young_by_hand.is_(True),
               and_(Person.teaching_since >= years_before(day, YOUNG_YEARS), Person.teaching_since <= day))
