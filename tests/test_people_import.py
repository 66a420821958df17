"""The staff list into the registry (/registry/import): columns found by their words, people
matched (new, updated, ambiguous), every bad row told at the row, all rows or none, and the same
file twice changes nothing the second time."""
import io
from datetime import date, datetime

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from app.audit.models import AuditEntry
from app.auth.models import Role
from app.extensions import db
from app.imports.models import ImportDraft
from app.registry.models import Organisation, Person
from app.staff.models import Employment

HEADER = ["№ п/п", "Фамилия, имя, отчество", "Образовательная организация", "Должность", "Преподаваемый предмет",
          "Дата рождения", "Дата приёма", "Дата увольнения", "Педагогический стаж", "Квалификационная категория"]


def xlsx(rows, header=HEADER) -> bytes:
    wb = Workbook()
    sheet = wb.active
    sheet.append(["Кадровая таблица на 01.09.2025"])
    sheet.append(header)
    sheet.append([str(n) for n in range(1, len(header) + 1)])  # the row of column numbers
    for n, row in enumerate(rows, start=1):
        sheet.append([n, *row])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


ROWS = [
    ("Петрова Анна Сергеевна", "МБОУ СОШ № 1", "учитель математики", "математика", "12.03.1980", "01.09.2005", "",
     "20", "высшая"),
    ("Новиков Олег Петрович", "МБОУ СОШ № 7 ст. Калининской", "учитель физики", "физика", "", "01.09.2024", "", "1",
     ""),
    ("Сидоров Павел Ильич", "МБОУ СОШ № 1", "педагог-психолог", "", "", "", "", "", "первая"),
]


@pytest.fixture
def registry(app, make_org):
    app.config["TODAY"] = date(2025, 10, 1)
    first, second = make_org("СОШ № 1"), make_org("СОШ № 2")
    with app.app_context():
        petrova = Person(full_name="Петрова А.С.", organisation_id=first.id, position="учитель")
        sidorov = Person(full_name="Сидоров Павел Ильич", organisation_id=second.id, position="учитель")
        db.session.add_all([petrova, sidorov])
        db.session.commit()
        ids = dict(first=first.id, second=second.id, petrova=petrova.id, sidorov=sidorov.id)
    yield ids
    app.config.pop("TODAY", None)


def upload(who, data: bytes, name="кадры.xlsx"):
    return who.post("/registry/import", data={"file": (io.BytesIO(data), name)}, content_type="multipart/form-data")


def latest(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.max(ImportDraft.id)))


def state(app):
    """The registry as a user would compare it: people with their fields, organisations, work."""
    with app.app_context():
        people = sorted((p.full_name, p.organisation.short_name, p.position, p.subject, p.category, p.birth_date,
                         p.teaching_since) for p in db.session.scalars(select(Person)))
        organisations = sorted(db.session.scalars(select(Organisation.short_name)))
        jobs = sorted((j.person.full_name, j.organisation.short_name, j.position, j.category, j.started_on, j.left_on)
                      for j in db.session.scalars(select(Employment)))
        return people, organisations, jobs


