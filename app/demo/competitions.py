"""Demo competitions: this school year's municipal «Учитель года» in scoring, last year's one
published with its protocol, and a few regional entries; an expert account on the jury."""
from datetime import datetime, timedelta

from sqlalchemy import select

from app.auth.models import Role, User
from app.clock import school_year_of, today
from app.competitions.models import (
    Competition, CompetitionKind, CompetitionStage, CompetitionStatus, Criterion, Entry, EntryStatus, JuryMember,
    Nomination, Score, entry_members,
)
from app.competitions.scoring import ranking
from app.extensions import db
from app.plan.models import Activity, Programme, Section
from app.registry.models import Organisation, OrgKind, Person

CRITERIA = [("Методический семинар", 20), ("Учебное занятие", 30), ("Классный час", 20), ("Эссе «Я — учитель»", 10)]


def _teachers() -> list[Person]:
    """One demo teacher per school, in the schools' order."""
    people = db.session.scalars(select(Person).join(Organisation).where(
        Organisation.kind.not_in(OrgKind.NOT_SCHOOLS), Person.position == "учитель").order_by(Person.id)).all()
    seen, result = set(), []
    for person in people:
        if person.organisation_id not in seen:
            seen.add(person.organisation_id)
            result.append(person)
    return result


def _entry(competition, person, nomination=None, status=EntryStatus.ACCEPTED, **kw) -> Entry:
    entry = Entry(competition=competition, nomination=nomination, organisation_id=person.organisation_id,
                  status=status, submitted_at=datetime.now() - timedelta(days=30), **kw)
    db.session.add(entry)
    db.session.flush()
    db.session.execute(entry_members.insert().values(entry_id=entry.id, person_id=person.id,
                                                     competition_id=competition.id,
                                                     nomination_key=nomination.id if nomination else 0))
    return entry


def _municipal(kind, year, title, status, owner, activity=None) -> Competition:
    deadline = today() - timedelta(days=20) if year == school_year_of(today()) else datetime(year + 1, 1, 20).date()
    competition = Competition(
        kind=kind, title=title, level="municipal", school_year=year, run_by_centre=True, organiser_name="",
        owner=owner, application_deadline=deadline, status=status, activity=activity,
        description="Муниципальный этап Всероссийского конкурса. Конкурсные испытания: методический семинар, "
                    "учебное занятие, классный час, эссе.",
        regulations_url="https://example.org/polozhenie-uchitel-goda.pdf",
        session_date=deadline + timedelta(days=25))
    competition.stages = [CompetitionStage(stage="municipal", starts_on=deadline + timedelta(days=5),
                                           ends_on=deadline + timedelta(days=25))]
    competition.nominations = [Nomination(name="Учитель", position=0)]
    db.session.add(competition)
    db.session.flush()
    for position, (name, top) in enumerate(CRITERIA):
        db.session.add(Criterion(competition_id=competition.id, name=name, max_score=top, position=position))
    return competition


def _score(competition, jurors, entries, share: float) -> None:
    """Deterministic scores: every juror scores the first `share` of the entries."""
    criteria = db.session.scalars(select(Criterion).where(Criterion.competition_id == competition.id)
                                  .order_by(Criterion.position)).all()
    for j, juror in enumerate(jurors):
        for e, entry in enumerate(entries[:max(1, round(len(entries) * share))] if j == 0 else entries):
            for c, criterion in enumerate(criteria):
                value = criterion.max_score - ((e * e * 5 + e * 3 + c * 7 + j * 2) % 9)
                db.session.add(Score(entry_id=entry.id, criterion_id=criterion.id, juror_id=juror.id,
                                     value=max(value, 0), updated_at=datetime.now()))


def add_demo_competitions(programme: Programme) -> int:
    kind = db.session.scalar(select(CompetitionKind).where(CompetitionKind.name == "Учитель года"))
    debut = db.session.scalar(select(CompetitionKind).where(CompetitionKind.name == "Педагогический дебют"))
    centre = db.session.scalar(select(Organisation).where(Organisation.kind == OrgKind.CENTRE))
    teachers = _teachers()
    if kind is None or len(teachers) < 8:
        return 0
    activity = db.session.scalar(select(Activity).join(Section).where(
        Section.programme_id == programme.id, Activity.title.like("%участие в профессиональных конкурсах%")))
    expert = db.session.scalar(select(User).where(User.username == "expert"))
    if expert is None:
        expert = User(username="expert", full_name="Скорнякова Н.И.", role=Role.EXPERT,
                      position="учитель-методист, победитель конкурса «Учитель года Кубани»")
        expert.set_password("demo")
        db.session.add(expert)
    year = school_year_of(today())
    davidenko = db.session.scalar(select(Person).where(Person.full_name == "Давиденко Е.В."))

    def jury(competition):
        members = [JuryMember(competition_id=competition.id, name="Давиденко Е.В.", person=davidenko, is_chair=True,
                              position="заместитель начальника МКУО ЦОКО"),
                   JuryMember(competition_id=competition.id, name="Гогина Г.В.", position="методист МКУО ЦОКО"),
                   JuryMember(competition_id=competition.id, name="Скорнякова Н.И.", user=expert,
                              position="учитель-методист, внешний эксперт")]
        db.session.add_all(members)
        db.session.flush()
        return members

    # Last school year: published, linked to the plan's activity.
    last = _municipal(kind, year - 1, f"Муниципальный этап конкурса «Учитель года — {year}»",
                      CompetitionStatus.SCORING, centre, activity)
    last_entries = [_entry(last, t, last.nominations[0]) for t in teachers[:6]]
    _score(last, jury(last), last_entries, 1.0)
    db.session.flush()
    for group in ranking(last):
        for row in group.rows:
            row.entry.place, row.entry.result = row.place, row.proposed
    last.status = CompetitionStatus.RESULTS
    last.published_at = datetime.combine(last.session_date, datetime.min.time()).replace(hour=15)

    # This school year: applications closed, the jury is scoring.
    current = _municipal(kind, year, f"Муниципальный этап конкурса «Учитель года — {year + 1}»",
                         CompetitionStatus.SCORING, centre)
    current_entries = [_entry(current, t, current.nominations[0]) for t in teachers[6:13]]
    _entry(current, teachers[0], current.nominations[0], EntryStatus.RETURNED,
           return_reason="Нет конспекта учебного занятия; приложите его и подайте заявку снова.")
    _score(current, jury(current)[:2], current_entries, 0.5)

    # Outside competitions the schools recorded.
    winner = next(r.entry for g in ranking(last) for r in g.rows if r.place == 1)
    regional = Competition(kind=kind, title=f"Краевой конкурс «Учитель года Кубани — {year}»", level="regional",
                           school_year=year - 1, run_by_centre=False, owner=centre,
                           organiser_name="Министерство образования, науки и молодёжной политики Краснодарского края",
                           status=CompetitionStatus.RESULTS)
    db.session.add(regional)
    _entry(regional, winner.people[0], stage_reached="regional", result="prize")
    if debut is not None:
        young = Competition(kind=debut, title=f"Краевой конкурс «Педагогический дебют — {year + 1}»",
                            level="regional", school_year=year, run_by_centre=False, owner=teachers[0].organisation,
                            organiser_name="ИРО Краснодарского края", status=CompetitionStatus.ACCEPTING)
        db.session.add(young)
        _entry(young, teachers[0], stage_reached="municipal")
    return 4


