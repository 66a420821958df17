"""On a phone (390 × 844): login, «Мои мероприятия» and an event page fit the screen without
sideways scrolling, the menu folds, and «Выполнено» is at hand on every item."""
from datetime import date, datetime

from playwright.sync_api import expect
from sqlalchemy import select

from app.auth.models import Role
from app.events.models import Event, EventFormat
from app.extensions import db
from app.marks.models import CompletionMark
from tests.conftest import PASSWORD

PHONE = {"width": 390, "height": 844}


def scroll_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_my_page_event_page_and_login_on_a_phone(live_server, app, browser, make_programme, make_org, make_user):
    app.config["TODAY"], app.config["NOW"] = date(2023, 9, 20), datetime(2023, 9, 20, 9)
    try:
        make_programme(activities=3)
        school = make_org("СОШ № 1")
        make_user(Role.SCHOOL, username="school1", organisation=school)
        with app.app_context():
            seminar = db.session.scalar(select(EventFormat).where(EventFormat.name == "семинар"))
            event = Event(format=seminar, topic="Районный семинар «Функциональная грамотность: читательская, "
                          "математическая, естественнонаучная»", starts_at=datetime(2023, 10, 5, 10),
                          ends_at=datetime(2023, 10, 5, 12), registered_count=0, capacity=30,
                          place="МКУО ЦОКО, актовый зал", description="Программа семинара " * 30)
            db.session.add(event)
            db.session.commit()
            event_id = event.id
        context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
        page = context.new_page()
        page.goto(f"{live_server}/login")
        assert scroll_width(page) <= PHONE["width"]
        page.get_by_label("Логин").fill("school1")
        page.get_by_label("Пароль").fill(PASSWORD)
        page.get_by_role("button", name="Войти").click()
        expect(page.locator("h1")).to_have_text("Мои мероприятия: СОШ № 1")
        assert scroll_width(page) <= PHONE["width"]
        nav = page.locator(".topbar nav")
        expect(nav).to_be_hidden()  # folded
        page.get_by_text("Меню").click()
        expect(nav.get_by_role("link", name="Мероприятия", exact=True)).to_be_visible()
        page.get_by_text("Меню").click()

        items = page.locator("#group-month tr.duty")
        expect(items).to_have_count(3)
        for i in range(3):
            button = items.nth(i).get_by_role("button", name="Выполнено")
            button.scroll_into_view_if_needed()
            expect(button).to_be_visible()
            box = button.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
        items.first.get_by_role("button", name="Выполнено").click()
        expect(page.locator("#group-month tr.duty.done")).to_have_count(1)
        with app.app_context():
            assert db.session.scalar(select(CompletionMark.status)) == "done"
        assert scroll_width(page) <= PHONE["width"]

        page.goto(f"{live_server}/events/{event_id}")
        expect(page.locator("h1")).to_contain_text("Функциональная грамотность")
        assert scroll_width(page) <= PHONE["width"]
        context.close()
    finally:
        app.config.pop("TODAY", None)
        app.config.pop("NOW", None)
