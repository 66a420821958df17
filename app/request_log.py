"""One line per request to stdout — request id, user, method, path, status, time — for whoever
runs the servers; the id also goes back in X-Request-ID (a proxy's own id is kept if it sent one)."""
import logging
import re
import secrets
import sys
import time

from flask import Flask, g, request
from flask_login import current_user

log = logging.getLogger("metodkabinet.requests")
REQUEST_ID = re.compile(r"^[\w.-]{1,64}$")


class _Stdout(logging.StreamHandler):
    """Writes to whatever sys.stdout is at the time (a server's, or a test's capture)."""

    def emit(self, record):
        self.stream = sys.stdout
        super().emit(record)


def init_app(app: Flask) -> None:
    if not log.handlers:
        handler = _Stdout()
        handler.setFormatter(logging.Formatter("%(message)s"))
        log.addHandler(handler)
        log.setLevel(logging.INFO)
        log.propagate = False

    @app.before_request
    def start():
        g.request_started = time.perf_counter()
        given = request.headers.get("X-Request-ID", "")
        g.request_id = given if REQUEST_ID.match(given) else secrets.token_hex(8)

    @app.after_request
    def finish(response):
        response.headers["X-Request-ID"] = g.get("request_id", "")
        if app.config.get("REQUEST_LOG"):
            # The user's id — not get_id(), which is the session token and must never reach a log.
            user = current_user.id if current_user and current_user.is_authenticated else "-"
            took = (time.perf_counter() - g.get("request_started", time.perf_counter())) * 1000
            log.info("request id=%s user=%s %s %s status=%s ms=%.1f", g.get("request_id", "-"), user, request.method,
                     request.full_path.rstrip("?"), response.status_code, took)
        return response
