"""Demo vacancies: a few open in the schools, one filled, and June's monitoring snapshot, so the
vacancies page and its comparison have something to show."""
from datetime import date, datetime

from sqlalchemy import select

from app.clock import today
from app.extensions import db
from app.registry.models import Organisation, OrgKind
from app.staff.models import Vacancy, VacancySnapshot, VacancyStatus

OPEN = [("СОШ № 1", "учитель", "математика", 1.5, "высшее педагогическое", "подготовка к ОГЭ и ЕГЭ"),
        ("СОШ № 3", "учитель", "английский язык", 1.0, "высшее, лингвистика", ""),
        ("СОШ № 5", "педагог-психолог", "", 0.5, "высшее психолого-педагогическое", ""),
        ("СОШ № 7", "учитель", "математика", 1.0, "высшее педагогическое", "классное руководство"),
        ("СОШ № 9", "учитель", "начальные классы", 1.0, "среднее профессиональное или высшее", "")]


def add_demo_vacancies() -> int:
    schools = {o.short_name: o for o in db.session.scalars(
        select(Organisation).where(Organisation.kind.not_in(OrgKind.NOT_SCHOOLS)))}
    made = []
    for short, position, subject, rates, education, skills in OPEN:
        if short in schools:
            made.append(Vacancy(organisation_id=schools[short].id, position=position, subject=subject,
                                load_rates=rates, education=education, extra_skills=skills,
                                needed_from=date(today().year + (today().month >= 9), 1 if today().month >= 9 else 9, 1),
                                created_at=datetime.now()))
    if "СОШ № 2" in schools:
        made.append(Vacancy(organisation_id=schools["СОШ № 2"].id, position="учитель", subject="физика", load_rates=1,
                            education="высшее педагогическое", status=VacancyStatus.FILLED,
                            closed_on=date(today().year, 8, 28) if today().month >= 9 else today(),
                            created_at=datetime.now()))
    db.session.add_all(made)
    june = date(today().year if today().month >= 6 else today().year - 1, 6, 20)
    db.session.add(VacancySnapshot(taken_on=june, taken_at=datetime.combine(june, datetime.min.time()), rows=[
        {"school": "СОШ № 1", "position": "учитель", "subject": "математика", "load_rates": 1.5, "needed_from": ""},
        {"school": "СОШ № 2", "position": "учитель", "subject": "физика", "load_rates": 1.0, "needed_from": ""},
        {"school": "СОШ № 5", "position": "педагог-психолог", "subject": "", "load_rates": 0.5, "needed_from": ""}]))
    return len(made)


def add_demo_employment() -> int:
    """The demo teachers' dates of birth and their work at their schools (from the day they started
    teaching); two of them hired this school year and one left — «Принятые и выбывшие» has rows."""
    from datetime import timedelta

    from app.registry.models import Person
    from app.staff.models import Employment, LeaveReason, StaffCategory

    teachers = db.session.scalars(select(Person).join(Organisation).where(
        Organisation.kind.not_in(OrgKind.NOT_SCHOOLS), Person.position == "учитель").order_by(Person.id)).all()
    school_year_start = date(today().year if today().month >= 9 else today().year - 1, 9, 1)
    jobs = []
    for n, person in enumerate(teachers):
        started = person.teaching_since or date(2010, 9, 1)
        person.birth_date = date(started.year - 22 - n % 5, 1 + n % 12, 1 + n % 28)
        if n % 9 == 3:  # came this school year
            started = school_year_start + timedelta(days=n % 40)
        jobs.append(Employment(person_id=person.id, organisation_id=person.organisation_id, position="учитель",
                               category=StaffCategory.TEACHER, main_job=n % 11 != 5, started_on=min(started, today()),
                               created_at=datetime.now()))
    if len(jobs) > 7:
        jobs[7].left_on, jobs[7].leave_reason = school_year_start + timedelta(days=20), LeaveReason.TRANSFER
    db.session.add_all(jobs)
    return len(jobs)


def add_demo_reserve() -> int:
    """Two teachers in the reserve of teacher-leaders (their courses and competitions come from the demo)."""
    from app.registry.models import Person
    from app.staff.models import ReserveMember

    teachers = db.session.scalars(select(Person).join(Organisation).where(
        Organisation.kind.not_in(OrgKind.NOT_SCHOOLS), Person.position == "учитель").order_by(Person.id).limit(12)).all()
    chosen = [(teachers[0], "Победитель муниципального этапа «Учитель года», руководитель ШМО"),
              (teachers[9], "Наставник молодых педагогов, эксперт ОГЭ")] if len(teachers) > 9 else []
    db.session.add_all(ReserveMember(person_id=p.id, organisation_id=p.organisation_id, reason=reason,
                                     nominated_on=date(today().year, 6, 1) if today().month >= 6 else today(),
                                     created_at=datetime.now()) for p, reason in chosen)
    return len(chosen)
