"""Claims that hold for the whole send, duplicate webhooks, outages, run-once, SQLite's WAL."""

import logging
import os
import secrets
import threading
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
import time_machine
from flask import Flask
from twilio.request_validator import RequestValidator

from clinic import create_app
from clinic.claims import LEASE, claim_due
from clinic.dispatch import DispatchReport, dispatch_due
from clinic.extensions import db
from clinic.models import Message, Reply, ReviewItem, utcnow
from clinic.reconcile import expire_claims, reconcile_unknown
from clinic.results import record_result
from clinic.sms.gateway import SendResult
from clinic.sms_setup import gateway
from jobs.cli import jobs_cli
from jobs.tasks import checkpoint_sqlite_wal
from tests.conftest import BASE_CONFIG, NOW, PUBLIC
from tests.twilio_standin import TwilioStandin


@pytest.fixture
def app_config(twilio_config: dict[str, Any]) -> dict[str, Any]:
    return {**twilio_config, "QUIET_HOURS": "00:00-00:00"}


def _due_texts(make_patient: Any, make_visit: Any, count: int) -> None:
    for i in range(count):
        make_visit(make_patient(), kind="consultation", starts_at=NOW + timedelta(days=5, hours=i))


def _creates_per_message(standin: TwilioStandin) -> dict[str, int]:
    counts: dict[str, int] = {}
    for request in standin.requests:
        if request.method == "POST":
            callback = request.value("StatusCallback") or ""
            counts[callback] = counts.get(callback, 0) + 1
    return counts


def test_a_pass_that_outlasts_its_lease_sends_nothing_twice(
    app: Flask,
    session: Any,
    make_patient: Any,
    make_visit: Any,
    twilio_standin: TwilioStandin,
    clock: time_machine.Traveller,
) -> None:
    # Worker A sends 12 texts at 4 a second; after its third, the shared clock jumps past
    # any lease and worker B expires, reconciles and dispatches. Before claims were
    # checked right before each send, B re-sent A's unsent texts and A sent them too.
    _due_texts(make_patient, make_visit, 12)
    settings = app.extensions["clinic_settings"]
    reports: list[DispatchReport] = []

    def worker_a() -> None:
        with app.app_context():
            reports.append(
                dispatch_due(db.session, gateway(), settings, NOW, rate=4, concurrency=1)
            )
            db.session.remove()

    a = threading.Thread(target=worker_a)
    a.start()
    deadline = time.monotonic() + 20
    while len(twilio_standin.messages) < 3 and time.monotonic() < deadline:
        time.sleep(0.01)
    clock.shift(timedelta(minutes=6))
    later = utcnow()
    expire_claims(session, later)
    session.commit()
    reconcile_unknown(session, gateway(), later)
    dispatch_due(session, gateway(), settings, later)
    a.join(timeout=30)
    # Whatever A still held is B's now; a later pass settles anything left unknown.
    reconcile_unknown(session, gateway(), utcnow() + timedelta(minutes=2))
    dispatch_due(session, gateway(), settings, utcnow() + timedelta(minutes=2))
    per_message = _creates_per_message(twilio_standin)
    assert len(per_message) == 12
    assert {n for n in per_message.values()} == {1}, per_message
    session.expire_all()
    statuses = session.scalars(sa.select(Message.status).where(Message.step == "confirmation"))
    assert set(statuses) == {"sent"}


def test_a_result_whose_claim_was_taken_over_warns_of_a_possible_duplicate(
    app: Flask, session: Any, make_visit: Any, caplog: pytest.LogCaptureFixture
) -> None:
    make_visit(kind="consultation")
    token, (message,) = claim_due(session, NOW, 10)
    session.commit()
    # Another worker expired the claim and took the text itself.
    expire_claims(session, NOW + LEASE + timedelta(seconds=1))
    message = session.get(Message, message.id)
    message.status, message.claim_token = "sending", "someone-else"
    session.commit()
    report = DispatchReport()
    with caplog.at_level(logging.WARNING):
        record_result(
            session, message, SendResult("SM" + "a" * 32, "queued"), NOW, report, token=token
        )
        session.commit()
    assert f"possible duplicate: message {message.id}" in caplog.text
    session.expire_all()
    assert message.status == "sending" and message.claim_token == "someone-else"
    item = session.scalars(sa.select(ReviewItem)).one()
    assert item.audience == "front_desk" and item.key == f"duplicate:{message.id}"


