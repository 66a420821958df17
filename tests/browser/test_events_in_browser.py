"""A coordinator registers two teachers from the event page; a methodist marks attendance
with "Отметить всех" and unticks one; the counters change in place."""
from datetime import datetime

from playwright.sync_api import expect
from sqlalchemy import select

from app.auth.models import Role
from app.events.models import Event, EventFormat
from app.extensions import db
from app.registry.models import Person
from tests.conftest import PASSWORD


def test_register_then_mark_attendance(live_server, app, make_org, make_user, browser_login, page):
    app.config["NOW"] = datetime(2023, 3, 1, 9)
    try:
        school = make_org("СОШ № 1")
        make_user(Role.SCHOOL, username="school1", organisation=school)
        make_user(Role.METHODIST, username="metodist")
        with app.app_context():
            db.session.add_all([Person(full_name=n, organisation_id=school.id, position="учитель")
                                for n in ("Андреева Анна", "Борисов Борис", "Васильева Вера")])
            seminar = db.session.scalar(select(EventFormat).where(EventFormat.name == "семинар"))
            event = Event(format_id=seminar.id, topic="Функциональная грамотность", capacity=20, registered_count=0,
                          starts_at=datetime(2023, 3, 10, 10), ends_at=datetime(2023, 3, 10, 12))
            db.session.add(event)
            db.session.commit()
            event_id = event.id

        browser_login("school1", PASSWORD)
        page.goto(f"{live_server}/events/{event_id}")
        page.evaluate("window.notReloaded = true")
        picker = page.get_by_role("group", name="Зарегистрировать своих педагогов")
        search = picker.get_by_role("searchbox")
        search.fill("андреев")
        picker.get_by_role("checkbox", name="Андреева Анна").check()
        search.fill("Борис")  # the one checked stays checked while the next is found
        picker.get_by_role("checkbox", name="Борисов Борис").check()
        expect(picker.get_by_role("checkbox", checked=True)).to_have_count(2)
        page.get_by_role("button", name="Зарегистрировать").click()
        counts = page.locator("#participant-counts")
        expect(counts).to_contain_text("Зарегистрировано: 2 из 20, свободно 18")
        expect(page.locator("table.participants tbody tr")).to_have_count(2)
        assert page.evaluate("window.notReloaded") is True

        page.context.clear_cookies()
        app.config["NOW"] = datetime(2023, 3, 10, 13)
        browser_login("metodist", PASSWORD)
        page.goto(f"{live_server}/events/{event_id}")
        page.evaluate("window.notReloaded = true")
        page.get_by_role("button", name="Отметить всех").click()
        expect(page.locator("#attended-count")).to_have_text("2")
        page.locator("tr", has_text="Борисов Борис").get_by_label("присутствовал(а)").uncheck()
        expect(page.locator("#attended-count")).to_have_text("1")
        expect(page.locator("tr", has_text="Андреева Анна").get_by_label("присутствовал(а)")).to_be_checked()
        assert page.evaluate("window.notReloaded") is True
    finally:
        app.config.pop("NOW", None)


def test_certificates_print_one_a4_portrait_page_each(live_server, app, make_org, make_user, browser_login, page):
    from io import BytesIO

    from pypdf import PdfReader

    school = make_org("СОШ № 1")
    make_user(Role.METHODIST, username="metodist")
    with app.app_context():
        people = [Person(full_name=n, organisation_id=school.id, position="учитель")
                  for n in ("Андреева Анна", "Борисов Борис", "Васильева Вера")]
        seminar = db.session.scalar(select(EventFormat).where(EventFormat.name == "семинар"))
        event = Event(format_id=seminar.id, topic="Функциональная грамотность", registered_count=3,
                      starts_at=datetime(2023, 3, 10, 10), ends_at=datetime(2023, 3, 10, 12), status="held")
        db.session.add_all(people + [event])
        db.session.flush()
        from app.events.models import Registration
        db.session.add_all(Registration(event_id=event.id, person_id=p.id, organisation_id=school.id,
                                        registered_at=datetime(2023, 3, 1), attended=True) for p in people)
        db.session.commit()
        event_id = event.id
    browser_login("metodist", PASSWORD)
    page.goto(f"{live_server}/events/{event_id}/certificates")
    expect(page.locator("article.certificate")).to_have_count(3)
    page.emulate_media(media="print")
    pdf = PdfReader(BytesIO(page.pdf(prefer_css_page_size=True, print_background=True)))
    assert len(pdf.pages) == 3
    for pdf_page, name in zip(pdf.pages, ("Андреева Анна", "Борисов Борис", "Васильева Вера"), strict=True):
        assert (round(float(pdf_page.mediabox.width)), round(float(pdf_page.mediabox.height))) == (595, 842)
        text = pdf_page.extract_text()
        assert "подтверждает, что" in text and name in text and "Функциональная грамотность" in text
