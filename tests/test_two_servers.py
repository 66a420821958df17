"""Several app servers behind one balancer: two real server processes on one database and one
storage directory. A file uploaded through one is served by the other; a logout on one ends the
session on both."""
import http.cookiejar
import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from sqlalchemy import select

from app.auth.models import Role
from app.courses.models import Course, CourseProvider
from app.extensions import db
from app.registry.models import Person

from .conftest import PASSWORD

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(url: str, storage: Path, secret: str, extra: dict | None = None):
    port = free_port()
    env = dict(os.environ, DATABASE_URL=url, SECRET_KEY=secret, STORAGE_DIR=str(storage), REQUEST_LOG="0",
               **(extra or {}))
    process = subprocess.Popen([sys.executable, "-m", "flask", "--app", "wsgi", "run", "--port", str(port)], cwd=ROOT,
                               env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(150):
        try:
            urllib.request.urlopen(base + "/healthz")
            return process, base
        except OSError:
            time.sleep(0.1)
    process.terminate()
    raise AssertionError("the server did not start")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """One browser's cookies, sent to either server."""

    def __init__(self):
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies), NoRedirect)

    def open(self, url, data=None, headers=None):
        request = urllib.request.Request(url, data=data, headers=headers or {})
        try:
            with self.opener.open(request) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def token(self, url) -> str:
        _, body = self.open(url)
        return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', body.decode()).group(1)


def multipart(fields: dict, file_field: str, name: str, data: bytes) -> tuple[bytes, str]:
    boundary = "b" + secrets.token_hex(8)
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
             for k, v in fields.items()]
    parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{file_field}"; filename="{name}"\r\n'
                 f"Content-Type: application/pdf\r\n\r\n".encode() + data + b"\r\n")
    return b"".join(parts) + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def test_two_servers_share_the_files_and_the_sessions(app, make_user, make_org, tmp_path):
    make_user(Role.METHODIST, username="metodist")
    school = make_org("СОШ № 1")
    with app.app_context():
        person = Person(full_name="Учитель Общего Сервера", organisation_id=school.id)
        db.session.add(person)
        db.session.commit()
        person_id, provider = person.id, db.session.scalar(select(CourseProvider.id))
        url = app.config["SQLALCHEMY_DATABASE_URI"]
    storage, secret = tmp_path / "shared", secrets.token_hex(32)
    (one, a), (two, b) = start(url, storage, secret), start(url, storage, secret)
    try:
        browser = Browser()
        token = browser.token(a + "/login")
        status, _ = browser.open(a + "/login", urllib.parse.urlencode(
            {"username": "metodist", "password": PASSWORD, "csrf_token": token}).encode())
        assert status == 302
        scan = b"%PDF-1.4 the certificate"
        body, kind = multipart({"csrf_token": browser.token(a + "/courses/new"), "person_id": person_id,
                                "programme_title": "ФГОС", "provider_id": provider, "form": "full_time", "hours": 36,
                                "starts_on": "2024-02-01", "ends_on": "2024-02-10"}, "file", "scan.pdf", scan)
        status, _ = browser.open(a + "/courses/new", body, {"Content-Type": kind})
        assert status == 302
        with app.app_context():
            course_id = db.session.scalar(select(Course.id).where(Course.person_id == person_id))
        # The other server serves the file uploaded through the first, to the same session.
        status, served = browser.open(f"{b}/courses/{course_id}/file")
        assert status == 200 and served == scan
        # A logout on the second ends the session on the first.
        status, _ = browser.open(b + "/logout", urllib.parse.urlencode({"csrf_token": browser.token(b + "/courses/")})
                                 .encode())
        assert status in (302, 303)
        status, _ = browser.open(a + "/courses/")
        assert status == 302  # to the login page
    finally:
        for process in (one, two):
            process.terminate()
            process.wait()