def test_a_late_result_for_an_expired_claim_is_recorded_not_sent_again(
    app: Flask, session: Any, make_visit: Any, twilio_standin: TwilioStandin
) -> None:
    make_visit(kind="consultation")
    token, (message,) = claim_due(session, NOW, 10)
    session.commit()
    expire_claims(session, NOW + LEASE + timedelta(seconds=1))
    session.commit()
    report = DispatchReport()
    record_result(session, message, SendResult("SM" + "b" * 32, "queued"), NOW, report, token=token)
    session.commit()
    session.expire_all()
    assert message.status == "sent" and message.twilio_sid == "SM" + "b" * 32
    assert reconcile_unknown(session, gateway(), NOW + timedelta(minutes=2)) == 0
    assert dispatch_due(session, gateway(), app.extensions["clinic_settings"], NOW).claimed == 0
    assert twilio_standin.messages == [] and session.scalars(sa.select(ReviewItem)).all() == []


def test_a_dead_workers_texts_go_out_within_about_a_minute(
    app: Flask, session: Any, make_visit: Any, twilio_standin: TwilioStandin
) -> None:
    make_visit(kind="consultation")
    claim_due(session, NOW, 10)  # claimed, then the worker died without a word
    session.commit()
    settings = app.extensions["clinic_settings"]
    moment = NOW
    # The worker's cadence: reconcile every 20 s (after expiring claims), dispatch every 15 s.
    while moment < NOW + timedelta(minutes=5) and not twilio_standin.messages:
        moment += timedelta(seconds=5)
        if (moment - NOW).total_seconds() % 20 == 0:
            expire_claims(session, moment)
            session.commit()
            reconcile_unknown(session, gateway(), moment)
        if (moment - NOW).total_seconds() % 15 == 0:
            dispatch_due(session, gateway(), settings, moment)
    assert len(twilio_standin.messages) == 1
    assert moment - NOW <= timedelta(seconds=75)


def test_one_reconciliation_pass_settles_more_than_a_hundred_unknown_texts(
    app: Flask, session: Any, make_patient: Any, make_visit: Any, twilio_standin: TwilioStandin
) -> None:
    _due_texts(make_patient, make_visit, 105)
    confirmation = Message.step == "confirmation"
    session.execute(
        sa.update(Message)
        .where(confirmation)
        .values(status="unknown", claimed_until=NOW, next_attempt_at=NOW)
    )
    session.commit()
    assert reconcile_unknown(session, gateway(), NOW + timedelta(seconds=1)) == 105
    session.expire_all()
    assert set(session.scalars(sa.select(Message.status).where(confirmation))) == {"pending"}


def test_a_text_past_its_useful_time_when_its_turn_comes_is_skipped(
    app: Flask, session: Any, make_visit: Any, twilio_standin: TwilioStandin
) -> None:
    make_visit(kind="consultation")
    message = session.scalars(sa.select(Message).where(Message.step == "confirmation")).one()
    message.expires_at = NOW + timedelta(seconds=30)
    session.commit()
    settings = app.extensions["clinic_settings"]
    # Claimed in time, but by its send the clock says it is too late.
    moments = iter([NOW, NOW + timedelta(seconds=31)])
    report = dispatch_due(
        session, gateway(), settings, NOW, clock=lambda: next(moments, NOW + timedelta(minutes=1))
    )
    assert report.skipped == 1 and report.sent == 0
    assert twilio_standin.messages == []
    session.expire_all()
    assert message.status == "skipped"


def _signed(validator: RequestValidator, path: str, form: dict[str, str]) -> dict[str, str]:
    return {"X-Twilio-Signature": validator.compute_signature(PUBLIC + path, form)}


