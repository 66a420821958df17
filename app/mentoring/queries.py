"""Mentoring figures for a school year, per school and for the municipality — what the summary
page, the reports and (later) the programme's indicators read — and the gap people look for:
young specialists without a mentor.

A school year runs from 1 September to 31 August. "Has a programme" and "young specialists in a
pair" are read on the year's last day, or today while the year is under way; "implements" counts
pairs that were active at any time during the year.
"""
from dataclasses import dataclass, field
from datetime import date

from flask import current_app
from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import selectinload

from app.clock import school_year_of, today
from app.events.models import Event, Registration
from app.extensions import db
from app.marks.queries import schools
from app.registry.models import Organisation, OrgKind, Person, young_specialist
from app.staff.models import on_staff

from .models import Pair, PairStatus, Respondent, SurveyResponse, pair_mentees


def year_bounds(year: int) -> tuple[date, date]:
    return date(year, 9, 1), date(year + 1, 8, 31)


def reading_date(year: int) -> date:
    """The day a school year's state is read on: its last day, or today if it is under way."""
    return min(year_bounds(year)[1], max(today(), year_bounds(year)[0]))


def active_on(day: date):
    """SQL: the pair was active on that day."""
    return and_(Pair.starts_on <= day, or_(and_(Pair.closed_on.is_(None), Pair.status == PairStatus.ACTIVE),
                                           Pair.closed_on >= day))


def active_during(start: date, end: date):
    """SQL: the pair was active at some time between two days."""
    return and_(Pair.starts_on <= end, or_(and_(Pair.closed_on.is_(None), Pair.status == PairStatus.ACTIVE),
                                           Pair.closed_on >= start))


def satisfied_at() -> float:
    return float(current_app.config.get("MENTORING_SATISFIED_AT", 7))


def without_mentor(day: date, organisation_id: int | None = None) -> list[Person]:
    """Young specialists on that day who are not a mentee of any pair active that day."""
    in_pair = (select(pair_mentees.c.person_id).join(Pair, Pair.id == pair_mentees.c.pair_id).where(active_on(day)))
    stmt = (select(Person).options(selectinload(Person.organisation)).join(Organisation)
            .where(young_specialist(day), on_staff(day), Person.id.not_in(in_pair),
                   Organisation.kind.not_in(OrgKind.NOT_SCHOOLS))
            .order_by(Organisation.short_name, Person.full_name))
    if organisation_id:
        stmt = stmt.where(Person.organisation_id == organisation_id)
    return list(db.session.scalars(stmt))


@dataclass
class Share:
    """A share with the lists behind it."""

    counted: list = field(default_factory=list)  # the numerator's items
    of: list = field(default_factory=list)  # the denominator's items

    @property
    def percent(self) -> float | None:
        return 100 * len(self.counted) / len(self.of) if self.of else None

    @property
    def missing(self) -> list:
        counted = {id(x) for x in self.counted}
        return [x for x in self.of if id(x) not in counted]


@dataclass
class Satisfaction:
    satisfied: list[SurveyResponse] = field(default_factory=list)
    answered: list[SurveyResponse] = field(default_factory=list)

    @property
    def percent(self) -> float | None:
        return 100 * len(self.satisfied) / len(self.answered) if self.answered else None


@dataclass
class SchoolRow:
    """One school's figures in the summary table."""

    school: Organisation
    with_programme: bool
    implementing: bool
    young: int
    young_in_pairs: int
    mentees: tuple[int, int]  # satisfied, answered
    mentors: tuple[int, int]


@dataclass
class Figures:
    year: int
    on: date
    with_programme: Share
    implementing: Share
    young_in_pairs: Share
    mentees: Satisfaction
    mentors: Satisfaction
    rows: list[SchoolRow]


def figures(year: int, organisation_id: int | None = None) -> Figures:
    """The indicators of a school year, for one school or (None) the municipality, with a row
    per school; in a fixed number of queries whatever the number of schools."""
    start, end = year_bounds(year)
    on = reading_date(year)
    all_schools = [s for s in schools() if organisation_id in (None, s.id)]
    ids = [s.id for s in all_schools]
    with_programme = set(db.session.scalars(select(Pair.organisation_id).where(
        active_on(on), Pair.organisation_id.in_(ids)).distinct()))
    implementing = set(db.session.scalars(select(Pair.organisation_id).where(
        active_during(start, end), Pair.organisation_id.in_(ids)).distinct()))
    young = list(db.session.scalars(
        select(Person).options(selectinload(Person.organisation)).where(young_specialist(on), on_staff(on),
                                                                        Person.organisation_id.in_(ids))
        .order_by(Person.full_name)))
    paired = set(db.session.scalars(select(pair_mentees.c.person_id).join(Pair, Pair.id == pair_mentees.c.pair_id)
                                    .where(active_on(on))))
    responses = db.session.execute(
        select(SurveyResponse, Pair.organisation_id).options(selectinload(SurveyResponse.person))
        .join(Pair, Pair.id == SurveyResponse.pair_id)
        .where(SurveyResponse.school_year == year, Pair.organisation_id.in_(ids)).order_by(SurveyResponse.id)).all()
    threshold = satisfied_at()

    def satisfaction(kind, org=None):
        answered = [r for r, o in responses if r.respondent == kind and org in (None, o)]
        return Satisfaction([r for r in answered if r.mean >= threshold], answered)

    def pair_of(kind, org):
        found = satisfaction(kind, org)
        return len(found.satisfied), len(found.answered)

    rows = [SchoolRow(school, school.id in with_programme, school.id in implementing,
                      sum(p.organisation_id == school.id for p in young),
                      sum(p.organisation_id == school.id and p.id in paired for p in young),
                      pair_of(Respondent.MENTEE, school.id), pair_of(Respondent.MENTOR, school.id))
            for school in all_schools]
    return Figures(
        year=year, on=on,
        with_programme=Share([s for s in all_schools if s.id in with_programme], all_schools),
        implementing=Share([s for s in all_schools if s.id in implementing], all_schools),
        young_in_pairs=Share([p for p in young if p.id in paired], young),
        mentees=satisfaction(Respondent.MENTEE), mentors=satisfaction(Respondent.MENTOR), rows=rows,
    )


