"""The worker's jobs against a local stand-in of Twilio that the real SDK talks to."""

import threading
import time as clock
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from flask import Flask

from clinic.dispatch import DispatchReport, dispatch_due, expire_stale
from clinic.extensions import db
from clinic.models import Message, ReviewItem
from clinic.reconcile import expire_claims, reconcile_unknown
from clinic.sms_setup import gateway
from clinic.timeutil import local_datetime
from clinic.visits import cancel_visit, complete_visit, move_visit
from tests.conftest import NOW, PUBLIC, day
from tests.twilio_standin import TwilioStandin

SEOUL = ZoneInfo("Asia/Seoul")


@pytest.fixture
def app_config(twilio_config: dict[str, Any]) -> dict[str, Any]:
    return {**twilio_config, "TWILIO_TIMEOUT": "0.5"}


def run(app: Flask, now: datetime, **kw: Any) -> DispatchReport:
    return dispatch_due(db.session, gateway(), app.extensions["clinic_settings"], now, **kw)


def seoul(day: date, hh: int, mm: int = 0) -> datetime:
    return local_datetime(day, time(hh, mm), SEOUL)


def rows(session: Any, **where: Any) -> list[Message]:
    query = sa.select(Message).order_by(Message.send_at, Message.id)
    for name, value in where.items():
        query = query.where(getattr(Message, name) == value)
    session.expire_all()
    return list(session.scalars(query))


def test_every_planned_text_goes_exactly_once_over_repeated_runs(
    app: Flask, session: Any, settings: Any, make_visit: Any, twilio_standin: TwilioStandin
) -> None:
    visit = make_visit(starts_at=seoul(day(4), 14))
    run(app, NOW)  # the booking confirmation
    # Done early, on the 27th: the reminder and the prep advice are no longer owed.
    complete_visit(session, settings, visit, None, seoul(day(1), 15))
    session.commit()
    # Run the worker twice an hour through five weeks of clinic days.
    moment = NOW
    while moment < NOW + timedelta(days=35):
        run(app, moment)
        run(app, moment)
        moment += timedelta(minutes=30)
    sent = rows(session, patient_id=visit.patient_id)
    delivered = [m for m in sent if m.status == "sent"]
    assert {m.step for m in delivered} == {
        "confirmation",
        "care_instructions",
        "day1_check",
        "day3_check",
        "day7_check",
        "day14_check",
        "followup_invite",
    }
    # The reminder and the prep advice were cancelled when the visit was completed.
    assert {m.step: m.status for m in sent if m.status != "sent"} == {
        "reminder": "cancelled",
        "same_day_reminder": "cancelled",
        "procedure_prep": "cancelled",
    }
    created = twilio_standin.messages
    assert len(created) == len(delivered)
    assert sorted(m.sid for m in created) == sorted(m.twilio_sid for m in delivered)
    assert {m.to for m in created} == {visit.patient.phone}
    callbacks = [r.value("StatusCallback") for r in twilio_standin.requests if r.method == "POST"]
    assert sorted(callbacks) == sorted(f"{PUBLIC}/twilio/status?mid={m.id}" for m in delivered)
    day3 = next(m for m in delivered if m.step == "day3_check")
    # sent_at is the moment of the send itself: the pass's start plus the seconds it took.
    assert day3.sent_at is not None
    assert timedelta(0) <= day3.sent_at - seoul(day(4), 10) < timedelta(seconds=5)


def _many_due(make_patient: Any, make_visit: Any, count: int) -> None:
    for i in range(count):
        make_visit(
            make_patient(), starts_at=NOW + timedelta(days=5, minutes=60 * i), kind="consultation"
        )


