"""Accounts in bulk with invitations, the printable list, and the invitation link itself.

A methodist (or the administrator) ticks the schools that have no coordinator account yet; each
gets an account (its login made from the school's short name) and an invitation. The list of open
invitations prints on A4: school, name, login, the link as text and as a QR code. The person opens
the link, sets their own password and logs in; the link is then spent. A new invitation for an
account cancels the old one. Nobody but the person ever types, sees or receives a password.
"""
import re
import secrets
import smtplib

import segno
from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload
from wtforms import PasswordField, SelectField
from wtforms.validators import DataRequired, EqualTo, ValidationError

from app.audit.models import record
from app.auth.models import LoginSession, Role, User
from app.auth.permissions import roles_required
from app.auth.users import PASSWORD_RULE
from app.clock import now
from app.extensions import db
from app.forms import BaseForm, choices
from app.mail import message, send
from app.municipalities.scope import enter
from app.registry.models import Organisation, OrgKind, Person, sort_organisations
from app.registry.picker import PersonPicker

from . import bp
from .models import LIFETIME, NO_PASSWORD, Invitation

KEEPERS = (Role.METHODIST, Role.ADMIN)

LATIN = dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
                 ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p", "r", "s", "t",
                  "u", "f", "h", "ts", "ch", "sh", "sch", "", "y", "", "e", "yu", "ya"], strict=True))


def login_for(short_name: str, taken: set[str]) -> str:
    """«СОШ № 1» → «sosh-1» (then «sosh-1-2» … if taken): a login a person can type."""
    latin = "".join(LATIN.get(ch, ch) for ch in short_name.lower())
    base = re.sub(r"[^a-z0-9]+", "-", latin).strip("-")[:40] or "school"
    login, n = base, 1
    while login in taken:
        n += 1
        login = f"{base}-{n}"
    taken.add(login)
    return login


def invite(user: User) -> Invitation:
    """A new invitation for the account; any open one is cancelled."""
    at = now()
    db.session.execute(update(Invitation).where(Invitation.user_id == user.id, Invitation.used_at.is_(None),
                                                Invitation.cancelled_at.is_(None))
                       .values(cancelled_at=at).execution_options(synchronize_session=False))
    invitation = Invitation(token=secrets.token_urlsafe(32), user_id=user.id, created_by_id=current_user.id,
                            created_at=at, expires_at=at + LIFETIME)
    db.session.add(invitation)
    return invitation


def link_of(invitation: Invitation) -> str:
    return current_app.config["PUBLIC_URL"].rstrip("/") + url_for("invitations.accept", token=invitation.token)


def _schools_without_coordinator() -> list[Organisation]:
    covered = select(User.organisation_id).where(User.role == Role.SCHOOL, User.active.is_(True),
                                                 User.organisation_id.is_not(None))
    return sort_organisations(db.session.scalars(select(Organisation).where(
        Organisation.kind.not_in(OrgKind.NOT_SCHOOLS), Organisation.id.not_in(covered))))


def _latest_invitations() -> dict[int, Invitation]:
    """Each account's newest invitation."""
    newest = select(func.max(Invitation.id)).group_by(Invitation.user_id)
    return {i.user_id: i for i in db.session.scalars(select(Invitation).where(Invitation.id.in_(newest)))}


def _page(status=200, error="", people_form=None):
    users = list(db.session.scalars(select(User).options(selectinload(User.organisation))
                                    .where(User.role.in_(list(Role.MUNICIPAL_LABELS))).order_by(User.username)))
    return render_template("invitations/index.html", schools=_schools_without_coordinator(), users=users,
                           invitations=_latest_invitations(), at=now(), error=error, roles=Role.LABELS,
                           waiting=NO_PASSWORD, people_form=people_form or PeopleForm(formdata=None)), status


@bp.get("/invitations/")
@roles_required(*KEEPERS)
def index():
    return _page()


