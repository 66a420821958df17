"""A regional competition run in the install (part 9): the region organises it, each
municipality's methodist puts their municipal winners forward, the region's jury scores on the
sheet that exists, and the results come back into each municipality's own reports — no
municipality ever seeing another's entries."""
from datetime import datetime

import pytest
from sqlalchemy import select

from app.auth.models import Role, User
from app.competitions.models import (
    Competition, CompetitionKind, Entry, EntryMaterial, Nomination, entry_members,
)
from app.extensions import db
from app.registry.models import Organisation, Person
from tests.conftest import PASSWORD, Actor, csrf_token, first_municipality_id, login
from tests.test_municipalities import another_municipality
from tests.test_permissions import snapshot
from tests.test_region import regional


def _methodist(app, municipality_id: int, username: str, role=Role.METHODIST, organisation_id=None) -> Actor:
    with app.app_context():
        user = User(username=username, role=role, full_name=username, municipality_id=municipality_id,
                    organisation_id=organisation_id)
        user.set_password(PASSWORD)
        db.session.add(user)
        db.session.commit()
        user_id = user.id
    client = app.test_client()
    assert login(client, username).status_code == 302
    actor = Actor(client, user_id)
    actor._token = csrf_token(client, "/competitions/")
    return actor


def _municipal_winner(municipality_id: int, school_id: int, teacher: str, kind: CompetitionKind) -> int:
    """A municipal «Учитель года» of 2026/27 with its results published: the teacher won."""
    contest = Competition(kind=kind, title="Учитель года — муниципальный этап", level="municipal", school_year=2026,
                          run_by_centre=True, status="results", municipality_id=municipality_id)
    contest.nominations = [Nomination(name="Учитель")]
    person = Person(full_name=teacher, organisation_id=school_id)
    db.session.add_all([contest, person])
    db.session.flush()
    entry = Entry(competition_id=contest.id, nomination_id=contest.nominations[0].id, organisation_id=school_id,
                  status="accepted", result="winner", place=1, submitted_at=datetime(2026, 10, 1),
                  materials=[EntryMaterial(title="Эссе", url="https://example.org/essay")])
    db.session.add(entry)
    db.session.flush()
    db.session.execute(entry_members.insert().values(entry_id=entry.id, person_id=person.id,
                                                     competition_id=contest.id,
                                                     nomination_key=contest.nominations[0].id))
    return entry.id


@pytest.fixture
def two(app, freeze):
    """Two municipalities, each with a school, a municipal winner and a methodist."""
    freeze(datetime(2026, 12, 1, 9))
    with app.app_context():
        first = first_municipality_id()
        school = Organisation(municipality_id=first, short_name="СОШ № 1", name="СОШ № 1", kind="school", cluster="")
        db.session.add(school)
        db.session.flush()
        second = another_municipality("Городской округ Баксан", "г.о. Баксан", "Баксанский Б.Б.")
        kind = db.session.scalar(select(CompetitionKind).where(CompetitionKind.name == "Учитель года"))
        winners = {"first": _municipal_winner(first, school.id, "Победитель Калининский", kind),
                   "second": _municipal_winner(second["municipality"], second["school"], "Победитель Баксанский", kind)}
        db.session.commit()
        return dict(first=first, second=second["municipality"], school=school.id, second_school=second["school"],
                    kind=kind.id, winners=winners)


def _create(iro, two) -> int:
    response = iro.post("/competitions/new", data={
        "kind_id": str(two["kind"]), "title": "Учитель года Кубани — 2027", "level": "regional", "school_year": "2026",
        "nominations": "Учитель", "organiser_name": "ИРО Краснодарского края", "application_deadline": "2027-01-20"})
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    return int(response.headers["Location"].rstrip("/").split("/")[-1])