@pytest.mark.parametrize("workers", [2, 3])
def test_dispatchers_running_at_once_never_send_a_text_twice(
    app: Flask, make_patient: Any, make_visit: Any, twilio_standin: TwilioStandin, workers: int
) -> None:
    _many_due(make_patient, make_visit, 24)
    barrier = threading.Barrier(workers)
    reports: list[DispatchReport] = []

    def worker() -> None:
        with app.app_context():
            barrier.wait()
            reports.append(run(app, NOW, batch=5, concurrency=3))
            db.session.remove()

    threads = [threading.Thread(target=worker) for _ in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    callbacks = [r.value("StatusCallback") for r in twilio_standin.requests if r.method == "POST"]
    assert len(callbacks) == len(set(callbacks)) == 24
    assert sum(r.sent for r in reports) == 24


def test_quiet_hours_defer_to_the_end_of_the_window(
    app: Flask, session: Any, settings: Any, make_visit: Any, twilio_standin: TwilioStandin
) -> None:
    visit = make_visit(starts_at=seoul(day(4), 14))
    late = seoul(day(2), 22, 30)
    complete_visit(session, settings, visit, None, late)
    session.commit()
    report = run(app, late)
    care = rows(session, step="care_instructions")[0]
    assert report.deferred == 1 and care.status == "pending"
    assert care.send_at == seoul(day(3), 8, 0)
    assert twilio_standin.messages == []
    run(app, seoul(day(3), 8, 0))
    assert rows(session, step="care_instructions")[0].status == "sent"
    assert len(twilio_standin.messages) == 1


def test_stale_texts_are_skipped_not_sent_late(
    app: Flask, session: Any, make_visit: Any, twilio_standin: TwilioStandin
) -> None:
    make_visit(starts_at=seoul(day(6), 14))
    reminder = rows(session, step="reminder")[0]
    report = run(app, reminder.send_at + timedelta(hours=30))
    assert rows(session, step="reminder")[0].status == "skipped"
    assert report.skipped >= 1
    assert all("reminder" not in m.body for m in twilio_standin.messages)
    # The expiry job does the same for texts the dispatcher never saw.
    make_visit(kind="consultation", starts_at=seoul(day(24), 11))
    assert expire_stale(session, seoul(day(25), 9)) >= 1


def test_a_moved_visit_is_reminded_at_the_new_time_only(
    app: Flask, session: Any, settings: Any, make_visit: Any, twilio_standin: TwilioStandin
) -> None:
    visit = make_visit(kind="consultation", starts_at=seoul(day(6), 14))
    run(app, NOW)  # the booking confirmation
    move_visit(
        session,
        settings,
        visit,
        staff=None,
        now=NOW + timedelta(hours=1),
        starts_at=seoul(day(13), 11),
    )
    session.commit()
    for n in range(1, 15):
        run(app, seoul(day(n), 10, 5))
    reminders = [m for m in rows(session, visit_id=visit.id) if m.step == "reminder"]
    assert [(m.status, m.send_at) for m in reminders] == [
        ("cancelled", seoul(day(5), 10)),
        ("sent", seoul(day(12), 10)),
    ]
    bodies = [m.body for m in twilio_standin.messages]
    assert len(bodies) == 4  # confirmation, "moved to" notice, reminder, same-day reminder
    assert "moved to Wed 9 Dec at 11:00 AM" in bodies[1]
    assert "Wed 9 Dec" in bodies[2]
    assert "today at 11:00 AM" in bodies[3]


def test_cancelled_visits_and_opted_out_patients_get_nothing(
    app: Flask,
    session: Any,
    settings: Any,
    make_visit: Any,
    make_patient: Any,
    twilio_standin: TwilioStandin,
) -> None:
    cancelled = make_visit(starts_at=seoul(day(6), 14))
    cancel_visit(session, settings, cancelled, None, NOW)
    opted = make_visit(make_patient(), starts_at=seoul(day(7), 14))
    # Opted out by another path after planning: the send-time check must catch it.
    opted.patient.opted_out = True
    session.commit()
    report = run(app, NOW)
    # The cancelled visit's patient gets only the notice of the cancellation.
    assert [m.body for m in twilio_standin.messages] == [
        rows(session, visit_id=cancelled.id, status="sent")[0].body
    ]
    assert "has been cancelled" in twilio_standin.messages[0].body
    assert report.cancelled == 1
    assert rows(session, visit_id=opted.id)[0].status_note == "patient opted out"


def test_server_errors_and_429_retry_with_backoff_then_succeed(
    app: Flask, session: Any, make_visit: Any, twilio_standin: TwilioStandin
) -> None:
    make_visit(kind="consultation")
    twilio_standin.fail_next("status", status=500)
    twilio_standin.fail_next("status", status=429, code=20429)
    # The send is timed by a clock that stands still, so the backoff is measured from NOW
    # exactly (a ticking clock adds the milliseconds the pass took).
    first = run(app, NOW, clock=lambda: NOW)
    assert first.retrying == 1
    message = rows(session, step="confirmation")[0]
    assert message.status == "pending" and message.attempts == 1
    assert NOW + timedelta(seconds=15) <= message.next_attempt_at <= NOW + timedelta(seconds=30)
    assert run(app, NOW + timedelta(seconds=10)).claimed == 0  # not before the backoff
    run(app, message.next_attempt_at)
    message = rows(session, step="confirmation")[0]
    assert message.status == "pending" and message.attempts == 2 and message.error_code == 20429
    assert message.next_attempt_at - NOW >= timedelta(seconds=30)
    run(app, message.next_attempt_at)
    message = rows(session, step="confirmation")[0]
    assert message.status == "sent" and message.attempts == 3 and message.error_code is None
    assert len(twilio_standin.messages) == 1


@pytest.mark.parametrize(
    ("code", "words"),
    [(21211, "not valid"), (21614, "not a mobile"), (21408, "not enabled"), (21610, "STOP")],
)
def test_permanent_errors_fail_the_text_and_flag_the_patient(
    app: Flask,
    session: Any,
    make_visit: Any,
    twilio_standin: TwilioStandin,
    code: int,
    words: str,
) -> None:
    visit = make_visit(starts_at=seoul(day(6), 14))
    twilio_standin.fail_next("error_code", code=code)
    report = run(app, NOW)
    assert report.failed == 1
    message = rows(session, step="confirmation")[0]
    assert message.status == "failed" and message.error_code == code
    item = session.scalars(sa.select(ReviewItem)).one()
    assert item.audience == "front_desk" and item.patient_id == visit.patient_id
    assert words in item.reason
    later = {m.step: m.status for m in rows(session, visit_id=visit.id)}
    if code == 21610:
        assert visit.patient.opted_out
        assert later["reminder"] == "cancelled" and later["procedure_prep"] == "cancelled"
    else:
        assert later["reminder"] == "pending"


def test_a_read_timeout_is_checked_at_twilio_before_any_resend(
    app: Flask, session: Any, make_visit: Any, twilio_standin: TwilioStandin
) -> None:
    make_visit(kind="consultation")
    twilio_standin.fail_next("accept_then_hang", seconds=3)
    report = run(app, NOW)
    assert report.unknown == 1
    assert rows(session, step="confirmation")[0].status == "unknown"
    assert run(app, NOW + timedelta(minutes=5)).claimed == 0  # unknown is never re-sent blindly
    settled = reconcile_unknown(session, gateway(), NOW + timedelta(minutes=2))
    assert settled == 1
    message = rows(session, step="confirmation")[0]
    assert message.status == "sent"
    assert [m.sid for m in twilio_standin.messages] == [message.twilio_sid]


def test_a_dropped_request_that_never_reached_twilio_is_sent_again(
    app: Flask, session: Any, make_visit: Any, twilio_standin: TwilioStandin
) -> None:
    make_visit(kind="consultation")
    twilio_standin.fail_next("drop", create=False)
    assert run(app, NOW).unknown == 1
    reconcile_unknown(session, gateway(), NOW + timedelta(minutes=2))
    assert rows(session, step="confirmation")[0].status == "pending"
    run(app, NOW + timedelta(minutes=2))
    assert rows(session, step="confirmation")[0].status == "sent"
    assert len(twilio_standin.messages) == 1


def test_an_expired_claim_becomes_unknown(app: Flask, session: Any, make_visit: Any) -> None:
    make_visit(kind="consultation")
    message = rows(session, step="confirmation")[0]
    message.status, message.claimed_until = "sending", NOW + timedelta(minutes=5)
    session.commit()
    assert expire_claims(session, NOW + timedelta(minutes=4)) == 0
    assert expire_claims(session, NOW + timedelta(minutes=6)) == 1
    session.commit()
    assert rows(session, step="confirmation")[0].status == "unknown"


def test_rate_limit_spaces_the_sends(
    app: Flask, make_patient: Any, make_visit: Any, twilio_standin: TwilioStandin
) -> None:
    _many_due(make_patient, make_visit, 6)
    run(app, NOW, concurrency=6, rate=20.0)
    times = sorted(r.received for r in twilio_standin.requests if r.method == "POST")
    assert len(times) == 6
    # Six sends at 20 per second take at least 5/20 s from first to last.
    assert times[-1] - times[0] >= 0.24


def test_daily_cap_defers_routine_texts_to_the_next_morning(
    app: Flask,
    session: Any,
    make_patient: Any,
    make_visit: Any,
    make_staff: Any,
    twilio_standin: TwilioStandin,
) -> None:
    patient = make_patient()
    for i in range(5):
        who = make_staff("clinician")
        make_visit(patient, kind="consultation", who=who, starts_at=NOW + timedelta(days=10 + i))
    report = run(app, NOW)
    assert report.sent == 4 and report.deferred == 1
    deferred = [
        m
        for m in rows(session, patient_id=patient.id)
        if m.status_note.startswith("deferred: daily limit")
    ]
    assert [m.send_at for m in deferred] == [seoul(day(1), 8)]


def test_no_transaction_is_open_while_twilio_is_answering(
    app: Flask,
    session: Any,
    make_patient: Any,
    make_visit: Any,
    twilio_standin: TwilioStandin,
    database_url: str,
) -> None:
    if not database_url.startswith("postgresql"):
        pytest.skip("pg_stat_activity shows open transactions on PostgreSQL only")
    _many_due(make_patient, make_visit, 3)
    session.commit()
    session.close()
    twilio_standin.fail_next("latency", times=3, seconds=0.3)  # under the 0.5 s timeout
    worker = threading.Thread(target=lambda: _dispatch_in_context(app))
    worker.start()
    seen: set[str] = set()
    watcher = sa.create_engine(database_url)
    with watcher.connect() as conn:
        while worker.is_alive():
            rows = conn.execute(
                # Held for a good part of a send (0.3 s), not the instant between two
                # statements of a claim or a record.
                sa.text(
                    "SELECT state FROM pg_stat_activity WHERE datname = current_database() "
                    "AND pid <> pg_backend_pid() AND state LIKE 'idle in transaction%' "
                    "AND state_change < clock_timestamp() - interval '150 milliseconds'"
                )
            )
            seen.update(r[0] for r in rows)
            conn.rollback()
            clock.sleep(0.05)
    worker.join()
    watcher.dispose()
    assert len(twilio_standin.messages) == 3
    assert seen == set()


def _dispatch_in_context(app: Flask) -> None:
    with app.app_context():
        run(app, NOW, concurrency=1)
        db.session.remove()
