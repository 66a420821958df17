"""Reporting campaigns (part 12): a methodist opens one, each school's report comes prefilled from the
registries, the school corrects a figure with a reason and submits a frozen snapshot, the methodist
returns or accepts it, and the consolidated workbook holds every school's figures cell by cell."""
from datetime import date, datetime
from io import BytesIO

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from app.auth.models import Role
from app.campaigns.models import Campaign, ReportValue, SchoolReport
from app.courses.models import Course, CourseKind, CourseProvider
from app.extensions import db
from app.registry.models import Person
from app.staff.models import Employment
from tests.test_permissions import snapshot

GOOD = {"title": "Мониторинг за 2025/2026 учебный год", "starts_on": "2025-09-01", "ends_on": "2026-08-31",
        "deadline": "2026-09-15", "forms": ["courses", "movement"], "tables": "Аттестация: Высшая категория, чел.; Доля аттестованных, %"}


@pytest.fixture
def district(app, make_org, freeze):
    """Two schools: the first with two teachers trained in the year (one on two courses), one hired and
    one who left; the second with one trained long ago."""
    freeze(datetime(2026, 9, 10, 10))
    first, second = make_org("СОШ № 1"), make_org("СОШ № 2")
    with app.app_context():
        provider = db.session.scalar(select(CourseProvider.id).order_by(CourseProvider.position))
        people = [Person(full_name=name, organisation_id=org.id) for name, org in
                  (("Аринина А.А.", first), ("Борисова Б.Б.", first), ("Громова Г.Г.", second))]
        db.session.add_all(people)
        db.session.flush()
        for person, hours, form, ends in ((people[0], 36, "full_time", date(2025, 11, 20)),
                                          (people[0], 16, "distance", date(2026, 3, 1)),
                                          (people[1], 72, "distance", date(2026, 2, 1)),
                                          (people[2], 36, "full_time", date(2024, 5, 1))):
            db.session.add(Course(person_id=person.id, organisation_id=person.organisation_id, provider_id=provider,
                                  programme_title="Курс", hours=hours, form=form, starts_on=ends, ends_on=ends))
        db.session.add_all([
            Employment(person_id=people[0].id, organisation_id=first.id, position="учитель", category="teacher",
                       started_on=date(2025, 10, 1), created_at=datetime(2025, 10, 1)),
            Employment(person_id=people[1].id, organisation_id=first.id, position="учитель", category="teacher",
                       started_on=date(2015, 9, 1), left_on=date(2026, 6, 30), leave_reason="own",
                       created_at=datetime(2015, 9, 1))])
        db.session.commit()
    return dict(first=first, second=second)


def _open(methodist, **change) -> int:
    made = methodist.post("/campaigns/new", data={**GOOD, **change})
    assert made.status_code == 302, made.get_data(as_text=True)[:2000]
    return int(made.headers["Location"].rstrip("/").split("/")[-1])


def _figures(client, campaign, school, form, values, reasons=None):
    data = {"form": form, **{f"v-{i}": v for i, v in enumerate(values)}}
    data.update({f"r-{i}": r for i, r in enumerate(reasons or [])})
    return client.post(f"/campaigns/{campaign}/schools/{school}/figures", data=data)


def test_a_campaign_refuses_bad_input_and_opens(app, actor, district):
    methodist = actor(Role.METHODIST)
    coordinator = actor(Role.SCHOOL, organisation=district["first"])
    before = snapshot(app)
    for change, message in (({"title": ""}, "Заполните"), ({"ends_on": "2025-08-01"}, "не раньше начала"),
                            ({"deadline": "2025-01-01"}, "не раньше начала периода"),
                            ({"forms": [], "tables": ""}, "Выберите хотя бы одну форму"),
                            ({"tables": "Таблица без столбцов"}, "Строка 1: напишите")):
        refused = methodist.post("/campaigns/new", data={**GOOD, **change})
        assert refused.status_code == 422 and message in refused.get_data(as_text=True), change
        assert "Мониторинг за 2025/2026" in refused.get_data(as_text=True) or change.get("title") == ""
    assert coordinator.post("/campaigns/new", data=GOOD).status_code == 403
    assert snapshot(app) == before
    campaign = _open(methodist)
    again = methodist.post("/campaigns/new", data=GOOD)
    assert again.status_code == 409 and "Кампания с таким названием уже есть" in again.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count(Campaign.id))) == 1
        made = db.session.get(Campaign, campaign)
        assert made.forms == ["courses", "movement"]
        assert [(t.title, t.columns) for t in made.tables] == [
            ("Аттестация", ["Высшая категория, чел.", "Доля аттестованных, %"])]


