"""Competitions: create and validate, applications before the deadline, accept / return, the
jury's score sheet, ranking with ties, publishing (frozen scores, the plan's mark), outside
competitions recorded by schools, the reporting table."""
import threading
from datetime import date, datetime
from io import BytesIO

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from app.auth.models import Role
from app.competitions.models import (
    Competition, CompetitionKind, Criterion, Entry, EntryStatus, JuryMember, Nomination, Score, StaffCount,
    entry_members,
)
from app.extensions import db
from app.marks.models import CompletionMark
from app.plan.models import Activity, Participants, Section
from app.registry.models import Person

from .conftest import Actor, login
from .test_permissions import snapshot


@pytest.fixture
def clock(freeze):
    freeze(datetime(2023, 11, 10, 9))


@pytest.fixture
def schools(make_org):
    return make_org("СОШ № 1"), make_org("СОШ № 2")


@pytest.fixture
def teachers(app, schools):
    first, second = schools
    with app.app_context():
        people = [Person(full_name=name, organisation_id=org.id, position="учитель")
                  for name, org in [("Андреева Анна", first), ("Борисов Борис", first), ("Васильева Вера", first),
                                    ("Григорьев Глеб", second), ("Дмитриева Дарья", second)]]
        db.session.add_all(people)
        db.session.commit()
        return [p.id for p in people]


def make_competition(app, deadline=date(2023, 11, 20), status="accepting", nominations=("Учитель",),
                     run_by_centre=True, level="municipal", **kw):
    with app.app_context():
        kind = db.session.scalar(select(CompetitionKind).where(CompetitionKind.name == "Учитель года"))
        competition = Competition(kind_id=kind.id, title=kw.pop("title", "Учитель года — 2024"), level=level,
                                  school_year=2023, run_by_centre=run_by_centre, organiser_name=kw.pop("organiser_name", ""),
                                  application_deadline=deadline, status=status, **kw)
        competition.nominations = [Nomination(name=n, position=i) for i, n in enumerate(nominations)]
        db.session.add(competition)
        db.session.commit()
        return competition.id, [n.id for n in competition.nominations]


def add_entry(app, competition_id, person_ids, nomination_id=None, status=EntryStatus.ACCEPTED, result=""):
    with app.app_context():
        people = [db.session.get(Person, i) for i in person_ids]
        entry = Entry(competition_id=competition_id, nomination_id=nomination_id, status=status, result=result,
                      organisation_id=people[0].organisation_id, submitted_at=datetime(2023, 11, 1))
        db.session.add(entry)
        db.session.flush()
        db.session.execute(entry_members.insert(), [
            {"entry_id": entry.id, "person_id": p.id, "competition_id": competition_id,
             "nomination_key": nomination_id or 0} for p in people])
        db.session.commit()
        return entry.id


def count(app, model, *where):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model).where(*where))


def expert(app, make_user, competition_id, name="Эксперт Е.Е.", chair=False, username=None):
    user = make_user(Role.EXPERT, username=username or f"expert-{name[:3]}-{competition_id}")
    with app.app_context():
        member = JuryMember(competition_id=competition_id, user_id=user.id, name=name, is_chair=chair)
        db.session.add(member)
        db.session.commit()
        member_id = member.id
    client = app.test_client()
    assert login(client, user.username).status_code == 302
    return Actor(client, user.id), member_id


# --- Creating -----------------------------------------------------------------------------


def competition_form(**overrides):
    data = {"kind_id": "1", "title": "Учитель года — 2024", "level": "municipal", "school_year": "2023",
            "run_by_centre": "y", "application_deadline": "2023-11-20", "stage_municipal_start": "2023-12-01",
            "stage_municipal_end": "2023-12-20", "nominations": "Учитель\nВоспитатель\nУчитель"}
    data.update(overrides)
    return data


def test_methodist_creates_a_competition_with_stages_and_nominations(app, actor, clock):
    methodist = actor(Role.METHODIST)
    response = methodist.post("/competitions/new", data=competition_form())
    assert response.status_code == 302
    with app.app_context():
        competition = db.session.scalar(select(Competition))
        assert [n.name for n in competition.nominations] == ["Учитель", "Воспитатель"]
        assert [(s.stage, s.starts_on) for s in competition.stages] == [("municipal", date(2023, 12, 1))]
    page = methodist.get(response.headers["Location"]).get_data(as_text=True)
    assert "Учитель года — 2024" in page and "муниципальный: 01.12.2023 — 20.12.2023" in page


