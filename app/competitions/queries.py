"""Figures of competitions that reports and (later) programme indicators read: participation
rows of the regional table, teaching staff per school, the share of schools that put forward
teachers for municipal competitions."""
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.marks.queries import schools
from app.registry.models import Organisation, OrgKind, Person

from .models import Competition, CompetitionStatus, Entry, EntryStatus, Level, Result, StaffCount, entry_members

LEVEL_ORDER = list(Level.LABELS)
RESULT_ORDER = list(Result.LABELS)


@dataclass
class Row:
    competition: str
    level: str
    result: str
    people: int


@dataclass
class Staff:
    count: int
    from_registry: bool  # False: set by a methodist for the year


def staff(year: int, organisations: list[Organisation]) -> dict[int, Staff]:
    """Teaching staff per school for a school year: a methodist's figure where there is one,
    else the number of the school's people in the registry."""
    ids = [o.id for o in organisations]
    registry = dict(db.session.execute(select(Person.organisation_id, func.count(Person.id))
                                       .where(Person.organisation_id.in_(ids)).group_by(Person.organisation_id)).all())
    override = dict(db.session.execute(select(StaffCount.organisation_id, StaffCount.count)
                                       .where(StaffCount.school_year == year, StaffCount.organisation_id.in_(ids))).all())
    return {i: Staff(override[i], False) if i in override else Staff(registry.get(i, 0), True) for i in ids}


def participation(year: int, organisation_id: int | None = None) -> dict[int, list[Row]]:
    """Rows of the regional table per school: competition, level, result, people who took part
    (each person once per row). Entries not returned, of competitions not cancelled; an entry
    without a result yet counts as «участник»."""
    result = func.coalesce(func.nullif(Entry.result, ""), Result.PARTICIPANT)
    stmt = (select(Entry.organisation_id, Competition.title, Competition.level, result,
                   func.count(func.distinct(entry_members.c.person_id)))
            .join(Competition, Competition.id == Entry.competition_id)
            .join(entry_members, entry_members.c.entry_id == Entry.id)
            .where(Competition.school_year == year, Competition.status != CompetitionStatus.CANCELLED,
                   Entry.status == EntryStatus.ACCEPTED)
            .group_by(Entry.organisation_id, Competition.title, Competition.level, result))
    if organisation_id:
        stmt = stmt.where(Entry.organisation_id == organisation_id)
    rows: dict[int, list[Row]] = {}
    for org_id, title, level, res, people in db.session.execute(stmt).all():
        rows.setdefault(org_id, []).append(Row(title, level, res, people))
    for items in rows.values():
        items.sort(key=_order)
    return rows


def _order(row: Row):
    return (LEVEL_ORDER.index(row.level) if row.level in LEVEL_ORDER else 9, row.competition,
            RESULT_ORDER.index(row.result) if row.result in RESULT_ORDER else 9)


def municipality(rows_by_school: dict[int, list[Row]]) -> list[Row]:
    """The schools' rows summed into the municipality's."""
    total: dict[tuple, int] = {}
    for rows in rows_by_school.values():
        for r in rows:
            key = (r.competition, r.level, r.result)
            total[key] = total.get(key, 0) + r.people
    return sorted((Row(*key, people) for key, people in total.items()), key=_order)


@dataclass
class Share:
    year: int
    schools: list[Organisation]
    put_forward: set[int]

    @property
    def percent(self) -> float:
        return 100 * len(self.put_forward) / len(self.schools) if self.schools else 0.0

    @property
    def missing(self) -> list[Organisation]:
        return [s for s in self.schools if s.id not in self.put_forward]


def municipal_share(year: int) -> Share:
    """Share of schools that put forward teachers for municipal competitions in a school year
    (an application not returned counts), over all schools of the registry."""
    put_forward = set(db.session.scalars(
        select(Entry.organisation_id).join(Competition, Competition.id == Entry.competition_id)
        .where(Competition.school_year == year, Competition.level == Level.MUNICIPAL,
               Competition.status != CompetitionStatus.CANCELLED, Entry.status != EntryStatus.RETURNED).distinct()))
    all_schools = schools()
    return Share(year, all_schools, put_forward & {s.id for s in all_schools})


def person_entries(person_id: int) -> list[Entry]:
    """A person's competitions and results, newest first, for their page (портфолио к аттестации)."""
    return list(db.session.scalars(
        select(Entry).options(selectinload(Entry.competition).selectinload(Competition.kind),
                              selectinload(Entry.nomination))
        .join(entry_members, entry_members.c.entry_id == Entry.id).join(Competition, Competition.id == Entry.competition_id)
        .where(entry_members.c.person_id == person_id, Entry.status != EntryStatus.RETURNED)
        .order_by(Competition.school_year.desc(), Competition.id.desc())))


