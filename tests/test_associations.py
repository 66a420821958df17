"""Methodical associations (part 11): the district's РМО and the schools' ШМО, their members with
role and dates, the leadership appointed by order and the order's attachment."""
from datetime import date

import pytest
from sqlalchemy import func, select

from app.associations.models import Appointment, Association, Membership
from app.auth.models import Role
from app.extensions import db
from app.registry.models import Organisation, OrgKind, Person
from tests.test_permissions import snapshot

RMO = {"level": "district", "kind": "subject", "subject": "математика", "name": "РМО учителей математики",
       "status": "active"}


@pytest.fixture
def district(app, make_org, freeze):
    from datetime import datetime
    freeze(datetime(2026, 11, 20, 10))
    first, second = make_org("СОШ № 1"), make_org("СОШ № 2")
    with app.app_context():
        centre = Organisation(name="Методический центр", short_name="ЦОКО", kind=OrgKind.CENTRE)
        db.session.add(centre)
        db.session.flush()
        mine = Person(full_name="Математикова Анна Ивановна", organisation_id=first.id, subject="математика")
        theirs = Person(full_name="Чужая Вера Павловна", organisation_id=second.id, subject="математика")
        db.session.add_all([mine, theirs])
        db.session.commit()
        return dict(first=first, second=second, centre=centre.id, mine=mine.id, theirs=theirs.id)


def make_rmo(methodist, district) -> int:
    created = methodist.post("/associations/new", data={**RMO, "organisation_id": str(district["centre"])})
    assert created.status_code == 302
    return int(created.headers["Location"].rstrip("/").split("/")[-1])


def test_a_methodist_keeps_the_rmo_and_a_coordinator_their_schools_shmo(app, actor, district):
    methodist = actor(Role.METHODIST)
    before = snapshot(app)
    wrong = methodist.post("/associations/new", data={**RMO, "level": "school",
                                                      "organisation_id": str(district["centre"])})
    assert wrong.status_code == 422 and "ШМО) — объединение школы" in wrong.get_data(as_text=True)
    assert 'value="РМО учителей математики"' in wrong.get_data(as_text=True)  # the input kept
    assert methodist.post("/associations/new", data={**RMO, "name": "", "organisation_id": str(district["centre"])}
                          ).status_code == 422
    assert snapshot(app) == before
    rmo = make_rmo(methodist, district)
    twice = methodist.post("/associations/new", data={**RMO, "organisation_id": str(district["centre"])})
    assert twice.status_code == 409 and "уже есть" in twice.get_data(as_text=True)

    coordinator = actor(Role.SCHOOL, organisation=district["first"])
    assert coordinator.get(f"/associations/{rmo}/edit").status_code == 403
    assert coordinator.post(f"/associations/{rmo}/delete").status_code == 403
    shmo = coordinator.post("/associations/new", data={**RMO, "level": "school", "name": "ШМО математиков",
                                                       "organisation_id": str(district["first"].id)})
    assert shmo.status_code == 302
    other_school = coordinator.post("/associations/new", data={**RMO, "level": "school", "name": "ШМО чужое",
                                                               "organisation_id": str(district["second"].id)})
    assert other_school.status_code == 422  # not a choice for them
    listed = methodist.get("/associations/").get_data(as_text=True)
    assert "РМО учителей математики" in listed and "ШМО математиков" in listed


