"""Vacancies and their monitoring (part 10, staff): a school lists what it needs, closes it when
filled; the municipality sees the open ones by position and subject and compares dated snapshots."""
from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from app.auth.models import Role
from app.extensions import db
from app.registry.models import Person
from app.staff.models import Vacancy, VacancySnapshot
from tests.test_permissions import snapshot
from tests.test_reminders import body, district, inbox  # noqa: F401  (fixtures)

NEW = {"position": "учитель", "subject": "математика", "load_rates": "1,5", "education": "высшее педагогическое",
       "extra_skills": "подготовка к ОГЭ", "needed_from": "2027-01-09"}


@pytest.fixture
def schools(app, make_org, freeze):
    from datetime import datetime
    freeze(datetime(2026, 12, 1, 9))
    return make_org("СОШ № 1"), make_org("СОШ № 2")


def test_a_school_lists_its_vacancy_and_bad_numbers_are_refused(app, actor, schools):
    first, second = schools
    coordinator = actor(Role.SCHOOL, organisation=first)
    before = snapshot(app)
    for load, message in [("-1", "больше нуля и не больше 2 ставок"), ("5", "больше нуля и не больше 2 ставок"),
                          ("полторы", "Ставки — число"), ("", "Укажите нагрузку")]:
        refused = coordinator.post("/staff/vacancies", data={**NEW, "load_rates": load})
        body = refused.get_data(as_text=True)
        assert refused.status_code == 422 and message in body and 'value="математика"' in body, load
    assert coordinator.post("/staff/vacancies", data={**NEW, "position": ""}).status_code == 422
    assert snapshot(app) == before
    # A coordinator's vacancy is their school's; another school is no choice.
    assert coordinator.post("/staff/vacancies", data={**NEW, "organisation_id": str(second.id)}).status_code == 422
    assert snapshot(app) == before
    assert coordinator.post("/staff/vacancies", data=NEW).status_code == 302
    with app.app_context():
        vacancy = db.session.scalar(select(Vacancy))
        assert (vacancy.organisation_id, vacancy.load_rates, vacancy.needed_from, vacancy.status) == (
            first.id, 1.5, date(2027, 1, 9), "open")
    page = coordinator.get("/staff/vacancies").get_data(as_text=True)
    assert "математика" in page and "подготовка к ОГЭ" in page
    # Another school's coordinator neither sees nor closes it.
    other = actor(Role.SCHOOL, organisation=second)
    assert "подготовка к ОГЭ" not in other.get("/staff/vacancies").get_data(as_text=True)
    assert other.post(f"/staff/vacancies/{vacancy.id}/close",
                      data={"outcome": "cancelled", "closed_on": "2026-11-30"}).status_code == 404


def test_closing_with_the_hired_teacher_and_twice(app, actor, schools):
    first, second = schools
    methodist = actor(Role.METHODIST)
    methodist.post("/staff/vacancies", data={**NEW, "organisation_id": str(first.id)})
    with app.app_context():
        vacancy_id = db.session.scalar(select(Vacancy.id))
        hired = Person(full_name="Новый Учитель", organisation_id=first.id)
        stranger = Person(full_name="Чужой Учитель", organisation_id=second.id)
        db.session.add_all([hired, stranger])
        db.session.commit()
        hired_id, stranger_id = hired.id, stranger.id
    url = f"/staff/vacancies/{vacancy_id}/close"
    wrong = methodist.post(url, data={"outcome": "filled", "closed_on": "2026-11-30", "hired_person_id": str(stranger_id)})
    assert wrong.status_code == 422 and "из этой школы" in wrong.get_data(as_text=True)
    future = methodist.post(url, data={"outcome": "filled", "closed_on": "2027-01-01"})
    assert future.status_code == 422 and "позже сегодняшней" in future.get_data(as_text=True)
    assert methodist.post(url, data={"outcome": "filled", "closed_on": "2026-11-30",
                                     "hired_person_id": str(hired_id)}).status_code == 302
    again = methodist.post(url, data={"outcome": "cancelled", "closed_on": "2026-11-30"})
    assert again.status_code == 409
    with app.app_context():
        vacancy = db.session.get(Vacancy, vacancy_id)
        assert (vacancy.status, vacancy.closed_on, vacancy.hired_person_id) == ("filled", date(2026, 11, 30), hired_id)


