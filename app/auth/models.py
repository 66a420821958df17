"""Accounts, login sessions and failed-login records."""
import secrets
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Boolean, ForeignKey, String, func, true
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from app.extensions import db


class Role:
    ADMIN = "admin"
    METHODIST = "methodist"
    SCHOOL = "school"
    HEAD = "head"
    EXPERT = "expert"  # a jury member: sees only the competitions where they sit on the jury
    # A teacher who leads a methodical association: their association's meetings and attendance only.
    ASSOCIATION_LEADER = "association_leader"
    # The region's own accounts (ИРО, ЦНППМ): no municipality of their own.
    REGION_METHODIST = "region_methodist"  # reads every municipality, keeps the region's records
    REGION_ADMIN = "region_admin"  # creates municipalities and their first administrator

    MUNICIPAL = (ADMIN, METHODIST, SCHOOL, HEAD, EXPERT, ASSOCIATION_LEADER)
    REGIONAL = (REGION_METHODIST, REGION_ADMIN)
    ALL = MUNICIPAL + REGIONAL
    EDITORS = (ADMIN, METHODIST)
    # Who reads the registers and reports: a municipality's own, and the region's (a municipality at
    # a time, never changing it — app/security.py).
    READERS = (ADMIN, METHODIST, HEAD, SCHOOL, REGION_METHODIST, REGION_ADMIN)
    LABELS = {
        ADMIN: "администратор",
        METHODIST: "методист (рабочая группа)",
        SCHOOL: "координатор ОО",
        HEAD: "руководитель",
        EXPERT: "эксперт (член жюри)",
        ASSOCIATION_LEADER: "руководитель объединения",
        REGION_METHODIST: "методист региона",
        REGION_ADMIN: "администратор региона",
    }
    MUNICIPAL_LABELS = dict(zip(MUNICIPAL, map(LABELS.get, MUNICIPAL), strict=True))


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    # A municipality's account works inside it; the region's own accounts have none.
    municipality_id: Mapped[int | None] = mapped_column(ForeignKey("municipalities.id"), index=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(256))
    full_name: Mapped[str] = mapped_column(String(200), default="")
    position: Mapped[str] = mapped_column(String(300), default="")  # printed under "УТВЕРЖДАЮ"
    role: Mapped[str] = mapped_column(String(20))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    # The registry's person the account is (an association's leader: whose appointments count).
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    # The weekly digest by e-mail: to this address, unless the user turned it off.
    email: Mapped[str] = mapped_column(String(200), default="", server_default="")
    digest: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())

    organisation = relationship("Organisation")

    # The login session this request runs under; set by the user loader, not stored here.
    session_token = None

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def get_id(self) -> str:
        return self.session_token or ""

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def can_edit_plan(self) -> bool:
        return self.role in Role.EDITORS

    @property
    def is_regional(self) -> bool:
        return self.role in Role.REGIONAL

    @property
    def role_label(self) -> str:
        return Role.LABELS.get(self.role, self.role)

    @property
    def display_name(self) -> str:
        return self.full_name or self.username


class LoginSession(db.Model):
    """One row per logged-in browser. Logging out deletes it, so a copied cookie dies too."""

    __tablename__ = "login_sessions"

    token: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())

    @staticmethod
    def new_token() -> str:
        return secrets.token_urlsafe(32)


class LoginFailure(db.Model):
    """A failed login, kept for the sliding-window limit on guessing passwords."""

    __tablename__ = "login_failures"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), index=True)
    remote_addr: Mapped[str] = mapped_column(String(64), index=True)
    at: Mapped[datetime] = mapped_column(index=True)
