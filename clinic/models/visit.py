"""Visits, the threads used in a procedure, and the audit trail of each visit."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from clinic.models.base import Base, partial, utcnow
from clinic.models.patient import Patient
from clinic.models.staff import Staff

VISIT_KINDS = ("consultation", "procedure", "follow_up")
VISIT_STATUSES = ("booked", "confirmed", "completed", "cancelled", "no_show")
OPEN_STATUSES = ("booked", "confirmed")
AREAS = ("cheeks", "jawline", "nasolabial", "marionette", "brow", "neck")
THREAD_TYPES = ("mono", "cog", "screw", "other")
THREAD_MATERIALS = ("PDO", "PLLA", "PCL")


class Visit(Base):
    """A booked time with a practitioner."""

    __tablename__ = "visit"

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(sa.ForeignKey("patient.id"), index=True)
    practitioner_id: Mapped[int] = mapped_column(sa.ForeignKey("staff.id"))
    kind: Mapped[str] = mapped_column(sa.String(20))
    status: Mapped[str] = mapped_column(sa.String(20), default="booked")
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    duration_minutes: Mapped[int]
    areas: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    notes: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("staff.id"))
    confirmed_at: Mapped[datetime | None]
    completed_at: Mapped[datetime | None]
    cancelled_at: Mapped[datetime | None]
    # Set by every move, so the patient is told the new time once per move.
    rescheduled_at: Mapped[datetime | None]

    patient: Mapped[Patient] = relationship()
    practitioner: Mapped[Staff] = relationship(foreign_keys=[practitioner_id])
    threads: Mapped[list["VisitThread"]] = relationship(
        back_populates="visit", cascade="all, delete-orphan", order_by="VisitThread.id"
    )
    events: Mapped[list["VisitEvent"]] = relationship(
        back_populates="visit", order_by="VisitEvent.id"
    )

    __table_args__ = (
        sa.CheckConstraint(f"kind IN {VISIT_KINDS}", name="kind"),
        sa.CheckConstraint(f"status IN {VISIT_STATUSES}", name="status"),
        sa.CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        sa.Index("ix_visit_practitioner_starts", "practitioner_id", "starts_at"),
        # The day view and the visits API find one day across every practitioner.
        sa.Index("ix_visit_starts_at", "starts_at"),
        sa.Index(
            "ix_visit_procedure_completed",
            "completed_at",
            **partial("kind = 'procedure' AND status = 'completed'"),
        ),
    )

    @property
    def is_open(self) -> bool:
        """Whether the visit is still ahead of the clinic (booked or confirmed)."""
        return self.status in OPEN_STATUSES


class VisitThread(Base):
    """Threads of one type and material placed during a procedure."""

    __tablename__ = "visit_thread"

    id: Mapped[int] = mapped_column(primary_key=True)
    visit_id: Mapped[int] = mapped_column(sa.ForeignKey("visit.id"), index=True)
    type: Mapped[str] = mapped_column(sa.String(10))
    material: Mapped[str | None] = mapped_column(sa.String(10))
    count: Mapped[int]

    visit: Mapped[Visit] = relationship(back_populates="threads")

    __table_args__ = (sa.CheckConstraint("count > 0", name="count_positive"),)


class VisitEvent(Base):
    """One line of a visit's audit trail: who did what, and when."""

    __tablename__ = "visit_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    visit_id: Mapped[int] = mapped_column(sa.ForeignKey("visit.id"), index=True)
    staff_id: Mapped[int | None] = mapped_column(sa.ForeignKey("staff.id"))
    action: Mapped[str] = mapped_column(sa.String(20))
    detail: Mapped[str] = mapped_column(sa.Text, default="")
    at: Mapped[datetime] = mapped_column(default=utcnow)

    visit: Mapped[Visit] = relationship(back_populates="events")
    staff: Mapped[Staff | None] = relationship()