def test_the_monitoring_snapshot_is_frozen_and_compared(app, actor, schools, freeze):
    from datetime import datetime
    first, second = schools
    methodist = actor(Role.METHODIST)
    for school, subject in ((first, "математика"), (second, "математика"), (second, "физика")):
        methodist.post("/staff/vacancies", data={**NEW, "organisation_id": str(school.id), "subject": subject,
                                                 "load_rates": "1"})
    taken = methodist.post("/staff/vacancies/snapshots")
    assert taken.status_code == 302
    # The same day again (another tab): the same snapshot, not a second one.
    assert methodist.post("/staff/vacancies/snapshots").headers["Location"] == taken.headers["Location"]
    with app.app_context():
        assert db.session.scalar(select(func.count(VacancySnapshot.id))) == 1
        physics = db.session.scalar(select(Vacancy.id).where(Vacancy.subject == "физика"))
    # Later: physics filled, a new Russian-language vacancy; the snapshot keeps what was.
    methodist.post(f"/staff/vacancies/{physics}/close", data={"outcome": "filled", "closed_on": "2026-12-01"})
    methodist.post("/staff/vacancies", data={**NEW, "organisation_id": str(first.id), "subject": "русский язык",
                                             "load_rates": "0,5"})
    page = methodist.get(taken.headers["Location"]).get_data(as_text=True)
    rows = page.split('id="comparison"')[1].split("</table>")[0]
    assert "математика" in rows and "2 (2)" in rows  # unchanged: 2 then, 2 now
    assert "физика" in rows and "1 (1)" in rows and "0 (0)" in rows and "-1" in rows
    assert "русский язык" in rows and "+1" in rows
    freeze(datetime(2027, 6, 15, 9))
    june = methodist.post("/staff/vacancies/snapshots")
    assert june.status_code == 302 and june.headers["Location"] != taken.headers["Location"]
    june_id = int(june.headers["Location"].rsplit("/", 1)[1])
    compared = methodist.get(f"{taken.headers['Location']}?with={june_id}").get_data(as_text=True)
    assert "15.06.2027: вакансий (ставок)" in compared
    # A coordinator does not take snapshots; the head reads them.
    assert actor(Role.SCHOOL, organisation=first).post("/staff/vacancies/snapshots").status_code == 403
    assert actor(Role.HEAD).get(taken.headers["Location"]).status_code == 200


def test_the_methodists_digest_names_the_weeks_new_vacancies(app, actor, inbox, district):  # noqa: F811
    """The digest of 20 November 2023: a vacancy opened that week is named, an older one and a
    closed one are not."""
    from datetime import datetime

    from app.reminders import send_reminders
    from app.registry.models import Organisation
    with app.app_context():
        school = db.session.scalar(select(Organisation).where(Organisation.short_name == "СОШ № 1"))
        db.session.add_all([
            Vacancy(organisation_id=school.id, position="учитель", subject="химия", load_rates=1,
                    created_at=datetime(2023, 11, 17, 10)),
            Vacancy(organisation_id=school.id, position="учитель", subject="история", load_rates=1,
                    created_at=datetime(2023, 10, 1, 10)),
            Vacancy(organisation_id=school.id, position="логопед", load_rates=0.5, status="filled",
                    created_at=datetime(2023, 11, 18, 10))])
        db.session.commit()
        send_reminders()
    message = inbox.to("methodist@example.ru")[0]
    assert message["Subject"].endswith("новых вакансий 1")
    text = body(message)
    assert "СОШ № 1: учитель, химия (1 ст.)" in text and "история" not in text and "логопед" not in text
    assert "https://metod.example.ru/staff/vacancies" in text
    assert "химия" not in body(inbox.to("first@example.ru")[0])  # the schools' digests are their own