@bp.post("/invitations/schools")
@roles_required(*KEEPERS)
def for_schools():
    """Coordinator accounts for the ticked schools (those still without one), each invited."""
    asked = {int(i) for i in request.form.getlist("organisation") if i.isdigit()}
    offered = {o.id: o for o in _schools_without_coordinator()}
    if not asked:
        return _page(422, "Отметьте школы, для которых нужны учётные записи.")
    if not asked <= offered.keys():
        return _page(409, "У некоторых из отмеченных школ учётная запись уже есть — только что сделанная или "
                          "из другой школы. Список обновлён: отметьте ещё раз.")
    taken = {name.lower() for name in db.session.scalars(select(User.username))}
    made = []
    for organisation_id in sorted(asked):
        school = offered[organisation_id]
        user = User(username=login_for(school.short_name, taken), role=Role.SCHOOL, organisation_id=school.id,
                    full_name=f"Координатор {school.short_name}", password_hash=NO_PASSWORD)
        db.session.add(user)
        made.append(user)
    try:
        db.session.flush()
        invitations = [invite(user) for user in made]
        db.session.flush()
    except IntegrityError:  # the same logins made a moment ago, from another tab
        db.session.rollback()
        return _page(409, "Эти учётные записи только что сделаны — из другого окна. Список обновлён.")
    record("create", "user", None, f"Учётные записи с приглашениями: {', '.join(u.username for u in made)}"[:500])
    db.session.commit()
    flash(f"Сделано учётных записей: {len(made)}. Распечатайте приглашения и передайте школам.")
    return redirect(url_for(".printable", only=",".join(str(i.id) for i in invitations)))


class PeopleForm(BaseForm):
    people = PersonPicker("Сотрудники", scope="registry", multiple=True)
    role = SelectField("Роль", choices=choices([(Role.SCHOOL, Role.LABELS[Role.SCHOOL]),
                                                (Role.METHODIST, Role.LABELS[Role.METHODIST]),
                                                (Role.HEAD, Role.LABELS[Role.HEAD]),
                                                (Role.ASSOCIATION_LEADER, Role.LABELS[Role.ASSOCIATION_LEADER])]))

    def validate_people(self, field):
        if not field.data:
            raise ValidationError("Найдите и отметьте сотрудников.")


def _login_for_person(full_name: str, taken: set[str]) -> str:
    """«Иванова А.В.» → «ivanova-av»."""
    parts = full_name.replace(".", " ").split()
    return login_for(" ".join(parts[:1]) + (" " + "".join(p[0] for p in parts[1:3]) if len(parts) > 1 else ""), taken)


@bp.post("/invitations/people")
@roles_required(*KEEPERS)
def for_people():
    """Accounts for chosen people of the registry, in one role, each invited; a coordinator account
    belongs to the person's school. Someone with an account of that name there already is refused."""
    form = PeopleForm()
    if not form.validate():
        return _page(422, people_form=form)
    chosen = list(db.session.scalars(select(Person).options(selectinload(Person.organisation))
                                     .where(Person.id.in_(form.people.data))))
    role = form.role.data
    if role == Role.SCHOOL and any(not p.organisation.is_school for p in chosen):
        form.role.errors = ["Координатор — работник школы: " + ", ".join(
            p.full_name for p in chosen if not p.organisation.is_school) + " — не из школы."]
        return _page(422, people_form=form)
    existing = {(name.lower(), org) for name, org in db.session.execute(select(User.full_name, User.organisation_id))}
    doubled = [p.full_name for p in chosen if (p.full_name.lower(), p.organisation_id) in existing]
    if doubled:
        form.people.errors = [f"Учётная запись уже есть: {', '.join(doubled)}. Для неё — «Новое приглашение» в списке ниже."]
        return _page(409, people_form=form)
    taken = {name.lower() for name in db.session.scalars(select(User.username))}
    made = [User(username=_login_for_person(p.full_name, taken), role=role, organisation_id=p.organisation_id,
                 person_id=p.id,
                 full_name=p.full_name, position=p.position, password_hash=NO_PASSWORD) for p in chosen]
    db.session.add_all(made)
    try:
        db.session.flush()
        invitations = [invite(user) for user in made]
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        return _page(409, "Эти учётные записи только что сделаны — из другого окна. Список обновлён.")
    record("create", "user", None, f"Учётные записи с приглашениями: {', '.join(u.username for u in made)}"[:500])
    db.session.commit()
    flash(f"Сделано учётных записей: {len(made)}. Распечатайте приглашения и передайте их людям.")
    return redirect(url_for(".printable", only=",".join(str(i.id) for i in invitations)))


