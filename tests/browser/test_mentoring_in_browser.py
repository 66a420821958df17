"""A coordinator starts a pair from «Без наставника» and marks a step of its plan done in place."""
from datetime import date

from playwright.sync_api import expect
from sqlalchemy import select

from app.auth.models import Role
from app.extensions import db
from app.mentoring.models import Pair, PlanStep
from app.registry.models import Person
from tests.conftest import PASSWORD


def test_coordinator_starts_a_pair_from_the_gap_and_marks_a_step_done(live_server, app, make_org, make_user,
                                                                      browser_login):
    app.config["TODAY"] = date(2025, 1, 15)
    try:
        school = make_org("СОШ № 1")
        with app.app_context():
            db.session.add_all([
                Person(full_name="Молодая Мария", organisation_id=school.id, position="учитель",
                       teaching_since=date(2024, 9, 1)),
                Person(full_name="Опытная Ольга", organisation_id=school.id, position="учитель",
                       teaching_since=date(2001, 9, 1))])
            db.session.commit()
        make_user(Role.SCHOOL, username="school1", organisation=school)
        page = browser_login("school1", PASSWORD)
        gap = page.locator("#without-mentor")
        expect(gap).to_contain_text("Молодая Мария")
        gap.get_by_role("link", name="Назначить наставника").click()
        expect(page.locator("h1")).to_have_text("Новая наставническая пара")
        mentees = page.get_by_role("group", name="Наставляемый(е)")
        expect(mentees.get_by_role("checkbox", name="Молодая Мария")).to_be_checked()
        # The mentor is found by typing part of the surname: the choices follow the typing.
        mentor = page.get_by_role("group", name="Наставник")
        expect(mentor.get_by_role("button", name="Найти")).to_be_hidden()  # with JavaScript it searches as one types
        mentor.get_by_role("searchbox").press_sequentially("опыт", delay=30)
        mentor.get_by_role("radio", name="Опытная Ольга").check()
        expect(mentor.get_by_role("radio")).to_have_count(1)
        page.get_by_role("button", name="Сохранить").click()
        expect(page.locator("h1")).to_have_text("Опытная Ольга → Молодая Мария")

        page.get_by_label("Шаг").fill("Посещение и анализ уроков наставника")
        page.get_by_label("Срок").fill("январь 2025")
        page.get_by_role("button", name="Добавить шаг").click()
        row = page.locator("tr.step", has_text="Посещение и анализ уроков наставника")
        expect(row).to_contain_text("не выполнено")
        page.evaluate("window.notReloaded = true")
        row.get_by_role("button", name="Выполнено").click()
        expect(row).to_contain_text("выполнено 15.01.2025")
        expect(row.get_by_role("button", name="Снять отметку")).to_be_visible()
        assert page.evaluate("window.notReloaded") is True
        with app.app_context():
            pair = db.session.scalar(select(Pair))
            step = db.session.scalar(select(PlanStep))
            assert [p.full_name for p in pair.mentees] == ["Молодая Мария"]
            assert step.done and step.done_on == date(2025, 1, 15)
        page.goto(f"{live_server}/my")
        expect(page.locator("#without-mentor")).to_have_count(0)
    finally:
        app.config.pop("TODAY", None)


def test_a_mentor_is_found_by_surname_without_javascript(live_server, app, browser, make_org, make_user):
    """Without JavaScript «Найти» sends the form, which comes back with the matches and what was
    already filled in; nothing is saved until «Сохранить»."""
    school = make_org("СОШ № 1")
    with app.app_context():
        db.session.add_all([Person(full_name=name, organisation_id=school.id, position="учитель")
                            for name in ("Молодая Мария", "Опытная Ольга", "Опытный Олег", "Иванова Ирина")])
        db.session.commit()
        young = db.session.scalar(select(Person.id).where(Person.full_name == "Молодая Мария"))
    make_user(Role.SCHOOL, username="school1", organisation=school)
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server}/login")
    page.get_by_label("Логин").fill("school1")
    page.get_by_label("Пароль").fill(PASSWORD)
    page.get_by_role("button", name="Войти").click()
    page.goto(f"{live_server}/mentoring/pairs/new?mentee={young}")
    page.get_by_label("Цель").fill("Адаптация в коллективе")
    mentor = page.get_by_role("group", name="Наставник")
    mentor.get_by_role("searchbox").fill("Опытн")
    mentor.get_by_role("button", name="Найти").click()
    mentor = page.get_by_role("group", name="Наставник")
    expect(mentor.get_by_role("radio")).to_have_count(2)
    expect(page.get_by_label("Цель")).to_have_value("Адаптация в коллективе")
    expect(page.get_by_role("group", name="Наставляемый(е)").get_by_role("checkbox", name="Молодая Мария")).to_be_checked()
    expect(page.locator(".error")).to_have_count(0)
    with app.app_context():
        assert db.session.scalar(select(Pair)) is None
    mentor.get_by_role("radio", name="Опытный Олег").check()
    page.get_by_role("button", name="Сохранить").click()
    expect(page.locator("h1")).to_have_text("Опытный Олег → Молодая Мария")
    with app.app_context():
        pair = db.session.scalar(select(Pair))
        assert (pair.mentor.full_name, pair.goal) == ("Опытный Олег", "Адаптация в коллективе")
    context.close()
