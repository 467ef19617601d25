"""Sending due texts: claim atomically, re-check the rules, send in parallel, record.

No transaction is open while a text is with the gateway: claims (and the
rule checks) are committed first, then texts go out, then each result is
recorded in its own short transaction. Unlike other domain code, these
functions own their transactions, because that ordering is the point.
"""

import logging
import random
import secrets
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from clinic.checks import REMINDER_STEPS
from clinic.config import ClinicSettings
from clinic.delivery import advance, explain_error, flag_unreachable, our_status, transition
from clinic.errors import Conflict
from clinic.models import Message
from clinic.models.base import DbSession
from clinic.models.message import MESSAGE_STATUSES
from clinic.paging import page_verdict
from clinic.patients import opt_out
from clinic.sms.gateway import OutboundText, SendError, SendResult, SmsGateway, mask_number
from clinic.timeutil import end_of_window, local_datetime, local_day_bounds

log = logging.getLogger(__name__)

LEASE = timedelta(minutes=5)
MAX_ATTEMPTS = 6
BACKOFF_BASE = timedelta(seconds=30)
BACKOFF_MAX = timedelta(hours=1)
RECONCILE_AFTER = timedelta(minutes=1)
# Steps that belong to a visit still ahead; the rest follow a completed procedure.
BEFORE_VISIT_STEPS = REMINDER_STEPS


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
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))


def backoff(attempts: int, rng: random.Random | None = None) -> timedelta:
    """Return the wait before attempt ``attempts + 1``: exponential, with full jitter."""
    ceiling = min(BACKOFF_BASE * (1 << min(max(attempts - 1, 0), 20)), BACKOFF_MAX)
    factor: float = (rng or random).uniform(0.5, 1.0)
    return ceiling * factor


def _due(now: datetime) -> sa.ColumnElement[bool]:
    return sa.and_(
        Message.status == "pending",
        Message.send_at <= now,
        sa.or_(Message.next_attempt_at.is_(None), Message.next_attempt_at <= now),
    )


