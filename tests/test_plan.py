"""The action plan edited in place: rows, sections, numbering, conflicts, bad input."""
from datetime import date
import re

import pytest
from sqlalchemy import func, select

from app.auth.models import Role
from app.extensions import db
from app.plan.models import Activity, DeadlineState, Occurrence, Section

from .conftest import count_queries


def activity_ids(app, programme_id):
    with app.app_context():
        return list(db.session.scalars(
            select(Activity.id).join(Section).where(Section.programme_id == programme_id)
            .order_by(Section.position, Activity.position)
        ))


def row_data(app, activity_id, **changes):
    with app.app_context():
        a = db.session.get(Activity, activity_id)
        data = {
            "title": a.title, "deadline_text": a.deadline_text, "responsible_text": a.responsible_text,
            "participants": a.participants, "expected_result": a.expected_result, "document": a.document,
            "version": str(a.version), "manual_dates": "", "section_id": str(a.section_id),
            "responsible_people": [p.id for p in a.responsible_people],
        }
    data.update(changes)
    return data


def test_programmes_list_links_each_programme_by_title(actor, make_programme):
    programme = make_programme(title="Программа Калининского района")
    html = actor(Role.HEAD).get("/plan/").get_data(as_text=True)
    assert f'<a href="/plan/{programme.id}">Программа Калининского района</a>' in html
    assert "3 мероприятия" in html


def test_plan_page_numbers_are_derived(actor, make_programme):
    programme = make_programme(activities=4, sections=2)
    html = actor(Role.HEAD).get(f"/plan/{programme.id}").get_data(as_text=True)
    numbers = re.findall(r'<tr id="activity-\d+"><td>([\d.]+)', html)
    assert numbers == ["1.1", "1.2", "2.1", "2.2"]


def test_edit_row_fragment_and_page(actor, make_programme, app):
    programme = make_programme()
    first = activity_ids(app, programme.id)[0]
    methodist = actor(Role.METHODIST)
    fragment = methodist.get(f"/plan/activities/{first}/edit", htmx=True)
    assert fragment.status_code == 200
    body = fragment.get_data(as_text=True)
    assert "<html" not in body and body.strip().startswith("<tr")
    assert "Сохранить" in body and "Отмена" in body
    page = methodist.get(f"/plan/activities/{first}/edit")
    assert page.status_code == 200 and "<html" in page.get_data(as_text=True)
    assert "Сохранить" in page.get_data(as_text=True)


def test_save_row_returns_the_row_and_stores_it(actor, make_programme, app):
    programme = make_programme()
    first = activity_ids(app, programme.id)[0]
    methodist = actor(Role.METHODIST)
    response = methodist.post(f"/plan/activities/{first}", htmx=True,
                              data=row_data(app, first, title="Новое название\nвторая строка",
                                            deadline_text="Ежегодно, июль"))
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert body.strip().startswith("<tr") and "Новое название\nвторая строка" in body
    assert "<li>июль 2022, 2023, 2024</li>" in body and "Изменить" in body
    with app.app_context():
        a = db.session.get(Activity, first)
        assert a.title == "Новое название\nвторая строка"
        assert [o.label for o in a.occurrences] == ["июль 2022", "июль 2023", "июль 2024"]
        assert a.version == 2


def test_save_without_htmx_redirects_to_the_row(actor, make_programme, app):
    programme = make_programme()
    first = activity_ids(app, programme.id)[0]
    response = actor(Role.METHODIST).post(f"/plan/activities/{first}", data=row_data(app, first, title="Иначе"))
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/plan/{programme.id}#activity-{first}")


@pytest.mark.parametrize("changes, message", [
    ({"title": "   "}, "Заполните это поле."),
    ({"title": "x" * 5001}, "Не длиннее 5000 символов."),
    ({"participants": "chosen"}, "Выберите хотя бы одну ОО"),
    ({"manual_dates": "32.13.2023"}, "Строка 1"),
    ({"participants": "nobody"}, "Неверный"),
    ({"responsible_people": ["999999"]}, "не"),
])
def test_bad_row_input_is_refused_with_a_message_and_kept(actor, make_programme, app, changes, message):
    programme = make_programme()
    first = activity_ids(app, programme.id)[0]
    data = row_data(app, first, deadline_text="Мой срок", **changes)
    response = actor(Role.METHODIST).post(f"/plan/activities/{first}", htmx=True, data=data)
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert message in body
    assert "Мой срок" in body  # what the user typed stays
    with app.app_context():
        a = db.session.get(Activity, first)
        assert a.deadline_text == "Сентябрь 2022, 2023, 2024" and a.version == 1