@pytest.mark.parametrize("overrides, message", [
    ({"stage_municipal_end": "2023-11-30"}, "Этап не может закончиться раньше, чем начался."),
    ({"application_deadline": ""}, "Укажите, до какого дня школы подают заявки."),
    ({"run_by_centre": "", "organiser_name": ""}, "Укажите организатора"),
    ({"title": ""}, "Заполните это поле."),
])
def test_bad_competition_is_refused_beside_the_field_and_nothing_saved(app, actor, clock, overrides, message):
    methodist = actor(Role.METHODIST)
    response = methodist.post("/competitions/new", data=competition_form(**overrides))
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert message in body
    assert "Учитель\nВоспитатель" in body  # the user's input stays
    assert count(app, Competition) == 0


def test_nomination_with_entries_cannot_be_removed(app, actor, teachers, clock):
    competition_id, (nomination_id,) = make_competition(app)
    add_entry(app, competition_id, [teachers[0]], nomination_id)
    methodist = actor(Role.METHODIST)
    response = methodist.post(f"/competitions/{competition_id}/edit", data=competition_form(nominations="Другая"))
    assert response.status_code == 422
    assert "В номинации «Учитель» есть участники" in response.get_data(as_text=True)
    with app.app_context():
        assert [n.name for n in db.session.get(Competition, competition_id).nominations] == ["Учитель"]


# --- Applications -------------------------------------------------------------------------


def test_school_applies_for_its_teacher_and_the_methodist_returns_then_accepts(app, actor, schools, teachers, clock):
    competition_id, (nomination_id,) = make_competition(app)
    coordinator = actor(Role.SCHOOL, organisation=schools[0])
    response = coordinator.post(f"/competitions/{competition_id}/entries", data={
        "people": str(teachers[0]), "nomination_id": str(nomination_id), "material_title": "Эссе",
        "material_url": "https://example.org/essay"})
    assert response.status_code == 302
    with app.app_context():
        entry = db.session.scalar(select(Entry))
        assert entry.status == "submitted" and entry.organisation_id == schools[0].id
        assert [m.url for m in entry.materials] == ["https://example.org/essay"]
        entry_id = entry.id
    methodist = actor(Role.METHODIST)
    response = methodist.post(f"/competitions/entries/{entry_id}/return", data={"reason": ""})
    assert response.status_code == 422 and "Напишите, почему заявка возвращена" in response.get_data(as_text=True)
    methodist.post(f"/competitions/entries/{entry_id}/return", data={"reason": "Нет эссе в формате PDF"})
    page = coordinator.get(f"/competitions/{competition_id}").get_data(as_text=True)
    assert "заявка возвращена" in page and "Причина: Нет эссе в формате PDF" in page
    assert coordinator.post(f"/competitions/entries/{entry_id}/resubmit").status_code == 302
    methodist.post(f"/competitions/entries/{entry_id}/accept")
    with app.app_context():
        entry = db.session.get(Entry, entry_id)
        assert entry.status == "accepted" and entry.return_reason == ""


def test_refused_applications_change_nothing(app, actor, schools, teachers, clock):
    competition_id, (nomination_id,) = make_competition(app)
    add_entry(app, competition_id, [teachers[0]], nomination_id, status=EntryStatus.SUBMITTED)
    coordinator = actor(Role.SCHOOL, organisation=schools[0])
    url = f"/competitions/{competition_id}/entries"
    before = snapshot(app)
    # the same person twice in one competition and nomination
    response = coordinator.post(url, data={"people": str(teachers[0]), "nomination_id": str(nomination_id)})
    assert response.status_code == 422
    assert "Уже участвует в этой номинации: Андреева Анна." in response.get_data(as_text=True)
    # another school's teacher
    assert coordinator.post(url, data={"people": str(teachers[3]), "nomination_id": str(nomination_id)}).status_code == 403
    # no one chosen
    response = coordinator.post(url, data={"nomination_id": str(nomination_id)})
    assert response.status_code == 422 and "Выберите педагога" in response.get_data(as_text=True)
    # a file that is not what it says
    response = coordinator.post(url, data={"people": str(teachers[1]), "nomination_id": str(nomination_id),
                                           "material_file": (BytesIO(b"not a pdf"), "essay.pdf")},
                                content_type="multipart/form-data")
    assert response.status_code == 422 and "Файл не похож на PDF" in response.get_data(as_text=True)
    # after the deadline
    app.config["TODAY"] = date(2023, 11, 21)
    response = coordinator.post(url, data={"people": str(teachers[1]), "nomination_id": str(nomination_id)})
    assert response.status_code == 422
    assert "Приём заявок закончился 20.11.2023." in response.get_data(as_text=True)
    assert "Приём заявок закончился 20.11.2023." in coordinator.get(f"/competitions/{competition_id}").get_data(as_text=True)
    assert snapshot(app) == before