def claim_due(session: DbSession, now: datetime, limit: int) -> list[Message]:
    """Atomically mark up to ``limit`` due texts as ours ('sending'); return them."""
    token = secrets.token_hex(8)
    claim = {"status": "sending", "claim_token": token, "claimed_until": now + LEASE}
    order = (Message.send_at, Message.id)
    if session.get_bind().dialect.name == "postgresql":
        # Several dispatchers may run at once: each takes rows no one else holds.
        chosen = (
            sa.select(Message.id)
            .where(_due(now))
            .order_by(*order)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        ids = list(
            session.scalars(
                sa.update(Message)
                .where(Message.id.in_(chosen))
                .values(**claim)
                .returning(Message.id)
                .execution_options(synchronize_session=False)
            )
        )
    else:
        ids = []
        for candidate in session.scalars(
            sa.select(Message.id).where(_due(now)).order_by(*order).limit(limit)
        ).all():
            # Only one writer gets rowcount 1 for a row still pending.
            result = session.execute(
                sa.update(Message)
                .where(Message.id == candidate, Message.status == "pending")
                .values(**claim)
                .execution_options(synchronize_session=False)
            )
            if getattr(result, "rowcount", 0) == 1:
                ids.append(candidate)
    if not ids:
        return []
    return list(
        session.scalars(
            sa.select(Message)
            .where(Message.id.in_(ids), Message.claim_token == token)
            .options(
                selectinload(Message.patient),
                selectinload(Message.visit),
                selectinload(Message.review_item),
                selectinload(Message.staff),
            )
            .order_by(*order)
            .execution_options(populate_existing=True)
        )
    )


def _sent_today(session: DbSession, clinic: ClinicSettings, patient_id: int, now: datetime) -> int:
    start, end = local_day_bounds(now.astimezone(clinic.timezone).date(), clinic.timezone)
    return int(
        session.scalar(
            sa.select(sa.func.count())
            .select_from(Message)
            .where(
                Message.patient_id == patient_id,
                Message.sent_at >= start,
                Message.sent_at < end,
                Message.urgent.is_(False),
                Message.kind != "reply",
            )
        )
        or 0
    )


def _visit_problem(message: Message) -> str | None:
    visit = message.visit
    if visit is None:
        return None
    if message.step in BEFORE_VISIT_STEPS:
        return None if visit.is_open else f"visit {visit.status.replace('_', '-')}"
    return None if visit.status == "completed" else f"visit {visit.status.replace('_', '-')}"


def gate(
    message: Message, clinic: ClinicSettings, now: datetime, sent_today: int
) -> tuple[str, str, datetime | None]:
    """Decide at send time: ('send'|'cancel'|'skip'|'defer', why, when)."""
    if message.kind == "page":
        return page_verdict(message, now)
    patient = message.patient
    if patient.opted_out:
        return "cancel", "patient opted out", None
    if not patient.sms_consent:
        return "cancel", "no SMS consent", None
    problem = _visit_problem(message)
    if problem:
        return "cancel", problem, None
    if now >= message.expires_at:
        return "skip", "past its useful time", None
    if message.urgent:
        return "send", "", None
    later = end_of_window(now, clinic.quiet_start, clinic.quiet_end, clinic.timezone)
    why = "quiet hours"
    if later == now and sent_today >= clinic.daily_cap:
        tomorrow = now.astimezone(clinic.timezone).date() + timedelta(days=1)
        later = local_datetime(tomorrow, clinic.quiet_end, clinic.timezone)
        why = f"daily limit of {clinic.daily_cap} texts reached"
    if later == now:
        return "send", "", None
    if later >= message.expires_at:
        return "skip", f"{why} until past its useful time", None
    return "defer", why, later


def _apply_gates(
    session: DbSession,
    clinic: ClinicSettings,
    claimed: list[Message],
    now: datetime,
    report: DispatchReport,
) -> list[Message]:
    counts: dict[int, int] = {}
    to_send = []
    for message in claimed:
        # Pages go to staff phones: no patient, so no daily count.
        patient_id = message.patient_id or 0
        if patient_id not in counts:
            counts[patient_id] = (
                _sent_today(session, clinic, patient_id, now) if message.patient_id else 0
            )
        verdict, why, when = gate(message, clinic, now, counts[patient_id])
        if verdict == "send":
            # The claim ('sending', token, lease) stands while the text is out.
            message.attempts += 1
            counts[patient_id] += 0 if message.urgent else 1
            to_send.append(message)
            continue
        message.claim_token, message.claimed_until = None, None
        if verdict == "defer":
            assert when is not None
            message.status, message.send_at, message.status_note = (
                "pending",
                when,
                f"deferred: {why}",
            )
            report.deferred += 1
        elif verdict == "skip":
            message.status, message.status_note = "skipped", why
            report.skipped += 1
        else:
            message.status, message.status_note = "cancelled", why
            report.cancelled += 1
    return to_send


def _paced(
    gateway: SmsGateway, rate: float, start: float, slot: int, text: OutboundText
) -> SendResult:
    if rate > 0:
        delay = start + slot / rate - time.monotonic()
        if delay > 0:
            time.sleep(delay)
    return gateway.send(text)


def record_result(
    session: DbSession,
    message: Message,
    outcome: SendResult | Exception,
    now: datetime,
    report: DispatchReport,
) -> None:
    """Write what the gateway said about one text (the caller commits).

    Every write is conditional on the text still being ours ('sending'), so a
    status callback that got there first is never overwritten.
    """
    if isinstance(outcome, SendResult):
        transition(
            session,
            message,
            MESSAGE_STATUSES,
            twilio_sid=outcome.sid,
            error_code=None,
            error_message=None,
            status_note="",
        )
        advance(session, message, our_status(outcome.status) or "sent", now)
        report.sent += 1
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
            status="unknown",
            next_attempt_at=now + RECONCILE_AFTER,
            status_note="no answer from Twilio; checking before any resend",
            **failure,
        ):
            report.unknown += 1
        return
    if error.retryable and attempts < MAX_ATTEMPTS:
        retry_at = now + backoff(attempts)
        if retry_at >= message.expires_at:
            if transition(
                session,
                message,
                ("sending",),
                status="skipped",
                claimed_until=None,
                status_note="past its useful time while retrying",
                **failure,
            ):
                report.skipped += 1
        elif transition(
            session,
            message,
            ("sending",),
            status="pending",
            claimed_until=None,
            next_attempt_at=retry_at,
            status_note=f"retrying after attempt {attempts}",
            **failure,
        ):
            report.retrying += 1
        return
    detail = explain_error(error.code, f"gave up after {attempts} attempts")
    if transition(
        session,
        message,
        ("sending",),
        status="failed",
        claimed_until=None,
        status_note=detail,
        **failure,
    ):
        if error.code == 21610 and message.patient is not None:
            opt_out(session, message.patient, now)
        flag_unreachable(session, message, now, detail)
        report.failed += 1


