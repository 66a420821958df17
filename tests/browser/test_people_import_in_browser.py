"""A methodist brings the municipality's staff list in: upload, fix a row in place, choose who
an ambiguous row is, import — and the people are in the registry."""
from playwright.sync_api import expect

from app.auth.models import Role
from app.extensions import db
from app.registry.models import Person
from tests.browser.test_plan_import_in_browser import settled
from tests.conftest import PASSWORD
from tests.test_people_import import xlsx


def test_methodist_imports_a_staff_list_fixing_a_row_in_place(live_server, app, make_user, make_org, browser_login,
                                                             tmp_path):
    make_user(Role.METHODIST, username="metodist")
    first, second = make_org("СОШ № 1"), make_org("СОШ № 2")
    with app.app_context():
        db.session.add(Person(full_name="Сидоров Павел Ильич", organisation_id=second.id))
        db.session.commit()
    rows = [("Петрова Анна Сергеевна", "МБОУ СОШ № 1", "учитель", "", "12.03.1980", "01.09.2005", "", "20", ""),
            ("Юный Пётр Петрович", "МБОУ СОШ № 1", "учитель", "", "01.01.2013", "", "", "", ""),
            ("Сидоров Павел Ильич", "МБОУ СОШ № 1", "учитель", "", "", "", "", "", "")]
    document = tmp_path / "кадры.xlsx"
    document.write_bytes(xlsx(rows))
    page = browser_login("metodist", PASSWORD)
    page.goto(f"{live_server}/registry/people")
    page.get_by_role("link", name="Импорт кадровой таблицы").click()
    page.get_by_label("Кадровая таблица (.xlsx или .csv)").set_input_files(str(document))
    page.get_by_role("button", name="Загрузить и проверить").click()
    expect(page.locator("#import-summary")).to_contain_text("Готово к импорту: 1, с замечаниями: 2")
    page.evaluate("window.notReloaded = true")

    row = page.locator("tr#row-2")
    expect(row).to_contain_text("не моложе 16 лет")
    row.get_by_role("link", name="Исправить").click()
    settled(page)
    expect(row.get_by_label("ФИО")).to_be_focused()
    row.get_by_label("Дата рождения").fill("01.01.1993")
    row.get_by_role("button", name="Сохранить строку").click()
    expect(row).not_to_contain_text("не моложе 16 лет")
    expect(row).to_contain_text("Новый работник: СОШ № 1.")

    ambiguous = page.locator("tr#row-3")
    expect(ambiguous).to_contain_text("В реестре есть Сидоров Павел Ильич (СОШ № 2)")
    ambiguous.get_by_label("Человек в реестре для строки 3").select_option(label="новый работник")
    expect(ambiguous).to_contain_text("Новый работник: СОШ № 1.")
    expect(page.locator("#import-summary")).to_contain_text("Готово к импорту: 3.")
    assert page.evaluate("window.notReloaded") is True

    page.get_by_role("button", name="Импортировать").click()
    expect(page.locator("main")).to_contain_text("добавлено работников 3")
    expect(page.locator("main")).to_contain_text("Юный Пётр Петрович")
    assert first.id
