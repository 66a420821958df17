"""Demo associations: the district's РМО seed 000 implies (a subject's teachers in each), the
«Школа молодого учителя» with the young specialists, one school's ШМО, and the leaders appointed
by the centre's order of this school year."""
from datetime import date, datetime

from sqlalchemy import select

from app.associations.models import Appointment, Association, Kind, Level, Membership, MemberRole, Post
from app.auth.models import Role, User
from app.clock import school_year_of, today
from app.extensions import db
from app.registry.models import Organisation, OrgKind, Person

RMO = [("РМО учителей математики", "математика"), ("РМО учителей русского языка и литературы", "русский язык"),
       ("РМО учителей начальных классов", "начальные классы"), ("РМО учителей истории и обществознания", "история"),
       ("РМО учителей физики", "физика"), ("РМО учителей биологии", "биология"),
       ("РМО учителей информатики", "информатика")]


def add_demo_associations() -> int:
    centre = db.session.scalar(select(Organisation).where(Organisation.kind == OrgKind.CENTRE))
    if centre is None:
        return 0
    year = school_year_of(today())
    first_september = date(year, 9, 1)
    order_date = date(year, 9, 5)
    teachers = list(db.session.scalars(select(Person).join(Organisation)
                                       .where(Organisation.kind.not_in(OrgKind.NOT_SCHOOLS)).order_by(Person.id)))
    made = 0
    for name, subject in RMO:
        association = Association(organisation_id=centre.id, level=Level.DISTRICT, kind=Kind.SUBJECT, subject=subject,
                                  name=name, created_at=datetime.now())
        db.session.add(association)
        db.session.flush()
        members = [p for p in teachers if subject.split()[0] in (p.subject or "").lower()]
        for n, person in enumerate(members):
            db.session.add(Membership(association_id=association.id, person_id=person.id,
                                      organisation_id=person.organisation_id,
                                      role=MemberRole.LEADER if n == 0 else MemberRole.PARTICIPANT,
                                      joined_on=date(year - 1 - n % 2, 9, 1)))
        if members:
            db.session.add(Appointment(association_id=association.id, person_id=members[0].id, post=Post.LEADER,
                                       order_number="245", order_date=order_date, starts_on=first_september,
                                       ends_on=date(year + 1, 8, 31)))
            if subject == "математика" and db.session.scalar(select(User.id).where(User.username == "rmo")) is None:
                leader = User(username="rmo", full_name=members[0].full_name, role=Role.ASSOCIATION_LEADER,
                              organisation_id=members[0].organisation_id, person_id=members[0].id,
                              position=f"руководитель «{name}»")
                leader.set_password("demo")
                db.session.add(leader)
        made += 1
    add_demo_meetings()
    add_demo_work_plans()
    young = Association(organisation_id=centre.id, level=Level.DISTRICT, kind=Kind.YOUNG, subject="молодые педагоги",
                        name="Школа молодого учителя", created_at=datetime.now())
    db.session.add(young)
    db.session.flush()
    for person in [p for p in teachers if p.is_young_specialist][:12]:
        db.session.add(Membership(association_id=young.id, person_id=person.id, organisation_id=person.organisation_id,
                                  joined_on=first_september))
    school = db.session.scalar(select(Organisation).where(Organisation.short_name == "СОШ № 1"))
    if school is not None:
        shmo = Association(organisation_id=school.id, level=Level.SCHOOL, kind=Kind.SUBJECT,
                           subject="естественные науки", name="ШМО учителей естественно-научного цикла",
                           created_at=datetime.now())
        db.session.add(shmo)
        db.session.flush()
        for person in [p for p in teachers if p.organisation_id == school.id][:5]:
            db.session.add(Membership(association_id=shmo.id, person_id=person.id, organisation_id=school.id,
                                      joined_on=date(year - 2, 9, 1)))
    return made + 2


def add_demo_meetings() -> None:
    """Each РМО met once last quarter and once this quarter (before today), two in three members
    present — so «Участие за квартал» has something to count."""
    from datetime import timedelta

    from app.events.models import Event, EventFormat, EventStatus, Registration
    from app.associations.meetings import MEETING
    day = today()
    quarter_start = date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    dates = [quarter_start - timedelta(days=40), max(quarter_start, day - timedelta(days=1))]
    format_ = db.session.scalar(select(EventFormat).where(EventFormat.name == MEETING))
    if format_ is None:
        format_ = EventFormat(name=MEETING, position=99)
        db.session.add(format_)
        db.session.flush()
    for association in db.session.scalars(select(Association).where(Association.level == Level.DISTRICT,
                                                                    Association.kind == Kind.SUBJECT)):
        members = db.session.execute(select(Membership.person_id, Membership.organisation_id)
                                     .where(Membership.association_id == association.id)).all()
        for n, when in enumerate(dates):
            start = datetime.combine(when, datetime.min.time()).replace(hour=14)
            meeting = Event(format_id=format_.id, topic=f"Заседание № {n + 1}: итоги олимпиады и планы",
                            starts_at=start, ends_at=start + timedelta(hours=1, minutes=30), place="МКУО ЦОКО",
                            association_id=association.id, status=EventStatus.HELD, registered_count=len(members),
                            audience=f"участники объединения «{association.name}»")
            db.session.add(meeting)
            db.session.flush()
            db.session.add_all(Registration(event_id=meeting.id, person_id=person_id, organisation_id=organisation_id,
                                            registered_at=start - timedelta(days=7), attended=(i + n) % 3 != 0)
                               for i, (person_id, organisation_id) in enumerate(members))


