"""The concurrency drill: every kind of write posted twice at the same moment to the app served
over HTTP (each request in a thread with its own database connection), as a double click that
htmx did not stop, or two people at once, would. No 5xx, nothing lost, nothing duplicated.

On PostgreSQL (TEST_DATABASE_URL) the two requests really run side by side; on SQLite writers
are serialised, and the drill checks the same outcomes.
"""
import http.cookiejar
import re
import threading
import urllib.error
import urllib.parse
import urllib.request
from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from app.approval.models import ProgrammeVersion
from app.auth.models import Role, User
from app.competitions.models import Competition, CompetitionKind, Criterion, Entry, JuryMember, Nomination, Score
from app.events.models import Event, EventFormat, Registration
from app.extensions import db
from app.marks.models import CompletionMark
from app.mentoring.models import MentoringForm, Pair, PlanStep
from app.plan.models import Activity, Participants, Programme, Section
from app.plan_import.models import PlanImport, PlanImportRow
from app.registry.models import Organisation, Person

from .conftest import PASSWORD, first_municipality_id


class HttpClient:
    """A browser's session over real HTTP: cookies and the page's CSRF token."""

    def __init__(self, base: str, username: str):
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        html = self._open("/login")[1]
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)
        self._open("/login", {"username": username, "password": PASSWORD, "csrf_token": token})
        html = self._open("/plan/")[1]
        self.token = re.search(r'"X-CSRFToken": "([^"]+)"', html).group(1)

    def _open(self, path, data=None, headers=None):
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body, headers=headers or {})
        try:
            with self.opener.open(request) as response:
                return response.status, response.read().decode(errors="replace")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace")

    def post(self, path, data, htmx=True):
        headers = {"X-CSRFToken": self.token}
        if htmx:
            headers["HX-Request"] = "true"
        return self._open(path, data, headers)[0]


