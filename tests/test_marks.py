"""Marking occurrences done: the coordinator's page, idempotency, permissions, bad input."""
import io
import re
import zipfile
from datetime import date

import pytest
from sqlalchemy import func, select

from app.auth.models import Role
from app.extensions import db
from app.marks.models import CompletionMark
from app.plan.models import Activity, Occurrence, Participants, Section

TODAY = date(2023, 9, 20)


@pytest.fixture
def frozen(app):
    app.config["TODAY"] = TODAY
    yield
    app.config.pop("TODAY", None)


@pytest.fixture
def plan(app, make_programme, make_org, frozen, tmp_path):
    """A programme whose activities all schools must do (Сентябрь 2022, 2023, 2024), two schools."""
    app.config["EVIDENCE_DIR"] = str(tmp_path)
    programme = make_programme(activities=2)
    a, b = make_org("СОШ № 1"), make_org("СОШ № 2")
    with app.app_context():
        activity = db.session.scalar(select(Activity).join(Section).where(Section.programme_id == programme.id)
                                     .order_by(Activity.position))
        occurrences = {o.label: o.id for o in activity.occurrences}
        return dict(programme=programme.id, activity=activity.id, occ=occurrences, a=a, b=b)


def marks(app):
    with app.app_context():
        return [(m.occurrence_id, m.organisation_id, m.status, m.done_on, m.evidence_ref, m.file_name)
                for m in db.session.scalars(select(CompletionMark).order_by(CompletionMark.id))]


def post_mark(who, plan, org, label="сентябрь 2023", **data):
    payload = {"occurrence_id": str(plan["occ"][label]), "organisation_id": str(org.id), "view": "my", **data}
    return who.post("/marks", data=payload, htmx=True, content_type="multipart/form-data")


def test_my_page_groups_duties(actor, plan):
    school = actor(Role.SCHOOL, organisation=plan["a"])
    html = school.get("/my").get_data(as_text=True)
    assert "Мои мероприятия: СОШ № 1" in html
    overdue = html[html.index('id="group-overdue"'):html.index('id="group-month"')]
    month = html[html.index('id="group-month"'):html.index('id="group-upcoming"')]
    upcoming = html[html.index('id="group-upcoming"'):html.index('id="group-done"')]
    assert overdue.count('class="duty overdue"') == 2 and "сентябрь 2022" in overdue
    assert "просрочено на 355 дней" in overdue
    assert month.count('class="duty"') == 2 and "сентябрь 2023" in month
    assert upcoming.count('class="duty"') == 2 and "сентябрь 2024" in upcoming


def test_one_click_marks_done_and_updates_counters(actor, plan, app):
    school = actor(Role.SCHOOL, organisation=plan["a"])
    response = post_mark(school, plan, plan["a"], quick="done")
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert body.strip().startswith(f'<tr id="duty-{plan["occ"]["сентябрь 2023"]}" class="duty done"')
    assert "выполнено 20 сентября 2023" in body
    assert 'hx-swap-oob="outerHTML:#my-counts"' in body and "<strong>1</strong> выполнено" in body
    assert "<strong>1</strong> в этом месяце" in body
    assert marks(app) == [(plan["occ"]["сентябрь 2023"], plan["a"].id, "done", TODAY, "", "")]


def test_double_click_does_not_undo(actor, plan, app):
    school = actor(Role.SCHOOL, organisation=plan["a"])
    post_mark(school, plan, plan["a"], quick="done", done_on="2023-09-01", evidence_ref="Приказ № 45")
    post_mark(school, plan, plan["a"], quick="done")
    assert marks(app) == [(plan["occ"]["сентябрь 2023"], plan["a"].id, "done", date(2023, 9, 1), "Приказ № 45", "")]


def test_quick_done_wins_over_the_details_select(actor, plan, app):
    school = actor(Role.SCHOOL, organisation=plan["a"])
    post_mark(school, plan, plan["a"], status="not_done", save="1")
    post_mark(school, plan, plan["a"], status="not_done", quick="done")
    assert marks(app)[0][2] == "done"


def test_coordinator_cannot_mark_another_school(actor, plan, app):
    school = actor(Role.SCHOOL, organisation=plan["a"])
    response = post_mark(school, plan, plan["b"], quick="done")
    assert response.status_code == 403
    assert marks(app) == []


def test_head_cannot_mark(actor, plan, app):
    assert post_mark(actor(Role.HEAD), plan, plan["a"], quick="done").status_code == 403
    assert marks(app) == []


def test_methodist_marks_for_a_school_and_is_recorded(actor, plan, app):
    methodist = actor(Role.METHODIST, username="davidenko")
    assert post_mark(methodist, plan, plan["b"], quick="done").status_code == 200
    with app.app_context():
        mark = db.session.scalar(select(CompletionMark))
        assert mark.organisation_id == plan["b"].id and mark.marked_by.username == "davidenko"


