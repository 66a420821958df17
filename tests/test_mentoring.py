"""Mentoring: pairs and their refusals, young specialists without a mentor on a date, the
individual plan edited in place, questionnaires (typed in and by private link), the indicators
against a hand-computed data set, and the exports."""
import re
import threading
from datetime import date, datetime
from io import BytesIO

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from app.auth.models import Role
from app.extensions import db
from app.mentoring.models import (
    MentoringForm, MentorProfile, Pair, PlanStep, SurveyLink, SurveyResponse, pair_mentees,
)
from app.mentoring.queries import figures, without_mentor
from app.registry.models import Person

from .test_permissions import snapshot

TODAY = date(2025, 1, 15)


@pytest.fixture
def clock(freeze):
    freeze(datetime(2025, 1, 15, 10))


@pytest.fixture
def world(app, make_org, clock):
    first, second = make_org("СОШ № 1"), make_org("СОШ № 2")
    with app.app_context():
        people = {
            "mentor": Person(full_name="Наставникова Н.Н.", organisation_id=first.id, position="учитель",
                             teaching_since=date(2000, 9, 1)),
            "young": Person(full_name="Молодая М.М.", organisation_id=first.id, position="учитель",
                            teaching_since=date(2024, 9, 1)),
            "colleague": Person(full_name="Коллега К.К.", organisation_id=first.id, position="учитель",
                                teaching_since=date(2015, 9, 1)),
            "stranger": Person(full_name="Чужая Ч.Ч.", organisation_id=second.id, position="учитель",
                               teaching_since=date(2023, 9, 1)),
            "municipal": Person(full_name="Муниципальный М.М.", organisation_id=second.id, position="методист",
                                teaching_since=date(1995, 9, 1)),
        }
        db.session.add_all(people.values())
        db.session.commit()
        forms = {f.name: f.id for f in db.session.scalars(select(MentoringForm))}
        return dict(first=first, second=second, forms=forms, **{k: p.id for k, p in people.items()})


def pair_form(w, mentor="mentor", mentees=("young",), form="педагог – молодой специалист", **over):
    data = {"mentor_id": str(w[mentor]), "mentees": [str(w[m]) for m in mentees], "form_id": str(w["forms"][form]),
            "order_number": "12-о", "order_date": "2024-08-30", "starts_on": "2024-09-01", "ends_on": "2025-05-31",
            "goal": "Адаптация молодого специалиста"}
    data.update(over)
    return data


def post(who, url, data, htmx=False):
    headers = {"X-CSRFToken": who.token}
    if htmx:
        headers["HX-Request"] = "true"
    return who.client.post(url, data=data, headers=headers)


def count(app, what, *where):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(what).where(*where))


def make_pair(app, w, mentor="mentor", mentees=("young",), form="педагог – молодой специалист",
              starts=date(2024, 9, 1), ends=date(2025, 5, 31), status="active", closed=None, org="first"):
    with app.app_context():
        pair = Pair(organisation_id=w[org].id, mentor_id=w[mentor], form_id=w["forms"][form], starts_on=starts,
                    ends_on=ends, status=status, closed_on=closed)
        db.session.add(pair)
        db.session.flush()
        db.session.execute(pair_mentees.insert(), [
            {"pair_id": pair.id, "person_id": w[m], "active_form_id": pair.form_id if status == "active" else None}
            for m in mentees])
        db.session.commit()
        return pair.id


# --- Pairs --------------------------------------------------------------------------------


def test_coordinator_starts_a_pair_from_the_gap_list_with_a_mentor_of_another_school(app, actor, world):
    w = world
    coordinator = actor(Role.SCHOOL, organisation=w["first"])
    my = coordinator.get("/my").get_data(as_text=True)
    assert "Без наставника" in my and f'href="/mentoring/pairs/new?mentee={w["young"]}"' in my
    form = coordinator.get(f"/mentoring/pairs/new?mentee={w['young']}").get_data(as_text=True)
    assert re.search(rf'<input type="checkbox" name="mentees" value="{w["young"]}" checked>', form)
    response = post(coordinator, "/mentoring/pairs/new", pair_form(w, mentor="municipal"))
    assert response.status_code == 302
    with app.app_context():
        pair = db.session.scalar(select(Pair))
        assert (pair.organisation_id, pair.mentor_id) == (w["first"].id, w["municipal"])
        assert [p.id for p in pair.mentees] == [w["young"]]
    assert "Молодая М.М." not in coordinator.get("/my").get_data(as_text=True)
    # the mentor's school sees nothing of it
    other = actor(Role.SCHOOL, organisation=w["second"])
    assert other.get(f"/mentoring/pairs/{pair.id}").status_code == 403
    assert "Молодая М.М." not in other.get("/mentoring/pairs").get_data(as_text=True)