def twice(first: HttpClient, second: HttpClient, path: str, data: dict, htmx=True) -> list[int]:
    """Post the same write from two sessions at the same moment; the two statuses."""
    barrier, statuses = threading.Barrier(2), []

    def send(client):
        barrier.wait()
        statuses.append(client.post(path, data, htmx))

    threads = [threading.Thread(target=send, args=(c,)) for c in (first, second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sorted(statuses)


@pytest.fixture
def world(app, make_programme, make_org, make_user):
    app.config["TODAY"], app.config["NOW"] = date(2024, 3, 1), datetime(2024, 3, 1, 9)
    programme = make_programme(activities=3)
    school = make_org("СОШ № 1")
    with app.app_context():
        activities = db.session.scalars(select(Activity).join(Section).where(Section.programme_id == programme.id)
                                        .order_by(Activity.id)).all()
        activities[1].participants = Participants.CENTRE
        teacher = Person(full_name="Учитель У.У.", organisation_id=school.id, teaching_since=date(2023, 9, 1))
        mentor = Person(full_name="Наставник Н.Н.", organisation_id=school.id, teaching_since=date(2000, 9, 1))
        seminar = db.session.scalar(select(EventFormat).where(EventFormat.name == "семинар"))
        future = Event(format=seminar, topic="Семинар", starts_at=datetime(2024, 4, 1, 10),
                       ends_at=datetime(2024, 4, 1, 12), registered_count=0, capacity=30)
        linked = Event(format=seminar, topic="Районный семинар", starts_at=datetime(2023, 9, 20, 10),
                       ends_at=datetime(2023, 9, 20, 12), registered_count=0, activity_id=activities[1].id,
                       occurrence_id=activities[1].occurrences[1].id)
        kind = db.session.scalar(select(CompetitionKind))
        contest = Competition(kind=kind, title="Учитель года", level="municipal", school_year=2023,
                              run_by_centre=True, status="scoring", application_deadline=date(2024, 1, 1))
        contest.nominations = [Nomination(name="Учитель")]
        form = db.session.scalar(select(MentoringForm))
        db.session.add_all([teacher, mentor, future, linked, contest])
        db.session.flush()
        criterion = Criterion(competition_id=contest.id, name="Урок", max_score=10)
        juror = JuryMember(competition_id=contest.id, name="Член Жюри")
        entry = Entry(competition_id=contest.id, nomination_id=contest.nominations[0].id, organisation_id=school.id,
                      status="accepted", submitted_at=datetime(2023, 12, 1))
        pair = Pair(organisation_id=school.id, mentor_id=mentor.id, form_id=form.id, starts_on=date(2023, 9, 1),
                    ends_on=date(2024, 5, 31), status="active")
        db.session.add_all([criterion, juror, entry, pair])
        db.session.flush()
        step = PlanStep(pair_id=pair.id, position=1, text="Шаг", deadline_text="октябрь 2023",
                        due_on=date(2023, 10, 31))
        db.session.add(step)
        db.session.commit()
        ids = dict(programme=programme.id, section=activities[0].section_id, activity=activities[0].id,
                   version=activities[0].version, occurrence=activities[0].occurrences[0].id,
                   doomed=activities[2].id, school=school.id, teacher=teacher.id, mentor=mentor.id, event=future.id,
                   linked=linked.id, contest=contest.id, nomination=contest.nominations[0].id,
                   criterion=criterion.id, juror=juror.id, entry=entry.id, form=form.id, step=step.id)
    for role, name in [(Role.METHODIST, "metodist"), (Role.SCHOOL, "school1"), (Role.ADMIN, "admin"),
                       (Role.HEAD, "head")]:
        make_user(role, username=name, organisation=school if role == Role.SCHOOL else None)
    # A second municipality in the install: every write of the drill goes through the municipal
    # scope's criteria (with one municipality there are none to apply).
    from tests.test_municipalities import another_municipality
    with app.app_context():
        another_municipality()
    yield ids
    app.config.pop("TODAY", None)
    app.config.pop("NOW", None)


def count(app, model, *where):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_every_write_arriving_twice_at_once(app, live_server, world):
    w = world
    clients = {name: [HttpClient(live_server, name) for _ in range(2)]
               for name in ("metodist", "school1", "admin", "head")}
    school, methodist, admin, head = clients["school1"], clients["metodist"], clients["admin"], clients["head"]
    five_hundreds = {}

    def drill(name, who, path, data, htmx=True):
        statuses = twice(*who, path, data, htmx)
        five_hundreds[name] = [s for s in statuses if s >= 500]
        return statuses

    # The first mark of an occurrence, by a coordinator and by a methodist at the same moment.
    barrier, statuses = threading.Barrier(2), []
    mark = {"occurrence_id": str(w["occurrence"]), "organisation_id": str(w["school"]), "quick": "done"}
    threads = [threading.Thread(target=lambda c=c: (barrier.wait(), statuses.append(c.post("/marks", mark))))
               for c in (school[0], methodist[0])]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    five_hundreds["first mark"] = [s for s in statuses if s >= 500]
    assert statuses == [200, 200]
    drill("mark again", school, "/marks", mark)

    drill("registration", school, f"/events/{w['event']}/registrations", {"person_id": str(w["teacher"])})
    drill("event held", methodist, f"/events/{w['linked']}/status", {"status": "held"}, htmx=False)
    drill("user", admin, "/users", {"username": "newbie", "role": "head", "organisation_id": "0",
                                    "password": "password-1"}, htmx=False)
    drill("organisation", methodist, "/registry/organisations",
          {"name": "Лицей № 7", "short_name": "Лицей № 7", "kind": "lyceum"})
    drill("event format", admin, "/events/formats", {"name": "методический десант"}, htmx=False)
    drill("approval", head, f"/plan/{w['programme']}/approve",
          {"order_number": "15", "order_date": "2024-02-20", "approver_name": "Павликова Т.П.",
           "approver_position": "начальник", "after": "0"}, htmx=False)
    # A plan import in preview, imported from two tabs at once (before the delete below: SQLite
    # reuses a deleted row's id).
    with app.app_context():
        metodist_id = db.session.scalar(select(User.id).where(User.username == "metodist"))
        draft = PlanImport(municipality_id=first_municipality_id(), filename="план.xlsx", title="Импортированная", start_year=2022, end_year=2024,
                           created_by_id=metodist_id)
        draft.rows = [PlanImportRow(position=1, data={"kind": "activity", "title": "Семинар", "deadline": "май 2023",
                                                       "responsible": "", "participants": "centre", "people": {}})]
        db.session.add(draft)
        db.session.commit()
        draft_id = draft.id
    drill("plan import", methodist, f"/plan/import/{draft_id}", {
        "target": "new", "title": "Импортированная", "start_year": "2022", "end_year": "2024", "action": "import"},
        htmx=False)
    drill("next period", methodist, f"/plan/{w['programme']}/next",
          {"title": "Следующая", "start_year": "2025", "end_year": "2027", "offset": "3"}, htmx=False)
    activity_form = {"title": "Районный семинар", "deadline_text": "Сентябрь 2022, 2023, 2024",
                     "participants": "all_schools", "version": str(w["version"]), "section_id": str(w["section"])}
    saved = drill("activity save", methodist, f"/plan/activities/{w['activity']}", activity_form)
    drill("activity delete", methodist, f"/plan/activities/{w['doomed']}/delete", {})
    drill("score", methodist, f"/competitions/{w['contest']}/scores",
          {"juror": str(w["juror"]), f"s-{w['entry']}-{w['criterion']}": "7"})
    drill("competition entry", methodist, f"/competitions/{w['contest']}/entries",
          {"people": str(w["mentor"]), "nomination_id": str(w["nomination"])}, htmx=False)
    drill("mentoring pair", school, "/mentoring/pairs/new",
          {"mentor_id": str(w["mentor"]), "mentees": str(w["teacher"]), "form_id": str(w["form"]),
           "starts_on": "2024-03-01", "ends_on": "2025-05-31"}, htmx=False)
    drill("plan step done", school, f"/mentoring/steps/{w['step']}/done", {"done": "1"})


    assert five_hundreds == {name: [] for name in five_hundreds}
    assert saved in ([200, 409], [200, 200])  # the second save of the same version is told it is stale
    with app.app_context():
        marks = db.session.scalars(select(CompletionMark).where(CompletionMark.occurrence_id == w["occurrence"])).all()
        assert [(m.organisation_id, m.status) for m in marks] == [(w["school"], "done")]
        assert count(app, Registration) == 1 and db.session.get(Event, w["event"]).registered_count == 1
        centre = db.session.scalars(select(CompletionMark).where(CompletionMark.source_kind == "event")).all()
        assert len(centre) == 1 and centre[0].status == "done"
        assert count(app, User, User.username == "newbie") == 1
        assert count(app, Organisation, Organisation.short_name == "Лицей № 7") == 1
        assert count(app, EventFormat, EventFormat.name == "методический десант") == 1
        assert count(app, ProgrammeVersion) == 1
        assert db.session.get(Activity, w["activity"]).title == "Районный семинар"
        assert db.session.get(Activity, w["doomed"]) is None
        assert [s.value for s in db.session.scalars(select(Score))] == [7]
        assert count(app, Entry) == 2  # the world's one and the new one, once
        assert count(app, Pair) == 2
        assert db.session.get(PlanStep, w["step"]).done
        assert count(app, Programme, Programme.title == "Импортированная") == 1
        assert count(app, Programme, Programme.based_on_id == w["programme"]) == 1
        assert count(app, Activity, Activity.title == "Семинар") == 1


def test_a_municipality_made_twice_at_once_is_made_once(app, live_server):
    """The region's administrator's double click (or two tabs): one municipality, one administrator;
    the other answer says the name or login is taken — no 500."""
    from app.municipalities.models import Municipality
    with app.app_context():
        admin = User(username="region-admin", role=Role.REGION_ADMIN, full_name="Администратор региона")
        admin.set_password(PASSWORD)
        db.session.add(admin)
        db.session.commit()
    first, second = HttpClient(live_server, "region-admin"), HttpClient(live_server, "region-admin")
    data = {"name": "Усть-Лабинский район", "short_name": "Усть-Лабинский р-н", "admin_username": "ustlab",
            "admin_password": "password-1"}
    statuses = twice(first, second, "/region/municipalities", data, htmx=False)
    # One went through (its redirect followed: 200); the other is told beside the field.
    assert statuses[0] == 200 and statuses[1] in (409, 422), statuses
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Municipality)
                                 .where(Municipality.short_name == "Усть-Лабинский р-н")) == 1
        assert db.session.scalar(select(func.count()).select_from(User).where(User.username == "ustlab")) == 1


