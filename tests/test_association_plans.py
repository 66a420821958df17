"""An association's plan of work for a school year (part 11): the plan part's machinery for a
programme tied to the association — made on its page, edited by its leader and nobody else of the
leaders, deadlines read as the school year's, items marked done by the leader, and the leaders' work
monitored on the methodists' pages."""
from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from app.auth.models import Role, User
from app.extensions import db
from app.marks.models import CompletionMark
from app.plan.deadlines import parse_deadline
from app.plan.models import Activity, Occurrence, Participants, Programme, Section
from tests.conftest import count_queries
from tests.test_associations import RMO, district, make_rmo  # noqa: F401  (the fixture)
from tests.test_permissions import snapshot


def _id(response) -> int:
    return int(response.headers["Location"].rstrip("/").split("/")[-1].split("#")[0])


@pytest.fixture
def led(app, actor, district):  # noqa: F811
    """An РМО with its leader's account, a second РМО, and the methodist who made them."""
    methodist = actor(Role.METHODIST)
    rmo = make_rmo(methodist, district)
    other = _id(methodist.post("/associations/new", data={**RMO, "name": "РМО физиков",
                                                           "organisation_id": str(district["centre"])}))
    methodist.post(f"/associations/{rmo}/appointments", data={
        "person_id": str(district["mine"]), "post": "leader", "order_number": "245", "order_date": "2026-09-05",
        "starts_on": "2026-09-01"})
    leader = actor(Role.ASSOCIATION_LEADER)
    with app.app_context():
        db.session.get(User, leader.user_id).person_id = district["mine"]
        db.session.commit()
    return dict(methodist=methodist, leader=leader, rmo=rmo, other=other, **district)


def _new_plan(client, association_id, year=2026, **extra):
    return client.post(f"/associations/{association_id}/plans", data={"year": str(year), **extra})


def _section(app, client, programme_id, title="Заседания РМО") -> int:
    """A new top section (asked outside an app context: a request inside one would reuse its user)."""
    assert client.post(f"/plan/{programme_id}/sections", data={"title": title, "parent_id": "0"}).status_code == 302
    with app.app_context():
        return db.session.scalar(select(func.max(Section.id)))


def _activity(client, section_id, title="Заседание № 1: анализ ГИА", deadline="август", **extra):
    return client.post(f"/plan/sections/{section_id}/activities", data={
        "title": title, "deadline_text": deadline, "responsible_text": "Математикова А.И.",
        "participants": Participants.ASSOCIATION, **extra})


def test_a_month_without_a_year_is_the_school_years():
    plan = parse_deadline("октябрь, март", 2026, 2027, school_year_plan=True)
    assert [(o.due_date, o.label) for o in plan.occurrences] == [
        (date(2026, 10, 31), "октябрь 2026"), (date(2027, 3, 31), "март 2027")]
    assert [o.due_date for o in parse_deadline("до 15 мая", 2026, 2027, True).occurrences] == [date(2027, 5, 15)]
    assert [o.due_date for o in parse_deadline("в течение учебного года", 2026, 2027, True).occurrences] == [
        date(2027, 5, 31)]
    # A year written is kept; one outside the school year is outside the plan.
    assert parse_deadline("сентябрь 2027", 2026, 2027, True).outside_period
    assert not parse_deadline("октябрь", 2026, 2027).understood  # a programme does not guess