def test_members_are_added_by_their_own_coordinator_once_and_leave_on_a_day(app, actor, district):
    methodist = actor(Role.METHODIST)
    rmo = make_rmo(methodist, district)
    coordinator = actor(Role.SCHOOL, organisation=district["first"])
    before = snapshot(app)
    stranger = coordinator.post(f"/associations/{rmo}/members", data={
        "person_id": str(district["theirs"]), "role": "participant", "joined_on": "2026-09-01"})
    assert stranger.status_code == 403
    bad_role = coordinator.post(f"/associations/{rmo}/members", data={
        "person_id": str(district["mine"]), "role": "president", "joined_on": "2026-09-01"})
    assert bad_role.status_code == 422 and "Выберите роль из списка." in bad_role.get_data(as_text=True)
    assert snapshot(app) == before
    added = coordinator.post(f"/associations/{rmo}/members", data={
        "person_id": str(district["mine"]), "role": "coordinator", "joined_on": "2026-09-01"})
    assert added.status_code == 302
    again = coordinator.post(f"/associations/{rmo}/members", data={
        "person_id": str(district["mine"]), "role": "participant", "joined_on": "2026-10-01"})
    assert again.status_code == 409 and "уже в объединении" in again.get_data(as_text=True)
    with app.app_context():
        member = db.session.scalar(select(Membership))
        assert (member.role, member.joined_on, member.organisation_id) == ("coordinator", date(2026, 9, 1),
                                                                          district["first"].id)
    early = coordinator.post(f"/associations/members/{member.id}/leave", data={f"leave-{member.id}-left_on": "2026-08-01"})
    assert early.status_code == 422 and "Дата выхода — от 01.09.2026" in early.get_data(as_text=True)
    other = actor(Role.SCHOOL, organisation=district["second"])
    assert other.post(f"/associations/members/{member.id}/leave",
                      data={f"leave-{member.id}-left_on": "2026-11-01"}).status_code == 403
    assert coordinator.post(f"/associations/members/{member.id}/leave",
                            data={f"leave-{member.id}-left_on": "2026-11-01"}).status_code == 302
    with app.app_context():
        assert db.session.get(Membership, member.id).left_on == date(2026, 11, 1)
    person_page = methodist.get(f"/registry/people/{district['mine']}").get_data(as_text=True)
    assert "РМО учителей математики" in person_page and "с 01.09.2026 по 01.11.2026" in person_page


def test_leaders_appointed_by_order_print_as_its_attachment(app, actor, district):
    methodist = actor(Role.METHODIST)
    rmo = make_rmo(methodist, district)
    before = snapshot(app)
    backwards = methodist.post(f"/associations/{rmo}/appointments", data={
        "person_id": str(district["mine"]), "post": "leader", "order_number": "245", "order_date": "2026-09-05",
        "starts_on": "2026-09-01", "ends_on": "2026-08-31"})
    assert backwards.status_code == 422 and "Срок заканчивается раньше, чем начинается." in backwards.get_data(as_text=True)
    assert snapshot(app) == before
    assert methodist.post(f"/associations/{rmo}/appointments", data={
        "person_id": str(district["mine"]), "post": "leader", "order_number": "245", "order_date": "2026-09-05",
        "starts_on": "2026-09-01", "ends_on": "2027-08-31"}).status_code == 302
    listed = methodist.get("/associations/").get_data(as_text=True)
    assert "Математикова Анна Ивановна" in listed  # the leader, in the list
    order = methodist.get("/associations/orders").get_data(as_text=True)
    assert "Приложение" in order and "от 05.09.2026 № 245" in order
    assert "РМО учителей математики" in order and "руководитель" in order and "с 01.09.2026 по 31.08.2027" in order
    assert methodist.get("/associations/orders?number=999&date=2026-01-01").status_code == 404
    assert actor(Role.HEAD).get("/associations/orders").status_code == 200
    assert actor(Role.SCHOOL, organisation=district["first"]).get("/associations/orders").status_code == 403


def test_an_association_with_members_is_closed_not_deleted(app, actor, district):
    methodist = actor(Role.METHODIST)
    rmo = make_rmo(methodist, district)
    empty = methodist.post("/associations/new", data={**RMO, "name": "Пустое", "organisation_id": str(district["centre"])})
    empty_id = int(empty.headers["Location"].rstrip("/").split("/")[-1])
    methodist.post(f"/associations/{rmo}/members", data={"person_id": str(district["mine"]), "role": "participant",
                                                         "joined_on": "2026-09-01"})
    assert methodist.post(f"/associations/{rmo}/delete").status_code == 302
    assert methodist.post(f"/associations/{empty_id}/delete").status_code == 302
    with app.app_context():
        assert db.session.get(Association, rmo).status == "closed"
        assert db.session.get(Association, empty_id) is None
        assert db.session.scalar(select(func.count(Membership.id))) == 1
    met = methodist.post("/associations/new", data={**RMO, "name": "С заседанием",
                                                    "organisation_id": str(district["centre"])})
    met_id = int(met.headers["Location"].rstrip("/").split("/")[-1])
    methodist.post(f"/associations/{met_id}/meetings", data={"topic": "Первое", "day": "2026-10-01", "starts": "14:00",
                                                             "ends": "15:00"})
    assert methodist.post(f"/associations/{met_id}/delete").status_code == 302
    with app.app_context():
        assert db.session.get(Association, met_id).status == "closed"  # its meeting is in past reports
    closed = methodist.post(f"/associations/{rmo}/members", data={"person_id": str(district["theirs"]),
                                                                  "role": "participant", "joined_on": "2026-09-01"})
    assert closed.status_code == 409 and "Работа объединения завершена" in closed.get_data(as_text=True)


