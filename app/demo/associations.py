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