# A district association's plan of work for the school year, as РМО plans are written: meetings,
# methodical work, sharing experience — deadlines without a year, read as the school year's.
WORK_PLAN = [
    ("Заседания РМО", [
        ("Заседание № 1. Анализ результатов ГИА и ВПР прошлого учебного года; утверждение плана работы РМО",
         "сентябрь", "Руководитель РМО"),
        ("Заседание № 2. Подготовка к муниципальному этапу всероссийской олимпиады школьников", "октябрь",
         "Руководитель РМО"),
        ("Заседание № 3. Формирование функциональной грамотности на уроках: обмен опытом", "январь",
         "Руководитель РМО, учителя-предметники"),
        ("Заседание № 4. Итоги работы РМО за учебный год, задачи на следующий", "май", "Руководитель РМО"),
    ]),
    ("Методическая работа", [
        ("Экспертиза рабочих программ педагогов — участников РМО", "до 15 сентября", "Руководитель РМО, эксперты"),
        ("Открытые уроки и мастер-классы участников РМО", "ноябрь, февраль", "Учителя-предметники"),
        ("Проведение школьного и муниципального этапов олимпиады", "сентябрь - декабрь", "Руководитель РМО"),
        ("Собеседования с молодыми педагогами по планированию уроков", "в течение учебного года",
         "Руководитель РМО, наставники"),
    ]),
    ("Обобщение и распространение опыта", [
        ("Публикация материалов участников РМО на сайте ЦОКО", "ежеквартально", "Руководитель РМО"),
        ("Отчёт руководителя РМО о работе за учебный год", "до 1 июня", "Руководитель РМО"),
    ]),
]


def add_demo_work_plans() -> None:
    """Each РМО's plan of work for this school year; what is due is marked done by its leader, mostly
    on time — the mathematicians' open lessons late, and one РМО behind — so the monitoring shows
    something to see."""
    from datetime import timedelta

    from app.marks.models import CompletionMark, MarkStatus
    from app.plan.models import Activity, Participants, Programme, Section
    from app.plan.occurrences import apply_deadline
    day = today()
    year = school_year_of(day)
    subject_rmo = list(db.session.scalars(select(Association).where(Association.level == Level.DISTRICT,
                                                                    Association.kind == Kind.SUBJECT)
                                          .order_by(Association.id)))
    for n, association in enumerate(subject_rmo):
        programme = Programme(title=f"План работы: {association.name} на {year}/{year + 1} учебный год",
                              start_year=year, end_year=year + 1, association_id=association.id)
        db.session.add(programme)
        activities = []
        for position, (title, items) in enumerate(WORK_PLAN):
            section = Section(programme=programme, title=title, position=position)
            db.session.add(section)
            for i, (what, deadline, responsible) in enumerate(items):
                activity = Activity(section=section, position=i, title=what, deadline_text=deadline,
                                    responsible_text=responsible, participants=Participants.ASSOCIATION,
                                    occurrences=[], responsible_people=[], organisations=[])
                apply_deadline(activity, year, year + 1, school_year_plan=True)
                db.session.add(activity)
                activities.append(activity)
        db.session.flush()
        behind = n == len(subject_rmo) - 1  # the last РМО has marked nothing since October
        for activity in activities:
            for k, occurrence in enumerate(activity.occurrences):
                if occurrence.due_date >= day or (behind and occurrence.due_date.month in (11, 12)):
                    continue
                late = n == 0 and activity.title.startswith("Открытые уроки")
                if late and k == 0 and day - occurrence.due_date < timedelta(days=30):
                    continue  # not done yet: the methodists' page shows it
                done_on = occurrence.due_date + timedelta(days=6) if late else occurrence.due_date - timedelta(days=3)
                db.session.add(CompletionMark(occurrence_id=occurrence.id, organisation_id=association.organisation_id,
                                              status=MarkStatus.DONE, done_on=min(done_on, day),
                                              marked_at=datetime.combine(min(done_on, day), datetime.min.time())))
