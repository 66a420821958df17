"""What the preview shows beside each row, and the all-or-nothing import of the rows."""
import re
from dataclasses import dataclass, field

from sqlalchemy import func, select

from app.extensions import db
from app.plan.deadlines import parse_deadline, parse_manual_dates
from app.plan.models import Activity, Participants, Programme, Section
from app.plan.occurrences import apply_deadline
from app.registry.models import Organisation, OrgKind, Person

from .models import PlanImport, PlanImportRow
from .table import names_in

TEXT = "text"        # a name kept as text only
NEW_PERSON = "new"   # a name added to the registry on import
SCHOOLS_WORDS = re.compile(r"\b(ОО|ОУ|школ\w*|руководител\w* ОО|педагог\w*|учител\w*)\b", re.I)


def person_key(full_name: str) -> str:
    """«Фамилия И.О.» of a registry name, whether it is kept short or in full."""
    found = names_in(full_name)
    if found:
        return found[0]
    words = full_name.split()
    if len(words) >= 2 and all(w[:1].isupper() for w in words[:3]):
        return f"{words[0]} " + "".join(f"{w[0]}." for w in words[1:3])
    return full_name.strip()


class Registry:
    """Registry people by «Фамилия И.О.», loaded once per page."""

    def __init__(self):
        self.by_key: dict[str, list[Person]] = {}
        for person in db.session.scalars(select(Person).order_by(Person.full_name)):
            self.by_key.setdefault(person_key(person.full_name), []).append(person)
        self.by_id = {p.id: p for people in self.by_key.values() for p in people}


@dataclass
class NameState:
    name: str
    person: Person | None = None       # linked (found once in the registry, or chosen)
    candidates: list[Person] = field(default_factory=list)   # several with that name
    choice: str = ""                   # what the methodist chose: a person id, "new" or "text"

    @property
    def resolved(self) -> bool:
        return self.person is not None or self.choice in (TEXT, NEW_PERSON)


@dataclass
class RowView:
    row: PlanImportRow
    data: dict
    number: str                        # as the app will number it
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    names: list[NameState] = field(default_factory=list)
    occurrences: list = field(default_factory=list)   # ParsedOccurrence: a label and a date

    @property
    def blocking(self) -> bool:
        return self.data["kind"] != "skip" and not self.data.get("title")


def default_participants(responsible: str) -> str:
    return Participants.ALL_SCHOOLS if SCHOOLS_WORDS.search(responsible or "") else Participants.CENTRE


def view_rows(draft: PlanImport, rows: list[PlanImportRow], registry: Registry) -> list[RowView]:
    numbering = {"sections": [], "activity": 0}
    return [view_row(draft, row, registry, _number(row.data, numbering)) for row in rows]


def view_row(draft: PlanImport, row: PlanImportRow, registry: Registry, number: str = "") -> RowView:
    data = row.data
    view = RowView(row, data, number)
    if data["kind"] == "skip":
        return view
    if not data.get("title"):
        view.problems.append("Пустое название: впишите его или не импортируйте строку.")
    if data["kind"] == "section":
        if data.get("guessed"):
            view.notes.append("Похоже на раздел (номер или выделение, без сроков). Если это мероприятие — исправьте.")
        return view
    if data.get("manual_dates"):
        occurrences, errors = parse_manual_dates(data["manual_dates"])
        view.problems.extend(errors[:3])
        view.occurrences = occurrences
    else:
        parsed = parse_deadline(data.get("deadline", ""), draft.start_year, draft.end_year)
        view.occurrences = parsed.occurrences
        if not parsed.understood:
            view.problems.append("Сроки не распознаны: исправьте текст или задайте даты вручную.")
        elif not parsed.occurrences:
            view.problems.append(f"В сроках нет дат в периоде {draft.start_year}–{draft.end_year}.")
    chosen = data.get("people") or {}
    for name in names_in(data.get("responsible", "")):
        found = registry.by_key.get(name, [])
        state = NameState(name, choice=chosen.get(name, ""))
        if state.choice.isdigit() and int(state.choice) in registry.by_id:
            state.person = registry.by_id[int(state.choice)]
        elif len(found) == 1 and not state.choice:
            state.person = found[0]
        elif len(found) > 1:
            state.candidates = found
        view.names.append(state)
        if not state.resolved:
            view.problems.append(f"{name}: {'в реестре несколько людей с таким именем' if found else 'нет в реестре'}"
                                 " — выберите, добавьте или оставьте текстом.")
    return view


