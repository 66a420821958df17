"""Events: creation and validation, registration with capacity, attendance, the link to the
plan's completion marks, exports and certificates."""
import os
import threading
from datetime import date, datetime
from io import BytesIO

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.auth.models import Role
from app.events.models import Event, EventFormat, Registration
from app.events.registrations import take_seats
from app.extensions import db
from app.marks.models import CompletionMark
from app.plan.models import Activity, Participants, Section
from app.registry.models import Person

NOW = datetime(2023, 3, 1, 9, 0)


@pytest.fixture
def clock(freeze):
    return freeze(NOW)


@pytest.fixture
def school(make_org):
    return make_org("СОШ № 1")


@pytest.fixture
def teachers(app, school, make_org):
    other = make_org("СОШ № 2")
    with app.app_context():
        people = [Person(full_name=name, organisation_id=org.id, position="учитель")
                  for name, org in [("Андреева Анна", school), ("Борисов Борис", school), ("Васильева Вера", school),
                                    ("Чужой Учитель", other)]]
        db.session.add_all(people)
        db.session.commit()
        return [p.id for p in people]


def make_event(app, capacity=None, starts=datetime(2023, 3, 10, 10), **kw):
    with app.app_context():
        seminar = db.session.scalar(select(EventFormat).where(EventFormat.name == "семинар"))
        event = Event(format_id=seminar.id, topic=kw.pop("topic", "Функциональная грамотность"), starts_at=starts,
                      ends_at=starts.replace(hour=12), capacity=capacity, registered_count=0, **kw)
        db.session.add(event)
        db.session.commit()
        return event.id


def registrations(app, event_id):
    with app.app_context():
        return sorted(db.session.scalars(select(Registration.person_id).where(Registration.event_id == event_id)))


def count(app, event_id):
    with app.app_context():
        return db.session.get(Event, event_id).registered_count


def test_create_event_validation_keeps_input(actor, app, clock):
    methodist = actor(Role.METHODIST)
    with app.app_context():
        format_id = db.session.scalar(select(EventFormat.id).where(EventFormat.name == "вебинар"))
    data = {"csrf_token": methodist.token, "format_id": str(format_id), "topic": "Цифровая школа",
            "starts_at": "2023-04-05T15:00", "ends_at": "2023-04-05T14:00", "online_url": "ftp://files",
            "organiser_id": "0", "occurrence_id": "0"}
    response = methodist.client.post("/events/new", data=data)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Окончание не может быть раньше начала." in html
    assert "Ссылка должна начинаться с http:// или https://" in html and "Цифровая школа" in html
    with app.app_context():
        assert db.session.scalar(select(func.count(Event.id))) == 0
    response = methodist.client.post("/events/new", data={**data, "ends_at": "2023-04-05T16:30",
                                                           "online_url": "https://meet.example/x", "capacity": "30"})
    assert response.status_code == 302
    page = methodist.get(response.headers["Location"]).get_data(as_text=True)
    assert "Цифровая школа" in page and "из 30, свободно 30" in page


def test_new_event_from_a_plan_activity_is_prefilled(actor, app, make_programme, clock):
    programme = make_programme(activities=1)
    with app.app_context():
        activity = db.session.scalar(select(Activity).join(Section).where(Section.programme_id == programme.id))
        activity_id, september = activity.id, activity.occurrences[1]
        occurrence_id = september.id
    html = actor(Role.METHODIST).get(f"/events/new?activity={activity_id}&occurrence={occurrence_id}").get_data(
        as_text=True)
    assert "Мероприятие 1</textarea>" in html
    assert 'value="2023-09-01T10:00"' in html
    assert f'<option selected value="{occurrence_id}">сентябрь 2023</option>' in html