def test_title_is_escaped(actor, make_programme, app):
    programme = make_programme()
    first = activity_ids(app, programme.id)[0]
    methodist = actor(Role.METHODIST)
    methodist.post(f"/plan/activities/{first}", htmx=True,
                   data=row_data(app, first, title="<script>alert(1)</script>"))
    html = methodist.get(f"/plan/{programme.id}").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_second_save_of_the_same_version_is_a_conflict(actor, make_programme, app):
    programme = make_programme()
    first = activity_ids(app, programme.id)[0]
    one, two = actor(Role.METHODIST, username="first"), actor(Role.METHODIST, username="second")
    stale = row_data(app, first)
    assert one.post(f"/plan/activities/{first}", htmx=True, data={**stale, "title": "Версия первого"}).status_code == 200
    response = two.post(f"/plan/activities/{first}", htmx=True, data={**stale, "title": "Версия второго"})
    assert response.status_code == 409
    body = response.get_data(as_text=True)
    assert "Пока вы редактировали, эту строку сохранил(а) methodist test" in body
    assert "Версия первого" in body  # the current row is shown
    assert "Ваш вариант:</span> Версия второго" in body  # and what this user typed, not lost
    with app.app_context():
        assert db.session.get(Activity, first).title == "Версия первого"


def test_unreadable_deadline_is_marked_and_can_be_set_by_hand(actor, make_programme, app):
    programme = make_programme()
    first = activity_ids(app, programme.id)[0]
    methodist = actor(Role.METHODIST)
    body = methodist.post(f"/plan/activities/{first}", htmx=True,
                          data=row_data(app, first, deadline_text="по плану работы ИРО КК")).get_data(as_text=True)
    assert "по плану работы ИРО КК" in body and "сроки не распознаны" in body
    with app.app_context():
        a = db.session.get(Activity, first)
        assert a.deadline_state == DeadlineState.UNPARSED and a.occurrences == []
    body = methodist.post(f"/plan/activities/{first}", htmx=True,
                          data=row_data(app, first, manual_dates="15.05.2023 отчёт ИРО\n01.12.2023")).get_data(as_text=True)
    assert "отчёт ИРО" in body and "1 декабря 2023" in body and "заданы вручную" in body
    with app.app_context():
        a = db.session.get(Activity, first)
        assert a.deadline_state == DeadlineState.MANUAL and len(a.occurrences) == 2


def test_unchanged_occurrences_keep_their_ids(actor, make_programme, app):
    programme = make_programme()
    first = activity_ids(app, programme.id)[0]
    with app.app_context():
        before = {o.label: o.id for o in db.session.get(Activity, first).occurrences}
    actor(Role.METHODIST).post(f"/plan/activities/{first}", htmx=True,
                               data=row_data(app, first, deadline_text="Сентябрь 2023, 2024"))
    with app.app_context():
        after = {o.label: o.id for o in db.session.get(Activity, first).occurrences}
    assert after == {"сентябрь 2023": before["сентябрь 2023"], "сентябрь 2024": before["сентябрь 2024"]}


def test_add_activity_after_a_row_renumbers_the_section(actor, make_programme, app):
    programme = make_programme(activities=3)
    ids = activity_ids(app, programme.id)
    with app.app_context():
        section_id = db.session.get(Activity, ids[0]).section_id
    methodist = actor(Role.METHODIST)
    form = methodist.get(f"/plan/sections/{section_id}/activities/new?after={ids[0]}", htmx=True)
    assert form.status_code == 200 and "<html" not in form.get_data(as_text=True)
    response = methodist.post(f"/plan/sections/{section_id}/activities", htmx=True, data={
        "title": "Вставленное", "deadline_text": "Март 2023", "participants": "centre", "after": str(ids[0]),
    })
    assert response.status_code == 200
    assert response.headers["HX-Retarget"] == f"#section-{section_id}"
    body = response.get_data(as_text=True)
    assert body.strip().startswith("<tbody")
    numbers_titles = re.findall(r'<tr id="activity-\d+"><td>([\d.]+)</td><td>([^<]+)', body)
    assert numbers_titles == [("1.1", "Мероприятие 1"), ("1.2", "Вставленное"), ("1.3", "Мероприятие 2"),
                              ("1.4", "Мероприятие 3")]


