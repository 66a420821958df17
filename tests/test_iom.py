"""The year's diagnostic of deficits and the teacher's individual route (ИОМ): entered by the
teacher's school, steps done when their linked record says so, the deficits summary and shares."""
from datetime import date, datetime

import pytest
from sqlalchemy import select

from app.auth.models import Role
from app.courses.deficits import deficit_summary, route_figures
from app.courses.models import Course, CourseProvider
from app.courses.route_models import CompetenceArea, DiagnosticResult, IndividualRoute, RouteStep
from app.events.models import Event, EventFormat, Registration
from app.extensions import db
from app.registry.models import Person

from .conftest import count_queries

YEAR = 2025  # the school year 2025/26; the tests run on 15 November 2025


@pytest.fixture
def school(app, make_org, freeze):
    freeze(datetime(2025, 11, 15, 10))
    org = make_org("СОШ № 1")
    other = make_org("СОШ № 2")
    with app.app_context():
        people = [Person(full_name=n, organisation_id=org.id) for n in ("Аринина А.А.", "Борисова Б.Б.")]
        stranger = Person(full_name="Громова Г.Г.", organisation_id=other.id)
        db.session.add_all([*people, stranger])
        db.session.commit()
        areas = {a.name: a.id for a in db.session.scalars(select(CompetenceArea))}
        return dict(org=org, other=other, a=people[0].id, b=people[1].id, stranger=stranger.id, areas=areas)


def deficits_of(app, person_id):
    with app.app_context():
        result = db.session.scalars(select(DiagnosticResult).where(DiagnosticResult.person_id == person_id,
                                                                   DiagnosticResult.year == YEAR)).first()
        return None if result is None else sorted(a.name for a in result.deficits)


def test_a_school_enters_the_diagnostic_row_by_row(app, actor, school):
    coordinator = actor(Role.SCHOOL, organisation=school["org"])
    digital, literacy = school["areas"]["цифровые"], school["areas"]["функциональная грамотность"]
    row = coordinator.post(f"/courses/diagnostics/{school['a']}?year={YEAR}", htmx=True,
                           data={"took": "1", "area": [str(digital), str(literacy)]})
    assert row.status_code == 200 and row.get_data(as_text=True).strip().startswith(f'<tr id="diag-{school["a"]}" class="took"')
    assert deficits_of(app, school["a"]) == ["функциональная грамотность", "цифровые"]
    coordinator.post(f"/courses/diagnostics/{school['a']}?year={YEAR}", htmx=True, data={"took": "1", "area": str(digital)})
    assert deficits_of(app, school["a"]) == ["цифровые"]
    coordinator.post(f"/courses/diagnostics/{school['a']}?year={YEAR}", htmx=True, data={})
    assert deficits_of(app, school["a"]) is None  # unchecked: did not take it
    # Another school's teacher: refused, nothing written.
    refused = coordinator.post(f"/courses/diagnostics/{school['stranger']}?year={YEAR}", data={"took": "1"})
    assert refused.status_code == 403 and deficits_of(app, school["stranger"]) is None
    page = coordinator.get(f"/courses/diagnostics?year={YEAR}").get_data(as_text=True)
    assert "Аринина А.А." in page and "Громова" not in page


def add_step(who, person_id, **data):
    return who.post(f"/courses/routes/{person_id}/steps?year={YEAR}", data=data)


