"""Sending due texts: claim atomically, re-check the rules, send in parallel, record.

No transaction is open while a text is with the gateway: claims (and the
rule checks) are committed first, then texts go out, then each result is
recorded in its own short transaction. Unlike other domain code, these
functions own their transactions, because that ordering is the point.
"""

import logging
import time
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from datetime import datetime, timedelta

import sqlalchemy as sa

from clinic.checks import REMINDER_STEPS
from clinic.claims import LEASE, Clock, claim_due, renew, take_for_send, ticking
from clinic.config import ClinicSettings
from clinic.errors import Conflict
from clinic.models import Message
from clinic.models.base import DbSession
from clinic.paging import page_verdict
from clinic.results import DispatchReport, backoff, record_result
from clinic.sms.gateway import OutboundText, SendError, SendResult, SmsGateway, mask_number
from clinic.timeutil import end_of_window, local_datetime, local_day_bounds

log = logging.getLogger(__name__)

# Steps that belong to a visit still ahead; the rest follow a completed procedure.
BEFORE_VISIT_STEPS = REMINDER_STEPS
# The daily cap limits automated texts; answers and texts a person wrote are not held by it.
UNCAPPED_KINDS = ("reply", "staff")
__all__ = ["LEASE", "DispatchReport", "backoff", "claim_due", "dispatch_due", "record_result"]


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
                Message.kind.not_in(UNCAPPED_KINDS),
            )
        )
        or 0
    )


def _visit_problem(message: Message) -> str | None:
    visit = message.visit
    if visit is None:
        return None
    if message.step == "cancelled":  # the notice of a cancellation, while it still stands
        return None if visit.status == "cancelled" else f"visit {visit.status.replace('_', '-')}"
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
    if later == now and sent_today >= clinic.daily_cap and message.kind not in UNCAPPED_KINDS:
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
    lease: timedelta = LEASE,
    clock: Clock | None = None,
) -> DispatchReport:
    """Send every text that is due; return what happened.

    ``clock`` tells the time of each claim and send (by default ``now``, running
    on in real time), so a long pass never works with the moment it started.
    """
    clock = clock or ticking(now)
    report = DispatchReport()
    for _ in range(max_batches):
        moment = clock()
        token, claimed = claim_due(session, moment, batch, lease)
        report.claimed += len(claimed)
        to_send = _apply_gates(session, clinic, claimed, moment, report)
        outgoing = {m.id: OutboundText(m.id, m.recipient_phone, m.body) for m in to_send}
        session.commit()
        if outgoing:
            _Sender(session, gateway, token, lease, clock, report).run(outgoing, concurrency, rate)
        if len(claimed) < batch:
            break
    return report


class _Sender:
    """Send one claimed batch: keep its lease alive, take each claim just before its send."""

    def __init__(
        self,
        session: DbSession,
        gateway: SmsGateway,
        token: str,
        lease: timedelta,
        clock: Clock,
        report: DispatchReport,
    ) -> None:
        self.session, self.gateway, self.token = session, gateway, token
        self.lease, self.clock, self.report = lease, clock, report
        self.in_flight: dict[Future[SendResult], int] = {}
        self.texts: dict[int, OutboundText] = {}

    def run(self, outgoing: dict[int, OutboundText], concurrency: int, rate: float) -> None:
        """Send ``outgoing`` in order, at most ``concurrency`` at once and ``rate`` a second."""
        self.texts = dict(outgoing)
        waiting = list(outgoing)
        # Renew well before the lease runs out, so a live worker never loses a claim.
        self.renew_every = self.lease.total_seconds() / 3
        self.renewed = time.monotonic()
        due = 0.0
        with ThreadPoolExecutor(max_workers=max(1, concurrency), thread_name_prefix="sms") as pool:
            for message_id in list(waiting):
                while len(self.in_flight) >= max(1, concurrency) or time.monotonic() < due:
                    full = len(self.in_flight) >= max(1, concurrency)
                    self._wait(waiting, None if full else due - time.monotonic())
                waiting.remove(message_id)
                verdict = take_for_send(
                    self.session, message_id, self.token, self.clock(), self.lease
                )
                self.session.commit()
                if verdict != "send":
                    self._not_sent(message_id, verdict)
                    continue
                self.in_flight[pool.submit(self.gateway.send, self.texts[message_id])] = message_id
                if rate > 0:
                    # Spaced from the last send, not from the start: a slow claim never
                    # lets the sends that follow it bunch up past the sender's rate.
                    due = time.monotonic() + 1 / rate
            while self.in_flight:
                self._wait(waiting, None)

    def _wait(self, waiting: list[int], until_due: float | None) -> None:
        """Record whatever finishes within the next moment; renew the lease when it is time."""
        if time.monotonic() - self.renewed >= self.renew_every:
            renew(self.session, waiting, self.token, self.clock() + self.lease)
            self.session.commit()
            self.renewed = time.monotonic()
        limit = self.renew_every - (time.monotonic() - self.renewed)
        if until_due is not None:
            limit = min(limit, until_due)
        if not self.in_flight:
            time.sleep(max(0.0, limit))
            return
        done, _ = wait(list(self.in_flight), timeout=max(0.0, limit), return_when=FIRST_COMPLETED)
        for future in done:
            self._record(future, self.in_flight.pop(future))

    def _record(self, future: "Future[SendResult]", message_id: int) -> None:
        outcome: SendResult | Exception
        try:
            outcome = future.result()
        except Exception as exc:  # noqa: BLE001 - every failure is recorded, none lost
            outcome = exc
            if not isinstance(exc, SendError):
                log.exception("send of message %s raised", message_id)
        message = self.session.get(Message, message_id)
        assert message is not None
        record_result(self.session, message, outcome, self.clock(), self.report, token=self.token)
        status = message.status
        # Commit before waiting on the next send: no transaction spans a network call.
        self.session.commit()
        log.info("message %s to %s: %s", message_id, mask_number(self.texts[message_id].to), status)

    def _not_sent(self, message_id: int, verdict: str) -> None:
        if verdict == "stale":
            self.report.skipped += 1
        else:
            # Another worker expired our claim (we were too slow): it is theirs now.
            log.warning(
                "message %s: claim lost before its send; not sent by this worker", message_id
            )
            self.report.lost += 1


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
    clock: Clock | None = None,
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
    return dispatch_due(session, gateway, clinic, now, max_batches=1, clock=clock)
