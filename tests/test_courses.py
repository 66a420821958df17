"""Courses (КПК): the record and its checks, who may keep whose, the year's figures and the
regional table against a small set computed by hand, teachers with no course for three years."""
import io
import re
from datetime import date

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from app.registry.picker import NOT_A_CHOICE
from app.auth.models import Role
from app.courses.models import Course, CourseKind, CourseProvider
from app.courses.queries import figures, regional_table, without_courses
from app.extensions import db
from app.registry.models import Person

from .conftest import count_queries


def test_the_kind_follows_the_hours():
    assert [CourseKind.of(h) for h in (16, 72, 73, 500, 501)] == [
        CourseKind.SHORT, CourseKind.SHORT, CourseKind.LONG, CourseKind.LONG, CourseKind.RETRAINING]


@pytest.fixture
def district(app, make_org):
    """Two schools: A with three teachers, B with two; the courses below, computed by hand."""
    a, b = make_org("СОШ № 1"), make_org("СОШ № 2")
    with app.app_context():
        iro, cnppm = db.session.scalars(select(CourseProvider).order_by(CourseProvider.position)).all()[:2]
        people = {name: Person(full_name=name, organisation_id=org.id) for name, org in
                  [("Аринина А.А.", a), ("Борисова Б.Б.", a), ("Власова В.В.", a), ("Громова Г.Г.", b),
                   ("Дёмина Д.Д.", b)]}
        db.session.add_all(people.values())
        db.session.flush()

        def course(name, title, hours, form, starts, ends, provider, own_name=""):
            person = people[name]
            db.session.add(Course(person_id=person.id, organisation_id=person.organisation_id, provider_id=provider.id,
                                  provider_name=own_name, programme_title=title, hours=hours, form=form,
                                  starts_on=starts, ends_on=ends))

        course("Аринина А.А.", "Функциональная грамотность", 36, "full_time", date(2023, 12, 1), date(2023, 12, 31), iro)
        course("Аринина А.А.", "Цифровая школа", 36, "distance", date(2023, 2, 1), date(2023, 2, 10), cnppm)
        course("Борисова Б.Б.", "ФГОС", 72, "full_time", date(2020, 12, 20), date(2021, 1, 1), iro)
        course("Борисова Б.Б.", "ФГОС ООО", 16, "full_time", date(2020, 12, 1), date(2020, 12, 31), iro)
        course("Громова Г.Г.", "Педагог-психолог", 600, "blended", date(2023, 1, 9), date(2024, 1, 1), iro,
               "Кубанский государственный университет")
        db.session.commit()
        ids = {name: p.id for name, p in people.items()}
    return dict(a=a.id, b=b.id, people=ids)


def test_the_years_figures_per_school_and_for_the_municipality(app, district):
    with app.app_context():
        summary = figures(2023)
        rows = {r.organisation.short_name: r for r in summary.rows}
        # 2023: Аринина (A); three years 2021-2023: Аринина and Борисова (1 January 2021) in A, none in B —
        # Громова's course ended on 1 January 2024.
        assert (rows["СОШ № 1"].teachers, rows["СОШ № 1"].this_year.count, rows["СОШ № 1"].three_years.count) == (3, 1, 2)
        assert (rows["СОШ № 2"].teachers, rows["СОШ № 2"].this_year.count, rows["СОШ № 2"].three_years.count) == (2, 0, 0)
        m = summary.municipality
        assert (m.teachers, m.this_year.count, m.this_year.percent, m.three_years.count, m.three_years.percent) == \
            (5, 1, 20.0, 2, 40.0)
        # 2024 counts Громова; the window 2022-2024 no longer holds Борисова's 2021 course.
        m = figures(2024).municipality
        assert (m.this_year.count, m.three_years.count) == (1, 2)
        one = figures(2023, district["b"])
        assert [r.organisation.short_name for r in one.rows] == ["СОШ № 2"] and one.municipality.teachers == 2


def test_teachers_without_a_course_for_three_years(app, district):
    with app.app_context():
        found = [(p.full_name, last) for p, last in without_courses(date(2024, 3, 15))]
        # The cut is 15 March 2021: Борисова's last course (1 January 2021) is older.
        assert found == [("Борисова Б.Б.", date(2021, 1, 1)), ("Власова В.В.", None), ("Дёмина Д.Д.", None)]
        assert [p.full_name for p, _ in without_courses(date(2024, 3, 15), district["b"])] == ["Дёмина Д.Д."]