def _number(data: dict, numbering: dict) -> str:
    """The number the row will get in the app: sections nest by depth, activities count within
    their section (those above the first section go to a section of their own, number 1)."""
    sections = numbering["sections"]
    if data["kind"] == "skip":
        return ""
    if data["kind"] == "section":
        depth = max(1, min(int(data.get("depth") or 1), len(sections) + 1))
        sections[:] = sections[:depth]
        if len(sections) == depth:
            sections[-1] += 1
        else:
            sections.append(1)
        numbering["activity"] = 0
        return ".".join(map(str, sections))
    if not sections:
        sections.append(1)
    numbering["activity"] += 1
    return ".".join(map(str, [*sections, numbering["activity"]]))


@dataclass
class Outcome:
    programme: Programme
    sections: int
    activities: int
    people_added: int


def import_rows(draft: PlanImport, rows: list[PlanImportRow], registry: Registry) -> Outcome:
    """Create the sections, activities and any new registry people in the current transaction.
    The caller commits (or rolls back: nothing is half-imported)."""
    if draft.programme_id:
        programme = db.session.get(Programme, draft.programme_id)
        start = (db.session.scalar(select(func.max(Section.position)).where(
            Section.programme_id == programme.id, Section.parent_id.is_(None))) or 0) + 1
    else:
        programme = Programme(title=draft.title, start_year=draft.start_year, end_year=draft.end_year)
        db.session.add(programme)
        start = 0
    centre = db.session.scalars(select(Organisation).where(Organisation.kind == OrgKind.CENTRE)
                                .order_by(Organisation.id)).first()
    stack: list[Section] = []            # the open section at each depth
    positions: dict[int | None, int] = {None: start}
    counts = Outcome(programme, 0, 0, 0)
    added: dict[str, Person] = {}
    for view in view_rows(draft, rows, registry):
        data = view.data
        if data["kind"] == "skip":
            continue
        if data["kind"] == "section":
            depth = max(1, min(int(data.get("depth") or 1), len(stack) + 1))
            del stack[depth - 1:]
            parent = stack[-1] if stack else None
            section = _section(programme, parent, data["title"], positions)
            stack.append(section)
            counts.sections += 1
            continue
        if not stack:  # activities above the first section
            stack.append(_section(programme, None, "Мероприятия без раздела", positions))
            counts.sections += 1
        section = stack[-1]
        positions[section.id] = positions.get(section.id, 0) + 1
        activity = Activity(section=section, position=positions[section.id], title=data["title"],
                            deadline_text=data.get("deadline", "")[:500], responsible_text=data.get("responsible", ""),
                            expected_result=data.get("result", ""), document=data.get("document", ""),
                            participants=data.get("participants") or default_participants(data.get("responsible", "")),
                            occurrences=[], responsible_people=[], organisations=[])
        for state in view.names:
            if state.person is not None:
                activity.responsible_people.append(state.person)
            elif state.choice == NEW_PERSON and centre is not None:
                if state.name not in added:
                    added[state.name] = Person(full_name=state.name, organisation=centre)
                    db.session.add(added[state.name])
                activity.responsible_people.append(added[state.name])
        manual = parse_manual_dates(data["manual_dates"])[0] if data.get("manual_dates") else None
        apply_deadline(activity, programme.start_year, programme.end_year, manual)
        db.session.add(activity)
        counts.activities += 1
    counts.people_added = len(added)
    return counts


def _section(programme: Programme, parent: Section | None, title: str, positions: dict) -> Section:
    key = parent.id if parent else None
    positions[key] = positions.get(key, 0) + 1
    section = Section(programme=programme, parent=parent, parent_id=parent.id if parent else None,
                      title=title[:1000], position=positions[key])
    db.session.add(section)
    db.session.flush()  # its id keys the positions of what goes inside
    return section
