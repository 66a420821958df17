"""Every route × every role: the expected status, and no database change when refused."""
from collections import defaultdict
from datetime import date, datetime

import pytest
from sqlalchemy import delete, select, text

from app.auth.models import Role, User
from app.clock import school_year_of
from app.courses.models import Course, CourseProvider
from app.courses.route_models import (
    CompetenceArea, IndividualRoute, RouteStep,
)
from app.competitions.models import (
    Competition, CompetitionKind, Criterion, Entry, EntryMaterial, JuryMember, Nomination, entry_members,
)
from app.events.models import Event, EventFormat, EventMaterial, Registration
from app.extensions import db
from app.marks.models import CompletionMark
from app.indicators.models import Indicator
from app.mentoring.models import MentoringForm, Pair, PlanStep, Question, SurveyLink, pair_mentees
from app.plan.models import Activity, Section
from app.plan_import.models import PlanImport, PlanImportRow
from app.registry.models import Organisation, Person

ROLES = ["anonymous", Role.SCHOOL, Role.HEAD, Role.METHODIST, Role.ADMIN, Role.EXPERT, Role.ASSOCIATION_LEADER]
EVERYONE = {Role.SCHOOL, Role.HEAD, Role.METHODIST, Role.ADMIN}
EDITORS = {Role.METHODIST, Role.ADMIN}
EXPERT = {Role.EXPERT}  # a jury member: the competitions where they sit on the jury, nothing else
LEADER = {Role.ASSOCIATION_LEADER}  # an association's leader: its page, meetings and attendance, nothing else


@pytest.fixture
def world(app, make_programme, make_org):
    programme = make_programme(activities=2)
    school = make_org("СОШ № 1")
    with app.app_context():
        section_id = db.session.scalar(select(Section.id).where(Section.programme_id == programme.id))
        activity = db.session.scalar(select(Activity).where(Activity.section_id == section_id))
        teacher = Person(full_name="Учитель Своей Школы", organisation_id=school.id)
        occurrence = activity.occurrences[0]
        mark = CompletionMark(occurrence_id=occurrence.id, organisation_id=school.id, status="not_started")
        colleague = Person(full_name="Коллега Своей Школы", organisation_id=school.id)
        seminar = db.session.scalar(select(EventFormat).where(EventFormat.name == "семинар"))
        spare = EventFormat(name="методический десант", position=99)
        future = Event(format=seminar, topic="Будущий семинар", starts_at=datetime(2100, 3, 1, 10),
                       ends_at=datetime(2100, 3, 1, 12), registered_count=1)
        past = Event(format=seminar, topic="Прошедший семинар", starts_at=datetime(2020, 3, 1, 10),
                     ends_at=datetime(2020, 3, 1, 12), registered_count=1)
        db.session.add_all([teacher, colleague, mark, spare, future, past])
        db.session.flush()
        booked = Registration(event_id=future.id, person_id=colleague.id, organisation_id=school.id,
                              registered_at=datetime(2023, 1, 1), attended=False)
        came = Registration(event_id=past.id, person_id=colleague.id, organisation_id=school.id,
                            registered_at=datetime(2020, 1, 1), attended=False)
        material = EventMaterial(event_id=future.id, title="Программа семинара", url="https://example.org/p.pdf")
        bystander = User(username="bystander", role="head", full_name="")
        bystander.set_password("password-0")
        db.session.add_all([booked, came, material, bystander])
        db.session.flush()
        from app.invitations.models import Invitation
        from app.staff.models import Vacancy, VacancySnapshot
        db.session.add(Invitation(token="world-invitation", user_id=bystander.id, created_at=datetime(2024, 1, 1),
                                  expires_at=datetime(2100, 1, 1)))
        vacancy = Vacancy(organisation_id=school.id, position="учитель", subject="физика", load_rates=1,
                          created_at=datetime(2024, 1, 1))
        monitoring = VacancySnapshot(municipality_id=school.municipality_id, taken_on=date(2023, 12, 20),
                                     taken_at=datetime(2023, 12, 20), rows=[])
        from app.staff.models import ReserveMember
        reserve_member = ReserveMember(person_id=colleague.id, organisation_id=school.id, reason="Руководитель ШМО",
                                       nominated_on=date(2023, 9, 1), created_at=datetime(2023, 9, 1))
        from app.staff.models import Employment
        job = Employment(person_id=teacher.id, organisation_id=school.id, position="учитель", category="teacher",
                         started_on=date(2020, 9, 1), created_at=datetime(2020, 9, 1))
        db.session.add_all([vacancy, monitoring, reserve_member, job])
        db.session.commit()
        competitions = _competitions(school.id, [teacher.id, colleague.id])
        mentoring = _mentoring(school.id, colleague.id, teacher.id)
        plan_import = _plan_import()
        courses = _courses(school.id, teacher.id)
        indicator = _indicator(programme.id)
        indicator_import = _indicator_import(programme.id)
        associations = _associations(school.id, teacher.id)
        campaign = _campaign(school.id)
        return dict(**associations, **campaign, indicator_import=indicator_import, programme=programme.id, section=section_id, activity=activity.id, version=activity.version,
                    school=school.id, person=teacher.id, colleague=colleague.id, org=school.id, occurrence=occurrence.id, mark=mark.id,
                    event=future.id, past=past.id, booked=booked.id, came=came.id, material=material.id,
                    spare=spare.id, user=bystander.id, invitation="world-invitation", vacancy=vacancy.id,
                    vacancy_snapshot=monitoring.id, reserve_member=reserve_member.id, employment=job.id,
                    **competitions, **mentoring, **courses,
                    plan_import=plan_import, indicator=indicator)


def _mentoring(school_id, mentor_id, mentee_id):
    """A pair at the school with a step, a private questionnaire link, a spare form and question."""
    form = db.session.scalar(select(MentoringForm))
    pair = Pair(organisation_id=school_id, mentor_id=mentor_id, form_id=form.id, starts_on=date(2020, 9, 1),
                ends_on=date(2100, 5, 31), status="active")
    spare_form = MentoringForm(name="педагог – студент", position=99)
    spare_question = Question(name="Лишний вопрос", position=99)
    db.session.add_all([pair, spare_form, spare_question])
    db.session.flush()
    db.session.execute(pair_mentees.insert().values(pair_id=pair.id, person_id=mentee_id, active_form_id=form.id))
    step = PlanStep(pair_id=pair.id, position=1, text="Посещение уроков", deadline_text="октябрь 2030",
                    due_on=date(2030, 10, 31))
    link = SurveyLink(token="t" * 43, pair_id=pair.id, person_id=mentee_id, respondent="mentee", school_year=2024,
                      created_at=datetime.now(), expires_at=datetime(2100, 1, 1))
    db.session.add_all([step, link])
    db.session.commit()
    return dict(pair=pair.id, step=step.id, mentor=mentor_id, mentee=mentee_id, link=link.token,
                spare_form=spare_form.id, spare_question=spare_question.id)