@pytest.mark.parametrize("over, message", [
    ({"mentor_id": "MENTEE"}, "Наставник не может быть наставляемым в своей же паре."),
    ({"ends_on": "2024-08-01"}, "Окончание не может быть раньше начала."),
    ({"starts_on": ""}, "Укажите дату."),
    ({"mentees": []}, "Выберите наставляемого"),
])
def test_bad_pairs_are_refused_beside_the_field(app, actor, world, over, message):
    w = world
    if over.get("mentor_id") == "MENTEE":
        over = {"mentor_id": str(w["young"])}
    methodist = actor(Role.METHODIST)
    before = snapshot(app)
    response = post(methodist, "/mentoring/pairs/new", pair_form(w, **over))
    assert response.status_code == 422 and message in response.get_data(as_text=True)
    assert 'value="12-о"' in response.get_data(as_text=True)
    assert snapshot(app) == before


def test_a_mentee_is_in_one_active_pair_of_a_form(app, actor, world):
    w = world
    make_pair(app, w)
    methodist = actor(Role.METHODIST)
    before = snapshot(app)
    response = post(methodist, "/mentoring/pairs/new", pair_form(w, mentor="colleague"))
    assert response.status_code == 422
    assert "Уже в действующей паре этой формы: Молодая М.М." in response.get_data(as_text=True)
    assert snapshot(app) == before
    # another form is another matter
    assert post(methodist, "/mentoring/pairs/new", pair_form(w, mentor="colleague",
                                                            form="педагог – педагог")).status_code == 302


def test_finishing_a_pair_frees_the_mentee_and_stopping_needs_a_reason(app, actor, world):
    w = world
    pair_id = make_pair(app, w)
    methodist = actor(Role.METHODIST)
    response = post(methodist, f"/mentoring/pairs/{pair_id}/status", {"status": "terminated", "closed_on": "2024-12-20"})
    assert response.status_code == 422 and "Напишите, почему работа пары прекращена." in response.get_data(as_text=True)
    response = post(methodist, f"/mentoring/pairs/{pair_id}/status", {"status": "finished", "closed_on": "2024-08-01"})
    assert response.status_code == 422 and "раньше, чем началась" in response.get_data(as_text=True)
    post(methodist, f"/mentoring/pairs/{pair_id}/status", {"status": "finished", "closed_on": "2024-12-20"})
    with app.app_context():
        assert db.session.get(Pair, pair_id).closed_on == date(2024, 12, 20)
        assert db.session.scalar(select(pair_mentees.c.active_form_id)) is None
    assert post(methodist, "/mentoring/pairs/new", pair_form(w, mentor="colleague")).status_code == 302
    # the old pair cannot come back to life over the new one
    response = post(methodist, f"/mentoring/pairs/{pair_id}/status", {"status": "active"})
    assert response.status_code == 409 and "пару не возобновить" in response.get_data(as_text=True)


def test_a_coordinator_cannot_pair_another_schools_mentee(app, actor, world):
    w = world
    coordinator = actor(Role.SCHOOL, organisation=w["first"])
    before = snapshot(app)
    assert post(coordinator, "/mentoring/pairs/new", pair_form(w, mentees=("stranger",))).status_code == 403
    pair_id = make_pair(app, w, mentor="municipal", mentees=("stranger",), org="second")
    before = snapshot(app)
    assert coordinator.get(f"/mentoring/pairs/{pair_id}").status_code == 403
    assert post(coordinator, f"/mentoring/pairs/{pair_id}/status", {"status": "finished"}).status_code == 403
    assert post(coordinator, f"/mentoring/pairs/{pair_id}/delete", {}).status_code == 403
    assert snapshot(app) == before