def test_a_municipality_list_adds_updates_and_asks_about_the_ambiguous(app, actor, registry):
    methodist = actor(Role.METHODIST)
    assert upload(methodist, xlsx(ROWS)).status_code == 302
    draft = latest(app)
    page = methodist.get(f"/registry/import/{draft}").get_data(as_text=True)
    assert "Строк: 3. Готово к импорту: 2" in page and "с замечаниями: 1" in page
    # Петрова А.С. of СОШ № 1 is the file's Петрова Анна Сергеевна: which fields change, said.
    assert "ФИО: «Петрова А.С.» → «Петрова Анна Сергеевна»" in page
    assert "Должность: «учитель» → «учитель математики»" in page
    assert "Дата рождения будет записана." in page and "Приём 01.09.2005." in page
    # A school not in the registry is added, with its short name.
    assert "Организация «СОШ № 7» будет добавлена в реестр." in page and "Новый работник: СОШ № 7" in page
    # Сидоров Павел Ильич of СОШ № 2, and the file's of СОШ № 1 without a date of birth: the user decides.
    assert "В реестре есть Сидоров Павел Ильич (СОШ № 2) — это он(а)?" in page
    before = state(app)
    refused = methodist.post(f"/registry/import/{draft}")
    assert refused.status_code == 422 and "Строк с замечаниями: 1" in refused.get_data(as_text=True)
    assert state(app) == before
    row = methodist.post(f"/registry/import/{draft}/rows/3", data={"choice": "new"}, htmx=True)
    assert row.status_code == 200 and "Новый работник: СОШ № 1." in row.get_data(as_text=True)
    assert "Готово к импорту: 3" in row.get_data(as_text=True)  # the counts above the table, out of band
    assert methodist.post(f"/registry/import/{draft}").status_code == 302
    people, organisations, jobs = state(app)
    assert organisations == ["СОШ № 1", "СОШ № 2", "СОШ № 7"]
    assert people == [
        ("Новиков Олег Петрович", "СОШ № 7", "учитель физики", "физика", "none", None, date(2024, 10, 1)),
        ("Петрова Анна Сергеевна", "СОШ № 1", "учитель математики", "математика", "highest", date(1980, 3, 12),
         date(2005, 10, 1)),
        ("Сидоров Павел Ильич", "СОШ № 1", "педагог-психолог", "", "first", None, None),
        ("Сидоров Павел Ильич", "СОШ № 2", "учитель", "", "none", None, None),
    ]
    assert jobs == [("Новиков Олег Петрович", "СОШ № 7", "учитель физики", "teacher", date(2024, 9, 1), None),
                    ("Петрова Анна Сергеевна", "СОШ № 1", "учитель математики", "teacher", date(2005, 9, 1), None)]
    with app.app_context():  # personal data: the date of birth written is in the audit log
        assert db.session.scalar(select(func.count(AuditEntry.id)).where(
            AuditEntry.summary.like("Дата рождения: Петрова%"))) == 1

    # The same file again: every row is someone in the registry, nothing to change.
    assert upload(methodist, xlsx(ROWS)).status_code == 302
    again = latest(app)
    page = methodist.get(f"/registry/import/{again}").get_data(as_text=True)
    assert "Готово к импорту: 3" in page and page.count("Без изменений.") == 3
    assert "новых работников 0, обновится 0, без изменений 3" in page
    audit_before = state(app)
    done = methodist.post(f"/registry/import/{again}", follow_redirects=True)
    assert "ничего не изменилось" in done.get_data(as_text=True)
    assert state(app) == audit_before


def test_a_date_of_birth_tells_one_person_from_another_at_any_school(app, actor, registry):
    with app.app_context():
        db.session.get(Person, registry["sidorov"]).birth_date = date(1975, 5, 5)
        db.session.commit()
    methodist = actor(Role.METHODIST)
    moved = [("Сидоров Павел Ильич", "МБОУ СОШ № 1", "учитель", "", "05.05.1975", "", "", "", "")]
    upload(methodist, xlsx(moved))
    page = methodist.get(f"/registry/import/{latest(app)}").get_data(as_text=True)
    assert "Готово к импорту: 1" in page and "Организация: «СОШ № 2» → «СОШ № 1»" in page
    other = [("Сидоров Павел Ильич", "МБОУ СОШ № 1", "учитель", "", "06.06.1990", "", "", "", "")]
    upload(methodist, xlsx(other))
    page = methodist.get(f"/registry/import/{latest(app)}").get_data(as_text=True)
    assert "Новый работник: СОШ № 1." in page  # another date of birth: another man of that name