def test_two_tabs_applying_for_the_same_teacher_at_once_make_one_entry(app, actor, schools, teachers, clock):
    competition_id, (nomination_id,) = make_competition(app)
    coordinators = [actor(Role.SCHOOL, organisation=schools[0]) for _ in range(2)]
    for c in coordinators:
        c.token  # noqa: B018  (fetch the tokens before the race)
    barrier, statuses = threading.Barrier(2), []

    def apply(who):
        barrier.wait()
        statuses.append(who.post(f"/competitions/{competition_id}/entries",
                                 data={"people": str(teachers[0]), "nomination_id": str(nomination_id)}).status_code)

    threads = [threading.Thread(target=apply, args=(c,)) for c in coordinators]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(statuses) in ([302, 409], [302, 422])
    assert count(app, Entry) == 1
    assert count(app, entry_members) == 1


# --- Jury and scores ----------------------------------------------------------------------


@pytest.fixture
def scoring(app, teachers, make_user, clock):
    """A competition in scoring with three accepted entries, two criteria and two expert jurors."""
    competition_id, (nomination_id,) = make_competition(app, status="scoring")
    entries = [add_entry(app, competition_id, [t], nomination_id) for t in (teachers[0], teachers[1], teachers[3])]
    with app.app_context():
        criteria = [Criterion(competition_id=competition_id, name="Урок", max_score=10, position=1),
                    Criterion(competition_id=competition_id, name="Эссе", max_score=5, position=2)]
        db.session.add_all(criteria)
        db.session.commit()
        criterion_ids = [c.id for c in criteria]
    first, first_seat = expert(app, make_user, competition_id, "Петрова П.П.", chair=True)
    second, second_seat = expert(app, make_user, competition_id, "Сидоров С.С.")
    return dict(id=competition_id, entries=entries, criteria=criterion_ids, jurors=[first, second],
                seats=[first_seat, second_seat], nomination=nomination_id)


def score(who, s, entry, criterion, value, seat=None, htmx=True):
    data = {f"s-{entry}-{criterion}": value}
    if seat:
        data["juror"] = str(seat)
    return who.post(f"/competitions/{s['id']}/scores", data=data, htmx=htmx)


def test_juror_scores_a_cell_in_place_and_gets_the_row_total(app, scoring):
    s = scoring
    juror = s["jurors"][0]
    response = score(juror, s, s["entries"][0], s["criteria"][0], "7,5")
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert body.lstrip().startswith('<td class="score saved">') and 'value="7,5"' in body
    score(juror, s, s["entries"][0], s["criteria"][1], "4")
    body = score(juror, s, s["entries"][0], s["criteria"][1], "5").get_data(as_text=True)
    assert f'<td id="total-{s["entries"][0]}" class="total" hx-swap-oob="true">12,5</td>' in body
    with app.app_context():
        assert sorted(db.session.scalars(select(Score.value))) == [5.0, 7.5]


@pytest.mark.parametrize("value", ["-1", "11", "abc", "1e1", "7,555"])
def test_a_score_outside_the_range_gets_a_message_and_is_not_saved(app, scoring, value):
    s = scoring
    score(s["jurors"][0], s, s["entries"][0], s["criteria"][0], "6")
    before = snapshot(app)
    response = score(s["jurors"][0], s, s["entries"][0], s["criteria"][0], value)
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert "Балл — число от 0 до 10." in body and f'value="{value}"' in body
    assert snapshot(app) == before


