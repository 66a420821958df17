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
