from datetime import date

import pytest

from sqlalchemy import func, select

from app.auth.models import Role
from app.extensions import db
from app.registry.models import Organisation, Person, years_before

from .conftest import count_queries
from .test_permissions import world  # noqa: F401  (a fixture)


def test_organisations_search_fragment_and_page(actor, make_org):
    make_org("СОШ № 1", name="Средняя школа № 1")
    make_org("Гимназия № 2", kind="gymnasium")
    head = actor(Role.HEAD)
    page = head.get("/registry/organisations?q=гимн").get_data(as_text=True)
    assert "<html" in page and "Гимназия № 2" in page and "СОШ № 1" not in page
    fragment = head.get("/registry/organisations?q=сош", htmx=True,
                        headers={"HX-Target": "organisation-rows"}).get_data(as_text=True)
    assert fragment.strip().startswith('<tbody id="organisation-rows">')
    assert "СОШ № 1" in fragment and "Гимназия" not in fragment
    assert "Ничего не найдено по запросу «лицей»" in head.get("/registry/organisations?q=лицей").get_data(as_text=True)


def test_search_treats_percent_literally(actor, make_org):
    make_org("СОШ № 1")
    html = actor(Role.HEAD).get("/registry/organisations?q=%25").get_data(as_text=True)
    assert "Ничего не найдено" in html


def test_add_organisation_and_duplicate_short_name(actor, app):
    methodist = actor(Role.METHODIST)
    response = methodist.post("/registry/organisations", htmx=True,
                              data={"name": "Лицей № 3", "short_name": "Лицей № 3", "kind": "lyceum"})
    assert response.status_code == 200 and "Лицей № 3" in response.get_data(as_text=True)
    response = methodist.post("/registry/organisations", htmx=True,
                              data={"name": "Другой", "short_name": "лицей № 3", "kind": "lyceum"})
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert "Организация с таким кратким наименованием уже есть." in body and 'value="Другой"' in body
    with app.app_context():
        assert db.session.scalar(select(func.count(Organisation.id))) == 1


def test_edit_organisation_in_place(actor, make_org, app):
    org = make_org("СОШ № 5")
    methodist = actor(Role.METHODIST)
    edit = methodist.get(f"/registry/organisations/{org.id}/edit", htmx=True).get_data(as_text=True)
    assert edit.strip().startswith("<tr") and "Сохранить" in edit
    response = methodist.post(f"/registry/organisations/{org.id}", htmx=True,
                              data={"name": "МБОУ СОШ № 5", "short_name": "СОШ № 5", "kind": "school", "cluster": "УМКШ"})
    assert response.status_code == 200 and "УМКШ" in response.get_data(as_text=True)
    response = methodist.post(f"/registry/organisations/{org.id}", htmx=True,
                              data={"name": "", "short_name": "СОШ № 5", "kind": "planet"})
    assert response.status_code == 422
    with app.app_context():
        assert db.session.get(Organisation, org.id).name == "МБОУ СОШ № 5"


def test_person_validation_keeps_input(actor, make_org, app):
    org = make_org()
    response = actor(Role.METHODIST).post("/registry/people", htmx=True, data={
        "full_name": "Иванова Мария Петровна", "organisation_id": str(org.id), "experience_years": "-2",
        "category": "first"})
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert "Стаж — целое число от 0 до 70." in body and 'value="Иванова Мария Петровна"' in body
    with app.app_context():
        assert db.session.scalar(select(func.count(Person.id))) == 0


def test_school_user_adds_a_teacher_to_own_school(actor, make_org, app):
    org = make_org("СОШ № 1")
    school = actor(Role.SCHOOL, organisation=org)
    response = school.post("/registry/people", htmx=True, data={
        "full_name": "Петров Пётр", "organisation_id": str(org.id), "experience_years": "2", "category": "none",
        "subject": "математика"})
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert "Петров Пётр" in body and "молодой специалист" in body
    with app.app_context():
        person = db.session.scalar(select(Person))
        assert person.teaching_since == years_before(date.today(), 2) and person.experience_on(date.today()) == 2


