"""Accounts kept by the administrator: add, change role or organisation, reset a password,
block. Blocking ends the user's sessions at once."""
from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload
from wtforms import PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Length, Regexp, ValidationError

from app.auth.permissions import roles_required
from app.extensions import db
from app.forms import REQUIRED, BaseForm, choices, strip
from app.registry.models import Organisation, sort_organisations

from . import bp
from .models import LoginSession, Role, User

PASSWORD_RULE = Length(min=8, max=200, message="Пароль — не короче 8 символов.")


class UserForm(BaseForm):
    username = StringField("Логин", filters=[strip], validators=[
        DataRequired(REQUIRED), Length(min=3, max=64, message="Логин — от 3 до 64 символов."),
        Regexp(r"^[A-Za-z0-9._-]+$", message="Логин — латинские буквы, цифры, точка, дефис, подчёркивание."),
    ])
    full_name = StringField("ФИО", filters=[strip], validators=[Length(max=200, message="Не длиннее 200 символов.")])
    position = StringField("Должность", filters=[strip], validators=[Length(max=300, message="Не длиннее 300 символов.")])
    # The region's roles: app/region/; an association leader's account is a registry person's —
    # made from the registry with an invitation (app/invitations/), not here.
    role = SelectField("Роль", choices=choices((key, label) for key, label in Role.MUNICIPAL_LABELS.items()
                                               if key != Role.ASSOCIATION_LEADER))
    organisation_id = SelectField("Организация", coerce=int, default=0)
    password = PasswordField("Пароль", validators=[DataRequired("Задайте пароль."), PASSWORD_RULE])

    def __init__(self, *args, user_id: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self._user_id = user_id
        self.organisation_id.choices = choices(
            [(0, "— нет —")] + [(o.id, o.short_name) for o in sort_organisations(db.session.scalars(select(Organisation)))])

    def validate_username(self, field):
        clash = db.session.scalar(select(User.id).where(func.lower(User.username) == field.data.lower(),
                                                        User.id != (self._user_id or 0)))
        if clash:
            raise ValidationError("Такой логин уже есть.")

    def validate_organisation_id(self, field):
        if self.role.data == Role.SCHOOL and not field.data:
            raise ValidationError("Координатору нужна его организация.")


class PasswordForm(BaseForm):
    password = PasswordField("Новый пароль", validators=[DataRequired("Задайте пароль."), PASSWORD_RULE])


def _users():
    return list(db.session.scalars(select(User).options(selectinload(User.organisation)).order_by(User.username)))


def _page(form=None, status=200, editing=None, edit_form=None, password_form=None):
    return render_template("auth/users.html", users=_users(), form=form or UserForm(formdata=None),
                           editing=editing, edit_form=edit_form, password_form=password_form,
                           roles=Role.LABELS), status


@bp.get("/users")
@roles_required(Role.ADMIN)
def users():
    return _page()


@bp.post("/users")
@roles_required(Role.ADMIN)
def user_create():
    form = UserForm()
    if not form.validate():
        return _page(form, 422)
    user = User(username=form.username.data, full_name=form.full_name.data, position=form.position.data,
                role=form.role.data, organisation_id=form.organisation_id.data or None)
    user.set_password(form.password.data)
    db.session.add(user)
    try:
        db.session.commit()
    except IntegrityError:  # the same login created a moment ago (a double click, two tabs)
        db.session.rollback()
        form.username.errors = ["Такой логин уже есть."]
        return _page(form, 422)
    flash(f"Пользователь {user.username} создан.")
    return redirect(url_for(".users"))


@bp.route("/users/<int:user_id>/edit", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def user_edit(user_id):
    user = db.get_or_404(User, user_id)
    if request.method == "GET":
        return _page(editing=user.id, edit_form=_edit_form(user, formdata=None))
    form = _edit_form(user)
    if not form.validate():
        return _page(editing=user.id, edit_form=form, status=422)
    if user.id == current_user.id and form.role.data != Role.ADMIN:
        form.role.errors = ["Нельзя снять с себя роль администратора."]
        return _page(editing=user.id, edit_form=form, status=422)
    for name in ("username", "full_name", "position", "role"):
        setattr(user, name, getattr(form, name).data)
    user.organisation_id = form.organisation_id.data or None
    db.session.commit()
    flash(f"Пользователь {user.username} сохранён.")
    return redirect(url_for(".users"))


def _edit_form(user: User, **kwargs) -> UserForm:
    form = UserForm(obj=user, user_id=user.id, **kwargs)
    del form.password
    if "formdata" in kwargs:
        form.organisation_id.data = user.organisation_id or 0
    return form


@bp.post("/users/<int:user_id>/password")
@roles_required(Role.ADMIN)
def user_password(user_id):
    user = db.get_or_404(User, user_id)
    form = PasswordForm()
    if not form.validate():
        return _page(editing=user.id, edit_form=_edit_form(user, formdata=None), password_form=form, status=422)
    user.set_password(form.password.data)
    db.session.execute(delete(LoginSession).where(LoginSession.user_id == user.id, LoginSession.token != (
        current_user.session_token if user.id == current_user.id else "")))
    db.session.commit()
    flash(f"Пароль {user.username} изменён; прежние входы закрыты.")
    return redirect(url_for(".users"))


@bp.post("/users/<int:user_id>/active")
@roles_required(Role.ADMIN)
def user_active(user_id):
    user = db.get_or_404(User, user_id)
    if user.id == current_user.id:
        flash("Нельзя заблокировать самого себя.")
        return redirect(url_for(".users"))
    user.active = request.form.get("active") == "1"
    if not user.active:
        db.session.execute(delete(LoginSession).where(LoginSession.user_id == user.id))
    db.session.commit()
    flash(f"{user.username}: {'доступ открыт' if user.active else 'заблокирован, входы закрыты'}.")
    return redirect(url_for(".users"))