def test_two_municipalities_forward_to_the_regions_competition_at_once(app, live_server):
    """Two municipalities' methodists put their winners forward to the same regional competition at
    the same moment (each an entry of their own), and one of them double-clicks: one entry each."""
    from tests.conftest import first_municipality_id
    from tests.test_municipalities import another_municipality
    from tests.test_regional_competitions import _municipal_winner
    with app.app_context():
        first = first_municipality_id()
        school = Organisation(municipality_id=first, short_name="СОШ № 1", name="СОШ № 1", kind="school", cluster="")
        db.session.add(school)
        db.session.flush()
        second = another_municipality("Городской округ Баксан", "г.о. Баксан", "Баксанский Б.Б.")
        kind = db.session.scalar(select(CompetitionKind).where(CompetitionKind.name == "Учитель года"))
        winners = [_municipal_winner(first, school.id, "Победитель Калининский", kind),
                   _municipal_winner(second["municipality"], second["school"], "Победитель Баксанский", kind)]
        contest = Competition(kind=kind, title="Учитель года Кубани", level="regional", school_year=2026,
                              run_by_centre=True, status="accepting")
        contest.nominations = [Nomination(name="Учитель")]
        db.session.add(contest)
        db.session.flush()
        contest.municipality_id = None
        for username, municipality in (("metodist-k", first), ("metodist-b", second["municipality"])):
            user = User(username=username, role=Role.METHODIST, full_name=username, municipality_id=municipality)
            user.set_password(PASSWORD)
            db.session.add(user)
        db.session.commit()
        contest_id = contest.id
    path = f"/competitions/{contest_id}/forward"
    k, k_again, b = (HttpClient(live_server, name) for name in ("metodist-k", "metodist-k", "metodist-b"))
    barrier, statuses = threading.Barrier(3), []

    def send(client, winner):
        barrier.wait()
        statuses.append(client.post(path, {"entry": str(winner)}, htmx=False))

    threads = [threading.Thread(target=send, args=args)
               for args in ((k, winners[0]), (k_again, winners[0]), (b, winners[1]))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(statuses) == [200, 200, 409], statuses  # (a redirect followed: 200)
    with app.app_context():
        assert sorted(db.session.scalars(select(Entry.forwarded_from_id).where(Entry.competition_id == contest_id))) \
            == sorted(winners)


def test_an_invitation_used_twice_at_once_sets_one_password(app, live_server, make_org, make_user):
    """The same link submitted from two tabs at the same moment: one password is set, the other
    tab is told the invitation is spent — no 500."""
    from app.invitations.models import NO_PASSWORD, Invitation
    school = make_org("СОШ № 1")
    with app.app_context():
        user = User(username="sosh-1", role=Role.SCHOOL, organisation_id=school.id, password_hash=NO_PASSWORD,
                    municipality_id=first_municipality_id())
        db.session.add(user)
        db.session.flush()
        db.session.add(Invitation(token="twice-at-once", user_id=user.id, created_at=datetime.now(),
                                  expires_at=datetime(2100, 1, 1)))
        db.session.commit()

    class Anonymous(HttpClient):
        def __init__(self, base):  # no login: the link is all the person has
            self.base = base
            self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
            html = self._open("/invite/twice-at-once")[1]
            self.token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)

        def post(self, path, data, htmx=True):
            return self._open(path, {**data, "csrf_token": self.token})[0]

    one, two = Anonymous(live_server), Anonymous(live_server)
    statuses = twice(one, two, "/invite/twice-at-once", {"password": "пароль-один", "again": "пароль-один"},
                     htmx=False)
    assert statuses == [200, 410], statuses  # (the first's redirect to the login page followed)
    with app.app_context():
        assert db.session.scalar(select(Invitation.used_at).where(Invitation.token == "twice-at-once")) is not None
        assert db.session.scalar(select(User.password_hash).where(User.username == "sosh-1")) != NO_PASSWORD


