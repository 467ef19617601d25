"""Silence after a check prompt: one gentle nudge, then a low-priority review item."""

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from clinic.config import ClinicSettings
from clinic.labels import english_label
from clinic.models import Message, Reply, ReviewItem
from clinic.models.base import DbSession, UTCDateTime
from clinic.outbox import render_step
from clinic.plans import FLAG_SILENCE_AFTER, NUDGE_AFTER
from clinic.review import raise_item

HANDED_OVER = ("sent", "delivered")
NEVER = datetime(1900, 1, 1, tzinfo=UTC)
# Older prompts are history; nobody nudges about a check from last month.
LOOK_BACK = timedelta(days=7)
FRESH_CHECK_SOON = timedelta(hours=12)


def _keyed(prefix: str) -> sa.ColumnElement[str]:
    """The key ``prefix`` + the outer message's id, as SQL (|| on every database)."""
    return sa.literal(prefix) + sa.cast(Message.id, sa.String)


def _unanswered(
    kind: str, sent_before: datetime, sent_after: datetime, handled: sa.Exists
) -> sa.Select[Message]:
    """Prompts of ``kind`` sent in the window with no reply since and not ``handled``."""
    # The patient's latest reply, one backward probe of ix_reply_patient_received per
    # prompt. Written as EXISTS, PostgreSQL's planner preferred hashing every reply.
    latest_reply = (
        sa.select(sa.func.max(Reply.received_at))
        .where(Reply.patient_id == Message.patient_id)
        .scalar_subquery()
    )
    answered = sa.func.coalesce(latest_reply, sa.literal(NEVER, UTCDateTime())) >= Message.sent_at
    # Ids first, from ix_message_prompt_sent, ix_reply_patient_received and the unique
    # keys alone (index-only): an idle pass then reads no message row at all.
    waiting = sa.select(Message.id).where(
        Message.kind == kind,
        Message.status.in_(HANDED_OVER),
        Message.sent_at <= sent_before,
        Message.sent_at >= sent_after,
        ~answered,
        ~handled,
    )
    return sa.select(Message).where(Message.id.in_(waiting)).order_by(Message.sent_at, Message.id)


def nudge_silent_patients(session: DbSession, clinic: ClinicSettings, now: datetime) -> int:
    """Plan one nudge for each check prompt unanswered after 48 hours (caller commits)."""
    nudge, newer = aliased(Message), aliased(Message)
    already = sa.exists().where(nudge.key == _keyed("nudge:"))
    # A newer check (sent, or due soon) asks afresh; a nudge about the old one would
    # only make the patient's next reply ambiguous.
    superseded = sa.exists().where(
        newer.patient_id == Message.patient_id,
        newer.kind == "check",
        newer.send_at > Message.send_at,
        newer.send_at <= now + FRESH_CHECK_SOON,
        newer.status.in_(("pending", "sending", "sent", "delivered")),
    )
    planned = 0
    for prompt in session.scalars(
        _unanswered("check", now - NUDGE_AFTER, now - NUDGE_AFTER - LOOK_BACK, already).where(
            ~superseded
        )
    ):
        patient = prompt.patient
        if not patient.can_be_texted:
            continue
        session.add(
            Message(
                key=f"nudge:{prompt.id}",
                patient=patient,
                visit=prompt.visit,
                step=f"{prompt.step}_nudge",
                kind="nudge",
                body=render_step("nudge", patient, prompt.visit, clinic),
                # The nudge repeats the prompt's question: its answers are the prompt's.
                plan_version_id=prompt.plan_version_id,
                status="pending",
                send_at=now,
                expires_at=now + timedelta(hours=24),
            )
        )
        planned += 1
    return planned


def flag_silent_patients(session: DbSession, now: datetime) -> int:
    """Raise a low-priority review item for each nudge unanswered after 24 hours."""
    already = sa.exists().where(ReviewItem.key == _keyed("silent:"))
    flagged = 0
    for nudge in session.scalars(
        _unanswered(
            "nudge", now - FLAG_SILENCE_AFTER, now - FLAG_SILENCE_AFTER - LOOK_BACK, already
        )
    ):
        step = english_label(nudge.step.removesuffix("_nudge"), "step").lower()
        raise_item(
            session,
            key=f"silent:{nudge.id}",
            patient=nudge.patient,
            visit=nudge.visit,
            message=nudge,
            reason=f"No reply to the {step} or to the reminder a day later.",
            severity="info",
            audience="clinical",
            now=now,
        )
        flagged += 1
    return flagged