def test_add_activity_with_empty_title_saves_nothing(actor, make_programme, app):
    programme = make_programme(activities=1)
    with app.app_context():
        section_id = db.session.scalar(select(Section.id).where(Section.programme_id == programme.id))
    response = actor(Role.METHODIST).post(f"/plan/sections/{section_id}/activities", htmx=True,
                                          data={"title": "", "deadline_text": "Март 2023", "participants": "centre"})
    assert response.status_code == 422
    assert "Заполните это поле." in response.get_data(as_text=True)
    assert "Март 2023" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count(Activity.id))) == 1


def test_move_down_and_delete(actor, make_programme, app):
    programme = make_programme(activities=3)
    ids = activity_ids(app, programme.id)
    methodist = actor(Role.METHODIST)
    response = methodist.post(f"/plan/activities/{ids[0]}/move", data={"direction": "down"}, htmx=True)
    assert response.status_code == 200
    assert activity_ids(app, programme.id) == [ids[1], ids[0], ids[2]]
    # Moving does not count as an edit of the rows' content: no false conflicts.
    with app.app_context():
        assert {db.session.get(Activity, i).version for i in ids} == {1}
    response = methodist.post(f"/plan/activities/{ids[1]}/delete", htmx=True)
    assert response.status_code == 200
    assert activity_ids(app, programme.id) == [ids[0], ids[2]]
    with app.app_context():
        assert db.session.scalar(select(func.count(Occurrence.id))) == 6


def test_move_a_row_to_another_section(actor, make_programme, app):
    programme = make_programme(activities=4, sections=2)
    ids = activity_ids(app, programme.id)
    with app.app_context():
        second_section = db.session.get(Activity, ids[2]).section_id
    response = actor(Role.METHODIST).post(f"/plan/activities/{ids[0]}", htmx=True,
                                          data=row_data(app, ids[0], section_id=str(second_section)))
    assert response.status_code == 200
    assert response.headers["HX-Retarget"] == "#plan-body"
    body = response.get_data(as_text=True)
    numbers_titles = re.findall(r'<tr id="activity-\d+"><td>([\d.]+)</td><td>([^<]+)', body)
    assert numbers_titles == [("1.1", "Мероприятие 2"), ("2.1", "Мероприятие 3"), ("2.2", "Мероприятие 4"),
                              ("2.3", "Мероприятие 1")]


def test_sections_add_rename_reorder_nest(actor, make_programme, app):
    programme = make_programme(activities=2, sections=2)
    methodist = actor(Role.METHODIST)
    with app.app_context():
        first, second = db.session.scalars(select(Section.id).where(Section.programme_id == programme.id)
                                           .order_by(Section.position))
    response = methodist.post(f"/plan/{programme.id}/sections", htmx=True,
                              data={"title": "Повышение компетентности в области воспитания", "parent_id": str(second)})
    assert response.status_code == 200
    assert "2.1" in response.get_data(as_text=True)
    response = methodist.post(f"/plan/sections/{second}/move", data={"direction": "up"}, htmx=True)
    body = response.get_data(as_text=True)
    assert body.index("Раздел 2") < body.index("Раздел 1")
    assert re.search(r'<th class="num">1\.1</th>\s*<th[^>]*>Повышение компетентности в области воспитания', body)
    response = methodist.post(f"/plan/sections/{first}", htmx=True, data={"title": "Обобщающий этап"})
    assert response.status_code == 200 and "Обобщающий этап" in response.get_data(as_text=True)
    response = methodist.post(f"/plan/sections/{first}", htmx=True, data={"title": ""})
    assert response.status_code == 422


def test_section_with_empty_title_is_refused(actor, make_programme, app):
    programme = make_programme()
    response = actor(Role.METHODIST).post(f"/plan/{programme.id}/sections", htmx=True,
                                          data={"title": " ", "parent_id": "0"})
    assert response.status_code == 422
    assert "Заполните это поле." in response.get_data(as_text=True)
    response = actor(Role.METHODIST).post(f"/plan/{programme.id}/sections", htmx=True,
                                          data={"title": "Раздел", "parent_id": "424242"})
    assert response.status_code == 422
    with app.app_context():
        assert db.session.scalar(select(func.count(Section.id))) == 1


def test_unknown_ids_are_404_not_500(actor):
    methodist = actor(Role.METHODIST)
    for url in ["/plan/999", "/plan/activities/999/edit", "/plan/sections/999/edit"]:
        assert methodist.get(url).status_code == 404
    assert methodist.post("/plan/activities/999", htmx=True, data={"title": "x"}).status_code == 404


def test_head_sees_no_edit_controls(actor, make_programme):
    programme = make_programme()
    html = actor(Role.HEAD).get(f"/plan/{programme.id}").get_data(as_text=True)
    assert "Изменить" not in html and "Удалить" not in html and "hx-post" not in html
    assert "/edit" not in html
    assert "Мероприятие 1" in html