def test_the_report_is_prefilled_as_the_registries_count_it(app, actor, district):
    """The courses' figures equal the courses part's own regional table for the school; hired and left
    equal the staff movement's lists."""
    from app.courses.queries import regional_table
    from app.staff.movement import movement
    methodist = actor(Role.METHODIST)
    campaign = _open(methodist, starts_on="2026-01-01", ends_on="2026-12-31", deadline="2026-12-31")
    coordinator = actor(Role.SCHOOL, organisation=district["first"])
    page = coordinator.get(f"/campaigns/{campaign}/schools/{district['first'].id}")
    assert page.status_code == 200
    with app.test_request_context():
        from app.campaigns.catalogue import BY_KEY
        from flask_login import login_user
        from app.auth.models import User
        login_user(db.session.get(User, methodist.user_id))
        figures = BY_KEY["courses"].of(date(2026, 1, 1), date(2026, 12, 31), [district["first"].id])[district["first"].id]
        table = {row.kind: row for row in regional_table(2026, district["first"].id)}
        assert figures[0] == 2  # Борисова (72 ч) and Аринина (16 ч) finished in 2026
        assert figures[1:1 + len(CourseKind.ORDER)] == [table[k].total for k in CourseKind.ORDER]
        hired, left = movement(date(2026, 1, 1), date(2026, 12, 31))
        moved = BY_KEY["movement"].of(date(2026, 1, 1), date(2026, 12, 31), [district["first"].id])
        assert moved[district["first"].id] == [len(hired), len(left)] == [0, 1]
    text = page.get_data(as_text=True)
    assert "Курсовая подготовка" in text and 'href="/courses/?org=' in text  # where the figures come from


def test_a_correction_needs_a_reason_and_both_figures_stay(app, actor, district):
    methodist = actor(Role.METHODIST)
    campaign = _open(methodist)
    school = district["first"].id
    coordinator = actor(Role.SCHOOL, organisation=district["first"])
    before = snapshot(app)
    for values, reasons, message in ((["3", "2", "0", "1", "1", "0"], [], "Укажите причину"),
                                     (["-1"], [], "Не может быть меньше нуля."),
                                     (["2,5"], [], "Число людей — целое, без дробей."),
                                     (["два"], [], "Введите число")):
        refused = _figures(coordinator, campaign, school, "courses", values + ["0"] * 8, reasons)
        assert refused.status_code == 422 and message in refused.get_data(as_text=True), values
    assert 'value="два"' in refused.get_data(as_text=True)  # the input kept
    bad_share = _figures(coordinator, campaign, school, f"free-{_table_id(app, campaign)}", ["3", "120"])
    assert bad_share.status_code == 422 and "Доля — не больше 100 %." in bad_share.get_data(as_text=True)
    assert snapshot(app) == before
    page = coordinator.get(f"/campaigns/{campaign}/schools/{school}").get_data(as_text=True)
    registry = _registry_values(page, "courses")
    corrected = [str(int(registry[0]) + 1)] + registry[1:]
    saved = _figures(coordinator, campaign, school, "courses", corrected, ["Курсы ИРО без записи в реестре"])
    assert saved.status_code == 302
    with app.app_context():
        value = db.session.scalar(select(ReportValue))
        assert (value.form, value.column, value.value, value.reason) == ("courses", 0, float(corrected[0]),
                                                                         "Курсы ИРО без записи в реестре")
    # Another school's report: not theirs to see or change.
    other = district["second"].id
    assert coordinator.get(f"/campaigns/{campaign}/schools/{other}").status_code == 404
    assert _figures(coordinator, campaign, other, "courses", registry).status_code == 404


