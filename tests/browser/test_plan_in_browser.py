"""A methodist edits the plan in place; a school user only reads it."""
from playwright.sync_api import expect
from sqlalchemy import select

from app.auth.models import Role
from app.extensions import db
from app.plan.models import Activity, Section
from tests.browser.conftest import settled
from tests.conftest import PASSWORD


def first_activity(app, programme_id):
    with app.app_context():
        return db.session.scalar(select(Activity).join(Section).where(Section.programme_id == programme_id)
                                 .order_by(Activity.position))


def test_methodist_edits_a_row_in_place(live_server, app, make_programme, make_user, browser_login):
    programme = make_programme(activities=3)
    make_user(Role.METHODIST, username="metodist")
    activity = first_activity(app, programme.id)
    page = browser_login("metodist", PASSWORD)
    page.goto(f"{live_server}/plan/{programme.id}")
    page.evaluate("window.notReloaded = true")

    row = page.locator(f"#activity-{activity.id}")
    row.get_by_role("link", name="Изменить").click()
    title = row.get_by_label("Мероприятие")
    expect(title).to_be_visible()
    settled(page)
    title.fill("Районный семинар «Функциональная грамотность»")
    row.get_by_label("Сроки (как в документе)").fill("Ежегодно, июль")
    row.get_by_role("button", name="Сохранить").click()

    expect(row.locator("td:nth-child(2)")).to_contain_text("Районный семинар «Функциональная грамотность»")
    expect(row.locator("td:nth-child(3)")).to_contain_text("июль 2022, 2023, 2024")
    expect(row.get_by_role("button", name="Сохранить")).to_have_count(0)
    assert page.evaluate("window.notReloaded") is True  # no page reload happened

    page.reload()
    expect(page.locator(f"#activity-{activity.id} > td:nth-child(2)")).to_contain_text("Функциональная грамотность")


def test_a_responsible_person_is_found_by_name_in_the_edit_row(live_server, app, make_programme, make_org,
                                                              make_user, browser_login):
    """The picker inside a table row posts through the row's form (form= on every input)."""
    from app.registry.models import Person
    programme = make_programme(activities=2)
    school = make_org("СОШ № 3")
    with app.app_context():
        db.session.add_all([Person(full_name=name, organisation_id=school.id, position="заместитель директора")
                            for name in ("Гогина Г.В.", "Потемкина Т.В.", "Гоголева А.А.")])
        db.session.commit()
    make_user(Role.METHODIST, username="metodist")
    activity = first_activity(app, programme.id)
    page = browser_login("metodist", PASSWORD)
    page.goto(f"{live_server}/plan/{programme.id}")
    row = page.locator(f"#activity-{activity.id}")
    row.get_by_role("link", name="Изменить").click()
    picker = row.get_by_role("group", name="Ответственные из реестра")
    expect(picker).to_be_visible()
    settled(page)
    expect(picker.get_by_role("checkbox", checked=True)).to_have_count(1)  # the programme's methodist
    picker.get_by_role("searchbox").press_sequentially("гог", delay=30)
    expect(picker.get_by_role("checkbox")).to_have_count(3)
    picker.get_by_role("checkbox", name="Гогина Г.В.").check()
    picker.get_by_role("searchbox").press("Enter")  # searches; does not send the row
    expect(row.get_by_role("button", name="Сохранить")).to_be_visible()
    row.get_by_role("button", name="Сохранить").click()
    expect(row.get_by_role("button", name="Сохранить")).to_have_count(0)
    expect(row).to_contain_text("Гогина Г.В.")
    with app.app_context():
        names = {p.full_name for p in db.session.get(Activity, activity.id).responsible_people}
        assert "Гогина Г.В." in names and len(names) == 2


def test_methodist_adds_after_a_row_and_deletes_with_confirmation(live_server, app, make_programme, make_user,
                                                                   browser_login):
    programme = make_programme(activities=2)
    make_user(Role.METHODIST, username="metodist")
    activity = first_activity(app, programme.id)
    page = browser_login("metodist", PASSWORD)
    page.goto(f"{live_server}/plan/{programme.id}")
    page.evaluate("window.notReloaded = true")

    row = page.locator(f"#activity-{activity.id}")
    row.hover()  # the row's actions appear under the pointer (one shared toolbar)
    row.get_by_role("link", name="+ после").click()
    new_row = page.locator("tr.editing")
    expect(new_row.get_by_label("Мероприятие")).to_be_visible()
    settled(page)
    new_row.get_by_label("Мероприятие").fill("Круглый стол наставников")
    new_row.get_by_role("button", name="Сохранить").click()
    numbers = page.locator("tr[id^=activity-] > td:nth-child(1)")
    expect(numbers).to_have_text(["1.1", "1.2", "1.3"])
    expect(page.locator("tr[id^=activity-] > td:nth-child(2)")).to_contain_text(["Мероприятие 1", "Круглый стол наставников", "Мероприятие 2"])

    page.once("dialog", lambda dialog: dialog.accept())
    row.hover()
    row.get_by_role("button", name="Удалить").click()
    expect(page.locator("tr[id^=activity-] > td:nth-child(2)")).to_contain_text(["Круглый стол наставников", "Мероприятие 2"])
    expect(numbers).to_have_text(["1.1", "1.2"])
    assert page.evaluate("window.notReloaded") is True