BAD = [
    ("", "МБОУ СОШ № 1", "учитель", "", "", "", "", "", ""),
    ("Будущев Иван Иванович", "МБОУ СОШ № 1", "учитель", "", "01.01.2030", "", "", "", ""),
    ("Юный Пётр Петрович", "МБОУ СОШ № 1", "учитель", "", "01.01.2013", "", "", "", ""),
    ("Наоборот Анна Ивановна", "МБОУ СОШ № 1", "учитель", "", "", "01.09.2020", "31.08.2019", "", ""),
    ("Дважды Ольга Олеговна", "МБОУ СОШ № 1", "учитель", "", "02.02.1990", "", "", "", ""),
    ("Дважды Ольга Олеговна", "МБОУ СОШ № 1", "учитель", "", "02.02.1990", "", "", "", ""),
    ("Странная Вера Павловна", "МБОУ СОШ № 1", "учитель", "", "", "", "", "много", "суперкатегория"),
    ("Безшколы Нина Ивановна", "", "учитель", "", "", "", "", "", ""),
]


def test_every_bad_row_is_told_at_the_row_and_nothing_is_imported(app, actor, registry):
    methodist = actor(Role.METHODIST)
    upload(methodist, xlsx(BAD))
    draft = latest(app)
    page = methodist.get(f"/registry/import/{draft}").get_data(as_text=True)
    for message in ("Нет ФИО.", "Дата рождения 01.01.2030 — в будущем.",
                    "По дате рождения работнику 12 — проверьте её (не моложе 16 лет).",
                    "Дата увольнения раньше даты приёма.", "Этот работник уже есть в строке 5",
                    "Стаж «много»: нужно число лет", "Категория «суперкатегория» не распознана",
                    "Не указана образовательная организация."):
        assert message in page, message
    assert "Готово к импорту: 1" in page and "с замечаниями: 7" in page
    before = state(app)
    assert methodist.post(f"/registry/import/{draft}").status_code == 422
    assert state(app) == before
    # Fixed in place: the row's form, its text checked again like the file's.
    form = methodist.get(f"/registry/import/{draft}/rows/3/edit", htmx=True)
    assert form.status_code == 200 and 'name="birth" type="text" value="01.01.2013"' in form.get_data(as_text=True)
    fixed = methodist.post(f"/registry/import/{draft}/rows/3", htmx=True, data={
        "edit": "1", "name": "Юный Пётр Петрович", "organisation": "МБОУ СОШ № 1", "position": "учитель",
        "birth": "01.01.1993"})
    assert fixed.status_code == 200 and "не моложе 16" not in fixed.get_data(as_text=True)
    assert "Новый работник: СОШ № 1." in fixed.get_data(as_text=True)
    too_long = methodist.post(f"/registry/import/{draft}/rows/3", htmx=True, data={"edit": "1", "name": "Я" * 201})
    assert too_long.status_code == 422 and "Не длиннее 200 символов." in too_long.get_data(as_text=True)
    for position in (1, 2, 4, 6, 7, 8):
        methodist.post(f"/registry/import/{draft}/rows/{position}", data={"choice": "skip"}, htmx=True)
    assert methodist.post(f"/registry/import/{draft}").status_code == 302
    people = [p[0] for p in state(app)[0]]
    assert "Юный Пётр Петрович" in people and "Дважды Ольга Олеговна" in people and "Будущев Иван Иванович" not in people


@pytest.mark.parametrize("data, message", [
    (None, "Выберите файл"),
    (b"", "Файл пустой."),
    (b"\x00\x01\x02\xff" * 300, "не таблица CSV"),
    (b"PK\x03\x04" + b"0" * 100, "повреждён"),
    (b"0" * (10 * 1024 * 1024 + 1), "Файл больше 10 МБ"),
    ("Класс;Кабинет\n5А;12\n".encode("cp1251"), "Не найдена строка заголовка"),
])
def test_a_file_that_is_not_a_staff_list_is_refused_whole(app, actor, registry, data, message):
    methodist = actor(Role.METHODIST)
    response = methodist.post("/registry/import", content_type="multipart/form-data",
                              data={"file": (io.BytesIO(data or b""), "" if data is None else "кадры.xlsx")})
    assert response.status_code == 422 and message in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count(ImportDraft.id))) == 0


