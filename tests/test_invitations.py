"""Accounts in bulk with single-use invitation links (part 10): the methodist makes the schools'
coordinator accounts, prints the invitations, and each person sets their own password — which no
one else ever sees."""
import re
from datetime import datetime, timedelta

from sqlalchemy import func, select

from app.auth.models import Role, User
from app.extensions import db
from app.invitations.models import NO_PASSWORD, Invitation
from app.invitations.routes import login_for
from tests.conftest import csrf_token, login
from tests.test_permissions import snapshot
from tests.test_reminders import inbox  # noqa: F401  (a fixture)


def test_logins_are_made_from_the_schools_names():
    taken = {"sosh-1"}
    assert login_for("СОШ № 1", taken) == "sosh-1-2"
    assert login_for("Гимназия № 3", taken) == "gimnaziya-3"
    assert login_for("МБОУ «Лицей»", taken) == "mbou-litsey"


def test_accounts_for_schools_then_each_person_sets_their_own_password(app, actor, make_org):
    first, second, covered = make_org("СОШ № 1"), make_org("Гимназия № 2"), make_org("СОШ № 3")
    actor(Role.SCHOOL, organisation=covered)  # it has its coordinator already
    methodist = actor(Role.METHODIST)
    page = methodist.get("/invitations/").get_data(as_text=True)
    assert f'value="{first.id}"' in page and f'value="{second.id}"' in page and f'value="{covered.id}"' not in page
    # Nothing ticked, or a school that has an account: refused, nothing made.
    before = snapshot(app)
    assert methodist.post("/invitations/schools", data={}).status_code == 422
    assert methodist.post("/invitations/schools", data={"organisation": [str(first.id), str(covered.id)]}).status_code == 409
    assert snapshot(app) == before

    made = methodist.post("/invitations/schools", data={"organisation": [str(first.id), str(second.id)]})
    assert made.status_code == 302 and "/invitations/print?only=" in made.headers["Location"]
    printed = methodist.get(made.headers["Location"]).get_data(as_text=True)
    links = re.findall(r"http://[^<\s]+/invite/[A-Za-z0-9_-]+", printed)
    assert len(links) == 2 and printed.count("<svg") == 2  # the link as text and as a QR code
    assert "sosh-1" in printed and "gimnaziya-2" in printed and "Пароль:" not in printed
    with app.app_context():
        users = db.session.scalars(select(User).where(User.username.in_(["sosh-1", "gimnaziya-2"]))).all()
        assert {(u.role, u.organisation_id, u.password_hash) for u in users} == {
            (Role.SCHOOL, first.id, NO_PASSWORD), (Role.SCHOOL, second.id, NO_PASSWORD)}
    # No password yet: the account cannot log in.
    anonymous = app.test_client()
    assert login(anonymous, "sosh-1", "").status_code != 302

    # The person opens the link without logging in and sets a password.
    with app.app_context():
        token = db.session.scalar(select(Invitation.token).join(User, User.id == Invitation.user_id)
                                  .where(User.username == "sosh-1"))
    path = f"/invite/{token}"
    assert any(link.endswith(path) for link in links)
    form = anonymous.get(path)
    assert form.status_code == 200 and "Задайте пароль" in form.get_data(as_text=True)
    token = csrf_token(anonymous, path)
    short = anonymous.post(path, data={"password": "1234", "again": "1234", "csrf_token": token})
    assert short.status_code == 422 and "не короче 8 символов" in short.get_data(as_text=True)
    other = anonymous.post(path, data={"password": "пароль-школы-1", "again": "другой-пароль", "csrf_token": token})
    assert other.status_code == 422 and "Пароли не совпадают." in other.get_data(as_text=True)
    done = anonymous.post(path, data={"password": "пароль-школы-1", "again": "пароль-школы-1", "csrf_token": token})
    assert done.status_code == 302
    # Spent: the link says so; the password works.
    again = anonymous.get(path)
    assert again.status_code == 410 and "уже использовано" in again.get_data(as_text=True)
    assert login(app.test_client(), "sosh-1", "пароль-школы-1").status_code == 302
    assert "использовано" in methodist.get("/invitations/").get_data(as_text=True)


def test_a_new_invitation_cancels_the_old_and_an_expired_one_says_so(app, actor, make_org):
    school = make_org("СОШ № 1")
    methodist = actor(Role.METHODIST)
    methodist.post("/invitations/schools", data={"organisation": str(school.id)})
    with app.app_context():
        user_id = db.session.scalar(select(User.id).where(User.username == "sosh-1"))
        old = db.session.scalar(select(Invitation.token).where(Invitation.user_id == user_id))
    assert methodist.post(f"/invitations/users/{user_id}").status_code == 302
    client = app.test_client()
    cancelled = client.get(f"/invite/{old}")
    assert cancelled.status_code == 410 and "заменено новым" in cancelled.get_data(as_text=True)
    with app.app_context():
        fresh = db.session.scalars(select(Invitation).where(Invitation.user_id == user_id)
                                   .order_by(Invitation.id.desc())).first()
        fresh.expires_at = datetime.now() - timedelta(minutes=1)
        db.session.commit()
        token = fresh.token
    expired = client.get(f"/invite/{token}")
    assert expired.status_code == 410 and "истёк" in expired.get_data(as_text=True)
    assert client.get("/invite/no-such-token").status_code == 404
    # An account in use: a new invitation would reset its password — the administrator's, not a methodist's.
    in_use = actor(Role.HEAD)
    before = snapshot(app)
    assert methodist.post(f"/invitations/users/{in_use.user_id}").status_code == 403
    assert snapshot(app) == before
    admin = actor(Role.ADMIN)
    assert admin.post(f"/invitations/users/{in_use.user_id}").status_code == 302
    with app.app_context():
        reset = db.session.scalars(select(Invitation.token).where(Invitation.user_id == in_use.user_id)).one()
    fresh = app.test_client()
    token = csrf_token(fresh, f"/invite/{reset}")
    assert fresh.post(f"/invite/{reset}", data={"password": "новый-пароль-1", "again": "новый-пароль-1",
                                                "csrf_token": token}).status_code == 302
    assert in_use.get("/plan/").status_code in (302, 401)  # the earlier login ended