def _storm(app: Flask, path: str, form: dict[str, str], copies: int) -> list[tuple[int, bytes]]:
    validator = RequestValidator(app.config["TWILIO_AUTH_TOKEN"])
    barrier = threading.Barrier(copies)
    answers: list[tuple[int, bytes]] = []

    def post() -> None:
        client = app.test_client()
        barrier.wait()
        response = client.post(path, data=form, headers=_signed(validator, path, form))
        answers.append((response.status_code, response.data))

    threads = [threading.Thread(target=post) for _ in range(copies)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return answers


def test_concurrent_duplicate_inbound_webhooks_all_get_the_first_answer(
    app: Flask, session: Any, make_patient: Any
) -> None:
    patient = make_patient()
    form = {
        "MessageSid": "SM" + secrets.token_hex(16),
        "From": patient.phone,
        "To": "+15005550006",
        "Body": "I have a fever and pus",
        "NumMedia": "0",
    }
    answers = _storm(app, "/twilio/inbound", form, 12)
    assert [status for status, _ in answers] == [200] * 12
    assert len({body for _, body in answers}) == 1 and b"<Message>" in answers[0][1]
    session.expire_all()
    assert len(session.scalars(sa.select(Reply)).all()) == 1
    assert len(session.scalars(sa.select(Message).where(Message.kind == "reply")).all()) == 1
    assert len(session.scalars(sa.select(ReviewItem)).all()) == 1


def test_concurrent_duplicate_status_callbacks_get_no_5xx(
    app: Flask, session: Any, make_visit: Any
) -> None:
    make_visit(kind="consultation")
    dispatch_due(session, gateway(), app.extensions["clinic_settings"], NOW)
    message = session.scalars(sa.select(Message).where(Message.step == "confirmation")).one()
    form = {"MessageSid": message.twilio_sid, "MessageStatus": "undelivered", "ErrorCode": "30003"}
    answers = _storm(app, f"/twilio/status?mid={message.id}", form, 12)
    assert [status for status, _ in answers] == [204] * 12
    session.expire_all()
    assert message.status == "undelivered"
    assert len(session.scalars(sa.select(ReviewItem)).all()) == 1


def test_api_and_webhooks_answer_503_while_the_database_is_unreachable(tmp_path: Path) -> None:
    # Nothing listens on port 1: every connection attempt is refused at once.
    app = create_app(
        {
            **BASE_CONFIG,
            "DATABASE_URL": "postgresql+psycopg://postgres@127.0.0.1:1/nowhere",
            "INSTANCE_PATH": str(tmp_path),
            "SMS_BACKEND": "console",
            "TWILIO_AUTH_TOKEN": "token",
            "PUBLIC_BASE_URL": PUBLIC,
        }
    )
    client = app.test_client()
    api = client.get("/api/v1/practitioners", headers={"Authorization": "Bearer x" * 3})
    assert api.status_code == 503 and api.headers["Retry-After"].isdigit()
    assert api.get_json()["error"] == "Service Unavailable"
    form = {"MessageSid": "SM" + "c" * 32, "From": "+821055550001", "Body": "hello"}
    validator = RequestValidator("token")
    hook = client.post(
        "/twilio/inbound", data=form, headers=_signed(validator, "/twilio/inbound", form)
    )
    assert hook.status_code == 503 and "Retry-After" in hook.headers
    with client.session_transaction() as browser:
        browser["_user_id"] = "1:0"  # staff 1, session version 0
    page = client.get("/")
    assert page.status_code == 503 and b"Back in a moment" in page.data
    assert "잠시 후 다시 시도해 주세요" in page.get_data(as_text=True)


def test_run_once_exits_non_zero_and_names_the_jobs_that_failed(tmp_path: Path) -> None:
    # A database without the schema: every job that touches it fails.
    app = create_app({**BASE_CONFIG, "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.db'}"})
    result = app.test_cli_runner().invoke(jobs_cli, ["run-once"])
    assert result.exit_code == 1
    failed = result.stderr.split("jobs failed:", 1)[1]
    assert "dispatch_due_texts" in failed and "reconcile_unknown_texts" in failed


def test_run_once_exits_zero_when_every_job_ran(app: Flask) -> None:
    result = app.test_cli_runner().invoke(jobs_cli, ["run-once"])
    assert result.exit_code == 0, result.output


def test_sqlite_wal_is_capped_and_checkpointed(
    app: Flask, session: Any, database_url: str, make_patient: Any, make_visit: Any
) -> None:
    if not database_url.startswith("sqlite"):
        pytest.skip("the write-ahead log is SQLite's")
    assert session.execute(sa.text("PRAGMA journal_size_limit")).scalar() == 4 * 1024 * 1024
    _due_texts(make_patient, make_visit, 20)
    dispatch_due(session, gateway(), app.extensions["clinic_settings"], NOW)
    wal = Path(database_url.removeprefix("sqlite:///") + "-wal")
    assert wal.exists() and wal.stat().st_size > 0
    session.remove()
    assert checkpoint_sqlite_wal(NOW) == "WAL checkpointed"
    assert os.path.getsize(wal) == 0
