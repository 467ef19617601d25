"""Faults against the real product: served app, `jobs run` workers, the Twilio stand-in.

Each scenario prints lost / doubled / stuck / 5xx and fails on any lost or doubled
text and on any 5xx. Short sizes by default; ``THREADCARE_FAULTS=full`` for full ones.
"""

import random
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import requests
import sqlalchemy as sa
from flask import Flask

from clinic import create_app
from clinic.accounts import create_staff, create_token
from clinic.extensions import db
from clinic.models import Message, Reply, Staff, utcnow
from clinic.patients import PatientInput, create_patient
from tests.conftest import BASE_CONFIG
from tests.faults.harness import (
    FULL,
    Cluster,
    PrivatePostgres,
    Tally,
    Webhooks,
    burst,
    cluster,
    new_sid,
    settle,
    size,
    tally,
    wait_until,
)
from tests.twilio_standin import TwilioStandin

full_only = pytest.mark.skipif(not FULL, reason="full fault runs only (THREADCARE_FAULTS=full)")


def _check(result: Tally) -> None:
    assert (result.lost, result.doubled, result.stuck, result.http_5xx) == (0, 0, 0, 0), (
        result.line()
    )


class Callbacks:
    """Posts 'sent' then 'delivered' for every message Twilio holds, as Twilio would."""

    def __init__(self, hooks: Webhooks, standin: TwilioStandin) -> None:
        self.hooks, self.standin = hooks, standin
        self.stop = threading.Event()
        self.done: set[str] = set()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        with ThreadPoolExecutor(4) as pool:
            while not self.stop.is_set():
                fresh = [m for m in self.standin.messages if m.sid not in self.done]
                for message in fresh:
                    self.done.add(message.sid)
                    mid = int((message.status_callback or "mid=-1").rsplit("mid=", 1)[1])
                    pool.submit(self._both, mid, message.sid)
                time.sleep(0.2)

    def _both(self, mid: int, sid: str) -> None:
        for status in ("sent", "delivered"):
            try:
                self.hooks.status(mid, sid, status)
            except requests.RequestException:
                self.hooks.answers.append(599)

    def close(self) -> None:
        """Stop posting."""
        self.stop.set()
        self.thread.join(timeout=60)


def _backend(database_url: str) -> str:
    return "postgres" if database_url.startswith("postgresql") else "sqlite"


