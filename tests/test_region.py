"""The region's accounts and pages (part 9): municipalities side by side with the figures behind
them, reading a municipality without changing it, and the municipalities with their first
administrator."""
import re
from collections import defaultdict
from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from app.auth.models import Role, User
from app.competitions.models import Competition, CompetitionKind, Entry
from app.courses.models import Course, CourseProvider
from app.courses.route_models import DiagnosticResult
from app.extensions import db
from app.municipalities.models import Municipality
from app.registry.models import Organisation, OrgKind, Person
from tests.conftest import PASSWORD, Actor, csrf_token, login
from tests.test_indicators import worked_example  # noqa: F401  (a fixture)
from tests.test_permissions import routes, snapshot, world  # noqa: F401  (world: a fixture)


def regional(app, role=Role.REGION_METHODIST, username="iro") -> Actor:
    with app.app_context():
        user = User(username=username, role=role, full_name="Методист ИРО")
        user.set_password(PASSWORD)
        db.session.add(user)
        db.session.commit()
        assert user.municipality_id is None  # the region's accounts belong to no municipality
        user_id = user.id
    client = app.test_client()
    assert login(client, username).status_code == 302
    actor = Actor(client, user_id)
    actor._token = csrf_token(client, "/region/")  # their home: the municipal pages send them there
    return actor


@pytest.fixture
def region(app, freeze):
    """Two municipalities. Калининский: 2 schools, 4 teachers (one young without a mentor, one with a
    course last year, one diagnosed), one school in its municipal competition. Баксан: 1 school, 1
    teacher, nothing else. Today: 1 December 2026, school year 2026/27."""
    freeze(datetime(2026, 12, 1, 9))
    with app.app_context():
        first = db.session.scalar(select(Municipality).order_by(Municipality.id))
        first.name, first.short_name = "Калининский район", "Калининский р-н"
        second = Municipality(name="Городской округ Баксан", short_name="г.о. Баксан", oktmo="83605000")
        db.session.add(second)
        db.session.flush()
        schools = {}
        for key, m, short in [("k1", first, "СОШ № 1"), ("k2", first, "СОШ № 2"), ("b1", second, "СОШ № 1")]:
            schools[key] = Organisation(municipality_id=m.id, short_name=short, name=short, kind=OrgKind.SCHOOL, cluster="")
        centre = Organisation(municipality_id=first.id, short_name="ЦОКО", name="Центр", kind=OrgKind.CENTRE, cluster="")
        db.session.add_all([*schools.values(), centre])
        db.session.flush()
        people = {
            "young": Person(full_name="Молодая М.М.", organisation_id=schools["k1"].id, teaching_since=date(2025, 9, 1)),
            "trained": Person(full_name="Обученная О.О.", organisation_id=schools["k1"].id, teaching_since=date(2000, 9, 1)),
            "plain": Person(full_name="Простая П.П.", organisation_id=schools["k2"].id, teaching_since=date(2001, 9, 1)),
            "diagnosed": Person(full_name="Диагностированная Д.Д.", organisation_id=schools["k2"].id,
                                teaching_since=date(2002, 9, 1)),
            "methodist": Person(full_name="Методист Центра", organisation_id=centre.id),
            "baksan": Person(full_name="Баксанский Б.Б.", organisation_id=schools["b1"].id, teaching_since=date(1999, 9, 1)),
        }
        db.session.add_all(people.values())
        db.session.flush()
        provider = db.session.scalar(select(CourseProvider))
        db.session.add(Course(organisation_id=schools["k1"].id, person_id=people["trained"].id, provider_id=provider.id,
                              programme_title="ФГОС", hours=36, starts_on=date(2025, 10, 1), ends_on=date(2025, 10, 20)))
        db.session.add(DiagnosticResult(organisation_id=schools["k2"].id, person_id=people["diagnosed"].id, year=2026))
        kind = db.session.scalar(select(CompetitionKind))
        contest = Competition(kind=kind, title="Учитель года", level="municipal", school_year=2026, run_by_centre=True,
                              municipality_id=first.id, status="accepting")
        db.session.add(contest)
        db.session.flush()
        db.session.add(Entry(competition_id=contest.id, organisation_id=schools["k2"].id, status="submitted",
                             submitted_at=datetime(2026, 11, 1)))
        db.session.commit()
        return dict(first=first.id, second=second.id, **{k: s.id for k, s in schools.items()})