def _table_id(app, campaign_id) -> int:
    with app.app_context():
        return db.session.get(Campaign, campaign_id).tables[0].id


def _registry_values(page: str, form: str) -> list[str]:
    """The registry's column of a form on the report page, as text."""
    import re
    section = page.split(f'id="form-{form}"')[1].split("</section>")[0]
    return re.findall(r'data-label="В реестре" class="num">([^<]*)<', section)


def test_submit_freezes_a_snapshot_once_and_late_is_marked(app, actor, district, freeze):
    methodist = actor(Role.METHODIST)
    campaign = _open(methodist)
    school = district["first"].id
    coordinator = actor(Role.SCHOOL, organisation=district["first"])
    empty = _open(methodist, forms=[], title="Только своя таблица")
    refused = coordinator.post(f"/campaigns/{empty}/schools/{school}/submit")
    assert refused.status_code == 422 and "Отчёт пуст" in refused.get_data(as_text=True)
    freeze(datetime(2026, 9, 20, 10))  # after the deadline (15.09)
    assert coordinator.post(f"/campaigns/{campaign}/schools/{school}/submit").status_code == 302
    again = coordinator.post(f"/campaigns/{campaign}/schools/{school}/submit")  # the second tab
    assert again.status_code == 409 and "уже отправлен" in again.get_data(as_text=True)
    with app.app_context():
        reports = db.session.scalars(select(SchoolReport).where(SchoolReport.campaign_id == campaign)).all()
        assert len(reports) == 1 and reports[0].status == "submitted"
        frozen = reports[0].snapshot
        # The registry changes: a course added to the period.
        person = db.session.scalar(select(Person).where(Person.full_name == "Аринина А.А."))
        db.session.add(Course(person_id=person.id, organisation_id=school, programme_title="Новый", hours=36,
                              provider_id=db.session.scalar(select(CourseProvider.id)), starts_on=date(2026, 5, 1),
                              ends_on=date(2026, 5, 2)))
        db.session.commit()
    page = coordinator.get(f"/campaigns/{campaign}/schools/{school}").get_data(as_text=True)
    assert "после срока" in page and "снимок на момент отправки" in page
    with app.app_context():
        assert db.session.scalar(select(SchoolReport.snapshot).where(SchoolReport.campaign_id == campaign)) == frozen
    assert _figures(coordinator, campaign, school, "movement", ["5", "0"], ["x", "x"]).status_code == 409
    board = methodist.get(f"/campaigns/{campaign}").get_data(as_text=True)
    assert "после срока" in board and "отправлен" in board