@pytest.mark.parametrize(
    "callbacks", [True, pytest.param(False, id="no-callbacks", marks=full_only)]
)
def test_kill_9_of_workers_during_a_burst(
    app: Flask,
    session: Any,
    settings: Any,
    practitioner: Staff,
    database_url: str,
    twilio_standin: TwilioStandin,
    tmp_path: Path,
    callbacks: bool,
) -> None:
    started = time.monotonic()
    ids = burst(session, settings, size(100, 2000), practitioner.id)
    session.remove()
    with cluster(database_url, twilio_standin, tmp_path) as procs:
        hooks = Webhooks(procs.serve(), twilio_standin.auth_token)
        procs.workers(3)
        procs.wait_served()
        # Twilio posts to a server that is up: started before `serve` answers (a cold start
        # under load), the poster's refused connections were counted as the app's 5xx.
        poster = Callbacks(hooks, twilio_standin) if callbacks else None
        n = len(ids)
        wait_until(lambda: len(twilio_standin.messages) >= n // 4, size(120, 600), 0.05)
        procs.kill("worker0")
        wait_until(lambda: len(twilio_standin.messages) >= n // 2, size(120, 600), 0.05)
        procs.kill("worker1")
        procs.workers(1, prefix="late")
        settle(procs, database_url, ids, size(90, 600))
        if poster is not None:
            wait_until(lambda: len(poster.done) >= len(twilio_standin.messages), 30)
            poster.close()
    result = Tally(
        "kill -9 of workers mid-burst" + ("" if callbacks else ", no callbacks"),
        _backend(database_url),
        seconds=time.monotonic() - started,
    )
    result.http_5xx = sum(1 for s in hooks.answers if s >= 500)
    _check(tally(result, database_url, twilio_standin, ids))


def test_a_pass_that_outlives_its_lease_while_another_worker_runs(
    app: Flask,
    session: Any,
    settings: Any,
    practitioner: Staff,
    database_url: str,
    twilio_standin: TwilioStandin,
    tmp_path: Path,
) -> None:
    started = time.monotonic()
    ids = burst(session, settings, size(60, 300), practitioner.id)
    session.remove()
    with cluster(database_url, twilio_standin, tmp_path) as procs:
        # Paced sends: one pass takes far longer than the pause before the other worker.
        procs.extra = {"DISPATCH_RATE": "5"}
        procs.serve()
        procs.workers(2)
        procs.wait_served()
        wait_until(lambda: len(twilio_standin.messages) >= 5, 60, 0.05)
        # Another worker whose clock says the passes' leases ran out minutes ago.
        assert procs.run_once(_minutes(6)) == 0, procs.log_tail(f"once{len(procs.procs) - 1}")
        settle(procs, database_url, ids, size(120, 600))
    result = Tally("a pass outlives its lease", _backend(database_url))
    result.seconds = time.monotonic() - started
    _check(tally(result, database_url, twilio_standin, ids))


def test_twilio_errors_and_timeouts_then_recovery(
    app: Flask,
    session: Any,
    settings: Any,
    practitioner: Staff,
    database_url: str,
    twilio_standin: TwilioStandin,
    tmp_path: Path,
) -> None:
    started = time.monotonic()
    ids = burst(session, settings, size(80, 500), practitioner.id)
    session.remove()
    k = size(10, 40)
    twilio_standin.fail_next("status", times=k, status=500)
    twilio_standin.fail_next("status", times=k, status=429, code=20429)
    twilio_standin.fail_next("latency", times=k, seconds=1)
    twilio_standin.fail_next("accept_then_hang", times=k // 2, seconds=5)
    twilio_standin.fail_next("drop", times=k // 2, create=True)
    twilio_standin.fail_next("drop", times=k // 2, create=False)
    twilio_standin.fail_next("status", times=k, status=503, text="<html>upstream down</html>")
    with cluster(database_url, twilio_standin, tmp_path) as procs:
        Webhooks(procs.serve(), twilio_standin.auth_token)
        procs.workers(2)
        procs.wait_served()
        settle(procs, database_url, ids, size(120, 900))
    result = Tally("Twilio 500/429/timeouts, then recovery", _backend(database_url))
    result.seconds = time.monotonic() - started
    _check(tally(result, database_url, twilio_standin, ids))


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_a_database_restart_mid_burst(
    twilio_standin: TwilioStandin, tmp_path: Path, backend: str
) -> None:
    started = time.monotonic()
    pg = PrivatePostgres() if backend == "postgres" else None
    try:
        if pg is not None:
            pg.start()
            url = pg.url
        else:
            url = f"sqlite:///{tmp_path / 'clinic.db'}"
        with cluster(url, twilio_standin, tmp_path) as procs:
            base = procs.serve()  # migrates the empty database
            procs.wait_served()
            token, ids = _book_burst(url, tmp_path, size(100, 500))
            hooks = Webhooks(base, twilio_standin.auth_token)
            procs.workers(2)
            wait_until(lambda: len(twilio_standin.messages) >= len(ids) // 3, 120, 0.05)
            answers = _outage(procs, pg, base, token, hooks)
            settle(procs, url, ids, size(120, 600))
            after = requests.get(base + "/api/v1/practitioners", headers=_bearer(token), timeout=10)
            assert after.status_code == 200, after.text
        result = Tally("database restart mid-burst", backend)
        result.seconds = time.monotonic() - started
        # 503 while the database is away is the answer asked for; any other 5xx is a failure.
        result.http_5xx = sum(1 for s in answers + hooks.answers if s >= 500 and s != 503)
        result.notes.append(f"{answers.count(503)} answers were 503 during the outage")
        _check(tally(result, url, twilio_standin, ids))
    finally:
        if pg is not None:
            pg.remove()


def _outage(
    procs: Cluster, pg: PrivatePostgres | None, base: str, token: str, hooks: Webhooks
) -> list[int]:
    """Take the database away for a few seconds while the API and webhooks are called."""
    answers: list[int] = []
    if pg is None:
        # SQLite has no server: the machine "restarts" instead, every process at once.
        for name in [n for n, p in procs.procs.items() if p.poll() is None]:
            procs.kill(name)
        procs.serve(procs.port)
        procs.workers(2, prefix="restarted")
        procs.wait_served()
        return answers
    pg.stop("immediate")
    deadline = time.monotonic() + 3
    while time.monotonic() < deadline:
        answers.append(
            requests.get(
                base + "/api/v1/practitioners", headers=_bearer(token), timeout=30
            ).status_code
        )
        answers.append(hooks.inbound(new_sid(), "+821055550000", "hello").status_code)
        time.sleep(0.2)
    pg.start()
    return answers


def _book_burst(url: str, tmp_path: Path, count: int) -> tuple[str, set[int]]:
    config = {**BASE_CONFIG, "DATABASE_URL": url, "INSTANCE_PATH": str(tmp_path / "setup")}
    setup = create_app(config)
    with setup.app_context():
        staff = create_staff(
            db.session,
            "dr@faults.test",
            role="clinician",
            name="Dr F",
            password="correct horse battery",
        )
        token = create_token(db.session, staff)
        db.session.commit()
        ids = burst(db.session, setup.extensions["clinic_settings"], count, staff.id)
        db.session.remove()
        db.engine.dispose()
    return token, ids


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _minutes(n: int) -> timedelta:
    return timedelta(minutes=n)


def test_a_webhook_storm_with_duplicates_and_out_of_order_callbacks(
    app: Flask,
    session: Any,
    settings: Any,
    practitioner: Staff,
    database_url: str,
    twilio_standin: TwilioStandin,
    tmp_path: Path,
) -> None:
    started = time.monotonic()
    ids = burst(session, settings, size(60, 300), practitioner.id)
    session.remove()
    with cluster(database_url, twilio_standin, tmp_path) as procs:
        hooks = Webhooks(procs.serve(), twilio_standin.auth_token)
        procs.workers(2)
        procs.wait_served()
        settle(procs, database_url, ids, size(90, 600))
        posts: list[tuple[str, Any]] = []
        for message in twilio_standin.messages:
            mid = int((message.status_callback or "mid=-1").rsplit("mid=", 1)[1])
            for status in ("queued", "sent", "delivered") * 3:  # every callback three times
                posts.append(("status", (mid, message.sid, status)))
        inbound = {new_sid(): m.to for m in twilio_standin.messages[: size(30, 150)]}
        for sid, phone in inbound.items():
            posts += [("inbound", (sid, phone, "All good, thank you"))] * 3
        random.Random(10).shuffle(posts)

        twiml: dict[str, set[str]] = {sid: set() for sid in inbound}

        def post(item: tuple[str, Any]) -> None:
            kind, args = item
            if kind == "status":
                hooks.status(*args)
            else:
                twiml[args[0]].add(hooks.inbound(*args).text)

        with ThreadPoolExecutor(16) as pool:
            list(pool.map(post, posts))
        answers = _reply_texts(database_url)
        settle(procs, database_url, ids, size(90, 600))
    result = Tally("webhook storm, duplicates, out of order", _backend(database_url))
    result.seconds = time.monotonic() - started
    result.http_5xx = sum(1 for s in hooks.answers if s >= 500)
    statuses = _by_status(database_url, ids)
    result.notes.append(f"{statuses.get('delivered', 0)} delivered")
    assert statuses == {"delivered": len(ids)}, statuses
    assert _count(database_url, Reply) == len(inbound)
    # Each reply is answered once, in the TwiML of the webhook; every duplicate got the same.
    assert len(answers) == len(inbound)
    assert all(len(bodies) == 1 and "<Message>" in next(iter(bodies)) for bodies in twiml.values())
    _check(tally(result, database_url, twilio_standin, ids))


def test_racing_bookings_for_one_slot(
    app: Flask,
    session: Any,
    settings: Any,
    practitioner: Staff,
    database_url: str,
    twilio_standin: TwilioStandin,
    tmp_path: Path,
) -> None:
    started = time.monotonic()
    token, practitioner_id = create_token(session, practitioner), practitioner.id
    patients = []
    for i in range(size(20, 50)):
        patients.append(_new_patient(session, settings, i))
    session.commit()
    ids = [p.id for p in patients]
    session.remove()
    with cluster(database_url, twilio_standin, tmp_path) as procs:
        base = procs.serve()
        procs.workers(2)
        procs.wait_served()
        slot = utcnow().replace(minute=0, second=0, microsecond=0) + _minutes(60 * 24 * 3 + 60)
        body = {
            "practitioner_id": practitioner_id,
            "kind": "consultation",
            "starts_at": slot.isoformat(),
            "duration_minutes": 30,
        }
        barrier = threading.Barrier(len(ids))

        def book(pid: int) -> int:
            barrier.wait()
            response = requests.post(
                base + "/api/v1/visits",
                json={**body, "patient_id": pid},
                headers=_bearer(token),
                timeout=60,
            )
            return response.status_code

        with ThreadPoolExecutor(len(ids)) as pool:
            codes = list(pool.map(book, ids))
        texts = set(_confirmations(database_url))
        settle(procs, database_url, texts, size(60, 300))
    result = Tally("racing bookings for one slot", _backend(database_url))
    result.seconds = time.monotonic() - started
    result.http_5xx = sum(1 for c in codes if c >= 500)
    result.notes.append(f"{codes.count(201)} booked, {codes.count(409)} refused")
    assert sorted(set(codes)) == [201, 409] and codes.count(201) == 1, codes
    assert len(texts) == 1
    _check(tally(result, database_url, twilio_standin, texts))


def _new_patient(session: Any, settings: Any, i: int) -> Any:
    data = PatientInput(
        name=f"Racer {i}", phone=f"+82 10-6000-{i:04d}", language="en", sms_consent=True
    )
    return create_patient(session, settings, data, None, utcnow())


def _engine_rows(database_url: str, query: Any) -> list[Any]:
    engine = sa.create_engine(database_url)
    try:
        with engine.connect() as conn:
            return list(conn.execute(query))
    finally:
        engine.dispose()


def _reply_texts(database_url: str) -> set[int]:
    rows = _engine_rows(database_url, sa.select(Message.id).where(Message.kind == "reply"))
    return {int(r[0]) for r in rows}


def _confirmations(database_url: str) -> list[int]:
    rows = _engine_rows(database_url, sa.select(Message.id).where(Message.step == "confirmation"))
    return [int(r[0]) for r in rows]


def _by_status(database_url: str, ids: set[int]) -> dict[str, int]:
    rows = _engine_rows(database_url, sa.select(Message.id, Message.status))
    counts: dict[str, int] = {}
    for mid, status in rows:
        if mid in ids:
            counts[status] = counts.get(status, 0) + 1
    return counts


def _count(database_url: str, model: Any) -> int:
    rows = _engine_rows(database_url, sa.select(sa.func.count()).select_from(model))
    return int(rows[0][0])