def test_validation_error_shows_beside_the_field(live_server, app, make_programme, make_user, browser_login):
    programme = make_programme(activities=1)
    make_user(Role.METHODIST, username="metodist")
    activity = first_activity(app, programme.id)
    page = browser_login("metodist", PASSWORD)
    page.goto(f"{live_server}/plan/{programme.id}")
    row = page.locator(f"#activity-{activity.id}")
    row.locator("td:nth-child(2)").click()  # clicking the row opens it for editing
    # The opened row puts the cursor in the title (autofocus, once htmx settles): wait for it, or
    # text typed a moment earlier elsewhere would land in the title.
    expect(row.get_by_label("Мероприятие")).to_be_focused()
    row.get_by_label("Мероприятие").fill("")
    row.get_by_label("Сроки (как в документе)").fill("Мой срок")
    row.get_by_role("button", name="Сохранить").click()
    expect(row).to_contain_text("Заполните это поле.")
    expect(row.get_by_label("Сроки (как в документе)")).to_have_value("Мой срок")


def test_school_user_sees_no_edit_controls(live_server, app, make_programme, make_user, browser_login):
    programme = make_programme(activities=2)
    make_user(Role.SCHOOL, username="school1")
    page = browser_login("school1", PASSWORD)
    page.goto(f"{live_server}/plan/{programme.id}")
    expect(page.locator("tr[id^=activity-] > td:nth-child(2)")).to_have_count(2)
    expect(page.get_by_role("link", name="Изменить")).to_have_count(0)
    expect(page.get_by_role("button", name="Удалить")).to_have_count(0)
    page.locator("tr[id^=activity-] > td:nth-child(2)").first.click()
    expect(page.locator("tr.editing")).to_have_count(0)


def test_keyboard_escape_cancels_and_ctrl_enter_saves(live_server, app, make_programme, make_user, browser_login):
    programme = make_programme(activities=1)
    make_user(Role.METHODIST, username="metodist")
    activity = first_activity(app, programme.id)
    page = browser_login("metodist", PASSWORD)
    page.goto(f"{live_server}/plan/{programme.id}")
    row = page.locator(f"#activity-{activity.id}")
    row.locator("td:nth-child(2)").click()
    expect(row.get_by_label("Мероприятие")).to_be_visible()
    settled(page)
    row.get_by_label("Мероприятие").fill("Черновик, который не нужен")
    row.get_by_label("Мероприятие").press("Escape")
    # The opened row's textarea holds «Мероприятие 1» as its text too: wait for the row itself to close.
    expect(row.get_by_label("Мероприятие")).to_have_count(0)
    expect(row.locator("td:nth-child(2)")).to_contain_text("Мероприятие 1")
    settled(page)
    row.locator("td:nth-child(2)").click()
    expect(row.get_by_label("Мероприятие")).to_be_visible()
    settled(page)
    row.get_by_label("Мероприятие").fill("Сохранено с клавиатуры")
    row.get_by_label("Мероприятие").press("Control+Enter")
    expect(row.locator("td:nth-child(2)")).to_contain_text("Сохранено с клавиатуры")


def test_row_actions_reach_the_keyboard_user_in_the_focused_row(live_server, app, make_programme, make_user,
                                                                  browser_login):
    programme = make_programme(activities=2)
    make_user(Role.METHODIST, username="metodist")
    page = browser_login("metodist", PASSWORD)
    page.goto(f"{live_server}/plan/{programme.id}")
    second = page.locator("tr[id^=activity-]").nth(1)
    second.get_by_role("link", name="Изменить").focus()
    page.keyboard.press("Tab")  # the shared toolbar has come into this row, right after «Изменить»
    expect(second.get_by_role("button", name="Выше")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("tr[id^=activity-] > td:nth-child(2)")).to_contain_text(["Мероприятие 2", "Мероприятие 1"])
    expect(page.locator("tr[id^=activity-] > td:nth-child(1)")).to_have_text(["1.1", "1.2"])


def test_section_rows_move_open_and_delete_through_the_shared_form(live_server, app, make_programme, make_user,
                                                                   browser_login):
    programme = make_programme(activities=4, sections=2)
    make_user(Role.METHODIST, username="metodist")
    page = browser_login("metodist", PASSWORD)
    page.goto(f"{live_server}/plan/{programme.id}")
    page.evaluate("window.notReloaded = true")
    titles = page.locator("tr.section-row .section-title")
    expect(titles).to_have_text(["Раздел 1", "Раздел 2"])

    page.locator("tr.section-row").nth(1).get_by_role("button", name="Раздел выше").click()
    expect(titles).to_have_text(["Раздел 2", "Раздел 1"])
    expect(page.locator("tr.section-row th.num")).to_have_text(["1", "2"])

    titles.first.click()  # a click on the title opens the section in place
    field = page.locator("tr.section-row.editing textarea")
    expect(field).to_have_value("Раздел 2")
    field.fill("Раздел 2, переименован")
    page.locator("tr.section-row.editing").get_by_role("button", name="Сохранить").click()
    expect(titles.first).to_have_text("Раздел 2, переименован")

    page.once("dialog", lambda dialog: (dialog.message.startswith("Удалить раздел 1 «Раздел 2, переименован» вместе с 2")
                                        and dialog.accept()) or dialog.dismiss())
    page.locator("tr.section-row").first.get_by_role("button", name="Удалить").click()
    expect(titles).to_have_text(["Раздел 1"])
    expect(page.locator("tr[id^=activity-] > td:nth-child(1)")).to_have_text(["1.1", "1.2"])
    assert page.evaluate("window.notReloaded") is True
