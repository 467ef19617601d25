"""The outbox: every text the clinic owes a patient, one row each."""

from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from clinic.models.base import Base, partial, utcnow
from clinic.models.patient import Patient
from clinic.models.staff import Staff
from clinic.models.visit import Visit

if TYPE_CHECKING:
    from clinic.models.plan import PlanVersion
    from clinic.models.review import ReviewItem

MESSAGE_KINDS = (
    "confirmation",
    "reminder",
    "instruction",
    "check",
    "nudge",
    "reply",
    "page",
    "staff",
)
MESSAGE_STATUSES = (
    "pending",
    "sending",
    "sent",
    "delivered",
    "undelivered",
    "failed",
    "cancelled",
    "skipped",
    "unknown",
)
# Forward order of provider-driven statuses; a callback never moves a text back.
STATUS_RANK = {"pending": 0, "unknown": 1, "sending": 1, "sent": 2}
STATUS_RANK.update({status: 3 for status in ("delivered", "undelivered", "failed")})


class Message(Base):
    """One planned or sent outbound text."""

    __tablename__ = "message"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Business key: "<visit id>:<step>" for planned steps, "reply:<inbound sid>"
    # for answers to a reply. Unique, so planning twice never plans two texts.
    key: Mapped[str] = mapped_column(sa.String(80), unique=True)
    # None for a page to a staff member's phone (``staff_id`` and ``to_number`` set).
    patient_id: Mapped[int | None] = mapped_column(sa.ForeignKey("patient.id"), index=True)
    staff_id: Mapped[int | None] = mapped_column(sa.ForeignKey("staff.id"))
    # Who wrote a text typed by staff (kind "staff"); shown in the conversation.
    sent_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("staff.id"))
    to_number: Mapped[str | None] = mapped_column(sa.String(20))
    review_item_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("review_item.id", use_alter=True), index=True
    )
    visit_id: Mapped[int | None] = mapped_column(sa.ForeignKey("visit.id"), index=True)
    # The aftercare plan version a planned step came from; its text and options stay that
    # version's even after the plan is edited.
    plan_version_id: Mapped[int | None] = mapped_column(sa.ForeignKey("plan_version.id"))
    step: Mapped[str] = mapped_column(sa.String(40))
    kind: Mapped[str] = mapped_column(sa.String(20))
    body: Mapped[str] = mapped_column(sa.Text)
    status: Mapped[str] = mapped_column(sa.String(20), default="pending")
    # Skips quiet hours and the daily cap: answers to urgent replies, "send now".
    urgent: Mapped[bool] = mapped_column(default=False)
    send_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime | None]
    claim_token: Mapped[str | None] = mapped_column(sa.String(32))
    claimed_until: Mapped[datetime | None]
    sent_at: Mapped[datetime | None]
    delivered_at: Mapped[datetime | None]
    # Set on a check or nudge once nothing more follows from its silence (answered,
    # superseded, nudged or flagged): follow_up_silence looks only at unmarked ones.
    followed_up_at: Mapped[datetime | None]
    twilio_sid: Mapped[str | None] = mapped_column(sa.String(64), unique=True)
    error_code: Mapped[int | None]
    error_message: Mapped[str | None] = mapped_column(sa.String(300))
    status_note: Mapped[str] = mapped_column(sa.String(200), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    # Typed as always present: only texts to staff phones (pages and answers to
    # staff texts) lack one, and those never reach patient code paths.
    patient: Mapped[Patient] = relationship()
    visit: Mapped[Visit | None] = relationship()
    staff: Mapped[Staff | None] = relationship(foreign_keys=[staff_id])
    sent_by: Mapped[Staff | None] = relationship(foreign_keys=[sent_by_id])
    review_item: Mapped["ReviewItem | None"] = relationship(foreign_keys=[review_item_id])
    plan_version: Mapped["PlanVersion | None"] = relationship()

    @property
    def recipient_phone(self) -> str:
        """The number this text goes to: a staff phone for a page, else the patient's."""
        return self.to_number or self.patient.phone

    __table_args__ = (
        sa.CheckConstraint(f"kind IN {MESSAGE_KINDS}", name="kind"),
        sa.CheckConstraint(f"status IN {MESSAGE_STATUSES}", name="status"),
        # The dispatcher's scan: due pending texts in send order.
        sa.Index("ix_message_status_send_at", "status", "send_at"),
        # follow_up_silence: prompts handed over in a window of days.
        sa.Index(
            "ix_message_prompt_sent",
            "kind",
            "sent_at",
            "patient_id",
            "id",
            **partial("kind IN ('check', 'nudge') AND status IN ('sent', 'delivered')"),
        ),
        # follow_up_silence's idle pass: only the prompts still waiting for a follow-up.
        sa.Index(
            "ix_message_prompt_waiting",
            "kind",
            "sent_at",
            **partial(
                "kind IN ('check', 'nudge') AND status IN ('sent', 'delivered') "
                "AND followed_up_at IS NULL"
            ),
        ),
        # expire_stale and expire_claims look only at pending and sending texts.
        sa.Index("ix_message_pending_expires", "expires_at", **partial("status = 'pending'")),
        sa.Index("ix_message_sending_claimed", "claimed_until", **partial("status = 'sending'")),
    )