def _competitions(school_id, teacher_ids):
    """A municipal competition in scoring (an accepted entry, a juror and a criterion), one still
    accepting applications (a returned one), a spare one to delete, and an outside one the school
    recorded."""
    kind = db.session.scalar(select(CompetitionKind))
    spare_kind = CompetitionKind(name="Вид без конкурсов", position=99)
    contest = Competition(kind=kind, title="Учитель года", level="municipal", school_year=2023, run_by_centre=True,
                          status="scoring", application_deadline=date(2100, 1, 1))
    contest.nominations = [Nomination(name="Учитель")]
    spare = Competition(kind=kind, title="Лишний", level="municipal", school_year=2023, run_by_centre=True)
    outside = Competition(kind=kind, title="Учитель года Кубани", level="regional", school_year=2023,
                          owner_id=school_id, organiser_name="ИРО")
    accepting = Competition(kind=kind, title="Педагогический дебют", level="municipal", school_year=2023,
                            run_by_centre=True, status="accepting", application_deadline=date(2100, 1, 1))
    db.session.add_all([spare_kind, contest, spare, outside, accepting])
    db.session.flush()
    nomination = contest.nominations[0].id
    entries = {}
    for key, competition, nomination_id, person, status in [
            ("entry", contest, nomination, teacher_ids[0], "accepted"),
            ("returned_entry", accepting, None, teacher_ids[1], "returned"),
            ("outside_entry", outside, None, teacher_ids[0], "accepted")]:
        entry = Entry(competition_id=competition.id, nomination_id=nomination_id, organisation_id=school_id,
                      status=status, submitted_at=datetime(2023, 11, 1))
        entry.materials = [EntryMaterial(title="Эссе", url="https://example.org/essay")]
        db.session.add(entry)
        db.session.flush()
        db.session.execute(entry_members.insert().values(entry_id=entry.id, person_id=person,
                                                         competition_id=competition.id,
                                                         nomination_key=nomination_id or 0))
        entries[key] = entry
    juror = JuryMember(competition_id=contest.id, name="Член Жюри")
    spare_juror = JuryMember(competition_id=contest.id, name="Запасной Член Жюри")
    criterion = Criterion(competition_id=contest.id, name="Урок", max_score=10, position=1)
    spare_criterion = Criterion(competition_id=contest.id, name="Лишний критерий", max_score=5, position=2)
    candidate = Person(full_name="Кандидат На Конкурс", organisation_id=school_id)
    db.session.add_all([juror, spare_juror, criterion, spare_criterion, candidate])
    # The region's competition (no municipality), and a municipal winner a methodist may put forward.
    regional = Competition(kind=kind, title="Учитель года — региональный этап", level="regional", school_year=2023,
                           run_by_centre=True, status="accepting")
    stage = Competition(kind=kind, title="Учитель года — муниципальный этап", level="municipal", school_year=2023,
                        run_by_centre=True, status="results")
    db.session.add_all([regional, stage])
    db.session.flush()
    regional.municipality_id = None  # (a new record is given the install's municipality; the region's has none)
    winner = Entry(competition_id=stage.id, organisation_id=school_id, status="accepted", result="winner", place=1,
                   submitted_at=datetime(2023, 11, 1))
    db.session.add(winner)
    db.session.flush()
    db.session.execute(entry_members.insert().values(entry_id=winner.id, person_id=teacher_ids[1],
                                                     competition_id=stage.id, nomination_key=0))
    db.session.commit()
    return dict(regional=regional.id, winner_entry=winner.id, contest=contest.id, contest_nomination=nomination, candidate=candidate.id, spare_contest=spare.id, outside=outside.id, kind=spare_kind.id,
                entry=entries["entry"].id, returned_entry=entries["returned_entry"].id,
                outside_entry=entries["outside_entry"].id, entry_material=entries["entry"].materials[0].id,
                juror=juror.id, spare_juror=spare_juror.id, criterion=criterion.id,
                spare_criterion=spare_criterion.id)


def _associations(school_id: int, teacher_id: int) -> dict:
    """The centre's РМО with the school's teacher a member and its leader appointed, and a spare
    association to delete — as they were: what an allowed POST added or closed is put back."""
    from app.associations.models import Appointment, Association, Membership, OutsideParticipation, Publication

    centre = db.session.scalar(select(Organisation.id).where(Organisation.kind == "centre")) or school_id
    rmo = db.session.scalar(select(Association).where(Association.name == "РМО матрицы"))
    if rmo is None:
        rmo = Association(organisation_id=centre, level="district", kind="subject", subject="математика",
                          name="РМО матрицы", created_at=datetime(2023, 9, 1))
        db.session.add(rmo)
        db.session.flush()
    rmo.status = "active"
    spare = db.session.scalar(select(Association.id).where(Association.name == "Лишнее объединение"))
    if spare is None:
        made = Association(organisation_id=centre, level="district", kind="creative", name="Лишнее объединение",
                           created_at=datetime(2023, 9, 1))
        db.session.add(made)
        db.session.flush()
        spare = made.id
    db.session.execute(delete(Membership).where(Membership.association_id == rmo.id))
    member = Membership(association_id=rmo.id, person_id=teacher_id, organisation_id=school_id, role="participant",
                        joined_on=date(2023, 9, 1))
    appointment = db.session.scalar(select(Appointment).where(Appointment.association_id == rmo.id))
    if appointment is None:
        appointment = Appointment(association_id=rmo.id, person_id=teacher_id, post="leader", order_number="245",
                                  order_date=date(2023, 9, 5), starts_on=date(2023, 9, 1))
    meeting = db.session.scalar(select(Event).where(Event.association_id == rmo.id, Event.topic == "Заседание мира"))
    if meeting is None:
        meeting = Event(format_id=db.session.scalar(select(EventFormat.id).order_by(EventFormat.id)),
                        topic="Заседание мира", starts_at=datetime(2024, 1, 10, 14), ends_at=datetime(2024, 1, 10, 15),
                        association_id=rmo.id, registered_count=1)
        db.session.add(meeting)
        db.session.flush()
        db.session.add(Registration(event_id=meeting.id, person_id=teacher_id, organisation_id=school_id,
                                    registered_at=datetime(2024, 1, 9)))
    db.session.execute(delete(OutsideParticipation))
    db.session.execute(delete(Publication))
    outside = OutsideParticipation(person_id=teacher_id, organisation_id=school_id, event_title="Чтения мира",
                                   level="regional", held_on=date(2023, 11, 1), role="speaker",
                                   created_at=datetime(2023, 11, 1))
    publication = Publication(person_id=teacher_id, organisation_id=school_id, title="Статья мира", year=2023,
                              created_at=datetime(2023, 11, 1))
    db.session.add_all([member, appointment, outside, publication])
    db.session.commit()
    registration = db.session.scalar(select(Registration.id).where(Registration.event_id == meeting.id))
    return dict(association=rmo.id, spare_association=spare, membership=member.id, appointment=appointment.id,
                meeting=meeting.id, meeting_registration=registration, network_event=outside.id, publication=publication.id)


def _campaign(school_id: int) -> dict:
    """A campaign with one free table and the school's draft report in it."""
    from app.campaigns.models import Campaign, FreeTable, SchoolReport
    campaign = Campaign(title="Мониторинг мира", starts_on=date(2023, 9, 1), ends_on=date(2024, 8, 31),
                        deadline=date(2024, 9, 15), forms=["movement"], created_at=datetime(2024, 8, 1),
                        tables=[FreeTable(position=0, title="Своя", columns=["Человек"])])
    db.session.add(campaign)
    db.session.flush()
    report = SchoolReport(campaign_id=campaign.id, organisation_id=school_id, version=1, status="draft",
                          created_at=datetime(2024, 8, 2))
    db.session.add(report)
    db.session.commit()
    return dict(campaign=campaign.id, campaign_table=campaign.tables[0].id, school_report=report.id)


def import_draft(kind: str, settings: dict, row: dict) -> int:
    """An upload of that kind waiting for its preview (one row), made once per world."""
    from app.imports.models import ImportDraft, ImportDraftRow

    found = db.session.scalar(select(ImportDraft.id).where(ImportDraft.kind == kind, ImportDraft.imported_at.is_(None)))
    if found is None:
        made = ImportDraft(kind=kind, filename=f"{kind}.xlsx", settings=settings)
        made.rows = [ImportDraftRow(position=1, data=row)]
        db.session.add(made)
        db.session.flush()
        found = made.id
    return found