def dispatch_due(
    session: DbSession,
    gateway: SmsGateway,
    clinic: ClinicSettings,
    now: datetime,
    *,
    batch: int = 50,
    concurrency: int = 4,
    rate: float = 0.0,
    max_batches: int = 20,
) -> DispatchReport:
    """Send every text that is due at ``now``; return what happened."""
    report = DispatchReport()
    for _ in range(max_batches):
        claimed = claim_due(session, now, batch)
        report.claimed += len(claimed)
        to_send = _apply_gates(session, clinic, claimed, now, report)
        outgoing = {m.id: OutboundText(m.id, m.recipient_phone, m.body) for m in to_send}
        session.commit()
        if outgoing:
            _send_all(session, gateway, outgoing, now, report, concurrency, rate)
        if len(claimed) < batch:
            break
    return report


def _send_all(
    session: DbSession,
    gateway: SmsGateway,
    outgoing: dict[int, OutboundText],
    now: datetime,
    report: DispatchReport,
    concurrency: int,
    rate: float,
) -> None:
    start = time.monotonic()
    with ThreadPoolExecutor(max_workers=max(1, concurrency), thread_name_prefix="sms") as pool:
        futures = {
            pool.submit(_paced, gateway, rate, start, slot, text): message_id
            for slot, (message_id, text) in enumerate(outgoing.items())
        }
        for future in as_completed(futures):
            message_id = futures[future]
            outcome: SendResult | Exception
            try:
                outcome = future.result()
            except Exception as exc:  # noqa: BLE001 - every failure is recorded, none lost
                outcome = exc
                if not isinstance(exc, SendError):
                    log.exception("send of message %s raised", message_id)
            message = session.get(Message, message_id)
            assert message is not None
            record_result(session, message, outcome, now, report)
            status = message.status
            # Commit before waiting on the next send: no transaction spans a network call.
            session.commit()
            log.info(
                "message %s to %s: %s", message_id, mask_number(outgoing[message_id].to), status
            )


def expire_stale(session: DbSession, now: datetime) -> int:
    """Skip pending texts that are past their useful time; return how many (caller commits)."""
    result = session.execute(
        sa.update(Message)
        .where(Message.status == "pending", Message.expires_at <= now)
        .values(status="skipped", status_note="past its useful time")
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0) or 0)


def send_now(
    session: DbSession,
    gateway: SmsGateway,
    clinic: ClinicSettings,
    message: Message,
    now: datetime,
) -> DispatchReport:
    """Send one waiting text at once (a trainer's "send now"), past quiet hours and caps."""
    if message.status != "pending":
        raise Conflict(f"This text is {message.status}; only a waiting text can be sent now.")
    if message.send_at > now:
        # Keep it useful for as long after now as it would have been after its time.
        message.expires_at = now + (message.expires_at - message.send_at)
        message.send_at = now
    message.next_attempt_at, message.urgent = None, True
    message.status_note = "sent early on request"
    session.commit()
    return dispatch_due(session, gateway, clinic, now, max_batches=1)
