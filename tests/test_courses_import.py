"""Import of a provider's list of course graduates: columns found by their words, names matched
to the registry, unmatched and ambiguous rows resolved in the preview, all rows or none."""
import io
import re
from datetime import date

from openpyxl import Workbook
from sqlalchemy import func, select

from app.auth.models import Role
from app.courses.models import Course, CourseProvider
from app.imports.models import ImportDraft
from app.extensions import db
from app.registry.models import Person


def provider_list(rows) -> bytes:
    """As an institute sends it: a title, a header in its own words, a numbering row, a date range
    in one column."""
    wb = Workbook()
    ws = wb.active
    ws.append(["Список слушателей, завершивших обучение по дополнительным профессиональным программам"])
    ws.append([])
    ws.append(["№ п/п", "ФИО слушателя", "Образовательная организация", "Наименование программы", "Объём, часов",
               "Сроки обучения", "Регистрационный номер удостоверения"])
    ws.append([1, 2, 3, 4, 5, 6, 7])
    for n, row in enumerate(rows, start=1):
        ws.append([n, *row])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def setup_people(app, make_org):
    a, b = make_org("СОШ № 1"), make_org("СОШ № 2")
    with app.app_context():
        people = [Person(full_name="Петрова Анна Сергеевна", organisation_id=a.id),
                  Person(full_name="Иванова А.А.", organisation_id=a.id),
                  Person(full_name="Иванова А.А.", organisation_id=b.id),
                  Person(full_name="Сидоров Павел Ильич", organisation_id=b.id)]
        db.session.add_all(people)
        db.session.commit()
        provider = db.session.scalar(select(CourseProvider.id).order_by(CourseProvider.position))
        return dict(a=a.id, b=b.id, provider=provider, people={(p.full_name, p.organisation_id): p.id for p in people})


ROWS = [
    ("Петрова Анна Сергеевна", "МБОУ СОШ № 1", "Функциональная грамотность", 36, "01.02.2024 – 16.02.2024", "2312-001"),
    ("Иванова Алла Андреевна", "МБОУ СОШ № 2", "Функциональная грамотность", 36, "01.02.2024 – 16.02.2024", "2312-002"),
    ("Кузнецов К.К.", "МБОУ СОШ № 3", "Функциональная грамотность", 36, "01.02.2024 – 16.02.2024", "2312-003"),
    ("Сидоров Павел Ильич", "МБОУ СОШ № 2", "Функциональная грамотность", "—", "01.02.2024 – 16.02.2024", "2312-004"),
]


def upload(who, data, provider):
    return who.post("/courses/import", data={"file": (io.BytesIO(data), "список ИРО.xlsx"), "provider_id": str(provider),
                                             "form": "distance"}, content_type="multipart/form-data")


def latest_draft(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.max(ImportDraft.id)))


def courses(app):
    with app.app_context():
        return sorted((c.person.full_name, c.programme_title, c.hours, c.starts_on, c.ends_on, c.document_number, c.form)
                      for c in db.session.scalars(select(Course)))


def test_a_providers_list_is_matched_resolved_and_imported_whole(app, actor, make_org):
    w = setup_people(app, make_org)
    methodist = actor(Role.METHODIST)
    assert upload(methodist, provider_list(ROWS), w["provider"]).status_code == 302
    draft = latest_draft(app)
    page = methodist.get(f"/courses/import/{draft}").get_data(as_text=True)
    assert "Готово к импорту: 2" in page and "с замечаниями: 2" in page
    assert "Нет в реестре" in page and "Часы не указаны или не число больше нуля." in page

    # While rows have problems nothing is imported.
    refused = methodist.post(f"/courses/import/{draft}")
    assert refused.status_code == 422 and "Строк с замечаниями: 2" in refused.get_data(as_text=True)
    assert courses(app) == []

    # Кузнецов is not in the registry and Сидоров's hours are missing: not imported.
    for position in (3, 4):
        row = methodist.post(f"/courses/import/{draft}/rows/{position}", data={"choice": "skip"}, htmx=True)
        assert row.status_code == 200 and "не импортируется" in row.get_data(as_text=True)
    assert methodist.post(f"/courses/import/{draft}").status_code == 302
    # «Иванова Алла Андреевна» of СОШ № 2 is «Иванова А.А.» of СОШ № 2, told apart by the school.
    assert courses(app) == [
        ("Иванова А.А.", "Функциональная грамотность", 36, date(2024, 2, 1), date(2024, 2, 16), "2312-002", "distance"),
        ("Петрова Анна Сергеевна", "Функциональная грамотность", 36, date(2024, 2, 1), date(2024, 2, 16), "2312-001",
         "distance")]
    with app.app_context():
        ivanova = db.session.scalars(select(Course).join(Person).where(Person.full_name == "Иванова А.А.")).one()
        assert ivanova.organisation_id == w["b"]

    # Imported once, whatever is clicked again.
    assert methodist.post(f"/courses/import/{draft}").status_code == 302
    assert len(courses(app)) == 2


