"""A patient's conversation: texts sent and replies received, in order."""

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from clinic.models import Message, Patient, Reply
from clinic.models.base import DbSession

SHOWN = ("sending", "sent", "delivered", "undelivered", "failed", "unknown")


@dataclass(frozen=True)
class Entry:
    """One line of the conversation."""

    at: datetime
    inbound: bool
    body: str
    message: Message | None = None
    reply: Reply | None = None
    # A clinical reply the viewer may not read: shown only as "a reply arrived".
    withheld: bool = False


def conversation(session: DbSession, patient: Patient, *, queued: bool = False) -> list[Entry]:
    """Return the texts that went out (or tried to) and the replies that came in.

    With ``queued`` (the staff's view), texts staff wrote show from the moment they
    are queued; the patient's phone shows them only once they went out.
    """
    shown: sa.ColumnElement[bool] = Message.status.in_(SHOWN)
    if queued:
        shown = sa.or_(shown, Message.kind == "staff")
    sent = session.scalars(
        sa.select(Message)
        .where(Message.patient_id == patient.id, shown)
        .options(selectinload(Message.sent_by))
    )
    entries = [Entry(m.sent_at or m.send_at, False, m.body, message=m) for m in sent]
    replies = session.scalars(sa.select(Reply).where(Reply.patient_id == patient.id))
    entries += [Entry(r.received_at, True, r.body, reply=r) for r in replies]
    # An answer to a reply is recorded at the same moment: keep it after the reply.
    return sorted(entries, key=lambda e: (e.at, not e.inbound))
