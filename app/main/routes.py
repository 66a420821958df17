from flask import redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import text

from app.auth.models import Role
from app.extensions import db

from . import bp


@bp.route("/healthz")
def healthz():
    """200 once the database answers; 503 otherwise, for the load balancer."""
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:  # any driver error means "not ready"
        db.session.rollback()
        return {"status": "database unavailable"}, 503
    return {"status": "ok"}


@bp.route("/")
def index():
    """A coordinator starts from what their school must do; everyone else from the programmes."""
    if current_user.role == Role.SCHOOL:
        return redirect(url_for("marks.my"))
    if current_user.role == Role.EXPERT:
        return redirect(url_for("competitions.index"))
    if current_user.role == Role.ASSOCIATION_LEADER:
        return redirect(url_for("associations.index"))
    if current_user.role in Role.REGIONAL:
        return redirect(url_for("region.index"))
    return redirect(url_for("plan.index"))


ERRORS = {
    400: "Запрос не понят. Обновите страницу и повторите.",
    403: "Недостаточно прав для этого действия.",
    404: "Страница не найдена — возможно, запись уже удалили.",
    405: "Так обратиться к этой странице нельзя.",
    413: "Слишком большой запрос.",
    500: "Что-то пошло не так. Мы уже знаем; попробуйте ещё раз позже.",
}


def _error(error):
    code = getattr(error, "code", 500) or 500
    message = ERRORS.get(code, getattr(error, "description", "") or ERRORS[500])
    if request.headers.get("HX-Request"):
        return message, code
    return render_template("error.html", code=code, message=message), code


for _code in ERRORS:
    bp.app_errorhandler(_code)(_error)
