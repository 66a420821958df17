"""Picking people from the registry by typing part of a name (the person picker).

A municipality has 500–2,000 teachers: a select of all of them is a list nobody can use. A
picker field is a search box and a short list of radio buttons (one person) or checkboxes
(several): the people already chosen, checked, then those whose name holds what was typed.
With JavaScript the list follows the typing (htmx asks `registry.pick`); without it «Найти»
posts the form with `pick=<field>`, and the view shows the form again with the matches —
BaseForm.validate() says no, with no errors, so nothing is saved.

Who may be picked is a named scope, so that the form's check and the search answer the same:
- "registry": anyone in the registry (a mentor, a juror, a speaker, a responsible person);
- "keep": the people the user keeps — a school coordinator's own school, anyone for the others;
- "school_staff": as "keep", of schools only (not the methodical centre's staff) — courses.
"""
from flask_login import current_user
from sqlalchemy import func, select, true
from sqlalchemy.orm import joinedload
from wtforms import Field
from wtforms.utils import unset_value
from wtforms.validators import ValidationError

from app.auth.models import Role
from app.clock import today
from app.extensions import db
from app.staff.models import on_staff

from .models import Organisation, OrgKind, Person

SCOPES = ("registry", "keep", "school_staff")
SHOWN = 20  # matches shown at once; more means the query should be longer
NOT_A_CHOICE = "Выберите из списка: найдите человека по фамилии."


def like_pattern(q: str) -> str:
    """A LIKE pattern for `q` anywhere, lower case, with LIKE's own characters escaped (\\)."""
    escaped = q.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def scope_clause(scope: str):
    if scope in ("keep", "school_staff") and current_user.role == Role.SCHOOL:
        return Person.organisation_id == current_user.organisation_id
    if scope == "school_staff":
        return Person.organisation_id.in_(select(Organisation.id).where(Organisation.kind.not_in(OrgKind.NOT_SCHOOLS)))
    return true()


def chosen_people(scope: str, ids) -> list[Person]:
    """The people of `ids` the scope allows, by name."""
    ids = sorted(set(ids))
    if not ids:
        return []
    return list(db.session.scalars(select(Person).options(joinedload(Person.organisation))
                                   .where(Person.id.in_(ids), scope_clause(scope))
                                   .order_by(Person.full_name, Person.id)))


def matching_people(scope: str, query: str, leave_out=()) -> tuple[list[Person], bool]:
    """Up to SHOWN people whose full name holds `query` (any case), and whether there are more."""
    query = query.strip()[:100]
    if not query:
        return [], False
    stmt = (select(Person).options(joinedload(Person.organisation))
            .where(scope_clause(scope), on_staff(today()),  # who left is no new choice (a chosen one stays)
                   func.lower(Person.full_name).like(like_pattern(query), escape="\\")))
    if leave_out:
        stmt = stmt.where(Person.id.not_in(list(leave_out)))
    found = list(db.session.scalars(stmt.order_by(Person.full_name, Person.id).limit(SHOWN + 1)))
    return found[:SHOWN], len(found) > SHOWN


class PersonPicker(Field):
    """One person (`data` an id, 0 for none) or several (multiple=True, `data` a list of ids),
    rendered by the `person_picker` macro (templates/registry/_picker.html)."""

    def __init__(self, label=None, validators=None, scope="registry", multiple=False, **kwargs):
        assert scope in SCOPES
        super().__init__(label, validators, **kwargs)
        self.scope = scope
        self.multiple = multiple
        self.query = ""
        self.picking = False
        self._chosen = None

    def process(self, formdata, data=unset_value, extra_filters=None):
        super().process(formdata, data, extra_filters)
        self.query = (formdata.get(f"{self.name}-q") or "").strip()[:100] if formdata else ""
        self.picking = bool(formdata) and formdata.get("pick") == self.name
        self._chosen = None

    def process_data(self, value):
        """From the record: an id or a Person, a list of them when multiple."""
        as_id = lambda v: int(getattr(v, "id", v) or 0)  # noqa: E731
        self.data = [as_id(v) for v in (value or [])] if self.multiple else as_id(value)

    def process_formdata(self, valuelist):
        ids = [int(v) for v in valuelist if str(v).isdigit()]
        if len(ids) != len(valuelist):
            raise ValueError("Выберите из списка.")
        self.data = ids if self.multiple else (ids[0] if ids else 0)

    @property
    def ids(self) -> list[int]:
        if self.multiple:
            return list(self.data or [])
        return [self.data] if self.data else []

    def chosen(self) -> list[Person]:
        if self._chosen is None:
            self._chosen = chosen_people(self.scope, self.ids)
        return self._chosen

    def matches(self) -> tuple[list[Person], bool]:
        return matching_people(self.scope, self.query, leave_out=self.ids)

    def pre_validate(self, form):
        if len(self.chosen()) != len(set(self.ids)):
            raise ValidationError(NOT_A_CHOICE)