def test_a_route_is_built_and_its_steps_are_done_by_their_records(app, actor, school):
    with app.app_context():
        provider = db.session.scalar(select(CourseProvider.id))
        finished = Course(person_id=school["a"], organisation_id=school["org"].id, provider_id=provider,
                          programme_title="Цифровая школа", hours=36, starts_on=date(2025, 10, 1),
                          ends_on=date(2025, 10, 20))
        seminar = db.session.scalar(select(EventFormat))
        event = Event(format=seminar, topic="Семинар по функциональной грамотности", starts_at=datetime(2025, 11, 10, 10),
                      ends_at=datetime(2025, 11, 10, 12), registered_count=1)
        db.session.add_all([finished, event])
        db.session.flush()
        registration = Registration(event_id=event.id, person_id=school["a"], organisation_id=school["org"].id,
                                    registered_at=datetime(2025, 11, 1), attended=False)
        db.session.add(registration)
        db.session.commit()
        course_id, event_id, registration_id = finished.id, event.id, registration.id
    coordinator = actor(Role.SCHOOL, organisation=school["org"])
    bad = add_step(coordinator, school["a"], kind="self", text="Чтение", deadline="когда-нибудь")
    body = bad.get_data(as_text=True)
    assert bad.status_code == 422 and "Срок не распознан" in body and 'value="Чтение"' in body
    assert add_step(coordinator, school["a"], kind="course", text="Курсы", deadline="октябрь 2025",
                    area=str(school["areas"]["цифровые"]), link=f"course:{course_id}").status_code == 302
    assert add_step(coordinator, school["a"], kind="event", text="Семинар", deadline="ноябрь 2025",
                    link=f"event:{event_id}").status_code == 302
    assert add_step(coordinator, school["a"], kind="lesson", text="Открытый урок", deadline="март 2026").status_code == 302
    page = coordinator.get(f"/courses/routes/{school['a']}?year={YEAR}").get_data(as_text=True)
    assert "выполнено 1 из 3" in page  # the course has ended; the seminar not attended yet

    with app.app_context():
        db.session.get(Registration, registration_id).attended = True
        db.session.commit()
        lesson = db.session.scalars(select(RouteStep).where(RouteStep.kind == "lesson")).one().id
    assert "выполнено 2 из 3" in coordinator.get(f"/courses/routes/{school['a']}?year={YEAR}").get_data(as_text=True)
    coordinator.post(f"/courses/steps/{lesson}/done", data={"done": "1"})
    assert "выполнено 3 из 3" in coordinator.get(f"/courses/routes/{school['a']}?year={YEAR}").get_data(as_text=True)

    # Another school may not read or change the route; a link to someone else's record is refused.
    other = actor(Role.SCHOOL, organisation=school["other"])
    assert other.get(f"/courses/routes/{school['a']}?year={YEAR}").status_code == 403
    assert other.post(f"/courses/steps/{lesson}/delete").status_code == 403
    refused = add_step(coordinator, school["b"], kind="course", text="Чужие курсы", deadline="май 2026",
                       link=f"course:{course_id}")
    assert refused.status_code == 422 and "Выберите запись из списка." in refused.get_data(as_text=True)


def test_the_deficits_summary_and_the_shares(app, actor, school):
    with app.app_context():
        digital = db.session.get(CompetenceArea, school["areas"]["цифровые"])
        for person_id in (school["a"], school["b"]):
            db.session.add(DiagnosticResult(person_id=person_id, organisation_id=school["org"].id, year=YEAR,
                                            deficits=[digital]))
        route = IndividualRoute(person_id=school["a"], organisation_id=school["org"].id, year=YEAR)
        route.steps = [RouteStep(kind="self", text="Вебинары", deadline_text="декабрь 2025", due_on=date(2025, 12, 31),
                                 area_id=digital.id)]
        db.session.add(route)
        db.session.commit()
        rows = {area.name: (with_deficit, addressed) for area, with_deficit, addressed in deficit_summary(YEAR, None)}
        assert rows["цифровые"] == (2, 1) and rows["методические"] == (0, 0)
        assert deficit_summary(YEAR, school["other"].id)[0][1:] == (0, 0)
        figures = route_figures(YEAR, None)
        assert (figures["teachers"], figures["took"], figures["routed"]) == (3, 2, 1)
        assert (figures["took_share"], figures["routed_share"]) == (66.7, 33.3)
    page = actor(Role.METHODIST).get(f"/courses/deficits?year={YEAR}").get_data(as_text=True)
    assert "без шага: 1" in page


def test_route_and_diagnostic_pages_have_a_fixed_number_of_queries(app, actor, school):
    methodist = actor(Role.METHODIST)
    pages = [f"/courses/routes/{school['a']}?year={YEAR}", f"/courses/diagnostics?year={YEAR}&org={school['org'].id}",
             f"/courses/diagnostics?year={YEAR}", f"/courses/deficits?year={YEAR}"]

    def measure():
        counts = []
        for url in pages:
            with count_queries(app) as statements:
                assert methodist.get(url).status_code == 200, url
            counts.append(len(statements))
        return counts

    area = str(school["areas"]["цифровые"])
    add_step(methodist, school["a"], kind="self", text="Первый шаг", deadline="декабрь 2025", area=area)
    before = measure()
    for n in range(6):
        add_step(methodist, school["a"], kind="self", text=f"Шаг {n}", deadline="декабрь 2025", area=area)
    with app.app_context():
        db.session.add_all(Person(full_name=f"Учитель {n}", organisation_id=school["org"].id) for n in range(10))
        db.session.commit()
    assert measure() == before


def test_the_same_step_sent_twice_is_added_once(app, actor, school):
    coordinator = actor(Role.SCHOOL, organisation=school["org"])
    data = dict(kind="self", text="Вебинар ЦНППМ", deadline="декабрь 2025")
    assert add_step(coordinator, school["a"], **data).status_code == 302
    assert add_step(coordinator, school["a"], **data).status_code == 302
    with app.app_context():
        assert [s.text for s in db.session.scalars(select(RouteStep))] == ["Вебинар ЦНППМ"]