def cells(html: str, name: str) -> list[str]:
    row = re.search(rf"<tr>\s*<td><strong>{re.escape(name)}</strong>.*?</tr>", html, re.S).group(0)
    return [" ".join(re.sub(r"<[^>]+>", " ", c).split()) for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)][1:]


def test_the_region_sees_the_municipalities_side_by_side_with_the_lists_behind(app, region):
    iro = regional(app)
    response = iro.get("/region/")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    # ОО, teachers, young without a mentor, no courses for 3 years, diagnosed, ИОМ, in competitions
    assert cells(html, "Калининский район") == ["программа муниципалитета", "2", "4", "1", "3 75 %", "25 % 1", "0 % 0", "50 % 1 из 2"]
    assert cells(html, "Городской округ Баксан") == ["программа муниципалитета", "1", "1", "0", "1 100 %", "0 % 0", "0 % 0", "0 % 0 из 1"]
    total = re.search(r'<tr class="total">.*?</tr>', html, re.S).group(0)
    assert "<td data-label=\"ОО\" class=\"num\">3</td>" in total and "<td data-label=\"Педагогов\" class=\"num\">5</td>" in total
    # A figure leads into that municipality's list, read-only.
    link = f"/region/view/{region['first']}?next=/courses/gaps"
    assert f'href="{link}"' in html
    answer = iro.get(link)
    assert answer.status_code == 302 and answer.headers["Location"] == "/courses/gaps"
    gaps = iro.get("/courses/gaps").get_data(as_text=True)
    assert "СОШ № 1" in gaps and "Баксанский" not in iro.get("/registry/people").get_data(as_text=True)
    assert "Калининский р-н · к региону" in gaps
    # Another municipality next: its own list only.
    iro.get(f"/region/view/{region['second']}?next=/registry/people")
    people = iro.get("/registry/people").get_data(as_text=True)
    assert "Баксанский Б.Б." in people and "Молодая М.М." not in people
    assert iro.get("/region/view/1?next=//evil.example/").headers["Location"] == "/plan/"


PAGES = ["/region/", "/region/courses?year=2025", "/region/competitions?year=2026", "/region/mentors?year=2026"]


def test_the_regions_figures_cost_the_same_queries_for_more_municipalities(app, region):
    """The side-by-side page and the three tables: the same queries for 2 and for 7 municipalities."""
    from tests.conftest import count_queries
    iro = regional(app)
    few = {}
    for url in PAGES:
        with count_queries(app) as few[url]:
            iro.get(url)
    with app.app_context():
        for n in range(5):
            m = Municipality(name=f"Район {n}", short_name=f"Район {n}")
            db.session.add(m)
            db.session.flush()
            school = Organisation(municipality_id=m.id, short_name="СОШ № 1", name="Школа", kind=OrgKind.SCHOOL, cluster="")
            db.session.add(school)
            db.session.flush()
            db.session.add(Person(full_name=f"Педагог {n}", organisation_id=school.id))
        db.session.commit()
    for url in PAGES:
        with count_queries(app) as many:
            html = iro.get(url).get_data(as_text=True)
        assert "Район 4" in html and len(many) == len(few[url]), url


def _region_reads() -> set[str]:
    from app.security import MUNICIPAL_COMPETITION_PAGES
    everything = routes(defaultdict(lambda: 1))
    return {e for e in everything if e.startswith("competitions.")} - MUNICIPAL_COMPETITION_PAGES \
        | {"registry.pick"} | {e for e in everything if e.startswith("campaigns.")}  # the region's own campaigns