def test_an_expert_sees_only_their_own_competitions_and_sheet(app, scoring, make_user, teachers):
    s = scoring
    juror = s["jurors"][0]
    other_id, _ = make_competition(app, title="Чужой конкурс — 2024")
    listing = juror.get("/competitions/").get_data(as_text=True)
    assert "Учитель года — 2024" in listing and "Чужой конкурс" not in listing
    assert juror.get(f"/competitions/{other_id}").status_code == 403
    assert juror.get(f"/competitions/{other_id}/sheet").status_code == 403
    assert juror.get(f"/competitions/{s['id']}/sheet?juror={s['seats'][1]}").status_code == 403
    assert juror.get(f"/competitions/{s['id']}/ranking").status_code == 403  # not until scoring is closed
    assert juror.get("/plan/").status_code == 403 and juror.get("/registry/people").status_code == 403
    before = snapshot(app)
    assert score(juror, s, s["entries"][0], s["criteria"][0], "5", seat=s["seats"][1]).status_code == 403
    assert snapshot(app) == before
    sheet = juror.get(f"/competitions/{s['id']}/sheet").get_data(as_text=True)
    assert "Член жюри: <strong>Петрова П.П.</strong>" in sheet and "Григорьев Глеб" in sheet


def test_two_jurors_scoring_the_same_entry_at_once_both_keep_their_scores(app, scoring):
    s = scoring
    for juror in s["jurors"]:
        juror.token  # noqa: B018
    barrier, statuses = threading.Barrier(4), []

    def post(juror, criterion, value):
        barrier.wait()
        statuses.append(score(juror, s, s["entries"][0], criterion, value).status_code)

    jobs = [(s["jurors"][0], s["criteria"][0], "8"), (s["jurors"][1], s["criteria"][0], "9"),
            (s["jurors"][0], s["criteria"][1], "3"), (s["jurors"][1], s["criteria"][1], "4")]
    threads = [threading.Thread(target=post, args=job) for job in jobs]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert statuses == [200] * 4
    with app.app_context():
        kept = {(juror, criterion): value for juror, criterion, value in db.session.execute(
            select(Score.juror_id, Score.criterion_id, Score.value))}
    assert kept == {(s["seats"][0], s["criteria"][0]): 8, (s["seats"][1], s["criteria"][0]): 9,
                    (s["seats"][0], s["criteria"][1]): 3, (s["seats"][1], s["criteria"][1]): 4}


