"""Inbound texts from patients and what triage made of them."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from clinic.models.base import Base, partial, utcnow
from clinic.models.message import Message
from clinic.models.patient import Patient

REPLY_SEVERITIES = ("urgent", "concern", "expected", "none")


class Reply(Base):
    """One text (SMS or MMS) received from a patient's number."""

    __tablename__ = "reply"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Twilio's MessageSid: a duplicate webhook finds the row and changes nothing.
    message_sid: Mapped[str] = mapped_column(sa.String(64), unique=True)
    patient_id: Mapped[int | None] = mapped_column(sa.ForeignKey("patient.id"), index=True)
    # The prompt this reply answers (latest sent to the patient), if any.
    message_id: Mapped[int | None] = mapped_column(sa.ForeignKey("message.id"), index=True)
    from_number: Mapped[str] = mapped_column(sa.String(32))
    body: Mapped[str] = mapped_column(sa.Text, default="")
    media: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
    findings: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    severity: Mapped[str] = mapped_column(sa.String(10), default="none")
    # The words the triage matched, shown to clinicians as "why flagged".
    evidence: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    triage_reason: Mapped[str] = mapped_column(sa.String(300), default="")
    # What the pipeline did besides triage: opt_out, opt_in, help, confirm, move...
    action: Mapped[str] = mapped_column(sa.String(20), default="")
    # When staff allowed to read it opened the conversation (the inbox's "unread").
    read_at: Mapped[datetime | None]

    patient: Mapped[Patient | None] = relationship()
    message: Mapped[Message | None] = relationship()

    __table_args__ = (
        sa.CheckConstraint(f"severity IN {REPLY_SEVERITIES}", name="severity"),
        # "Has the patient answered since this prompt?" and a patient's replies in order.
        sa.Index("ix_reply_patient_received", "patient_id", "received_at"),
        # The unread badge on every page counts only what is still unread.
        sa.Index(
            "ix_reply_unread", "patient_id", **partial("read_at IS NULL AND patient_id IS NOT NULL")
        ),
    )