def _indicator_import(programme_id: int) -> int:
    draft = import_draft("indicators", {"programme_id": programme_id}, {
        "number": "1", "name": "Доля педагогов с ИОМ", "unit": "%", "source": "", "group": "task",
        "targets": {"2023": 50}, "problems": []})
    db.session.commit()
    return draft


def _courses(school_id, teacher_id, course_id=None, spare_id=None) -> dict:
    """A course of the school's teacher, and a provider no course uses (each made anew if gone)."""
    if not (course_id and db.session.get(Course, course_id)):
        provider = db.session.scalar(select(CourseProvider).order_by(CourseProvider.id))
        course = Course(organisation_id=school_id, person_id=teacher_id, provider_id=provider.id,
                        programme_title="ФГОС", hours=36, starts_on=date(2023, 3, 1), ends_on=date(2023, 3, 20))
        db.session.add(course)
        db.session.flush()
        course_id = course.id
    if not (spare_id and db.session.get(CourseProvider, spare_id)):
        spare = CourseProvider(name="Лишняя организация", position=99)
        db.session.add(spare)
        db.session.flush()
        spare_id = spare.id
    provider = db.session.scalar(select(CourseProvider.id).order_by(CourseProvider.id))
    draft = import_draft("courses", {"provider_id": provider, "form": "full_time"}, {
        "name": "Учитель Своей Школы", "organisation": "", "programme": "ФГОС", "hours": "36", "start": "01.02.2024",
        "end": "10.02.2024", "number": "", "form": "", "person_id": teacher_id, "skip": False})
    route = db.session.scalar(select(IndividualRoute).where(IndividualRoute.person_id == teacher_id))
    if route is None:
        route = IndividualRoute(person_id=teacher_id, organisation_id=school_id, year=school_year_of(date.today()))
        db.session.add(route)
        db.session.flush()
    step = db.session.scalar(select(RouteStep.id).where(RouteStep.route_id == route.id))
    if step is None:
        made_step = RouteStep(route_id=route.id, position=1, kind="self", text="Чтение", deadline_text="май",
                              due_on=date(2100, 5, 31))
        db.session.add(made_step)
        db.session.flush()
        step = made_step.id
    area = db.session.scalar(select(CompetenceArea.id).where(CompetenceArea.name == "Лишняя область"))
    if area is None:
        spare_area = CompetenceArea(name="Лишняя область", position=99)
        db.session.add(spare_area)
        db.session.flush()
        area = spare_area.id
    from app.registry.people_import import FIELDS
    people = import_draft("people", {}, {**{field: "" for field in FIELDS}, "name": "Матрицына Ирина Ивановна",
                                         "organisation": db.session.get(Organisation, school_id).short_name,
                                         "position": "учитель", "person": None, "skip": False})
    diagnostic = import_draft("diagnostics", {"year": 2025}, {
        "name": "Учитель Своей Школы", "organisation": "", "area_ids": [], "unknown": [], "person_id": teacher_id,
        "skip": False})
    db.session.commit()
    return dict(people_import=people, course=course_id, spare_provider=spare_id, course_import=draft, route_step=step, spare_area=area,
                diagnostic_import=diagnostic)


def course_routes(w):
    keepers = EDITORS | {Role.SCHOOL}
    return {
        "courses.index": ("GET", "/courses/", EVERYONE, None, 200),
        "courses.new": ("GET", f"/courses/new?person={w['person']}", keepers, None, 200),
        "courses.edit": ("GET", f"/courses/{w['course']}/edit", keepers, None, 200),
        "courses.file": ("GET", f"/courses/{w['course']}/file", EVERYONE, None, 404),  # no scan attached
        "courses.gaps": ("GET", "/courses/gaps", EVERYONE, None, 200),
        "courses.summary": ("GET", "/courses/summary?year=2023", EVERYONE, None, 200),
        "courses.report_xlsx": ("GET", "/courses/report.xlsx?year=2023", EVERYONE, None, 200),
        "courses.provider_list": ("GET", "/courses/providers", {Role.ADMIN}, None, 200),
        "courses.provider_delete": ("POST", f"/courses/providers/{w['spare_provider']}/delete", {Role.ADMIN}, {}, 302),
        "courses.import_upload": ("GET", "/courses/import", keepers, None, 200),
        # The world's upload is a methodist's (no organisation): a school may not see it.
        "courses.import_preview": ("GET", f"/courses/import/{w['course_import']}", EDITORS, None, 200),
        "courses.import_row": ("POST", f"/courses/import/{w['course_import']}/rows/1", EDITORS,
                               {"choice": str(w["person"])}, 302),
        "courses.import_save": ("POST", f"/courses/import/{w['course_import']}", EDITORS, {}, 302),
        "courses.import_discard": ("POST", f"/courses/import/{w['course_import']}/delete", EDITORS, {}, 302),
        "courses.diagnostics": ("GET", "/courses/diagnostics", EVERYONE, None, 200),
        "courses.diagnostic_save": ("POST", f"/courses/diagnostics/{w['person']}", keepers, {"took": "1"}, 200),
        "courses.deficits": ("GET", "/courses/deficits", EVERYONE, None, 200),
        "courses.diagnostic_import_upload": ("GET", "/courses/diagnostics/import", keepers, None, 200),
        "courses.diagnostic_import_preview": ("GET", f"/courses/diagnostics/import/{w['diagnostic_import']}", EDITORS,
                                              None, 200),
        "courses.diagnostic_import_row": ("POST", f"/courses/diagnostics/import/{w['diagnostic_import']}/rows/1",
                                          EDITORS, {"choice": str(w["person"])}, 302),
        "courses.diagnostic_import_save": ("POST", f"/courses/diagnostics/import/{w['diagnostic_import']}", EDITORS,
                                           {}, 302),
        "courses.diagnostic_import_discard": ("POST", f"/courses/diagnostics/import/{w['diagnostic_import']}/delete",
                                              EDITORS, {}, 302),
        "courses.route": ("GET", f"/courses/routes/{w['person']}", EVERYONE, None, 200),
        "courses.step_add": ("POST", f"/courses/routes/{w['person']}/steps", keepers,
                             {"kind": "self", "text": "Самообразование", "deadline": "в течение года"}, 302),
        "courses.step_mark": ("POST", f"/courses/steps/{w['route_step']}/done", keepers, {"done": "1"}, 302),
        "courses.step_delete": ("POST", f"/courses/steps/{w['route_step']}/delete", keepers, {}, 302),
        "courses.area_list": ("GET", "/courses/areas", {Role.ADMIN}, None, 200),
        "courses.area_delete": ("POST", f"/courses/areas/{w['spare_area']}/delete", {Role.ADMIN}, {}, 302),
        "courses.delete": ("POST", f"/courses/{w['course']}/delete", keepers, {}, 302),
    }


def _indicator(programme_id) -> int:
    indicator = Indicator(programme_id=programme_id, number="1", name="Доля педагогов", unit="%", group="goal",
                          per_school=True)
    db.session.add(indicator)
    db.session.commit()
    return indicator.id