def test_the_leader_makes_and_edits_their_plan_and_no_other(app, actor, led):
    leader, methodist = led["leader"], led["methodist"]
    before = snapshot(app)
    assert _new_plan(leader, led["other"]).status_code == 403  # another association's
    assert _new_plan(leader, led["rmo"], year=2030).status_code == 400  # not this school year or the next
    assert snapshot(app) == before
    made = _new_plan(leader, led["rmo"])
    assert made.status_code == 302
    programme_id = _id(made)
    twice = _new_plan(leader, led["rmo"])  # a second click finds the first
    assert twice.status_code == 302 and _id(twice) == programme_id
    with app.app_context():
        programme = db.session.get(Programme, programme_id)
        assert (programme.association_id, programme.start_year, programme.end_year) == (led["rmo"], 2026, 2027)
        assert db.session.scalar(select(func.count(Programme.id))) == 1
    section_id = _section(app, leader, programme_id)
    assert _activity(leader, section_id).status_code == 302
    with app.app_context():
        activity = db.session.scalar(select(Activity))
        assert activity.participants == Participants.ASSOCIATION
        assert [(o.label, o.due_date) for o in activity.occurrences] == [("август 2027", date(2027, 8, 31))]
    page = leader.get(f"/plan/{programme_id}").get_data(as_text=True)
    assert "Заседание № 1: анализ ГИА" in page and "2026/2027 учебный год" in page and "Изменить" in page
    assert "Утвердить" not in page and "Новый период" not in page

    # The methodist's programmes and the other association's plan are not the leader's.
    plan_b = _id(_new_plan(methodist, led["other"]))
    with app.app_context():
        ordinary = Programme(title="Программа развития", start_year=2025, end_year=2027,
                             municipality_id=db.session.get(Programme, programme_id).municipality_id)
        db.session.add(ordinary)
        db.session.commit()
        ordinary_id = ordinary.id
    other_section = _section(app, methodist, plan_b, "Раздел РМО физиков")
    before = snapshot(app)
    for path in (f"/plan/{plan_b}", f"/plan/{ordinary_id}", f"/plan/{ordinary_id}/passport", "/plan/",
                 f"/plan/{programme_id}/passport/edit", f"/plan/{programme_id}/next", f"/plan/{ordinary_id}/summary"):
        assert leader.get(path).status_code == 403, path
    assert leader.post(f"/plan/{plan_b}/sections", data={"title": "Чужое", "parent_id": "0"}).status_code == 403
    assert _activity(leader, other_section).status_code == 403
    assert leader.post("/plan/rows", data={"do": f"s{other_section} delete"}).status_code == 403
    assert snapshot(app) == before

    # Others read it; a school coordinator does not change it.
    coordinator = actor(Role.SCHOOL, organisation=led["first"])
    assert coordinator.get(f"/plan/{programme_id}").status_code == 200
    assert _activity(coordinator, section_id, "Чужое").status_code == 403
    listed = methodist.get("/plan/").get_data(as_text=True)
    assert "Программа развития" in listed and "План работы: РМО" not in listed  # not among the programmes


def test_the_leader_marks_an_item_done_and_the_methodists_see_what_is_late(app, led, freeze):
    leader, methodist = led["leader"], led["methodist"]
    programme_id = _id(_new_plan(leader, led["rmo"]))
    section_id = _section(app, leader, programme_id)
    for title, deadline in (("Заседание № 1", "октябрь"), ("Заседание № 2", "ноябрь"),
                            ("Открытые уроки", "до 15 ноября"), ("Итоговое заседание", "май")):
        assert _activity(leader, section_id, title, deadline).status_code == 302
    with app.app_context():
        occurrence = {a.title: a.occurrences[0].id for a in db.session.scalars(select(Activity))}
        centre = led["centre"]
    freeze(datetime(2026, 11, 20, 10))
    # October's done on time, «Открытые уроки» done late, November's meeting (30.11) not yet due,
    # May's not due: due 2, on time 1, late 1, overdue 0.
    assert leader.post("/marks", data={"occurrence_id": occurrence["Заседание № 1"], "organisation_id": centre,
                                       "status": "done", "done_on": "2026-10-28"}).status_code == 302
    before = snapshot(app)
    wrong_org = leader.post("/marks", data={"occurrence_id": occurrence["Открытые уроки"],
                                            "organisation_id": led["first"].id, "status": "done"})
    assert wrong_org.status_code == 422  # not the association's organisation
    assert snapshot(app) == before
    late_list = methodist.get("/plan/").get_data(as_text=True)
    assert "Планы работы объединений: просрочено 1" in late_list and "Открытые уроки" in late_list
    listed = methodist.get("/associations/").get_data(as_text=True)
    assert "в срок 1 из 2 (50%)" in listed and "просрочено 1" in listed
    assert leader.post("/marks", data={"occurrence_id": occurrence["Открытые уроки"], "organisation_id": centre,
                                       "status": "done", "done_on": "2026-11-19"}).status_code == 302
    listed = methodist.get("/associations/").get_data(as_text=True)
    assert "в срок 1 из 2 (50%)</span>, позже срока 1" in listed and "просрочено" not in listed
    assert "Планы работы объединений" not in methodist.get("/plan/").get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count(CompletionMark.id))) == 2
        # A programme's school duties and the schools behind are not an association's plan.
        from app.marks.status import overdue_by_school
        assert all(n == 0 for _, n in overdue_by_school(date(2026, 11, 20)))
    # Marking from the plan's matrix: the leader sees their association's row only.
    with app.app_context():
        activity_id = db.session.scalar(select(Activity.id).where(Activity.title == "Заседание № 2"))
    matrix = leader.get(f"/plan/activities/{activity_id}/matrix").get_data(as_text=True)
    assert "ЦОКО" in matrix and "СОШ № 1" not in matrix and "✓ выполнено" in matrix