def test_two_tabs_starting_the_same_pair_at_once_make_one(app, actor, world):
    w = world
    tabs = [actor(Role.METHODIST) for _ in range(2)]
    for t in tabs:
        t.token  # noqa: B018
    barrier, statuses = threading.Barrier(2), []

    def start(who):
        barrier.wait()
        statuses.append(post(who, "/mentoring/pairs/new", pair_form(w)).status_code)

    threads = [threading.Thread(target=start, args=(t,)) for t in tabs]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(statuses) in ([302, 409], [302, 422])
    assert count(app, Pair) == 1 and count(app, pair_mentees) == 1


# --- Young specialists --------------------------------------------------------------------


def test_without_mentor_on_a_date(app, world):
    w = world
    with app.app_context():
        db.session.get(Person, w["colleague"]).teaching_since = date(2022, 1, 14)  # 3 years and a day on TODAY
        db.session.add(Person(full_name="Отмеченная Вручную", organisation_id=w["first"].id, young_by_hand=True))
        db.session.commit()
        names = lambda day, org=None: [p.full_name for p in without_mentor(day, org)]  # noqa: E731
        assert names(TODAY) == ["Молодая М.М.", "Отмеченная Вручную", "Чужая Ч.Ч."]
        assert "Коллега К.К." in names(date(2025, 1, 14))  # exactly three years: still young
        assert names(TODAY, w["second"].id) == ["Чужая Ч.Ч."]
    make_pair(app, w, starts=date(2024, 9, 1))
    make_pair(app, w, mentees=("stranger",), org="second", status="finished", closed=date(2024, 12, 1),
              starts=date(2024, 9, 1))
    with app.app_context():
        assert names(TODAY) == ["Отмеченная Вручную", "Чужая Ч.Ч."]  # a finished pair does not count
        assert "Чужая Ч.Ч." not in names(date(2024, 11, 1))  # that pair was active then


# --- The individual plan ------------------------------------------------------------------


def test_plan_steps_in_place(app, actor, world):
    w = world
    pair_id = make_pair(app, w)
    methodist = actor(Role.METHODIST)
    url = f"/mentoring/pairs/{pair_id}/steps"
    for deadline, message in [("август 2024", "Срок выходит за даты пары: с 01.09.2024 по 31.05.2025."),
                              ("по плану работы ШМО", "Срок не распознан"), ("", "Укажите срок")]:
        response = post(methodist, url, {"text": "Посещение уроков", "deadline_text": deadline}, htmx=True)
        assert response.status_code == 422 and message in response.get_data(as_text=True), deadline
    assert count(app, PlanStep) == 0
    response = post(methodist, url, {"text": "Посещение уроков наставника", "deadline_text": "октябрь 2024"}, htmx=True)
    assert response.status_code == 200 and response.get_data(as_text=True).startswith('<section id="steps">')
    with app.app_context():
        step = db.session.scalar(select(PlanStep))
        assert step.due_on == date(2024, 10, 31)
        step_id, version = step.id, step.version
    body = methodist.get(f"/mentoring/steps/{step_id}", htmx=True).get_data(as_text=True)
    assert "просрочено" in body  # due 31 October, today is 15 January
    response = post(methodist, f"/mentoring/steps/{step_id}/done", {"done": "1"}, htmx=True)
    body = response.get_data(as_text=True)
    assert body.lstrip().startswith(f'<tr id="step-{step_id}" class="step done">') and "выполнено 15.01.2025" in body
    edit = methodist.get(f"/mentoring/steps/{step_id}/edit", htmx=True).get_data(as_text=True)
    assert 'class="editing"' in edit
    stale = {"text": "Старая вкладка", "deadline_text": "октябрь 2024", "version": str(version)}
    response = post(methodist, f"/mentoring/steps/{step_id}", stale, htmx=True)
    assert response.status_code == 409 and "изменили в другом окне" in response.get_data(as_text=True)
    with app.app_context():
        step = db.session.get(PlanStep, step_id)
        assert step.text == "Посещение уроков наставника" and step.done
        version = step.version
    response = post(methodist, f"/mentoring/steps/{step_id}", {"text": "Посещение и анализ уроков",
                                                                "deadline_text": "ноябрь 2024", "done": "y",
                                                                "done_on": "2024-11-20", "comment": "3 урока",
                                                                "version": str(version)}, htmx=True)
    assert response.status_code == 200 and "3 урока" in response.get_data(as_text=True)
    # without JavaScript: the edit row comes inside the whole page
    page = methodist.get(f"/mentoring/steps/{step_id}/edit").get_data(as_text=True)
    assert "<html" in page and f'id="step-form-{step_id}"' in page