def indicator_routes(w):
    programme, indicator = w["programme"], w["indicator"]
    weights = {"weight_goal": "0.45", "weight_tasks": "0.35", "weight_activities": "0.2"}
    return {
        "indicators.table": ("GET", f"/plan/{programme}/indicators", EVERYONE, None, 200),
        "indicators.index": ("GET", f"/plan/{programme}/index?year=2023", EVERYONE, None, 200),
        "indicators.report": ("GET", f"/plan/{programme}/report?year=2023", EVERYONE, None, 200),
        "indicators.report_xlsx": ("GET", f"/plan/{programme}/report.xlsx?year=2023", EVERYONE, None, 200),
        "indicators.report_docx": ("GET", f"/plan/{programme}/report.docx?year=2023", EVERYONE, None, 200),
        "indicators.create": ("POST", f"/plan/{programme}/indicators", EDITORS,
                              {"name": "Новый показатель", "unit": "%", "group": "task"}, 302),
        "indicators.edit": ("GET", f"/plan/indicators/{indicator}/edit", EDITORS, None, 200),
        "indicators.value": ("POST", f"/plan/indicators/{indicator}/values/2023", EDITORS, {"target": "80"}, 200),
        "indicators.weights": ("POST", f"/plan/{programme}/index/weights", EDITORS, weights, 302),
        "indicators.school_values": ("GET", f"/plan/indicators/{indicator}/schools", EDITORS | {Role.HEAD}, None, 200),
        "indicators.school_value": ("POST", f"/plan/indicators/{indicator}/schools/{w['school']}/2023",
                                    EDITORS | {Role.SCHOOL}, {"count": "5", "total": "10"}, 200),
        "indicators.import_upload": ("GET", f"/plan/{programme}/indicators/import", EDITORS, None, 200),
        "indicators.import_preview": ("GET", f"/plan/{programme}/indicators/import/{w['indicator_import']}", EDITORS,
                                      None, 200),
        "indicators.import_row": ("POST", f"/plan/{programme}/indicators/import/{w['indicator_import']}/rows/1",
                                  EDITORS, {"choice": "keep"}, 302),
        "indicators.import_save": ("POST", f"/plan/{programme}/indicators/import/{w['indicator_import']}", EDITORS,
                                   {}, 302),
        "indicators.import_discard": ("POST", f"/plan/{programme}/indicators/import/{w['indicator_import']}/delete",
                                      EDITORS, {}, 302),
        "indicators.delete": ("POST", f"/plan/indicators/{indicator}/delete", EDITORS, {}, 302),
    }


def _plan_import() -> int:
    """An import in progress with one row, started by a methodist of no organisation (as the
    matrix's editors are)."""
    draft = PlanImport(filename="план.xlsx", title="Импортированная", start_year=2022, end_year=2024)
    draft.rows = [PlanImportRow(position=1, data={"kind": "activity", "title": "Семинар", "deadline": "май 2023",
                                                   "responsible": "", "participants": "centre", "people": {}})]
    db.session.add(draft)
    db.session.commit()
    return draft.id


def import_routes(w):
    draft = w["plan_import"]
    row = {"kind": "activity", "title": "Семинар", "participants": "centre", "depth": "1"}
    settings = {"target": "new", "title": "Импортированная", "start_year": "2022", "end_year": "2024"}
    return {
        "plan_import.upload": ("GET", "/plan/import", EDITORS, None, 200),
        "plan_import.preview": ("GET", f"/plan/import/{draft}", EDITORS, None, 200),
        "plan_import.row": ("GET", f"/plan/import/{draft}/rows/1", EDITORS, None, 302),
        "plan_import.row_edit": ("GET", f"/plan/import/{draft}/rows/1/edit", EDITORS, None, 200),
        "plan_import.row_save": ("POST", f"/plan/import/{draft}/rows/1", EDITORS, row, 302),
        "plan_import.save": ("POST", f"/plan/import/{draft}", EDITORS, settings, 302),
        "plan_import.discard": ("POST", f"/plan/import/{draft}/delete", EDITORS, {}, 302),
    }