def test_a_staff_list_confirmed_from_two_tabs_at_once_adds_one_set_of_people(app, live_server, make_org, make_user):
    """Two tabs pressing «Импортировать» on the same preview at the same moment: the people, the
    new school and the hires are written once; the other tab is told it is done — no 500."""
    from app.imports.models import ImportDraft, ImportDraftRow
    from app.registry.people_import import FIELDS
    from app.staff.models import Employment

    school = make_org("СОШ № 1")
    make_user(Role.METHODIST, username="metodist")
    with app.app_context():
        draft = ImportDraft(kind="people", filename="кадры.xlsx", settings={},
                            created_by_id=db.session.scalar(select(User.id).where(User.username == "metodist")))
        rows = [("Двойнова Анна Ивановна", "МБОУ СОШ № 1"), ("Двойнов Иван Петрович", "МБОУ СОШ № 9"),
                ("Третьякова Ольга Павловна", "МБОУ СОШ № 9")]
        draft.rows = [ImportDraftRow(position=n, data={**{f: "" for f in FIELDS}, "name": name, "organisation": org,
                                                        "position": "учитель", "hired": "01.09.2020",
                                                        "person": None, "skip": False})
                      for n, (name, org) in enumerate(rows, start=1)]
        db.session.add(draft)
        db.session.commit()
        draft_id = draft.id
    one, two = HttpClient(live_server, "metodist"), HttpClient(live_server, "metodist")
    statuses = twice(one, two, f"/registry/import/{draft_id}", {}, htmx=False)
    assert statuses == [200, 200], statuses  # both redirected: one imported, the other told it was
    assert count(app, Person, Person.full_name.in_([name for name, _ in rows])) == 3
    assert count(app, Organisation, Organisation.short_name == "СОШ № 9") == 1
    assert count(app, Employment) == 3
    assert school.id