@pytest.mark.parametrize("data, message", [
    ({"done_on": "2023-12-01"}, "Дата выполнения не может быть в будущем."),
    ({"evidence_url": "javascript:alert(1)"}, "Ссылка должна начинаться с http:// или https://"),
    ({"file": (io.BytesIO(b"MZ\x90\x00"), "virus.exe")}, "Можно приложить PDF, DOCX, XLSX, JPG или PNG."),
    ({"file": (io.BytesIO(b"not a pdf"), "report.pdf")}, "Файл не похож на PDF"),
    ({"file": (io.BytesIO(b"PK\x03\x04broken"), "report.docx")}, "Файл не похож на DOCX"),
    ({"file": (io.BytesIO(b"%PDF-" + b"0" * (10 * 1024 * 1024)), "big.pdf")}, "Файл больше 10 МБ"),
])
def test_bad_mark_input_is_refused_with_a_message(actor, plan, app, tmp_path, data, message):
    school = actor(Role.SCHOOL, organisation=plan["a"])
    response = post_mark(school, plan, plan["a"], status="done", save="1", comment="мой комментарий", **data)
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert message in body and "мой комментарий" in body
    assert marks(app) == []
    assert list(tmp_path.iterdir()) == []  # nothing stored


def test_unknown_occurrence_and_non_participant(actor, plan, app, make_org):
    methodist = actor(Role.METHODIST)
    response = methodist.post("/marks", htmx=True, data={"occurrence_id": "999999", "organisation_id": str(plan["a"].id),
                                                         "quick": "done"})
    assert response.status_code == 422 and "Такого срока" in response.get_data(as_text=True)
    centre_only = make_org("Лицей", kind="centre")
    response = post_mark(methodist, plan, centre_only, quick="done")
    assert response.status_code == 422 and "не участвует" in response.get_data(as_text=True)
    with app.app_context():
        db.session.get(Activity, plan["activity"]).participants = Participants.CHOSEN
        db.session.commit()
    response = post_mark(methodist, plan, plan["a"], quick="done")
    assert response.status_code == 422
    assert marks(app) == []