def test_returned_with_a_remark_fixed_accepted_and_consolidated_cell_by_cell(app, actor, district):
    methodist = actor(Role.METHODIST)
    campaign = _open(methodist)
    first, second = district["first"].id, district["second"].id
    coordinator = actor(Role.SCHOOL, organisation=district["first"])
    table = f"free-{_table_id(app, campaign)}"
    assert _figures(coordinator, campaign, first, table, ["4", "37,5"]).status_code == 302
    assert coordinator.post(f"/campaigns/{campaign}/schools/{first}/submit").status_code == 302
    with app.app_context():
        report_id = db.session.scalar(select(SchoolReport.id))
    nothing = methodist.post(f"/campaigns/{campaign}/reports/{report_id}/return", data={"comment": ""})
    assert nothing.status_code == 422 and "Напишите замечание" in nothing.get_data(as_text=True)
    assert methodist.post(f"/campaigns/{campaign}/reports/{report_id}/return", data={
        "comment": "Уволенных было двое — проверьте", "cell": "movement:1"}).status_code == 302
    page = coordinator.get(f"/campaigns/{campaign}/schools/{first}").get_data(as_text=True)
    assert "возвращён с замечанием" in page
    beside = page.split('id="cell-movement-1"')[1].split("</tr>")[0]
    assert "Замечание: Уволенных было двое — проверьте" in beside
    assert _figures(coordinator, campaign, first, "movement", ["1", "2"],
                    ["", "Уволен совместитель, в реестре не записан"]).status_code == 302
    assert coordinator.post(f"/campaigns/{campaign}/schools/{first}/submit").status_code == 302
    with app.app_context():
        latest = db.session.scalars(select(SchoolReport).order_by(SchoolReport.version.desc())).first()
        assert latest.version == 2 and latest.status == "submitted"
        assert db.session.get(SchoolReport, report_id).status == "returned"  # the old version kept
    assert methodist.post(f"/campaigns/{campaign}/reports/{latest.id}/accept").status_code == 302
    assert methodist.post(f"/campaigns/{campaign}/reports/{latest.id}/accept").status_code == 302  # twice: no change

    accepted = load_workbook(BytesIO(methodist.get(f"/campaigns/{campaign}/consolidated.xlsx").data))
    assert accepted.sheetnames == ["1. Курсовая подготовка по форма", "2. Принято и уволено", "3. Аттестация",
                                   "Исправления школ"]
    moved = accepted["2. Принято и уволено"]
    assert [c.value for c in moved[3]] == ["№ п/п", "Образовательная организация", "Принято, чел.", "Уволено, чел."]
    assert [c.value for c in moved[4]] == [1, 2, 3, 4]  # the row of column numbers
    assert [c.value for c in moved[5]] == [1, "СОШ № 1", 1, 2]  # hired 1 as the registry, left 2 corrected
    assert [c.value for c in moved[6]] == [None, "Итого по муниципалитету", 1, 2]
    own = accepted["3. Аттестация"]
    assert [c.value for c in own[5]] == [1, "СОШ № 1", 4, 37.5]
    assert [c.value for c in accepted["Исправления школ"][4]] == [
        "СОШ № 1", "Принято и уволено", "Уволено, чел.", "1 → 2", "Уволен совместитель, в реестре не записан"]
    everyone = load_workbook(BytesIO(methodist.get(f"/campaigns/{campaign}/consolidated.xlsx?all=1").data))
    rows = [[c.value for c in row] for row in everyone["2. Принято и уволено"].iter_rows(min_row=5)]
    assert rows == [[1, "СОШ № 1", 1, 2, "принят"], [2, "СОШ № 2", 0, 0, "не начат"],
                    [None, "Итого по муниципалитету", 1, 2, None]]
    assert second  # the second school is in «all» with its live (registry) figures

    # Closed: nothing changes or goes; opened again, it does.
    assert methodist.post(f"/campaigns/{campaign}/close").status_code == 302
    assert _figures(coordinator, campaign, second, "movement", ["0", "0"]).status_code == 404  # not theirs
    other = actor(Role.SCHOOL, organisation=district["second"])
    refused = other.post(f"/campaigns/{campaign}/schools/{second}/submit")
    assert refused.status_code == 409 and "Кампания закрыта" in refused.get_data(as_text=True)
    assert methodist.post(f"/campaigns/{campaign}/close", data={"closed": "0"}).status_code == 302

    # Reopened: a new draft, the accepted version kept.
    assert methodist.post(f"/campaigns/{campaign}/reports/{latest.id}/reopen").status_code == 302
    with app.app_context():
        assert db.session.scalar(select(func.count(SchoolReport.id))) == 3
        assert db.session.get(SchoolReport, latest.id).status == "accepted"