# --- Questionnaires -----------------------------------------------------------------------


def answers(app, value="8", comment="Спасибо"):
    with app.app_context():
        from app.mentoring.models import Question
        ids = db.session.scalars(select(Question.id)).all()
    data = {f"q-{i}": value for i in ids}
    data["comment"] = comment
    return data


def test_coordinator_types_in_a_paper_questionnaire(app, actor, world):
    w = world
    pair_id = make_pair(app, w)
    coordinator = actor(Role.SCHOOL, organisation=w["first"])
    url = f"/mentoring/pairs/{pair_id}/survey/{w['young']}"
    before = snapshot(app)
    for bad in ("0", "11", "семь"):
        response = post(coordinator, url, answers(app, bad))
        assert response.status_code == 422 and "Оценка — целое число от 1 до 10." in response.get_data(as_text=True)
    assert snapshot(app) == before
    assert post(coordinator, url, answers(app, "9")).status_code == 302
    response = post(coordinator, url, answers(app, "3"))
    assert response.status_code == 409 and "уже есть" in response.get_data(as_text=True)
    with app.app_context():
        response = db.session.scalar(select(SurveyResponse))
        assert (response.respondent, response.mean, response.school_year) == ("mentee", 9, 2024)
    assert post(coordinator, f"/mentoring/pairs/{pair_id}/survey/{w['stranger']}", answers(app)).status_code == 404


def test_private_link_is_single_use_and_expires(app, actor, world):
    w = world
    pair_id = make_pair(app, w)
    coordinator = actor(Role.SCHOOL, organisation=w["first"])
    page = post(coordinator, f"/mentoring/pairs/{pair_id}/survey/{w['mentor']}/link", {}).get_data(as_text=True)
    url = re.search(r'value="http://localhost(/mentoring/s/[^"]+)"', page).group(1)
    assert len(url.rsplit("/", 1)[1]) >= 40
    teacher = app.test_client()  # no login
    form = teacher.get(url)
    assert form.status_code == 200 and "Наставникова Н.Н. — наставник" in form.get_data(as_text=True)
    assert "Выйти" not in form.get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', form.get_data(as_text=True)).group(1)
    response = teacher.post(url, data={**answers(app, "11"), "csrf_token": token})
    assert response.status_code == 422 and count(app, SurveyResponse) == 0
    response = teacher.post(url, data={**answers(app, "7"), "csrf_token": token})
    assert response.status_code == 200 and "Спасибо! Ответы сохранены." in response.get_data(as_text=True)
    before = snapshot(app)
    again = teacher.post(url, data={**answers(app, "2"), "csrf_token": token})
    assert again.status_code == 410 and "уже заполнена" in again.get_data(as_text=True)
    assert teacher.get(url[:-3] + "abc").status_code == 404  # a guessed link
    assert snapshot(app) == before
    with app.app_context():
        link = db.session.scalar(select(SurveyLink))
        link.used_at, link.expires_at = None, datetime(2025, 1, 1)
        db.session.commit()
    expired = teacher.get(url)
    assert expired.status_code == 410 and "Срок действия ссылки истёк" in expired.get_data(as_text=True)


