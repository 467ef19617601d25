"""Canned answers: texts staff insert and edit before sending, per language."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from clinic.models.base import Base, utcnow
from clinic.models.patient import LANGUAGES
from clinic.models.staff import Staff


class CannedAnswer(Base):
    """A ready-made answer an admin keeps; deactivated ones stay for the record."""

    __tablename__ = "canned_answer"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(sa.String(120))
    body: Mapped[str] = mapped_column(sa.Text)
    language: Mapped[str] = mapped_column(sa.String(2))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("staff.id"))

    updated_by: Mapped[Staff | None] = relationship()

    __table_args__ = (sa.CheckConstraint(f"language IN {LANGUAGES}", name="language"),)
