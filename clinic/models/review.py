"""The review queue: replies and events that may need a person."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from clinic.models.base import Base, partial, utcnow
from clinic.models.message import Message
from clinic.models.patient import Patient
from clinic.models.reply import Reply
from clinic.models.staff import Staff
from clinic.models.visit import Visit

REVIEW_SEVERITIES = ("urgent", "concern", "expected", "info")
SEVERITY_RANK = {"urgent": 0, "concern": 1, "expected": 2, "info": 3}
AUDIENCES = ("clinical", "front_desk")
OUTCOMES = ("reassured", "review_visit_booked", "urgent_care", "other")


class ReviewItem(Base):
    """Something a clinician or the front desk should look at."""

    __tablename__ = "review_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    # "reply:<id>", "undelivered:<message id>", "silent:<message id>"...:
    # a duplicate event finds the item instead of raising a second one.
    key: Mapped[str] = mapped_column(sa.String(80), unique=True)
    # None for a text from a number that matches no patient.
    patient_id: Mapped[int | None] = mapped_column(sa.ForeignKey("patient.id"), index=True)
    visit_id: Mapped[int | None] = mapped_column(sa.ForeignKey("visit.id"))
    reply_id: Mapped[int | None] = mapped_column(sa.ForeignKey("reply.id"))
    message_id: Mapped[int | None] = mapped_column(sa.ForeignKey("message.id"))
    reason: Mapped[str] = mapped_column(sa.String(300))
    severity: Mapped[str] = mapped_column(sa.String(10))
    audience: Mapped[str] = mapped_column(sa.String(12), default="clinical")
    findings: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    # The words the triage matched, shown to clinicians as "why flagged".
    evidence: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    status: Mapped[str] = mapped_column(sa.String(10), default="open")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    resolved_at: Mapped[datetime | None]
    resolved_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("staff.id"))
    outcome: Mapped[str | None] = mapped_column(sa.String(30))
    note: Mapped[str] = mapped_column(sa.Text, default="")
    # Paging: 0 never paged, 1 the on-call round went out, 2 escalated to everyone.
    page_round: Mapped[int] = mapped_column(default=0, server_default="0")
    acknowledged_at: Mapped[datetime | None]
    acknowledged_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("staff.id"))
    # How: "sms", "opened", "api" or "resolved".
    acknowledged_via: Mapped[str | None] = mapped_column(sa.String(10))

    patient: Mapped[Patient | None] = relationship()
    visit: Mapped[Visit | None] = relationship()
    reply: Mapped[Reply | None] = relationship()
    message: Mapped[Message | None] = relationship(foreign_keys=[message_id])
    resolved_by: Mapped[Staff | None] = relationship(foreign_keys=[resolved_by_id])
    acknowledged_by: Mapped[Staff | None] = relationship(foreign_keys=[acknowledged_by_id])
    pages: Mapped[list[Message]] = relationship(
        primaryjoin="ReviewItem.id == foreign(Message.review_item_id)",
        order_by="Message.id",
        viewonly=True,
    )

    __table_args__ = (
        sa.CheckConstraint(f"severity IN {REVIEW_SEVERITIES}", name="severity"),
        sa.CheckConstraint(f"audience IN {AUDIENCES}", name="audience"),
        sa.CheckConstraint("status IN ('open', 'resolved')", name="status"),
        sa.Index("ix_review_item_status_created", "status", "created_at"),
        # Covers the open queue's filter, counts and order: both read it index-only.
        sa.Index(
            "ix_review_item_open",
            "audience",
            "severity",
            "created_at",
            "id",
            **partial("status = 'open'"),
        ),
        sa.Index("ix_review_item_resolved", "resolved_at", **partial("status = 'resolved'")),
        sa.Index("ix_review_item_visit_id", "visit_id"),
    )

    @property
    def minutes_to_acknowledge(self) -> float | None:
        """How long an item waited before someone acknowledged it."""
        if self.acknowledged_at is None:
            return None
        return (self.acknowledged_at - self.created_at).total_seconds() / 60

    @property
    def minutes_to_review(self) -> int | None:
        """How long the item waited before someone resolved it."""
        if self.resolved_at is None:
            return None
        return int((self.resolved_at - self.created_at).total_seconds() // 60)
