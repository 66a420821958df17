"""Методкабинет: the application factory."""
import gc
from pathlib import Path

from flask import Flask

from .config import load_config
from .extensions import compress, csrf, db, htmx, login_manager, migrate


def create_app(config: dict | None = None) -> Flask:
    app = Flask(
        __name__,
        template_folder="../templates",
        static_folder="../static",
        instance_relative_config=True,
    )
    load_config(app, config)

    db.init_app(app)
    migrate.init_app(app, db, directory=str(Path(app.root_path).parent / "migrations"), render_as_batch=True)
    login_manager.init_app(app)
    htmx.init_app(app)
    compress.init_app(app)

    from . import request_log, security, templating
    if app.config["TRUSTED_PROXIES"]:  # X-Forwarded-* believed only from the configured number of proxies
        from werkzeug.middleware.proxy_fix import ProxyFix
        n = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=n)
    request_log.init_app(app)
    security.init_app(app)  # before CSRF: an anonymous POST is told to log in, not that its token is bad
    csrf.init_app(app)
    templating.init_app(app)
    from .municipalities import models as _municipalities, scope as municipal_scope  # noqa: F401
    municipal_scope.init_app(app)

    from .approval import bp as approval_bp
    from .associations import bp as associations_bp
    from .campaigns import bp as campaigns_bp
    from .competitions import bp as competitions_bp
    from .courses import bp as courses_bp
    from .indicators import bp as indicators_bp
    from .invitations import bp as invitations_bp
    from .staff import bp as staff_bp
    from .audit import bp as audit_bp
    from .auth import bp as auth_bp
    from .events import bp as events_bp
    from .exports import bp as exports_bp
    from .main import bp as main_bp
    from .mentoring import bp as mentoring_bp
    from .marks import bp as marks_bp
    from .plan import bp as plan_bp
    from .plan_import import bp as plan_import_bp
    from .region import bp as region_bp
    from .registry import bp as registry_bp
    app.register_blueprint(main_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(registry_bp)
    app.register_blueprint(plan_bp)
    app.register_blueprint(plan_import_bp)
    app.register_blueprint(marks_bp)
    app.register_blueprint(approval_bp)
    app.register_blueprint(audit_bp)
    app.register_blueprint(exports_bp)
    app.register_blueprint(events_bp)
    app.register_blueprint(competitions_bp)
    app.register_blueprint(mentoring_bp)
    app.register_blueprint(courses_bp)
    app.register_blueprint(indicators_bp)
    app.register_blueprint(region_bp)
    app.register_blueprint(invitations_bp)
    app.register_blueprint(staff_bp)
    app.register_blueprint(associations_bp)
    app.register_blueprint(campaigns_bp)

    from .events.linking import plan_links as event_links
    from .plan import links
    from .competitions.linking import plan_links as competition_links
    links.register(links.Provider("events", event_links, "+ мероприятие", "events.new"))
    links.register(links.Provider("competitions", competition_links, "+ конкурс", "competitions.new"))

    from . import reminders  # noqa: F401  (its table)
    from .cli import register_cli
    register_cli(app)
    if app.config["PRODUCTION"]:
        check_database(app)
    if app.config.get("TUNE_GC", True):
        tune_gc()
    return app


def check_database(app: Flask) -> None:
    """A production start stops with a clear message when the database does not answer."""
    from sqlalchemy import text

    from .config import ConfigError
    with app.app_context():
        try:
            with db.engine.connect() as conn:
                conn.execute(text("SELECT 1"))
        except Exception as error:  # any driver's "cannot connect"
            url = db.engine.url.render_as_string(hide_password=True)
            raise ConfigError(f"База данных недоступна ({url}): {str(error).splitlines()[0][:200]}. Проверьте "
                              "DATABASE_URL и что сервер PostgreSQL запущен.") from None
        finally:
            db.engine.dispose()


def tune_gc() -> None:
    """A page loads thousands of ORM objects, and Python's cyclic collector, run every 700
    allocations by default and walking everything the app created at start-up each time it gets
    to the oldest generation, took a third to a half of the plan page and «Мои мероприятия».
    Start-up objects are frozen out of its way, and it runs less often; cyclic garbage is still
    collected."""
    gc.freeze()
    gc.set_threshold(50_000, 20, 20)
