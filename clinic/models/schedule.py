"""Working hours per practitioner, the clinic's closed days, and who changed them."""

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from clinic.models.base import Base, utcnow
from clinic.models.staff import Staff


class WorkingHours(Base):
    """A practitioner's weekly hours: ``{"mon": [["09:00", "18:00"]], ..., "sun": []}``."""

    __tablename__ = "working_hours"

    practitioner_id: Mapped[int] = mapped_column(sa.ForeignKey("staff.id"), primary_key=True)
    hours: Mapped[dict[str, list[list[str]]]] = mapped_column(sa.JSON)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("staff.id"))

    practitioner: Mapped[Staff] = relationship(foreign_keys=[practitioner_id])


class ClosedDay(Base):
    """A clinic-local day on which nobody can be booked (a holiday, say)."""

    __tablename__ = "closed_day"

    day: Mapped[date] = mapped_column(sa.Date, primary_key=True)
    reason: Mapped[str] = mapped_column(sa.String(120), default="")


class ScheduleEvent(Base):
    """One line of the schedule's audit trail: hours set, days closed or opened."""

    __tablename__ = "schedule_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int | None] = mapped_column(sa.ForeignKey("staff.id"))
    action: Mapped[str] = mapped_column(sa.String(20))
    detail: Mapped[str] = mapped_column(sa.Text, default="")
    at: Mapped[datetime] = mapped_column(default=utcnow)

    staff: Mapped[Staff | None] = relationship()