def test_two_submissions_of_one_link_at_once_save_one(app, actor, world):
    w = world
    pair_id = make_pair(app, w)
    coordinator = actor(Role.SCHOOL, organisation=w["first"])
    page = post(coordinator, f"/mentoring/pairs/{pair_id}/survey/{w['young']}/link", {}).get_data(as_text=True)
    url = re.search(r'value="http://localhost(/mentoring/s/[^"]+)"', page).group(1)
    clients = [app.test_client() for _ in range(2)]
    tokens = [re.search(r'name="csrf_token" value="([^"]+)"', c.get(url).get_data(as_text=True)).group(1)
              for c in clients]
    barrier, statuses = threading.Barrier(2), []

    def submit(client, token):
        barrier.wait()
        statuses.append(client.post(url, data={**answers(app, "8"), "csrf_token": token}).status_code)

    threads = [threading.Thread(target=submit, args=pair) for pair in zip(clients, tokens, strict=True)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(statuses) in ([200, 409], [200, 410])
    assert count(app, SurveyResponse) == 1


# --- Indicators ---------------------------------------------------------------------------


def test_indicators_against_a_hand_computed_data_set(app, world, make_org):
    """Three schools; today is 15 January 2025. 2023/24 is read on 31 August 2024, 2024/25 today."""
    w = world
    third = make_org("СОШ № 3")
    w["third"] = third
    # СОШ № 1: a pair since October 2023, still active. СОШ № 2: a pair finished on 31 August 2024.
    a = make_pair(app, w, mentees=("colleague",), form="педагог – педагог", starts=date(2023, 10, 1))
    b = make_pair(app, w, mentor="municipal", mentees=("stranger",), org="second", starts=date(2023, 9, 1),
                  status="finished", closed=date(2024, 8, 31))
    with app.app_context():
        for pair_id, person, kind, mean in [(a, w["colleague"], "mentee", 8), (b, w["stranger"], "mentee", 6.8),
                                            (b, w["municipal"], "mentor", 7)]:
            db.session.add(SurveyResponse(pair_id=pair_id, person_id=person, respondent=kind, school_year=2023,
                                          mean=mean, submitted_at=datetime(2024, 5, 20)))
        db.session.commit()
        last, this = figures(2023), figures(2024)
    assert last.on == date(2024, 8, 31) and this.on == TODAY
    assert [s.short_name for s in last.with_programme.counted] == ["СОШ № 1", "СОШ № 2"]
    assert [s.short_name for s in last.implementing.counted] == ["СОШ № 1", "СОШ № 2"]
    assert [s.short_name for s in this.with_programme.counted] == ["СОШ № 1"]
    assert [s.short_name for s in this.implementing.counted] == ["СОШ № 1"]  # № 2 ended the day before
    assert round(this.with_programme.percent) == 33
    # young on 31 Aug 2024: «Чужая» (since 2023) — in pair b; on 15 Jan 2025: «Молодая» and «Чужая», neither in a pair
    assert [p.full_name for p in last.young_in_pairs.of] == ["Чужая Ч.Ч."]
    assert last.young_in_pairs.percent == 100
    assert [p.full_name for p in this.young_in_pairs.of] == ["Молодая М.М.", "Чужая Ч.Ч."]
    assert this.young_in_pairs.percent == 0
    assert (len(last.mentees.satisfied), len(last.mentees.answered), last.mentees.percent) == (1, 2, 50)
    assert (len(last.mentors.satisfied), last.mentors.percent) == (1, 100)  # 7 is satisfied
    assert this.mentees.percent is None
    second = next(r for r in last.rows if r.school.short_name == "СОШ № 2")
    assert (second.with_programme, second.young, second.young_in_pairs, second.mentees, second.mentors) == (
        True, 1, 1, (0, 1), (1, 1))


# --- Exports and mentors ------------------------------------------------------------------


def test_pairs_and_preparation_exports_cell_by_cell(app, actor, world):
    w = world
    a = make_pair(app, w)
    make_pair(app, w, mentor="municipal", mentees=("stranger",), org="second", form="педагог – педагог",
              status="finished", closed=date(2024, 12, 20), starts=date(2024, 9, 2))
    with app.app_context():
        db.session.get(Pair, a).order_number, db.session.get(Pair, a).order_date = "12-о", date(2024, 8, 30)
        db.session.add_all([MentorProfile(person_id=w["mentor"], courses_in_region=True, needs_training=True),
                            MentorProfile(person_id=w["municipal"], from_outside=True, training_elsewhere=True)])
        db.session.commit()
    methodist = actor(Role.METHODIST)
    ws = load_workbook(BytesIO(methodist.get("/mentoring/pairs.xlsx").data)).active
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=4, max_col=13)]
    assert rows == [
        [1, "Наставникова Н.Н.", "учитель", "СОШ № 1", "Молодая М.М.", "учитель", "СОШ № 1",
         "педагог – молодой специалист", "№ 12-о от 30.08.2024", "01.09.2024", "31.05.2025 (план)", "действует", None],
        [2, "Муниципальный М.М.", "методист", "СОШ № 2", "Чужая Ч.Ч.", "учитель", "СОШ № 2", "педагог – педагог",
         None, "02.09.2024", "20.12.2024", "завершена", None],
    ]
    ws = load_workbook(BytesIO(methodist.get("/mentoring/mentors.xlsx?year=2024").data)).active
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=4, max_row=6, max_col=8)]
    assert rows == [["СОШ № 1", 1, 0, 1, 0, 0, 0, 1],
                    ["СОШ № 2", 0, 1, 0, 0, 0, 1, 0],
                    ["Итого (каждый наставник — один раз)", 1, 1, 1, 0, 0, 1, 1]]