def test_the_list_and_a_page_take_the_same_queries_at_any_size(app, actor, district):
    """The list, an association's page, the quarter's participation, the school's outside events and
    publications, and both reports (page, XLSX)."""
    from datetime import datetime

    from app.associations.models import OutsideParticipation, Publication
    from app.events.models import Event, EventFormat, Registration
    from tests.conftest import count_queries
    methodist = actor(Role.METHODIST)
    rmo = make_rmo(methodist, district)
    methodist.post(f"/associations/{rmo}/members", data={"person_id": str(district["mine"]), "role": "participant",
                                                         "joined_on": "2026-09-01"})
    methodist.post(f"/associations/{rmo}/appointments", data={
        "person_id": str(district["mine"]), "post": "leader", "order_number": "245", "order_date": "2026-09-05",
        "starts_on": "2026-09-01"})
    methodist.post(f"/associations/{rmo}/meetings", data={"topic": "Первое", "day": "2026-10-01", "starts": "14:00",
                                                          "ends": "15:00"})
    methodist.post("/associations/network/participations", data={
        "person_id": str(district["mine"]), "event_title": "Чтения", "level": "regional", "held_on": "2026-10-15",
        "role": "speaker"})
    assert methodist.post("/associations/network/publications", data={
        "person_id": str(district["mine"]), "title": "Статья", "edition": "Сайт ЦОКО", "year": "2026"}).status_code == 302

    def counted():
        found = []
        for url in ("/associations/", f"/associations/{rmo}", "/associations/participation?year=2026&quarter=4",
                    "/associations/network",
                    "/associations/reports?from=2026-09-01&to=2026-11-30",
                    "/associations/reports.xlsx?from=2026-09-01&to=2026-11-30"):
            with count_queries(app) as statements:
                assert methodist.get(url).status_code == 200, url
            found.append(len(statements))
        return found

    few = counted()
    with app.app_context():
        for n in range(6):
            extra = Association(organisation_id=district["centre"], level="district", kind="subject",
                                name=f"РМО № {n}", created_at=date(2026, 9, 1))
            db.session.add(extra)
            person = Person(full_name=f"Участник {n}", organisation_id=district["first"].id)
            db.session.add(person)
            db.session.flush()
            db.session.add_all([Membership(association_id=rmo, person_id=person.id, organisation_id=person.organisation_id,
                                           joined_on=date(2026, 9, 1)),
                                Membership(association_id=extra.id, person_id=person.id,
                                           organisation_id=person.organisation_id, role="leader",
                                           joined_on=date(2026, 9, 1)),
                                Appointment(association_id=extra.id, person_id=person.id, post="leader",
                                            order_number="1", order_date=date(2026, 9, 1), starts_on=date(2026, 9, 1)),
                                OutsideParticipation(person_id=person.id, organisation_id=person.organisation_id,
                                                     event_title=f"Чтения {n}", level="regional",
                                                     held_on=date(2026, 10, 1 + n), role="speaker",
                                                     created_at=date(2026, 10, 1)),
                                Publication(person_id=person.id, organisation_id=person.organisation_id,
                                            title=f"Статья {n}", year=2026, created_at=datetime(2026, 10, 1))])
            meeting = Event(format_id=db.session.scalar(select(EventFormat.id)), topic=f"Заседание {n}",
                            starts_at=datetime(2026, 10, 1 + n, 14), ends_at=datetime(2026, 10, 1 + n, 15),
                            association_id=extra.id, status="held")
            db.session.add(meeting)
            db.session.flush()
            db.session.add(Registration(event_id=meeting.id, person_id=person.id,
                                        organisation_id=person.organisation_id, registered_at=datetime(2026, 9, 1),
                                        attended=True))
        db.session.commit()
    assert counted() == few


