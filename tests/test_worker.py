"""The worker process: the real APScheduler, the CLI, and a crash mid-send."""

import os
import subprocess
import threading
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask

from clinic import create_app
from clinic.claims import lease_for
from clinic.dispatch import dispatch_due
from clinic.models import Message, utcnow
from clinic.reconcile import expire_claims, reconcile_unknown
from clinic.sms_setup import gateway
from jobs.cli import jobs_cli
from jobs.scheduler import SCHEDULE, run_forever
from tests import frozen
from tests.conftest import PUBLIC
from tests.twilio_standin import TwilioStandin

ROOT = Path(__file__).resolve().parents[1]
# No quiet window, so texts due "now" go whatever the hour the tests run at.
NO_QUIET = "00:00-00:00"


@pytest.fixture
def app_config(twilio_config: dict[str, Any]) -> dict[str, Any]:
    return {**twilio_config, "QUIET_HOURS": NO_QUIET}


def confirmation(session: Any) -> Message:
    session.expire_all()
    return session.scalars(sa.select(Message).where(Message.step == "confirmation")).one()


def book_now(make_visit: Any) -> Any:
    now = utcnow()
    return make_visit(kind="consultation", starts_at=now + timedelta(days=3), now=now)


def test_schedule_dispatches_at_least_every_30_seconds() -> None:
    by_name = {job.name: job for job in SCHEDULE}
    assert by_name["dispatch_due_texts"].every_seconds <= 30
    assert {"reconcile_unknown_texts", "expire_stale_texts", "follow_up_silence"} <= set(by_name)


def test_creating_the_web_app_starts_no_scheduler(database_url: str) -> None:
    before = set(threading.enumerate())
    create_app({"DATABASE_URL": database_url, "SECRET_KEY": "x"})
    # Threads of earlier tests may end meanwhile; none may start, but for the one-shot
    # timer of the sign-in limiter's in-memory store (a Timer, never a scheduler).
    started = set(threading.enumerate()) - before
    assert [t.name for t in started if not isinstance(t, threading.Timer)] == []


def test_the_scheduler_runs_every_job_at_start(
    app: Flask, session: Any, make_visit: Any, twilio_standin: TwilioStandin
) -> None:
    book_now(make_visit)
    stop = threading.Event()
    worker = threading.Thread(target=run_forever, args=(app, stop))
    worker.start()
    try:
        deadline = time.monotonic() + 15
        while confirmation(session).status != "sent" and time.monotonic() < deadline:
            time.sleep(0.1)
    finally:
        stop.set()
        worker.join(timeout=30)
    assert confirmation(session).status == "sent"
    assert len(twilio_standin.messages) == 1


def test_run_once_prints_a_summary_and_sends_due_texts(
    app: Flask, session: Any, make_visit: Any, twilio_standin: TwilioStandin
) -> None:
    book_now(make_visit)
    result = app.test_cli_runner().invoke(jobs_cli, ["run-once"])
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "dispatch_due_texts: 1 sent" in lines[0]
    assert confirmation(session).status == "sent"
    again = app.test_cli_runner().invoke(jobs_cli, ["run-once"])
    assert "dispatch_due_texts: nothing due" in again.output
    assert len(twilio_standin.messages) == 1


def test_a_worker_killed_after_twilio_accepted_leaves_unknown_then_reconciles_without_resending(
    app: Flask, session: Any, database_url: str, make_visit: Any, twilio_standin: TwilioStandin
) -> None:
    book_now(make_visit)
    # Twilio creates the message but the answer never comes back before the kill.
    twilio_standin.fail_next("accept_then_hang", seconds=60)
    env = {
        **os.environ,
        **twilio_standin.env(),
        "DATABASE_URL": database_url,
        "SMS_BACKEND": "twilio",
        "PUBLIC_BASE_URL": PUBLIC,
        "CLINIC_PHONE": "+82 2-555-0100",
        "TWILIO_TIMEOUT": "120",
        "QUIET_HOURS": NO_QUIET,
        "SECRET_KEY": "test",
        "CLINIC_TIMEZONE": "Asia/Seoul",
    }
    worker = subprocess.Popen(
        frozen.command(utcnow(), "flask", "--app", "wsgi", "jobs", "run-once"),
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 30
        while not twilio_standin.messages and time.monotonic() < deadline:
            time.sleep(0.05)
        assert twilio_standin.messages, "the worker never reached the stand-in"
    finally:
        worker.kill()
        worker.wait(timeout=10)
    assert confirmation(session).status == "sending"

    later = utcnow() + timedelta(minutes=6)
    assert expire_claims(session, later) == 1
    session.commit()
    assert confirmation(session).status == "unknown"
    settings = app.extensions["clinic_settings"]
    assert dispatch_due(session, gateway(), settings, later).claimed == 0
    # Reconciliation looks from the claim on, so it must know the lease the worker took.
    assert reconcile_unknown(session, gateway(), later, lease=lease_for(120)) == 1
    settled = confirmation(session)
    assert settled.status == "sent"
    assert [m.sid for m in twilio_standin.messages] == [settled.twilio_sid]
    assert dispatch_due(session, gateway(), settings, later + timedelta(minutes=1)).claimed == 0
    assert len(twilio_standin.messages) == 1
