"""An association's leader opens their association, draws up its plan of work in place and marks an
item done, adds a meeting, marks who came — and the methodist's pages show it: the plan's progress
in the associations' list and the meeting on the quarterly participation page."""
from datetime import date, datetime, timedelta

from playwright.sync_api import expect

from app.associations.models import Appointment, Association, Membership
from app.auth.models import Role, User
from app.extensions import db
from app.registry.models import Organisation, OrgKind, Person
from tests.conftest import PASSWORD

MONTHS = ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября", "ноября",
          "декабря"]


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

    # The plan of work for this school year, edited in place as a programme's plan is.
    year = day.year if day.month >= 9 else day.year - 1
    page.get_by_role("button", name=f"Составить план на {year}/{year + 1} учебный год").click()
    expect(page.locator("h1")).to_contain_text(f"План работы: РМО учителей математики на {year}/{year + 1}")
    page.get_by_label("Название раздела").fill("Заседания РМО")
    page.get_by_role("button", name="Добавить раздел").click()
    page.get_by_role("link", name="+ Добавить мероприятие в раздел 1").click()
    row = page.locator("tr.editing")
    expect(row.get_by_label("Мероприятие")).to_be_visible()
    row.get_by_label("Мероприятие").fill("Экспертиза рабочих программ")
    row.get_by_label("Сроки (как в документе)").fill(f"{day.day} {MONTHS[day.month - 1]}")  # no year: the school year's
    row.get_by_role("button", name="Сохранить").click()
    expect(row).to_have_count(0)
    status = page.locator("tr[id^=activity-]").first.get_by_role("link", name="0 из 1")
    expect(status).to_contain_text("просрочено")
    status.click()
    page.get_by_role("button", name="✓ выполнено").click()
    expect(page.locator("td.cell.done")).to_have_count(1)
    page.get_by_role("link", name="РМО учителей математики").click()
    expect(page.locator("#plans")).to_be_visible()
    expect(page.locator("#plans + table")).to_contain_text("позже срока 1")  # due yesterday, done today

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
    page.goto(f"{live_server}/associations/")
    expect(page.locator("#associations")).to_contain_text("в срок 0 из 1 (0%), позже срока 1")
    page.goto(f"{live_server}/associations/participation?year={day.year}&quarter={(day.month - 1) // 3 + 1}")
    expect(page.locator("#by-association")).to_contain_text(f"{day:%d.%m.%Y} — 1 из 2")
    expect(page.locator("#absent")).to_contain_text("Лидерова Анна Ивановна")
    page.close()
