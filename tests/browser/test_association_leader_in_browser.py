"""An association's leader opens their association, adds a meeting, marks who came — and the
methodist's quarterly participation page shows it."""
from datetime import date, datetime, timedelta

from playwright.sync_api import expect

from app.associations.models import Appointment, Association, Membership
from app.auth.models import Role, User
from app.extensions import db
from app.registry.models import Organisation, OrgKind, Person
from tests.conftest import PASSWORD


def test_the_leader_holds_a_meeting_and_the_quarter_shows_it(live_server, app, make_user, make_org, browser):
    school = make_org("СОШ № 1")
    with app.app_context():
        centre = Organisation(name="Методический центр", short_name="ЦОКО", kind=OrgKind.CENTRE)
        db.session.add(centre)
        db.session.flush()
        lead = Person(full_name="Лидерова Анна Ивановна", organisation_id=school.id)
        member = Person(full_name="Участникова Вера Павловна", organisation_id=school.id)
        rmo = Association(organisation_id=centre.id, level="district", kind="subject", name="РМО учителей математики",
                          created_at=datetime(2026, 9, 1))
        db.session.add_all([lead, member, rmo])
        db.session.flush()
        for person in (lead, member):
            db.session.add(Membership(association_id=rmo.id, person_id=person.id, organisation_id=school.id,
                                      joined_on=date(2026, 9, 1)))
        db.session.add(Appointment(association_id=rmo.id, person_id=lead.id, post="leader", order_number="245",
                                   order_date=date(2026, 9, 5), starts_on=date(2026, 9, 1)))
        db.session.commit()
        lead_id = lead.id
    leader = make_user(Role.ASSOCIATION_LEADER, username="rmo-leader")
    make_user(Role.METHODIST, username="metodist")
    with app.app_context():
        db.session.get(User, leader.id).person_id = lead_id
        db.session.commit()
    day = date.today() - timedelta(days=1)

    page = browser.new_page()
    page.goto(f"{live_server}/login")
    page.get_by_label("Логин").fill("rmo-leader")
    page.get_by_label("Пароль").fill(PASSWORD)
    page.get_by_role("button", name="Войти").click()
    expect(page.locator("h1")).to_have_text("Методические объединения")  # the leader's home
    page.get_by_role("link", name="РМО учителей математики").click()
    page.locator("summary", has_text="Новое заседание").click()
    page.get_by_label("Тема заседания").fill("Подготовка к олимпиаде")
    page.get_by_label("Дата").fill(day.isoformat())
    page.get_by_role("button", name="Добавить заседание").click()
    expect(page.locator("h1")).to_contain_text("Подготовка к олимпиаде")
    page.get_by_label("Участникова Вера Павловна").check()
    page.get_by_role("button", name="Сохранить посещаемость").click()
    expect(page.locator("main")).to_contain_text("присутствовали 1")
    page.close()

    page = browser.new_page()  # the methodist, in a browser of their own
    page.goto(f"{live_server}/login")
    page.get_by_label("Логин").fill("metodist")
    page.get_by_label("Пароль").fill(PASSWORD)
    page.get_by_role("button", name="Войти").click()
    page.wait_for_url(lambda url: "/login" not in url)
    page.goto(f"{live_server}/associations/participation?year={day.year}&quarter={(day.month - 1) // 3 + 1}")
    expect(page.locator("#by-association")).to_contain_text(f"{day:%d.%m.%Y} — 1 из 2")
    expect(page.locator("#absent")).to_contain_text("Лидерова Анна Ивановна")
    page.close()
