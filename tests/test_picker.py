"""The person picker (app/registry/picker.py): what typing finds, for whom, and what a form
refuses. The browser side — typing with and without JavaScript — is in
tests/browser/test_mentoring_in_browser.py."""
import re

import pytest
from sqlalchemy import func, select

from app.auth.models import Role
from app.extensions import db
from app.mentoring.models import Pair
from app.registry.models import Person
from app.registry.picker import NOT_A_CHOICE, SHOWN
from tests.conftest import count_queries


@pytest.fixture
def people(app, make_org):
    first, second = make_org("СОШ № 1"), make_org("СОШ № 2")
    with app.app_context():
        made = {name: Person(full_name=name, organisation_id=org.id, position="учитель")
                for name, org in [("Иванова Ирина Петровна", first), ("Иваненко Олег", second),
                                  ("Сидорова Анна", first), ("Процент_100% Тест", first)]}
        db.session.add_all(made.values())
        db.session.commit()
        return dict(first=first, second=second, **{name.split()[0]: p.id for name, p in made.items()})


def names(html: str) -> list[tuple[str, bool]]:
    """(name, checked) of each choice, in order."""
    return [(name.strip(), bool(checked)) for checked, name in
            re.findall(r'<input type="(?:radio|checkbox)" name="\w+" value="\d+"( checked)?[^>]*>\s*<span>([^<]+?)\s*<small', html)]


def pick(who, **args):
    query = "&".join(f"{k}={v}" for k, v in args.items())
    return who.get(f"/registry/people/pick?{query}", htmx=True)


def test_typing_part_of_a_surname_finds_people_in_any_case_chosen_first(actor, people):
    methodist = actor(Role.METHODIST)
    response = pick(methodist, field="mentees", scope="keep", multiple=1, **{"mentees-q": "ИВАН"})
    assert response.status_code == 200 and "<html" not in response.get_data(as_text=True)
    assert names(response.get_data(as_text=True)) == [("Иваненко Олег", False), ("Иванова Ирина Петровна", False)]
    # The checked ones stay, first and checked, and are not found twice.
    html = pick(methodist, field="mentees", scope="keep", multiple=1, mentees=people["Сидорова"],
                **{"mentees-q": "ива"}).get_data(as_text=True)
    assert names(html) == [("Сидорова Анна", True), ("Иваненко Олег", False), ("Иванова Ирина Петровна", False)]
    assert 'type="checkbox"' in html
    html = pick(methodist, field="mentees", scope="keep", multiple=1, mentees=people["Сидорова"],
                **{"mentees-q": "сидор"}).get_data(as_text=True)
    assert names(html) == [("Сидорова Анна", True)] and "Никого не найдено по «сидор» (кроме выбранных)" in html
    # LIKE's own characters are letters like any other.
    assert names(pick(methodist, field="mentor_id", scope="registry", **{"mentor_id-q": "_100%"}).get_data(
        as_text=True)) == [("Процент_100% Тест", False)]
    assert names(pick(methodist, field="mentor_id", scope="registry", **{"mentor_id-q": "%"}).get_data(
        as_text=True)) == [("Процент_100% Тест", False)]


def test_a_school_finds_its_own_teachers_where_it_keeps_and_anyone_where_the_registry_is_open(actor, people):
    school = actor(Role.SCHOOL, organisation=people["first"])
    kept = pick(school, field="mentees", scope="keep", multiple=1, **{"mentees-q": "ива"}).get_data(as_text=True)
    assert names(kept) == [("Иванова Ирина Петровна", False)]
    # Another school's teacher sent as chosen is not shown as chosen either.
    kept = pick(school, field="mentees", scope="keep", multiple=1, mentees=people["Иваненко"]).get_data(as_text=True)
    assert names(kept) == []
    anyone = pick(school, field="mentor_id", scope="registry", **{"mentor_id-q": "ива"}).get_data(as_text=True)
    assert names(anyone) == [("Иваненко Олег", False), ("Иванова Ирина Петровна", False)]
    assert 'type="radio"' in anyone