def test_coordinator_registers_own_teachers_in_place(actor, app, school, teachers, clock):
    event_id = make_event(app, capacity=10)
    coordinator = actor(Role.SCHOOL, organisation=school)
    page = coordinator.get(f"/events/{event_id}").get_data(as_text=True)
    assert 'name="person_id-q"' in page  # whom to register is found by name: only their own teachers
    offered = coordinator.get("/registry/people/pick?field=person_id&scope=keep&multiple=1&person_id-q=о",
                              htmx=True).get_data(as_text=True)
    assert "Борисов Борис" in offered and "Чужой Учитель" not in offered
    response = coordinator.post(f"/events/{event_id}/registrations", htmx=True,
                                data={"person_id": [str(teachers[0]), str(teachers[1])]})
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert body.strip().startswith('<section id="participants">')
    assert "Зарегистрировано: <strong>2</strong> из 10, свободно 8" in body
    assert registrations(app, event_id) == sorted(teachers[:2]) and count(app, event_id) == 2


@pytest.mark.parametrize("case", ["twice", "other_school", "after_start", "full", "cancelled"])
def test_registration_refusals_change_nothing(actor, app, school, teachers, clock, case):
    event_id = make_event(app, capacity=1)
    coordinator = actor(Role.SCHOOL, organisation=school)
    assert coordinator.post(f"/events/{event_id}/registrations", htmx=True,
                            data={"person_id": str(teachers[0])}).status_code == 200
    person, expected = {
        "twice": (teachers[0], (409, "Мест больше нет")),
        "other_school": (teachers[3], (403, "")),
        "after_start": (teachers[1], (422, "Регистрация закрыта: мероприятие уже началось.")),
        "full": (teachers[1], (409, "Мест больше нет: все места заняты.")),
        "cancelled": (teachers[1], (422, "Регистрация закрыта: мероприятие отменено.")),
    }[case]
    if case == "twice":
        with app.app_context():
            db.session.get(Event, event_id).capacity = 5
            db.session.commit()
        expected = (422, "Уже зарегистрирован(а): Андреева Анна.")
    if case == "after_start":
        app.config["NOW"] = datetime(2023, 3, 10, 10, 5)
    if case == "cancelled":
        with app.app_context():
            db.session.get(Event, event_id).status = "cancelled"
            db.session.commit()
    response = coordinator.post(f"/events/{event_id}/registrations", htmx=True, data={"person_id": str(person)})
    assert response.status_code == expected[0]
    assert expected[1] in response.get_data(as_text=True)
    assert registrations(app, event_id) == [teachers[0]] and count(app, event_id) == 1


def test_withdraw_before_start_only(actor, app, school, teachers, clock):
    event_id = make_event(app, capacity=2)
    coordinator = actor(Role.SCHOOL, organisation=school)
    coordinator.post(f"/events/{event_id}/registrations", data={"person_id": [str(t) for t in teachers[:2]]})
    with app.app_context():
        first, second = db.session.scalars(select(Registration.id).where(Registration.event_id == event_id)
                                           .order_by(Registration.id))
    assert coordinator.post(f"/events/{event_id}/registrations/{first}/delete", htmx=True).status_code == 200
    assert count(app, event_id) == 1
    app.config["NOW"] = datetime(2023, 3, 10, 11)
    response = coordinator.post(f"/events/{event_id}/registrations/{second}/delete", htmx=True)
    assert response.status_code == 422 and "только до начала" in response.get_data(as_text=True)
    assert count(app, event_id) == 1 and len(registrations(app, event_id)) == 1


@pytest.mark.skipif(not os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql"),
                    reason="the race needs PostgreSQL's row locks; runs in the PostgreSQL pass of .ci/run")
def test_last_seat_goes_to_exactly_one_of_two_connections(app, clock):
    event_id = make_event(app, capacity=5)
    with app.app_context():
        db.session.get(Event, event_id).registered_count = 4
        db.session.commit()
        engine = db.engine
    first, second = Session(engine), Session(engine)
    results = {}
    assert take_seats(first, event_id, 1)  # holds the row lock, not committed yet
    worker = threading.Thread(target=lambda: results.update(second=take_seats(second, event_id, 1)))
    worker.start()
    worker.join(timeout=0.5)
    assert worker.is_alive()  # the second waits for the first
    first.commit()
    worker.join(timeout=5)
    second.commit()
    first.close()
    second.close()
    assert results == {"second": False}
    assert count(app, event_id) == 5