def test_the_region_reads_a_municipality_and_never_changes_it(app, world):  # noqa: F811
    """Every route of the matrix as the region's methodist: without a municipality chosen the
    municipal pages send it to the region's page; reading one, nothing it sends changes anything."""
    iro = regional(app)
    REGION_READS = _region_reads()
    for viewing in (False, True):
        if viewing:
            assert iro.get("/region/view/1?next=/plan/").status_code == 302
        for endpoint in list(routes(world)):
            method, url, allowed, data, _ = routes(world)[endpoint]
            if endpoint.startswith("region.") or allowed == "public" or endpoint in ("auth.logout", "auth.account"):
                continue
            before = snapshot(app)
            response = iro.get(url) if method == "GET" else iro.post(url, data=data or {})
            if method == "POST":  # the competitions part answers 404 for a municipality's it is not reading
                assert response.status_code in (403, 404), (endpoint, viewing, response.status_code)
                assert snapshot(app) == before, endpoint
            elif endpoint in REGION_READS and not viewing:  # the regional competitions' pages; the pickers
                assert response.status_code in (200, 403, 404), (endpoint, response.status_code)
                assert snapshot(app) == before, endpoint
            elif not viewing:
                assert response.status_code == 302 and response.headers["Location"].startswith("/region/"), endpoint
            else:
                assert response.status_code in (200, 302, 403, 404), (endpoint, response.status_code)
                assert snapshot(app) == before, endpoint


def test_the_regions_administrator_makes_a_municipality_and_its_administrator(app):
    admin = regional(app, Role.REGION_ADMIN, "region-admin")
    data = {"name": "Усть-Лабинский район", "short_name": "Усть-Лабинский р-н", "oktmo": "03657000",
            "admin_username": "ustlab", "admin_full_name": "Иванова И.И.", "admin_password": "password-1"}
    for bad, message in [({"oktmo": "12-34"}, "ОКТМО — 8 или 11 цифр."), ({"admin_password": "short"}, "не короче 8"),
                         ({"short_name": ""}, "Заполните это поле."), ({"admin_username": "iro admin"}, "латинские")]:
        refused = admin.post("/region/municipalities", data={**data, **bad})
        assert refused.status_code == 422 and message in refused.get_data(as_text=True), bad
        assert "Усть-Лабинский район" in refused.get_data(as_text=True)  # what was typed stays
    assert admin.post("/region/municipalities", data=data).status_code == 302
    again = admin.post("/region/municipalities", data={**data, "admin_username": "other"})
    assert again.status_code == 422 and "уже есть" in again.get_data(as_text=True)
    with app.app_context():
        made = db.session.scalar(select(Municipality).where(Municipality.short_name == "Усть-Лабинский р-н"))
        ustlab = db.session.scalar(select(User).where(User.username == "ustlab"))
        assert (made.oktmo, ustlab.role, ustlab.municipality_id) == ("03657000", Role.ADMIN, made.id)
        assert db.session.scalar(select(func.count()).select_from(Municipality)) == 2
    # Their administrator keeps their own accounts only, and may not make the region's.
    client = app.test_client()
    login(client, "ustlab", "password-1")
    theirs = Actor(client, ustlab.id)
    users = theirs.get("/users").get_data(as_text=True)
    assert "ustlab" in users and "region-admin" not in users
    refused = theirs.post("/users", data={"username": "sneaky", "role": Role.REGION_METHODIST, "organisation_id": "0",
                                          "password": "password-2"})
    assert refused.status_code == 422
    assert theirs.get("/region/").status_code == 403 and theirs.get("/region/municipalities").status_code == 403
    made_user = theirs.post("/users", data={"username": "ustlab-metod", "role": Role.METHODIST, "organisation_id": "0",
                                            "password": "password-2"})
    assert made_user.status_code == 302
    with app.app_context():
        assert db.session.scalar(select(User.municipality_id).where(User.username == "ustlab-metod")) == made.id
    # The region's methodist may not make municipalities.
    assert regional(app).post("/region/municipalities", data=data).status_code == 403


