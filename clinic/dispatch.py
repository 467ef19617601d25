"""Sending due texts: claim atomically, re-check the rules, send in parallel, record.

No transaction is open while a text is with the gateway: claims (and the
rule checks) are committed first, then texts go out, then the results of the
sends that finished together are recorded in one short transaction. Unlike other domain code, these
functions own their transactions, because that ordering is the point.
"""

import logging
import time
from collections import deque
from concurrent.futures import ALL_COMPLETED, FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from datetime import datetime, timedelta

import sqlalchemy as sa

from clinic.checks import REMINDER_STEPS
from clinic.claims import LEASE, Clock, claim_due, new_token, renew, take_for_send, ticking
from clinic.config import ClinicSettings
from clinic.delivery import our_status
from clinic.errors import Conflict
from clinic.models import Message
from clinic.models.base import DbSession
from clinic.paging import page_verdict
from clinic.results import DispatchReport, backoff, record_result, record_sent
from clinic.sms.gateway import OutboundText, SendError, SendResult, SmsGateway, mask_number
from clinic.timeutil import end_of_window, local_datetime, local_day_bounds

log = logging.getLogger(__name__)

# Steps that belong to a visit still ahead; the rest follow a completed procedure.
BEFORE_VISIT_STEPS = REMINDER_STEPS
# The daily cap limits automated texts; answers and texts a person wrote are not held by it.
UNCAPPED_KINDS = ("reply", "staff")
__all__ = ["LEASE", "DispatchReport", "backoff", "claim_due", "dispatch_due", "record_result"]


def _sent_today(
    session: DbSession, clinic: ClinicSettings, patient_ids: set[int], now: datetime
) -> dict[int, int]:
    """Count each patient's automated texts sent today, in one statement for all of them."""
    if not patient_ids:
        return {}
    start, end = local_day_bounds(now.astimezone(clinic.timezone).date(), clinic.timezone)
    rows = session.execute(
        sa.select(Message.patient_id, sa.func.count())
        .where(
            Message.patient_id.in_(sorted(patient_ids)),
            Message.sent_at >= start,
            Message.sent_at < end,
            Message.urgent.is_(False),
            Message.kind.not_in(UNCAPPED_KINDS),
        )
        .group_by(Message.patient_id)
    )
    counts = {int(pid or 0): int(n) for pid, n in rows}
    return {pid: counts.get(pid, 0) for pid in patient_ids}


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


def _capped(message: Message) -> bool:
    """Whether a text counts towards its patient's daily cap."""
    return bool(message.patient_id) and not message.urgent and message.kind not in UNCAPPED_KINDS


def _apply_gates(
    session: DbSession,
    clinic: ClinicSettings,
    claimed: list[Message],
    now: datetime,
    report: DispatchReport,
) -> list[Message]:
    """Gate a claimed batch; return the texts to send (the rest are settled here)."""
    # Only capped texts need the day's count; pages go to staff phones, with no patient.
    counts = _sent_today(session, clinic, {m.patient_id or 0 for m in claimed if _capped(m)}, now)
    to_send = []
    for message in claimed:
        patient_id = message.patient_id or 0
        verdict, why, when = gate(message, clinic, now, counts.get(patient_id, 0))
        if verdict == "send":
            # The claim ('sending', token, lease) stands while the text waits its turn.
            if _capped(message):
                counts[patient_id] += 1
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


# Parallel sends by default: Twilio takes about 100 requests in flight per account.
DEFAULT_CONCURRENCY = 32
# Pacing aims this far under DISPATCH_RATE, so the rate measured over a pass stays under it.
RATE_MARGIN = 0.97
# How long to wait, once a send finished, for others to record with it (seconds).
GATHER = 0.002


def dispatch_due(
    session: DbSession,
    gateway: SmsGateway,
    clinic: ClinicSettings,
    now: datetime,
    *,
    batch: int = 50,
    concurrency: int = DEFAULT_CONCURRENCY,
    rate: float = 0.0,
    max_batches: int | None = None,
    lease: timedelta = LEASE,
    clock: Clock | None = None,
) -> DispatchReport:
    """Send every text that is due; return what happened.

    Claims whole batches (one token for the pass), gates each batch in a few
    set-based statements, takes the claims of a group of texts in one statement
    right before their sends, and records the results of every send that finished
    in one statement. ``clock`` tells the time of each claim and send (by default
    ``now``, running on in real time), so a long pass never works with the moment
    it started. ``max_batches`` stops after that many claims (None: until nothing
    is due).
    """
    sender = _Sender(session, gateway, clinic, lease, clock or ticking(now))
    sender.run(max(1, batch), max(1, concurrency), rate, max_batches)
    return sender.report


