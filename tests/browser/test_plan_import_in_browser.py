"""A methodist brings a Word plan in: upload, fix a row in place, import."""
from playwright.sync_api import expect

from app.auth.models import Role
from tests.conftest import PASSWORD
from tests.test_plan_import import seed000_docx


def settled(page):
    """htmx focuses the opened row's autofocus field when it settles: text typed before that
    would land in the title."""
    expect(page.locator(".htmx-request, .htmx-swapping, .htmx-settling, .htmx-added")).to_have_count(0)


def test_methodist_uploads_fixes_a_row_in_place_and_imports(live_server, app, make_user, browser_login, tmp_path):
    make_user(Role.METHODIST, username="metodist")
    document = tmp_path / "План Калининского района.docx"
    document.write_bytes(seed000_docx())
    page = browser_login("metodist", PASSWORD)
    page.goto(f"{live_server}/plan/")
    page.get_by_role("link", name="Импорт из Word или Excel").click()
    page.get_by_label("Файл плана (.xlsx или .docx)").set_input_files(str(document))
    page.get_by_role("button", name="Загрузить и проверить").click()
    expect(page.locator("#import-counts")).to_contain_text("Разделов: 4, мероприятий: 5")
    page.evaluate("window.notReloaded = true")

    row = page.locator("tr#import-row-9")
    row.get_by_role("link", name="Исправить").click()
    settled(page)
    expect(row.get_by_label("Название")).to_be_focused()
    row.get_by_label("Сроки (как в документе)").fill("по согласованию")
    row.get_by_role("button", name="Сохранить").click()
    expect(row).to_contain_text("Сроки не распознаны")
    row.get_by_role("link", name="Исправить").click()
    settled(page)
    row.get_by_label("Даты вручную (ДД.ММ.ГГГГ, по одной в строке)").fill("15.03.2023 круглый стол")
    row.get_by_role("button", name="Сохранить").click()
    expect(row).not_to_contain_text("Сроки не распознаны")
    expect(row).to_contain_text("даты вручнуюкруглый стол")
    assert page.evaluate("window.notReloaded") is True

    page.get_by_role("button", name="Импортировать").click()
    expect(page.locator("h1")).to_contain_text("Калининского района на 2022-2024 годы")
    expect(page.locator("tr[id^=activity-] > td:nth-child(1)")).to_have_text(["1.1", "1.2", "2.1.1", "2.1.2", "2.2.1"])
    expect(page.locator("tr[id^=activity-]").last).to_contain_text("по согласованию")