def test_the_regional_table_counts_each_person_once_per_cell(app, district):
    with app.app_context():
        rows = {r.kind: r for r in regional_table(2023)}
        short = rows[CourseKind.SHORT]
        assert short.by_form == {"full_time": 1, "blended": 0, "distance": 1} and short.total == 1  # one person
        assert short.providers == ["ИРО", "ЦНППМ"]
        assert rows[CourseKind.RETRAINING].total == 0 and rows[CourseKind.LONG].total == 0
        rows = {r.kind: r for r in regional_table(2024)}
        assert rows[CourseKind.RETRAINING].by_form["blended"] == 1
        assert rows[CourseKind.RETRAINING].providers == ["Кубанский государственный университет"]


def test_the_regional_table_as_excel(app, actor, district):
    methodist = actor(Role.METHODIST)
    response = methodist.get("/courses/report.xlsx?year=2023")
    ws = load_workbook(io.BytesIO(response.data)).active
    assert "Курсовая подготовка педагогических работников по формам обучения и продолжительности, 2023" in ws["A1"].value
    assert [c.value for c in ws[3]] == ["Вид курсовой подготовки", "очно, чел.", "очно-заочно, чел.",
                                        "дистанционно, чел.", "Всего обучено, чел.",
                                        "Учреждение, осуществлявшее подготовку"]
    assert [c.value for c in ws[5]] == ["краткосрочные (до 72 ч)", 1, 0, 1, 1, "ИРО\nЦНППМ"]


def form_data(person_id, provider_id, **changes):
    data = {"person_id": str(person_id), "programme_title": "Формирование функциональной грамотности",
            "provider_id": str(provider_id), "provider_name": "", "form": "full_time", "hours": "36",
            "starts_on": "2024-02-01", "ends_on": "2024-02-20", "document_number": "231200123456"}
    data.update(changes)
    return data


def provider_id(app):
    with app.app_context():
        return db.session.scalar(select(CourseProvider.id).order_by(CourseProvider.position))


def course_count(app):
    with app.app_context():
        return db.session.scalar(select(func.count(Course.id)))


def test_a_school_records_its_teachers_course_with_the_scan(app, actor, district, make_org):
    school = actor(Role.SCHOOL, organisation=type("Org", (), {"id": district["a"]}))
    teacher = district["people"]["Власова В.В."]
    scan = (io.BytesIO(b"%PDF-1.4 scan"), "удостоверение.pdf")
    response = school.post("/courses/new", data={**form_data(teacher, provider_id(app)), "file": scan},
                           content_type="multipart/form-data")
    assert response.status_code == 302
    with app.app_context():
        course = db.session.scalars(select(Course).where(Course.person_id == teacher)).one()
        assert (course.organisation_id, course.hours, course.kind, course.file_name) == \
            (district["a"], 36, CourseKind.SHORT, "удостоверение.pdf")
        course_id = course.id
    assert school.get(f"/courses/{course_id}/file").data == b"%PDF-1.4 scan"
    page = school.get(f"/registry/people/{teacher}").get_data(as_text=True)
    assert "Формирование функциональной грамотности" in page


@pytest.mark.parametrize("changes, message", [
    ({"hours": "0"}, "Часов — целое число больше нуля."),
    ({"hours": "-5"}, "Часов — целое число больше нуля."),
    ({"hours": "много"}, "Часов — целое число больше нуля."),
    ({"ends_on": "2024-01-01"}, "Окончание не может быть раньше начала."),
    ({"programme_title": ""}, "Заполните это поле."),
    ({"starts_on": ""}, "Укажите дату."),
])
def test_bad_input_is_refused_beside_the_field_and_nothing_is_saved(app, actor, district, changes, message):
    methodist = actor(Role.METHODIST)
    data = form_data(district["people"]["Власова В.В."], provider_id(app), **changes)
    response = methodist.post("/courses/new", data=data)
    body = response.get_data(as_text=True)
    assert response.status_code == 422 and message in body
    assert 'value="231200123456"' in body  # what was typed is kept
    assert course_count(app) == 5