# endpoint: (method, url, who may, form data for an allowed POST, status when allowed)
def routes(w):
    activity_form = {"title": "Новое", "deadline_text": "Ежегодно", "participants": "centre",
                     "version": str(w["version"]), "section_id": str(w["section"])}
    person_form = {"full_name": "Новый Педагог", "organisation_id": str(w["school"]), "category": "none"}
    return {
        "main.healthz": ("GET", "/healthz", "public", None, 200),
        "auth.login": ("GET", "/login", "public", None, 200),  # 302 to the home page once logged in
        "static": ("GET", "/static/app.css", "public", None, 200),
        "auth.logout": ("GET", "/logout", EVERYONE | EXPERT | LEADER, None, 200),
        "auth.account": ("GET", "/account", EVERYONE | LEADER, None, 200),
        "auth.users": ("GET", "/users", {Role.ADMIN}, None, 200),
        "auth.user_create": ("POST", "/users", {Role.ADMIN},
                             {"username": "newbie", "role": "head", "organisation_id": "0", "password": "password-1"}, 302),
        "auth.user_edit": ("GET", f"/users/{w['user']}/edit", {Role.ADMIN}, None, 200),
        "auth.user_password": ("POST", f"/users/{w['user']}/password", {Role.ADMIN}, {"password": "password-2"}, 302),
        "auth.user_active": ("POST", f"/users/{w['user']}/active", {Role.ADMIN}, {"active": "0"}, 302),
        "main.index": ("GET", "/", EVERYONE | EXPERT | LEADER, None, 302),
        "registry.organisations": ("GET", "/registry/organisations", EVERYONE, None, 200),
        "registry.import_upload": ("GET", "/registry/import", EDITORS | {Role.SCHOOL}, None, 200),
        # The world's upload is a methodist's: a school may not open it.
        "registry.import_preview": ("GET", f"/registry/import/{w['people_import']}", EDITORS, None, 200),
        "registry.import_row_edit": ("GET", f"/registry/import/{w['people_import']}/rows/1/edit", EDITORS, None, 200),
        "registry.import_row": ("POST", f"/registry/import/{w['people_import']}/rows/1", EDITORS, {"choice": "new"},
                                302),
        "registry.import_save": ("POST", f"/registry/import/{w['people_import']}", EDITORS, {}, 302),
        "registry.import_discard": ("POST", f"/registry/import/{w['people_import']}/delete", EDITORS, {}, 302),
        "registry.organisation": ("GET", f"/registry/organisations/{w['org']}", EVERYONE, None, 302),
        "registry.organisation_edit": ("GET", f"/registry/organisations/{w['org']}/edit", EDITORS, None, 200),
        "registry.organisation_create": ("POST", "/registry/organisations", EDITORS,
                                         {"name": "Лицей", "short_name": "Лицей № 1", "kind": "lyceum"}, 200),
        "registry.organisation_update": ("POST", f"/registry/organisations/{w['org']}", EDITORS,
                                         {"name": "Школа", "short_name": "СОШ № 1А", "kind": "school"}, 302),
        "registry.people": ("GET", "/registry/people", EVERYONE, None, 200),
        "registry.person": ("GET", f"/registry/people/{w['person']}", EVERYONE, None, 200),
        "registry.person_edit": ("GET", f"/registry/people/{w['person']}/edit", EDITORS | {Role.SCHOOL}, None, 200),
        "registry.person_create": ("POST", "/registry/people", EDITORS | {Role.SCHOOL}, person_form, 200),
        "registry.person_update": ("POST", f"/registry/people/{w['person']}", EDITORS | {Role.SCHOOL},
                                   person_form, 302),
        # Names while typing — also in the leader's plan of work (its responsible people); every plan.*
        # route below is the municipality's programme, which the leader may not open.
        "registry.pick": ("GET", "/registry/people/pick?field=mentor_id&scope=registry&mentor_id-q=Учит",
                          EVERYONE | LEADER, None, 200),
        "plan.index": ("GET", "/plan/", EVERYONE, None, 200),
        "marks.my": ("GET", "/my", EVERYONE, None, 200),
        "marks.mark": ("POST", "/marks", EDITORS | {Role.SCHOOL},
                       {"occurrence_id": str(w["occurrence"]), "organisation_id": str(w["school"]), "quick": "done"}, 302),
        "marks.fields": ("GET", f"/marks/fields?occurrence_id={w['occurrence']}&organisation_id={w['school']}",
                         EDITORS | {Role.SCHOOL}, None, 200),
        "marks.mark_file": ("GET", f"/marks/{w['mark']}/file", EVERYONE, None, 404),  # allowed; this mark has no file
        "plan.programme": ("GET", f"/plan/{w['programme']}", EVERYONE, None, 200),
        "approval.approve": ("GET", f"/plan/{w['programme']}/approve", {Role.HEAD, Role.ADMIN}, None, 200),
        "approval.changes": ("GET", f"/plan/{w['programme']}/changes", EVERYONE, None, 200),
        "approval.changes_order": ("GET", f"/plan/{w['programme']}/changes/order", EVERYONE, None, 200),
        "approval.changes_order_docx": ("GET", f"/plan/{w['programme']}/changes/order.docx", EVERYONE, None, 200),
        "audit.log": ("GET", "/audit", EDITORS, None, 200),
        "exports.print_plan": ("GET", f"/plan/{w['programme']}/print", EVERYONE, None, 200),
        "exports.plan_xlsx": ("GET", f"/plan/{w['programme']}/export.xlsx", EVERYONE, None, 200),
        "exports.plan_docx": ("GET", f"/plan/{w['programme']}/plan.docx", EVERYONE, None, 200),
        "exports.passport_docx": ("GET", f"/plan/{w['programme']}/passport.docx", EVERYONE, None, 200),
        "exports.matrix_xlsx": ("GET", f"/plan/{w['programme']}/matrix.xlsx", EVERYONE, None, 200),
        "events.index": ("GET", "/events/", EVERYONE, None, 200),
        "events.calendar_view": ("GET", "/events/calendar?month=2100-03", EVERYONE, None, 200),
        "events.new": ("GET", "/events/new", EDITORS, None, 200),
        "events.edit": ("GET", f"/events/{w['event']}/edit", EDITORS, None, 200),
        "events.detail": ("GET", f"/events/{w['event']}", EVERYONE, None, 200),
        "events.register": ("POST", f"/events/{w['event']}/registrations", EDITORS | {Role.SCHOOL},
                            {"person_id": str(w["person"])}, 302),
        "events.withdraw": ("POST", f"/events/{w['event']}/registrations/{w['booked']}/delete", EDITORS | {Role.SCHOOL},
                            {}, 302),
        "events.attendance": ("POST", f"/events/{w['past']}/registrations/{w['came']}/attendance", EDITORS,
                              {"attended": "1"}, 302),
        "events.attendance_all": ("POST", f"/events/{w['past']}/attendance/all", EDITORS, {}, 302),
        "events.feedback": ("POST", f"/events/{w['past']}/feedback", EDITORS,
                            {"feedback_summary": "Удовлетворены все", "satisfied_count": "1"}, 302),
        "events.add_material": ("POST", f"/events/{w['event']}/materials", EDITORS,
                                {"title": "Запись", "url": "https://example.org/r"}, 302),
        "events.material_file": ("GET", f"/events/materials/{w['material']}", EVERYONE, None, 404),  # a link, no file
        "events.signin_sheet": ("GET", f"/events/{w['event']}/participants.xlsx", EDITORS | {Role.HEAD}, None, 200),
        "events.attendance_sheet": ("GET", f"/events/{w['event']}/attendance.xlsx", EDITORS | {Role.HEAD}, None, 200),
        "events.person_history": ("GET", f"/events/people/{w['person']}/history.xlsx", EVERYONE, None, 200),
        "events.certificates": ("GET", f"/events/{w['past']}/certificates", EVERYONE, None, 200),
        "events.set_status": ("POST", f"/events/{w['past']}/status", EDITORS, {"status": "held"}, 302),
        "events.format_list": ("GET", "/events/formats", {Role.ADMIN}, None, 200),
        "events.format_delete": ("POST", f"/events/formats/{w['spare']}/delete", {Role.ADMIN}, {}, 302),
        "events.delete": ("POST", f"/events/{w['event']}/delete", EDITORS, {}, 302),
        "plan.summary": ("GET", f"/plan/{w['programme']}/summary", EVERYONE, None, 200),
        "plan.activity_matrix": ("GET", f"/plan/activities/{w['activity']}/matrix", EVERYONE, None, 200),
        "plan.section_matrix": ("GET", f"/plan/sections/{w['section']}/matrix", EVERYONE, None, 200),
        "plan.passport": ("GET", f"/plan/{w['programme']}/passport", EVERYONE, None, 200),
        "plan.programme_new": ("GET", "/plan/new", EDITORS, None, 200),
        "plan.passport_edit": ("GET", f"/plan/{w['programme']}/passport/edit", EDITORS, None, 200),
        "plan.section_create": ("POST", f"/plan/{w['programme']}/sections", EDITORS,
                                {"title": "Новый раздел", "parent_id": "0"}, 302),
        "plan.section": ("GET", f"/plan/sections/{w['section']}", EVERYONE, None, 302),
        "plan.section_edit": ("GET", f"/plan/sections/{w['section']}/edit", EDITORS, None, 200),
        "plan.section_update": ("POST", f"/plan/sections/{w['section']}", EDITORS, {"title": "Переименован"}, 302),
        "plan.section_move": ("POST", f"/plan/sections/{w['section']}/move", EDITORS, {"direction": "down"}, 302),
        "plan.section_delete": ("POST", f"/plan/sections/{w['section']}/delete", EDITORS, {}, 302),
        "plan.activity_new": ("GET", f"/plan/sections/{w['section']}/activities/new", EDITORS, None, 200),
        "plan.activity_create": ("POST", f"/plan/sections/{w['section']}/activities", EDITORS, activity_form, 302),
        "plan.activity": ("GET", f"/plan/activities/{w['activity']}", EVERYONE, None, 302),
        "plan.activity_edit": ("GET", f"/plan/activities/{w['activity']}/edit", EDITORS, None, 200),
        "plan.activity_update": ("POST", f"/plan/activities/{w['activity']}", EDITORS, activity_form, 302),
        "plan.next_period": ("GET", f"/plan/{w['programme']}/next", EDITORS, None, 200),
        "plan.row_action": ("POST", "/plan/rows", EDITORS, {"do": f"{w['activity']} down"}, 302),
        "plan.activity_move": ("POST", f"/plan/activities/{w['activity']}/move", EDITORS, {"direction": "down"}, 302),
        "plan.activity_delete": ("POST", f"/plan/activities/{w['activity']}/delete", EDITORS, {}, 302),
        **competition_routes(w),
        **mentoring_routes(w),
        **import_routes(w),
        **course_routes(w),
        **indicator_routes(w),
        **region_routes(w),
        **invitation_routes(w),
        **staff_routes(w),
    }


