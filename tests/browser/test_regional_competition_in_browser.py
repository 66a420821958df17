"""The demo region's «Учитель года» of the regional stage: a municipal methodist forwards their
winner with two clicks, the region's methodist accepts the application — on a wide screen and a
phone, every page fitting its screen."""
from playwright.sync_api import expect

from app.demo.region import load_demo_region
from tests.browser.test_layout import MEASURE, SCREENS


def _login(browser, live_server, username, size):
    context = browser.new_context(viewport=size)
    page = context.new_page()
    page.goto(f"{live_server}/login")
    page.get_by_label("Логин").fill(username)
    page.get_by_label("Пароль").fill("demo")
    page.get_by_role("button", name="Войти").click()
    page.wait_for_url(lambda url: "/login" not in url)
    return context, page


def test_a_municipality_forwards_its_winner_and_the_region_accepts_it(live_server, app, browser):
    with app.app_context():
        load_demo_region()
    context, page = _login(browser, live_server, "baksan-metodist", SCREENS["wide"])
    page.goto(f"{live_server}/competitions/")
    page.get_by_role("link", name="Региональный этап конкурса").click()
    forward = page.locator("#forward")
    expect(forward).to_contain_text("Шогенова")  # Баксан's municipal winner
    expect(forward).not_to_contain_text("Иванова")  # (no other municipality's people)
    assert page.evaluate(MEASURE) == []
    forward.get_by_role("checkbox").first.check()
    forward.get_by_role("button", name="Выдвинуть отмеченных").click()
    entries = page.locator("#entries table")
    expect(entries).to_contain_text("по итогам муниципального этапа")
    expect(entries).to_contain_text("заявка подана")
    context.close()

    for screen, size in SCREENS.items():
        context, page = _login(browser, live_server, "iro", size)
        page.goto(f"{live_server}/competitions/")
        expect(page.locator("h1")).to_have_text("Региональные конкурсы")
        page.get_by_role("link", name="Региональный этап конкурса").click()
        row = page.locator("#entries tbody tr", has_text="Шогенова")
        expect(row).to_contain_text("г.о. Баксан")
        assert page.evaluate(MEASURE) == [], screen
        if screen == "wide":
            row.get_by_role("button", name="Принять").click()
            expect(page.locator("#entries tbody tr", has_text="Шогенова")).to_contain_text("заявка принята")
        context.close()