def test_every_staff_write_arriving_twice_at_once(app, live_server, world, make_org):
    """Part 10's writes posted twice at the same moment: a vacancy closed once, one monitoring
    snapshot a day, a teacher in the reserve once, a hire and a leaving recorded once, one
    coordinator account (and invitation) for a school — no 500."""
    from app.invitations.models import Invitation
    from app.staff.models import Employment, ReserveMember, Vacancy, VacancySnapshot

    w = world
    other = make_org("СОШ № 2")
    with app.app_context():
        vacancy = Vacancy(organisation_id=w["school"], position="учитель", subject="физика", load_rates=1.0,
                          education="высшее", extra_skills="", status="open", created_at=datetime(2024, 2, 1))
        leaving = Employment(person_id=w["mentor"], organisation_id=w["school"], position="учитель",
                             category="teacher", started_on=date(2000, 9, 1), created_at=datetime(2000, 9, 1))
        db.session.add_all([vacancy, leaving])
        db.session.commit()
        vacancy_id, job_id = vacancy.id, leaving.id
    school = (HttpClient(live_server, "school1"), HttpClient(live_server, "school1"))
    methodist = (HttpClient(live_server, "metodist"), HttpClient(live_server, "metodist"))
    five_hundreds = {}

    def drill(name, who, path, data, htmx=False):
        statuses = twice(*who, path, data, htmx)
        five_hundreds[name] = [s for s in statuses if s >= 500]
        return statuses

    closed = drill("vacancy closed", school, f"/staff/vacancies/{vacancy_id}/close",
                   {"outcome": "cancelled", "closed_on": "2024-03-01"})
    drill("snapshot", methodist, "/staff/vacancies/snapshots", {})
    drill("reserve", school, "/staff/reserve", {"person_id": str(w["teacher"]), "reason": "Победитель конкурса",
                                                 "nominated_on": "2024-03-01"})
    hired = drill("hire", school, f"/staff/people/{w['teacher']}/work", {
        "organisation_id": str(w["school"]), "position": "учитель", "category": "teacher", "main_job": "y",
        "started_on": "2023-09-01"})
    left = drill("leave", school, f"/staff/work/{job_id}/leave", {f"leave-{job_id}-left_on": "2024-02-29",
                                                                   f"leave-{job_id}-leave_reason": "retirement"})
    drill("accounts", methodist, "/invitations/schools", {"organisation": str(other.id)})
    assert five_hundreds == {name: [] for name in five_hundreds}
    assert closed == [200, 409] and hired == [200, 409] and left == [200, 409], (closed, hired, left)
    with app.app_context():
        assert db.session.get(Vacancy, vacancy_id).status == "cancelled"
        assert count(app, VacancySnapshot) == 1
        assert count(app, ReserveMember, ReserveMember.person_id == w["teacher"]) == 1
        assert count(app, Employment, Employment.person_id == w["teacher"]) == 1
        assert db.session.get(Employment, job_id).leave_reason == "retirement"
        assert count(app, User, User.organisation_id == other.id) == 1
        assert count(app, Invitation) == 1


