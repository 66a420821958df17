"""A methodist builds a teacher's route (ИОМ) of three steps, one linked to a seminar the teacher
is registered for; marking the teacher present at the seminar moves the route's progress."""
from datetime import datetime

from playwright.sync_api import expect
from sqlalchemy import select

from app.auth.models import Role
from app.events.models import Event, EventFormat, Registration
from app.extensions import db
from app.registry.models import Person
from tests.conftest import PASSWORD


def test_a_route_of_three_steps_moves_when_the_seminar_attendance_is_marked(live_server, app, make_org, make_user,
                                                                             browser_login, page, freeze):
    freeze(datetime(2025, 11, 15, 12))
    school = make_org("СОШ № 1")
    make_user(Role.METHODIST, username="metodist")
    with app.app_context():
        teacher = Person(full_name="Аринина Анна", organisation_id=school.id, position="учитель")
        seminar = db.session.scalar(select(EventFormat).where(EventFormat.name == "семинар"))
        event = Event(format_id=seminar.id, topic="Функциональная грамотность на уроках", registered_count=1,
                      starts_at=datetime(2025, 11, 14, 10), ends_at=datetime(2025, 11, 14, 12))
        db.session.add_all([teacher, event])
        db.session.flush()
        db.session.add(Registration(event_id=event.id, person_id=teacher.id, organisation_id=school.id,
                                    registered_at=datetime(2025, 11, 1), attended=False))
        db.session.commit()
        teacher_id, event_id = teacher.id, event.id

    browser_login("metodist", PASSWORD)
    page.goto(f"{live_server}/courses/routes/{teacher_id}")
    steps = [("мероприятие (семинар, мастер-класс)", "Семинар по функциональной грамотности", "ноябрь 2025",
              "Функциональная грамотность на уроках, 14.11.2025"),
             ("открытый урок", "Открытый урок в 7 классе", "март 2026", None),
             ("самообразование", "Изучение методических материалов ЦНППМ", "в течение года", None)]
    for kind, text, deadline, link in steps:
        form = page.locator("#add-step")
        form.get_by_label("Вид").select_option(label=kind)
        form.get_by_label("Шаг", exact=True).fill(text)
        form.get_by_label("Срок").fill(deadline)
        if link:
            form.get_by_label("Связать с записью (шаг выполнится вместе с ней)").select_option(label=link)
        form.get_by_role("button", name="Добавить шаг").click()
        expect(page.locator("table.route-steps")).to_contain_text(text)
    expect(page.locator("#progress")).to_have_text("выполнено 0 из 3")

    page.goto(f"{live_server}/events/{event_id}")
    page.locator("table.participants").get_by_label("присутствовал(а)").check()
    expect(page.locator("#attended-count")).to_have_text("1")

    page.goto(f"{live_server}/courses/routes/{teacher_id}")
    expect(page.locator("#progress")).to_have_text("выполнено 1 из 3")
    page.locator("table.route-steps tr", has_text="Открытый урок").get_by_role("button", name="Выполнено").click()
    expect(page.locator("#progress")).to_have_text("выполнено 2 из 3")
