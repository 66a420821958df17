from datetime import datetime, timedelta
from urllib.parse import urlsplit

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_user, logout_user
from sqlalchemy import delete, func, select

from app.extensions import db, login_manager

from . import bp
from .forms import LoginForm
from .models import LoginFailure, LoginSession, User


@login_manager.user_loader
def load_user(token: str) -> User | None:
    user = db.session.scalars(
        select(User).join(LoginSession, LoginSession.user_id == User.id)
        .where(LoginSession.token == token, User.active.is_(True))
    ).first()
    if user is not None:
        user.session_token = token
    return user


def safe_next(target: str | None) -> str:
    """Only a path on this site: no scheme, no host, no protocol-relative '//' trick."""
    if not target or "\\" in target:
        return url_for("main.index")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return url_for("main.index")
    return target


def _too_many_failures(username: str, address: str) -> bool:
    cfg = current_app.config
    since = datetime.now() - timedelta(minutes=cfg["LOGIN_WINDOW_MINUTES"])
    by_user, by_address = db.session.execute(
        select(
            func.count().filter(LoginFailure.username == username),
            func.count().filter(LoginFailure.remote_addr == address),
        ).where(LoginFailure.at >= since)
    ).one()
    return by_user >= cfg["LOGIN_MAX_FAILURES"] or by_address >= cfg["LOGIN_MAX_FAILURES_PER_ADDRESS"]


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(safe_next(request.args.get("next")))
    form = LoginForm()
    status = 200
    if request.method == "POST":
        username = (form.username.data or "").strip().lower()[:64]
        address = (request.remote_addr or "")[:64]
        if _too_many_failures(username, address):
            form.form_errors.append(
                "Слишком много неудачных попыток входа. Подождите 15 минут и попробуйте снова."
            )
            return render_template("auth/login.html", form=form), 429
        if form.validate_on_submit():
            user = db.session.scalars(select(User).where(func.lower(User.username) == username)).first()
            if user is not None and user.active and user.check_password(form.password.data):
                db.session.execute(delete(LoginFailure).where(LoginFailure.username == username))
                session_row = LoginSession(token=LoginSession.new_token(), user_id=user.id)
                db.session.add(session_row)
                db.session.commit()
                user.session_token = session_row.token
                login_user(user)
                return redirect(safe_next(request.args.get("next")))
            window = timedelta(minutes=current_app.config["LOGIN_WINDOW_MINUTES"])
            db.session.execute(delete(LoginFailure).where(LoginFailure.at < datetime.now() - window))
            db.session.add(LoginFailure(username=username, remote_addr=address, at=datetime.now()))
            db.session.commit()
            form.form_errors.append("Неверный логин или пароль.")
        status = 422 if form.errors or form.form_errors else 200
    return render_template("auth/login.html", form=form), status


@bp.route("/logout", methods=["GET", "POST"])
def logout():
    if request.method == "GET":
        return render_template("auth/logout.html")
    token = current_user.session_token
    db.session.execute(delete(LoginSession).where(LoginSession.token == token))
    db.session.commit()
    logout_user()
    flash("Вы вышли из системы.")
    return redirect(url_for("auth.login"))


@bp.route("/account", methods=["GET", "POST"])
def account():
    """The user's own settings: the address for the weekly digest, and whether to get it."""
    from wtforms import BooleanField, StringField
    from wtforms.validators import Length, Optional, Regexp

    from app.forms import BaseForm, strip

    class AccountForm(BaseForm):
        email = StringField("Электронная почта", filters=[strip], validators=[
            Optional(), Length(max=200, message="Не длиннее 200 символов."),
            Regexp(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", message="Адрес вида name@example.ru.")])
        digest = BooleanField("Присылать еженедельную сводку: просроченное и сроки этого месяца")

    form = AccountForm(obj=current_user)
    if request.method == "POST" and form.validate():
        user = db.session.get(User, current_user.id)
        user.email, user.digest = form.email.data, form.digest.data
        db.session.commit()
        flash("Настройки сохранены.")
        return redirect(url_for(".account"))
    return render_template("auth/account.html", form=form), 422 if form.errors else 200
