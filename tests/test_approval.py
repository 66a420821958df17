"""Approval, amendments since the approved version, and the audit log."""
import re
from datetime import date

import pytest
from sqlalchemy import func, select

from app.approval.models import ProgrammeVersion
from app.audit.models import AuditEntry
from app.auth.models import Role
from app.extensions import db
from app.plan.models import Activity, Section

from .test_plan import activity_ids, row_data


@pytest.fixture(autouse=True)
def frozen(app):
    app.config["TODAY"] = date(2023, 1, 20)
    yield
    app.config.pop("TODAY", None)


def approve(who, programme_id, number="2", day="2023-01-11"):
    return who.client.post(f"/plan/{programme_id}/approve", data={
        "csrf_token": who.token, "order_number": number, "order_date": day,
        "approver_position": "Начальник МКУО ЦОКО", "approver_name": "Т.П. Павликова"})


def versions(app):
    with app.app_context():
        return db.session.scalar(select(func.count(ProgrammeVersion.id)))


def test_head_approves_with_an_order(actor, make_programme, app):
    programme = make_programme()
    head = actor(Role.HEAD)
    response = approve(head, programme.id)
    assert response.status_code == 302
    html = head.get(f"/plan/{programme.id}").get_data(as_text=True)
    assert "Утверждена приказом № 2 от 11 января 2023" in html
    assert versions(app) == 1


@pytest.mark.parametrize("number, day, message", [
    ("", "2023-01-11", "Укажите номер приказа."),
    ("2", "", "Укажите дату приказа."),
    ("2", "2023-05-01", "Дата приказа не может быть в будущем."),
])
def test_approval_needs_order_number_and_date(actor, make_programme, app, number, day, message):
    programme = make_programme()
    response = approve(actor(Role.HEAD), programme.id, number, day)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert versions(app) == 0


def test_methodist_cannot_approve(actor, make_programme, app):
    programme = make_programme()
    assert approve(actor(Role.METHODIST), programme.id).status_code == 403
    assert versions(app) == 0


def test_changes_page_lists_exactly_the_amendments(actor, make_programme, app):
    programme = make_programme(activities=3)
    ids = activity_ids(app, programme.id)
    approve(actor(Role.HEAD), programme.id)
    methodist = actor(Role.METHODIST)
    # Three fields of the first activity.
    methodist.post(f"/plan/activities/{ids[0]}", htmx=True, data=row_data(
        app, ids[0], title="Мероприятие 1 (уточнено)", deadline_text="Ежегодно", document="Приказ"))
    with app.app_context():
        section_id = db.session.get(Activity, ids[0]).section_id
    methodist.post(f"/plan/sections/{section_id}/activities", htmx=True,
                   data={"title": "Новый круглый стол", "deadline_text": "Март 2023", "participants": "centre"})
    methodist.post(f"/plan/activities/{ids[2]}/delete", htmx=True)

    html = methodist.get(f"/plan/{programme.id}/changes").get_data(as_text=True)
    assert "С редакции 1, утверждённой приказом № 2 от 11 января 2023" in html
    assert "Изменено: 1" in html and "Добавлено: 1" in html and "Исключено: 1" in html
    changed = re.findall(r'<div class="field-change"><strong>([^<]+):</strong>', html)
    assert changed == ["Мероприятие", "Сроки", "Документ"]
    assert "Сентябрь 2022, 2023, 2024" in html and "Ежегодно" in html
    assert "Новый круглый стол" in html and "Мероприятие 3" in html

    # Approving again makes a new version with no pending changes.
    approve(actor(Role.HEAD), programme.id, "7", "2023-01-19")
    html = methodist.get(f"/plan/{programme.id}/changes").get_data(as_text=True)
    assert "С редакции 2" in html and "После утверждения план не менялся." in html


def test_audit_log_records_edits_and_marks(actor, make_programme, make_org, app):
    programme = make_programme(activities=2)
    ids = activity_ids(app, programme.id)
    school = make_org("СОШ № 1")
    methodist = actor(Role.METHODIST, username="davidenko")
    methodist.post(f"/plan/activities/{ids[0]}", htmx=True, data=row_data(app, ids[0], title="Новое название"))
    with app.app_context():
        occurrence_id = db.session.get(Activity, ids[0]).occurrences[0].id
    methodist.post("/marks", htmx=True, data={"occurrence_id": str(occurrence_id), "organisation_id": str(school.id),
                                              "quick": "done", "view": "matrix"})
    with app.app_context():
        entries = list(db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)))
        assert [(e.action, e.entity) for e in entries] == [("update", "activity"), ("mark", "mark")]
        assert entries[0].changes == [("title", "Мероприятие 1", "Новое название")]
        assert entries[1].after["status"] == "выполнено" and entries[1].user.username == "davidenko"
        with pytest.raises(RuntimeError):
            entries[0].summary = "подделка"
            db.session.flush()
        db.session.rollback()
    html = methodist.get("/audit").get_data(as_text=True)
    assert "<del>Мероприятие 1</del> → <ins>Новое название</ins>" in html
    assert actor(Role.SCHOOL).get("/audit").status_code == 403