def test_an_ambiguous_name_is_chosen_in_its_row(app, actor, make_org):
    w = setup_people(app, make_org)
    methodist = actor(Role.METHODIST)
    upload(methodist, provider_list([("Иванова А.А.", "", "ФГОС", 72, "10.03.2024-20.03.2024", "")]), w["provider"])
    draft = latest_draft(app)
    page = methodist.get(f"/courses/import/{draft}").get_data(as_text=True)
    assert "несколько педагогов с таким именем" in page
    chosen = w["people"][("Иванова А.А.", w["a"])]
    row = methodist.post(f"/courses/import/{draft}/rows/1", data={"choice": str(chosen)}, htmx=True)
    body = row.get_data(as_text=True)
    assert re.search(rf'<option value="{chosen}" selected>Иванова А.А., СОШ № 1</option>', body)
    assert "несколько педагогов" not in body
    assert methodist.post(f"/courses/import/{draft}").status_code == 302
    with app.app_context():
        assert db.session.scalars(select(Course)).one().organisation_id == w["a"]


def test_a_row_already_in_the_registry_or_twice_in_the_list_must_be_left_out(app, actor, make_org):
    w = setup_people(app, make_org)
    methodist = actor(Role.METHODIST)
    petrova = ROWS[0]
    upload(methodist, provider_list([petrova]), w["provider"])
    methodist.post(f"/courses/import/{latest_draft(app)}")
    upload(methodist, provider_list([petrova, petrova]), w["provider"])
    draft = latest_draft(app)
    page = methodist.get(f"/courses/import/{draft}").get_data(as_text=True)
    assert page.count("Этот курс у педагога уже есть в реестре") == 2
    assert methodist.post(f"/courses/import/{draft}").status_code == 422
    assert len(courses(app)) == 1


def test_a_school_matches_only_its_own_teachers(app, actor, make_org):
    w = setup_people(app, make_org)
    school = actor(Role.SCHOOL, organisation=type("Org", (), {"id": w["a"]}))
    upload(school, provider_list(ROWS[:2]), w["provider"])
    draft = latest_draft(app)
    page = school.get(f"/courses/import/{draft}").get_data(as_text=True)
    # Петрова of its school; «Иванова Алла Андреевна, МБОУ СОШ № 2» is not taken for its own Иванова А.А.
    assert "Готово к импорту: 1" in page
    assert "В реестре Иванова А.А. — из СОШ № 1, а в списке «МБОУ СОШ № 2»" in page
    assert "Сидоров" not in page and "Иванова А.А., СОШ № 2" not in page
    stranger = w["people"][("Сидоров Павел Ильич", w["b"])]
    assert school.post(f"/courses/import/{draft}/rows/2", data={"choice": str(stranger)}).status_code == 400
    other = actor(Role.SCHOOL, organisation=type("Org", (), {"id": w["b"]}))
    assert other.get(f"/courses/import/{draft}").status_code == 403


def test_a_file_without_a_list_is_refused(app, actor, make_org):
    w = setup_people(app, make_org)
    methodist = actor(Role.METHODIST)
    wb = Workbook()
    wb.active.append(["Класс", "Кабинет"])
    out = io.BytesIO()
    wb.save(out)
    for data, message in [(out.getvalue(), "Не найдена строка заголовка"), (b"noise" * 100, "не файл Excel")]:
        response = upload(methodist, data, w["provider"])
        assert response.status_code == 422 and message in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count(ImportDraft.id))) == 0


def test_a_lists_organisation_names_a_school_by_its_short_or_full_name_not_a_prefix():
    from app.registry.matching import names_school
    from app.registry.models import Organisation

    first = Organisation(short_name="СОШ № 1", name="МБОУ СОШ № 1 ст. Калининской")
    assert names_school("МБОУ СОШ № 1 ст. Калининской", first)
    assert names_school("мбоу сош № 1", first)
    assert not names_school("МБОУ СОШ № 12", first)
    assert not names_school("МБОУ СОШ № 21", first)