def test_a_long_list_asks_for_a_longer_query_and_costs_the_same_queries(app, actor, people):
    methodist = actor(Role.METHODIST)
    with count_queries(app) as few:
        pick(methodist, field="mentor_id", scope="registry", mentor_id=people["Сидорова"], **{"mentor_id-q": "ива"})
    with app.app_context():
        db.session.add_all([Person(full_name=f"Иванов {n:02d}", organisation_id=people["second"].id)
                            for n in range(SHOWN + 5)])
        db.session.commit()
    with count_queries(app) as many:
        html = pick(methodist, field="mentor_id", scope="registry", mentor_id=people["Сидорова"],
                    **{"mentor_id-q": "ива"}).get_data(as_text=True)
    assert len(names(html)) == SHOWN + 1 and f"Показаны первые {SHOWN} — уточните запрос." in html
    assert len(many) == len(few)


@pytest.mark.parametrize("args", [dict(field="x<y", scope="keep"), dict(field="mentees", scope="everyone"),
                                  dict(field="mentees")])
def test_a_malformed_search_is_refused(actor, people, args):
    assert pick(actor(Role.METHODIST), **args).status_code == 400


def test_a_form_refuses_a_person_not_in_the_registry_and_keeps_the_rest(app, actor, people):
    from app.mentoring.models import MentoringForm
    with app.app_context():
        form_id = db.session.scalar(select(MentoringForm.id))
    methodist = actor(Role.METHODIST)
    data = {"mentor_id": "999999", "mentees": [str(people["Сидорова"])], "form_id": str(form_id),
            "starts_on": "2024-09-01", "ends_on": "2025-05-31", "goal": "Адаптация"}
    response = methodist.post("/mentoring/pairs/new", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and NOT_A_CHOICE in html and "Адаптация</textarea>" in html
    assert ("Сидорова Анна", True) in names(html)
    for bad in ("abc", "-1"):
        response = methodist.post("/mentoring/pairs/new", data=dict(data, mentor_id=bad))
        assert response.status_code == 422
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Pair)) == 0


def test_find_without_javascript_shows_the_form_again_with_the_matches_and_saves_nothing(app, actor, people):
    methodist = actor(Role.METHODIST)
    data = {"mentees": [str(people["Сидорова"])], "goal": "Адаптация", "mentor_id-q": "иван", "pick": "mentor_id",
            "starts_on": "2024-09-01", "ends_on": ""}
    html = methodist.post("/mentoring/pairs/new", data=data).get_data(as_text=True)
    assert 'class="error' not in html and "Адаптация</textarea>" in html and 'value="иван"' in html
    chosen = html[html.index('id="mentor_id-choices"'):]
    assert names(chosen[:chosen.index("</div>")]) == [("Иваненко Олег", False), ("Иванова Ирина Петровна", False)]
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Pair)) == 0


def test_find_in_a_plan_row_without_javascript_keeps_the_row_open_and_changes_nothing(app, actor, make_programme,
                                                                                      people):
    from app.plan.models import Activity, Section
    programme = make_programme(activities=1)
    with app.app_context():
        activity = db.session.scalar(select(Activity).join(Section).where(Section.programme_id == programme.id))
        activity_id, version, section_id = activity.id, activity.version, activity.section_id
        before = (activity.title, [p.id for p in activity.responsible_people])
    methodist = actor(Role.METHODIST)
    data = {"title": "Изменённое название", "deadline_text": "Ежегодно", "participants": "centre",
            "version": str(version), "section_id": str(section_id), "responsible_people-q": "сидор",
            "pick": "responsible_people"}
    response = methodist.post(f"/plan/activities/{activity_id}", data=data)
    html = response.get_data(as_text=True)
    assert "<html" in html and "Изменённое название</textarea>" in html
    assert ("Сидорова Анна", False) in names(html) and 'class="error' not in html
    with app.app_context():
        activity = db.session.get(Activity, activity_id)
        assert (activity.title, [p.id for p in activity.responsible_people]) == before
