"""Texts whose fate is unknown: find out from Twilio before anything is sent again."""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa

from clinic.claims import LEASE, Clock, ticking
from clinic.delivery import advance, explain_error, flag_unreachable, our_status, transition
from clinic.models import Message
from clinic.models.base import DbSession
from clinic.results import backoff
from clinic.sms.gateway import RemoteMessage, SendError, SmsGateway

log = logging.getLogger(__name__)

# Twilio's clock and ours may differ a little; look a bit before the claim.
CLOCK_MARGIN = timedelta(minutes=2)
BATCH = 100
# One pass settles batches until this much time has gone, so a backlog clears in one pass.
PASS_BUDGET = timedelta(seconds=45)


@dataclass(frozen=True)
class _Lookup:
    message_id: int
    to: str
    body: str
    since: datetime


def expire_claims(session: DbSession, now: datetime) -> int:
    """Mark texts whose claim ran out with no recorded result as 'unknown' (caller commits)."""
    result = session.execute(
        sa.update(Message)
        .where(Message.status == "sending", Message.claimed_until < now)
        .values(
            status="unknown",
            claim_token=None,
            next_attempt_at=now,
            status_note="the sender stopped before recording Twilio's answer",
        )
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0) or 0)


def reconcile_unknown(
    session: DbSession,
    gateway: SmsGateway,
    now: datetime,
    *,
    lease: timedelta = LEASE,
    clock: Clock | None = None,
) -> int:
    """Resolve 'unknown' texts from Twilio's message list; return how many were settled."""
    clock = clock or ticking(now)
    settled, seen = 0, set[int]()
    while clock() - now < PASS_BUDGET:
        moment = clock()
        due = session.scalars(
            sa.select(Message)
            .where(
                Message.status == "unknown",
                sa.or_(Message.next_attempt_at.is_(None), Message.next_attempt_at <= moment),
                Message.id.not_in(seen) if seen else sa.true(),
            )
            .order_by(Message.id)
            .limit(BATCH)
        ).all()
        lookups = [
            _Lookup(m.id, m.recipient_phone, m.body, _claimed_at(m, moment, lease) - CLOCK_MARGIN)
            for m in due
        ]
        seen.update(lookup.message_id for lookup in lookups)
        # End the read before asking Twilio: no transaction spans a network call.
        session.commit()
        for lookup in lookups:
            settled += _look_up(session, gateway, lookup, clock())
        if len(lookups) < BATCH:
            break
    return settled


def _look_up(session: DbSession, gateway: SmsGateway, lookup: _Lookup, now: datetime) -> int:
    try:
        remote = gateway.find_sent(lookup.to, lookup.body, lookup.since)
    except SendError as exc:
        log.warning("could not look up message %s at the provider: %s", lookup.message_id, exc)
        _retry_later(session, lookup.message_id, now)
        session.commit()
        return 0
    settled = _settle(session, lookup.message_id, remote, now)
    session.commit()
    return int(settled)


def _claimed_at(message: Message, now: datetime, lease: timedelta) -> datetime:
    # A text's lease is taken afresh right before its send and not renewed during it.
    if message.claimed_until is not None:
        return message.claimed_until - lease
    return message.updated_at or now


def _retry_later(session: DbSession, message_id: int, now: datetime) -> None:
    message = session.get(Message, message_id)
    if message is not None:
        transition(
            session, message, ("unknown",), next_attempt_at=now + backoff(max(message.attempts, 1))
        )


def _settle(
    session: DbSession, message_id: int, remote: RemoteMessage | None, now: datetime
) -> bool:
    message = session.get(Message, message_id)
    if message is None:
        return False
    if remote is not None:
        # Conditional: a status callback or another worker may have settled it meanwhile.
        if not transition(
            session,
            message,
            ("unknown",),
            twilio_sid=remote.sid,
            claimed_until=None,
            status_note="found at Twilio; not sent again",
        ):
            return False
        status = our_status(remote.status) or "sent"
        advance(session, message, status, now)
        if status in ("failed", "undelivered"):
            transition(session, message, (status,), error_code=remote.error_code)
            flag_unreachable(session, message, now, explain_error(remote.error_code))
        return True
    if now >= message.expires_at:
        return transition(
            session,
            message,
            ("unknown",),
            status="skipped",
            claimed_until=None,
            status_note="never reached Twilio; now too late",
        )
    return transition(
        session,
        message,
        ("unknown",),
        status="pending",
        claimed_until=None,
        next_attempt_at=None,
        status_note="never reached Twilio; sending again",
    )
