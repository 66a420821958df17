"""Fixtures: one database built by the migrations per run, emptied after every test.

The suite runs on SQLite by default and on PostgreSQL when TEST_DATABASE_URL is set.
"""
import os
import re
import threading
from contextlib import contextmanager
from datetime import datetime

import pytest
from flask_migrate import upgrade
from sqlalchemy import event, text
from werkzeug.serving import make_server

from app import create_app
from app.auth.models import Role, User
from app.competitions.models import DEFAULT_KINDS, CompetitionKind
from app.events.models import DEFAULT_FORMATS, EventFormat
from app.extensions import db
from app.courses.models import DEFAULT_PROVIDERS, CourseProvider
from app.courses.route_models import DEFAULT_AREAS, CompetenceArea
from app.municipalities.models import FIRST_NAME, Municipality
from app.mentoring.models import DEFAULT_FORMS, DEFAULT_QUESTIONS, MentoringForm, Question
from app.plan.models import Activity, Participants, Programme, Section
from app.plan.occurrences import apply_deadline
from app.registry.models import Organisation, OrgKind, Person

PASSWORD = "secret-пароль"


@pytest.fixture(scope="session")
def _app(tmp_path_factory):
    url = os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"
    app = create_app({
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": url,
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
    })
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            with db.engine.begin() as conn:
                conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        upgrade()  # the suite's database is built by the migrations
        db.session.remove()
    return app


@pytest.fixture
def app(_app):
    yield _app
    with _app.app_context():
        db.session.remove()
        tables = [t.name for t in db.metadata.sorted_tables]
        with db.engine.begin() as conn:
            if db.engine.dialect.name == "postgresql":
                conn.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
            else:
                for table in reversed(tables):
                    conn.execute(text(f"DELETE FROM {table}"))
            # The migrations seed the first municipality and the short lists (forms of events, …); put them
            # back as a new database has them.
            conn.execute(Municipality.__table__.insert(), [{"name": FIRST_NAME, "short_name": FIRST_NAME}])
            conn.execute(EventFormat.__table__.insert(), [{"name": n, "position": i} for i, n in enumerate(DEFAULT_FORMATS)])
            conn.execute(CompetitionKind.__table__.insert(), [{"name": n, "position": i} for i, n in enumerate(DEFAULT_KINDS)])
            conn.execute(MentoringForm.__table__.insert(), [{"name": n, "position": i} for i, n in enumerate(DEFAULT_FORMS)])
            conn.execute(Question.__table__.insert(), [{"name": n, "position": i} for i, n in enumerate(DEFAULT_QUESTIONS)])
            conn.execute(CourseProvider.__table__.insert(),
                         [{"name": n, "position": i} for i, n in enumerate(DEFAULT_PROVIDERS)])
            conn.execute(CompetenceArea.__table__.insert(), [{"name": n, "position": i} for i, n in enumerate(DEFAULT_AREAS)])


@pytest.fixture(scope="session")
def live_server(_app):
    """The app served over HTTP by a threaded server: each request in a thread of its own, with
    its own database connection — for the browser tests and the concurrency drill."""
    server = make_server("127.0.0.1", 0, _app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()


@pytest.fixture
def freeze(app):
    """freeze(moment) sets the app's today and now (app/clock.py) until the test ends."""

    def set_moment(moment: datetime):
        app.config["NOW"], app.config["TODAY"] = moment, moment.date()
        return app.config

    yield set_moment
    app.config.pop("NOW", None)
    app.config.pop("TODAY", None)


@pytest.fixture
def client(app):
    return app.test_client()


def first_municipality_id() -> int:
    """The municipality the migrations make: the tests' records are its unless they say otherwise."""
    from sqlalchemy import select
    return db.session.scalar(select(Municipality.id).order_by(Municipality.id).limit(1))


def detached(*objects):
    """Load the objects' columns and detach them, so tests can read ids and names later.

    Factories must not leave an app context pushed: Flask would reuse it for the test
    client's requests, and Flask-Login's user cached in `g` would leak between clients.
    """
    for obj in objects:
        db.session.refresh(obj)
        db.session.expunge(obj)
    return objects[0] if len(objects) == 1 else objects


def csrf_token(client, path="/login") -> str:
    html = client.get(path).get_data(as_text=True)
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html) or re.search(r'"X-CSRFToken": "([^"]+)"', html)
    assert match, "no CSRF token on the page"
    return match.group(1)


