"""Real processes for the fault suite: the served app, `jobs run` workers, a private PostgreSQL.

Every process starts through ``tests.frozen`` at the test's own clock, so the test, the
workers, the server and the Twilio stand-in (a thread of the test process) agree on time.
"""

import os
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from glob import glob
from pathlib import Path
from typing import Any

import requests
import sqlalchemy as sa
from twilio.request_validator import RequestValidator

from clinic.models import utcnow
from tests import frozen
from tests.conftest import PUBLIC
from tests.twilio_standin import TwilioStandin

ROOT = Path(__file__).resolve().parents[2]
DEBUG = bool(os.environ.get("THREADCARE_FAULTS_DEBUG"))
FULL = os.environ.get("THREADCARE_FAULTS", "") == "full"
UNSETTLED = ("pending", "sending", "unknown", "missing")
# Settings a developer's shell may carry; processes get exactly the ones below.
_DROP = ("DATABASE_URL", "SMS_BACKEND", "QUIET_HOURS", "DAILY_TEXT_CAP", "DISPATCH_RATE")


def size(short: int, full: int) -> int:
    """The scenario size: short in CI and plain pytest, full with THREADCARE_FAULTS=full."""
    return full if FULL else short


def free_port() -> int:
    """A TCP port on loopback that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until(check: Callable[[], bool], seconds: float, step: float = 0.2) -> bool:
    """Poll ``check`` until it holds or ``seconds`` pass; return whether it held."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(step)
    return check()


@dataclass
class Tally:
    """What a scenario found: the four numbers it fails on, and a little context."""

    scenario: str
    backend: str
    texts: int = 0
    lost: int = 0
    doubled: int = 0
    stuck: int = 0
    http_5xx: int = 0
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)

    def line(self) -> str:
        """One printable line."""
        return (
            f"{self.scenario} [{self.backend}]: texts={self.texts} lost={self.lost} "
            f"doubled={self.doubled} stuck={self.stuck} 5xx={self.http_5xx} "
            f"({self.seconds:.0f} s){' ' + '; '.join(self.notes) if self.notes else ''}"
        )


RESULTS: list[Tally] = []


class Cluster:
    """The processes of one scenario, started against one database and the stand-in."""

    def __init__(self, database_url: str, standin: TwilioStandin, workdir: Path) -> None:
        self.database_url, self.standin, self.workdir = database_url, standin, workdir
        self.procs: dict[str, subprocess.Popen[bytes]] = {}
        self.logs: dict[str, Path] = {}
        self.port = 0
        self.base_url = ""
        self.extra: dict[str, str] = {}

    def env(self) -> dict[str, str]:
        """The environment every process of the scenario runs with."""
        env = {k: v for k, v in os.environ.items() if k not in _DROP}
        env.update(
            {
                **self.standin.env(),
                "DATABASE_URL": self.database_url,
                "SMS_BACKEND": "twilio",
                "PUBLIC_BASE_URL": PUBLIC,
                "SECRET_KEY": "faults",
                "CLINIC_TIMEZONE": "Asia/Seoul",
                "CLINIC_PHONE": "+82 2-555-0100",
                "QUIET_HOURS": "00:00-00:00",
                "TWILIO_TIMEOUT": "2",
                "INSTANCE_PATH": str(self.workdir / "instance"),
                "PYTHONUNBUFFERED": "1",
            }
        )
        env.update(self.extra)
        return env

    def start(self, name: str, *args: str, moment_shift: timedelta = timedelta(0)) -> None:
        """Start ``flask --app wsgi ARGS`` as ``name``, its clock at the test's clock."""
        log = self.workdir / f"{name}.log"
        self.logs[name] = log
        self.procs[name] = subprocess.Popen(
            frozen.command(utcnow() + moment_shift, "flask", "--app", "wsgi", *args),
            cwd=ROOT,
            env=self.env(),
            stdout=log.open("ab"),
            stderr=subprocess.STDOUT,
        )

    def serve(self, port: int = 0) -> str:
        """Start the served app (web and its own scheduler); return its base URL."""
        self.port = port or free_port()
        self.start("serve", "serve", "--port", str(self.port), "--threads", "8")
        url = f"http://127.0.0.1:{self.port}"
        self.base_url = url
        return url

    def wait_served(self) -> None:
        """Wait until the served app answers."""
        url = self.base_url
        up = wait_until(lambda: _answers(url + "/login"), 60)
        assert up, "serve did not start:\n" + self.log_tail("serve")

    def workers(self, count: int, prefix: str = "worker") -> None:
        """Start ``count`` `jobs run` workers."""
        for i in range(count):
            self.start(f"{prefix}{i}", "jobs", "run")

    def run_once(self, shift: timedelta = timedelta(0), timeout: float = 120) -> int:
        """Run `jobs run-once` to the end with its clock ``shift`` ahead; return its exit code."""
        name = f"once{len(self.procs)}"
        self.start(name, "jobs", "run-once", moment_shift=shift)
        return self.procs[name].wait(timeout=timeout)

    def kill(self, name: str) -> None:
        """kill -9 one process."""
        proc = self.procs[name]
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)

    def stop_all(self) -> None:
        """SIGTERM every process still running, then SIGKILL what lingers."""
        for proc in self.procs.values():
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        for proc in self.procs.values():
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)

    def log_tail(self, name: str, lines: int = 40) -> str:
        """The end of one process's output, for failure messages."""
        path = self.logs.get(name)
        if path is None or not path.exists():
            return ""
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


