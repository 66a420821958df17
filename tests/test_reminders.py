"""The weekly digest, received by a local SMTP server (aiosmtpd): who gets what, nothing to a
blocked user or one who turned it off, no duplicate on a rerun, an SMTP failure reported and
retried next run without losing the others."""
import email
import email.policy
import socket
from datetime import date, datetime

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from app.auth.models import Role, User
from app.events.models import Event, EventFormat
from app.extensions import db
from app.marks.models import CompletionMark
from app.plan.models import Activity, Occurrence, Section
from app.reminders import DigestSent, send_reminders


class Inbox:
    def __init__(self):
        self.messages = []
        self.refuse: set[str] = set()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        return "250 Message accepted"

    def to(self, address):
        return [m for m in self.messages if m["To"] == address]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def inbox(app):
    handler = Inbox()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    saved = {key: app.config.get(key) for key in ("MAIL_SERVER", "MAIL_PORT", "PUBLIC_URL")}
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port, PUBLIC_URL="https://metod.example.ru")
    yield handler
    controller.stop()
    app.config.update(saved)  # the app outlives the test


def body(message, kind="plain") -> str:
    return message.get_body(preferencelist=(kind,)).get_content()


@pytest.fixture
def district(app, make_programme, make_org, make_user, freeze):
    """Today is 20 November 2023: the plan's Septembers of 2022 and 2023 are overdue for both schools,
    November 2023 is due this month; СОШ № 2 has done September 2023."""
    freeze(datetime(2023, 11, 20, 9))
    programme = make_programme(activities=1)
    first, second = make_org("СОШ № 1"), make_org("СОШ № 2")
    with app.app_context():
        section = db.session.scalars(select(Section).where(Section.programme_id == programme.id)).one()
        monthly = Activity(section=section, position=5, title="Ноябрьский отчёт", participants="all_schools",
                           deadline_text="ноябрь 2023", responsible_people=[], organisations=[],
                           occurrences=[Occurrence(label="ноябрь 2023", due_date=date(2023, 11, 30))])
        db.session.add(monthly)
        september = db.session.scalars(select(Occurrence).where(Occurrence.label == "сентябрь 2023")).one()
        db.session.add(CompletionMark(occurrence_id=september.id, organisation_id=second.id, status="done",
                                      done_on=date(2023, 9, 20)))
        seminar = db.session.scalar(select(EventFormat))
        db.session.add_all([
            Event(format=seminar, topic="Семинар со свободными местами", starts_at=datetime(2023, 11, 28, 10),
                  ends_at=datetime(2023, 11, 28, 12), capacity=30, registered_count=12),
            Event(format=seminar, topic="Полный семинар", starts_at=datetime(2023, 11, 29, 10),
                  ends_at=datetime(2023, 11, 29, 12), capacity=5, registered_count=5)])
        db.session.commit()
    users = {}
    for key, role, org in [("first", Role.SCHOOL, first), ("second", Role.SCHOOL, second),
                           ("methodist", Role.METHODIST, None), ("blocked", Role.SCHOOL, first),
                           ("quiet", Role.SCHOOL, first), ("head", Role.HEAD, None)]:
        made = make_user(role, username=key, organisation=org)
        users[key] = made.id
    with app.app_context():
        for key, user_id in users.items():
            user = db.session.get(User, user_id)
            user.email = f"{key}@example.ru"
            user.active = key != "blocked"
            user.digest = key != "quiet"
        db.session.commit()
    return users


def test_who_gets_what_and_a_rerun_sends_nothing_twice(app, inbox, district):
    with app.app_context():
        run = send_reminders()
    assert sorted(run.sent) == ["first@example.ru", "methodist@example.ru", "second@example.ru"]
    assert not inbox.to("blocked@example.ru") and not inbox.to("quiet@example.ru") and not inbox.to("head@example.ru")

    first = inbox.to("first@example.ru")[0]
    assert first["Subject"] == "Методкабинет: просрочено 2, в этом месяце 1"
    text = body(first)
    assert "сентябрь 2023" in text and "Ноябрьский отчёт" in text and "https://metod.example.ru/my" in text
    assert '<a href="https://metod.example.ru/my">' in body(first, "html")
    assert inbox.to("second@example.ru")[0]["Subject"] == "Методкабинет: просрочено 1, в этом месяце 1"
    methodist = body(inbox.to("methodist@example.ru")[0])
    assert methodist.index("СОШ № 1: 2") < methodist.index("СОШ № 2: 1")  # most overdue first
    assert "Семинар со свободными местами" in methodist and "Полный семинар" not in methodist

    with app.app_context():
        again = send_reminders()
    assert again.sent == [] and len(inbox.messages) == 3


def test_an_smtp_failure_is_reported_and_retried_next_run_without_losing_the_others(app, inbox, district):
    inbox.refuse = {"second@example.ru"}
    with app.app_context():
        run = send_reminders()
        assert [address for address, _ in run.failed] == ["second@example.ru"]
        assert sorted(run.sent) == ["first@example.ru", "methodist@example.ru"]
        assert db.session.scalar(select(DigestSent.id).where(DigestSent.user_id == district["second"])) is None
    inbox.refuse = set()
    with app.app_context():
        retry = send_reminders()
    assert retry.sent == ["second@example.ru"] and len(inbox.messages) == 3


def test_the_command_for_cron_exits_non_zero_on_a_failure(app, inbox, district):
    inbox.refuse = {"first@example.ru"}
    result = app.test_cli_runner().invoke(args=["send-reminders"])
    assert result.exit_code == 1 and "first@example.ru" in result.output
    assert "Отправлено писем: 2" in result.output


def test_a_user_sets_the_address_and_turns_the_digest_off(app, actor):
    user = actor(Role.SCHOOL)
    refused = user.post("/account", data={"email": "not an address", "digest": "y"})
    assert refused.status_code == 422 and "Адрес вида name@example.ru." in refused.get_data(as_text=True)
    assert user.post("/account", data={"email": "zavuch@school1.ru"}).status_code == 302
    with app.app_context():
        saved = db.session.get(User, user.user_id)
        assert (saved.email, saved.digest) == ("zavuch@school1.ru", False)


def test_the_methodists_home_names_the_schools_most_behind(app, actor, district):
    from .conftest import count_queries

    methodist = actor(Role.METHODIST)
    page = methodist.get("/my").get_data(as_text=True)
    assert "Больше всего просроченного" in page
    assert page.index("СОШ № 1</a> — 2") < page.index("СОШ № 2</a> — 1")
    with count_queries(app) as before:
        methodist.get("/my")
    with app.app_context():  # more programmes' activities do not add queries
        section = db.session.scalars(select(Section)).first()
        for n in range(5):
            db.session.add(Activity(section=section, position=10 + n, title=f"Ещё {n}", participants="all_schools",
                                    responsible_people=[], organisations=[],
                                    occurrences=[Occurrence(label="октябрь 2023", due_date=date(2023, 10, 31))]))
        db.session.commit()
    with count_queries(app) as after:
        page = methodist.get("/my").get_data(as_text=True)
    assert len(after) == len(before) and "СОШ № 1</a> — 7" in page