def test_the_region_runs_a_competition_the_municipalities_forward_their_winners_to(app, two):
    iro = regional(app)
    competition_id = _create(iro, two)
    with app.app_context():
        competition = db.session.get(Competition, competition_id)
        assert (competition.municipality_id, competition.owner_id, competition.run_by_centre, competition.level) == \
            (None, None, True, "regional")
    first = _methodist(app, two["first"], "metodist-k")
    second = _methodist(app, two["second"], "metodist-b")

    # Each municipality sees the region's competition and only its own winner to forward.
    page = first.get(f"/competitions/{competition_id}").get_data(as_text=True)
    assert "Выдвинуть победителей и призёров муниципального этапа" in page
    assert "Победитель Калининский" in page and "Победитель Баксанский" not in page
    assert "Учитель года Кубани — 2027" in first.get("/competitions/").get_data(as_text=True)
    # Another municipality's winner is no choice: refused, nothing made.
    before = snapshot(app)
    assert first.post(f"/competitions/{competition_id}/forward",
                      data={"entry": str(two["winners"]["second"])}).status_code == 409
    assert first.post(f"/competitions/{competition_id}/forward", data={}).status_code == 422
    assert snapshot(app) == before

    assert first.post(f"/competitions/{competition_id}/forward",
                      data={"entry": str(two["winners"]["first"])}).status_code == 302
    assert second.post(f"/competitions/{competition_id}/forward",
                       data={"entry": str(two["winners"]["second"])}).status_code == 302
    # The same winner a second time (another tab): refused, not doubled.
    assert first.post(f"/competitions/{competition_id}/forward",
                      data={"entry": str(two["winners"]["first"])}).status_code == 409
    with app.app_context():
        entries = db.session.scalars(select(Entry).where(Entry.competition_id == competition_id)
                                     .order_by(Entry.id)).all()
        assert [(e.status, e.forwarded_from_id, e.nomination.name, [m.url for m in e.materials]) for e in entries] == [
            ("submitted", two["winners"]["first"], "Учитель", ["https://example.org/essay"]),
            ("submitted", two["winners"]["second"], "Учитель", ["https://example.org/essay"])]
        mine, theirs = entries[0].id, entries[1].id

    # A municipality sees its own application only; it cannot keep the region's competition.
    page = first.get(f"/competitions/{competition_id}").get_data(as_text=True)
    assert "Победитель Калининский" in page and "Победитель Баксанский" not in page
    assert "по итогам муниципального этапа" in page
    before = snapshot(app)
    for url, data in [(f"/competitions/entries/{mine}/accept", {}), (f"/competitions/{competition_id}/jury",
                                                                     {"name": "Свой Эксперт"}),
                      (f"/competitions/{competition_id}/criteria", {"name": "Урок", "max_score": "10"}),
                      (f"/competitions/{competition_id}/status", {"status": "scoring"}),
                      (f"/competitions/{competition_id}/edit", {"title": "Переименован"}),
                      (f"/competitions/{competition_id}/results", {"publish": "1"})]:
        assert first.post(url, data=data).status_code == 403, url
    assert first.post(f"/competitions/entries/{theirs}/accept").status_code == 404
    assert first.get(f"/competitions/{competition_id}/ranking").status_code == 403
    assert first.get(f"/competitions/{competition_id}/sheet").status_code == 403
    assert snapshot(app) == before
    # A school coordinator does not apply to the region directly.
    with app.app_context():
        teacher = db.session.scalar(select(Person.id).where(Person.full_name == "Победитель Калининский"))
    coordinator = _methodist(app, two["first"], "school-k", Role.SCHOOL, two["school"])
    refused = coordinator.post(f"/competitions/{competition_id}/entries", data={"people": str(teacher)})
    assert refused.status_code == 422 and "выдвигает муниципальный методический центр" in refused.get_data(as_text=True)

    # The region sees both, with their municipalities; accepts, appoints the jury, scores, publishes.
    page = iro.get(f"/competitions/{competition_id}").get_data(as_text=True)
    assert "Победитель Калининский" in page and "Победитель Баксанский" in page and "г.о. Баксан" in page
    for entry_id in (mine, theirs):
        assert iro.post(f"/competitions/entries/{entry_id}/accept").status_code == 302
    assert iro.post(f"/competitions/{competition_id}/jury",
                    data={"name": "Председатель Жюри", "position": "ИРО", "is_chair": "y"}).status_code == 302
    assert iro.post(f"/competitions/{competition_id}/criteria", data={"name": "Урок", "max_score": "10"}).status_code == 302
    assert iro.post(f"/competitions/{competition_id}/status", data={"status": "scoring"}).status_code == 302
    with app.app_context():
        from app.competitions.models import Criterion, JuryMember
        juror = db.session.scalar(select(JuryMember.id).where(JuryMember.competition_id == competition_id))
        criterion = db.session.scalar(select(Criterion.id).where(Criterion.competition_id == competition_id))
    assert iro.post(f"/competitions/{competition_id}/scores",
                    data={"juror": str(juror), f"s-{mine}-{criterion}": "9", f"s-{theirs}-{criterion}": "7"}
                    ).status_code == 302
    assert iro.post(f"/competitions/{competition_id}/results", data={"publish": "1"}).status_code == 302
    with app.app_context():
        assert [(e.place, e.result) for e in db.session.scalars(
            select(Entry).where(Entry.competition_id == competition_id).order_by(Entry.id))] == [
            (1, "winner"), (2, "prize")]

    # The results come back into each municipality's own report, and nobody else's.
    report = first.get("/competitions/report?year=2026").get_data(as_text=True)
    assert "Учитель года Кубани — 2027" in report and "победитель" in report
    page = first.get(f"/competitions/{competition_id}").get_data(as_text=True)
    assert "победитель (1 место)" in page and "Победитель Баксанский" not in page
    theirs_report = second.get("/competitions/report?year=2026").get_data(as_text=True)
    assert "Учитель года Кубани — 2027" in theirs_report and "призёр" in theirs_report


def test_the_region_keeps_only_its_own_competitions(app, two):
    """The region's methodist cannot change a municipality's competition, read or not."""
    iro = regional(app)
    with app.app_context():
        municipal = db.session.scalar(select(Competition.id).where(Competition.municipality_id == two["first"]))
    before = snapshot(app)
    assert iro.get(f"/competitions/{municipal}").status_code == 404  # not reading that municipality
    assert iro.post(f"/competitions/{municipal}/status", data={"status": "scoring"}).status_code == 404
    iro.get(f"/region/view/{two['first']}?next=/competitions/")
    assert iro.get(f"/competitions/{municipal}").status_code == 200  # read, as the municipality's page
    assert iro.post(f"/competitions/{municipal}/status", data={"status": "scoring"}).status_code == 403
    assert iro.post(f"/competitions/{municipal}/jury", data={"name": "Чужой"}).status_code == 403
    assert snapshot(app) == before
    # Made by the region, a competition is the region's, whichever municipality it was reading.
    competition_id = _create(iro, two)
    with app.app_context():
        assert db.session.get(Competition, competition_id).municipality_id is None
    # A municipality's methodist makes only their own.
    first = _methodist(app, two["first"], "metodist-k")
    made = first.post("/competitions/new", data={"kind_id": str(two["kind"]), "title": "Педагогический дебют",
                                                 "level": "municipal", "school_year": "2026", "run_by_centre": "y",
                                                 "application_deadline": "2027-01-20"})
    assert made.status_code == 302, made.get_data(as_text=True)[-3000:]
    with app.app_context():
        assert db.session.scalar(select(Competition.municipality_id).where(
            Competition.title == "Педагогический дебют")) == two["first"]