def docx_bytes():
    """The same bytes on every call: a member written by name takes the current time, and two calls
    a second apart made files that differed (the download test failed on the second's edge)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in (("[Content_Types].xml", "<Types/>"), ("word/document.xml", "<document/>")):
            archive.writestr(zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0)), text)
    return buffer.getvalue()


def test_evidence_file_is_stored_and_served_only_to_allowed_users(actor, plan, app, make_org, tmp_path):
    school = actor(Role.SCHOOL, organisation=plan["a"])
    response = post_mark(school, plan, plan["a"], status="done", save="1",
                         file=(io.BytesIO(docx_bytes()), "Приказ № 45.docx"))
    assert response.status_code == 200
    assert len(list(tmp_path.iterdir())) == 1
    with app.app_context():
        mark_id = db.session.scalar(select(CompletionMark.id))
    download = school.get(f"/marks/{mark_id}/file")
    assert download.status_code == 200 and download.data == docx_bytes()
    assert "attachment" in download.headers["Content-Disposition"]
    assert "filename*=UTF-8''%D0%9F" in download.headers["Content-Disposition"]
    other = actor(Role.SCHOOL, organisation=plan["b"])
    assert other.get(f"/marks/{mark_id}/file").status_code == 403
    assert actor(Role.HEAD).get(f"/marks/{mark_id}/file").status_code == 200


def test_school_home_is_my_activities(actor, plan):
    school = actor(Role.SCHOOL, organisation=plan["a"])
    assert school.get("/").headers["Location"] == "/my"


def test_my_page_query_count_is_fixed(actor, plan, app, make_programme):
    from tests.conftest import count_queries
    school = actor(Role.SCHOOL, organisation=plan["a"])
    with count_queries(app) as small:
        school.get("/my")
    make_programme(activities=60, sections=3)
    with count_queries(app) as large:
        response = school.get("/my")
    assert response.get_data(as_text=True).count('<tr id="duty-') > 100
    assert len(small) == len(large)


def test_not_started_again_clears_the_date(actor, plan, app):
    school = actor(Role.SCHOOL, organisation=plan["a"])
    post_mark(school, plan, plan["a"], quick="done")
    post_mark(school, plan, plan["a"], status="not_started", save="1")
    assert marks(app)[0][2:4] == ("not_started", None)
    with app.app_context():
        assert db.session.scalar(select(func.count(Occurrence.id))) == 6


def test_back_after_a_plain_form_post_stays_on_this_site(actor, plan):
    school = actor(Role.SCHOOL, organisation=plan["a"])
    response = school.post("/marks", data={"occurrence_id": str(plan["occ"]["сентябрь 2023"]),
                                           "organisation_id": str(plan["a"].id), "quick": "done",
                                           "back": "/\\evil.example"})
    assert response.status_code == 302 and response.headers["Location"] == "/"


def test_my_page_shows_last_years_done_and_the_rest_on_request(app, actor, make_programme, make_org):
    app.config["TODAY"] = date(2024, 10, 1)
    try:
        programme = make_programme(activities=2)
        school = make_org("СОШ № 1")
        with app.app_context():
            occurrences = db.session.scalars(select(Occurrence).join(Activity).join(Section)
                                             .where(Section.programme_id == programme.id)).all()
            for o in occurrences:  # done: September 2022, 2023 and 2024 of both activities
                db.session.add(CompletionMark(occurrence_id=o.id, organisation_id=school.id, status="done",
                                              done_on=o.due_date))
            first = occurrences[0].id
            db.session.commit()
        coordinator = actor(Role.SCHOOL, organisation=school)
        page = coordinator.get("/my").get_data(as_text=True)
        assert page.count('class="duty done"') == 2  # September 2024 only
        assert "Показаны выполненные за последний год: 2 из 6." in page
        page = coordinator.get("/my?done=all").get_data(as_text=True)
        assert page.count('class="duty done"') == 6 and "Показать все" not in page
        # a long list carries the buttons; the fields come when a row's details are opened
        assert 'name="evidence_ref"' not in page
        fields = coordinator.get(f"/marks/fields?occurrence_id={first}&organisation_id={school.id}",
                                 htmx=True).get_data(as_text=True)
        assert fields.startswith('<div class="mark-fields">') and 'name="evidence_ref"' in fields
        whole = coordinator.get(f"/marks/fields?occurrence_id={first}&organisation_id={school.id}")
        assert "<html" in whole.get_data(as_text=True) and 'name="evidence_ref"' in whole.get_data(as_text=True)
        other = actor(Role.SCHOOL, organisation=make_org("СОШ № 2"))
        assert other.get(f"/marks/fields?occurrence_id={first}&organisation_id={school.id}").status_code == 403
    finally:
        app.config.pop("TODAY", None)


def test_my_page_shows_the_latest_overdue_and_the_rest_on_request(app, actor, make_programme, make_org):
    from app.marks import routes
    app.config["TODAY"] = date(2026, 1, 10)
    try:
        make_programme(activities=3)  # September 2022, 2023, 2024 each: 9 overdue
        school = make_org("СОШ № 1")
        coordinator = actor(Role.SCHOOL, organisation=school)
        shown, routes.OVERDUE_SHOWN = routes.OVERDUE_SHOWN, 4
        try:
            page = coordinator.get("/my").get_data(as_text=True)
            assert page.count('class="duty overdue"') == 4
            assert "Показаны последние 4 из 9 просроченных." in page
            assert "сентябрь 2024" in page and "сентябрь 2022" not in page
            page = coordinator.get("/my?overdue=all").get_data(as_text=True)
            assert page.count('class="duty overdue"') == 9 and "сентябрь 2022" in page
        finally:
            routes.OVERDUE_SHOWN = shown
    finally:
        app.config.pop("TODAY", None)


def test_my_page_counts_come_from_the_database_and_follow_a_mark(app, actor, make_programme, make_org):
    """The counts are of every duty (the page loads only the rows it shows): a «не выполнено»
    mark stays overdue, a September 2024 done early counts as done, and a quick «Выполнено»
    moves one from this month's count to the done one in the answer."""
    app.config["TODAY"] = date(2023, 9, 10)
    try:
        programme = make_programme(activities=2)  # each: September 2022, 2023, 2024
        school = make_org("СОШ № 1")
        with app.app_context():
            occ = {(o.activity_id, o.label): o.id for o in db.session.scalars(
                select(Occurrence).join(Activity).join(Section).where(Section.programme_id == programme.id))}
            first, second = sorted({a for a, _ in occ})
            db.session.add_all([
                CompletionMark(occurrence_id=occ[first, "сентябрь 2022"], organisation_id=school.id, status="done",
                               done_on=date(2022, 9, 20)),
                CompletionMark(occurrence_id=occ[second, "сентябрь 2022"], organisation_id=school.id,
                               status="not_done"),
                CompletionMark(occurrence_id=occ[first, "сентябрь 2024"], organisation_id=school.id, status="done",
                               done_on=date(2023, 9, 1)),
            ])
            db.session.commit()
        coordinator = actor(Role.SCHOOL, organisation=school)
        page = coordinator.get("/my").get_data(as_text=True)
        counts = dict(re.findall(r'<span class="count" id="count-(\w+)">(\d+)</span>', page))
        assert counts == {"overdue": "1", "month": "2", "upcoming": "1", "done": "2"}
        answer = coordinator.post("/marks", htmx=True, content_type="multipart/form-data", data={
            "occurrence_id": str(occ[second, "сентябрь 2023"]), "organisation_id": str(school.id), "view": "my",
            "quick": "done"}).get_data(as_text=True)
        assert f'<tr id="duty-{occ[second, "сентябрь 2023"]}" class="duty done">' in answer
        counts = dict(re.findall(r'<span class="count" id="count-(\w+)" hx-swap-oob="true">(\d+)</span>', answer))
        assert counts == {"overdue": "1", "month": "1", "upcoming": "1", "done": "3"}
    finally:
        app.config.pop("TODAY", None)