def test_the_leader_adds_a_meeting_marks_attendance_and_nothing_else(app, actor, district, make_user):
    from app.events.models import Event, Registration
    methodist = actor(Role.METHODIST)
    rmo = make_rmo(methodist, district)
    other = methodist.post("/associations/new", data={**RMO, "name": "РМО физиков",
                                                      "organisation_id": str(district["centre"])})
    other_id = int(other.headers["Location"].rstrip("/").split("/")[-1])
    for person in ("mine", "theirs"):
        methodist.post(f"/associations/{rmo}/members", data={"person_id": str(district[person]), "role": "participant",
                                                             "joined_on": "2026-09-01"})
    methodist.post(f"/associations/{rmo}/appointments", data={
        "person_id": str(district["mine"]), "post": "leader", "order_number": "245", "order_date": "2026-09-05",
        "starts_on": "2026-09-01"})
    leader = actor(Role.ASSOCIATION_LEADER)
    with app.app_context():
        from app.auth.models import User
        db.session.get(User, leader.user_id).person_id = district["mine"]
        db.session.commit()
    listed = leader.get("/associations/").get_data(as_text=True)
    assert "РМО учителей математики" in listed and "РМО физиков" not in listed
    assert leader.get(f"/associations/{other_id}").status_code == 403
    assert leader.get("/plan/").status_code == 403 and leader.get("/registry/people").status_code == 403
    before = snapshot(app)
    for refused in (f"/associations/{rmo}/edit", f"/associations/{rmo}/members", f"/associations/{rmo}/appointments",
                    f"/associations/{rmo}/delete", f"/associations/{other_id}/meetings"):
        assert leader.post(refused, data={"person_id": str(district["mine"])}).status_code == 403, refused
    bad = leader.post(f"/associations/{rmo}/meetings", data={"topic": "Итоги олимпиады", "day": "2026-11-18",
                                                             "starts": "15:00", "ends": "14:00"})
    assert bad.status_code == 422 and "Окончание — позже начала." in bad.get_data(as_text=True)
    assert snapshot(app) == before
    made = leader.post(f"/associations/{rmo}/meetings", data={"topic": "Итоги олимпиады", "day": "2026-11-18",
                                                              "starts": "14:00", "ends": "15:30", "place": "СОШ № 1"})
    assert made.status_code == 302
    with app.app_context():
        meeting = db.session.scalar(select(Event).where(Event.association_id == rmo))
        registrations = {r.person_id: r.id for r in db.session.scalars(select(Registration))}
    assert set(registrations) == {district["mine"], district["theirs"]}  # the members are the audience
    page = leader.get(f"/associations/meetings/{meeting.id}").get_data(as_text=True)
    assert "Чужая Вера Павловна" in page and "Сохранить посещаемость" in page
    assert leader.post(f"/associations/meetings/{meeting.id}",
                       data={"attended": str(registrations[district["mine"]])}).status_code == 302
    with app.app_context():
        came = {r.person_id: r.attended for r in db.session.scalars(select(Registration))}
        assert came == {district["mine"]: True, district["theirs"]: False}
        assert db.session.get(Event, meeting.id).status == "held"
    shown = methodist.get(f"/associations/{rmo}").get_data(as_text=True)
    assert "Итоги олимпиады" in shown and "1 из 2" in shown