def test_one_jurors_two_tabs_do_not_lose_a_score(app, scoring, make_user):
    s = scoring
    tab = Actor(s["jurors"][0].client, None)  # the same session, another tab
    barrier, statuses = threading.Barrier(2), []

    def post(who, entry, value):
        barrier.wait()
        statuses.append(score(who, s, entry, s["criteria"][0], value).status_code)

    threads = [threading.Thread(target=post, args=(s["jurors"][0], s["entries"][0], "6")),
               threading.Thread(target=post, args=(tab, s["entries"][1], "7"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert statuses == [200, 200]
    with app.app_context():
        assert sorted(db.session.scalars(select(Score.value))) == [6, 7]


# --- Ranking and publishing ---------------------------------------------------------------


def test_ranking_shows_ties_proposes_results_and_publishing_freezes_scores(app, scoring, actor, make_programme):
    s = scoring
    programme = make_programme(activities=1)
    with app.app_context():
        activity = db.session.scalar(select(Activity).join(Section).where(Section.programme_id == programme.id))
        activity.participants = Participants.CENTRE
        competition = db.session.get(Competition, s["id"])
        competition.activity_id, competition.occurrence_id = activity.id, activity.occurrences[1].id
        db.session.commit()
        occurrence_id = activity.occurrences[1].id
    first, second = s["jurors"]
    e1, e2, e3 = s["entries"]
    lesson, essay = s["criteria"]
    for juror, entry, c, v in [(first, e1, lesson, "9"), (first, e2, lesson, "9"), (first, e3, lesson, "6"),
                               (second, e1, lesson, "8"), (second, e2, lesson, "7"), (second, e3, lesson, "10"),
                               (second, e2, essay, "1")]:
        assert score(juror, s, entry, c, v).status_code == 200
    methodist = actor(Role.METHODIST)
    page = methodist.get(f"/competitions/{s['id']}/ranking").get_data(as_text=True)
    # e1 = 17, e2 = 17, e3 = 16: the first two share 1st place
    assert page.count('поровну') == 2
    assert page.index("Андреева Анна") < page.index("Григорьев Глеб")
    assert f'name="r-{e3}"' in page and 'value="prize" selected>призёр (по рейтингу)' in page
    methodist.post(f"/competitions/{s['id']}/results", data={f"r-{e1}": "winner", f"r-{e2}": "winner",
                                                             f"r-{e3}": "laureate", "publish": "1"})
    with app.app_context():
        rows = {e.id: (e.place, e.result) for e in db.session.scalars(select(Entry))}
        assert rows == {e1: (1, "winner"), e2: (1, "winner"), e3: (3, "laureate")}
        assert db.session.get(Competition, s["id"]).status == "results"
        mark = db.session.scalar(select(CompletionMark).where(CompletionMark.occurrence_id == occurrence_id))
        assert mark.status == "done" and (mark.source_kind, mark.source_id) == ("competition", s["id"])
        assert "Учитель года — 2024" in mark.evidence_ref
    before = snapshot(app)
    response = score(first, s, e1, lesson, "1")
    assert response.status_code == 409 and "баллы заморожены" in response.get_data(as_text=True)
    assert methodist.post(f"/competitions/{s['id']}/delete", data={"confirm": "yes"}).status_code == 409
    assert methodist.post(f"/competitions/{s['id']}/status", data={"status": "scoring"}).status_code == 409
    assert snapshot(app) == before
    plan = methodist.get(f"/plan/{programme.id}").get_data(as_text=True)
    assert f'href="/competitions/{s["id"]}">конкурс 2023/2024</a> — итоги подведены' in plan
    # unlinking the occurrence clears the mark the competition made
    with app.app_context():
        form = competition_form(occurrence_id="0", application_deadline="2023-11-20", nominations="Учитель")
    assert methodist.post(f"/competitions/{s['id']}/edit", data=form).status_code == 302
    with app.app_context():
        mark = db.session.scalar(select(CompletionMark).where(CompletionMark.occurrence_id == occurrence_id))
        assert mark.status == "not_started" and mark.source_id is None


def test_a_hand_made_mark_is_not_touched_by_publishing(app, scoring, actor, make_programme):
    s = scoring
    programme = make_programme(activities=1)
    with app.app_context():
        activity = db.session.scalar(select(Activity).join(Section).where(Section.programme_id == programme.id))
        occurrence = activity.occurrences[0]
        centre = db.session.scalar(select(Competition)).owner  # None: the centre is the programme's
        from app.marks.queries import centre as centre_of
        organisation = centre_of()
        db.session.add(CompletionMark(occurrence_id=occurrence.id, organisation_id=organisation.id, status="done",
                                      done_on=date(2022, 9, 1), comment="по приказу", evidence_ref="Приказ № 5"))
        competition = db.session.get(Competition, s["id"])
        competition.activity_id, competition.occurrence_id = activity.id, occurrence.id
        db.session.commit()
        assert centre is None
    actor(Role.METHODIST).post(f"/competitions/{s['id']}/results", data={"publish": "1"})
    with app.app_context():
        mark = db.session.scalar(select(CompletionMark))
        assert (mark.evidence_ref, mark.source_kind) == ("Приказ № 5", "")


def test_protocol_and_diplomas(app, scoring, actor):
    s = scoring
    score(s["jurors"][0], s, s["entries"][0], s["criteria"][0], "9")
    score(s["jurors"][0], s, s["entries"][1], s["criteria"][0], "5")
    methodist = actor(Role.METHODIST)
    protocol = methodist.get(f"/competitions/{s['id']}/protocol").get_data(as_text=True)
    assert "ПРОТОКОЛ" in protocol and "Петрова П.П. — председатель жюри" in protocol
    assert protocol.count('class="signature-line"') == 2
    assert "результаты предварительные" in protocol
    assert methodist.get(f"/competitions/{s['id']}/diplomas").status_code == 302  # not before publishing
    methodist.post(f"/competitions/{s['id']}/results", data={"publish": "1"})
    diplomas = methodist.get(f"/competitions/{s['id']}/diplomas").get_data(as_text=True)
    assert diplomas.count('class="certificate"') == 3
    # 9 points: 1st, победитель; 5 points: 2nd, призёр; not scored: участник
    assert diplomas.count("<h1>ДИПЛОМ</h1>") == 2 and diplomas.count("<h1>СЕРТИФИКАТ</h1>") == 1
    assert "победитель (1 место)" in diplomas


def test_deleting_a_competition_with_entries_asks_first(app, actor, teachers, clock):
    competition_id, (nomination_id,) = make_competition(app)
    add_entry(app, competition_id, [teachers[0]], nomination_id)
    methodist = actor(Role.METHODIST)
    before = snapshot(app)
    response = methodist.post(f"/competitions/{competition_id}/delete")
    assert response.status_code == 409 and "Удалить конкурс?" in response.get_data(as_text=True)
    assert snapshot(app) == before
    assert methodist.post(f"/competitions/{competition_id}/delete", data={"confirm": "yes"}).status_code == 302
    assert count(app, Competition) == 0 and count(app, Entry) == 0 and count(app, entry_members) == 0


# --- Outside competitions and the registry ------------------------------------------------


def test_school_records_an_outside_competition_and_its_result_in_place(app, actor, schools, teachers, clock):
    coordinator = actor(Role.SCHOOL, organisation=schools[0])
    response = coordinator.post("/competitions/new", data={
        "kind_id": "1", "title": "Учитель года Кубани — 2024", "level": "regional", "school_year": "2023",
        "organiser_name": "Министерство образования Краснодарского края", "nominations": ""})
    assert response.status_code == 302
    competition_id = int(response.headers["Location"].rsplit("/", 1)[1])
    response = coordinator.post(f"/competitions/{competition_id}/entries", data={
        "people": str(teachers[0]), "stage_reached": "regional", "result": "participant"})
    assert response.status_code == 302
    with app.app_context():
        entry = db.session.scalar(select(Entry))
        assert (entry.status, entry.stage_reached, entry.result) == ("accepted", "regional", "participant")
    response = coordinator.post(f"/competitions/entries/{entry.id}/outcome", htmx=True,
                                data={"stage_reached": "regional", "result": "prize"})
    body = response.get_data(as_text=True)
    assert body.lstrip().startswith(f'<tr id="entry-{entry.id}"') and "сохранено" in body
    assert '<option value="prize" selected>призёр</option>' in body
    # another school's coordinator can neither change it nor the competition
    other = actor(Role.SCHOOL, organisation=schools[1])
    before = snapshot(app)
    assert other.post(f"/competitions/entries/{entry.id}/outcome", data={"result": "winner"}).status_code == 403
    assert other.post(f"/competitions/{competition_id}/status", data={"status": "cancelled"}).status_code == 403
    assert snapshot(app) == before
    person = coordinator.get(f"/registry/people/{teachers[0]}").get_data(as_text=True)
    assert "Учитель года Кубани — 2024" in person and "региональный" in person and "призёр" in person


def test_a_school_cannot_create_a_municipal_competition(app, actor, schools, clock):
    coordinator = actor(Role.SCHOOL, organisation=schools[0])
    response = coordinator.post("/competitions/new", data=competition_form(run_by_centre="", organiser_name="ЦОКО"))
    assert response.status_code == 422
    assert count(app, Competition) == 0


# --- Reports ------------------------------------------------------------------------------


def test_reporting_table_xlsx_cell_by_cell(app, actor, schools, teachers, clock):
    municipal, (nomination_id,) = make_competition(app, status="results", title="Учитель года — 2024")
    regional, _ = make_competition(app, run_by_centre=False, level="regional", nominations=(),
                                   title="Учитель года Кубани", organiser_name="ИРО")
    add_entry(app, municipal, [teachers[0]], nomination_id, result="winner")
    add_entry(app, municipal, [teachers[1], teachers[2]], nomination_id, result="participant")
    add_entry(app, municipal, [teachers[3]], nomination_id, result="participant")
    add_entry(app, regional, [teachers[0]], result="prize")
    add_entry(app, municipal, [teachers[4]], nomination_id, status=EntryStatus.RETURNED)  # does not count
    with app.app_context():
        db.session.add(StaffCount(organisation_id=schools[1].id, school_year=2023, count=40, updated_at=datetime.now()))
        db.session.commit()
    methodist = actor(Role.METHODIST)
    response = methodist.get("/competitions/report.xlsx?year=2023")
    ws = load_workbook(BytesIO(response.data)).active
    values = [[c.value for c in row] for row in ws.iter_rows(min_row=4, max_row=14, max_col=5)]
    assert values == [
        ["Количество педагогических работников (всего, без внешних совместителей)", "Наименование конкурса",
         "Уровень", "Результат", "Количество участников, чел."],
        ["Итого по муниципалитету", None, None, None, None],
        [43, "Учитель года — 2024", "муниципальный", "победитель", 1],
        [None, "Учитель года — 2024", "муниципальный", "участник", 3],
        [None, "Учитель года Кубани", "региональный", "призёр", 1],
        ["СОШ № 1", None, None, None, None],
        [3, "Учитель года — 2024", "муниципальный", "победитель", 1],
        [None, "Учитель года — 2024", "муниципальный", "участник", 2],
        [None, "Учитель года Кубани", "региональный", "призёр", 1],
        ["СОШ № 2", None, None, None, None],
        [40, "Учитель года — 2024", "муниципальный", "участник", 1],
    ]
    assert ws.cell(row=16, column=1).value == (
        "Численность педагогов — по реестру педагогов ОО; задана методистом на учебный год: СОШ № 2.")
    assert ws.print_title_rows == "$4:$4"
    # a school sees its own school only
    coordinator = actor(Role.SCHOOL, organisation=schools[1])
    page = coordinator.get("/competitions/report?year=2023").get_data(as_text=True)
    assert "задано методистом" in page and "СОШ № 1" not in page


def test_share_of_schools_and_the_staff_override(app, actor, schools, teachers, make_org, clock):
    make_org("СОШ № 3")
    competition_id, (nomination_id,) = make_competition(app)
    add_entry(app, competition_id, [teachers[0]], nomination_id, status=EntryStatus.SUBMITTED)
    add_entry(app, competition_id, [teachers[3]], nomination_id, status=EntryStatus.RETURNED)
    methodist = actor(Role.METHODIST)
    page = methodist.get("/competitions/summary?year=2023").get_data(as_text=True)
    assert "<strong>33%</strong> — 1 из 3 ОО" in page
    assert "Не выдвинули:" in page and "СОШ № 2</a>, " in page and "СОШ № 3</a>." in page
    before = snapshot(app)
    response = methodist.post("/competitions/staff", data={"year": "2023", "organisation_id": str(schools[0].id),
                                                           "count": "abc"})
    assert response.status_code == 422 and "Число педагогов — целое, больше 0." in response.get_data(as_text=True)
    assert snapshot(app) == before
    for value in ("25", "26"):  # the second is an update, not a second row
        methodist.post("/competitions/staff", data={"year": "2023", "organisation_id": str(schools[0].id),
                                                    "count": value})
    with app.app_context():
        assert db.session.execute(select(StaffCount.count)).scalars().all() == [26]


def test_list_filters_by_year_level_kind_and_status(app, actor, clock):
    make_competition(app, title="Муниципальный 2023")
    make_competition(app, title="Региональный 2023", level="regional", run_by_centre=False, organiser_name="ИРО")
    with app.app_context():
        old = db.session.scalar(select(Competition).where(Competition.title == "Муниципальный 2023"))
        db.session.add(Competition(kind_id=old.kind_id, title="Прошлогодний", level="municipal", school_year=2022,
                                   run_by_centre=True, status="results"))
        db.session.commit()
    methodist = actor(Role.METHODIST)

    def titles(query, htmx=False):
        response = methodist.get(f"/competitions/?{query}", htmx=htmx,
                                 headers={"HX-Target": "competition-results"} if htmx else {})
        body = response.get_data(as_text=True)
        return {t for t in ("Муниципальный 2023", "Региональный 2023", "Прошлогодний") if t in body}, body

    assert titles("year=2023")[0] == {"Муниципальный 2023", "Региональный 2023"}
    assert titles("level=regional")[0] == {"Региональный 2023"}
    assert titles("status=results")[0] == {"Прошлогодний"}
    assert titles("kind=2")[0] == set()  # «Педагогический дебют»: none
    found, fragment = titles("year=2022", htmx=True)
    assert found == {"Прошлогодний"} and fragment.startswith('<div id="competition-results">')
    assert "<html" not in fragment
    assert "<html" in titles("year=2022")[1]


def test_bad_jury_and_criteria_are_refused(app, actor, clock):
    competition_id, _ = make_competition(app)
    methodist = actor(Role.METHODIST)
    before = snapshot(app)
    response = methodist.post(f"/competitions/{competition_id}/jury", data={"name": ""})
    assert response.status_code == 422
    assert "Выберите человека из реестра или впишите ФИО эксперта." in response.get_data(as_text=True)
    for value in ("abc", "0", "-5"):
        response = methodist.post(f"/competitions/{competition_id}/criteria", data={"name": "Урок", "max_score": value})
        assert response.status_code == 422
        assert "Максимальный балл — число больше 0" in response.get_data(as_text=True)
    assert snapshot(app) == before
    methodist.post(f"/competitions/{competition_id}/jury", data={"name": "Внешний Эксперт", "is_chair": "y"})
    response = methodist.post(f"/competitions/{competition_id}/jury", data={"name": "Внешний Эксперт"})
    assert response.status_code == 422 and "уже в жюри" in response.get_data(as_text=True)
    assert count(app, JuryMember) == 1


def test_a_team_is_of_one_school_and_gets_its_name(app, actor, teachers, schools, clock):
    competition_id, (nomination_id,) = make_competition(app)
    methodist = actor(Role.METHODIST)
    url = f"/competitions/{competition_id}/entries"
    response = methodist.client.post(url, headers={"X-CSRFToken": methodist.token}, data={
        "people": [str(teachers[0]), str(teachers[3])], "nomination_id": str(nomination_id)})
    assert response.status_code == 422 and "Команда — педагоги одной организации." in response.get_data(as_text=True)
    methodist.client.post(url, headers={"X-CSRFToken": methodist.token}, data={
        "people": [str(teachers[0]), str(teachers[1])], "team_name": "Команда СОШ № 1",
        "nomination_id": str(nomination_id)})
    with app.app_context():
        entry = db.session.scalar(select(Entry))
        assert entry.names == "Команда СОШ № 1: Андреева Анна, Борисов Борис" and entry.status == "accepted"


def test_a_sheet_sent_without_javascript_saves_all_or_nothing(app, scoring):
    s = scoring
    juror = s["jurors"][0]
    e1, e2 = s["entries"][:2]
    lesson, essay = s["criteria"]
    response = score_many(juror, s, {f"s-{e1}-{lesson}": "8", f"s-{e2}-{essay}": "9"})  # 9 of 5
    assert response.status_code == 422
    assert "Баллы не сохранены: исправьте отмеченные клетки." in response.get_data(as_text=True)
    assert count(app, Score) == 0
    response = score_many(juror, s, {f"s-{e1}-{lesson}": "8", f"s-{e2}-{essay}": "4"})
    assert response.status_code == 302 and count(app, Score) == 2


def score_many(who, s, cells):
    return who.post(f"/competitions/{s['id']}/scores", data=cells)


def test_after_publishing_the_expert_sees_the_ranking_and_schools_see_everyones_results(app, scoring, actor, schools):
    s = scoring
    score(s["jurors"][0], s, s["entries"][0], s["criteria"][0], "9")
    coordinator = actor(Role.SCHOOL, organisation=schools[1])
    assert "Андреева Анна" not in coordinator.get(f"/competitions/{s['id']}").get_data(as_text=True)
    actor(Role.METHODIST).post(f"/competitions/{s['id']}/results", data={"publish": "1"})
    assert s["jurors"][0].get(f"/competitions/{s['id']}/ranking").status_code == 200
    page = coordinator.get(f"/competitions/{s['id']}").get_data(as_text=True)
    assert "Андреева Анна" in page and "победитель (1 место)" in page
    # a school prints the diplomas of its own teachers only
    diplomas = coordinator.get(f"/competitions/{s['id']}/diplomas").get_data(as_text=True)
    assert "Григорьев Глеб" in diplomas and "Андреева Анна" not in diplomas
