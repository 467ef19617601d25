"""Staff accounts and their API tokens."""

from datetime import datetime

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship

from clinic.models.base import Base, utcnow

ROLES = ("receptionist", "clinician", "admin")


class Staff(UserMixin, Base):
    """A person who works at the clinic; clinicians are also bookable practitioners."""

    __tablename__ = "staff"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    role: Mapped[str] = mapped_column(sa.String(20))
    password_hash: Mapped[str] = mapped_column(sa.String(256))
    active: Mapped[bool] = mapped_column(default=True)
    # E.164 mobile number that receives on-call pages; unique so an ACK names one person.
    phone: Mapped[str | None] = mapped_column(sa.String(20))
    # The language of this person's pages and texts; None follows the browser (pages) and the
    # clinic's country (texts).
    language: Mapped[str | None] = mapped_column(sa.String(2))
    on_call: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    # Bumped by every booking change so concurrent bookings for one
    # practitioner take turns (a row lock on PostgreSQL, the write lock on SQLite).
    schedule_version: Mapped[int] = mapped_column(default=0)
    # Part of the session's user id: bumping it ends every session of this person.
    session_version: Mapped[int] = mapped_column(default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    tokens: Mapped[list["ApiToken"]] = relationship(back_populates="staff")

    __table_args__ = (
        sa.CheckConstraint(f"role IN {ROLES}", name="role"),
        sa.Index("ix_staff_phone", "phone", unique=True),
    )

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive accounts
        return self.active

    def get_id(self) -> str:
        """The id Flask-Login keeps in the session: account and session version."""
        return f"{self.id}:{self.session_version}"

    def text_language(self, country: str) -> str:
        """The language of the texts this person receives (pages, answers to ACK)."""
        if self.language:
            return self.language
        return "ko" if country == "KR" else "en"

    @property
    def is_practitioner(self) -> bool:
        """Whether visits can be booked with this person."""
        return self.role == "clinician"

    def __repr__(self) -> str:
        return f"<Staff {self.id} {self.role}>"


class ApiToken(Base):
    """A bearer token for the JSON API; only its SHA-256 digest is stored."""

    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(sa.ForeignKey("staff.id"), index=True)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]

    staff: Mapped[Staff] = relationship(back_populates="tokens")
