"""The inbox: conversations with patients, those with unread replies first.

"Read" is one mark per reply (``Reply.read_at``), shared by the clinic: a reply
is read once someone allowed to read it has opened its conversation. The front
desk sees, counts and marks only replies that are not clinical (need-to-know).
"""

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from clinic.models import Message, Patient, Reply, Staff
from clinic.models.base import DbSession
from clinic.need_to_know import clinical_replies, readable_replies

PAGE_SIZE = 50


@dataclass(frozen=True)
class Conversation:
    """One patient's line in the inbox."""

    patient: Patient
    unread: int
    last_at: datetime
    preview: str
    preview_inbound: bool
    # Who wrote the preview when it is a staff text.
    preview_by: str = ""


def unread_count(session: DbSession, role: str) -> int:
    """How many replies ``role`` may read are still unread."""
    return int(
        session.scalar(
            sa.select(sa.func.count())
            .select_from(Reply)
            .where(readable_replies(role), Reply.read_at.is_(None))
        )
        or 0
    )


def conversations(session: DbSession, role: str, limit: int = PAGE_SIZE) -> list[Conversation]:
    """Return conversations ``role`` may see: unread ones first, then the most recent."""
    present = Patient.erased_at.is_(None)
    replies = session.execute(
        sa.select(
            Patient.id,
            sa.func.max(Reply.received_at),
            sa.func.count(sa.case((Reply.read_at.is_(None), 1))),
        )
        .join(Reply, Reply.patient_id == Patient.id)
        .where(readable_replies(role), present)
        .group_by(Patient.id)
    ).all()
    staff_texts = session.execute(
        sa.select(Patient.id, sa.func.max(Message.send_at))
        .join(Message, Message.patient_id == Patient.id)
        .where(Message.kind == "staff", present)
        .group_by(Patient.id)
    ).all()
    unread = {pid: int(n) for pid, _at, n in replies}
    activity: dict[int, datetime] = {pid: at for pid, at, _n in replies}
    for pid, at in staff_texts:
        activity[pid] = max(at, activity.get(pid, at))
    # Unread first, then the latest activity first.
    ranked = sorted(activity, key=lambda p: (unread.get(p, 0) == 0, -activity[p].timestamp()))
    ranked = ranked[:limit]
    patients = {p.id: p for p in session.scalars(sa.select(Patient).where(Patient.id.in_(ranked)))}
    previews = _previews(session, role, ranked)
    return [
        Conversation(
            patient=patients[pid],
            unread=unread.get(pid, 0),
            last_at=activity[pid],
            preview=previews.get(pid, ("", False, ""))[0],
            preview_inbound=previews.get(pid, ("", False, ""))[1],
            preview_by=previews.get(pid, ("", False, ""))[2],
        )
        for pid in ranked
    ]


def _previews(
    session: DbSession, role: str, patient_ids: list[int]
) -> dict[int, tuple[str, bool, str]]:
    """Each patient's latest readable reply or staff text: (words, came in, writer)."""
    if not patient_ids:
        return {}
    found: dict[int, tuple[datetime, str, bool, str]] = {}
    replies = session.execute(
        sa.select(Patient.id, Reply.received_at, Reply.body)
        .join(Reply, Reply.patient_id == Patient.id)
        .where(readable_replies(role), Patient.id.in_(patient_ids))
        .order_by(Reply.received_at, Reply.id)
    )
    for pid, at, body in replies:
        found[pid] = (at, body or "", True, "")
    texts = session.execute(
        sa.select(Patient.id, Message.send_at, Message.body, Staff.name)
        .join(Message, Message.patient_id == Patient.id)
        .outerjoin(Staff, Staff.id == Message.sent_by_id)
        .where(Message.kind == "staff", Patient.id.in_(patient_ids))
        .order_by(Message.send_at, Message.id)
    )
    for pid, at, body, writer in texts:
        if pid not in found or at >= found[pid][0]:
            found[pid] = (at, body, False, writer or "")
    return {pid: (body, inbound, writer) for pid, (_at, body, inbound, writer) in found.items()}


def mark_read(session: DbSession, patient: Patient, role: str, now: datetime) -> int:
    """Mark the patient's replies ``role`` may read as read; return how many were unread."""
    result = session.execute(
        sa.update(Reply)
        .where(readable_replies(role), Reply.patient_id == patient.id, Reply.read_at.is_(None))
        .values(read_at=now)
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0) or 0)


def reads_clinical(session: DbSession, patient: Patient, role: str) -> bool:
    """Whether the patient's conversation shows ``role`` a clinical reply (an audited read)."""
    query = sa.select(Reply.id).where(clinical_replies(role), Reply.patient_id == patient.id)
    return session.scalar(query.limit(1)) is not None
