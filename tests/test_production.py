"""Running for real: a production start refuses a missing or weak SECRET_KEY; over HTTPS every
cookie is Secure and Strict-Transport-Security is sent; X-Forwarded-* is believed only from the
configured proxies; a line per request with its id; /healthz says whether the database answers."""
import subprocess
import sys
from pathlib import Path

import pytest

from app import create_app
from app.config import ConfigError, production_secret

from .conftest import PASSWORD, csrf_token

ROOT = Path(__file__).resolve().parent.parent
STRONG = "f" * 16 + "0123456789abcdef" * 2


@pytest.mark.parametrize("value", [None, "", "dev", "changeme", "short-but-not-empty"])
def test_production_refuses_a_missing_or_weak_secret_key(value):
    with pytest.raises(ConfigError) as refused:
        production_secret(value)
    assert "SECRET_KEY не задан или слишком простой" in str(refused.value)
    assert production_secret(STRONG) == STRONG


def test_a_production_start_without_a_secret_key_exits_with_the_message(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "METODKABINET_ENV": "production", "DATABASE_URL": f"sqlite:///{tmp_path}/x.db"}
    result = subprocess.run([sys.executable, "-c", "import wsgi"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode != 0 and "SECRET_KEY не задан или слишком простой" in result.stderr


def login_response(app, username):
    client = app.test_client()
    token = csrf_token(client)
    return client, client.post("/login", data={"username": username, "password": PASSWORD, "csrf_token": token})


def test_over_https_every_cookie_is_secure_and_hsts_is_sent(app, make_user):
    make_user(username="secure-user")
    app.config.update(HTTPS=True, SESSION_COOKIE_SECURE=True, REMEMBER_COOKIE_SECURE=True)
    try:
        client, response = login_response(app, "secure-user")
        cookies = response.headers.getlist("Set-Cookie")
        assert cookies and all("Secure" in c and "HttpOnly" in c for c in cookies)
        assert response.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    finally:
        app.config.update(HTTPS=False, SESSION_COOKIE_SECURE=False, REMEMBER_COOKIE_SECURE=False)
    _, plain = login_response(app, "secure-user")
    assert "Strict-Transport-Security" not in plain.headers


def test_forwarded_headers_are_believed_only_from_configured_proxies(tmp_path):
    from werkzeug.middleware.proxy_fix import ProxyFix

    plain = create_app({"SECRET_KEY": "t", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/a.db", "TUNE_GC": False})
    proxied = create_app({"SECRET_KEY": "t", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/b.db",
                          "TRUSTED_PROXIES": 1, "TUNE_GC": False})
    # Without TRUSTED_PROXIES a client's X-Forwarded-Proto or -For is not believed at all.
    assert not isinstance(plain.wsgi_app, ProxyFix)
    assert isinstance(proxied.wsgi_app, ProxyFix)
    assert (proxied.wsgi_app.x_for, proxied.wsgi_app.x_proto, proxied.wsgi_app.x_host) == (1, 1, 1)


def test_a_line_per_request_with_its_id(app, client, capsys):
    response = client.get("/healthz", headers={"X-Request-ID": "abc-123"})
    assert response.headers["X-Request-ID"] == "abc-123"
    line = [x for x in capsys.readouterr().out.splitlines() if "request id=abc-123" in x]
    assert line and "user=- GET /healthz status=200 ms=" in line[0]
    generated = client.get("/healthz", headers={"X-Request-ID": "bad id with spaces"}).headers["X-Request-ID"]
    assert generated != "bad id with spaces" and len(generated) == 16


def test_the_request_log_names_the_user_by_id_never_by_session_token(app, actor, capsys):
    from app.auth.models import LoginSession
    from app.extensions import db

    methodist = actor()
    methodist.get("/plan/", headers={"X-Request-ID": "who-1"})
    line = next(x for x in capsys.readouterr().out.splitlines() if "request id=who-1" in x)
    assert f"user={methodist.user_id} GET /plan/ status=200" in line
    with app.app_context():
        tokens = [s.token for s in db.session.query(LoginSession).all()]
    assert tokens and not any(token in line for token in tokens)


def test_healthz_says_whether_the_database_answers(tmp_path):
    app = create_app({"SECRET_KEY": "t", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/none/missing.db",
                      "TUNE_GC": False})
    response = app.test_client().get("/healthz")
    assert response.status_code == 503 and response.get_json() == {"status": "database unavailable"}


def test_a_file_that_cannot_be_kept_is_refused_with_a_message_and_nothing_half_written(app, actor, make_org,
                                                                                        tmp_path, monkeypatch):
    """A full disk while storing a course scan: 422 with the message, no record, no file left."""
    from sqlalchemy import func, select

    from app.auth.models import Role
    from app.courses.models import Course, CourseProvider
    from app.extensions import db
    from app.registry.models import Person

    school = make_org("СОШ № 1")
    with app.app_context():
        person = Person(full_name="Учитель", organisation_id=school.id)
        db.session.add(person)
        db.session.commit()
        person_id, provider = person.id, db.session.scalar(select(CourseProvider.id))
    full = tmp_path / "full"
    before = app.config.get("EVIDENCE_DIR")
    app.config["EVIDENCE_DIR"] = str(full)
    import builtins
    real_open = builtins.open

    class Full:
        def __init__(self, *a, **k):
            self.file = real_open(*a, **k)

        def write(self, data):
            raise OSError(28, "No space left on device")

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.file.close()

    monkeypatch.setattr("app.storage.open", Full, raising=False)
    try:
        methodist = actor(Role.METHODIST)
        import io
        response = methodist.post("/courses/new", data={
            "person_id": str(person_id), "programme_title": "ФГОС", "provider_id": str(provider), "form": "full_time",
            "hours": "36", "starts_on": "2024-02-01", "ends_on": "2024-02-10",
            "file": (io.BytesIO(b"%PDF-1.4 scan"), "скан.pdf")}, content_type="multipart/form-data")
        assert response.status_code == 422
        assert "Не удалось сохранить файл на сервере" in response.get_data(as_text=True)
        with app.app_context():
            assert db.session.scalar(select(func.count(Course.id))) == 0
        assert list(full.iterdir()) == []  # no half-written file
    finally:
        app.config["EVIDENCE_DIR"] = before


def test_a_production_start_with_an_unreachable_database_exits_with_the_message(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "METODKABINET_ENV": "production", "SECRET_KEY": STRONG,
           "DATABASE_URL": "postgresql://nobody@127.0.0.1:1/none"}
    result = subprocess.run([sys.executable, "-c", "import wsgi"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode != 0 and "База данных недоступна (postgresql+psycopg://nobody@127.0.0.1:1/none)" \
        in result.stderr and "Traceback" not in result.stderr