def test_another_municipalitys_accounts_are_not_found(app, actor, make_org):
    from tests.test_municipalities import another_municipality
    school = make_org("СОШ № 1")
    methodist = actor(Role.METHODIST)
    methodist.post("/invitations/schools", data={"organisation": str(school.id)})
    with app.app_context():
        second = another_municipality()
        user_id = db.session.scalar(select(User.id).where(User.username == "sosh-1"))
    other = actor(Role.METHODIST)
    with app.app_context():
        db.session.get(User, other.user_id).municipality_id = second["municipality"]
        db.session.commit()
    before = snapshot(app)
    assert other.post(f"/invitations/users/{user_id}").status_code == 404
    assert "sosh-1" not in other.get("/invitations/").get_data(as_text=True)
    assert "sosh-1" not in other.get("/invitations/print").get_data(as_text=True)
    assert other.post("/invitations/schools", data={"organisation": str(school.id)}).status_code == 409
    assert snapshot(app) == before
    with app.app_context():
        assert db.session.scalar(select(func.count(Invitation.id))) == 1


def test_an_account_with_an_address_gets_its_invitation_by_mail(app, actor, make_org, inbox):  # noqa: F811
    from tests.test_reminders import body
    school = make_org("СОШ № 1")
    methodist = actor(Role.METHODIST)
    methodist.post("/invitations/schools", data={"organisation": str(school.id)})
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == "sosh-1"))
        user.email = "sosh1@example.ru"
        db.session.commit()
        user_id = user.id
    assert methodist.post(f"/invitations/users/{user_id}").status_code == 302
    with app.app_context():
        token = db.session.scalars(select(Invitation.token).where(Invitation.user_id == user_id)
                                   .order_by(Invitation.id.desc())).first()
    mail = inbox.to("sosh1@example.ru")[0]
    text = body(mail)
    assert mail["Subject"] == "Методкабинет: приглашение — задайте свой пароль"
    assert f"https://metod.example.ru/invite/{token}" in text and "логин sosh-1" in text
    assert "пароль:" not in text.lower()  # the person sets it; nobody sends one
    # No mail server: the printed invitation is there, and the page says the mail did not go.
    app.config["MAIL_PORT"] = 1  # nobody listens there
    answer = methodist.post(f"/invitations/users/{user_id}", follow_redirects=True)
    assert "отправить не удалось" in answer.get_data(as_text=True)


def test_accounts_for_chosen_people_in_one_role(app, actor, make_org):
    from app.registry.models import OrgKind, Person
    school = make_org("СОШ № 1")
    centre = make_org("ЦОКО", kind=OrgKind.CENTRE)
    with app.app_context():
        teacher = Person(full_name="Иванова Анна Викторовна", organisation_id=school.id, position="учитель")
        methodist_person = Person(full_name="Петрова О.С.", organisation_id=centre.id, position="методист")
        db.session.add_all([teacher, methodist_person])
        db.session.commit()
        teacher_id, centre_person_id = teacher.id, methodist_person.id
    methodist = actor(Role.METHODIST)
    before = snapshot(app)
    nobody = methodist.post("/invitations/people", data={"role": "school"})
    assert nobody.status_code == 422 and "Найдите и отметьте сотрудников." in nobody.get_data(as_text=True)
    not_school = methodist.post("/invitations/people", data={"people": str(centre_person_id), "role": "school"})
    assert not_school.status_code == 422 and "не из школы" in not_school.get_data(as_text=True)
    assert snapshot(app) == before
    made = methodist.post("/invitations/people", data={"people": [str(teacher_id)], "role": "school"})
    assert made.status_code == 302
    assert methodist.post("/invitations/people", data={"people": str(centre_person_id), "role": "methodist"}).status_code == 302
    with app.app_context():
        accounts = {u.username: (u.role, u.organisation_id, u.full_name, u.password_hash)
                    for u in db.session.scalars(select(User).where(User.password_hash == NO_PASSWORD))}
    assert accounts == {"ivanova-av": ("school", school.id, "Иванова Анна Викторовна", NO_PASSWORD),
                        "petrova-os": ("methodist", centre.id, "Петрова О.С.", NO_PASSWORD)}
    again = methodist.post("/invitations/people", data={"people": str(teacher_id), "role": "school"})
    assert again.status_code == 409 and "Учётная запись уже есть" in again.get_data(as_text=True)


def test_the_invitations_pages_cost_the_same_queries_for_more_accounts(app, actor, make_org):
    from tests.conftest import count_queries
    methodist = actor(Role.METHODIST)
    methodist.post("/invitations/schools", data={"organisation": str(make_org("СОШ № 1").id)})
    few = {}
    for url in ("/invitations/", "/invitations/print"):
        with count_queries(app) as few[url]:
            assert methodist.get(url).status_code == 200
    schools = [make_org(f"СОШ № {n}") for n in range(2, 9)]
    methodist.post("/invitations/schools", data={"organisation": [str(s.id) for s in schools]})
    for url in ("/invitations/", "/invitations/print"):
        with count_queries(app) as many:
            body = methodist.get(url).get_data(as_text=True)
        assert "sosh-8" in body and len(many) == len(few[url]), url