def staff_routes(w):
    """Vacancies: schools keep their own, methodists every school's and the monitoring snapshots."""
    keepers = EDITORS | {Role.SCHOOL}
    vacancy = {"position": "учитель", "subject": "химия", "load_rates": "1", "organisation_id": str(w["school"])}
    return {
        "associations.index": ("GET", "/associations/", keepers | {Role.HEAD} | LEADER, None, 200),
        "associations.new": ("GET", "/associations/new", keepers, None, 200),
        "associations.association": ("GET", f"/associations/{w['association']}", keepers | {Role.HEAD} | LEADER, None,
                                     200),
        # The world's РМО: a coordinator adds their teachers to it, but its meetings are the centre's.
        "associations.meeting_add": ("POST", f"/associations/{w['association']}/meetings", EDITORS | LEADER,
                                     {"topic": "Заседание матрицы", "day": "2024-01-15", "starts": "14:00",
                                      "ends": "15:30", "place": ""}, 302),
        "associations.meeting": ("GET", f"/associations/meetings/{w['meeting']}", EDITORS | LEADER, None, 200),
        "campaigns.index": ("GET", "/campaigns/", EVERYONE, None, 200),
        "campaigns.new": ("GET", "/campaigns/new", EDITORS, None, 200),
        "campaigns.board": ("GET", f"/campaigns/{w['campaign']}", EDITORS | {Role.HEAD}, None, 200),
        "campaigns.report": ("GET", f"/campaigns/{w['campaign']}/schools/{w['school']}", EVERYONE, None, 200),
        "campaigns.save_figures": ("POST", f"/campaigns/{w['campaign']}/schools/{w['school']}/figures", {Role.SCHOOL},
                                   {"form": f"free-{w['campaign_table']}", "v-0": "3"}, 302),
        "campaigns.submit": ("POST", f"/campaigns/{w['campaign']}/schools/{w['school']}/submit", {Role.SCHOOL},
                             None, 302),
        "campaigns.accept": ("POST", f"/campaigns/{w['campaign']}/reports/{w['school_report']}/accept", EDITORS,
                             None, 302),
        "campaigns.return_report": ("POST", f"/campaigns/{w['campaign']}/reports/{w['school_report']}/return",
                                    EDITORS, {"comment": "Проверьте"}, 302),
        "campaigns.reopen": ("POST", f"/campaigns/{w['campaign']}/reports/{w['school_report']}/reopen", EDITORS,
                             None, 302),
        "campaigns.close": ("POST", f"/campaigns/{w['campaign']}/close", EDITORS, {"closed": "0"}, 302),
        "campaigns.consolidated": ("GET", f"/campaigns/{w['campaign']}/consolidated", EDITORS | {Role.HEAD}, None, 200),
        "campaigns.consolidated_xlsx": ("GET", f"/campaigns/{w['campaign']}/consolidated.xlsx", EDITORS | {Role.HEAD},
                                        None, 200),
        # The РМО's plan of work for this school year: made by the centre's people and its leader.
        "associations.plan_new": ("POST", f"/associations/{w['association']}/plans", EDITORS | LEADER,
                                  {"year": str(school_year_of(date.today()))}, 302),
        "associations.meeting_attendance": ("POST", f"/associations/meetings/{w['meeting']}", EDITORS | LEADER,
                                            {"attended": str(w["meeting_registration"])}, 302),
        "associations.participation_page": ("GET", "/associations/participation", EDITORS | {Role.HEAD}, None, 200),
        "associations.network": ("GET", "/associations/network", keepers | {Role.HEAD}, None, 200),
        "associations.participation_add": ("POST", "/associations/network/participations", keepers,
                                           {"person_id": str(w["person"]), "event_title": "Чтения матрицы",
                                            "level": "regional", "held_on": "2024-01-10", "role": "expert"}, 302),
        "associations.participation_delete": ("POST",
                                              f"/associations/network/participations/{w['network_event']}/delete",
                                              keepers, {}, 302),
        "associations.publication_add": ("POST", "/associations/network/publications", keepers,
                                         {"person_id": str(w["person"]), "title": "Статья матрицы", "year": "2024"}, 302),
        "associations.publication_delete": ("POST", f"/associations/network/publications/{w['publication']}/delete",
                                            keepers, {}, 302),
        "associations.reports": ("GET", "/associations/reports", keepers | {Role.HEAD}, None, 200),
        "associations.reports_xlsx": ("GET", "/associations/reports.xlsx", keepers | {Role.HEAD}, None, 200),
        # The world's РМО is the centre's: a coordinator keeps their school's ШМО, not it.
        "associations.edit": ("GET", f"/associations/{w['association']}/edit", EDITORS, None, 200),
        "associations.member_add": ("POST", f"/associations/{w['association']}/members", keepers,
                                    {"person_id": str(w["colleague"]), "role": "participant",
                                     "joined_on": "2024-01-10"}, 302),
        "associations.member_leave": ("POST", f"/associations/members/{w['membership']}/leave", keepers,
                                      {f"leave-{w['membership']}-left_on": "2024-01-31"}, 302),
        "associations.appointment_add": ("POST", f"/associations/{w['association']}/appointments", EDITORS,
                                         {"person_id": str(w["colleague"]), "post": "tutor", "order_number": "12",
                                          "order_date": "2024-01-10", "starts_on": "2024-01-10"}, 302),
        "associations.appointment_delete": ("POST", f"/associations/appointments/{w['appointment']}/delete", EDITORS,
                                            {}, 302),
        "associations.order": ("GET", "/associations/orders", EDITORS | {Role.HEAD}, None, 200),
        "associations.delete": ("POST", f"/associations/{w['spare_association']}/delete", EDITORS, {}, 302),
        "staff.vacancies": ("GET", "/staff/vacancies", keepers | {Role.HEAD}, None, 200),
        "staff.vacancy_create": ("POST", "/staff/vacancies", keepers, vacancy, 302),
        "staff.vacancy_close": ("POST", f"/staff/vacancies/{w['vacancy']}/close", keepers,
                                {"outcome": "cancelled", "closed_on": "2024-01-10"}, 302),
        "staff.snapshot_take": ("POST", "/staff/vacancies/snapshots", EDITORS, {}, 302),
        "staff.snapshot": ("GET", f"/staff/vacancies/snapshots/{w['vacancy_snapshot']}", EDITORS | {Role.HEAD},
                           None, 200),
        "staff.reserve": ("GET", "/staff/reserve", keepers | {Role.HEAD}, None, 200),
        "staff.nominate": ("POST", "/staff/reserve", keepers,
                           {"person_id": str(w["person"]), "reason": "Победитель конкурса", "nominated_on": "2024-01-10"},
                           302),
        "staff.reserve_remove": ("POST", f"/staff/reserve/{w['reserve_member']}/remove", keepers, {}, 302),
        "staff.work": ("GET", f"/staff/people/{w['person']}/work", keepers, None, 200),
        "staff.hire": ("POST", f"/staff/people/{w['person']}/work", keepers,
                       {"organisation_id": str(w["school"]), "position": "учитель", "category": "teacher",
                        "main_job": "y", "started_on": "2024-01-09"}, 302),
        "staff.leave": ("POST", f"/staff/work/{w['employment']}/leave", keepers,
                        {f"leave-{w['employment']}-left_on": "2024-01-10",
                         f"leave-{w['employment']}-leave_reason": "dismissal"}, 302),
        "staff.movement_page": ("GET", "/staff/movement?from=2023-09-01&to=2024-08-31", keepers, None, 200),
        "staff.movement_xlsx": ("GET", "/staff/movement.xlsx?from=2023-09-01&to=2024-08-31", keepers, None, 200),
        "staff.numbers": ("GET", "/staff/numbers?on=2024-01-10", keepers | {Role.HEAD}, None, 200),
        "staff.numbers_xlsx": ("GET", "/staff/numbers.xlsx?on=2024-01-10", keepers | {Role.HEAD}, None, 200),
        "staff.numbers_settings": ("POST", "/staff/numbers/settings", {Role.ADMIN},
                                   {"pension_age_women": "59", "pension_age_men": "64"}, 302),
    }