def test_quarterly_participation_counted_by_hand_across_the_boundary(app, actor, district, freeze):
    """Q4 2026: a member who left on 30 September is out, one who joined on 31 December is in; the
    meeting on 30 September is Q3's, the one at 10:00 on 1 October and on 31 December are Q4's, a
    cancelled one counts for nobody."""
    from datetime import datetime

    from app.associations.participation import participation, quarter_bounds
    from app.events.models import Event, EventFormat, Registration
    freeze(datetime(2027, 1, 10, 10))
    first, second = district["first"].id, district["second"].id
    with app.app_context():
        rmo = Association(organisation_id=district["centre"], level="district", kind="subject", name="РМО математиков",
                          created_at=datetime(2026, 9, 1))
        db.session.add(rmo)
        people = {}
        for name, school in (("Алла", first), ("Борис", first), ("Вера", second), ("Глеб", second)):
            people[name] = Person(full_name=f"{name} Тестовый", organisation_id=school)
        db.session.add_all(people.values())
        db.session.flush()
        for name, joined, left in (("Алла", date(2026, 9, 1), None), ("Борис", date(2026, 9, 1), date(2026, 9, 30)),
                                   ("Вера", date(2026, 12, 31), None), ("Глеб", date(2026, 10, 1), None)):
            db.session.add(Membership(association_id=rmo.id, person_id=people[name].id,
                                      organisation_id=people[name].organisation_id, joined_on=joined, left_on=left))
        format_id = db.session.scalar(select(EventFormat.id))
        for when, status, present, absent in ((datetime(2026, 9, 30, 15), "held", ["Алла"], ["Борис"]),
                                              (datetime(2026, 10, 1, 10), "held", ["Алла"], ["Глеб"]),
                                              (datetime(2026, 12, 31, 14), "held", ["Вера"], []),
                                              (datetime(2026, 11, 1, 14), "cancelled", ["Глеб"], [])):
            meeting = Event(format_id=format_id, topic=f"Заседание {when:%d.%m}", starts_at=when,
                            ends_at=when.replace(hour=when.hour + 1), association_id=rmo.id, status=status)
            db.session.add(meeting)
            db.session.flush()
            for name in present + absent:
                db.session.add(Registration(event_id=meeting.id, person_id=people[name].id,
                                            organisation_id=people[name].organisation_id,
                                            registered_at=datetime(2026, 9, 1), attended=name in present))
        db.session.commit()
    with app.test_request_context():
        q4 = participation(*quarter_bounds(2026, 4))
        q3 = participation(*quarter_bounds(2026, 3))
        assert quarter_bounds(2026, 4) == (date(2026, 10, 1), date(2026, 12, 31))
        assert (q4.members, q4.attended) == (3, 2)
        assert [(r.members, r.attended, [(m.starts_at.day, p, n) for m, p, n in r.meetings]) for r in q4.associations] \
            == [(3, 2, [(1, 1, 2), (31, 1, 1)])]
        assert [(s.organisation.short_name, s.members, s.attended) for s in q4.schools] == [("СОШ № 1", 1, 1),
                                                                                         ("СОШ № 2", 2, 1)]
        assert [(m.person.full_name, held) for m, held in q4.absent] == [("Глеб Тестовый", 2)]
        assert (q3.members, q3.attended) == (2, 1)
        assert [m.person.full_name for m, _ in q3.absent] == ["Борис Тестовый"]
    methodist = actor(Role.METHODIST)
    page = methodist.get("/associations/participation?year=2026&quarter=4").get_data(as_text=True)
    assert "IV квартал 2026 года" in page and "01.10.2026 — 1 из 2" in page and "Глеб Тестовый" in page
    printed = methodist.get("/associations/participation?year=2026&quarter=4&print=1&number=12&date=2027-01-09")
    text = printed.get_data(as_text=True)
    assert "Приложение" in text and "от 09.01.2027 № 12" in text and "с мониторингом участия педагогов" in text
    assert methodist.get("/associations/participation?year=2026&quarter=5").status_code == 404


