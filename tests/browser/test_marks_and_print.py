"""A coordinator marks done in place; the printed plan is A4 landscape with the approval
block on page 1 and the table header on every page."""
from datetime import date
from io import BytesIO

from playwright.sync_api import expect
from pypdf import PdfReader

from app.auth.models import Role
from tests.conftest import PASSWORD


def test_coordinator_marks_done_and_counters_change_without_reload(live_server, app, make_programme, make_org,
                                                                    make_user, browser_login):
    app.config["TODAY"] = date(2023, 9, 20)
    try:
        make_programme(activities=2)
        school = make_org("СОШ № 1")
        make_user(Role.SCHOOL, username="school1", organisation=school)
        page = browser_login("school1", PASSWORD)
        expect(page.locator("h1")).to_have_text("Мои мероприятия: СОШ № 1")
        page.evaluate("window.notReloaded = true")
        counts = page.locator("#my-counts")
        expect(counts).to_contain_text("0 выполнено")
        expect(counts).to_contain_text("2 в этом месяце")

        row = page.locator("#group-month tr.duty").first
        row.get_by_role("button", name="Выполнено").click()
        expect(counts).to_contain_text("1 выполнено")
        expect(counts).to_contain_text("1 в этом месяце")
        expect(page.locator("#group-month tr.duty.done")).to_have_count(1)
        expect(page.locator("#group-month tr.duty.done")).to_contain_text("выполнено 20 сентября 2023")
        assert page.evaluate("window.notReloaded") is True
    finally:
        app.config.pop("TODAY", None)


def test_printed_plan_is_a4_landscape_with_header_on_every_page(live_server, app, make_programme, make_user,
                                                                 browser_login):
    programme = make_programme(activities=90, sections=3)
    make_user(Role.HEAD, username="head")
    page = browser_login("head", PASSWORD)
    page.goto(f"{live_server}/plan/{programme.id}/print")
    expect(page.locator(".approval-block")).to_contain_text("УТВЕРЖДАЮ")
    page.emulate_media(media="print")
    expect(page.locator(".print-toolbar")).to_be_hidden()
    pdf = PdfReader(BytesIO(page.pdf(prefer_css_page_size=True, print_background=True)))

    assert len(pdf.pages) >= 3
    for number, pdf_page in enumerate(pdf.pages, start=1):
        width, height = float(pdf_page.mediabox.width), float(pdf_page.mediabox.height)
        assert (round(width), round(height)) == (842, 595)  # A4 landscape in points
        text = pdf_page.extract_text()
        assert "Мероприятие" in text and "Ответственные" in text, number  # the header repeats
        assert f"Страница {number} из {len(pdf.pages)}" in text
    first = pdf.pages[0].extract_text()
    assert "УТВЕРЖДАЮ" in first and "План мероприятий" in first
    assert "УТВЕРЖДАЮ" not in pdf.pages[1].extract_text()