def load_synthetic_competitions(competitions: int, entries: int, sheet_entries: int = 100, criteria: int = 8,
                                jurors: int = 7) -> Competition:
    """`competitions` synthetic competitions holding `entries` entries in all, over the last
    school years and all levels; and one municipal competition in scoring with `sheet_entries`
    entries × `criteria` criteria × `jurors` jurors, every cell scored. Returns that one."""
    kinds = db.session.scalars(select(CompetitionKind).order_by(CompetitionKind.id)).all()
    people = db.session.scalars(select(Person).join(Organisation).where(
        Organisation.kind.not_in(OrgKind.NOT_SCHOOLS)).order_by(Person.id)).all()
    per = max(entries // max(competitions, 1), 1)
    school = people[0].organisation if people else db.session.scalar(
        select(Organisation).where(Organisation.kind.not_in(OrgKind.NOT_SCHOOLS)))
    for n in range(len(people), max(per, sheet_entries)):
        person = Person(full_name=f"Тестовый конкурсант {n + 1}", organisation=school, position="учитель")
        db.session.add(person)
        people.append(person)
    db.session.flush()
    year = school_year_of(today())
    levels = ["municipal", "regional", "federal", "international"]
    results = ["winner", "prize", "laureate", "participant", "participant"]
    made = []
    for n in range(competitions):
        level = levels[n % len(levels)]
        made.append(Competition(
            kind=kinds[n % len(kinds)], title=f"Тестовый конкурс {n + 1}", level=level, school_year=year - n % 6,
            run_by_centre=level == "municipal", organiser_name="" if level == "municipal" else "ИРО",
            application_deadline=today(), status=["accepting", "scoring", "results", "results"][n % 4]))
    db.session.add_all(made)
    db.session.flush()
    for n, competition in enumerate(made):
        chosen = [people[(n * 7 + i) % len(people)] for i in range(per)]
        chosen = list({p.id: p for p in chosen}.values())
        rows = [Entry(competition_id=competition.id, organisation_id=p.organisation_id, status="accepted",
                      result=results[(n + i) % len(results)], submitted_at=datetime.now())
                for i, p in enumerate(chosen)]
        db.session.add_all(rows)
        db.session.flush()
        db.session.execute(entry_members.insert(), [
            {"entry_id": e.id, "person_id": p.id, "competition_id": competition.id, "nomination_key": 0}
            for e, p in zip(rows, chosen, strict=True)])

    big = Competition(kind=kinds[0], title=f"Тестовый конкурс: оценочный лист {sheet_entries} × {criteria} × {jurors}",
                      level="municipal", school_year=year, run_by_centre=True, application_deadline=today(),
                      status=CompetitionStatus.SCORING)
    db.session.add(big)
    db.session.flush()
    rows = [Entry(competition_id=big.id, organisation_id=p.organisation_id, status="accepted",
                  submitted_at=datetime.now()) for p in people[:sheet_entries]]
    db.session.add_all(rows)
    db.session.flush()
    db.session.execute(entry_members.insert(), [
        {"entry_id": e.id, "person_id": p.id, "competition_id": big.id, "nomination_key": 0}
        for e, p in zip(rows, people[:sheet_entries], strict=True)])
    members = [JuryMember(competition_id=big.id, name=f"Член жюри {j + 1}") for j in range(jurors)]
    marks = [Criterion(competition_id=big.id, name=f"Критерий {c + 1}", max_score=10, position=c)
             for c in range(criteria)]
    db.session.add_all(members + marks)
    db.session.flush()
    db.session.execute(Score.__table__.insert(), [
        {"entry_id": e.id, "criterion_id": c.id, "juror_id": j.id, "value": (e.id + c.id + j.id) % 11,
         "updated_at": datetime.now()} for e in rows for c in marks for j in members])
    db.session.commit()
    return big
