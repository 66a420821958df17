"""Freezing a plan and comparing it with the frozen one: the amendments since approval.

The snapshot keeps ids, so a changed wording is a change of the same activity, not a
removal plus an addition; numbers are stored as they were printed, for the order's text.
"""
from dataclasses import dataclass, field

from sqlalchemy import select

from app.extensions import db
from app.plan.models import Participants, Programme
from app.plan.outline import build_outline

from .models import ProgrammeVersion

ACTIVITY_FIELDS = [
    ("title", "Мероприятие"),
    ("deadline_text", "Сроки"),
    ("responsible_text", "Ответственные"),
    ("participants", "Участники"),
    ("expected_result", "Ожидаемый результат"),
    ("document", "Документ"),
    ("section", "Раздел"),
]


def participants_text(activity) -> str:
    if activity.participants == Participants.CHOSEN:
        return ", ".join(o.short_name for o in activity.organisations)
    if activity.participants == Participants.ASSOCIATION:
        return Participants.ASSOCIATION_LABEL
    return Participants.LABELS.get(activity.participants, activity.participants)


def take_snapshot(programme: Programme) -> dict:
    outline = build_outline(programme)
    return {
        "title": programme.title,
        "sections": [{"id": ns.section.id, "number": ns.number, "title": ns.section.title} for ns in outline],
        "activities": [
            {"id": na.activity.id, "number": na.number, "title": na.activity.title,
             "deadline_text": na.activity.deadline_text, "responsible_text": na.activity.responsible_text,
             "participants": participants_text(na.activity), "expected_result": na.activity.expected_result,
             "document": na.activity.document, "section": f"{ns.number}. {ns.section.title}"}
            for ns in outline for na in ns.activities
        ],
    }


def latest_version(programme_id: int) -> ProgrammeVersion | None:
    return db.session.scalars(select(ProgrammeVersion).where(ProgrammeVersion.programme_id == programme_id)
                              .order_by(ProgrammeVersion.number.desc())).first()


@dataclass
class Change:
    kind: str  # added | removed | changed
    entity: str  # section | activity
    number: str  # the current number, or the approved one for a removal
    title: str
    fields: list[tuple[str, str, str]] = field(default_factory=list)  # (label, old, new)
    old_number: str = ""
    new: dict = field(default_factory=dict)   # the item as it is now (empty for a removal)
    old: dict = field(default_factory=dict)   # the item as approved (empty for an addition)

    @property
    def sort_key(self) -> tuple:
        """Plan order: by number, a section before the activities under it."""
        return tuple(int(p) if p.isdigit() else 0 for p in self.number.split(".")), self.entity != "section"


def compare(old: dict, new: dict) -> list[Change]:
    """Sections and activities added, removed and changed (field by field) from old to new."""
    changes: list[Change] = []
    for kind in ("sections", "activities"):
        entity = "section" if kind == "sections" else "activity"
        before = {item["id"]: item for item in old.get(kind, [])}
        after = {item["id"]: item for item in new.get(kind, [])}
        for item_id, item in after.items():
            if item_id not in before:
                changes.append(Change("added", entity, item["number"], item["title"], new=item))
                continue
            was = before[item_id]
            names = [("title", "Название")] if entity == "section" else ACTIVITY_FIELDS
            fields = [(label, was.get(name, ""), item.get(name, "")) for name, label in names
                      if was.get(name, "") != item.get(name, "")]
            if fields:
                changes.append(Change("changed", entity, item["number"], item["title"], fields, was["number"],
                                      new=item, old=was))
        for item_id, item in before.items():
            if item_id not in after:
                changes.append(Change("removed", entity, item["number"], item["title"], old_number=item["number"],
                                      old=item))
    return changes