@bp.post("/invitations/users/<int:user_id>")
@roles_required(*KEEPERS)
def for_user(user_id):
    """A new invitation for an account still waiting for its password (lost or expired): the old one
    stops working. For an account in use only the administrator may: it resets that password."""
    user = db.get_or_404(User, user_id)
    if user.role not in list(Role.MUNICIPAL_LABELS):
        abort(403)
    if current_user.role != Role.ADMIN and user.password_hash != NO_PASSWORD:
        abort(403)  # a link that sets a working account's password is a password reset: the administrator's
    invitation = invite(user)
    record("invite", "user", user.id, f"Новое приглашение для {user.username}")
    db.session.commit()
    if user.email:
        mail_invitation(user, invitation)
    return redirect(url_for(".printable", only=str(invitation.id)))


def mail_invitation(user: User, invitation: Invitation) -> None:
    """The link by e-mail where the account has an address; the printed list is there either way."""
    link = link_of(invitation)
    text = render_template("invitations/mail.txt", user=user, link=link, until=invitation.expires_at)
    try:
        send(message(user.email, "Методкабинет: приглашение — задайте свой пароль", text))
        flash(f"Приглашение отправлено на {user.email}.")
    except (smtplib.SMTPException, OSError):
        current_app.logger.exception("invitation mail to %s", user.email)
        flash(f"Письмо на {user.email} отправить не удалось — передайте распечатанное приглашение.")


@bp.get("/invitations/print")
@roles_required(*KEEPERS)
def printable():
    """The open invitations (or those just made) on A4: school, name, login, link and its QR code."""
    at = now()
    stmt = (select(Invitation).options(selectinload(Invitation.user).selectinload(User.organisation))
            .where(Invitation.used_at.is_(None), Invitation.cancelled_at.is_(None), Invitation.expires_at > at))
    only = [int(i) for i in request.args.get("only", "").split(",") if i.isdigit()]
    if only:
        stmt = stmt.where(Invitation.id.in_(only))
    found = sorted(db.session.scalars(stmt), key=lambda i: (i.user.organisation.short_name if i.user.organisation
                                                            else "", i.user.username))
    cards = [(i, link_of(i), segno.make(link_of(i), error="m").svg_inline(scale=3, omitsize=True, dark="#000", light=None))
             for i in found]
    return render_template("invitations/print.html", cards=cards)


class SetPasswordForm(BaseForm):
    password = PasswordField("Пароль", validators=[DataRequired("Задайте пароль."), PASSWORD_RULE])
    again = PasswordField("Пароль ещё раз", validators=[DataRequired("Повторите пароль."),
                                                         EqualTo("password", message="Пароли не совпадают.")])


GONE = {"used": "Это приглашение уже использовано: пароль задан. Войдите со своим логином и паролем.",
        "cancelled": "Это приглашение заменено новым. Попросите методиста распечатать актуальное.",
        "expired": "Срок приглашения (7 дней) истёк. Попросите методиста сделать новое."}


def _invitation(token: str) -> Invitation:
    invitation = db.session.scalar(select(Invitation).where(Invitation.token == token)) if len(token) <= 64 else None
    if invitation is None:
        abort(404)
    return invitation


@bp.route("/invite/<token>", methods=["GET", "POST"])
def accept(token):
    """The person sets their own password. Open to anyone holding the link (no login)."""
    invitation = _invitation(token)
    state = invitation.state(now())
    if state != "open":
        return render_template("invitations/accept.html", invitation=invitation, gone=GONE[state], form=None), 410
    form = SetPasswordForm()
    if request.method == "GET" or not form.validate():
        return render_template("invitations/accept.html", invitation=invitation, gone="", form=form), \
            200 if request.method == "GET" else 422
    at = now()
    spent = db.session.execute(  # one of two tabs: the other finds it used
        update(Invitation).where(Invitation.id == invitation.id, Invitation.used_at.is_(None),
                                 Invitation.cancelled_at.is_(None), Invitation.expires_at > at)
        .values(used_at=at).execution_options(synchronize_session=False)).rowcount
    if spent != 1:
        db.session.rollback()
        return render_template("invitations/accept.html", invitation=invitation, gone=GONE["used"], form=None), 410
    user = db.session.get(User, invitation.user_id)
    user.set_password(form.password.data)
    db.session.execute(delete(LoginSession).where(LoginSession.user_id == user.id))  # earlier logins end
    enter(user.municipality_id)  # the journal's entry is the account's municipality's
    record("password", "user", user.id, f"Пароль задан по приглашению: {user.username}")
    db.session.commit()
    flash("Пароль задан. Войдите с логином и новым паролем.")
    return redirect(url_for("auth.login", username=user.username))