def current_year() -> int:
    return school_year_of(today())


def without_mentor_by_municipality(day: date) -> dict[int, int]:
    """Young specialists without a mentor on that day, by municipality — the region's page."""
    in_pair = (select(pair_mentees.c.person_id).join(Pair, Pair.id == pair_mentees.c.pair_id).where(active_on(day)))
    return dict(db.session.execute(
        select(Organisation.municipality_id, func.count(Person.id)).join(Organisation)
        .where(young_specialist(day), Person.id.not_in(in_pair), Organisation.kind.not_in(OrgKind.NOT_SCHOOLS))
        .group_by(Organisation.municipality_id)).all())


def mentor_school_sessions(person_ids) -> dict[int, int]:
    """Sessions of «школа наставников» each person attended."""
    pattern = f"%{current_app.config.get('MENTOR_SCHOOL_TOPIC', 'школа наставников').lower()}%"
    return dict(db.session.execute(
        select(Registration.person_id, func.count()).join(Event, Event.id == Registration.event_id)
        .where(Registration.person_id.in_(person_ids), Registration.attended.is_(True),
               func.lower(Event.topic).like(pattern)).group_by(Registration.person_id)).all())


def preparation_counts(mentor_ids, profiles, sessions) -> list[int]:
    """The regional table's columns for a set of mentors: from the school's staff, from outside,
    trained on courses in the region and elsewhere, trained otherwise in the region (or at the
    municipal «школа наставников») and elsewhere, in need of training."""
    def has(person_id, *names):
        profile = profiles.get(person_id)
        return profile is not None and any(getattr(profile, n) for n in names)

    outside = [m for m in mentor_ids if has(m, "from_outside")]
    return [
        len(mentor_ids) - len(outside), len(outside),
        sum(has(m, "courses_in_region") for m in mentor_ids), sum(has(m, "courses_elsewhere") for m in mentor_ids),
        sum(has(m, "training_in_region") or sessions.get(m, 0) > 0 for m in mentor_ids),
        sum(has(m, "training_elsewhere") for m in mentor_ids), sum(has(m, "needs_training") for m in mentor_ids),
    ]


def preparation_by_municipality(year: int) -> dict[int, list[int]]:
    """The region's «подготовка наставников»: preparation_counts() of the mentors of each
    municipality's pairs active in the school year (a mentor once per municipality), in three
    queries for all of them."""
    return preparation_by(year, Organisation.municipality_id)


def preparation_by(year: int, key) -> dict[int, list[int]]:
    """preparation_by_municipality() grouped by `key`, a column of the pair's organisation: its
    municipality or the school itself (a campaign's report)."""
    from .models import MentorProfile
    start, end = year_bounds(year)
    mentors: dict[int, set[int]] = {}
    for mentor_id, municipality_id in db.session.execute(
            select(Pair.mentor_id, key).join(Organisation, Organisation.id == Pair.organisation_id)
            .where(active_during(start, end)).distinct()):
        mentors.setdefault(municipality_id, set()).add(mentor_id)
    everyone = set().union(*mentors.values()) if mentors else set()
    profiles = {p.person_id: p for p in db.session.scalars(
        select(MentorProfile).where(MentorProfile.person_id.in_(everyone)))} if everyone else {}
    sessions = mentor_school_sessions(list(everyone)) if everyone else {}
    return {m: preparation_counts(ids, profiles, sessions) for m, ids in mentors.items()}


def mentoring_of(person_ids) -> dict[int, tuple[int, int]]:
    """Each person's pairs as a mentor: (all, active now), in one query."""
    return {person_id: (count, active) for person_id, count, active in db.session.execute(
        select(Pair.mentor_id, func.count(Pair.id), func.count(Pair.id).filter(Pair.status == PairStatus.ACTIVE))
        .where(Pair.mentor_id.in_(list(person_ids))).group_by(Pair.mentor_id))}
