"""Configuration: defaults here, overrides from the environment.

DATABASE_URL picks the database (PostgreSQL in production); without it the app keeps an
embedded SQLite file under instance/. SECRET_KEY comes from the environment or, for a local
install, from instance/secret_key, created once so that sessions survive restarts.
"""
import os
import secrets
from pathlib import Path


def _instance_secret(instance_path: str) -> str:
    path = Path(instance_path) / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def database_url(url: str) -> str:
    """Accept the usual spellings of a PostgreSQL URL and use the psycopg 3 driver."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def load_config(app, overrides: dict | None = None) -> None:
    instance = Path(app.instance_path)
    instance.mkdir(parents=True, exist_ok=True)
    app.config.update(
        SQLALCHEMY_DATABASE_URI=database_url(
            os.environ.get("DATABASE_URL", f"sqlite:///{instance / 'metodkabinet.db'}")
        ),
        SQLALCHEMY_ENGINE_OPTIONS={"pool_pre_ping": True},
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        # Served over HTTPS (behind nginx): every cookie gets the Secure flag and browsers are told
        # to keep to HTTPS (Strict-Transport-Security). SESSION_COOKIE_SECURE=1 is the old name.
        HTTPS=os.environ.get("HTTPS") == "1" or os.environ.get("SESSION_COOKIE_SECURE") == "1",
        # Production (`make serve`): refuses to start without a real SECRET_KEY from the environment.
        PRODUCTION=os.environ.get("METODKABINET_ENV") == "production",
        # How many proxies in front set X-Forwarded-For/-Proto/-Host (nginx: 1); 0 trusts none.
        TRUSTED_PROXIES=int(os.environ.get("TRUSTED_PROXIES") or 0),
        # One line per request (request id, user, status, time) to stdout.
        REQUEST_LOG=os.environ.get("REQUEST_LOG", "1") == "1",
        # Uploaded files (evidence, materials, scans): a directory every app server can reach.
        EVIDENCE_DIR=os.environ.get("STORAGE_DIR") or None,
        # …or an S3-compatible object store (MinIO, any S3) when a bucket is named: several app
        # servers without a shared volume. Credentials: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY.
        STORAGE_S3_BUCKET=os.environ.get("STORAGE_S3_BUCKET") or None,
        STORAGE_S3_ENDPOINT=os.environ.get("STORAGE_S3_ENDPOINT") or None,
        STORAGE_S3_PREFIX=os.environ.get("STORAGE_S3_PREFIX", ""),
        STORAGE_S3_REGION=os.environ.get("STORAGE_S3_REGION") or None,
        # The weekly digest (`flask send-reminders`): the SMTP server and the address links lead to.
        MAIL_SERVER=os.environ.get("MAIL_SERVER", "localhost"),
        MAIL_PORT=int(os.environ.get("MAIL_PORT") or 25),
        MAIL_USE_TLS=os.environ.get("MAIL_USE_TLS") == "1",
        MAIL_USERNAME=os.environ.get("MAIL_USERNAME", ""),
        MAIL_PASSWORD=os.environ.get("MAIL_PASSWORD", ""),
        MAIL_FROM=os.environ.get("MAIL_FROM", "metodkabinet@localhost"),
        PUBLIC_URL=os.environ.get("PUBLIC_URL", "http://127.0.0.1:5000"),
        WTF_CSRF_TIME_LIMIT=None,
        WTF_I18N_ENABLED=False,  # WTForms' bundled Russian messages (see app/forms.py)
        MAX_CONTENT_LENGTH=11 * 1024 * 1024,  # an evidence file (10 MB) and its form
        # Failed logins: after LOGIN_MAX_FAILURES within LOGIN_WINDOW_MINUTES the login is
        # refused with 429 until the window passes.
        LOGIN_MAX_FAILURES=5,
        LOGIN_MAX_FAILURES_PER_ADDRESS=30,
        LOGIN_WINDOW_MINUTES=15,
        PEOPLE_PER_PAGE=50,
        # Text responses are gzip-compressed when the browser accepts it (Flask-Compress).
        COMPRESS_ALGORITHM=["gzip"],
        COMPRESS_MIMETYPES=["text/html", "text/css", "application/javascript", "text/javascript",
                            "application/json", "text/plain"],
        COMPRESS_MIN_SIZE=1000,
        # Mentoring: a respondent is satisfied at this mean score (1–10) or above; attending events
        # whose topic contains MENTOR_SCHOOL_TOPIC counts as a mentor's training in the region.
        MENTORING_SATISFIED_AT=7,
        MENTOR_SCHOOL_TOPIC="школа наставников",
    )
    if overrides:
        app.config.update(overrides)
    if app.config["PRODUCTION"]:
        app.config["SECRET_KEY"] = app.config.get("SECRET_KEY") or production_secret(os.environ.get("SECRET_KEY"))
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = os.environ.get("SECRET_KEY") or _instance_secret(
            app.instance_path
        )
    secure = app.config["HTTPS"]
    app.config.update(SESSION_COOKIE_SECURE=secure, REMEMBER_COOKIE_SECURE=secure, REMEMBER_COOKIE_HTTPONLY=True)


WEAK_SECRETS = {"", "secret", "changeme", "change-me", "dev", "development", "test", "bench", "x", "password"}


class ConfigError(SystemExit):
    """Refusing to start, with a message for the person starting it."""


def production_secret(value: str | None) -> str:
    """The SECRET_KEY for production: from the environment, long and not a placeholder."""
    value = (value or "").strip()
    if value.lower() in WEAK_SECRETS or len(value) < 32:
        raise ConfigError("SECRET_KEY не задан или слишком простой: задайте в окружении случайную строку не короче "
                          "32 символов, например: python3 -c 'import secrets; print(secrets.token_hex(32))'")
    return value
