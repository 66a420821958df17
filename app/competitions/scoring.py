"""Scores and the ranking: parsing a juror's input, writing a score by an upsert, and the
ranking per nomination with ties and the results it proposes."""
import re
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.upsert import upsert

from .models import Competition, Entry, EntryStatus, JuryMember, Nomination, Result, Score

_NUMBER = re.compile(r"^\d{1,4}([.,]\d{1,2})?$")


def parse_score(text: str | None) -> float | None:
    """"7", "7,5", "7.25" → a number; anything else (−1, "abc", "1e3") → None."""
    text = (text or "").strip()
    if not _NUMBER.match(text):
        return None
    return float(text.replace(",", "."))


def fmt(value: float | None) -> str:
    """7.0 → "7", 7.5 → "7,5" — as people write scores."""
    if value is None:
        return ""
    text = f"{round(value, 2):.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def write_score(entry_id: int, criterion_id: int, juror_id: int, value: float | None) -> None:
    """Set (or clear, with None) one cell. An upsert on the cell's unique key: two requests for
    the same cell at once both succeed and the later one stays; other cells are not touched."""
    if value is None:
        db.session.execute(delete(Score).where(Score.entry_id == entry_id, Score.criterion_id == criterion_id,
                                               Score.juror_id == juror_id))
        return
    upsert(Score, {"entry_id": entry_id, "criterion_id": criterion_id, "juror_id": juror_id, "value": value,
                   "updated_at": datetime.now()}, ["entry_id", "criterion_id", "juror_id"])


def proposed_result(place: int | None) -> str:
    """Places → results, as the regulations usually say: 1st — победитель, 2nd–3rd — призёр,
    4th–5th — лауреат; the rest — участник. The methodist may change any before publishing."""
    if place is None:
        return Result.PARTICIPANT
    if place == 1:
        return Result.WINNER
    if place <= 3:
        return Result.PRIZE
    if place <= 5:
        return Result.LAUREATE
    return Result.PARTICIPANT


@dataclass
class Ranked:
    entry: Entry
    by_juror: dict[int, float] = field(default_factory=dict)  # juror id → that juror's total
    total: float | None = None
    place: int | None = None

    @property
    def tied(self) -> bool:
        return getattr(self, "_tied", False)

    @property
    def proposed(self) -> str:
        return proposed_result(self.place)


@dataclass
class Group:
    nomination: Nomination | None
    rows: list[Ranked]


def accepted_entries(competition: Competition) -> list[Entry]:
    return list(db.session.scalars(
        select(Entry).options(selectinload(Entry.people), selectinload(Entry.organisation),
                              selectinload(Entry.nomination))
        .where(Entry.competition_id == competition.id, Entry.status == EntryStatus.ACCEPTED)
        .order_by(Entry.nomination_id, Entry.id)))


def jury(competition: Competition) -> list[JuryMember]:
    return list(db.session.scalars(select(JuryMember).options(selectinload(JuryMember.user))
                                   .where(JuryMember.competition_id == competition.id)
                                   .order_by(JuryMember.is_chair.desc(), JuryMember.name)))


def jury_accounts(competition: Competition) -> list:
    """The expert accounts that may sit on the jury: the municipality's. A regional competition's
    jury has none (an expert's account reads one municipality's entries only): the region's
    methodist types in the jurors' paper sheets."""
    from app.auth.models import Role, User

    from .access import regional
    if regional(competition):
        return []
    return list(db.session.scalars(select(User).where(User.role == Role.EXPERT, User.active.is_(True))
                                   .order_by(User.full_name)))


def ranking(competition: Competition, entries: list[Entry] | None = None) -> list[Group]:
    """Entries ranked per nomination by the total (or the mean over the jurors who scored the
    entry). Equal totals share a place (1, 2, 2, 4); entries nobody scored have no place."""
    entries = accepted_entries(competition) if entries is None else entries
    totals = db.session.execute(
        select(Score.entry_id, Score.juror_id, func.sum(Score.value))
        .join(Entry, Entry.id == Score.entry_id).where(Entry.competition_id == competition.id)
        .group_by(Score.entry_id, Score.juror_id)).all()
    by_entry: dict[int, dict[int, float]] = {}
    for entry_id, juror_id, total in totals:
        by_entry.setdefault(entry_id, {})[juror_id] = round(float(total), 2)
    groups: dict[int | None, Group] = {}
    for nomination in competition.nominations:
        groups[nomination.id] = Group(nomination, [])
    for entry in entries:
        group = groups.setdefault(entry.nomination_id, Group(entry.nomination, []))
        scores = by_entry.get(entry.id, {})
        total = None
        if scores:
            total = sum(scores.values())
            if competition.mean_over_jurors:
                total = total / len(scores)
            total = round(total, 2)
        group.rows.append(Ranked(entry, scores, total))
    for group in groups.values():
        scored = [r.total for r in group.rows if r.total is not None]
        for row in group.rows:
            if row.total is not None:
                row.place = 1 + sum(1 for t in scored if t > row.total)
                row._tied = scored.count(row.total) > 1
        group.rows.sort(key=lambda r: (r.place is None, r.place or 0, r.entry.names))
    return [g for g in groups.values() if g.rows]
