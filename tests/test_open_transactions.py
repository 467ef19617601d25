"""No session or transaction is left open by `serve`, the worker's jobs or any job."""

import os
import socket
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest
import requests
import sqlalchemy as sa
from flask import Flask

from clinic.models import utcnow
from jobs.scheduler import SCHEDULE, run_job
from tests import frozen
from tests.conftest import NOW

ROOT = Path(__file__).resolve().parents[1]
APP_NAME = "threadcare-open-tx-test"
LINGERING = sa.text(
    "SELECT state, query FROM pg_stat_activity WHERE datname = current_database() "
    "AND pid <> pg_backend_pid() AND state LIKE 'idle in transaction%' "
    "AND state_change < clock_timestamp() - interval '500 milliseconds'"
    "AND (:app = '' OR application_name = :app)"
)


def _lingering(url: str, app_name: str = "") -> list[Any]:
    watcher = sa.create_engine(url)
    try:
        with watcher.connect() as conn:
            return list(conn.execute(LINGERING, {"app": app_name}))
    finally:
        watcher.dispose()


def test_no_job_leaves_a_transaction_open(app: Flask, database_url: str, clock: Any) -> None:
    if not database_url.startswith("postgresql"):
        pytest.skip("pg_stat_activity shows open transactions on PostgreSQL only")
    for job in SCHEDULE:
        run_job(app, job, NOW)
    clock.shift(1)
    time.sleep(0.6)
    assert _lingering(database_url) == []


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serve_holds_no_transaction_and_logs_the_scheduler(
    database_url: str, tmp_path: Path, make_staff: Any, session: Any
) -> None:
    # With staff already there, serve's start-up only reads (and once left that open).
    make_staff("admin")
    session.remove()
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "SECRET_KEY": "test",
        "CLINIC_TIMEZONE": "Asia/Seoul",
        "INSTANCE_PATH": str(tmp_path),
        "PGAPPNAME": APP_NAME,
    }
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        server = subprocess.Popen(
            frozen.command(utcnow(), "flask", "--app", "wsgi", "serve", "--port", str(port)),
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + 60
            # Every job runs once at start and logs one INFO line with its summary.
            while time.monotonic() < deadline and "follow_up_silence:" not in log.read_text():
                time.sleep(0.1)
            assert requests.get(f"http://127.0.0.1:{port}/login", timeout=10).status_code == 200
            text = log.read_text()
            for job in SCHEDULE:
                assert f"INFO jobs.scheduler: {job.name}:" in text, text[-2000:]
            if database_url.startswith("postgresql"):
                time.sleep(1)
                assert _lingering(database_url, APP_NAME) == []
        finally:
            server.terminate()
            server.wait(timeout=30)