def test_the_regions_course_table_adds_up_the_municipalities_own_tables(app, region):
    """A row per municipality equal to that municipality's own regional table, and the region's sum;
    the workbook the same, cell by cell."""
    from io import BytesIO

    from openpyxl import load_workbook
    with app.app_context():
        provider = db.session.scalar(select(CourseProvider))
        baksan = db.session.scalar(select(Person).where(Person.full_name == "Баксанский Б.Б."))
        plain = db.session.scalar(select(Person).where(Person.full_name == "Простая П.П."))
        db.session.add_all([
            Course(organisation_id=baksan.organisation_id, person_id=baksan.id, provider_id=provider.id,
                   programme_title="Переподготовка", hours=520, form="distance", starts_on=date(2025, 1, 10),
                   ends_on=date(2025, 11, 30)),
            Course(organisation_id=plain.organisation_id, person_id=plain.id, provider_id=provider.id,
                   programme_title="Проектная деятельность", hours=108, form="blended", starts_on=date(2025, 3, 1),
                   ends_on=date(2025, 4, 1)),
            Course(organisation_id=plain.organisation_id, person_id=plain.id, provider_id=provider.id,
                   programme_title="Функциональная грамотность", hours=36, starts_on=date(2025, 5, 1),
                   ends_on=date(2025, 5, 20))])
        db.session.commit()
    iro = regional(app)
    html = iro.get("/region/courses?year=2025").get_data(as_text=True)
    # trained, retraining / short / long, full-time / part-time / distance
    assert cells(html, "Калининский район") == ["2", "0", "2", "1", "2", "1", "0"]
    assert cells(html, "Городской округ Баксан") == ["1", "1", "0", "0", "0", "0", "1"]
    total = re.search(r'<tr class="total">.*?</tr>', html, re.S).group(0)
    assert [" ".join(re.sub(r"<[^>]+>", " ", c).split()) for c in re.findall(r"<td[^>]*>(.*?)</td>", total, re.S)] == \
        ["Регион", "3", "1", "2", "1", "2", "1", "1"]
    # Each municipality's own table (/courses/summary) says the same, kind by kind.
    from app.courses.queries import regional_table
    from app.municipalities.scope import enter
    for municipality, expected in ((region["first"], [0, 2, 1]), (region["second"], [1, 0, 0])):
        with app.test_request_context():
            enter(municipality)
            assert [row.total for row in regional_table(2025)] == expected
    book = load_workbook(BytesIO(iro.get("/region/courses.xlsx?year=2025").data))
    rows = [[c for c in row] for row in book.active.iter_rows(min_row=4, values_only=True)]
    assert rows == [["Городской округ Баксан", 1, 1, 0, 0, 0, 0, 1], ["Калининский район", 2, 0, 2, 1, 2, 1, 0],
                    ["Регион", 3, 1, 2, 1, 2, 1, 1]]