def municipal_share_by_municipality(year: int) -> dict[int, tuple[int, int]]:
    """By municipality: (schools that put teachers forward for its municipal competitions in the
    school year, its schools) — municipal_share() for every municipality at once."""
    municipality = Organisation.municipality_id
    schools_of = dict(db.session.execute(select(municipality, func.count(Organisation.id))
                                         .where(Organisation.kind.not_in(OrgKind.NOT_SCHOOLS)).group_by(municipality)).all())
    put_forward = dict(db.session.execute(
        select(municipality, func.count(func.distinct(Entry.organisation_id)))
        .join(Organisation, Organisation.id == Entry.organisation_id)
        .join(Competition, Competition.id == Entry.competition_id)
        .where(Competition.school_year == year, Competition.level == Level.MUNICIPAL,
               Competition.status != CompetitionStatus.CANCELLED, Entry.status != EntryStatus.RETURNED,
               Organisation.kind.not_in(OrgKind.NOT_SCHOOLS))
        .group_by(municipality)).all())
    return {m: (put_forward.get(m, 0), total) for m, total in schools_of.items()}


@dataclass
class MunicipalParticipation:
    """A municipality's row of the region's competition table: teachers who took part in the
    school year (each once), by the level of the competition, and those who won or took a prize."""

    people: int = 0
    by_level: dict[str, int] = field(default_factory=lambda: dict.fromkeys(LEVEL_ORDER, 0))
    awarded: int = 0


def participation_by_municipality(year: int) -> dict[int, MunicipalParticipation]:
    """The region's «участие педагогических работников в конкурсах профессионального мастерства»:
    a row per municipality (the participation() of each, counted by people), in three queries.
    Entries accepted, of competitions not cancelled, as participation() counts them."""
    return participation_by(year, Organisation.municipality_id)


def participation_by(year: int, key) -> dict[int, MunicipalParticipation]:
    """participation_by_municipality() grouped by `key`, a column of the entry's organisation: its
    municipality or the school itself (a campaign's report)."""
    counted = (select(key.label("municipality"), Competition.level, Entry.result,
                      entry_members.c.person_id)
               .join(Competition, Competition.id == Entry.competition_id)
               .join(entry_members, entry_members.c.entry_id == Entry.id)
               .join(Organisation, Organisation.id == Entry.organisation_id)
               .where(Competition.school_year == year, Competition.status != CompetitionStatus.CANCELLED,
                      Entry.status == EntryStatus.ACCEPTED).subquery())
    people = func.count(func.distinct(counted.c.person_id))
    rows: dict[int, MunicipalParticipation] = {}
    for municipality_id, count in db.session.execute(select(counted.c.municipality, people)
                                                     .group_by(counted.c.municipality)):
        rows.setdefault(municipality_id, MunicipalParticipation()).people = count
    for municipality_id, level, count in db.session.execute(
            select(counted.c.municipality, counted.c.level, people).group_by(counted.c.municipality, counted.c.level)):
        rows.setdefault(municipality_id, MunicipalParticipation()).by_level[level] = count
    for municipality_id, count in db.session.execute(
            select(counted.c.municipality, people).where(counted.c.result.in_([Result.WINNER, Result.PRIZE]))
            .group_by(counted.c.municipality)):
        rows.setdefault(municipality_id, MunicipalParticipation()).awarded = count
    return rows


def forwardable(competition: Competition) -> list[Entry]:
    """The municipality's winners and prize-winners of its own competitions of this kind and school
    year whose teachers are not in this competition yet (the scope keeps them the municipality's)."""
    already = select(entry_members.c.person_id).where(entry_members.c.competition_id == competition.id)
    winners = db.session.scalars(
        select(Entry).options(selectinload(Entry.people), selectinload(Entry.organisation),
                              selectinload(Entry.nomination), selectinload(Entry.competition))
        .join(Competition, Competition.id == Entry.competition_id)
        .where(Competition.municipality_id.is_not(None), Competition.level == Level.MUNICIPAL,
               Competition.kind_id == competition.kind_id, Competition.school_year == competition.school_year,
               Entry.result.in_(Result.DIPLOMA))
        .order_by(Entry.place, Entry.id)).all()
    taken = set(db.session.scalars(already))
    return [e for e in winners if e.people and not taken & {p.id for p in e.people}]


def entries_of(person_ids) -> dict[int, list[tuple[str, str, str, str]]]:
    """Each person's competitions, newest first: (title, school year, level, result) — one query."""
    found: dict[int, list] = {}
    for person_id, title, year, level, result in db.session.execute(
            select(entry_members.c.person_id, Competition.title, Competition.school_year, Competition.level,
                   Entry.result)
            .join(Entry, Entry.id == entry_members.c.entry_id).join(Competition, Competition.id == Entry.competition_id)
            .where(entry_members.c.person_id.in_(list(person_ids)), Entry.status != EntryStatus.RETURNED,
                   Competition.status != CompetitionStatus.CANCELLED)
            .order_by(Competition.school_year.desc(), Competition.id.desc())):
        found.setdefault(person_id, []).append((title, f"{year}/{year + 1}", Level.LABELS.get(level, level),
                                                Result.LABELS.get(result, "участник")))
    return found