def test_a_scan_that_is_not_what_it_claims_is_refused(app, actor, district):
    methodist = actor(Role.METHODIST)
    fake = (io.BytesIO(b"MZ\x90\x00 not a pdf"), "удостоверение.pdf")
    response = methodist.post("/courses/new", data={**form_data(district["people"]["Власова В.В."], provider_id(app)),
                                                    "file": fake}, content_type="multipart/form-data")
    assert response.status_code == 422
    assert "Файл не похож на PDF: возможно, он повреждён или переименован." in response.get_data(as_text=True)
    assert course_count(app) == 5
    word = (io.BytesIO(b"PK\x03\x04"), "удостоверение.docx")  # evidence may be a .docx; a course's scan may not
    response = methodist.post("/courses/new", data={**form_data(district["people"]["Власова В.В."], provider_id(app)),
                                                    "file": word}, content_type="multipart/form-data")
    assert response.status_code == 422 and course_count(app) == 5


def test_the_same_course_twice_is_one_record(app, actor, district):
    methodist = actor(Role.METHODIST)
    data = form_data(district["people"]["Власова В.В."], provider_id(app))
    assert methodist.post("/courses/new", data=data).status_code == 302
    again = methodist.post("/courses/new", data=data)
    assert again.status_code == 422 and "уже записан" in again.get_data(as_text=True)
    assert course_count(app) == 6


def test_a_school_cannot_touch_another_schools_teacher_or_course(app, actor, district):
    school = actor(Role.SCHOOL, organisation=type("Org", (), {"id": district["a"]}))
    stranger = district["people"]["Громова Г.Г."]  # СОШ № 2
    response = school.post("/courses/new", data=form_data(stranger, provider_id(app)))
    assert response.status_code == 422 and NOT_A_CHOICE in response.get_data(as_text=True)
    with app.app_context():
        theirs = db.session.scalar(select(Course.id).where(Course.person_id == stranger))
    assert school.get(f"/courses/{theirs}/edit").status_code == 403
    assert school.post(f"/courses/{theirs}/delete").status_code == 403
    assert school.get(f"/courses/{theirs}/file").status_code == 403
    assert course_count(app) == 5
    listed = school.get("/courses/").get_data(as_text=True)
    assert "Аринина А.А." in listed and "Громова Г.Г." not in listed


def test_course_pages_have_a_fixed_number_of_queries(app, actor, district):
    methodist = actor(Role.METHODIST)
    pages = ["/courses/", "/courses/gaps", "/courses/summary?year=2023", "/courses/report.xlsx?year=2023"]

    def measure():
        counts = []
        for url in pages:
            with count_queries(app) as statements:
                assert methodist.get(url).status_code == 200, url
            counts.append(len(statements))
        return counts

    before = measure()
    with app.app_context():  # ten times the courses
        provider = db.session.scalar(select(CourseProvider.id))
        people = db.session.scalars(select(Person)).all()
        db.session.add_all(Course(person_id=p.id, organisation_id=p.organisation_id, provider_id=provider, hours=40 + i,
                                  programme_title=f"Курс {i}", starts_on=date(2023, 5, 1), ends_on=date(2023, 5, 20))
                           for i in range(10) for p in people)
        db.session.commit()
    assert measure() == before


def test_the_gaps_page_counts_per_school_and_names_a_chosen_schools_teachers(app, actor, district, freeze):
    from datetime import datetime
    freeze(datetime(2024, 3, 15, 10))
    methodist = actor(Role.METHODIST)
    page = methodist.get("/courses/gaps").get_data(as_text=True)
    rows = re.findall(r'<tr><td data-label="ОО">(?:<a [^>]+>)?([^<]+)(?:</a>)?</td>\s*<td data-label="Нет курсов">(\d+)</td>'
                      r'<td data-label="Педагогов">(\d+)</td>', page)
    assert ("СОШ № 1", "2", "3") in rows and ("СОШ № 2", "1", "2") in rows
    assert "Власова" not in page  # names only for a chosen school
    school_page = methodist.get(f"/courses/gaps?org={district['a']}").get_data(as_text=True)
    assert "Борисова Б.Б." in school_page and "01.01.2021" in school_page and "курсов нет в реестре" in school_page