def test_every_association_write_arriving_twice_at_once(app, live_server, world):
    """Part 11's writes posted twice at the same moment: one association of a name, a member once,
    an appointment once, an outside event and a publication once, attendance saved as sent — no 500."""
    from app.associations.models import Appointment, Association, Membership, OutsideParticipation, Publication
    from app.registry.models import OrgKind

    w = world
    with app.app_context():
        centre = Organisation(name="Методический центр", short_name="ЦОКО", kind=OrgKind.CENTRE,
                              municipality_id=first_municipality_id())
        db.session.add(centre)
        db.session.flush()
        rmo = Association(organisation_id=centre.id, level="district", kind="subject", name="РМО учителей",
                          created_at=datetime(2023, 9, 1))
        db.session.add(rmo)
        db.session.flush()
        meeting = Event(format=db.session.scalar(select(EventFormat)), topic="Заседание", association_id=rmo.id,
                        municipality_id=first_municipality_id(),
                        starts_at=datetime(2024, 2, 20, 14), ends_at=datetime(2024, 2, 20, 15), registered_count=1)
        db.session.add(meeting)
        db.session.flush()
        registration = Registration(event_id=meeting.id, person_id=w["teacher"], organisation_id=w["school"],
                                    registered_at=datetime(2024, 2, 1))
        db.session.add(registration)
        db.session.commit()
        ids = dict(centre=centre.id, rmo=rmo.id, meeting=meeting.id, registration=registration.id)
    school = (HttpClient(live_server, "school1"), HttpClient(live_server, "school1"))
    methodist = (HttpClient(live_server, "metodist"), HttpClient(live_server, "metodist"))
    five_hundreds = {}

    def drill(name, who, path, data):
        statuses = twice(*who, path, data, htmx=False)
        five_hundreds[name] = [s for s in statuses if s >= 500]
        return statuses

    drill("association", methodist, "/associations/new", {"level": "district", "kind": "creative", "subject": "",
                                                          "name": "Творческая группа", "status": "active",
                                                          "organisation_id": str(ids["centre"])})
    drill("member", school, f"/associations/{ids['rmo']}/members",
          {"person_id": str(w["teacher"]), "role": "participant", "joined_on": "2024-02-01"})
    drill("appointment", methodist, f"/associations/{ids['rmo']}/appointments",
          {"person_id": str(w["mentor"]), "post": "leader", "order_number": "12", "order_date": "2024-02-01",
           "starts_on": "2024-02-01"})
    drill("attendance", methodist, f"/associations/meetings/{ids['meeting']}", {"attended": str(ids["registration"])})
    drill("outside event", school, "/associations/network/participations",
          {"person_id": str(w["teacher"]), "event_title": "Краевые чтения", "level": "regional",
           "held_on": "2024-02-10", "role": "speaker"})
    drill("publication", school, "/associations/network/publications",
          {"person_id": str(w["teacher"]), "title": "Опыт", "year": "2024"})
    assert five_hundreds == {name: [] for name in five_hundreds}
    assert count(app, Association, Association.name == "Творческая группа") == 1
    assert count(app, Membership, Membership.association_id == ids["rmo"]) == 1
    assert count(app, Appointment) == 1
    assert count(app, Registration, Registration.attended.is_(True)) == 1
    assert count(app, OutsideParticipation) == 1 and count(app, Publication) == 1