def test_the_reserve_lists_each_teachers_courses_competitions_and_mentoring(app, actor, schools):
    from datetime import datetime

    from app.courses.models import Course, CourseProvider
    from app.mentoring.models import MentoringForm, Pair
    from app.staff.models import ReserveMember
    from tests.conftest import count_queries
    first, second = schools
    with app.app_context():
        leader = Person(full_name="Лидерова Л.Л.", organisation_id=first.id, subject="математика")
        stranger = Person(full_name="Чужая Ч.Ч.", organisation_id=second.id)
        mentee = Person(full_name="Молодая М.М.", organisation_id=first.id)
        db.session.add_all([leader, stranger, mentee])
        db.session.flush()
        provider = db.session.scalar(select(CourseProvider.id))
        db.session.add_all([
            Course(organisation_id=first.id, person_id=leader.id, provider_id=provider, programme_title="ФГОС",
                   hours=72, starts_on=date(2026, 3, 1), ends_on=date(2026, 3, 20)),
            Course(organisation_id=first.id, person_id=leader.id, provider_id=provider, programme_title="ОГЭ",
                   hours=36, starts_on=date(2025, 3, 1), ends_on=date(2025, 3, 10)),
            Pair(organisation_id=first.id, mentor_id=leader.id, form_id=db.session.scalar(select(MentoringForm.id)),
                 starts_on=date(2026, 9, 1), ends_on=date(2027, 5, 31), status="active")])
        db.session.commit()
        leader_id, stranger_id = leader.id, stranger.id
    coordinator = actor(Role.SCHOOL, organisation=first)
    # Another school's teacher is no choice for a coordinator; a reason is required.
    before = snapshot(app)
    refused = coordinator.post("/staff/reserve", data={"person_id": str(stranger_id), "reason": "Лидер",
                                                       "nominated_on": "2026-11-20"})
    assert refused.status_code == 422
    empty = coordinator.post("/staff/reserve", data={"person_id": str(leader_id), "reason": " ",
                                                     "nominated_on": "2026-11-20"})
    assert empty.status_code == 422 and "почему педагог" in empty.get_data(as_text=True)
    assert snapshot(app) == before
    data = {"person_id": str(leader_id), "reason": "Победитель «Учитель года»", "nominated_on": "2026-11-20"}
    assert coordinator.post("/staff/reserve", data=data).status_code == 302
    twice = coordinator.post("/staff/reserve", data=data)
    assert twice.status_code == 409 and "уже в резерве" in twice.get_data(as_text=True)
    methodist = actor(Role.METHODIST)
    with count_queries(app) as few:
        page = methodist.get("/staff/reserve").get_data(as_text=True)
    row = page.split('id="reserve-')[1].split("</tr>")[0]
    assert "Лидерова Л.Л." in row and "2, последние — 20.03.2026" in row and "пар 1, действующих 1" in row
    # More members: the same queries.
    with app.app_context():
        for n in range(4):
            extra = Person(full_name=f"Резервист {n}", organisation_id=second.id)
            db.session.add(extra)
            db.session.flush()
            db.session.add(ReserveMember(person_id=extra.id, organisation_id=second.id, reason="Лидер",
                                         nominated_on=date(2026, 11, 1), created_at=datetime(2026, 11, 1)))
        db.session.commit()
    with count_queries(app) as many:
        page = methodist.get("/staff/reserve").get_data(as_text=True)
    assert page.count('id="reserve-') == 5 and len(many) == len(few)
    # The coordinator sees their school's only, and removes only theirs.
    mine = coordinator.get("/staff/reserve").get_data(as_text=True)
    assert mine.count('id="reserve-') == 1 and "Резервист" not in mine
    with app.app_context():
        others = db.session.scalar(select(ReserveMember.id).where(ReserveMember.organisation_id == second.id))
        own = db.session.scalar(select(ReserveMember.id).where(ReserveMember.person_id == leader_id))
    assert coordinator.post(f"/staff/reserve/{others}/remove").status_code == 404
    assert coordinator.post(f"/staff/reserve/{own}/remove").status_code == 302
    with app.app_context():
        assert db.session.scalar(select(func.count(ReserveMember.id))) == 4