def test_programme_create_and_period_validation(actor, app):
    methodist = actor(Role.METHODIST)
    token = methodist.token
    response = methodist.client.post("/plan/new", data={"csrf_token": token, "title": "Программа", "start_year": "2024",
                                                         "end_year": "2022"})
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert "Год окончания не может быть раньше года начала." in body and "Программа" in body
    response = methodist.client.post("/plan/new", data={
        "csrf_token": token, "title": "Программа", "start_year": "2025", "end_year": "2027",
        "goal": "Цель", "stages-0-name": "1 этап", "stages-0-period_text": "2025",
    })
    assert response.status_code == 302
    page = methodist.get(response.headers["Location"].replace("http://localhost", ""))
    assert "Программа" in page.get_data(as_text=True)


def test_period_change_recomputes_occurrences(actor, make_programme, app):
    programme = make_programme(activities=1)
    methodist = actor(Role.METHODIST)
    response = methodist.client.post(f"/plan/{programme.id}/passport/edit", data={
        "csrf_token": methodist.token, "title": "Программа", "start_year": "2023", "end_year": "2024"})
    assert response.status_code == 302
    with app.app_context():
        assert sorted(db.session.scalars(select(Occurrence.label))) == ["сентябрь 2023", "сентябрь 2024"]


def test_post_without_csrf_is_refused_even_from_htmx(actor, make_programme, app):
    programme = make_programme()
    first = activity_ids(app, programme.id)[0]
    response = actor(Role.METHODIST).post(f"/plan/activities/{first}", htmx=True, csrf=False,
                                          data=row_data(app, first, title="Подмена"))
    assert response.status_code == 400
    with app.app_context():
        assert db.session.get(Activity, first).title == "Мероприятие 1"


@pytest.mark.parametrize("size", [10, 500, 700])  # 700: past any batching of IN lists by 500
def test_plan_page_query_count_is_fixed(actor, make_programme, app, size):
    programme = make_programme(activities=size, sections=5)
    head = actor(Role.METHODIST)
    head.get(f"/plan/{programme.id}")  # warm up
    with count_queries(app) as statements:
        response = head.get(f"/plan/{programme.id}")
    assert response.status_code == 200
    assert response.get_data(as_text=True).count('<tr id="activity-') == size
    assert len(statements) == EXPECTED_PLAN_QUERIES, statements


# user, whether the install has other municipalities (app/municipalities/scope.py), programme, sections,
# activities + 3 eager loads, section picker; marks roll-up: schools, centre, done marks; filter
# choices: sections, people
EXPECTED_PLAN_QUERIES = 17  # + the latest approved version, + one per links provider (events, competitions)


def test_oversized_request_is_refused_in_russian(actor, make_programme, app):
    programme = make_programme(activities=1)
    first = activity_ids(app, programme.id)[0]
    response = actor(Role.METHODIST).post(f"/plan/activities/{first}", htmx=True,
                                          data=row_data(app, first, title="я" * (3 * 1024 * 1024)))
    assert response.status_code == 413
    assert "Слишком большой запрос." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Activity, first).title == "Мероприятие 1"


def test_rewording_a_deadline_keeps_occurrences_with_the_same_date(actor, make_programme, app):
    """"Ежегодно" → "Ежегодно, декабрь": the same dates under new labels keep their ids (and marks)."""
    programme = make_programme(activities=1)
    first = activity_ids(app, programme.id)[0]
    methodist = actor(Role.METHODIST)
    methodist.post(f"/plan/activities/{first}", htmx=True, data=row_data(app, first, deadline_text="Ежегодно"))
    with app.app_context():
        before = [(o.id, o.due_date) for o in db.session.get(Activity, first).occurrences]
    methodist.post(f"/plan/activities/{first}", htmx=True,
                   data=row_data(app, first, deadline_text="Ежегодно, декабрь"))
    with app.app_context():
        after = [(o.id, o.due_date, o.label) for o in db.session.get(Activity, first).occurrences]
    assert [(i, d) for i, d, _ in after] == before
    assert [label for _, _, label in after] == ["декабрь 2022", "декабрь 2023", "декабрь 2024"]


def test_unchanged_save_writes_no_audit_entry(actor, make_programme, app):
    from app.audit.models import AuditEntry
    programme = make_programme(activities=1)
    first = activity_ids(app, programme.id)[0]
    actor(Role.METHODIST).post(f"/plan/activities/{first}", htmx=True, data=row_data(app, first))
    with app.app_context():
        assert db.session.scalar(select(func.count(AuditEntry.id))) == 0


