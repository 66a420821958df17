"""A reporting campaign end to end in the browser: the methodist opens it, the coordinator corrects
one figure with a reason and submits, the methodist returns it with a remark beside a figure, the
coordinator fixes and submits again, the methodist accepts and downloads the consolidated workbook."""
from datetime import date, datetime, timedelta
from io import BytesIO

from openpyxl import load_workbook
from playwright.sync_api import expect

from app.auth.models import Role
from app.extensions import db
from app.registry.models import Person
from app.staff.models import Employment
from tests.conftest import PASSWORD


def _login(browser, live_server, username):
    page = browser.new_page()
    page.goto(f"{live_server}/login")
    page.get_by_label("Логин").fill(username)
    page.get_by_label("Пароль").fill(PASSWORD)
    page.get_by_role("button", name="Войти").click()
    page.wait_for_url(lambda url: "/login" not in url)
    return page


def test_a_campaign_from_opening_to_the_workbook(live_server, app, make_user, make_org, browser):
    school = make_org("СОШ № 1")
    today = date.today()
    with app.app_context():
        teacher = Person(full_name="Новикова Н.Н.", organisation_id=school.id)
        db.session.add(teacher)
        db.session.flush()
        db.session.add(Employment(person_id=teacher.id, organisation_id=school.id, position="учитель",
                                  category="teacher", started_on=today - timedelta(days=20),
                                  created_at=datetime.now()))
        db.session.commit()
    make_user(Role.METHODIST, username="metodist")
    make_user(Role.SCHOOL, username="school1", organisation=school)

    methodist = _login(browser, live_server, "metodist")
    methodist.goto(f"{live_server}/campaigns/")
    methodist.get_by_role("link", name="Новая кампания").click()
    methodist.get_by_label("Название").fill("Мониторинг за полугодие")
    methodist.get_by_label("Период с", exact=True).fill((today - timedelta(days=60)).isoformat())
    methodist.get_by_label("Период по", exact=True).fill(today.isoformat())
    methodist.get_by_label("Срок сдачи").fill((today + timedelta(days=10)).isoformat())
    for box in methodist.locator("input[name=forms]").all():
        box.uncheck()
    methodist.get_by_label("Принято и уволено").check()
    methodist.get_by_role("button", name="Открыть кампанию").click()
    expect(methodist.locator("#board")).to_contain_text("не начат")

    school_page = _login(browser, live_server, "school1")  # «Мои мероприятия»
    expect(school_page.locator("#campaigns-open")).to_contain_text("Мониторинг за полугодие")
    school_page.get_by_role("link", name="Мониторинг за полугодие").click()
    hired = school_page.get_by_label("Принято, чел.: в отчёте")
    expect(hired).to_have_value("1")  # from the staff's places of work
    hired.fill("2")
    school_page.get_by_role("button", name="Сохранить таблицу").click()
    expect(school_page.locator("#cell-movement-0")).to_contain_text("Укажите причину")
    expect(school_page.get_by_label("Принято, чел.: в отчёте")).to_have_value("2")  # kept
    school_page.get_by_label("Принято, чел.: причина исправления").fill("Совместитель принят по договору")
    school_page.get_by_role("button", name="Сохранить таблицу").click()
    expect(school_page.locator("main")).to_contain_text("Сохранено.")
    school_page.once("dialog", lambda dialog: dialog.accept())
    school_page.get_by_role("button", name="Отправить отчёт").click()
    expect(school_page.locator("#report-status")).to_have_text("отправлен")

    methodist.reload()
    methodist.locator("#board").get_by_role("link", name="Проверить").click()
    methodist.get_by_label("Замечание школе").fill("Уволенных тоже проверьте")
    methodist.get_by_label("Рядом с цифрой").select_option(label="Принято и уволено — Уволено, чел.")
    methodist.get_by_role("button", name="Вернуть с замечанием").click()
    expect(methodist.locator("#board")).to_contain_text("возвращён с замечанием")

    school_page.reload()
    expect(school_page.locator("#cell-movement-1")).to_contain_text("Замечание: Уволенных тоже проверьте")
    expect(school_page.get_by_label("Принято, чел.: в отчёте")).to_have_value("2")  # the figures carried over
    school_page.get_by_label("Уволено, чел.: в отчёте").fill("1")
    school_page.get_by_label("Уволено, чел.: причина исправления").fill("Уволен совместитель")
    school_page.get_by_role("button", name="Сохранить таблицу").click()
    school_page.once("dialog", lambda dialog: dialog.accept())
    school_page.get_by_role("button", name="Отправить отчёт").click()
    expect(school_page.locator("#report-status")).to_have_text("отправлен")

    methodist.reload()
    methodist.locator("#board").get_by_role("link", name="Проверить").click()
    methodist.get_by_role("button", name="Принять").click()
    expect(methodist.locator("#board")).to_contain_text("принят")
    with methodist.expect_download() as download:
        methodist.get_by_role("link", name="Свод в Excel (принятые)").click()
    workbook = load_workbook(BytesIO(open(download.value.path(), "rb").read()))
    sheet = workbook["1. Принято и уволено"]
    assert [c.value for c in sheet[5]] == [1, "СОШ № 1", 2, 1]
    assert [c.value for c in workbook["Исправления школ"][4]][3:] == ["1 → 2", "Совместитель принят по договору"]