def test_a_plan_from_last_years_keeps_the_items_a_year_on(app, led, freeze):
    leader = led["methodist"]  # the leader's term begins on 1 September
    freeze(datetime(2026, 8, 20, 10))  # the summer: 2025/2026 is under way, 2026/2027 is drawn up
    last = _id(_new_plan(leader, led["rmo"], year=2025))
    section_id = _section(app, leader, last)
    assert _activity(leader, section_id, "Заседание № 1", "октябрь 2025").status_code == 302
    page = leader.get(f"/associations/{led['rmo']}").get_data(as_text=True)
    assert "на основе плана 2025/2026 учебный год" in page
    made = _new_plan(leader, led["rmo"], year=2026, **{"from": "previous"})
    assert made.status_code == 302
    with app.app_context():
        copied = db.session.get(Programme, _id(made))
        activity = copied.sections[0].activities[0]
        assert copied.association_id == led["rmo"] and activity.deadline_text == "октябрь 2026"
        assert [o.due_date for o in activity.occurrences] == [date(2026, 10, 31)]


def test_an_association_with_a_plan_is_closed_not_deleted(app, actor, district):  # noqa: F811
    methodist = actor(Role.METHODIST)
    rmo = make_rmo(methodist, district)
    _new_plan(methodist, rmo)
    methodist.post(f"/associations/{rmo}/delete")
    with app.app_context():
        assert db.session.scalar(select(func.count(Programme.id))) == 1
        from app.associations.models import Association
        assert db.session.get(Association, rmo).status == "closed"


def _plans(app, count: int, centre: int) -> None:
    from app.associations.models import Association
    from app.plan.occurrences import apply_deadline
    from tests.conftest import first_municipality_id
    with app.app_context():
        for n in range(count):
            association = Association(organisation_id=centre, level="district", kind="subject",
                                      name=f"РМО {count}-{n}", created_at=datetime(2026, 9, 1))
            programme = Programme(title=f"План {n}", start_year=2026, end_year=2027, association=association,
                                  municipality_id=first_municipality_id())
            section = Section(programme=programme, title="Заседания", position=0)
            db.session.add_all([association, programme, section])
            for i, month in enumerate(("сентябрь", "октябрь", "ноябрь", "январь")):
                activity = Activity(section=section, position=i, title=f"Заседание {i + 1}", deadline_text=month,
                                    participants=Participants.ASSOCIATION, occurrences=[], responsible_people=[],
                                    organisations=[])
                apply_deadline(activity, 2026, 2027, school_year_plan=True)
                db.session.add(activity)
        db.session.commit()


def test_the_monitoring_pages_read_a_fixed_number_of_queries(app, actor, district):  # noqa: F811
    methodist = actor(Role.METHODIST)
    counts = []
    for size in (2, 12):
        _plans(app, size, district["centre"])
        methodist.get("/associations/")
        with count_queries(app) as statements:
            listed = methodist.get("/associations/")
            home = methodist.get("/plan/")
        assert listed.status_code == 200 and home.status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1], counts
    assert "просрочено 2" in listed.get_data(as_text=True)  # September's and October's
    with app.app_context():
        assert db.session.scalar(select(func.count(Occurrence.id))) == 12 * 4 + 2 * 4


def test_a_school_keeps_its_shmo_plan_and_marks_it(app, actor, led):
    """A coordinator keeps their school's ШМО and so its plan of work — not the district's РМО plan."""
    coordinator = actor(Role.SCHOOL, organisation=led["first"])
    made = coordinator.post("/associations/new", data={**RMO, "level": "school", "name": "ШМО математиков",
                                                       "organisation_id": str(led["first"].id)})
    shmo = _id(made)
    plan = _id(_new_plan(coordinator, shmo))
    rmo_plan = _id(_new_plan(led["methodist"], led["rmo"]))
    section_id = _section(app, coordinator, plan, "Заседания ШМО")
    assert _activity(coordinator, section_id, "Заседание ШМО № 1", "октябрь").status_code == 302
    with app.app_context():
        occurrence = db.session.scalar(select(Occurrence.id).join(Activity).where(Activity.section_id == section_id))
    rmo_section = _section(app, led["methodist"], rmo_plan, "Заседания РМО")
    assert "Изменить" in coordinator.get(f"/plan/{plan}").get_data(as_text=True)
    assert coordinator.post("/marks", data={"occurrence_id": occurrence, "organisation_id": led["first"].id,
                                            "status": "done", "done_on": "2026-10-20"}).status_code == 302
    before = snapshot(app)
    assert _activity(coordinator, rmo_section, "Чужое").status_code == 403
    assert coordinator.post(f"/plan/{rmo_plan}/sections", data={"title": "Чужое", "parent_id": "0"}).status_code == 403
    assert snapshot(app) == before
    listed = led["methodist"].get("/associations/").get_data(as_text=True)
    assert "в срок 1 из 1 (100%)" in listed  # the ШМО's October meeting, done on time