def test_a_csv_from_russian_excel_is_read(app, actor, registry):
    """«;» between cells, Windows-1251, separate surname/name/patronymic columns, ISO dates."""
    text = ("Фамилия;Имя;Отчество;Должность;Дата приема;Совместительство\n"
            "Кузнецова;Мария;Ивановна;учитель начальных классов;2021-09-01;\n"
            "Орлов;Игорь;Петрович;учитель физкультуры;2022-09-01;внешний совместитель\n")
    school = actor(Role.SCHOOL, organisation=type("Org", (), {"id": registry["first"]}))
    assert upload(school, text.encode("cp1251"), "кадры.csv").status_code == 302
    draft = latest(app)
    assert school.post(f"/registry/import/{draft}").status_code == 302
    with app.app_context():
        jobs = sorted((j.person.full_name, j.organisation_id, j.started_on, j.main_job)
                      for j in db.session.scalars(select(Employment)))
    assert jobs == [("Кузнецова Мария Ивановна", registry["first"], date(2021, 9, 1), True),
                    ("Орлов Игорь Петрович", registry["first"], date(2022, 9, 1), False)]


def test_a_coordinator_imports_their_own_school_only(app, actor, registry):
    school = actor(Role.SCHOOL, organisation=type("Org", (), {"id": registry["first"]}))
    rows = [("Сидоров Павел Ильич", "", "учитель", "", "", "", "", "", ""),
            ("Чужая Анна Павловна", "МБОУ СОШ № 2", "учитель", "", "", "", "", "", "")]
    upload(school, xlsx(rows))
    draft = latest(app)
    page = school.get(f"/registry/import/{draft}").get_data(as_text=True)
    # Сидоров of СОШ № 2 is not theirs to see or take: a new worker of their school.
    assert "СОШ № 2)" not in page and "Новый работник: СОШ № 1." in page
    assert "Строка другой организации («МБОУ СОШ № 2»)" in page
    assert school.post(f"/registry/import/{draft}/rows/1", data={"choice": str(registry["sidorov"])}).status_code == 400
    other = actor(Role.SCHOOL, organisation=type("Org", (), {"id": registry["second"]}))
    assert other.get(f"/registry/import/{draft}").status_code == 403
    assert other.post(f"/registry/import/{draft}").status_code == 403
    with app.app_context():
        assert db.session.get(ImportDraft, draft).imported_at is None


def test_the_people_page_offers_the_import(app, actor, registry):
    for role, shown in ((Role.METHODIST, True), (Role.SCHOOL, True), (Role.HEAD, False)):
        who = actor(role, organisation=type("Org", (), {"id": registry["first"]}) if role == Role.SCHOOL else None)
        page = who.get("/registry/people").get_data(as_text=True)
        assert ('href="/registry/import"' in page) is shown, role


def test_the_preview_holds_no_date_outside_the_uploader(app, actor, registry):
    """A draft with dates of birth is the uploader's organisation's: another school gets 403."""
    methodist = actor(Role.METHODIST)
    upload(methodist, xlsx(ROWS))
    draft = latest(app)
    school = actor(Role.SCHOOL, organisation=type("Org", (), {"id": registry["first"]}))
    response = school.get(f"/registry/import/{draft}")
    assert response.status_code == 403 and "12.03.1980" not in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(ImportDraft, draft).created_at <= datetime.now()


def test_the_preview_and_a_rows_answer_take_the_same_queries_at_any_size(app, actor, registry):
    from tests.conftest import count_queries

    methodist = actor(Role.METHODIST)

    def counted(rows):
        upload(methodist, xlsx(rows))
        draft = latest(app)
        with count_queries(app) as page:
            assert methodist.get(f"/registry/import/{draft}").status_code == 200
        with count_queries(app) as row:
            assert methodist.post(f"/registry/import/{draft}/rows/1", data={"choice": "new"}, htmx=True).status_code \
                == 200
        return len(page), len(row)

    few = counted(ROWS)
    many = counted(ROWS + [(f"Работник{n} Иван Иванович", f"МБОУ СОШ № {n % 3 + 1}", "учитель", "", "",
                            "01.09.2020", "", "3", "") for n in range(40)])
    assert few == many, (few, many)
