"""The region's methodist opens the municipalities side by side, follows a figure into one
municipality's list and reads it — with nothing there to change it."""
from playwright.sync_api import expect
from sqlalchemy import select

from app.demo.loader import load_demo
from app.extensions import db
from app.registry.models import Person
from tests.browser.test_layout import MEASURE, SCREENS
from tests.test_municipalities import another_municipality


def test_the_region_follows_a_figure_into_a_municipality_and_cannot_edit_it(live_server, app, browser):
    with app.app_context():
        load_demo()  # with its region methodist, iro
        another_municipality("Городской округ Баксан", "г.о. Баксан", "Баксанский Б.Б.")
        teachers = db.session.scalar(select(Person.id).where(Person.full_name == "Иванова А.В."))
    for screen, size in SCREENS.items():
        context = browser.new_context(viewport=size)
        page = context.new_page()
        page.goto(f"{live_server}/login")
        page.get_by_label("Логин").fill("iro")
        page.get_by_label("Пароль").fill("demo")
        page.get_by_role("button", name="Войти").click()
        expect(page.locator("h1")).to_have_text("Муниципалитеты рядом")
        row = page.locator("tr", has_text="Калининский район")
        # Each row's plan figures arrive after the page: the demo programme's, and none in Баксан.
        expect(row.locator('td[data-label^="Инр"]')).to_be_visible()
        expect(row.locator('td[data-label^="Сроки плана"]')).to_contain_text("отметок в срок")
        expect(page.locator("tr", has_text="Городской округ Баксан")).to_contain_text("нет программы на")
        page.screenshot(path=f"/tmp/region-{screen}.png", full_page=True)
        assert page.evaluate(MEASURE) == [], screen
        row.locator('td[data-label="Педагогов"] a').click()
        expect(page.locator("h1")).to_have_text("Педагоги и сотрудники")
        if screen == "wide":  # on a phone it is in the folded menu
            expect(page.get_by_role("link", name="Калининский р-н · к региону")).to_be_visible()
        expect(page.locator("#people-results")).to_contain_text("Иванова А.В.")
        expect(page.locator("#people-results")).not_to_contain_text("Баксанский")
        expect(page.get_by_role("link", name="Изменить")).to_have_count(0)
        expect(page.get_by_text("Добавить человека")).to_have_count(0)
        page.goto(f"{live_server}/registry/people/{teachers}/edit")
        expect(page.locator("h1")).to_have_text("Недостаточно прав для этого действия.")
        assert page.evaluate(MEASURE) == [], screen
        context.close()