def test_every_campaign_and_plan_of_work_write_arriving_twice_at_once(app, live_server, world):
    """Parts 11–12: a plan of work made twice is made once; a campaign opened twice is opened once; a
    school's first figures saved from two tabs make one report and one figure; a report sent twice is
    sent once; accepted and returned at once is one of the two; reopened twice is one new version."""
    from app.associations.models import Association
    from app.campaigns.models import Campaign, FreeTable, ReportValue, SchoolReport
    from app.registry.models import OrgKind

    w = world
    with app.app_context():
        centre = Organisation(name="Методический центр", short_name="ЦОКО", kind=OrgKind.CENTRE,
                              municipality_id=first_municipality_id())
        db.session.add(centre)
        db.session.flush()
        rmo = Association(organisation_id=centre.id, level="district", kind="subject", name="РМО учителей",
                          created_at=datetime(2023, 9, 1))
        campaign = Campaign(title="Мониторинг", starts_on=date(2023, 9, 1), ends_on=date(2024, 2, 29),
                            deadline=date(2024, 3, 15), forms=["movement"], created_at=datetime(2024, 2, 1),
                            municipality_id=first_municipality_id(),
                            tables=[FreeTable(position=0, title="Своя", columns=["Человек"])])
        db.session.add_all([rmo, campaign])
        db.session.commit()
        ids = dict(rmo=rmo.id, campaign=campaign.id, table=campaign.tables[0].key)
    school = (HttpClient(live_server, "school1"), HttpClient(live_server, "school1"))
    methodist = (HttpClient(live_server, "metodist"), HttpClient(live_server, "metodist"))
    five_hundreds = {}

    def drill(name, who, path, data):
        statuses = twice(*who, path, data, htmx=False)
        five_hundreds[name] = [s for s in statuses if s >= 500]
        return statuses

    c, s = ids["campaign"], w["school"]
    drill("plan of work", methodist, f"/associations/{ids['rmo']}/plans", {"year": "2023"})
    drill("campaign", methodist, "/campaigns/new", {"title": "Мониторинг за полугодие", "starts_on": "2023-09-01",
                                                    "ends_on": "2024-02-29", "deadline": "2024-03-15",
                                                    "forms": ["movement"], "tables": ""})
    drill("first figures", school, f"/campaigns/{c}/schools/{s}/figures", {"form": ids["table"], "v-0": "4"})
    assert sorted(drill("submit", school, f"/campaigns/{c}/schools/{s}/submit", {})) == [200, 409]  # sent (and shown)
    with app.app_context():
        report = db.session.scalar(select(SchoolReport.id).where(SchoolReport.campaign_id == c))
    statuses = []
    barrier = threading.Barrier(2)

    def decide(client, action, data):
        barrier.wait()
        statuses.append(client.post(f"/campaigns/{c}/reports/{report}/{action}", data, htmx=False))

    threads = [threading.Thread(target=decide, args=(methodist[0], "accept", {})),
               threading.Thread(target=decide, args=(methodist[1], "return", {"comment": "Проверьте"}))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    five_hundreds["accept and return"] = [x for x in statuses if x >= 500]
    with app.app_context():
        decided = db.session.get(SchoolReport, report).status
    if decided == "accepted":
        drill("reopen", methodist, f"/campaigns/{c}/reports/{report}/reopen", {})
    assert five_hundreds == {name: [] for name in five_hundreds}
    assert count(app, Programme, Programme.association_id == ids["rmo"]) == 1
    assert count(app, Campaign, Campaign.title == "Мониторинг за полугодие") == 1
    assert count(app, ReportValue, ReportValue.report_id == report) == 1
    assert decided in ("accepted", "returned")
    assert count(app, SchoolReport, SchoolReport.campaign_id == c) == 2  # the sent one, and one new draft