class _Sender:
    """One dispatch pass: claim batches as the queue runs low, send, record in groups."""

    def __init__(
        self,
        session: DbSession,
        gateway: SmsGateway,
        clinic: ClinicSettings,
        lease: timedelta,
        clock: Clock,
    ) -> None:
        self.session, self.gateway, self.clinic = session, gateway, clinic
        self.lease, self.clock = lease, clock
        self.token = new_token()
        self.report = DispatchReport()
        self.in_flight: dict[Future[SendResult], int] = {}
        self.texts: dict[int, OutboundText] = {}
        self.waiting: deque[int] = deque()
        # Renew well before the lease runs out, so a live worker never loses a claim.
        self.renew_every = lease.total_seconds() / 3
        self.renewed = time.monotonic()

    def _claim(self, batch: int) -> bool:
        """Claim and gate one batch; return whether more may be due."""
        moment = self.clock()
        _, claimed = claim_due(self.session, moment, batch, self.lease, self.token)
        self.report.claimed += len(claimed)
        for message in _apply_gates(self.session, self.clinic, claimed, moment, self.report):
            self.texts[message.id] = OutboundText(message.id, message.recipient_phone, message.body)
            self.waiting.append(message.id)
        self.session.commit()
        return len(claimed) == batch

    def run(self, batch: int, concurrency: int, rate: float, max_batches: int | None) -> None:
        """Send until nothing is due, at most ``concurrency`` at once and ``rate`` a second."""
        more, batches = True, 0
        interval = 1 / (rate * RATE_MARGIN) if rate > 0 else 0.0
        due = 0.0
        with ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="sms") as pool:
            while True:
                if more and len(self.waiting) < concurrency:
                    more = self._claim(batch)
                    batches += 1
                    more = more and (max_batches is None or batches < max_batches)
                    continue
                if not self.waiting and not self.in_flight:
                    break
                free = concurrency - len(self.in_flight)
                if self.waiting and free > 0 and time.monotonic() >= due:
                    # Paced sends go one at a time; otherwise every free slot at once.
                    group = [self.waiting.popleft() for _ in range(min(free, len(self.waiting)))]
                    if interval:
                        self.waiting.extendleft(reversed(group[1:]))
                        group = group[:1]
                    started = time.monotonic()
                    self._send(pool, group)
                    # Paced from the schedule, so the time a take or a record costs is not
                    # lost; but after a gap longer than one interval (a slow claim) from the
                    # send itself, so the sends that follow never bunch up past the rate.
                    due = started + interval if started - due > interval else due + interval
                    continue
                full = free <= 0 or not self.waiting
                self._wait(None if full else max(0.0, due - time.monotonic()))

    def _send(self, pool: ThreadPoolExecutor, group: list[int]) -> None:
        verdicts = take_for_send(self.session, group, self.token, self.clock(), self.lease)
        self.session.commit()
        for message_id in group:
            verdict = verdicts[message_id]
            if verdict == "send":
                future = pool.submit(self.gateway.send, self.texts[message_id])
                self.in_flight[future] = message_id
            elif verdict == "stale":
                self.report.skipped += 1
            else:
                # Another worker expired our claim (we were too slow): it is theirs now.
                log.warning(
                    "message %s: claim lost before its send; not sent by this worker", message_id
                )
                self.report.lost += 1

    def _wait(self, until_due: float | None) -> None:
        """Record whatever finishes within the next moment; renew the lease when it is time."""
        if time.monotonic() - self.renewed >= self.renew_every:
            renew(self.session, list(self.waiting), self.token, self.clock() + self.lease)
            self.session.commit()
            self.renewed = time.monotonic()
        limit = self.renew_every - (time.monotonic() - self.renewed)
        if until_due is not None:
            limit = min(limit, until_due)
        if not self.in_flight:
            time.sleep(max(0.0, limit))
            return
        done, pending = wait(
            list(self.in_flight), timeout=max(0.0, limit), return_when=FIRST_COMPLETED
        )
        if done and pending:
            # Sends finishing a moment apart are recorded together: fewer statements.
            done |= wait(pending, timeout=GATHER, return_when=ALL_COMPLETED).done
        if done:
            self._record({self.in_flight.pop(f): f for f in done})

    def _record(self, finished: "dict[int, Future[SendResult]]") -> None:
        """Record finished sends: accepted ones in one statement, the rest one by one."""
        outcomes: dict[int, SendResult | Exception] = {}
        for message_id, future in finished.items():
            try:
                outcomes[message_id] = future.result()
            except Exception as exc:  # noqa: BLE001 - every failure is recorded, none lost
                outcomes[message_id] = exc
                if not isinstance(exc, SendError):
                    log.exception("send of message %s raised", message_id)
        now = self.clock()
        accepted = {
            i: o.sid
            for i, o in outcomes.items()
            if isinstance(o, SendResult) and (our_status(o.status) or "sent") == "sent"
        }
        written = record_sent(self.session, accepted, now, self.token)
        self.report.sent += len(written)
        for message_id, outcome in outcomes.items():
            status = "sent"
            if message_id not in written:
                # A failure, a final status already, or a claim gone: the careful path.
                message = self.session.get(Message, message_id)
                assert message is not None
                record_result(self.session, message, outcome, now, self.report, token=self.token)
                status = message.status
            to = mask_number(self.texts[message_id].to)
            log.info("message %s to %s: %s", message_id, to, status)
        # Commit before waiting on the next send: no transaction spans a network call.
        self.session.commit()
        for message_id in outcomes:
            self.texts.pop(message_id, None)


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
