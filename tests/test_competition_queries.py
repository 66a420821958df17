"""Competition pages load what they show in a fixed number of queries, whatever the number of
competitions, entries, jurors, criteria and scores."""
from datetime import datetime

import pytest
from sqlalchemy import select

from app.auth.models import Role
from app.competitions.models import Criterion, Entry, JuryMember, Score
from app.extensions import db
from app.registry.models import Person

from .conftest import count_queries
from .test_competitions import add_entry, expert, make_competition


@pytest.fixture
def clock(freeze):
    freeze(datetime(2023, 11, 10, 9))


def grow(app, competition_id, nomination_id, organisations, n):
    """n more entries (people of every organisation), jurors, criteria, scores and competitions."""
    with app.app_context():
        people = [Person(full_name=f"Педагог {i} {datetime.now().timestamp()}", organisation_id=org.id,
                         position="учитель") for i in range(n) for org in organisations]
        db.session.add_all(people)
        db.session.commit()
        ids = [p.id for p in people]
    for person_id in ids:
        add_entry(app, competition_id, [person_id], nomination_id, result="winner")
    with app.app_context():
        start = db.session.query(JuryMember).count()
        db.session.add_all([JuryMember(competition_id=competition_id, name=f"Член жюри {start + i}") for i in range(n)])
        db.session.add_all([Criterion(competition_id=competition_id, name=f"Критерий {i}", max_score=10, position=i)
                            for i in range(n)])
        db.session.commit()
        entries = db.session.scalars(select(Entry.id).where(Entry.competition_id == competition_id)).all()
        jurors = db.session.scalars(select(JuryMember.id)).all()
        criteria = db.session.scalars(select(Criterion.id)).all()
        existing = set(db.session.execute(select(Score.entry_id, Score.criterion_id, Score.juror_id)).all())
        db.session.add_all([Score(entry_id=e, criterion_id=c, juror_id=j, value=5, updated_at=datetime.now())
                            for e in entries for c in criteria for j in jurors if (e, c, j) not in existing])
        db.session.commit()
    for i in range(n):
        make_competition(app, title=f"Конкурс {i} {datetime.now().timestamp()}")


def test_competition_pages_have_a_fixed_number_of_queries(app, actor, make_org, make_user, clock):
    schools = [make_org(f"СОШ № {i}") for i in range(1, 4)]
    competition_id, (nomination_id,) = make_competition(app, status="results")
    juror, _ = expert(app, make_user, competition_id)
    methodist, head = actor(Role.METHODIST), actor(Role.HEAD)
    coordinator = actor(Role.SCHOOL, organisation=schools[0])
    pages = [(methodist, "/competitions/"), (methodist, f"/competitions/{competition_id}"),
             (methodist, f"/competitions/{competition_id}/sheet"), (methodist, f"/competitions/{competition_id}/ranking"),
             (head, f"/competitions/{competition_id}/protocol"), (methodist, f"/competitions/{competition_id}/diplomas"),
             (methodist, "/competitions/report?year=2023"), (methodist, "/competitions/report.xlsx?year=2023"),
             (head, "/competitions/summary?year=2023"), (coordinator, f"/competitions/{competition_id}"),
             (juror, f"/competitions/{competition_id}/sheet"), (juror, "/competitions/")]

    def measure():
        counts = []
        for who, url in pages:
            with count_queries(app) as statements:
                assert who.get(url).status_code == 200, url
            counts.append(len(statements))
        return counts

    grow(app, competition_id, nomination_id, schools, 2)
    with app.app_context():
        person_id = db.session.scalar(select(Person.id))
    pages.append((methodist, f"/registry/people/{person_id}"))
    small = measure()
    grow(app, competition_id, nomination_id, schools, 6)
    assert measure() == small