def test_hired_and_left_in_a_period_counted_to_the_day(app, actor, schools):
    """The period 1 September – 30 November 2026: hired on the last day counts, left on the first
    day counts, hired the day after does not; the workbook has the form's header and column numbers."""
    from io import BytesIO

    from openpyxl import load_workbook

    from app.staff.models import Employment
    first, second = schools
    with app.app_context():
        people = {name: Person(full_name=name, organisation_id=first.id, birth_date=date(1990, 5, 4))
                  for name in ("Пришедшая П.П.", "Ушедший У.У.", "Поздняя П.П.")}
        other = Person(full_name="Другая Школа Д.Д.", organisation_id=second.id)
        db.session.add_all([*people.values(), other])
        db.session.commit()
        ids = {name: p.id for name, p in people.items()}
        other_id = other.id
    coordinator = actor(Role.SCHOOL, organisation=first)
    hire = lambda name, day: coordinator.post(f"/staff/people/{ids[name]}/work", data={  # noqa: E731
        "organisation_id": str(first.id), "position": "учитель", "category": "teacher", "main_job": "y",
        "started_on": day})
    before = snapshot(app)
    future = hire("Пришедшая П.П.", "2026-12-02")
    assert future.status_code == 422 and "позже сегодняшней" in future.get_data(as_text=True)
    assert coordinator.post(f"/staff/people/{other_id}/work", data={"started_on": "2026-10-01"}).status_code == 404
    assert snapshot(app) == before
    assert hire("Пришедшая П.П.", "2026-11-30").status_code == 302
    assert hire("Пришедшая П.П.", "2026-11-30").status_code == 409  # the same hire from another tab
    assert hire("Ушедший У.У.", "2020-09-01").status_code == 302
    with app.app_context():
        job = db.session.scalar(select(Employment).where(Employment.person_id == ids["Ушедший У.У."]))
    url, key = f"/staff/work/{job.id}/leave", f"leave-{job.id}"
    early = coordinator.post(url, data={f"{key}-left_on": "2019-01-01", f"{key}-leave_reason": "dismissal"})
    assert early.status_code == 422 and "Раньше даты приёма (01.09.2020)" in early.get_data(as_text=True)
    assert coordinator.post(url, data={f"{key}-left_on": "2026-09-01", f"{key}-leave_reason": "transfer"}).status_code == 302
    assert coordinator.post(url, data={f"{key}-left_on": "2026-09-02", f"{key}-leave_reason": "dismissal"}).status_code == 409

    page = coordinator.get("/staff/movement?from=2026-09-01&to=2026-11-30").get_data(as_text=True)
    hired, left = page.split('id="hired"')[1].split("</table>")[0], page.split('id="left"')[1].split("</table>")[0]
    assert "Пришедшая П.П." in hired and "04.05.1990" in hired and "30.11.2026" in hired and "Ушедший" not in hired
    assert "Ушедший У.У." in left and "01.09.2026" in left and "перевод в другую ОО" in left
    narrower = coordinator.get("/staff/movement?from=2026-09-02&to=2026-11-29").get_data(as_text=True)
    assert "Пришедшая" not in narrower and "Ушедший" not in narrower
    assert coordinator.get("/staff/movement?from=2026-12-01&to=2026-09-01").status_code == 400
    book = load_workbook(BytesIO(coordinator.get("/staff/movement.xlsx?from=2026-09-01&to=2026-11-30").data))
    hired_sheet, left_sheet = book["Принятые"], book["Выбывшие"]
    assert [c.value for c in hired_sheet[3]] == ["№", "Образовательная организация", "Фамилия, имя, отчество",
                                                 "Дата рождения", "Должность", "Дата приёма"]
    assert [c.value for c in hired_sheet[4]] == [1, 2, 3, 4, 5, 6]
    assert [c.value for c in hired_sheet[5]] == [1, "СОШ № 1", "Пришедшая П.П.", "04.05.1990", "учитель", "30.11.2026"]
    assert [c.value for c in left_sheet[5]] == [1, "СОШ № 1", "Ушедший У.У.", "04.05.1990", "учитель", "01.09.2026",
                                                "перевод в другую ОО"]
    # Dates of birth: not for the head; another school's coordinator sees none of these people.
    assert actor(Role.HEAD).get("/staff/movement").status_code == 403
    theirs = actor(Role.SCHOOL, organisation=second).get("/staff/movement?from=2026-09-01&to=2026-11-30")
    assert "Пришедшая" not in theirs.get_data(as_text=True)