def test_mentor_preparation_in_place_and_the_school_of_mentors_counts(app, actor, world):
    w = world
    make_pair(app, w)
    from app.events.models import Event, EventFormat, Registration
    with app.app_context():
        seminar = db.session.scalar(select(EventFormat.id))
        event = Event(format_id=seminar, topic="Школа наставников: занятие 1", starts_at=datetime(2024, 10, 1, 15),
                      ends_at=datetime(2024, 10, 1, 17), registered_count=1)
        db.session.add(event)
        db.session.flush()
        db.session.add(Registration(event_id=event.id, person_id=w["mentor"], organisation_id=w["first"].id,
                                    registered_at=datetime(2024, 9, 20), attended=True))
        db.session.commit()
    coordinator = actor(Role.SCHOOL, organisation=w["first"])
    row = coordinator.get(f"/mentoring/mentors/{w['mentor']}", htmx=True).get_data(as_text=True)
    assert "школа наставников: 1 занятие" in row
    response = post(coordinator, f"/mentoring/mentors/{w['mentor']}", {"courses_in_region": "y", "note": "ИРО, 36 ч"},
                    htmx=True)
    assert response.status_code == 200 and "КПК в регионе" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(MentorProfile, w["mentor"]).courses_in_region
    ws = load_workbook(BytesIO(coordinator.get("/mentoring/mentors.xlsx?year=2024").data)).active
    assert [c.value for c in ws[4]][:8] == ["СОШ № 1", 1, 0, 1, 0, 1, 0, 0]  # the school of mentors: trained in the region
    other = actor(Role.SCHOOL, organisation=w["second"])
    before = snapshot(app)
    assert post(other, f"/mentoring/mentors/{w['mentor']}", {"needs_training": "y"}).status_code == 404
    assert snapshot(app) == before


def test_summary_page_shows_the_lists_behind_the_numbers(app, actor, world):
    w = world
    make_pair(app, w)
    page = actor(Role.HEAD).get("/mentoring/summary?year=2024").get_data(as_text=True)
    assert "ОО с программой наставничества (есть действующая пара): 1 из 2" in page
    assert "Чужая Ч.Ч. (СОШ № 2) — без наставника" in page and "Молодая М.М. (СОШ № 1) — в паре" in page
    assert "ОО без действующей пары (1)" in page


def test_pair_registry_filters_page_and_fragment(app, actor, world):
    w = world
    make_pair(app, w)
    make_pair(app, w, mentor="municipal", mentees=("stranger",), org="second", status="finished",
              closed=date(2024, 12, 1))
    methodist = actor(Role.METHODIST)
    body = methodist.get("/mentoring/pairs?status=finished", htmx=True,
                         headers={"HX-Target": "pair-results"}).get_data(as_text=True)
    assert body.startswith('<div id="pair-results">') and "Чужая Ч.Ч." in body and "Молодая М.М." not in body
    page = methodist.get(f"/mentoring/pairs?org={w['first'].id}").get_data(as_text=True)
    assert "<html" in page and "Молодая М.М." in page and "Чужая Ч.Ч." not in page


def test_deleting_a_pair_with_a_plan_asks_first(app, actor, world):
    w = world
    pair_id = make_pair(app, w)
    with app.app_context():
        db.session.add(PlanStep(pair_id=pair_id, position=1, text="Шаг", deadline_text="октябрь 2024",
                                due_on=date(2024, 10, 31)))
        db.session.commit()
    methodist = actor(Role.METHODIST)
    before = snapshot(app)
    response = post(methodist, f"/mentoring/pairs/{pair_id}/delete", {})
    assert response.status_code == 409 and "Удалить пару?" in response.get_data(as_text=True)
    assert snapshot(app) == before
    assert post(methodist, f"/mentoring/pairs/{pair_id}/delete", {"confirm": "yes"}).status_code == 302
    assert count(app, Pair) == 0 and count(app, PlanStep) == 0 and count(app, pair_mentees) == 0