def test_my_duties_and_the_digests_tell_of_the_campaign(app, actor, district, freeze):
    from app.auth.models import User
    from app.reminders import methodist_digest, school_digest
    methodist = actor(Role.METHODIST)
    campaign = _open(methodist)
    coordinator = actor(Role.SCHOOL, organisation=district["first"])
    my = coordinator.get("/my").get_data(as_text=True)
    assert "Мониторинг за 2025/2026 учебный год" in my and "сдать до 15.09.2026" in my
    freeze(datetime(2026, 9, 20, 10))
    with app.test_request_context():
        user = db.session.get(User, coordinator.user_id)
        digest = school_digest(user, date(2026, 9, 20))
        assert "мониторинг не сдан в срок" in digest.subject and "(срок прошёл)" in digest.text
        from app.marks.status import overdue_by_school
        late = methodist_digest(db.session.get(User, methodist.user_id), date(2026, 9, 20),
                                overdue_by_school(date(2026, 9, 20)))
        assert "не сдали мониторинг 2 ОО" in late.subject
    assert campaign


def test_the_report_the_board_and_the_workbook_take_the_same_queries_at_any_size(app, actor, district, make_org):
    from tests.conftest import count_queries
    methodist = actor(Role.METHODIST)
    campaign = _open(methodist, forms=["courses", "competitions", "mentors", "associations", "events", "movement",
                                       "numbers", "needs", "routes"])
    first = district["first"].id
    coordinator = actor(Role.SCHOOL, organisation=district["first"])
    table = f"free-{_table_id(app, campaign)}"

    def counted():
        found = []
        for who, url in ((coordinator, f"/campaigns/{campaign}/schools/{first}"),
                         (methodist, f"/campaigns/{campaign}"),
                         (methodist, f"/campaigns/{campaign}/consolidated?all=1"),
                         (methodist, f"/campaigns/{campaign}/consolidated.xlsx?all=1")):
            with count_queries(app) as statements:
                assert who.get(url).status_code == 200, url
            found.append(len(statements))
        return found

    def school_reports(schools):
        for org in schools:
            other = actor(Role.SCHOOL, organisation=org)
            assert _figures(other, campaign, org.id, table, ["2", "50"]).status_code == 302
            assert other.post(f"/campaigns/{campaign}/schools/{org.id}/submit").status_code == 302

    school_reports([district["second"]])
    assert _figures(coordinator, campaign, first, table, ["1", "10"]).status_code == 302
    few = counted()
    school_reports([make_org(f"СОШ № {n}") for n in range(3, 8)])
    assert counted() == few