def test_attendance_all_then_untick_one(actor, app, school, teachers, clock):
    event_id = make_event(app)
    methodist = actor(Role.METHODIST)
    methodist.post(f"/events/{event_id}/registrations", data={"person_id": [str(t) for t in teachers[:3]]})
    assert methodist.post(f"/events/{event_id}/attendance/all", htmx=True).status_code == 422  # not started yet
    app.config["NOW"] = datetime(2023, 3, 10, 13)
    body = methodist.post(f"/events/{event_id}/attendance/all", htmx=True).get_data(as_text=True)
    assert 'присутствовали: <strong id="attended-count">3</strong>' in body
    with app.app_context():
        registration_id = db.session.scalar(select(Registration.id).where(Registration.person_id == teachers[1]))
    response = methodist.post(f"/events/{event_id}/registrations/{registration_id}/attendance", htmx=True, data={})
    body = response.get_data(as_text=True)
    assert body.strip().startswith(f'<tr id="registration-{registration_id}">')
    assert '<strong id="attended-count" hx-swap-oob="true">2</strong>' in body
    with app.app_context():
        assert db.session.scalar(select(func.count()).where(Registration.attended.is_(True))) == 2


def test_holding_a_linked_event_marks_the_centre_done_and_cancelling_clears_it(actor, app, make_programme,
                                                                                make_org, clock):
    programme = make_programme(activities=1)  # it makes the centre too
    with app.app_context():
        activity = db.session.scalar(select(Activity).join(Section).where(Section.programme_id == programme.id))
        activity.participants = Participants.CENTRE
        db.session.commit()
        occurrence_id = activity.occurrences[0].id
        activity_id = activity.id
    event_id = make_event(app, activity_id=activity_id, occurrence_id=occurrence_id, starts=datetime(2022, 9, 15, 10))
    methodist = actor(Role.METHODIST)
    methodist.post(f"/events/{event_id}/status", data={"status": "held"})
    with app.app_context():
        mark = db.session.scalar(select(CompletionMark))
        assert mark.organisation.kind == "centre"
        assert mark.status == "done" and mark.done_on == date(2022, 9, 15) and (mark.source_kind, mark.source_id) == ("event", event_id)
        assert "Функциональная грамотность" in mark.evidence_ref and mark.evidence_url.endswith(f"/events/{event_id}")
    plan = methodist.get(f"/plan/{programme.id}").get_data(as_text=True)
    assert f'href="/events/{event_id}">15.09.2022</a> — проведено' in plan
    assert "сентябрь 2023: 0 из 1" in plan  # september 2022 is done: the next one is current
    methodist.post(f"/events/{event_id}/status", data={"status": "cancelled"})
    with app.app_context():
        mark = db.session.scalar(select(CompletionMark))
        assert mark.status == "not_started" and mark.source_id is None


def test_postpone_needs_a_new_date_and_keeps_the_old_one(actor, app, clock):
    event_id = make_event(app)
    methodist = actor(Role.METHODIST)
    response = methodist.post(f"/events/{event_id}/status", data={"status": "postponed"})
    assert response.status_code == 422 and "Укажите новую дату начала." in response.get_data(as_text=True)
    methodist.post(f"/events/{event_id}/status", data={"status": "postponed", "new_starts_at": "2023-04-12T10:00"})
    with app.app_context():
        event = db.session.get(Event, event_id)
        assert event.starts_at == datetime(2023, 4, 12, 10) and event.ends_at == datetime(2023, 4, 12, 12)
        assert event.postponed_from == datetime(2023, 3, 10, 10)


