"""A text's delivery status only moves forward; failures that matter reach a person."""

from collections.abc import Iterable
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from clinic.labels import english_label as label
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


def transition(
    session: DbSession,
    message: Message,
    allowed_from: Iterable[str],
    *,
    token: str | None = None,
    **values: Any,
) -> bool:
    """Set ``values`` on a text only if its status is still one of ``allowed_from``.

    One conditional UPDATE, so a status callback and the dispatcher writing the
    same row at once cannot undo each other; with ``token``, only while that
    claim still holds. Returns whether the row changed.
    """
    session.flush()
    where = [Message.id == message.id, Message.status.in_(tuple(allowed_from))]
    if token is not None:
        where.append(Message.claim_token == token)
    result = session.execute(
        sa.update(Message)
        .where(*where)
        .values(updated_at=values.pop("updated_at", sa.func.now()), **values)
        .execution_options(synchronize_session=False)
    )
    session.expire(message)
    return int(getattr(result, "rowcount", 0) or 0) == 1


def advance(session: DbSession, message: Message, status: str, now: datetime) -> bool:
    """Move a text's status forward to ``status``; return whether it changed."""
    rank = STATUS_RANK[status]
    earlier = [s for s, r in STATUS_RANK.items() if r < rank]
    values: dict[str, Any] = {
        "status": status,
        "claim_token": None,
        "claimed_until": None,
        "updated_at": now,
    }
    if status in ("sent", "delivered"):
        values["sent_at"] = sa.func.coalesce(Message.sent_at, now)
    if status == "delivered":
        values["delivered_at"] = now
    return transition(session, message, earlier, **values)


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
    if message.patient_id is None:
        return  # a page to a staff phone: escalation reaches the others
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
        reason=f"Could not reach the patient by text ({label(message.step, 'step').lower()}): "
        f"{detail}. Please call them and check their number.",
        severity="concern" if message.kind == "check" else "info",
        audience="front_desk",
        now=now,
    )