def test_staff_numbers_on_a_date_counted_by_hand(app, actor, schools):
    """СОШ № 1 on 1 September 2026 (worked out by hand, see each person); then on 2 September."""
    from io import BytesIO

    from openpyxl import load_workbook

    from app.staff.models import Employment
    first, _ = schools
    people = [  # name, born, sex, category, main job, started, left, reason
        ("А", date(1998, 9, 2), "f", "teacher", True, date(2010, 9, 1), None, ""),       # 27: under 30
        ("Б", date(1966, 5, 1), "f", "head", True, date(2015, 9, 1), None, ""),          # 60, a woman: pension age
        ("В", date(1960, 1, 1), "m", "teacher", True, date(2026, 9, 1), None, ""),       # hired that day; 66: pension
        ("Г", date(1985, 1, 1), "m", "teacher", True, date(2012, 9, 1), date(2026, 9, 1), "dismissal"),  # last day
        ("Д", date(1985, 1, 1), "m", "teacher", True, date(2012, 9, 1), date(2026, 8, 31), "dismissal"),  # gone
        ("Е", date(1985, 1, 1), "f", "teacher", False, date(2012, 9, 1), None, ""),      # external part-timer
        ("Ж", date(1990, 1, 1), "f", "educator", True, date(2026, 9, 2), None, ""),      # from the next day
        ("З", date(1991, 1, 1), "f", "teacher", True, date(2016, 9, 1), date(2026, 5, 1), "long_leave"),  # on leave
    ]
    with app.app_context():
        for name, born, sex, category, main, started, left, reason in people:
            person = Person(full_name=name, organisation_id=first.id, birth_date=born, sex=sex)
            db.session.add(person)
            db.session.flush()
            db.session.add(Employment(person_id=person.id, organisation_id=first.id, position="учитель",
                                      category=category, main_job=main, started_on=started, left_on=left,
                                      leave_reason=reason, created_at=datetime(2026, 1, 1)))
        back = Person(full_name="И", organisation_id=first.id, birth_date=date(1990, 1, 1), sex="f")
        db.session.add(back)
        db.session.flush()
        db.session.add_all([  # back from a long leave: working, not on leave
            Employment(person_id=back.id, organisation_id=first.id, position="учитель", category="teacher",
                       started_on=date(2015, 9, 1), left_on=date(2025, 1, 1), leave_reason="long_leave",
                       created_at=datetime(2026, 1, 1)),
            Employment(person_id=back.id, organisation_id=first.id, position="учитель", category="teacher",
                       started_on=date(2026, 3, 1), created_at=datetime(2026, 1, 1))])
        db.session.commit()

    def row(client, on):
        page = client.get(f"/staff/numbers?on={on}").get_data(as_text=True)
        cells = page.split("<td>СОШ № 1</td>")[1].split("</tr>")[0]
        return [int(n) for n in re.findall(r'<td class="num">(\d+)</td>', cells)]

    import re
    head = actor(Role.HEAD)
    # all, heads, teachers, educators, others, under 30, pension age, on long leave
    assert row(head, "2026-09-01") == [5, 1, 4, 0, 0, 1, 2, 1]
    assert row(head, "2026-09-02") == [5, 1, 3, 1, 0, 1, 2, 1]
    book = load_workbook(BytesIO(head.get("/staff/numbers.xlsx?on=2026-09-01").data)).active
    assert [c.value for c in book[4]] == list(range(1, 10))
    assert [c.value for c in book[5]] == ["Итого по муниципалитету", 5, 1, 4, 0, 0, 1, 2, 1]
    assert [c.value for c in book[6]] == ["СОШ № 1", 5, 1, 4, 0, 0, 1, 2, 1]
    # The administrator moves the women's threshold to 61: Б (60) is no longer of pension age.
    admin = actor(Role.ADMIN)
    bad = admin.post("/staff/numbers/settings", data={"pension_age_women": "12", "pension_age_men": "64"})
    assert bad.status_code == 422 and "от 45 до 75" in bad.get_data(as_text=True)
    assert admin.post("/staff/numbers/settings", data={"pension_age_women": "61", "pension_age_men": "64"}).status_code == 302
    assert row(head, "2026-09-01")[6] == 1
    assert head.post("/staff/numbers/settings", data={"pension_age_women": "55", "pension_age_men": "60"}).status_code == 403
    assert head.get("/staff/numbers?on=2026-13-01").status_code == 400