def invitation_routes(w):
    """Accounts in bulk with invitations: a municipality's methodists and administrator; the link is public
    (first: the invitation made later in the walk replaces the world's)."""
    keepers = {Role.METHODIST, Role.ADMIN}
    return {
        "invitations.accept": ("GET", f"/invite/{w['invitation']}", "public", None, 200),
        "invitations.index": ("GET", "/invitations/", keepers, None, 200),
        "invitations.printable": ("GET", "/invitations/print", keepers, None, 200),
        "invitations.for_schools": ("POST", "/invitations/schools", keepers, {"organisation": str(w["school"])}, 302),
        # (the world's account is in use: a new invitation resets its password — the administrator's)
        "invitations.for_user": ("POST", f"/invitations/users/{w['user']}", {Role.ADMIN}, {}, 302),
        "invitations.for_people": ("POST", "/invitations/people", keepers, {"people": str(w["person"]), "role": "school"},
                                   302),
    }


REGION = {Role.REGION_METHODIST, Role.REGION_ADMIN}


def region_routes(w):
    """The region's pages: its accounts only (tests/test_region.py tries them as those)."""
    new = {"name": "Новый район", "short_name": "Новый р-н", "admin_username": "novy-admin",
           "admin_password": "password-9"}
    return {
        "region.index": ("GET", "/region/", REGION, None, 200),
        "region.view": ("GET", "/region/view/1?next=/plan/", REGION, None, 302),
        "region.leave": ("GET", "/region/leave", REGION, None, 302),
        "region.plan_figures": ("GET", "/region/plan-figures/1?year=2023", REGION, None, 200),
        "region.courses": ("GET", "/region/courses?year=2023", REGION, None, 200),
        "region.courses_xlsx": ("GET", "/region/courses.xlsx?year=2023", REGION, None, 200),
        "region.competitions": ("GET", "/region/competitions?year=2023", REGION, None, 200),
        "region.competitions_xlsx": ("GET", "/region/competitions.xlsx?year=2023", REGION, None, 200),
        "region.mentors": ("GET", "/region/mentors?year=2023", REGION, None, 200),
        "region.mentors_xlsx": ("GET", "/region/mentors.xlsx?year=2023", REGION, None, 200),
        "region.municipalities": ("GET", "/region/municipalities", {Role.REGION_ADMIN}, None, 200),
        "region.municipality_create": ("POST", "/region/municipalities", {Role.REGION_ADMIN}, new, 302),
    }


def mentoring_routes(w):
    keepers = EDITORS | {Role.SCHOOL}
    pair, step = w["pair"], w["step"]
    return {
        "mentoring.index": ("GET", "/mentoring/", EVERYONE, None, 200),
        "mentoring.summary": ("GET", "/mentoring/summary", EVERYONE, None, 200),
        "mentoring.pairs": ("GET", "/mentoring/pairs", EVERYONE, None, 200),
        "mentoring.pairs_xlsx": ("GET", "/mentoring/pairs.xlsx", EVERYONE, None, 200),
        "mentoring.pair_new": ("GET", f"/mentoring/pairs/new?mentee={w['mentee']}", keepers, None, 200),
        "mentoring.pair_edit": ("GET", f"/mentoring/pairs/{pair}/edit", keepers, None, 200),
        "mentoring.pair": ("GET", f"/mentoring/pairs/{pair}", EVERYONE, None, 200),
        "mentoring.pair_status": ("POST", f"/mentoring/pairs/{pair}/status", keepers, {"status": "active"}, 302),
        "mentoring.step_create": ("POST", f"/mentoring/pairs/{pair}/steps", keepers,
                                  {"text": "Открытый урок", "deadline_text": "март 2031"}, 302),
        "mentoring.step": ("GET", f"/mentoring/steps/{step}", EVERYONE, None, 302),
        "mentoring.step_edit": ("GET", f"/mentoring/steps/{step}/edit", keepers, None, 200),
        "mentoring.step_update": ("POST", f"/mentoring/steps/{step}", keepers,
                                  {"text": "Посещение и анализ уроков", "deadline_text": "ноябрь 2030", "version": "1"},
                                  302),
        "mentoring.step_done": ("POST", f"/mentoring/steps/{step}/done", keepers, {"done": "1"}, 302),
        "mentoring.step_delete": ("POST", f"/mentoring/steps/{step}/delete", keepers, {}, 302),
        "mentoring.mentors": ("GET", "/mentoring/mentors", EVERYONE, None, 200),
        "mentoring.mentor": ("GET", f"/mentoring/mentors/{w['mentor']}", EVERYONE, None, 302),
        "mentoring.mentor_edit": ("GET", f"/mentoring/mentors/{w['mentor']}/edit", keepers, None, 200),
        "mentoring.mentor_update": ("POST", f"/mentoring/mentors/{w['mentor']}", keepers,
                                    {"courses_in_region": "y"}, 302),
        "mentoring.preparation_xlsx": ("GET", "/mentoring/mentors.xlsx", EVERYONE, None, 200),
        "mentoring.survey_enter": ("GET", f"/mentoring/pairs/{pair}/survey/{w['mentee']}", keepers, None, 200),
        "mentoring.survey_link": ("POST", f"/mentoring/pairs/{pair}/survey/{w['mentor']}/link", keepers, {}, 200),
        "mentoring.survey": ("GET", f"/mentoring/s/{w['link']}", "public", None, 200),
        "mentoring.form_list": ("GET", "/mentoring/forms", {Role.ADMIN}, None, 200),
        "mentoring.form_delete": ("POST", f"/mentoring/forms/{w['spare_form']}/delete", {Role.ADMIN}, {}, 302),
        "mentoring.question_list": ("GET", "/mentoring/questions", {Role.ADMIN}, None, 200),
        "mentoring.question_delete": ("POST", f"/mentoring/questions/{w['spare_question']}/delete", {Role.ADMIN},
                                      {}, 302),
        "mentoring.pair_delete": ("POST", f"/mentoring/pairs/{pair}/delete", keepers, {"confirm": "yes"}, 302),
    }