def test_experience_is_derived_for_any_date_and_a_young_specialist_is_0_to_3_years(app):
    person = Person(full_name="Новикова Н.Н.", teaching_since=date(2020, 9, 1))
    assert person.experience_on(date(2023, 8, 31)) == 2 and person.experience_on(date(2023, 9, 1)) == 3
    assert person.young_on(date(2023, 9, 1))  # three years to the day
    assert not person.young_on(date(2023, 9, 2))  # three years and one day
    assert not person.young_on(date(2020, 8, 31))  # not teaching yet
    assert Person(full_name="Без даты", young_by_hand=True).young_on(date(2030, 1, 1))
    assert years_before(date(2024, 2, 29), 1) == date(2023, 2, 28)


def test_a_start_date_in_the_future_is_refused(actor, make_org, app):
    org = make_org()
    response = actor(Role.METHODIST).post("/registry/people", htmx=True, data={
        "full_name": "Из Будущего", "organisation_id": str(org.id), "teaching_since": "2999-09-01",
        "category": "none"})
    assert response.status_code == 422
    assert "Дата начала стажа не может быть в будущем." in response.get_data(as_text=True)


def test_people_list_query_count_is_fixed(actor, make_org, app):
    org = make_org()
    head = actor(Role.HEAD)

    def add(n):
        with app.app_context():
            db.session.add_all(Person(full_name=f"Педагог {i}", organisation_id=org.id) for i in range(n))
            db.session.commit()

    add(5)
    with count_queries(app) as small:
        head.get("/registry/people")
    add(200)
    with count_queries(app) as large:
        response = head.get("/registry/people")
    assert "Страница 1 из 5" in response.get_data(as_text=True)
    assert len(small) == len(large)


def test_person_needs_an_organisation_chosen(actor, make_org, app):
    make_org()
    make_org()
    response = actor(Role.METHODIST).post("/registry/people", htmx=True, data={
        "full_name": "Без Школы", "organisation_id": "0", "category": "none"})
    assert response.status_code == 422
    assert "Выберите организацию." in response.get_data(as_text=True)


BORN = ("12.03.1985", "1985-03-12", "12 марта 1985")


@pytest.mark.parametrize("role", [Role.SCHOOL, Role.HEAD, Role.EXPERT])
def test_a_date_of_birth_is_seen_by_its_school_and_the_methodists_only(app, world, actor, make_org, role):  # noqa: F811
    """Every page, fragment and workbook of the matrix another school's coordinator, the head or an
    expert may open: the world's teachers' date of birth is nowhere."""
    from tests.test_municipalities import _text
    from tests.test_permissions import routes
    with app.app_context():
        for person_id in (world["person"], world["mentor"], world["mentee"]):
            db.session.get(Person, person_id).birth_date = date(1985, 3, 12)
        db.session.commit()
    other = make_org("СОШ № 99") if role == Role.SCHOOL else None
    who = actor(role, organisation=other)
    for endpoint, (method, url, allowed, _, _) in routes(world).items():
        if method != "GET" or allowed == "public":
            continue
        body = _text(who.get(url))
        assert not any(text in body for text in BORN), (endpoint, role)


def test_the_school_and_the_methodist_see_and_change_it_in_the_journal(app, world, actor):  # noqa: F811
    from app.audit.models import AuditEntry
    with app.app_context():
        school = db.session.get(Organisation, world["school"])
        db.session.expunge(school)
    coordinator = actor(Role.SCHOOL, organisation=school)
    data = {"full_name": "Учитель Своей Школы", "organisation_id": str(world["school"]), "category": "none",
            "position": "учитель", "subject": ""}
    for born, message in [("2031-01-01", "не может быть в будущем"), ("2014-05-01", "не моложе 16 лет"),
                          ("1900-01-01", "больше 100 лет")]:
        refused = coordinator.post(f"/registry/people/{world['person']}", htmx=True, data={**data, "birth_date": born})
        assert refused.status_code == 422 and message in refused.get_data(as_text=True), born
    assert coordinator.post(f"/registry/people/{world['person']}", htmx=True,
                            data={**data, "birth_date": "1985-03-12"}).status_code == 200
    assert "12.03.1985" in coordinator.get(f"/registry/people/{world['person']}").get_data(as_text=True)
    assert "12.03.1985" in actor(Role.METHODIST).get(f"/registry/people/{world['person']}").get_data(as_text=True)
    with app.app_context():
        entry = db.session.scalars(select(AuditEntry).where(AuditEntry.entity == "person")
                                   .order_by(AuditEntry.id.desc())).first()
        assert (entry.before, entry.after) == ({"birth_date": None}, {"birth_date": "1985-03-12"})