def login(client, username, password=PASSWORD):
    token = csrf_token(client, "/login")
    return client.post("/login", data={"username": username, "password": password, "csrf_token": token})


class Actor:
    """A logged-in test client that sends the CSRF token like the real pages do."""

    def __init__(self, client, user_id):
        self.client = client
        self.user_id = user_id
        self._token = None

    @property
    def token(self):
        if self._token is None:
            self._token = csrf_token(self.client, "/plan/")
        return self._token

    def get(self, url, htmx=False, **kw):
        headers = kw.pop("headers", {})
        if htmx:
            headers["HX-Request"] = "true"
        return self.client.get(url, headers=headers, **kw)

    def post(self, url, data=None, htmx=False, csrf=True, **kw):
        headers = kw.pop("headers", {})
        if htmx:
            headers["HX-Request"] = "true"
        if csrf:
            headers["X-CSRFToken"] = self.token
        return self.client.post(url, data=data or {}, headers=headers, **kw)


@pytest.fixture
def make_org(app):
    counter = iter(range(1, 10_000))

    def factory(short_name=None, kind=OrgKind.SCHOOL, **kw):
        n = next(counter)
        with app.app_context():
            org = Organisation(short_name=short_name or f"СОШ № {n}", name=kw.pop("name", f"Школа {n}"), kind=kind,
                               municipality_id=kw.pop("municipality_id", None) or first_municipality_id(),
                               cluster=kw.pop("cluster", ""))
            db.session.add(org)
            db.session.commit()
            return detached(org)

    return factory


@pytest.fixture
def make_user(app, make_org):
    def factory(role=Role.METHODIST, username=None, organisation=None):
        if role == Role.SCHOOL and organisation is None:
            organisation = make_org()
        with app.app_context():
            user = User(username=username or f"{role}-user", role=role, full_name=f"{role} test",
                        municipality_id=first_municipality_id(),
                        organisation_id=organisation.id if organisation else None)
            user.set_password(PASSWORD)
            db.session.add(user)
            db.session.commit()
            return detached(user)

    return factory


@pytest.fixture
def actor(app, make_user):
    """actor(role) -> a fresh logged-in client for a new user of that role."""

    def factory(role=Role.METHODIST, organisation=None, username=None):
        user = make_user(role, username=username or f"{role}-{os.urandom(3).hex()}", organisation=organisation)
        client = app.test_client()
        response = login(client, user.username)
        assert response.status_code == 302, response.get_data(as_text=True)
        return Actor(client, user.id)

    return factory


@pytest.fixture
def make_programme(app):
    def factory(activities=3, sections=1, start_year=2022, end_year=2024, title="Программа развития"):
        with app.app_context():
            return _programme(activities, sections, start_year, end_year, title)

    return factory


def _programme(activities, sections, start_year, end_year, title):
    first = first_municipality_id()
    centre = Organisation(short_name=f"ЦОКО-{os.urandom(2).hex()}", name="Центр", kind=OrgKind.CENTRE, cluster="",
                          municipality_id=first)
    person = Person(full_name=f"Давиденко Е.В. {os.urandom(2).hex()}", organisation=centre)
    programme = Programme(title=title, start_year=start_year, end_year=end_year, municipality_id=first)
    db.session.add_all([centre, person, programme])
    per_section = max(activities // sections, 1)
    made = 0
    for s in range(sections):
        section = Section(programme=programme, title=f"Раздел {s + 1}", position=s)
        db.session.add(section)
        count = per_section if s < sections - 1 else activities - made
        for i in range(count):
            activity = Activity(position=i, title=f"Мероприятие {made + 1}", deadline_text="Сентябрь 2022, 2023, 2024",
                                responsible_text="Давиденко Е.В.", participants=Participants.ALL_SCHOOLS,
                                responsible_people=[person], organisations=[], occurrences=[])
            apply_deadline(activity, start_year, end_year)
            section.activities.append(activity)
            made += 1
    db.session.commit()
    return detached(programme)


@contextmanager
def count_queries(app):
    statements = []

    def listener(conn, cursor, statement, *args):
        statements.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", listener)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", listener)