def test_outside_participation_and_publications_refuse_bad_input(app, actor, district):
    coordinator = actor(Role.SCHOOL, organisation=district["first"])
    good = {"person_id": str(district["mine"]), "event_title": "Краевые педагогические чтения", "level": "regional",
            "held_on": "2026-10-15", "role": "speaker"}
    before = snapshot(app)
    assert coordinator.post("/associations/network/participations",
                            data={**good, "person_id": str(district["theirs"])}).status_code == 403
    for change, message in (({"role": "лектор"}, "Выберите роль из списка."),
                            ({"level": "galactic"}, "Выберите уровень из списка."),
                            ({"held_on": "1999-05-01"}, "первый учебный год в системе"),
                            ({"held_on": "2027-05-01"}, "до сегодняшнего дня"),
                            ({"event_title": ""}, "Заполните")):
        refused = coordinator.post("/associations/network/participations", data={**good, **change})
        assert refused.status_code == 422 and message in refused.get_data(as_text=True), change
    bad_link = coordinator.post("/associations/network/publications", data={
        "person_id": str(district["mine"]), "title": "Опыт", "year": "2026", "link": "не ссылка"})
    assert bad_link.status_code == 422 and "https://" in bad_link.get_data(as_text=True)
    assert snapshot(app) == before
    assert coordinator.post("/associations/network/participations", data=good).status_code == 302
    twice = coordinator.post("/associations/network/participations", data=good)
    assert twice.status_code == 409 and "уже записано" in twice.get_data(as_text=True)
    assert coordinator.post("/associations/network/publications", data={
        "person_id": str(district["mine"]), "title": "Опыт подготовки к олимпиаде", "edition": "Педсовет.su",
        "year": "2026", "link": "https://pedsovet.su/opyt"}).status_code == 302
    page = actor(Role.METHODIST).get("/associations/network").get_data(as_text=True)
    assert "Краевые педагогические чтения" in page and "Опыт подготовки к олимпиаде" in page
    person = actor(Role.METHODIST).get(f"/registry/people/{district['mine']}").get_data(as_text=True)
    assert "15.10.2026 — Краевые педагогические чтения (региональный), докладчик" in person
    assert "2026 — публикация «Опыт подготовки к олимпиаде», Педсовет.su" in person


@pytest.fixture
def network(app, district):
    """By hand: Математикова (СОШ № 1) — a participant of the РМО all autumn and its leader by role;
    Чужая (СОШ № 2) — a member until 31 August 2026 only, a speaker at the centre's seminar on 12
    October and at the region's readings; a third teacher of СОШ № 2 was present at the seminar.
    СОШ № 1 keeps its staff in employments (2 people at work, one a part-timer not counted)."""
    from datetime import datetime

    from app.events.models import Event, EventFormat, Registration
    from app.staff.models import Employment
    with app.app_context():
        rmo = Association(organisation_id=district["centre"], level="district", kind="subject",
                          name="РМО учителей математики", created_at=datetime(2025, 9, 1))
        db.session.add(rmo)
        third = Person(full_name="Третья Ирина Олеговна", organisation_id=district["second"].id)
        part_timer = Person(full_name="Совместитель Олег Иванович", organisation_id=district["first"].id)
        db.session.add_all([third, part_timer])
        db.session.flush()
        db.session.add_all([
            Membership(association_id=rmo.id, person_id=district["mine"], organisation_id=district["first"].id,
                       role="leader", joined_on=date(2025, 9, 1)),
            Membership(association_id=rmo.id, person_id=district["theirs"], organisation_id=district["second"].id,
                       role="participant", joined_on=date(2025, 9, 1), left_on=date(2026, 8, 31)),
            *[Employment(person_id=p, organisation_id=district["first"].id, position="учитель", category="teacher",
                         main_job=main, started_on=date(2020, 9, 1), created_at=datetime(2020, 9, 1))
              for p, main in ((district["mine"], True), (part_timer.id, False))]])
        seminar = Event(format_id=db.session.scalar(select(EventFormat.id).where(EventFormat.name == "семинар")),
                        topic="Функциональная грамотность", starts_at=datetime(2026, 10, 12, 10),
                        ends_at=datetime(2026, 10, 12, 12), status="held")
        seminar.speakers = [db.session.get(Person, district["theirs"])]
        db.session.add(seminar)
        db.session.flush()
        db.session.add(Registration(event_id=seminar.id, person_id=third.id, organisation_id=district["second"].id,
                                    registered_at=datetime(2026, 10, 1), attended=True))
        from app.associations.models import OutsideParticipation
        db.session.add(OutsideParticipation(person_id=district["theirs"], organisation_id=district["second"].id,
                                            event_title="Краевые педагогические чтения", level="regional",
                                            held_on=date(2026, 11, 5), role="speaker", created_at=datetime.now()))
        db.session.commit()
    return district


