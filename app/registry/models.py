"""Registries: organisations (ОО, the authority, the methodical centre) and people."""
import re

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

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

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(500))
    short_name: Mapped[str] = mapped_column(String(100), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    cluster: Mapped[str] = mapped_column(String(100), default="")

    @property
    def is_school(self) -> bool:
        return self.kind not in OrgKind.NOT_SCHOOLS

    @property
    def kind_label(self) -> str:
        return OrgKind.LABELS.get(self.kind, self.kind)


class Person(db.Model):
    """Педагог или сотрудник."""

    __tablename__ = "people"

    id: Mapped[int] = mapped_column(primary_key=True)
    full_name: Mapped[str] = mapped_column(String(200), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    position: Mapped[str] = mapped_column(String(200), default="")
    subject: Mapped[str] = mapped_column(String(200), default="")
    experience_years: Mapped[int | None] = mapped_column(Integer)
    category: Mapped[str] = mapped_column(String(20), default=Category.NONE)

    organisation: Mapped[Organisation] = relationship()

    @property
    def category_label(self) -> str:
        return Category.LABELS.get(self.category, "")

    @property
    def is_young_specialist(self) -> bool:
        return self.experience_years is not None and self.experience_years <= 3