def _answers(url: str) -> bool:
    try:
        return requests.get(url, timeout=2).status_code < 500
    except requests.RequestException:
        return False


@contextmanager
def cluster(database_url: str, standin: TwilioStandin, tmp_path: Path) -> Iterator[Cluster]:
    """A Cluster that is always stopped, whatever the test does."""
    procs = Cluster(database_url, standin, tmp_path)
    try:
        yield procs
    finally:
        procs.stop_all()


def outbox(database_url: str) -> dict[int, str]:
    """Every text's status by id, read with a short-lived engine of its own."""
    engine = sa.create_engine(database_url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(sa.text("SELECT id, status FROM message"))
            return {int(r[0]): str(r[1]) for r in rows}
    finally:
        engine.dispose()


def created_per_text(standin: TwilioStandin) -> dict[int, int]:
    """How many messages Twilio holds for each text: what the patient received."""
    counts: dict[int, int] = {}
    for message in standin.messages:
        callback = message.status_callback or ""
        mid = int(callback.rsplit("mid=", 1)[1]) if "mid=" in callback else -1
        counts[mid] = counts.get(mid, 0) + 1
    return counts


def tally(result: Tally, database_url: str, standin: TwilioStandin, ids: set[int]) -> Tally:
    """Count texts among ``ids`` lost (final, yet never at Twilio), doubled and stuck."""
    statuses = _statuses(database_url, ids)
    received = created_per_text(standin)
    result.texts = len(ids)
    result.doubled = sum(1 for mid in ids if received.get(mid, 0) > 1)
    # Lost: recorded as handed to Twilio, yet Twilio never got it (or the row is gone).
    # Cancelled, skipped and failed texts are the service's decisions, counted apart.
    result.lost = sum(
        1
        for mid in ids
        if statuses[mid] == "missing"
        or (received.get(mid, 0) == 0 and statuses[mid] in ("sent", "delivered", "undelivered"))
    )
    held_back = sum(1 for s in statuses.values() if s in ("cancelled", "skipped", "failed"))
    if held_back:
        result.notes.append(f"{held_back} cancelled, skipped or failed by the service")
    result.stuck = sum(1 for mid in ids if statuses[mid] in UNSETTLED)
    RESULTS.append(result)
    print(result.line())
    return result


def settle(procs: Cluster, database_url: str, ids: set[int], seconds: float) -> bool:
    """Wait until no text in ``ids`` is pending, sending or unknown.

    Full runs wait in real time for leases to run out and the workers to reconcile.
    Short runs also start a `jobs run-once` a few minutes ahead now and then, which
    expires the dead workers' claims and settles them at once.
    """
    deadline = time.monotonic() + seconds
    shift, last, changed = 2, "", time.monotonic()
    while time.monotonic() < deadline:
        statuses = list(_statuses(database_url, ids).values())
        counts = str(sorted((s, statuses.count(s)) for s in set(statuses)))
        if DEBUG:
            print(f"{time.monotonic() - deadline + seconds:.1f}s {counts}", flush=True)
        if not any(s in UNSETTLED for s in statuses):
            return True
        if counts != last:
            last, changed = counts, time.monotonic()
        elif not FULL and time.monotonic() - changed > 3:
            # Stalled: what is left waits for a lease or a backoff to run out.
            procs.run_once(timedelta(minutes=shift))
            shift, changed = shift + 2, time.monotonic()
        time.sleep(0.5)
    return not any(s in UNSETTLED for s in _statuses(database_url, ids).values())


def _statuses(database_url: str, ids: set[int]) -> dict[int, str]:
    statuses = outbox(database_url)
    return {mid: statuses.get(mid, "missing") for mid in ids}


class Webhooks:
    """Posts signed webhooks to the served app, as Twilio would; counts 5xx answers."""

    def __init__(self, base_url: str, token: str) -> None:
        self.base_url, self.validator = base_url, RequestValidator(token)
        self.http = requests.Session()
        self.answers: list[int] = []

    def post(self, path: str, form: dict[str, str]) -> requests.Response:
        """POST one signed webhook; record its status."""
        signature = self.validator.compute_signature(PUBLIC + path, form)
        response = requests.post(
            self.base_url + path, data=form, headers={"X-Twilio-Signature": signature}, timeout=30
        )
        self.answers.append(response.status_code)
        return response

    def inbound(self, sid: str, phone: str, body: str) -> requests.Response:
        """An incoming text."""
        form = {"MessageSid": sid, "From": phone, "To": "+15005550006", "Body": body}
        return self.post("/twilio/inbound", {**form, "NumMedia": "0"})

    def status(self, mid: int, sid: str, status: str) -> requests.Response:
        """A delivery status callback for text ``mid``."""
        return self.post(f"/twilio/status?mid={mid}", {"MessageSid": sid, "MessageStatus": status})


def new_sid() -> str:
    """A fresh Twilio-style message SID."""
    return "SM" + secrets.token_hex(16)


class PrivatePostgres:
    """A PostgreSQL cluster of our own on a free port, in a temp dir (never the shared one)."""

    def __init__(self) -> None:
        found = sorted(glob("/usr/lib/postgresql/*/bin/pg_ctl"))
        if not found:
            raise FileNotFoundError("no PostgreSQL binaries under /usr/lib/postgresql")
        self.bin = Path(found[-1]).parent
        self.dir = Path(tempfile.mkdtemp(prefix="threadcare-pg-"))
        self.port = free_port()
        self.data = self.dir / "data"
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"
        os.chmod(self.dir, 0o777)  # noqa: S103 - initdb runs as the postgres user
        self._as_pg(str(self.bin / "initdb"), "-D", str(self.data), "-U", "postgres", "-A", "trust")

    def _as_pg(self, *argv: str) -> None:
        command = list(argv)
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True, timeout=120)

    def start(self) -> None:
        """Start (or restart) the cluster and wait until it accepts connections."""
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off"
        log = str(self.dir / "pg.log")
        self._as_pg(
            str(self.bin / "pg_ctl"), "-D", str(self.data), "-o", options, "-l", log, "-w", "start"
        )

    def stop(self, mode: str = "fast") -> None:
        """Stop the cluster (``immediate`` is a crash)."""
        self._as_pg(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop")

    def remove(self) -> None:
        """Stop if running, and delete the cluster."""
        try:
            self.stop("immediate")
        except subprocess.CalledProcessError:
            pass
        shutil.rmtree(self.dir, ignore_errors=True)


def burst(session: Any, settings: Any, count: int, practitioner_id: int) -> set[int]:
    """Book ``count`` consultations for new patients; return the ids of their confirmations."""
    from clinic.models import Message
    from clinic.patients import PatientInput, create_patient
    from clinic.visits import VisitInput, book_visit

    now = utcnow()
    for i in range(count):
        patient = create_patient(
            session,
            settings,
            PatientInput(
                name=f"Burst {i}",
                phone=f"+82 10-{7000 + i // 10000:04d}-{i % 10000:04d}",
                language="en",
                sms_consent=True,
            ),
            None,
            now,
        )
        book_visit(
            session,
            settings,
            VisitInput(
                patient_id=patient.id,
                practitioner_id=practitioner_id,
                kind="consultation",
                # One slot each, in clinic hours, far enough ahead that no reminder is due.
                starts_at=now
                + timedelta(days=5 + i // 20, hours=i % 20 // 2, minutes=30 * (i % 2)),
                duration_minutes=30,
                areas=[],
                threads=[],
            ),
            None,
            now,
        )
        if i % 200 == 199:
            session.commit()
    session.commit()
    ids = session.scalars(sa.select(Message.id).where(Message.step == "confirmation")).all()
    return set(ids)
