"""Names in an imported list matched to the registry: the same full name, else the same «Фамилия
И.О.», of the school the list names when it names one. Used by every import of people's rows
(courses, the diagnostic, the staff list)."""
import re

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.plan_import.preview import person_key

from .models import Organisation, OrgKind, Person


def normal(text: str) -> str:
    """Lower case, «ё» as «е», single spaces: how names and titles are compared."""
    return re.sub(r"\s+", " ", (text or "").lower().replace("ё", "е")).strip()


_norm = normal


def names_school(text: str, organisation: Organisation) -> bool:
    """Whether a list's organisation text names this school, by its short or full name."""
    text = _norm(text)
    return any(re.search(rf"(?<![\w№]){re.escape(_norm(n))}(?!\w)", text)
               for n in (organisation.short_name, organisation.name) if n)


class People:
    """The registry people the user may record courses for, by full name and by «Фамилия И.О.»."""

    def __init__(self, organisation_id: int | None):
        stmt = (select(Person).options(selectinload(Person.organisation)).join(Organisation)
                .where(Organisation.kind.not_in(OrgKind.NOT_SCHOOLS)))
        if organisation_id:
            stmt = stmt.where(Person.organisation_id == organisation_id)
        self.people = list(db.session.scalars(stmt))
        self.by_id = {p.id: p for p in self.people}
        self.by_name: dict[str, list[Person]] = {}
        self.by_key: dict[str, list[Person]] = {}
        self.by_surname: dict[str, list[Person]] = {}
        for person in self.people:
            self.by_name.setdefault(_norm(person.full_name), []).append(person)
            self.by_key.setdefault(_norm(person_key(person.full_name)), []).append(person)
            self.by_surname.setdefault(_norm(person.full_name.split()[0]) if person.full_name.split() else "", []) \
                .append(person)

    def candidates(self, name: str, organisation: str) -> list[Person]:
        """Who the list's name may be: the same full name, else the same «Фамилия И.О.»."""
        return self.by_name.get(_norm(name)) or self.by_key.get(_norm(person_key(name))) or []

    def match(self, name: str, organisation: str) -> Person | None:
        """The one registry person the row is, if it is sure: one candidate, and of the school the
        list names when it names one («СОШ № 1» is not «СОШ № 12»)."""
        found = [p for p in self.candidates(name, organisation)
                 if not organisation.strip() or names_school(organisation, p.organisation)]
        return found[0] if len(found) == 1 else None

    def same_surname(self, name: str) -> list[Person]:
        words = name.split()
        return self.by_surname.get(_norm(words[0]), []) if words else []