def test_the_regions_competition_table_adds_up_the_municipalities_participation(app, region):
    """Accepted entries of the school year by the municipality of their school: people once a row
    and once a column; a cancelled competition and an entry not accepted count nothing."""
    from io import BytesIO

    from openpyxl import load_workbook

    from app.competitions.models import entry_members
    from app.competitions.queries import municipality, participation
    from app.municipalities.scope import enter
    with app.app_context():
        kind = db.session.scalar(select(CompetitionKind))
        people = {p.full_name: p for p in db.session.scalars(select(Person))}
        regional_contest = Competition(kind=kind, title="Учитель года Кубани", level="regional", school_year=2026,
                                       municipality_id=region["first"], owner_id=region["k1"], organiser_name="ИРО")
        baksan_regional = Competition(kind=kind, title="Учитель года Кубани", level="regional", school_year=2026,
                                      municipality_id=region["second"], owner_id=region["b1"], organiser_name="ИРО")
        outside = Competition(kind=kind, title="Лучший урок", level="federal", school_year=2026, municipality_id=region["second"],
                              owner_id=region["b1"], organiser_name="Минпросвещения")
        cancelled = Competition(kind=kind, title="Отменённый", level="municipal", school_year=2026, status="cancelled",
                                municipality_id=region["first"])
        db.session.add_all([regional_contest, baksan_regional, outside, cancelled])
        db.session.flush()
        for contest, name, result in [(regional_contest, "Обученная О.О.", "winner"),
                                      (baksan_regional, "Баксанский Б.Б.", "participant"),
                                      (outside, "Баксанский Б.Б.", "prize"), (cancelled, "Простая П.П.", "")]:
            person = people[name]
            entry = Entry(competition_id=contest.id, organisation_id=person.organisation_id, status="accepted",
                          result=result, submitted_at=datetime(2026, 10, 1))
            db.session.add(entry)
            db.session.flush()
            db.session.execute(entry_members.insert().values(entry_id=entry.id, person_id=person.id,
                                                             competition_id=contest.id, nomination_key=0))
        db.session.commit()
    iro = regional(app)
    html = iro.get("/region/competitions?year=2026").get_data(as_text=True)
    # people, municipal / regional / federal / international, winners and prize-winners
    assert cells(html, "Калининский район") == ["1", "0", "1", "0", "0", "1"]
    assert cells(html, "Городской округ Баксан") == ["1", "0", "1", "1", "0", "1"]
    # Each municipality's own participation report counts the same people.
    for m, expected in ((region["first"], 1), (region["second"], 2)):
        with app.test_request_context():
            enter(m)
            assert sum(r.people for r in municipality(participation(2026))) == expected
    book = load_workbook(BytesIO(iro.get("/region/competitions.xlsx?year=2026").data))
    assert [list(r) for r in book.active.iter_rows(min_row=4, values_only=True)] == [
        ["Городской округ Баксан", 1, 0, 1, 1, 0, 1], ["Калининский район", 1, 0, 1, 0, 0, 1],
        ["Регион", 2, 0, 2, 1, 0, 2]]


def test_the_regions_mentor_table_uses_the_municipalities_own_columns(app, region):
    from io import BytesIO

    from openpyxl import load_workbook

    from app.mentoring.models import MentorProfile, MentoringForm, Pair, pair_mentees
    with app.app_context():
        form = db.session.scalar(select(MentoringForm))
        people = {p.full_name: p for p in db.session.scalars(select(Person))}
        for mentor, mentee, school, active in [("Обученная О.О.", "Молодая М.М.", "k1", True),
                                               ("Простая П.П.", "Диагностированная Д.Д.", "k2", False),
                                               ("Баксанский Б.Б.", None, "b1", True)]:
            pair = Pair(organisation_id=region[school], mentor_id=people[mentor].id, form_id=form.id,
                        starts_on=date(2026, 9, 1) if active else date(2020, 9, 1),
                        ends_on=date(2027, 5, 31) if active else date(2021, 5, 31), status="active" if active else "completed")
            db.session.add(pair)
            db.session.flush()
            if mentee:
                db.session.execute(pair_mentees.insert().values(pair_id=pair.id, person_id=people[mentee].id))
        db.session.add_all([MentorProfile(person_id=people["Обученная О.О."].id, courses_in_region=True),
                            MentorProfile(person_id=people["Баксанский Б.Б."].id, from_outside=True, needs_training=True)])
        db.session.commit()
    iro = regional(app)
    html = iro.get("/region/mentors?year=2026").get_data(as_text=True)
    # staff, from outside, courses in the region / elsewhere, otherwise in the region / elsewhere, need training
    assert cells(html, "Калининский район") == ["1", "0", "1", "0", "0", "0", "0"]
    assert cells(html, "Городской округ Баксан") == ["0", "1", "0", "0", "0", "0", "1"]
    book = load_workbook(BytesIO(iro.get("/region/mentors.xlsx?year=2026").data))
    assert [list(r) for r in book.active.iter_rows(min_row=4, values_only=True)] == [
        ["Городской округ Баксан", 0, 1, 0, 0, 0, 0, 1], ["Калининский район", 1, 0, 1, 0, 0, 0, 0],
        ["Регион", 1, 1, 1, 0, 0, 0, 1]]