def test_delete_asks_when_attended_and_refuses_when_held(actor, app, school, teachers, clock):
    event_id = make_event(app)
    methodist = actor(Role.METHODIST)
    methodist.post(f"/events/{event_id}/registrations", data={"person_id": str(teachers[0])})
    app.config["NOW"] = datetime(2023, 3, 10, 13)
    methodist.post(f"/events/{event_id}/attendance/all")
    response = methodist.post(f"/events/{event_id}/delete")
    assert response.status_code == 409 and "отмечено присутствие 1 участника" in response.get_data(as_text=True)
    methodist.post(f"/events/{event_id}/status", data={"status": "held"})
    methodist.post(f"/events/{event_id}/delete", data={"confirm": "yes"})
    with app.app_context():
        assert db.session.get(Event, event_id) is not None  # held: cancel it instead
        db.session.get(Event, event_id).status = "cancelled"
        db.session.commit()
    assert methodist.post(f"/events/{event_id}/delete", data={"confirm": "yes"}).status_code == 302
    with app.app_context():
        assert db.session.get(Event, event_id) is None


def test_exports_and_certificates(actor, app, school, teachers, clock):
    event_id = make_event(app)
    methodist = actor(Role.METHODIST)
    methodist.post(f"/events/{event_id}/registrations", data={"person_id": [str(t) for t in teachers]})
    app.config["NOW"] = datetime(2023, 3, 10, 13)
    methodist.post(f"/events/{event_id}/attendance/all")
    with app.app_context():
        registration = db.session.scalar(select(Registration).where(Registration.person_id == teachers[3]))
        registration.attended = False
        db.session.commit()

    ws = load_workbook(BytesIO(methodist.get(f"/events/{event_id}/participants.xlsx").data)).active
    assert [c.value for c in ws[5]] == ["№", "ФИО", "Организация", "Должность", "Подпись"]
    assert [c.value for c in ws[6]] == [1, "Андреева Анна", "СОШ № 1", "учитель", None]
    assert ws.print_title_rows.replace("$", "") == "5:5"

    wb = load_workbook(BytesIO(methodist.get(f"/events/{event_id}/attendance.xlsx").data))
    by_school = [[c.value for c in row] for row in wb["По школам"].iter_rows(min_row=4)]
    assert by_school == [["СОШ № 1", 3, 3, 100], ["СОШ № 2", 1, 0, 0], ["Итого", 4, 3, 75]]

    history = load_workbook(BytesIO(methodist.get(f"/events/people/{teachers[0]}/history.xlsx").data)).active
    assert [c.value for c in history[4]][:3] == ["10.03.2023", "семинар", "Функциональная грамотность"]

    html = methodist.get(f"/events/{event_id}/certificates").get_data(as_text=True)
    assert html.count('<article class="certificate">') == 3 and "Чужой Учитель" not in html
    coordinator = actor(Role.SCHOOL, organisation=school)
    assert coordinator.get(f"/events/{event_id}/participants.xlsx").status_code == 403
    assert coordinator.get(f"/events/people/{teachers[3]}/history.xlsx").status_code == 403


def test_list_filters_calendar_and_upcoming(actor, app, clock):
    make_event(app, topic="Мартовский семинар")
    make_event(app, topic="Апрельский семинар", starts=datetime(2023, 4, 20, 10))
    head = actor(Role.HEAD)
    html = head.get("/events/?month=2023-04").get_data(as_text=True)
    assert "Апрельский семинар" in html and "Мартовский семинар" not in html
    fragment = head.get("/events/?month=2023-03", htmx=True, headers={"HX-Target": "event-results"}).get_data(as_text=True)
    assert fragment.strip().startswith('<div id="event-results">') and "Мартовский" in fragment
    calendar = head.get("/events/calendar?month=2023-03").get_data(as_text=True)
    assert "Календарь: март 2023" in calendar and "Мартовский семинар" in calendar
    home = head.get("/plan/").get_data(as_text=True)
    assert "Ближайшие мероприятия" in home and home.index("Мартовский") < home.index("Апрельский")


def test_event_list_query_count_is_fixed(actor, app, clock):
    from tests.conftest import count_queries
    head = actor(Role.HEAD)
    make_event(app)
    with count_queries(app) as few:
        head.get("/events/")
    for i in range(60):
        make_event(app, topic=f"Семинар {i}")
    with count_queries(app) as many:
        head.get("/events/")
    assert len(few) == len(many)