def competition_routes(w):
    c, entry = w["contest"], w["entry"]
    readers = EVERYONE | EXPERT
    return {
        "competitions.index": ("GET", "/competitions/", readers, None, 200),
        "competitions.new": ("GET", "/competitions/new", EDITORS | {Role.SCHOOL}, None, 200),
        "competitions.edit": ("GET", f"/competitions/{c}/edit", EDITORS, None, 200),
        "competitions.detail": ("GET", f"/competitions/{c}", readers, None, 200),
        "competitions.regulations": ("GET", f"/competitions/{c}/regulations", readers, None, 404),  # no file
        "competitions.kind_list": ("GET", "/competitions/kinds", {Role.ADMIN}, None, 200),
        "competitions.kind_delete": ("POST", f"/competitions/kinds/{w['kind']}/delete", {Role.ADMIN}, {}, 302),
        "competitions.entry_create": ("POST", f"/competitions/{w['outside']}/entries", EDITORS | {Role.SCHOOL},
                                      {"people": str(w["candidate"]), "result": "participant"}, 302),
        "competitions.entry_material": ("POST", f"/competitions/entries/{entry}/materials", EDITORS | {Role.SCHOOL},
                                        {"title": "Конспект", "url": "https://example.org/lesson"}, 302),
        "competitions.material_file": ("GET", f"/competitions/materials/{w['entry_material']}", readers, None, 404),
        "competitions.entry_resubmit": ("POST", f"/competitions/entries/{w['returned_entry']}/resubmit",
                                        EDITORS | {Role.SCHOOL}, {}, 302),
        "competitions.entry_return": ("POST", f"/competitions/entries/{entry}/return", EDITORS,
                                      {"reason": "Нет эссе"}, 302),
        "competitions.entry_accept": ("POST", f"/competitions/entries/{entry}/accept", EDITORS, {}, 302),
        "competitions.entry_outcome": ("POST", f"/competitions/entries/{w['outside_entry']}/outcome",
                                       EDITORS | {Role.SCHOOL}, {"stage_reached": "regional", "result": "prize"}, 302),
        "competitions.entry_delete": ("POST", f"/competitions/entries/{w['outside_entry']}/delete",
                                      EDITORS | {Role.SCHOOL}, {}, 302),
        "competitions.jury_add": ("POST", f"/competitions/{c}/jury", EDITORS, {"name": "Внешний Эксперт"}, 302),
        "competitions.jury_delete": ("POST", f"/competitions/jury/{w['spare_juror']}/delete", EDITORS, {}, 302),
        "competitions.criterion_add": ("POST", f"/competitions/{c}/criteria", EDITORS,
                                       {"name": "Эссе", "max_score": "5"}, 302),
        "competitions.criterion_delete": ("POST", f"/competitions/criteria/{w['spare_criterion']}/delete", EDITORS,
                                          {}, 302),
        "competitions.sheet": ("GET", f"/competitions/{c}/sheet", EDITORS | {Role.HEAD} | EXPERT, None, 200),
        "competitions.score": ("POST", f"/competitions/{c}/scores", EDITORS | EXPERT,
                               {f"s-{entry}-{w['criterion']}": "7"}, 302),
        "competitions.ranking_view": ("GET", f"/competitions/{c}/ranking", EDITORS | {Role.HEAD}, None, 200),
        "competitions.protocol": ("GET", f"/competitions/{c}/protocol", EDITORS | {Role.HEAD}, None, 200),
        "competitions.protocol_docx": ("GET", f"/competitions/{c}/protocol.docx", EDITORS | {Role.HEAD}, None, 200),
        "competitions.results": ("POST", f"/competitions/{c}/results", EDITORS, {}, 302),
        "competitions.diplomas": ("GET", f"/competitions/{c}/diplomas", readers, None, 302),  # not published yet
        "competitions.report": ("GET", "/competitions/report", EVERYONE, None, 200),
        "competitions.report_xlsx": ("GET", "/competitions/report.xlsx", EVERYONE, None, 200),
        "competitions.summary": ("GET", "/competitions/summary", EDITORS | {Role.HEAD}, None, 200),
        "competitions.staff_set": ("POST", "/competitions/staff", EDITORS,
                                   {"year": str(school_year_of(date.today())), "organisation_id": str(w["school"]),
                                    "count": "30"}, 302),
        "competitions.forward": ("POST", f"/competitions/{w['regional']}/forward", EDITORS,
                                 {"entry": str(w["winner_entry"])}, 302),
        "competitions.set_status": ("POST", f"/competitions/{c}/status", EDITORS, {"status": "scoring"}, 302),
        "competitions.delete": ("POST", f"/competitions/{w['spare_contest']}/delete", EDITORS, {}, 302),
    }


def snapshot(app):
    with app.app_context():
        return {t.name: db.session.execute(text(f"SELECT * FROM {t.name} ORDER BY 1")).all()
                for t in db.metadata.sorted_tables if t.name not in ("login_sessions", "login_failures")}


def test_every_route_is_in_the_matrix(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    listed = set(routes(defaultdict(lambda: 1)))
    assert endpoints == listed


@pytest.mark.parametrize("role", ROLES)
def test_role_route_matrix(app, world, actor, role):
    """The school user belongs to the teacher's school, so they may keep that teacher."""
    from tests.conftest import Actor
    if role == "anonymous":
        who = Actor(app.test_client(), None)
    else:
        from app.registry.models import Organisation
        with app.app_context():
            school = db.session.get(Organisation, world["school"])
            db.session.expunge(school)
        who = actor(role, organisation=school if role == Role.SCHOOL else None)
        if role == Role.EXPERT:  # the expert sits on the jury of the world's competition
            with app.app_context():
                db.session.add(JuryMember(competition_id=world["contest"], user_id=who.user_id, name="Эксперт"))
                db.session.commit()
        if role == Role.ASSOCIATION_LEADER:  # the leader's account is the world's teacher, appointed leader
            with app.app_context():
                db.session.get(User, who.user_id).person_id = world["person"]
                db.session.commit()
    for endpoint in list(routes(world)):
        method, url, allowed, data, ok_status = routes(world)[endpoint]  # ids may change after a delete
        before = snapshot(app)
        if method == "GET":
            response = who.get(url)
        elif role == "anonymous":
            response = who.client.post(url, data=data or {})
        else:
            response = who.post(url, data=data or {})
        if endpoint == "auth.login" and role != "anonymous":
            ok_status = 302
        if allowed == "public" or (role != "anonymous" and role in allowed):
            assert response.status_code == ok_status, (endpoint, role, response.get_data(as_text=True)[:500])
            if method == "POST":
                world.update(_recreate_if_deleted(app, world))
        else:
            expected = (302 if method == "GET" else 401) if role == "anonymous" else 403
            assert response.status_code == expected, (endpoint, role)
            assert snapshot(app) == before, (endpoint, role)


def _recreate_if_deleted(app, world):
    """After an allowed delete, later routes in the loop still need a section and an activity."""
    with app.app_context():
        section = db.session.get(Section, world["section"])
        if section is None:
            section = Section(programme_id=world["programme"], title="Раздел", position=9)
            db.session.add(section)
            db.session.flush()
        activity = db.session.get(Activity, world["activity"])
        if activity is None:
            activity = Activity(section_id=section.id, title="Мероприятие", position=0)
            db.session.add(activity)
        db.session.commit()
        draft = world["plan_import"] if db.session.get(PlanImport, world["plan_import"]) else _plan_import()
        courses = _courses(world["school"], world["person"], world["course"], world["spare_provider"])
        indicator = world["indicator"] if db.session.get(Indicator, world["indicator"]) else _indicator(world["programme"])
        return dict(section=section.id, activity=activity.id, version=activity.version, plan_import=draft,
                    indicator=indicator, indicator_import=_indicator_import(world["programme"]), **courses,
                    **_associations(world["school"], world["person"]))


def test_school_user_cannot_touch_another_schools_teacher(app, actor, make_org):
    mine, other = make_org("СОШ № 1"), make_org("СОШ № 2")
    with app.app_context():
        stranger = Person(full_name="Чужой Педагог", organisation_id=other.id)
        db.session.add(stranger)
        db.session.commit()
        stranger_id = stranger.id
    school = actor(Role.SCHOOL, organisation=mine)
    before = snapshot(app)
    assert school.get(f"/registry/people/{stranger_id}/edit").status_code == 403
    response = school.post(f"/registry/people/{stranger_id}",
                           data={"full_name": "Переименован", "organisation_id": str(mine.id), "category": "none"})
    assert response.status_code == 403
    # Adding a teacher to another school is refused too: that school is not a choice.
    response = school.post("/registry/people", htmx=True,
                           data={"full_name": "Подкидыш", "organisation_id": str(other.id), "category": "none"})
    assert response.status_code == 422
    assert snapshot(app) == before
    assert "Чужой Педагог" not in school.get("/registry/people").get_data(as_text=True)