def test_each_municipalitys_plan_deadlines_and_index_are_those_of_its_own_indicators(app, worked_example):  # noqa: F811
    """The worked example of tests/test_indicators.py (Инр 0.75, band 3) in the first municipality,
    seven of its ten 2023 deadlines marked done on time; a second municipality has no programme.
    Each row loads its two plan cells after the page, in the same queries whatever the plan's size."""
    from app.marks.models import CompletionMark
    from app.plan.models import Occurrence
    from tests.conftest import count_queries
    from tests.test_municipalities import another_municipality
    with app.app_context():
        marks = db.session.execute(select(CompletionMark, Occurrence.due_date)
                                   .join(Occurrence, Occurrence.id == CompletionMark.occurrence_id)
                                   .order_by(Occurrence.due_date)).all()
        for n, (mark, due) in enumerate(marks):
            mark.done_on = due if n < 7 else date(due.year, 12, 31)  # the eighth late
        db.session.commit()
        second = another_municipality()
        first = db.session.scalar(select(Municipality.id).order_by(Municipality.id))
    iro = regional(app)
    page = iro.get("/region/?year=2023").get_data(as_text=True)
    assert f'hx-get="/region/plan-figures/{first}?year=2023"' in page
    assert f'hx-get="/region/plan-figures/{second["municipality"]}?year=2023"' in page
    with count_queries(app) as few:
        cells_ = iro.get(f"/region/plan-figures/{first}?year=2023", htmx=True)
    html = cells_.get_data(as_text=True)
    assert cells_.status_code == 200 and html.count("<td") == 2
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    assert text == "70 % 7 из 10 отметок в срок 0.75 умеренная эффективность"
    assert f'href="/region/view/{first}?next=/plan/{worked_example.id}/index?year%3D2023"' in html
    other = " ".join(re.sub(r"<[^>]+>", " ", iro.get(f"/region/plan-figures/{second['municipality']}?year=2023")
                            .get_data(as_text=True)).split())
    assert other == "нет программы на 2023 год —"
    # The figures are the municipality's own: its index page says the same.
    iro.get(f"/region/view/{first}?next=/plan/")
    own = iro.get(f"/plan/{worked_example.id}/index?year=2023").get_data(as_text=True)
    assert '<td id="index-value"><strong>0.75</strong>' in own
    # A bigger plan, the same queries.
    iro.get("/region/leave")
    with app.app_context():
        from app.plan.models import Activity, Participants, Section
        section = db.session.scalars(select(Section).where(Section.programme_id == worked_example.id)).first()
        for n in range(30):
            db.session.add(Activity(section=section, position=100 + n, title=f"Ещё {n}", participants=Participants.ALL_SCHOOLS,
                                    responsible_people=[], organisations=[],
                                    occurrences=[Occurrence(label="2023", due_date=date(2023, 5, 1))]))
        db.session.commit()
    with count_queries(app) as many:
        assert iro.get(f"/region/plan-figures/{first}?year=2023", htmx=True).status_code == 200
    assert len(many) == len(few)
    # A municipality's account cannot ask; an unknown municipality or a year out of range is not found.
    assert iro.get("/region/plan-figures/987654?year=2023").status_code == 404
    assert iro.get(f"/region/plan-figures/{first}?year=1900").status_code == 404
    assert iro.get(f"/region/plan-figures/{first}").status_code == 404