def test_a_regional_campaign_is_answered_by_each_municipality_with_its_schools_summed(app, actor, district):
    """The region's methodist opens it; each municipality's methodist sends the municipality's figures
    (its schools' summed, corrected with a reason); the region accepts and consolidates by municipality."""
    from app.auth.models import User
    from app.registry.models import Organisation, OrgKind
    from tests.conftest import PASSWORD, Actor, csrf_token, first_municipality_id, login
    from tests.test_municipalities import another_municipality
    from tests.test_region import regional
    with app.app_context():
        other = another_municipality()
        centres = {}
        for municipality, name in ((first_municipality_id(), "ЦОКО"), (other["municipality"], "ИМЦ")):
            centre = Organisation(short_name=name, name=name, kind=OrgKind.CENTRE, cluster="",
                                  municipality_id=municipality)
            db.session.add(centre)
            db.session.flush()
            centres[name] = centre.id
        teacher = db.session.scalar(select(Person).where(Person.organisation_id == other["school"]))
        db.session.add(Employment(person_id=teacher.id, organisation_id=other["school"], position="учитель",
                                  category="teacher", started_on=date(2026, 1, 10), created_at=datetime(2026, 1, 10)))
        stranger = User(username="ustlab-metodist", role=Role.METHODIST, full_name="Методист района",
                        municipality_id=other["municipality"])
        stranger.set_password(PASSWORD)
        db.session.add(stranger)
        db.session.commit()
        first_centre = db.session.get(Organisation, centres["ЦОКО"])
        assert first_centre.municipality_id != other["municipality"]
    client = app.test_client()
    assert login(client, "ustlab-metodist").status_code == 302
    ustlab = Actor(client, None)
    ustlab._token = csrf_token(client, "/campaigns/")
    iro = regional(app)
    methodist = actor(Role.METHODIST)
    municipal = _open(methodist, title="Свой мониторинг района")
    made = iro.post("/campaigns/new", data={**GOOD, "title": "Мониторинг края", "forms": ["movement"], "tables": ""})
    assert made.status_code == 302
    campaign = int(made.headers["Location"].rstrip("/").split("/")[-1])
    with app.app_context():
        assert db.session.get(Campaign, campaign).municipality_id is None

    # The region sees its campaign only; a school does not answer it.
    listed = iro.get("/campaigns/").get_data(as_text=True)
    assert "Мониторинг края" in listed and "Свой мониторинг района" not in listed
    assert iro.get(f"/campaigns/{municipal}").status_code == 404
    coordinator = actor(Role.SCHOOL, organisation=district["first"])
    assert "Мониторинг края" not in coordinator.get("/my").get_data(as_text=True)
    assert coordinator.get(f"/campaigns/{campaign}/schools/{centres['ЦОКО']}").status_code == 404

    # The first municipality: hired 1 and left 1 at СОШ № 1 in the period; corrected and sent.
    own = methodist.get("/campaigns/").get_data(as_text=True)
    assert f"/campaigns/{campaign}/schools/{centres['ЦОКО']}" in own
    page = methodist.get(f"/campaigns/{campaign}/schools/{centres['ЦОКО']}").get_data(as_text=True)
    assert _registry_values(page, "movement") == ["1", "1"]
    assert _figures(methodist, campaign, centres["ЦОКО"], "movement", ["1", "3"], ["", "Ещё двое по приказам"]
                    ).status_code == 302
    assert methodist.post(f"/campaigns/{campaign}/schools/{centres['ЦОКО']}/submit").status_code == 302
    # The other municipality cannot open the first's report; it answers its own.
    assert ustlab.get(f"/campaigns/{campaign}/schools/{centres['ЦОКО']}").status_code == 404
    theirs = ustlab.get(f"/campaigns/{campaign}/schools/{centres['ИМЦ']}").get_data(as_text=True)
    assert _registry_values(theirs, "movement") == ["1", "0"]

    board = iro.get(f"/campaigns/{campaign}").get_data(as_text=True)
    assert "отправлен" in board and "не начат" in board and "Усть-Лабинский район" in board
    with app.app_context():
        report = db.session.scalar(select(SchoolReport.id).where(SchoolReport.campaign_id == campaign))
    assert methodist.post(f"/campaigns/{campaign}/reports/{report}/accept").status_code == 403  # the region's
    assert iro.post(f"/campaigns/{campaign}/reports/{report}/accept").status_code == 302
    book = load_workbook(BytesIO(iro.get(f"/campaigns/{campaign}/consolidated.xlsx?all=1").data))
    rows = [[c.value for c in row] for row in book["1. Принято и уволено"].iter_rows(min_row=3)]
    assert rows[0][:4] == ["№ п/п", "Муниципальное образование", "Принято, чел.", "Уволено, чел."]
    names = {row[1]: row[2:] for row in rows[2:]}
    assert names["Усть-Лабинский район"] == [1, 0, "не начат"]
    assert names["Итого по региону"] == [2, 3, None]
    assert [v for k, v in names.items() if k not in ("Усть-Лабинский район", "Итого по региону")] == [[1, 3, "принят"]]


def test_the_campaigns_list_takes_the_same_queries_for_more_campaigns(app, actor, district):
    from tests.conftest import count_queries
    methodist = actor(Role.METHODIST)
    coordinator = actor(Role.SCHOOL, organisation=district["first"])
    counts = []
    for titles in (["Первый"], ["Второй", "Третий", "Четвёртый"]):
        for title in titles:
            campaign = _open(methodist, title=title)
            assert coordinator.post(f"/campaigns/{campaign}/schools/{district['first'].id}/submit").status_code == 302
        found = []
        for who in (methodist, coordinator):
            with count_queries(app) as statements:
                page = who.get("/campaigns/")
            assert page.status_code == 200 and "Четвёртый" in page.get_data(as_text=True) or len(titles) == 1
            found.append(len(statements))
        counts.append(found)
    assert counts[0] == counts[1], counts
