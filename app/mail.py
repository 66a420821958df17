"""Sending e-mail through the configured SMTP server (MAIL_SERVER, MAIL_PORT, MAIL_USE_TLS,
MAIL_USERNAME, MAIL_PASSWORD, MAIL_FROM): the weekly digest and invitations."""
import smtplib
from email.message import EmailMessage

from flask import current_app


def message(to: str, subject: str, text: str, html: str | None = None) -> EmailMessage:
    mail = EmailMessage()
    mail["Subject"] = subject
    mail["From"] = current_app.config.get("MAIL_FROM", "metodkabinet@localhost")
    mail["To"] = to
    mail.set_content(text)
    if html is not None:
        mail.add_alternative(html, subtype="html")
    return mail


def send(mail: EmailMessage) -> None:
    """Send one message; smtplib.SMTPException or OSError when the server cannot take it."""
    config = current_app.config
    with smtplib.SMTP(config.get("MAIL_SERVER", "localhost"), int(config.get("MAIL_PORT", 25)), timeout=30) as smtp:
        if config.get("MAIL_USE_TLS"):
            smtp.starttls()
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD", ""))
        smtp.send_message(mail)
