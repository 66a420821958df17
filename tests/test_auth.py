from sqlalchemy import func, select

from app.auth.models import LoginFailure, LoginSession, Role
from app.extensions import db

from .conftest import csrf_token, login


def test_healthz_answers_without_login(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok"}


def test_pages_need_login(client):
    response = client.get("/plan/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=/plan/")


def test_htmx_request_without_login_is_sent_to_login(client):
    response = client.get("/plan/", headers={"HX-Request": "true"})
    assert response.status_code == 401
    assert response.headers["HX-Redirect"].startswith("/login")


def test_login_page_has_russian_labels(client):
    html = client.get("/login").get_data(as_text=True)
    assert "Логин" in html and "Пароль" in html and "Войти" in html


def test_login_and_logout_end_the_session(client, make_user, app):
    make_user(Role.METHODIST, username="metodist")
    response = login(client, "metodist")
    assert response.status_code == 302
    assert client.get("/plan/").status_code == 200

    # A copy of the session cookie taken before logging out...
    cookie = client.get_cookie("session").value
    token = csrf_token(client, "/plan/")
    response = client.post("/logout", data={"csrf_token": token})
    assert response.status_code == 302

    # ...does not work afterwards.
    other = app.test_client()
    other.set_cookie("session", cookie)
    assert other.get("/plan/").status_code == 302
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(LoginSession)) == 0


def test_wrong_password_gives_a_message_and_keeps_the_login(client, make_user):
    make_user(Role.METHODIST, username="metodist")
    response = login(client, "metodist", "wrong")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Неверный логин или пароль." in html
    assert 'value="metodist"' in html


def test_repeated_failures_are_refused_with_429(client, make_user, app):
    make_user(Role.METHODIST, username="metodist")
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        assert login(client, "metodist", "wrong").status_code == 422
    # Even the right password is refused while the window lasts.
    response = login(client, "metodist")
    assert response.status_code == 429
    assert "Слишком много неудачных попыток" in response.get_data(as_text=True)
    assert client.get("/plan/").status_code == 302


def test_success_clears_earlier_failures(client, make_user, app):
    make_user(Role.METHODIST, username="metodist")
    login(client, "metodist", "wrong")
    assert login(client, "metodist").status_code == 302
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(LoginFailure)) == 0


def test_next_redirect_stays_on_this_site(app, make_user):
    make_user(Role.METHODIST, username="metodist")
    for target, expected in [("/registry/people", "/registry/people"), ("https://evil.example/", "/"),
                             ("//evil.example/", "/"), ("/\\evil.example", "/"), ("javascript:alert(1)", "/")]:
        client = app.test_client()
        token = csrf_token(client)
        response = client.post("/login", query_string={"next": target},
                               data={"username": "metodist", "password": "secret-пароль", "csrf_token": token})
        assert response.headers["Location"] == expected, target


def test_login_without_csrf_is_refused(client, make_user):
    make_user(Role.METHODIST, username="metodist")
    response = client.post("/login", data={"username": "metodist", "password": "secret-пароль"})
    assert response.status_code == 400
    assert client.get("/plan/").status_code == 302


def test_security_headers(client):
    response = client.get("/login")
    csp = response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_htmx_is_configured_safely(client):
    html = client.get("/login").get_data(as_text=True)
    assert '"allowEval":false' in html and '"allowScriptTags":false' in html and '"selfRequestsOnly":true' in html
    assert "/static/vendor/htmx-2.0.11.min.js" in html


def test_database_url_spellings():
    from app.config import database_url
    assert database_url("postgres://u:p@h/db") == "postgresql+psycopg://u:p@h/db"
    assert database_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert database_url("postgresql+psycopg://u@h/db") == "postgresql+psycopg://u@h/db"
    assert database_url("sqlite:///x.db") == "sqlite:///x.db"


def test_old_failures_are_forgotten(client, make_user, app):
    from datetime import datetime, timedelta
    make_user(Role.METHODIST, username="metodist")
    with app.app_context():
        db.session.add_all(LoginFailure(username="metodist", remote_addr="127.0.0.1",
                                        at=datetime.now() - timedelta(hours=2)) for _ in range(10))
        db.session.commit()
    assert login(client, "metodist", "wrong").status_code == 422  # old failures do not count
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(LoginFailure)) == 1  # and are cleaned up