def test_the_network_reports_counted_by_hand_page_and_xlsx(app, actor, network):
    from io import BytesIO

    from openpyxl import load_workbook
    methodist = actor(Role.METHODIST)
    page = methodist.get("/associations/reports?from=2026-09-01&to=2026-11-30").get_data(as_text=True)
    assert "Функциональная грамотность" in page and "Краевые педагогические чтения" in page
    book = load_workbook(BytesIO(methodist.get("/associations/reports.xlsx?from=2026-09-01&to=2026-11-30").data))
    members, events = book["Объединения"], book["Мероприятия"]
    assert [c.value for c in members[4]] == [1, 2, 3, 4, 5, 6]
    assert members["C3"].value.startswith("Численность педагогических работников (без внешних совместителей)")
    # СОШ № 1: one at work without part-timers (employments); СОШ № 2 has none recorded: its 2 registry people.
    rows = [[c.value for c in row] for row in members.iter_rows(min_row=5)]
    assert rows == [[1, "СОШ № 1", 1, "РМО учителей математики", 1, "руководитель"],
                    [2, "Итого по муниципалитету", 3, "РМО учителей математики", 1, "руководитель"]]
    rows = [[c.value for c in row] for row in events.iter_rows(min_row=5)]
    assert rows == [
        [1, "СОШ № 2", 2, "Краевые педагогические чтения", "региональный", "докладчик", 1],
        [2, "СОШ № 2", 2, "семинар «Функциональная грамотность»", "муниципальный", "докладчик", 1],
        [3, "СОШ № 2", 2, "семинар «Функциональная грамотность»", "муниципальный", "участник", 1],
        [4, "Итого по муниципалитету", 3, "Краевые педагогические чтения", "региональный", "докладчик", 1],
        [5, "Итого по муниципалитету", 3, "семинар «Функциональная грамотность»", "муниципальный", "докладчик", 1],
        [6, "Итого по муниципалитету", 3, "семинар «Функциональная грамотность»", "муниципальный", "участник", 1]]
    # The spring: Чужая was still a member.
    spring = load_workbook(BytesIO(methodist.get("/associations/reports.xlsx?from=2026-03-01&to=2026-05-31").data))
    assert [[c.value for c in row][1:] for row in spring["Объединения"].iter_rows(min_row=5)] == [
        ["СОШ № 1", 1, "РМО учителей математики", 1, "руководитель"],
        ["СОШ № 2", 2, "РМО учителей математики", 1, "участник"],
        ["Итого по муниципалитету", 3, "РМО учителей математики", 1, "руководитель"],
        ["Итого по муниципалитету", 3, "РМО учителей математики", 1, "участник"]]
    # A coordinator: their school's lines only.
    coordinator = actor(Role.SCHOOL, organisation=network["second"])
    own = coordinator.get("/associations/reports?from=2026-09-01&to=2026-11-30").get_data(as_text=True)
    assert "СОШ № 1" not in own and "Итого по муниципалитету" not in own and "Краевые педагогические чтения" in own
    assert methodist.get("/associations/reports?from=2026-12-01&to=2026-11-30").status_code == 400


def test_the_network_indicators_on_a_small_set_by_hand(app, network, freeze):
    """2026: teachers of the schools on staff at the end — Математикова (member), Чужая (speaker),
    Третья (present only), Совместитель (nothing): 4 people on staff (СОШ № 1 by employment: 2 at
    work; СОШ № 2: 2 registry people) → networked 2 of 4 = 50 %; schools with a teacher in an РМО in
    2026: both (Чужая was a member until August) → 2 of 2."""
    from datetime import datetime

    from app.indicators.computed import network_schools, network_teachers
    freeze(datetime(2026, 12, 1, 9))
    with app.test_request_context():
        assert network_teachers(None, 2026).value == 50.0 and network_teachers(None, 2026).detail == "2 из 4 педагогов"
        assert network_schools(None, 2026).value == 100.0 and network_schools(None, 2026).detail == "2 из 2 ОО"
        assert network_teachers(None, 2024).detail == "0 из 4 педагогов"
