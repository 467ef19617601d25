"""Recording what the gateway said about a send, only while the claim is still ours."""

import logging
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa

from clinic.delivery import advance, explain_error, flag_unreachable, our_status, transition
from clinic.labels import english_label
from clinic.models import Message
from clinic.models.base import DbSession
from clinic.patients import opt_out
from clinic.review import raise_item
from clinic.sms.gateway import SendError, SendResult

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 6
BACKOFF_BASE = timedelta(seconds=30)
BACKOFF_MAX = timedelta(hours=1)
RECONCILE_AFTER = timedelta(minutes=1)


@dataclass
class DispatchReport:
    """What one dispatch pass did, by outcome."""

    sent: int = 0
    deferred: int = 0
    skipped: int = 0
    cancelled: int = 0
    retrying: int = 0
    failed: int = 0
    unknown: int = 0
    claimed: int = 0
    lost: int = 0
    notes: list[str] = field(default_factory=list)

    def add(self, other: "DispatchReport") -> None:
        """Fold another pass's counts into this one."""
        for name in (
            "sent",
            "deferred",
            "skipped",
            "cancelled",
            "retrying",
            "failed",
            "unknown",
            "claimed",
            "lost",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))


def backoff(attempts: int, rng: random.Random | None = None) -> timedelta:
    """Return the wait before attempt ``attempts + 1``: exponential, with full jitter."""
    ceiling = min(BACKOFF_BASE * (1 << min(max(attempts - 1, 0), 20)), BACKOFF_MAX)
    factor: float = (rng or random).uniform(0.5, 1.0)
    return ceiling * factor


def _sent_values(sid: str, now: datetime) -> dict[str, Any]:
    return {
        "twilio_sid": sid,
        "status": "sent",
        "claim_token": None,
        "claimed_until": None,
        "error_code": None,
        "error_message": None,
        "status_note": "",
        "sent_at": sa.func.coalesce(Message.sent_at, now),
        "updated_at": now,
    }


def record_sent(session: DbSession, sent: dict[int, str], now: datetime, token: str) -> set[int]:
    """Record accepted sends (id to Twilio sid) in one UPDATE; return the ids written.

    Conditional on our claim (``token``) like ``record_result``: a text whose claim
    was lost is left alone, and the caller records it with ``record_result``.
    """
    if not sent:
        return set()
    values = _sent_values("", now)
    values["twilio_sid"] = sa.case(sent, value=Message.id)
    return set(
        session.scalars(
            sa.update(Message)
            .where(Message.id.in_(list(sent)), Message.status == "sending")
            .where(Message.claim_token == token)
            .values(**values)
            .returning(Message.id)
            .execution_options(synchronize_session=False)
        )
    )


def record_result(
    session: DbSession,
    message: Message,
    outcome: SendResult | Exception,
    now: datetime,
    report: DispatchReport,
    *,
    token: str,
) -> None:
    """Write what the gateway said about one text (the caller commits).

    Every write is conditional on our claim (``token``) still holding, so a
    status callback that got there first is never overwritten, and a text
    another worker took over is never marked as ours.
    """
    if isinstance(outcome, SendResult):
        status = our_status(outcome.status) or "sent"
        values = _sent_values(outcome.sid, now)
        if transition(session, message, ("sending",), token=token, **values):
            if status != "sent":
                advance(session, message, status, now)
            report.sent += 1
        else:
            _claim_gone(session, message, outcome.sid, now, report)
        return
    error = (
        outcome
        if isinstance(outcome, SendError)
        else SendError(f"unexpected {type(outcome).__name__}", retryable=True, ambiguous=True)
    )
    attempts = message.attempts
    failure = {"error_code": error.code, "error_message": str(error)[:300], "claim_token": None}
    if error.ambiguous:
        # Twilio may have the text: find out before anything is sent again.
        if transition(
            session,
            message,
            ("sending",),
            token=token,
            status="unknown",
            next_attempt_at=now + RECONCILE_AFTER,
            status_note="no answer from Twilio; checking before any resend",
            **failure,
        ):
            report.unknown += 1
        else:
            _claim_gone(session, message, None, now, report)
        return
    if error.retryable and attempts < MAX_ATTEMPTS:
        retry_at = now + backoff(attempts)
        if retry_at >= message.expires_at:
            written = transition(
                session,
                message,
                ("sending",),
                token=token,
                status="skipped",
                claimed_until=None,
                status_note="past its useful time while retrying",
                **failure,
            )
            report.skipped += int(written)
        else:
            written = transition(
                session,
                message,
                ("sending",),
                token=token,
                status="pending",
                claimed_until=None,
                next_attempt_at=retry_at,
                status_note=f"retrying after attempt {attempts}",
                **failure,
            )
            report.retrying += int(written)
        if not written:
            # Nothing reached Twilio, so the text's new holder is the only sender.
            log.info("message %s: claim gone before a failed send was recorded", message.id)
            report.lost += 1
        return
    detail = explain_error(error.code, f"gave up after {attempts} attempts")
    if transition(
        session,
        message,
        ("sending",),
        token=token,
        status="failed",
        claimed_until=None,
        status_note=detail,
        **failure,
    ):
        if error.code == 21610 and message.patient is not None:
            opt_out(session, message.patient, now)
        flag_unreachable(session, message, now, detail)
        report.failed += 1
    else:
        log.info("message %s: claim gone before a refused send was recorded", message.id)
        report.lost += 1


def _claim_gone(
    session: DbSession, message: Message, sid: str | None, now: datetime, report: DispatchReport
) -> None:
    """Our claim ran out while the text was with Twilio: record what we can, warn."""
    session.refresh(message)
    if sid is not None and message.twilio_sid == sid:
        # A status callback (or reconciliation) recorded this very send already.
        report.sent += 1
        return
    report.lost += 1
    if sid is not None and transition(
        session, message, ("unknown", "pending"), **_sent_values(sid, now)
    ):
        # Nobody sent it again yet; recording our send now keeps anyone from doing so.
        log.warning("message %s: sent as %s after its claim ran out; recorded", message.id, sid)
        report.sent += 1
        return
    if sid is None and transition(
        session,
        message,
        ("pending",),
        status="unknown",
        next_attempt_at=now + RECONCILE_AFTER,
        status_note="no answer from Twilio after the claim ran out; checking first",
    ):
        return
    if sid is None and message.status == "unknown":
        return  # reconciliation asks Twilio before anything is sent again
    log.warning(
        "possible duplicate: message %s (Twilio %s) went out after its claim was gone; "
        "the text is now %s",
        message.id,
        sid or "sid unknown",
        message.status,
    )
    raise_item(
        session,
        key=f"duplicate:{message.id}",
        patient=message.patient,
        visit=message.visit,
        message=message,
        reason=f"The {english_label(message.step, 'step').lower()} text may have reached the "
        "patient twice (a worker lost its claim while sending). Apologise if they mention it.",
        severity="info",
        audience="front_desk",
        now=now,
    )
