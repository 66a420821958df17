"""The weekly digest by e-mail (`flask send-reminders`, meant for cron).

A school coordinator gets their organisation's overdue items and those due this month, with a link
to «Мои мероприятия»; a methodist the schools with most overdue items and the events starting next
week with free seats. Nothing is sent to a blocked user, one without an address, one who turned the
digest off, or when there is nothing to say. A digest is recorded for the user and ISO week before it
is sent (a unique key), so a rerun the same week sends nothing twice; if the SMTP server refuses,
the record is removed again, the failure reported, and the next run retries — the others are sent.
"""
import smtplib
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from email.message import EmailMessage

from flask import current_app, render_template
from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint, delete, select
from sqlalchemy.orm import Mapped, mapped_column

from app.auth.models import Role, User
from app.clock import today
from app.events.models import Event, EventStatus
from app.extensions import db
from app.mail import message, send
from app.marks.queries import duty_list
from app.marks.status import overdue_by_school
from app.municipalities.scope import NOWHERE, enter
from app.staff.queries import new_vacancies
from app.upsert import insert_missing


class DigestSent(db.Model):
    """A user's digest of an ISO week (e.g. 2026-W48): there is one at most."""

    __tablename__ = "digests_sent"
    __table_args__ = (UniqueConstraint("user_id", "week", name="uq_digests_sent_user_week"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    week: Mapped[str] = mapped_column(String(10))
    sent_at: Mapped[datetime] = mapped_column()
    items: Mapped[int] = mapped_column(Integer, default=0)


def week_of(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


@dataclass
class Digest:
    user: User
    subject: str
    text: str
    html: str
    items: int


def school_digest(user: User, on: date) -> Digest | None:
    from app.campaigns.queries import open_campaigns
    duties = duty_list(user.organisation, on, overdue_limit=30, groups=("overdue", "month"))
    overdue_count, month = duties.counts["overdue"], duties.shown["month"]
    # The campaigns to submit: past their deadline, or due within two weeks.
    campaigns = [c for c in open_campaigns(user.organisation.id) if c.late(on) or (
        c.status != "submitted" and c.campaign.deadline <= on + timedelta(days=14))]
    if not overdue_count and not month and not campaigns:
        return None
    context = dict(user=user, on=on, overdue=duties.shown["overdue"], overdue_count=overdue_count, month=month,
                   campaigns=campaigns, link=_link("/my"), campaigns_link=_link("/campaigns/"))
    subject = f"Методкабинет: просрочено {overdue_count}, в этом месяце {len(month)}"
    if any(c.late(on) for c in campaigns):
        subject += ", мониторинг не сдан в срок"
    return Digest(user, subject, render_template("reminders/school.txt", **context),
                  render_template("reminders/school.html", **context), overdue_count + len(month) + len(campaigns))


def methodist_digest(user: User, on: date, overdue_by_school) -> Digest | None:
    start = datetime.combine(on + timedelta(days=7 - on.weekday()), datetime.min.time())  # next Monday
    events = [e for e in db.session.scalars(
        select(Event).where(Event.starts_at >= start, Event.starts_at < start + timedelta(days=7),
                            Event.status == EventStatus.PLANNED).order_by(Event.starts_at))
              if e.capacity is None or e.registered_count < e.capacity]
    behind = [(s, n) for s, n in overdue_by_school if n][:10]
    vacancies = new_vacancies(on)
    from app.campaigns.queries import late_schools
    late = late_schools(on, [s.id for s, _ in overdue_by_school])  # the campaigns the schools are late with
    if not behind and not events and not vacancies and not late:
        return None
    context = dict(user=user, on=on, behind=behind, events=events, vacancies=vacancies, late=late, link=_link("/my"),
                   events_link=_link("/events/"), vacancies_link=_link("/staff/vacancies"),
                   campaigns_link=_link("/campaigns/"))
    subject = f"Методкабинет: отстают {len(behind)} ОО, мероприятий на следующей неделе {len(events)}"
    if vacancies:
        subject += f", новых вакансий {len(vacancies)}"
    if late:
        subject += f", не сдали мониторинг {max(n for _, n in late)} ОО"
    return Digest(user, subject, render_template("reminders/methodist.txt", **context),
                  render_template("reminders/methodist.html", **context),
                  len(behind) + len(events) + len(vacancies) + len(late))


def _link(path: str) -> str:
    return current_app.config.get("PUBLIC_URL", "http://127.0.0.1:5000").rstrip("/") + path


def _message(digest: Digest) -> EmailMessage:
    return message(digest.user.email, digest.subject, digest.text, digest.html)


@dataclass
class Run:
    sent: list[str]
    skipped: int
    failed: list[tuple[str, str]]


def send_reminders(on: date | None = None) -> Run:
    on = on or today()
    week = week_of(on)
    users = db.session.scalars(select(User).where(User.active, User.digest, User.email != "",
                                                  User.role.in_([Role.SCHOOL, Role.METHODIST]))
                               .order_by(User.id)).all()
    overdue = {}  # by municipality
    run = Run([], 0, [])
    for user in users:
        enter(user.municipality_id or NOWHERE)  # a digest never mixes municipalities
        try:
            if user.role == Role.SCHOOL:
                digest = school_digest(user, on) if user.organisation else None
            else:
                if user.municipality_id not in overdue:
                    overdue[user.municipality_id] = overdue_by_school(on)
                digest = methodist_digest(user, on, overdue[user.municipality_id])
        finally:
            enter(None)
        if digest is None:
            run.skipped += 1
            continue
        claimed = insert_missing(DigestSent, {"user_id": user.id, "week": week, "sent_at": datetime.now(),
                                              "items": digest.items}, ["user_id", "week"])
        db.session.commit()
        if not claimed:
            run.skipped += 1  # sent earlier this week (or by a run going on at the same time)
            continue
        try:
            send(_message(digest))
            run.sent.append(user.email)
        except (smtplib.SMTPException, OSError) as error:
            db.session.execute(delete(DigestSent).where(DigestSent.user_id == user.id, DigestSent.week == week))
            db.session.commit()
            run.failed.append((user.email, str(error)[:200]))
    return run
