"""The invitation journey in the browser: the methodist ticks a school and prints its invitation;
the coordinator opens the link without an account, sets a password, logs in; the link is spent."""
from playwright.sync_api import expect

from app.demo.loader import load_demo
from tests.browser.test_layout import MEASURE, SCREENS


def test_a_school_is_invited_sets_its_password_and_logs_in(live_server, app, browser):
    with app.app_context():
        load_demo()  # СОШ № 1 has its coordinator (school1); the other schools have none
    context = browser.new_context(viewport=SCREENS["wide"])
    page = context.new_page()
    page.goto(f"{live_server}/login")
    page.get_by_label("Логин").fill("metodist")
    page.get_by_label("Пароль").fill("demo")
    page.get_by_role("button", name="Войти").click()
    page.goto(f"{live_server}/registry/organisations")
    page.get_by_role("link", name="Учётные записи школ и приглашения").click()
    schools = page.locator("#schools")
    schools.get_by_label("СОШ № 2", exact=False).first.check()
    schools.get_by_role("button", name="Создать учётные записи и приглашения").click()
    card = page.locator("section.invitation")
    expect(card).to_have_count(1)
    expect(card).to_contain_text("СОШ № 2")
    expect(card.locator("svg")).to_be_visible()
    assert page.evaluate(MEASURE) == []
    link = card.locator(".invitation-link").inner_text().strip()
    assert link.startswith(app.config["PUBLIC_URL"].rstrip("/") + "/invite/")  # the address schools use
    link = live_server + "/invite/" + link.rsplit("/invite/", 1)[1]
    login = card.locator("strong").first.inner_text().strip()
    page.pdf(path="/tmp/invitations.pdf", format="A4")  # the printed list (looked at by hand)
    context.close()

    for screen, size in SCREENS.items():
        context = browser.new_context(viewport=size)
        page = context.new_page()
        page.goto(link)
        if screen == "wide":
            expect(page.locator("h1")).to_have_text("Приглашение в Методкабинет")
            assert page.evaluate(MEASURE) == []
            page.get_by_label("Пароль", exact=True).fill("пароль-школы-2")
            page.get_by_label("Пароль ещё раз").fill("пароль-школы-2")
            page.get_by_role("button", name="Задать пароль").click()
            page.get_by_label("Логин").fill(login)
            page.get_by_label("Пароль").fill("пароль-школы-2")
            page.get_by_role("button", name="Войти").click()
            expect(page.locator(".who")).to_contain_text("СОШ № 2")
        else:  # the same link again, on the phone: spent
            expect(page.locator("[role=alert]")).to_contain_text("уже использовано")
            assert page.evaluate(MEASURE) == []
        context.close()
