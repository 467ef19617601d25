"""The audit trail: who did what to which record, and when."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from clinic.models.base import Base, utcnow


class AuditEvent(Base):
    """One audited action; it holds ids and field names, never a patient's words."""

    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    # No foreign keys: the trail outlives the rows it speaks of.
    staff_id: Mapped[int | None]
    # Who, as shown: a staff email, "patient (SMS)", "system" or a typed email that failed.
    actor: Mapped[str] = mapped_column(sa.String(254), default="system")
    action: Mapped[str] = mapped_column(sa.String(40))
    patient_id: Mapped[int | None]
    subject: Mapped[str] = mapped_column(sa.String(80), default="")
    detail: Mapped[str] = mapped_column(sa.String(500), default="")
    address: Mapped[str] = mapped_column(sa.String(64), default="")

    __table_args__ = (
        sa.Index("ix_audit_event_at", "at"),
        sa.Index("ix_audit_event_patient_id", "patient_id"),
        sa.Index("ix_audit_event_staff_id", "staff_id"),
    )
