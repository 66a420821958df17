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
        expect(page.get_by_label("Наставляемый(е)")).to_have_values([page.locator(
            "#mentees option", has_text="Молодая Мария").get_attribute("value")])
        page.get_by_label("Наставник").select_option(label="Опытная Ольга (СОШ № 1)")
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
