"""The administrator keeps the accounts: add, change, reset a password, block."""
from sqlalchemy import func, select

from app.auth.models import LoginSession, Role, User
from app.extensions import db

from .conftest import login


def test_admin_adds_a_school_coordinator(actor, make_org, app):
    school = make_org("СОШ № 5")
    admin = actor(Role.ADMIN)
    data = {"csrf_token": admin.token, "username": "ivanova", "full_name": "Иванова И.И.", "role": "school",
            "organisation_id": "0", "password": "длинный-пароль"}
    response = admin.client.post("/users", data=data)
    assert response.status_code == 422
    assert "Координатору нужна его организация." in response.get_data(as_text=True)
    assert 'value="ivanova"' in response.get_data(as_text=True)
    response = admin.client.post("/users", data={**data, "organisation_id": str(school.id), "password": "short"})
    assert response.status_code == 422 and "Пароль — не короче 8 символов." in response.get_data(as_text=True)
    assert admin.client.post("/users", data={**data, "organisation_id": str(school.id)}).status_code == 302
    assert login(app.test_client(), "ivanova", "длинный-пароль").status_code == 302
    response = admin.client.post("/users", data={**data, "username": "IVANOVA", "organisation_id": str(school.id)})
    assert response.status_code == 422 and "Такой логин уже есть." in response.get_data(as_text=True)


def test_blocking_ends_sessions_and_refuses_login(actor, app):
    admin = actor(Role.ADMIN)
    victim = actor(Role.METHODIST, username="leaving")
    assert victim.get("/plan/").status_code == 200
    response = admin.client.post(f"/users/{victim.user_id}/active", data={"csrf_token": admin.token, "active": "0"})
    assert response.status_code == 302
    assert victim.get("/plan/").status_code == 302  # the open session is gone
    from .conftest import PASSWORD
    assert login(app.test_client(), "leaving", PASSWORD).status_code == 422
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(LoginSession).where(
            LoginSession.user_id == victim.user_id)) == 0


def test_password_reset_and_role_change(actor, app):
    admin = actor(Role.ADMIN)
    other = actor(Role.HEAD, username="pavlikova")
    response = admin.client.post(f"/users/{other.user_id}/password", data={"csrf_token": admin.token, "password": "123"})
    assert response.status_code == 422
    admin.client.post(f"/users/{other.user_id}/password", data={"csrf_token": admin.token, "password": "новый-пароль-1"})
    assert other.get("/plan/").status_code == 302
    assert login(app.test_client(), "pavlikova", "новый-пароль-1").status_code == 302
    response = admin.client.post(f"/users/{other.user_id}/edit", data={
        "csrf_token": admin.token, "username": "pavlikova", "full_name": "Т.П. Павликова", "role": "head",
        "organisation_id": "0", "position": "Начальник МКУО ЦОКО"})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(User, other.user_id).position == "Начальник МКУО ЦОКО"


def test_admin_cannot_demote_or_block_themselves(actor, app):
    admin = actor(Role.ADMIN, username="root")
    response = admin.client.post(f"/users/{admin.user_id}/edit", data={
        "csrf_token": admin.token, "username": "root", "role": "methodist", "organisation_id": "0"})
    assert response.status_code == 422
    admin.client.post(f"/users/{admin.user_id}/active", data={"csrf_token": admin.token, "active": "0"})
    with app.app_context():
        user = db.session.get(User, admin.user_id)
        assert user.role == "admin" and user.active
