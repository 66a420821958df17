"""List pages not counted elsewhere (event page, audit log, calendar, organisations, users,
event formats) load what they show in a fixed number of queries."""
from datetime import datetime

from sqlalchemy import select

from app.audit.models import AuditEntry
from app.auth.models import Role, User
from app.events.models import Event, EventFormat, Registration
from app.extensions import db
from app.registry.models import Organisation, Person

from .conftest import count_queries


def measure(app, who, url):
    with count_queries(app) as statements:
        assert who.get(url).status_code == 200
    return len(statements)


def test_event_page_audit_calendar_and_organisations(app, actor, make_org):
    school = make_org("СОШ № 1")
    methodist = actor(Role.METHODIST)
    admin = actor(Role.ADMIN)
    with app.app_context():
        seminar_id = db.session.scalar(select(EventFormat.id).where(EventFormat.name == "семинар"))
        event = Event(format_id=seminar_id, topic="Семинар", starts_at=datetime(2030, 3, 4, 10),
                      ends_at=datetime(2030, 3, 4, 12), registered_count=0)
        db.session.add(event)
        db.session.commit()
        event_id = event.id

    def grow(n, start):
        with app.app_context():
            for i in range(start, start + n):
                person = Person(full_name=f"Педагог {i} {datetime.now().timestamp()}", organisation_id=school.id)
                db.session.add(person)
                db.session.flush()
                db.session.add(Registration(event_id=event_id, person_id=person.id, organisation_id=school.id,
                                            registered_at=datetime.now()))
                db.session.add(AuditEntry(at=datetime.now(), action="x", entity="event", summary=f"запись {i}"))
                db.session.add(Event(format_id=seminar_id, topic=f"Ещё {i}", starts_at=datetime(2030, 3, 1 + i % 28, 9),
                                     ends_at=datetime(2030, 3, 1 + i % 28, 10), registered_count=0))
                db.session.add(Organisation(short_name=f"Школа {i}", name=f"Школа {i}", kind="school", cluster=""))
                user = User(username=f"user{i}", role="school", full_name="", organisation_id=school.id)
                user.set_password("password-1")
                db.session.add_all([user, EventFormat(name=f"форма {i}", position=100 + i)])
            db.session.commit()

    urls = [f"/events/{event_id}", "/audit", "/events/calendar?month=2030-03", "/registry/organisations"]
    admin_urls = ["/users", "/events/formats"]
    grow(2, 0)
    before = [measure(app, methodist, url) for url in urls] + [measure(app, admin, url) for url in admin_urls]
    grow(40, 100)
    after = [measure(app, methodist, url) for url in urls] + [measure(app, admin, url) for url in admin_urls]
    assert before == after