def test_the_staff_pages_cost_the_same_queries_for_more_schools(app, actor, schools, make_org):
    """Vacancies, the reserve, movement and numbers: the same queries for 2 schools and for 12."""
    from app.staff.models import Employment, ReserveMember
    from tests.conftest import count_queries

    def fill(organisations, n0):
        with app.app_context():
            for n, school in enumerate(organisations, start=n0):
                person = Person(full_name=f"Работник {n}", organisation_id=school.id, birth_date=date(1980, 1, 1),
                                sex="f")
                db.session.add(person)
                db.session.flush()
                db.session.add_all([
                    Vacancy(organisation_id=school.id, position="учитель", subject=f"предмет {n}", load_rates=1,
                            created_at=datetime(2026, 11, 1)),
                    Employment(person_id=person.id, organisation_id=school.id, position="учитель", category="teacher",
                               started_on=date(2026, 9, 1), created_at=datetime(2026, 11, 1)),
                    ReserveMember(person_id=person.id, organisation_id=school.id, reason="Лидер",
                                  nominated_on=date(2026, 11, 1), created_at=datetime(2026, 11, 1))])
            db.session.commit()

    pages = ["/staff/vacancies", "/staff/reserve", "/staff/movement?from=2026-09-01&to=2026-11-30",
             "/staff/numbers?on=2026-11-30", "/staff/numbers.xlsx?on=2026-11-30"]
    fill(schools, 0)
    methodist = actor(Role.METHODIST)
    few = {}
    for url in pages:
        with count_queries(app) as few[url]:
            assert methodist.get(url).status_code == 200
    fill([make_org(f"СОШ № {n}") for n in range(3, 13)], 2)
    for url in pages:
        with count_queries(app) as many:
            body = methodist.get(url).get_data()
        if ".xlsx" not in url:
            assert "СОШ № 12".encode() in body, url
        assert len(many) == len(few[url]), url


def test_who_left_leaves_the_current_lists_and_stays_in_the_past_years(app, actor, schools):
    """A teacher who left on 30 June 2025 is not in the registry's list, the pickers' search, «без
    курсов три года» or «без наставника» today; «выбывшие» shows them; the courses' share of 2024 and
    the diagnostic's and routes' of the school year 2024/25 still count them, those of 2026 do not.
    Someone with no employment on record stays."""
    from app.courses.models import Course, CourseProvider
    from app.courses.queries import figures, without_courses
    from app.mentoring.queries import without_mentor
    from app.staff.models import Employment
    first, _ = schools
    with app.app_context():
        gone = Person(full_name="Ушедшая Ольга Ивановна", organisation_id=first.id, teaching_since=date(2024, 9, 1))
        here = Person(full_name="Работающая Ольга Петровна", organisation_id=first.id, teaching_since=date(2024, 9, 1))
        unrecorded = Person(full_name="Без Записей Ольга Олеговна", organisation_id=first.id)
        db.session.add_all([gone, here, unrecorded])
        db.session.flush()
        db.session.add_all([
            Employment(person_id=gone.id, organisation_id=first.id, position="учитель", category="teacher",
                       started_on=date(2024, 9, 1), left_on=date(2025, 6, 30), leave_reason="dismissal",
                       created_at=datetime(2024, 9, 1)),
            Employment(person_id=here.id, organisation_id=first.id, position="учитель", category="teacher",
                       started_on=date(2024, 9, 1), created_at=datetime(2024, 9, 1)),
            Course(person_id=gone.id, organisation_id=first.id, provider_id=db.session.scalar(select(CourseProvider.id)),
                   programme_title="ФГОС", hours=36, starts_on=date(2024, 10, 1), ends_on=date(2024, 10, 10))])
        db.session.commit()
    methodist = actor(Role.METHODIST)
    listed = methodist.get("/registry/people").get_data(as_text=True)
    assert "Работающая Ольга Петровна" in listed and "Без Записей" in listed and "Ушедшая" not in listed
    left = methodist.get("/registry/people?left=1").get_data(as_text=True)
    assert "Ушедшая Ольга Ивановна" in left and "Работающая" not in left
    found = methodist.get("/registry/people/pick?scope=registry&field=person_id&person_id-q=Ольга",
                          htmx=True).get_data(as_text=True)
    assert "Работающая" in found and "Ушедшая" not in found
    with app.test_request_context():
        assert "Ушедшая Ольга Ивановна" not in [p.full_name for p, _ in without_courses(date(2026, 12, 1), first.id)]
        assert "Ушедшая Ольга Ивановна" not in [p.full_name for p in without_mentor(date(2026, 12, 1), first.id)]
        assert "Работающая Ольга Петровна" in [p.full_name for p in without_mentor(date(2026, 12, 1), first.id)]
        assert figures(2024, first.id).municipality.this_year.count == 1     # she took her course in 2024
        assert (figures(2024, first.id).municipality.teachers, figures(2026, first.id).municipality.teachers) == (3, 2)
        from app.courses.deficits import diagnostic_counts, route_figures
        assert (route_figures(2024, first.id)["teachers"], route_figures(2026, first.id)["teachers"]) == (3, 2)
        assert [(o.id, staff) for o, staff, *_ in diagnostic_counts(2026) if o.id == first.id] == [(first.id, 2)]