def test_section_changes_are_amendments_too(actor, make_programme, app):
    programme = make_programme(activities=1)
    approve(actor(Role.HEAD), programme.id)
    methodist = actor(Role.METHODIST)
    with app.app_context():
        section_id = db.session.scalar(select(Section.id).where(Section.programme_id == programme.id))
    methodist.post(f"/plan/sections/{section_id}", htmx=True, data={"title": "Основной этап"})
    html = methodist.get(f"/plan/{programme.id}/changes").get_data(as_text=True)
    assert "раздел 1" in html and "Раздел 1" in html and "Основной этап" in html


def test_amendments_print_as_the_attachment_to_an_order(actor, make_programme, app):
    programme = make_programme(activities=3)
    ids = activity_ids(app, programme.id)
    approve(actor(Role.HEAD), programme.id)
    methodist = actor(Role.METHODIST)
    methodist.post(f"/plan/activities/{ids[0]}", htmx=True, data=row_data(
        app, ids[0], title="Мероприятие 1 (уточнено)", deadline_text="Ежегодно", document="Приказ"))
    with app.app_context():
        section_id = db.session.get(Activity, ids[0]).section_id
    methodist.post(f"/plan/sections/{section_id}/activities", htmx=True,
                   data={"title": "Новый круглый стол", "deadline_text": "Март 2023", "participants": "centre"})
    methodist.post(f"/plan/activities/{ids[2]}/delete", htmx=True)

    page = methodist.get(f"/plan/{programme.id}/changes/order?order_number=15&order_date=2023-01-19")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "УТВЕРЖДЕНЫ" in html and "от 19.01.2023 № 15" in html
    assert "Изменения, вносимые в план мероприятий" in html
    items = [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", item)).strip()
             for item in re.findall(r"<li>(.*?)</li>", html, re.S)]
    # In the plan's numbering: the changed 1.1, the new 1.3 (after 1.2), the removed 1.3 of the approved plan.
    assert items[0].startswith("Пункт 1.1 изложить в следующей редакции:")
    assert "<del>Мероприятие 1</del>" in html and "<del>Сентябрь 2022, 2023, 2024</del>" in html
    assert "Документ: Приказ" in items[0]
    assert any(i.startswith("Дополнить пунктом 1.3 следующего содержания:") and "Новый круглый стол" in i
               for i in items)
    assert "Пункт 1.3 «Мероприятие 3» исключить." in items

    blank = methodist.get(f"/plan/{programme.id}/changes/order").get_data(as_text=True)
    assert "от «____» ____________ 20___ г. № ______" in blank
    bad = methodist.get(f"/plan/{programme.id}/changes/order?order_number=15&order_date=19.01")
    assert bad.status_code == 422 and "Дата — ДД.ММ.ГГГГ." in bad.get_data(as_text=True)

    # The head approves the changed plan with that order: the form comes filled in.
    form = actor(Role.HEAD).get(f"/plan/{programme.id}/approve?order_number=15&order_date=2023-01-19")
    body = form.get_data(as_text=True)
    assert 'value="15"' in body and 'value="2023-01-19"' in body


def test_approving_again_from_a_page_shown_before_the_last_approval_changes_nothing(actor, make_programme, app):
    """Two tabs, or a click that arrives after the first approval went through: the page says
    which version it was shown after, and a stale one makes no new version."""
    programme = make_programme()
    head = actor(Role.HEAD)
    page = head.get(f"/plan/{programme.id}/approve").get_data(as_text=True)
    assert 'name="after" value="0"' in page
    data = {"csrf_token": head.token, "order_number": "2", "order_date": "2023-01-11", "after": "0"}
    assert head.client.post(f"/plan/{programme.id}/approve", data=data).status_code == 302
    again = head.client.post(f"/plan/{programme.id}/approve", data={**data, "order_number": "3"})
    assert again.status_code == 302 and versions(app) == 1
    assert head.client.post(f"/plan/{programme.id}/approve", data={**data, "after": "1"}).status_code == 302
    assert versions(app) == 2