def test_section_rows_act_through_the_shared_form(actor, make_programme, app):
    programme = make_programme(activities=4, sections=2)
    methodist = actor(Role.METHODIST)
    with app.app_context():
        first, second = db.session.scalars(select(Section.id).where(Section.programme_id == programme.id)
                                           .order_by(Section.position))
    response = methodist.post("/plan/rows", data={"do": f"s{second} up"}, htmx=True)
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert body.startswith('<div id="plan-body">') and body.index("Раздел 2") < body.index("Раздел 1")
    response = methodist.post("/plan/rows", data={"do": f"s{first} delete"})  # no JS: a redirect back
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/plan/{programme.id}")
    for bad in ("s up", f"s{second} sideways", f"x{second} up", ""):
        assert methodist.post("/plan/rows", data={"do": bad}, htmx=True).status_code == 400
    with app.app_context():
        assert list(db.session.scalars(select(Section.title).where(Section.programme_id == programme.id))) \
            == ["Раздел 2"]
        assert db.session.scalar(select(func.count(Activity.id)).join(Section)
                                 .where(Section.programme_id == programme.id)) == 2


def test_kept_row_fragments_render_as_the_rows_do(app, actor):
    """Every row of the demo plan (linked events, chosen schools, hand-set and unread deadlines,
    who has not done it) comes out the same from the kept fragments as rendered afresh."""
    from app.demo.loader import load_demo
    from app.fragments import fragments
    from app.plan.models import Programme
    app.config["TODAY"] = date(2024, 3, 1)
    try:
        with app.app_context():
            load_demo()
            programme_id = db.session.scalar(select(Programme.id).order_by(Programme.id))
        methodist = actor(Role.METHODIST)
        fragments.clear()
        first = methodist.get(f"/plan/{programme_id}").get_data(as_text=True)
        assert len(fragments) == first.count('<tr id="activity-') + first.count('<tbody id="section-') > 50
        kept = methodist.get(f"/plan/{programme_id}").get_data(as_text=True)
        app.jinja_env.auto_reload = True  # nothing kept: every row rendered
        try:
            fresh = methodist.get(f"/plan/{programme_id}").get_data(as_text=True)
        finally:
            app.jinja_env.auto_reload = False
        rows = lambda html: re.findall(r'<tr id="activity-\d+">.*?</tr>', html, re.S)  # noqa: E731
        assert rows(kept) == rows(fresh) == rows(first)
        sections = lambda html: re.findall(r'<tbody id="section-.*?</tbody>', html, re.S)  # noqa: E731
        assert sections(kept) == sections(fresh)
        assert "не выполнили" in first and "linked-events" in first
    finally:
        app.config.pop("TODAY", None)


def test_a_kept_row_shows_a_change_of_anything_it_shows(app, actor, make_programme, make_org):
    """The fragment's key holds what the row shows: a renamed school, a mark, a renamed person and
    an edited title each show at once."""
    from app.marks.models import CompletionMark
    from app.registry.models import Organisation, Person
    app.config["TODAY"] = date(2023, 1, 10)
    try:
        programme = make_programme(activities=1)
        school = make_org("СОШ № 7")
        methodist = actor(Role.METHODIST)
        with app.app_context():
            activity = db.session.scalar(select(Activity).join(Section).where(Section.programme_id == programme.id))
            activity_id, occurrence_id = activity.id, activity.occurrences[0].id
            person_id = activity.responsible_people[0].id

        def row():
            html = methodist.get(f"/plan/{programme.id}").get_data(as_text=True)
            return re.search(rf'<tr id="activity-{activity_id}">.*?</tr>', html, re.S).group(0)

        assert "сентябрь 2022: 0 из 1 — просрочено" in row() and "СОШ № 7" in row()
        with app.app_context():
            db.session.get(Organisation, school.id).short_name = "СОШ № 7 им. Пушкина"
            db.session.commit()
        assert "СОШ № 7 им. Пушкина" in row()
        with app.app_context():
            db.session.add(CompletionMark(occurrence_id=occurrence_id, organisation_id=school.id, status="done",
                                          done_on=date(2022, 9, 20)))
            db.session.get(Person, person_id).full_name = "Сидорова А.А."
            db.session.get(Activity, activity_id).title = "Мероприятие, переименованное"
            db.session.commit()
        shown = row()
        assert "сентябрь 2023: 0 из 1<" in shown and "сентябрь 2022: " not in shown  # the next one is current
        assert "Сидорова А.А." in shown and "Мероприятие, переименованное" in shown
    finally:
        app.config.pop("TODAY", None)
