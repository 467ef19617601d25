"""A text's delivery status only moves forward; failures that matter reach a person."""

from datetime import datetime

import sqlalchemy as sa

from clinic.models import Message, ReviewItem
from clinic.models.base import DbSession
from clinic.models.message import STATUS_RANK
from clinic.review import raise_item

# Twilio's message statuses, in our words. Anything handed over but not yet
# delivered is "sent"; "canceled" (a scheduled send Twilio dropped) is a failure.
PROVIDER_STATUS = {
    "accepted": "sent",
    "scheduled": "sent",
    "queued": "sent",
    "sending": "sent",
    "sent": "sent",
    "delivered": "delivered",
    "read": "delivered",
    "undelivered": "undelivered",
    "failed": "failed",
    "canceled": "failed",
}

# Twilio error codes, explained for the front desk.
ERROR_MEANINGS = {
    21211: "the phone number is not valid",
    21408: "texting this country is not enabled",
    21610: "the patient has unsubscribed (replied STOP)",
    21614: "the number is not a mobile number",
    30003: "the phone is unreachable or switched off",
    30005: "the number is unknown or no longer exists",
    30006: "the number is a landline or cannot receive texts",
    30007: "the carrier filtered the message",
}


def our_status(provider_status: str) -> str | None:
    """Translate a Twilio status into ours (None when it means nothing to us)."""
    return PROVIDER_STATUS.get(provider_status.strip().lower())


def advance(message: Message, status: str, now: datetime) -> bool:
    """Move a text's status forward to ``status``; return whether it changed."""
    if message.status in ("cancelled", "skipped"):
        return False
    if STATUS_RANK.get(status, 0) <= STATUS_RANK.get(message.status, 0):
        return False
    message.status = status
    if status in ("sent", "delivered") and message.sent_at is None:
        message.sent_at = now
    if status == "delivered":
        message.delivered_at = now
    message.claim_token, message.claimed_until = None, None
    return True


def explain_error(code: int | None, fallback: str = "") -> str:
    """Say in plain words why a text failed."""
    if code is None:
        return fallback or "the text could not be delivered"
    meaning = ERROR_MEANINGS.get(code)
    return f"{meaning} (Twilio error {code})" if meaning else f"Twilio error {code}"


def flag_unreachable(session: DbSession, message: Message, now: datetime, detail: str) -> None:
    """Put a 'could not reach the patient' item in the front desk's queue.

    One open item per patient is enough: when a number is wrong, every later
    text fails the same way.
    """
    already_open = session.scalar(
        sa.select(ReviewItem.id).where(
            ReviewItem.patient_id == message.patient_id,
            ReviewItem.status == "open",
            ReviewItem.key.startswith("unreachable:"),
        )
    )
    if already_open is not None:
        return
    raise_item(
        session,
        key=f"unreachable:{message.id}",
        patient=message.patient,
        visit=message.visit,
        message=message,
        reason=f"Could not reach the patient by text ({message.step.replace('_', ' ')}): "
        f"{detail}. Please call them and check their number.",
        severity="concern" if message.kind == "check" else "info",
        audience="front_desk",
        now=now,
    )
